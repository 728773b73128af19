"""Bekendmaking: the besluit letter (PDF) to the ouders and the school, which starts the bezwaartermijn.

Every letter is rendered from templates/letters/ to PDF, stored as a Document (kind besluitbrief) and
recorded as a Bekendmaking with its recipients. A bekendgemaakt besluit can no longer be edited.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop

from cases import clock, policies
from cases.deadlines import compute_due, format_date_nl
from cases.errors import Conflict, NotPermitted, TransitionNotAllowed, ValidationFailed
from cases.letters import render_pdf
from cases.models import Bekendmaking, CaseEvent, Document, DocumentKind, Ontvanger, TlvAanvraag, TlvStatus
from cases.models.tlv_lifecycle import Commissie, LetterSoort
from cases.roles import Role
from cases.services.common import record_event, refusals_logged, save_with_history
from cases.services.ouders import ouder_language
from cases.terms import term_for
from notifications.models import Notification
from notifications.services import notify

BEZWAARTERMIJN = "bezwaartermijn"
LETTER_TEMPLATES = {
    LetterSoort.BESLUIT: "besluit.html",
    LetterSoort.AFWIJZING: "afwijzing.html",
    LetterSoort.INTREKKING: "intrekking.html",
    LetterSoort.BESLISSING_OP_BEZWAAR: "beslissing_op_bezwaar.html",
    LetterSoort.ZIENSWIJZE: "zienswijze.html",
}
BETREFT = {
    LetterSoort.BESLUIT: "besluit op de aanvraag om een toelaatbaarheidsverklaring",
    LetterSoort.AFWIJZING: "besluit op de aanvraag om een toelaatbaarheidsverklaring",
    LetterSoort.INTREKKING: "intrekking van de toelaatbaarheidsverklaring",
    LetterSoort.BESLISSING_OP_BEZWAAR: "beslissing op uw bezwaar",
    LetterSoort.ZIENSWIJZE: "zienswijze van een externe deskundige over de aanvraag",
}


def lock_aanvraag(aanvraag: TlvAanvraag) -> TlvAanvraag:
    return (
        TlvAanvraag.objects.select_for_update(of=("self",))
        .select_related("case", "case__swv", "case__school", "case__leerling", "plaatsingsschool")
        .get(pk=aanvraag.pk)
    )


def besluit_bekendmaking(aanvraag: TlvAanvraag) -> Bekendmaking | None:
    return (
        Bekendmaking.objects.filter(aanvraag=aanvraag, soort__in=[LetterSoort.BESLUIT, LetterSoort.AFWIJZING])
        .order_by("pk")
        .first()
    )


def bezwaartermijn(swv, bekendgemaakt_op: dt.date):
    """Awb 6:7/6:8: six weeks from the day after the bekendmaking, Atw roll-forward (a DueResult)."""
    term = term_for(swv, BEZWAARTERMIJN)
    return compute_due(
        started_on=bekendgemaakt_op,
        rule=term.rule,
        started_because=gettext_noop("bekendmaking van het besluit"),
        basis=term.basis,
    )


# --- letters ---------------------------------------------------------------------------------------


def besluit_facts(*, soort, cluster, categorie, ingangsdatum, einddatum, school) -> dict:
    from cases.models.tlv import TlvCategorie, TlvSoort

    soort_text = str(TlvSoort(soort).label) + (f" cluster {cluster}" if cluster else "")
    return {
        "soort": soort_text,
        "categorie": str(TlvCategorie(categorie).label) if categorie else "geen (niet van toepassing)",
        "ingangsdatum": format_date_nl(ingangsdatum),
        "einddatum": format_date_nl(einddatum),
        "school": school.name,
    }


class Recipient(tuple):
    """(soort, naam, adres) of one recipient, with the ouder it is (if any) and the e-mail of its copy."""

    def __new__(cls, soort, naam, adres, *, ouder=None, email=""):
        self = super().__new__(cls, (soort, naam, adres))
        self.ouder = ouder
        self.email = email
        return self


def ouder_recipients(leerling) -> list[Recipient]:
    """The ouders a letter is addressed to: those with gezag who receive letters (separated parents each)."""
    from cases.services.ouders import ouders_for_letters

    return [
        Recipient(Ontvanger.Soort.OUDER, o.naam, o.adres or o.email, ouder=o, email=o.email)
        for o in ouders_for_letters(leerling)
    ]


def recipients(case, *, extra_school=None) -> list[Recipient]:
    """Everyone who gets the letter: each ouder with gezag who receives letters, and the school(s)."""
    out = ouder_recipients(case.leerling)
    out.append(Recipient(Ontvanger.Soort.SCHOOL, case.school.name, ""))
    if extra_school is not None and extra_school.pk != case.school_id:
        out.append(Recipient(Ontvanger.Soort.SCHOOL, extra_school.name, ""))
    return out


def _send_by_email(*, to: str, subject: str, body: str, filename: str, content: bytes) -> None:
    """After the commit: the copy by e-mail with the PDF attached (a failure is logged; the record stays)."""
    import logging

    from django.core.mail import EmailMessage

    try:
        message = EmailMessage(subject=subject, body=body, to=[to])
        message.attach(filename, content, "application/pdf")
        message.send()
    except Exception:  # pragma: no cover - the mail server is down: the copy is at the case, staff resend
        logging.getLogger("cases.services.bekendmaking").exception("letter e-mail to %s failed", to)


def letter_context(*, case, soort, datum: dt.date, ontvangers, ondertekenaar, **extra) -> dict:
    from cases.models import Briefhoofd

    briefhoofd = Briefhoofd.objects.filter(swv_id=case.swv_id).first()
    return {
        "briefhoofd": briefhoofd,
        "logo": briefhoofd.logo_data_uri() if briefhoofd else "",
        "ondertekenaar_functie": briefhoofd.ondertekenaar_functie if briefhoofd else "gemandateerd beslisser",
        "letter_template": LETTER_TEMPLATES[soort],
        "case": case,
        "datum": format_date_nl(datum),
        "geboortedatum": format_date_nl(case.leerling.geboortedatum),
        "ontvangers": [{"naam": r[1], "adres": r[2]} for r in ontvangers],
        "betreft": BETREFT[soort],
        "ondertekenaar": ondertekenaar.get_full_name() or ondertekenaar.username,
        "commissie": str(Commissie(case.swv.bezwaar_commissie).label),
        **extra,
    }


def store_pdf(*, case, by, name: str, content: bytes, kind=DocumentKind.BESLUITBRIEF) -> Document:
    doc = Document(
        case=case,
        kind=kind,
        original_name=name,
        content_type="application/pdf",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=by,
        uploaded_at=clock.now(),
    )
    doc.file.save("brief", ContentFile(content), save=False)
    return save_with_history(doc, by=by, reason="brief opgemaakt")


def send_letter(
    *, aanvraag: TlvAanvraag, by, soort: str, context: dict, ontvangers, bezwaartermijn_result=None
) -> Bekendmaking:
    """Render, store and record a letter as bekendgemaakt today to `ontvangers` (inside a transaction)."""
    case = aanvraag.case
    now = clock.now()
    content = render_pdf(LETTER_TEMPLATES[soort], context)
    doc = store_pdf(
        case=case, by=by, name=f"{soort}-{case.reference}-{now:%Y%m%d%H%M%S}.pdf", content=content
    )
    bk = Bekendmaking(
        case=case,
        aanvraag=aanvraag,
        soort=soort,
        bekendgemaakt_op=clock.today(),
        bezwaartermijn_tot=bezwaartermijn_result.due_on if bezwaartermijn_result else None,
        bezwaartermijn_uitleg=bezwaartermijn_result.text if bezwaartermijn_result else "",
        document=doc,
        by=by,
        at=now,
    )
    save_with_history(bk, by=by, reason=f"bekendgemaakt: {soort}")
    for recipient in ontvangers:
        _send_copy(bk, recipient, context=context, by=by, now=now)
    names = ", ".join(r[1] for r in ontvangers)
    record_event(
        case=case,
        kind=CaseEvent.Kind.DOCUMENT,
        actor=by,
        action=f"bekendmaking_{soort}",
        summary=f"Bekendgemaakt: {bk.get_soort_display()} aan {names}"
        + (f"; bezwaartermijn t/m {bk.bezwaartermijn_tot:%d-%m-%Y}" if bk.bezwaartermijn_tot else ""),
        data={"bekendmaking": bk.pk, "document": doc.pk, "explanation": bk.bezwaartermijn_uitleg},
    )
    school_users = set(policies.role_members(Role.SCHOOL, swv_id=case.swv_id, school_id=case.school_id))
    with translation.override("nl"):  # stored in Dutch; shown in the reader's language (cases.texts)
        title = f"{bk.get_soort_display()} ({case.reference}) verzonden"
    notify(
        users=school_users,
        kind=Notification.Kind.BESLUIT,
        title=title,
        body="De brief staat bij de documenten van de casus.",
        case=case,
        link=reverse("case_detail", args=[case.pk]),
        key=f"bekendmaking:{bk.pk}",
    )
    return bk


def _send_copy(bk: Bekendmaking, recipient, *, context: dict, by, now) -> Ontvanger:
    """One recipient's own copy: a PDF addressed to them alone, e-mailed (with the PDF) to an ouder who has
    an e-mail address, else printed for the post today; a school reads it in the application."""
    r_soort, naam, adres = recipient
    ouder = getattr(recipient, "ouder", None)
    email = getattr(recipient, "email", "")
    row = Ontvanger(bekendmaking=bk, soort=r_soort, naam=naam, adres=adres, sent_at=now, ouder=ouder)
    if r_soort == Ontvanger.Soort.OUDER:
        case = bk.case
        own = {**context, "ontvangers": [{"naam": naam, "adres": adres}]}
        content = render_pdf(LETTER_TEMPLATES[bk.soort], own)
        filename = f"{bk.soort}-{case.reference}-{len(bk.ontvangers.all()) + 1}.pdf"
        row.document = store_pdf(case=case, by=by, name=filename, content=content)
        if email:
            row.verzending, row.email = Ontvanger.Verzending.EMAIL, email
            # the covering e-mail in the ouder's preferred language (the PDF keeps the Dutch legal text)
            with translation.override(ouder_language(ouder)):
                subject = f"{bk.get_soort_display()} — {case.reference}"
                body = gettext(
                    "Beste {naam},\n\nIn de bijlage vindt u de brief van {swv} over {kind} ({ref}).\n\n"
                    "Met vriendelijke groet,\n{swv}"
                ).format(naam=naam, swv=case.swv.name, kind=case.leerling.voornaam, ref=case.reference)
            transaction.on_commit(
                lambda: _send_by_email(
                    to=email, subject=subject, body=body, filename=filename, content=content
                )
            )
        else:
            row.verzending, row.gedrukt_op = Ontvanger.Verzending.POST, clock.today()
    else:
        row.verzending = Ontvanger.Verzending.APPLICATIE
    return save_with_history(row, by=by, reason="verzonden")


def besluit_letter(a: TlvAanvraag, *, datum: dt.date):
    """The besluit (or afwijzing) letter as it goes out on `datum`: soort, ontvangers, context and
    bezwaartermijn. The one source of the PDF at the bekendmaking and of the preview page before it."""
    case = a.case
    termijn = bezwaartermijn(case.swv, datum)
    toegekend = a.status == TlvStatus.TOEGEKEND
    soort = LetterSoort.BESLUIT if toegekend else LetterSoort.AFWIJZING
    ontvangers = recipients(case, extra_school=a.plaatsingsschool if toegekend else None)
    extra = {
        "besloten_op": format_date_nl(timezone.localdate(a.besloten_op)),
        "motivering": a.besluit_motivering,
        "bezwaar_tot": format_date_nl(termijn.due_on),
        "gevraagd": a.get_gevraagde_soort_display(),
    }
    if toegekend:
        extra["besluit"] = besluit_facts(
            soort=a.besluit_soort,
            cluster=a.besluit_cluster,
            categorie=a.besluit_categorie,
            ingangsdatum=a.ingangsdatum,
            einddatum=a.einddatum,
            school=a.plaatsingsschool,
        )
    context = letter_context(
        case=case, soort=soort, datum=datum, ontvangers=ontvangers, ondertekenaar=a.besloten_door, **extra
    )
    return soort, ontvangers, context, termijn


# --- the service -----------------------------------------------------------------------------------


def bekendmaking_record(*, aanvraag: TlvAanvraag, by) -> Bekendmaking:
    """Make the besluit known to the ouders and the school: letter, recipients, bezwaartermijn, the TLV."""
    from cases.services import tlv_lifecycle

    with refusals_logged(case=aanvraag.case, action="bekendmaken", by=by), transaction.atomic():
        a = lock_aanvraag(aanvraag)
        if a.status not in (TlvStatus.TOEGEKEND, TlvStatus.AFGEWEZEN):
            raise TransitionNotAllowed(
                f"Er is nog geen besluit om bekend te maken (status '{a.get_status_display()}').",
                code="geen-besluit",
            )
        if not policies.can(by, "tlv.announce", a):
            raise NotPermitted("Alleen de consulent of de beslisser maakt een besluit bekend.")
        earlier = besluit_bekendmaking(a)
        if earlier is not None:
            raise Conflict(
                f"Dit besluit is al bekendgemaakt op {earlier.bekendgemaakt_op:%d-%m-%Y}.",
                code="al-bekendgemaakt",
            )
        case = a.case
        toegekend = a.status == TlvStatus.TOEGEKEND
        soort, ontvangers, context, termijn = besluit_letter(a, datum=clock.today())
        bk = send_letter(
            aanvraag=a,
            by=by,
            soort=soort,
            context=context,
            ontvangers=ontvangers,
            bezwaartermijn_result=termijn,
        )
        if toegekend:
            tlv_lifecycle.tlv_create(
                aanvraag=a,
                by=by,
                soort=a.besluit_soort,
                cluster=a.besluit_cluster,
                categorie=a.besluit_categorie,
                ingangsdatum=a.ingangsdatum,
                einddatum=a.einddatum,
                school=a.plaatsingsschool,
            )
        from cases.services import bezwaar as bezwaar_services

        bezwaar_services.on_bekendmaking(aanvraag=a, bekendmaking=bk, by=by)
        bekendmaken_task_close(case=case, by=by)
        return bk


# --- the bekendmaking as a task in the consulent's werkvoorraad -------------------------------------------

BEKENDMAKEN_NODE = "bekendmaken"
BEKENDMAKEN_WORKING_DAYS = 3  # our default: the letter goes out within 3 working days of the besluit


def bekendmaken_task_open(*, aanvraag: TlvAanvraag, by):
    """After the besluit: a task 'Besluit bekendmaken' for the consulenten of the SWV, due 3 working days
    later; bekendmaking_record closes it, from the task or from the case page."""
    from cases.calendars import add_working_days
    from cases.models import WorkItem
    from cases.services.workitems import workitem_create

    case = aanvraag.case
    due_on = add_working_days(clock.today(), BEKENDMAKEN_WORKING_DAYS)
    return workitem_create(
        case=case,
        node=BEKENDMAKEN_NODE,
        title="Besluit bekendmaken",
        role=Role.CONSULENT,
        kind=WorkItem.Kind.TASK,
        due_at=clock.end_of_day(due_on),
        instructions=(
            f"Het besluit op {case.reference} is genomen ({aanvraag.get_status_display()}). Controleer de "
            "brief en de ontvangers en maak het besluit bekend; pas daarna loopt de bezwaartermijn "
            f"(Awb 6:8). Graag uiterlijk {format_date_nl(due_on)}."
        ),
        idempotency_key=f"bekendmaken:{aanvraag.pk}:{clock.now().timestamp()}",
        by=by,
    )


def bekendmaken_task_close(*, case, by) -> None:
    from cases.models import WorkItem
    from cases.services.workitems import take_for_completion, workitem_close

    for item in WorkItem.objects.filter(case=case, node=BEKENDMAKEN_NODE, status=WorkItem.Status.OPEN):
        if item.assignee_id is None and policies.may_claim(by, item):
            item = take_for_completion(item=item, by=by)  # a consulent who makes it known takes the task
        workitem_close(item=item, by=by, reason="besluit bekendgemaakt")  # the beslisser may do it too


def besluit_correct(*, aanvraag: TlvAanvraag, by, reason: str, **fields) -> TlvAanvraag:
    """Correct an obvious error in a besluit (e.g. a wrong einddatum) before it is made known.

    After the bekendmaking the besluit stands: a change goes through bezwaar or intrekking.
    """
    from cases.services.tlv import validate_duration

    allowed = {"einddatum", "ingangsdatum", "besluit_motivering", "plaatsingsschool"}
    with refusals_logged(case=aanvraag.case, action="besluit corrigeren", by=by), transaction.atomic():
        a = lock_aanvraag(aanvraag)
        if a.status not in (TlvStatus.TOEGEKEND, TlvStatus.AFGEWEZEN):
            raise TransitionNotAllowed("Er is nog geen besluit om te corrigeren.", code="geen-besluit")
        if not policies.can(by, "tlv.correct", a):
            raise NotPermitted("Alleen de beslisser kan een besluit corrigeren.")
        if besluit_bekendmaking(a) is not None:
            raise Conflict(
                "Dit besluit is al bekendgemaakt en kan niet meer worden gewijzigd. Wijzigen kan alleen via "
                "een beslissing op bezwaar of een intrekking.",
                code="besluit-bekendgemaakt",
            )
        if not reason or not reason.strip():
            raise ValidationFailed("Geef een reden voor de correctie.", field="reason")
        unknown = set(fields) - allowed
        if unknown:
            raise ValidationFailed(
                f"Deze velden kunnen niet worden gecorrigeerd: {', '.join(sorted(unknown))}."
            )
        for name, value in fields.items():
            setattr(a, name, value)
        if a.status == TlvStatus.TOEGEKEND:
            from cases import profiles

            validate_duration(
                swv=a.case.swv,
                leerling=a.case.leerling,
                ingangsdatum=a.ingangsdatum,
                einddatum=a.einddatum,
                soort=a.besluit_soort,
                profile=profiles.for_case(a.case),
            )
        save_with_history(a, by=by, reason=f"besluit gecorrigeerd: {reason.strip()}")
        record_event(
            case=a.case,
            kind=CaseEvent.Kind.NOTE,
            actor=by,
            action="besluit_correct",
            reason=reason.strip(),
            summary=f"Besluit gecorrigeerd vóór bekendmaking ({', '.join(sorted(fields))})",
        )
        return a
