"""Bezwaar against a bekendgemaakt TLV besluit: its own process, with Awb terms through the term engine.

registratie (consulent) → ontvankelijkheid (Awb 6:7; late only when verschoonbaar, 6:11) → advies gevraagd
aan de commissie (LBT or the SWV's own) → hoorzitting → advies → beslissing op bezwaar by the beslisser
within 12 weeks after the end of the bezwaartermijn (Awb 7:10, once + 6 weeks) → gegrond (a herzien
besluit, new letter) / ongegrond (besluit stands) / niet-ontvankelijk. Beroep is recorded, no workflow.

The inbox tasks are WorkItems without a viewflow task; the services here complete them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases import clock, policies
from cases.deadlines import format_date_nl
from cases.errors import Conflict, NotPermitted, TransitionNotAllowed, ValidationFailed
from cases.models import (
    Bezwaar,
    BezwaarStatus,
    CaseEvent,
    Document,
    DocumentKind,
    TlvAanvraag,
    TlvStatus,
    WorkItem,
)
from cases.models.case import Route
from cases.models.tlv_lifecycle import (
    BESLISBAAR,
    BEZWAAR_OPEN,
    AdviesUitkomst,
    Beroep,
    Commissie,
    Indiener,
    LetterSoort,
    Ontvanger,
    Tlv,
)
from cases.roles import Role
from cases.services import bekendmaking as bekendmaking_services
from cases.services import deadlines as deadline_services
from cases.services import routes, tlv_lifecycle
from cases.services.common import _emit, apply_transition, record_event, refusals_logged, save_with_history
from cases.services.documents import check_upload
from cases.services.workitems import take_for_completion, workitem_close, workitem_create
from cases.validators import plausible_date, years_ahead

BEZWAARBAAR = [LetterSoort.BESLUIT, LetterSoort.AFWIJZING, LetterSoort.INTREKKING]
BESLISTERMIJN = "beslistermijn_bezwaar"
ADVIESTERMIJN = "commissie_advies"
# the event the beslistermijn op bezwaar counts from (the day after it, Awb 7:10 lid 1)
END_OF_BEZWAARTERMIJN = gettext_noop("einde van de bezwaartermijn")
LATE_BEZWAAR = gettext_noop("bezwaarschrift ontvangen na de bezwaartermijn")

# node -> (role, deadline kind for its due date)
NODES = {
    "bezwaar_ontvankelijkheid": (Role.CONSULENT, BESLISTERMIJN),
    "bezwaar_hoorzitting": (Role.CONSULENT, ADVIESTERMIJN),
    "bezwaar_advies": (Role.CONSULENT, ADVIESTERMIJN),
    "bezwaar_beslissing": (Role.BESLISSER, BESLISTERMIJN),
}
TITLES = {
    "bezwaar_ontvankelijkheid": "Bezwaar: ontvankelijkheid beoordelen",
    "bezwaar_hoorzitting": "Bezwaar: hoorzitting vastleggen",
    "bezwaar_advies": "Bezwaar: advies van de commissie vastleggen",
    "bezwaar_beslissing": "Beslissing op bezwaar nemen",
}
CONDITION_MESSAGES = {
    "advies_aanwezig_of_niet_vereist": (
        "Het samenwerkingsverband beslist pas op een bezwaar na het advies van de bezwaaradviescommissie; "
        "dat advies is er nog niet."
    ),
}


_record = routes.RouteRecord(
    Bezwaar, Route.TLV, condition_messages=CONDITION_MESSAGES, related=("aanvraag", "bekendmaking")
)
_lock, _transition = _record.lock, _record.transition


def _task(bezwaar: Bezwaar, node: str, *, by) -> WorkItem:
    role, kind = NODES[node]
    deadline = deadline_services.running(bezwaar.case, kind)
    return workitem_create(
        case=bezwaar.case,
        node=node,
        title=TITLES[node],
        role=role,
        deadline=deadline,
        instructions=f"Bezwaar van {bezwaar.ingediend_door}, ontvangen op {bezwaar.ontvangen_op:%d-%m-%Y}.",
        by=by,
    )


def open_item(bezwaar: Bezwaar, node: str, by) -> WorkItem:
    item = (
        WorkItem.objects.filter(case=bezwaar.case, node=node, status=WorkItem.Status.OPEN)
        .order_by("-pk")
        .first()
    )
    if item is None:
        raise Conflict("Deze taak staat niet (meer) open.", code="task-not-open")
    return take_for_completion(item=item, by=by)


def open_bezwaar(case) -> Bezwaar | None:
    return case.bezwaren.filter(status__in=BEZWAAR_OPEN).order_by("-pk").first()


def _store_upload(*, case, by, uploaded) -> Document:
    content_type = check_upload(uploaded)
    digest = hashlib.sha256()
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    doc = Document(
        case=case,
        kind=DocumentKind.BEZWAARSCHRIFT,
        original_name=os.path.basename(uploaded.name)[:255],
        content_type=content_type,
        size=uploaded.size,
        sha256=digest.hexdigest(),
        uploaded_by=by,
        uploaded_at=clock.now(),
    )
    doc.file.save("upload", uploaded, save=False)
    return save_with_history(doc, by=by, reason="bezwaarschrift")


# --- registration and ontvankelijkheid ---------------------------------------------------------


def bezwaar_tijdig(
    *, ontvangen_op: dt.date, verzonden_op: dt.date | None, bekendgemaakt_op: dt.date, tot: dt.date
) -> tuple[bool, str]:
    """Whether a bezwaarschrift is on time (Awb 6:9, 6:10), and why, in words a parent can follow."""
    fmt = format_date_nl
    if ontvangen_op < bekendgemaakt_op:
        return True, (
            f"ontvangen na het besluit maar vóór de bekendmaking op {fmt(bekendgemaakt_op)}; het geldt als "
            "ingediend op de dag van de bekendmaking en is dus op tijd (Awb 6:10)"
        )
    if ontvangen_op <= tot:
        return True, f"binnen de bezwaartermijn, die liep tot en met {fmt(tot)} (Awb 6:7, 6:9 lid 1)"
    week_after = tot + dt.timedelta(days=7)
    if verzonden_op is not None and verzonden_op <= tot and ontvangen_op <= week_after:
        return True, (
            f"per post verzonden op {fmt(verzonden_op)}, vóór het einde van de bezwaartermijn op {fmt(tot)}, "
            f"en ontvangen binnen een week daarna (uiterlijk {fmt(week_after)}); dus op tijd (Awb 6:9 lid 2)"
        )
    posted = f", verzonden op {fmt(verzonden_op)}" if verzonden_op else ""
    return False, (
        f"na de bezwaartermijn, die liep tot en met {fmt(tot)}{posted}; alleen ontvankelijk als de "
        "termijnoverschrijding verschoonbaar is (Awb 6:11)"
    )


BEFORE_BEKENDMAKING = _(
    "ontvangen vóór de bekendmaking; geldt als ingediend op de dag van bekendmaking (Awb 6:10)"
)


def on_bekendmaking(*, aanvraag: TlvAanvraag, bekendmaking, by) -> Bezwaar | None:
    """The bekendmaking of a besluit against which a bezwaar was already received (Awb 6:10): the bezwaar
    now counts as lodged on this day; its beslistermijn runs from the end of the bezwaartermijn (Awb 7:10)."""
    if bekendmaking.bezwaartermijn_tot is None:
        return None
    b = Bezwaar.objects.select_for_update().filter(aanvraag=aanvraag, bekendmaking__isnull=True).first()
    if b is None:
        return None
    b.bekendmaking = bekendmaking
    save_with_history(b, by=by, reason="bekendmaking: bezwaar geldt als ingediend (Awb 6:10)")
    deadline_services.deadline_start(
        case=b.case,
        kind=BESLISTERMIJN,
        started_on=bekendmaking.bezwaartermijn_tot,
        started_because=END_OF_BEZWAARTERMIJN,
        by=by,
    )
    record_event(
        case=b.case,
        kind=CaseEvent.Kind.NOTE,
        actor=by,
        action="bezwaar_ingediend_bij_bekendmaking",
        summary=(
            f"Bezwaar ontvangen op {b.ontvangen_op:%d-%m-%Y}, vóór de bekendmaking op "
            f"{bekendmaking.bekendgemaakt_op:%d-%m-%Y}; geldt als ingediend op de dag van bekendmaking "
            "(Awb 6:10)."
        ),
        data={"bezwaar": b.pk},
    )
    return b


def bezwaar_register(
    *,
    aanvraag: TlvAanvraag,
    by,
    ontvangen_op: dt.date,
    gronden: str,
    ingediend_door: str = "",
    indiener: str | None = None,
    ouder=None,
    uploads=(),
    verzonden_op: dt.date | None = None,
) -> Bezwaar:
    """Register a bezwaarschrift received on `ontvangen_op` (posted on `verzonden_op`, the postmark, when sent
    by post). On time when received within the bezwaartermijn, or posted within it and received no later than
    a week after it (Awb 6:9); one received after the besluit but before its bekendmaking counts as lodged at
    the bekendmaking (Awb 6:10). A late one is registered too: ontvankelijkheid decides whether the lateness
    is excusable (Awb 6:11).

    `indiener` says who lodged it: one ouder (`ouder`), both ouders (the pupil's ouders with gezag) or the
    school; without it, the ouders. The beslissing op bezwaar goes to them. `ingediend_door` is the name as
    written on the bezwaarschrift (by default the indieners' names)."""
    plausible_date(ontvangen_op, field="ontvangen_op", label="Ontvangen op", not_after=years_ahead(1))
    with refusals_logged(case=aanvraag.case, action="bezwaar registreren", by=by), transaction.atomic():
        a = bekendmaking_services.lock_aanvraag(aanvraag)
        if not policies.can(by, "bezwaar.handle", a):
            raise NotPermitted("Alleen de consulent van het samenwerkingsverband registreert een bezwaar.")
        if a.status not in (TlvStatus.TOEGEKEND, TlvStatus.AFGEWEZEN):
            raise TransitionNotAllowed("Er is nog geen besluit waartegen bezwaar kan worden gemaakt.")
        # the latest letter open to bezwaar: the besluit (toekenning/afwijzing) or an intrekking
        bk = (
            a.bekendmakingen.filter(soort__in=BEZWAARBAAR, bezwaartermijn_tot__isnull=False)
            .order_by("-pk")
            .first()
        )
        if open_bezwaar(a.case) is not None:
            raise Conflict("Er loopt al een bezwaar bij deze casus.", code="bezwaar-loopt-al")
        indiener, indieners = _indieners(a.case, indiener=indiener, ouder=ouder)
        ingediend_door = (ingediend_door or "").strip() or _indiener_name(a.case, indiener, indieners)
        if not ingediend_door:
            raise ValidationFailed("Door wie is het bezwaar ingediend?", field="ingediend_door")
        if not gronden.strip():
            raise ValidationFailed("Vul de gronden van het bezwaar in.", field="gronden")
        if ontvangen_op is None or ontvangen_op > clock.today():
            raise ValidationFailed("De ontvangstdatum ligt in de toekomst.", field="ontvangen_op")
        if verzonden_op is not None and verzonden_op > ontvangen_op:
            raise ValidationFailed(
                f"De verzenddatum (poststempel, {format_date_nl(verzonden_op)}) ligt na de ontvangstdatum "
                f"({format_date_nl(ontvangen_op)}); controleer beide datums.",
                code="verzending-na-ontvangst",
                field="verzonden_op",
            )
        besloten_op = timezone.localdate(a.besloten_op) if a.besloten_op else bk and bk.bekendgemaakt_op
        if besloten_op and ontvangen_op < besloten_op:
            raise ValidationFailed(
                f"De ontvangstdatum ({format_date_nl(ontvangen_op)}) ligt vóór het besluit van "
                f"{format_date_nl(besloten_op)}; tegen een besluit dat nog niet genomen was, kan geen "
                "bezwaar zijn gemaakt.",
                code="ontvangst-voor-besluit",
                field="ontvangen_op",
            )
        if bk is None:  # after the besluit, before its bekendmaking: lodged at the bekendmaking
            tijdig, hoe = True, BEFORE_BEKENDMAKING
        else:
            tijdig, hoe = bezwaar_tijdig(
                ontvangen_op=ontvangen_op,
                verzonden_op=verzonden_op,
                bekendgemaakt_op=bk.bekendgemaakt_op,
                tot=bk.bezwaartermijn_tot,
            )
        bezwaar = Bezwaar(
            case=a.case,
            aanvraag=a,
            bekendmaking=bk,
            ontvangen_op=ontvangen_op,
            verzonden_op=verzonden_op,
            ingediend_door=ingediend_door[:200],
            indiener=indiener,
            gronden=gronden.strip(),
            geregistreerd_door=by,
            geregistreerd_op=clock.now(),
            tijdig=tijdig,
        )
        save_with_history(bezwaar, by=by, reason="bezwaar geregistreerd")
        bezwaar.indienende_ouders.set(indieners)
        for uploaded in uploads:
            bezwaar.documents.add(_store_upload(case=a.case, by=by, uploaded=uploaded))
        if bk is not None:
            # Awb 7:10: from the day after the end of the bezwaartermijn (a late one: from its receipt)
            started = max(bk.bezwaartermijn_tot, ontvangen_op)
            deadline_services.deadline_start(
                case=a.case,
                kind=BESLISTERMIJN,
                started_on=started,
                started_because=END_OF_BEZWAARTERMIJN if started == bk.bezwaartermijn_tot else LATE_BEZWAAR,
                by=by,
            )
        record_event(
            case=a.case,
            kind=CaseEvent.Kind.TRANSITION,
            actor=by,
            to_state=BezwaarStatus.ONTVANGEN,
            action="bezwaar_register",
            summary=f"Bezwaar ontvangen op {ontvangen_op:%d-%m-%Y} van {bezwaar.ingediend_door}: {hoe}.",
            data={"bezwaar": bezwaar.pk},
        )
        _task(bezwaar, "bezwaar_ontvankelijkheid", by=by)
        return bezwaar


def _indieners(case, *, indiener, ouder) -> tuple[str, list]:
    """(indiener, the ouders who lodged it), checked: one ouder of this pupil, or the ouders with gezag."""
    if indiener in (None, ""):
        indiener = Indiener.OUDER if ouder is not None else Indiener.OUDERS
    if indiener not in Indiener.values:
        raise ValidationFailed("Kies wie het bezwaar heeft ingediend.", code="indiener", field="indiener")
    if indiener == Indiener.SCHOOL:
        return indiener, []
    if indiener == Indiener.OUDER:
        if ouder is None:
            raise ValidationFailed(
                "Kies de ouder/verzorger die het bezwaar heeft ingediend.",
                code="indiener-ouder",
                field="ouder",
            )
        if ouder.leerling_id != case.leerling_id:
            raise ValidationFailed(
                "Deze ouder/verzorger hoort niet bij de leerling van deze casus.",
                code="indiener-ouder",
                field="ouder",
            )
        return indiener, [ouder]
    return indiener, list(case.leerling.ouders.filter(gezag=True).order_by("pk"))


def _indiener_name(case, indiener: str, indieners: list) -> str:
    if indiener == Indiener.SCHOOL:
        return case.school.name
    return " en ".join(o.naam for o in indieners)


def beslissing_recipients(b: Bezwaar) -> list:
    """Who gets the beslissing op bezwaar: the ouders who lodged it (whether or not they otherwise receive
    letters) and the school, a party to every TLV as its aanvrager; a bezwaar of the school goes to the
    school. A bezwaar of 'the ouders' without any ouder recorded goes to the ouders who receive letters."""
    Recipient = bekendmaking_services.Recipient
    case = b.case
    out = []
    if b.indiener != Indiener.SCHOOL:
        ouders = list(b.indienende_ouders.order_by("pk"))
        if ouders:
            out = [
                Recipient(Ontvanger.Soort.OUDER, o.naam, o.adres or o.email, ouder=o, email=o.email)
                for o in ouders
            ]
        else:
            out = bekendmaking_services.ouder_recipients(case.leerling)
    out.append(Recipient(Ontvanger.Soort.SCHOOL, case.school.name, ""))
    return out


def ontvankelijkheid_record(
    *,
    bezwaar: Bezwaar,
    by,
    ontvankelijk: bool,
    verschoonbaar: bool = False,
    motivering: str = "",
    commissie: str = "",
) -> Bezwaar:
    with _record.step(bezwaar, action="ontvankelijkheid bezwaar", by=by) as b:
        item = open_item(b, "bezwaar_ontvankelijkheid", by)
        motivering = (motivering or "").strip()
        if ontvankelijk:
            if not b.tijdig and not verschoonbaar:
                raise ValidationFailed(
                    f"Het bezwaar is ontvangen na de bezwaartermijn (t/m "
                    f"{b.bekendmaking.bezwaartermijn_tot:%d-%m-%Y}) en is dan alleen ontvankelijk als de "
                    "termijnoverschrijding verschoonbaar is (Awb 6:11). Verklaar het niet-ontvankelijk, of "
                    "motiveer de verschoonbaarheid.",
                    code="bezwaar-te-laat",
                    field="verschoonbaar",
                )
            if verschoonbaar and not motivering:
                raise ValidationFailed(
                    "Motiveer waarom de termijnoverschrijding verschoonbaar is.",
                    code="verschoonbaar-motivering",
                    field="motivering",
                )
            commissie = commissie or b.case.swv.bezwaar_commissie
            if commissie not in Commissie.values:
                raise ValidationFailed("Kies de bezwaaradviescommissie.", field="commissie")
            today = clock.today()
            _transition(
                b,
                "advies_vragen",
                by=by,
                verschoonbaar=bool(verschoonbaar and not b.tijdig),
                motivering=motivering,
                commissie=commissie,
                on=today,
                reason="ontvankelijk; advies gevraagd",
            )
            deadline_services.deadline_start(case=b.case, kind=ADVIESTERMIJN, started_on=today, by=by)
            workitem_close(item=item, by=by)
            _task(b, "bezwaar_hoorzitting", by=by)
        else:
            if not motivering:
                raise ValidationFailed(
                    "Motiveer waarom het bezwaar niet-ontvankelijk is.", code="motivering", field="motivering"
                )
            _transition(b, "niet_ontvankelijk_voorstellen", by=by, motivering=motivering, reason=motivering)
            workitem_close(item=item, by=by)
            _task(b, "bezwaar_beslissing", by=by)
        return b


def hoorzitting_record(*, bezwaar: Bezwaar, by, op: dt.date, verslag: str) -> Bezwaar:
    plausible_date(op, field="op", label="Datum hoorzitting", not_after=years_ahead(1))
    with _record.step(bezwaar, action="hoorzitting", by=by) as b:
        item = open_item(b, "bezwaar_hoorzitting", by)
        if op is None or op > clock.today():
            raise ValidationFailed("Vul de datum van de gehouden hoorzitting in.", field="op")
        if op < b.ontvangen_op:
            raise ValidationFailed("De hoorzitting ligt vóór de ontvangst van het bezwaar.", field="op")
        if not verslag or not verslag.strip():
            raise ValidationFailed("Voeg het verslag van de hoorzitting toe.", field="verslag")
        _transition(b, "hoorzitting_vastleggen", by=by, op=op, verslag=verslag.strip(), reason="hoorzitting")
        workitem_close(item=item, by=by)
        _task(b, "bezwaar_advies", by=by)
        return b


def advies_record(*, bezwaar: Bezwaar, by, uitkomst: str, tekst: str, op: dt.date) -> Bezwaar:
    plausible_date(op, field="op", label="Datum advies", not_after=years_ahead(1))
    with _record.step(bezwaar, action="advies commissie", by=by) as b:
        item = open_item(b, "bezwaar_advies", by)
        if uitkomst not in AdviesUitkomst.values:
            raise ValidationFailed("Kies het advies van de commissie.", field="uitkomst")
        if not tekst or not tekst.strip():
            raise ValidationFailed("Vul het advies in.", field="tekst")
        if op is None or op > clock.today():
            raise ValidationFailed("Vul de datum van het advies in.", field="op")
        _transition(
            b, "advies_vastleggen", by=by, uitkomst=uitkomst, tekst=tekst.strip(), op=op, reason=uitkomst
        )
        termijn = deadline_services.running(b.case, ADVIESTERMIJN)
        if termijn:
            deadline_services.deadline_close(deadline=termijn, reason="advies ontvangen", by=by)
        workitem_close(item=item, by=by)
        _task(b, "bezwaar_beslissing", by=by)
        return b


# --- beslissing op bezwaar ---------------------------------------------------------------------


def beslissing_record(
    *,
    bezwaar: Bezwaar,
    by,
    uitkomst: str,
    motivering: str,
    afwijking: str = "",
    soort: str = "",
    cluster: int | None = None,
    categorie: str = "",
    ingangsdatum: dt.date | None = None,
    einddatum: dt.date | None = None,
    school=None,
) -> Bezwaar:
    """The beslisser decides; gegrond needs the herzien besluit (a toekenning) that replaces the original."""
    plausible_date(ingangsdatum, field="ingangsdatum", label="Ingangsdatum", not_after=years_ahead(2))
    plausible_date(einddatum, field="einddatum", label="Einddatum", not_after=years_ahead(20))
    from cases import profiles
    from cases.services.tlv import _validate_soort, validate_duration

    with _record.step(bezwaar, action="beslissing op bezwaar", by=by) as b:
        if b.status not in BESLISBAAR:
            raise TransitionNotAllowed(
                f"Er kan niet (meer) worden beslist (status '{b.get_status_display()}').",
                code="transition-not-allowed",
            )
        if not policies.can(by, "bezwaar.decide", b):
            raise NotPermitted("Alleen de beslisser neemt de beslissing op bezwaar.")
        # without a required advice the transition's condition refuses (below); an SWV without that
        # requirement may decide before the commissie has advised
        item = open_item(b, "bezwaar_beslissing", by) if b.status == BezwaarStatus.TE_BESLISSEN else None
        if not motivering or not motivering.strip():
            raise ValidationFailed("Motiveer de beslissing op bezwaar.", field="motivering")
        if b.ontvankelijk is False and uitkomst != AdviesUitkomst.NIET_ONTVANKELIJK:
            raise ValidationFailed(
                "Het bezwaar is als niet-ontvankelijk voorgelegd; verklaar het niet-ontvankelijk.",
                field="uitkomst",
            )
        if b.advies_uitkomst and uitkomst != b.advies_uitkomst and not afwijking.strip():
            raise ValidationFailed(
                "U wijkt af van het advies van de commissie; motiveer die afwijking (Awb 7:13 lid 7).",
                code="afwijking-motivering",
                field="afwijking",
            )
        now = clock.now()
        method = {
            AdviesUitkomst.GEGROND: "gegrond_verklaren",
            AdviesUitkomst.ONGEGROND: "ongegrond_verklaren",
            AdviesUitkomst.NIET_ONTVANKELIJK: "niet_ontvankelijk_verklaren",
        }.get(uitkomst)
        if method is None:
            raise ValidationFailed("Kies gegrond, ongegrond of niet-ontvankelijk.", field="uitkomst")
        if b.bekendmaking is None:
            raise TransitionNotAllowed(
                _(
                    "Het besluit is nog niet bekendgemaakt. Het bezwaar geldt als ingediend op de dag van "
                    "bekendmaking (Awb 6:10); beslis daarna op het bezwaar."
                ),
                code="geen-bekendmaking",
            )
        a = bekendmaking_services.lock_aanvraag(b.aanvraag)
        tlv = Tlv.objects.select_for_update(of=("self",)).filter(aanvraag=a).first()
        tegen_intrekking = b.bekendmaking.soort == LetterSoort.INTREKKING
        if uitkomst == AdviesUitkomst.GEGROND and not tegen_intrekking:
            if not soort or ingangsdatum is None or einddatum is None or school is None:
                raise ValidationFailed(
                    "Een gegrond bezwaar vraagt een herzien besluit: soort, ingangsdatum, einddatum, school.",
                    code="herzien-besluit",
                    field="ingangsdatum",
                )
            _validate_soort(a.case, soort, cluster, categorie)
            validate_duration(
                swv=a.case.swv,
                leerling=a.case.leerling,
                ingangsdatum=ingangsdatum,
                einddatum=einddatum,
                soort=soort,
                profile=profiles.for_case(a.case),
            )
            profiles.check_placement_school(soort, cluster, school)
            b.herzien_soort, b.herzien_cluster, b.herzien_categorie = soort, cluster, categorie
            b.herzien_ingangsdatum, b.herzien_einddatum, b.herzien_school = ingangsdatum, einddatum, school
        _transition(
            b,
            method,
            by=by,
            motivering=motivering.strip(),
            afwijking=afwijking.strip(),
            actor=by,
            at=now,
            reason=f"beslissing op bezwaar: {uitkomst}",
        )
        termijn = deadline_services.running(b.case, BESLISTERMIJN)
        if termijn:
            deadline_services.deadline_close(deadline=termijn, reason="beslissing op bezwaar", by=by)
        if item is not None:
            workitem_close(item=item, by=by)
        for other in WorkItem.objects.select_for_update().filter(
            case=b.case, node__in=list(NODES), status=WorkItem.Status.OPEN
        ):
            workitem_close(item=other, by=by, status=WorkItem.Status.CANCELLED, reason="op bezwaar beslist")
        termijn = deadline_services.running(b.case, ADVIESTERMIJN)
        if termijn:
            deadline_services.deadline_close(deadline=termijn, reason="op bezwaar beslist", by=by)
        besluit_facts = None
        if uitkomst == AdviesUitkomst.GEGROND and tegen_intrekking:
            # the intrekking is herroepen: the TLV is in force again, its signals restart
            apply_transition(tlv, "intrekking_herroepen", by=by, reason="gegrond bezwaar tegen de intrekking")
            tlv_lifecycle.start_signals(tlv, by=by)
            besluit_facts = bekendmaking_services.besluit_facts(
                soort=tlv.soort,
                cluster=tlv.cluster,
                categorie=tlv.categorie,
                ingangsdatum=tlv.ingangsdatum,
                einddatum=tlv.einddatum,
                school=tlv.plaatsingsschool,
            )
        elif uitkomst == AdviesUitkomst.GEGROND:
            fields = dict(
                soort=soort,
                cluster=cluster,
                categorie=categorie or "",
                ingangsdatum=ingangsdatum,
                einddatum=einddatum,
                plaatsingsschool=school,
            )
            if tlv is None:
                fields["school"] = fields.pop("plaatsingsschool")
                tlv = tlv_lifecycle.tlv_create(aanvraag=a, by=by, **fields)
            else:
                tlv_lifecycle.tlv_change(
                    tlv=tlv, by=by, reason="besluit herzien na gegrond bezwaar", **fields
                )
            besluit_facts = bekendmaking_services.besluit_facts(
                soort=soort,
                cluster=cluster,
                categorie=categorie,
                ingangsdatum=ingangsdatum,
                einddatum=einddatum,
                school=school,
            )
        _send_beslissing(b, by=by, besluit=besluit_facts)
        _emit("case.besluit", b.case, {"bezwaar": b.pk, "beslissing": uitkomst})  # webhooks
        return b


def _send_beslissing(b: Bezwaar, *, by, besluit) -> None:
    case = b.case
    ontvangers = beslissing_recipients(b)
    context = bekendmaking_services.letter_context(
        case=case,
        soort=LetterSoort.BESLISSING_OP_BEZWAAR,
        datum=clock.today(),
        ontvangers=ontvangers,
        ondertekenaar=by,
        bezwaar=b,
        ontvangen_op=format_date_nl(b.ontvangen_op),
        advies=(f"{b.get_advies_uitkomst_display()}. {b.advies_tekst}" if b.advies_uitkomst else ""),
        uitkomst=f"Het bezwaar is {b.get_status_display().lower()}.",
        ongegrond=b.status == BezwaarStatus.ONGEGROND,
        besluit=besluit,
        motivering=b.beslissing_motivering,
        afwijking=b.afwijking_advies_motivering,
    )
    bekendmaking_services.send_letter(
        aanvraag=b.aanvraag,
        by=by,
        soort=LetterSoort.BESLISSING_OP_BEZWAAR,
        context=context,
        ontvangers=ontvangers,
    )


def verdaging_record(*, bezwaar: Bezwaar, by, reason: str) -> Bezwaar:
    """Awb 7:10 lid 3: once, by 6 weeks, with written notice to the indiener (recorded on the timeline)."""
    with _record.step(bezwaar, action="beslistermijn bezwaar verdagen", by=by) as b:
        if not b.is_open:
            raise TransitionNotAllowed("Op dit bezwaar is al beslist.", code="bezwaar-afgerond")
        if not policies.can(by, "bezwaar.extend", b):
            raise NotPermitted("Alleen de consulent of de beslisser kan de beslistermijn verdagen.")
        termijn = deadline_services.running(b.case, BESLISTERMIJN)
        if termijn is None:
            raise ValidationFailed("Er loopt geen beslistermijn op dit bezwaar.")
        deadline_services.deadline_extend(deadline=termijn, reason=reason, by=by)
        record_event(
            case=b.case,
            kind=CaseEvent.Kind.NOTE,
            actor=by,
            action="verdaging_kennisgeving",
            summary=f"Kennisgeving van verdaging aan {b.ingediend_door}: beslissing uiterlijk "
            f"{termijn.due_on:%d-%m-%Y}",
            reason=reason,
        )
        return b


def bezwaar_intrekken(*, bezwaar: Bezwaar, by, reason: str) -> Bezwaar:
    with _record.step(bezwaar, action="bezwaar ingetrokken", by=by) as b:
        if not reason or not reason.strip():
            raise ValidationFailed("Leg vast hoe en wanneer het bezwaar is ingetrokken.", field="reason")
        _transition(b, "intrekken", by=by, reden=reason.strip(), reason=reason.strip())
        for kind in (BESLISTERMIJN, ADVIESTERMIJN):
            termijn = deadline_services.running(b.case, kind)
            if termijn:
                deadline_services.deadline_close(deadline=termijn, reason="bezwaar ingetrokken", by=by)
        for item in WorkItem.objects.select_for_update().filter(
            case=b.case, node__in=list(NODES), status=WorkItem.Status.OPEN
        ):
            workitem_close(item=item, by=by, status=WorkItem.Status.CANCELLED, reason="bezwaar ingetrokken")
        return b


# --- beroep (record only) ----------------------------------------------------------------------


def beroep_record(*, bezwaar: Bezwaar, by, ingesteld_op: dt.date, rechtbank: str) -> Beroep:
    plausible_date(ingesteld_op, field="ingesteld_op", label="Beroep ingesteld op", not_after=years_ahead(1))
    with _record.step(bezwaar, action="beroep vastleggen", by=by) as b:
        if not policies.can(by, "bezwaar.handle", b):
            raise NotPermitted("Alleen de consulent legt een beroep vast.")
        if b.status not in (BezwaarStatus.GEGROND, BezwaarStatus.ONGEGROND, BezwaarStatus.NIET_ONTVANKELIJK):
            raise TransitionNotAllowed(
                "Beroep staat pas open na de beslissing op bezwaar.", code="geen-beslissing-op-bezwaar"
            )
        if not rechtbank or not rechtbank.strip():
            raise ValidationFailed("Bij welke rechtbank is beroep ingesteld?", field="rechtbank")
        if ingesteld_op is None or ingesteld_op > clock.today():
            raise ValidationFailed("Vul de datum in waarop beroep is ingesteld.", field="ingesteld_op")
        beroep = Beroep(bezwaar=b, ingesteld_op=ingesteld_op, rechtbank=rechtbank.strip(), by=by)
        save_with_history(beroep, by=by, reason="beroep ingesteld")
        record_event(
            case=b.case,
            kind=CaseEvent.Kind.NOTE,
            actor=by,
            action="beroep_record",
            summary=f"Beroep ingesteld op {ingesteld_op:%d-%m-%Y} bij {beroep.rechtbank}",
        )
        return beroep


def beroep_uitspraak_record(
    *, beroep: Beroep, by, uitspraak_op: dt.date, uitkomst: str, toelichting: str = ""
) -> Beroep:
    plausible_date(uitspraak_op, field="uitspraak_op", label="Datum uitspraak", not_after=years_ahead(1))
    case = beroep.bezwaar.case
    with refusals_logged(case=case, action="uitspraak beroep", by=by), transaction.atomic():
        r = Beroep.objects.select_for_update().select_related("bezwaar__case").get(pk=beroep.pk)
        if not policies.can(by, "bezwaar.handle", r.bezwaar):
            raise NotPermitted("Alleen de consulent legt de uitspraak vast.")
        if r.uitkomst:
            raise Conflict("De uitspraak is al vastgelegd.", code="uitspraak-bestaat")
        if uitkomst not in [v for v in Beroep.Uitkomst.values if v]:
            raise ValidationFailed("Kies de uitkomst van het beroep.", field="uitkomst")
        if uitspraak_op is None or uitspraak_op < r.ingesteld_op or uitspraak_op > clock.today():
            raise ValidationFailed("Vul een geldige datum van de uitspraak in.", field="uitspraak_op")
        r.uitspraak_op, r.uitkomst, r.toelichting = uitspraak_op, uitkomst, toelichting.strip()
        save_with_history(r, by=by, reason=f"uitspraak: {uitkomst}")
        record_event(
            case=case,
            kind=CaseEvent.Kind.NOTE,
            actor=by,
            action="beroep_uitspraak",
            summary=f"Uitspraak in beroep ({uitspraak_op:%d-%m-%Y}): {r.get_uitkomst_display()}",
            reason=r.toelichting,
        )
        return r
