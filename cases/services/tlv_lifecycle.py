"""The TLV in force: created at bekendmaking, signalled before its einddatum, verlengd, ended or revoked.

Signals are Deadlines that run from the bekendmaking to the einddatum: the warning point is the day the
school and the consulent get their task (default 3 months before; VSO also a VSO→VO review 5 months
before); the breach (the day after the einddatum) escalates to the consulent when no verlenging and no
vervolg was recorded. The sweep (cases/services/deadlines.py) runs them like any other term, idempotently.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math

from django.db import transaction

from cases import clock, policies
from cases.deadlines import Unit, format_date_nl
from cases.errors import Conflict, NotPermitted, ValidationFailed
from cases.models import CaseEvent, Deadline, Tlv, TlvAanvraag, WorkItem
from cases.models.tlv import TlvSoort
from cases.models.tlv_lifecycle import LetterSoort, RegisterStatus, TlvStatusGeldig
from cases.roles import Role
from cases.services import deadlines as deadline_services
from cases.services.common import apply_transition, record_event, refusals_logged, save_with_history
from cases.services.workitems import take_for_completion, workitem_close, workitem_once
from cases.terms import term_for
from cases.validators import plausible_date, years_ahead

SIGNAL_VERLENGING = "tlv_verlenging_signaal"
SIGNAL_VSO_VO = "tlv_vso_vo_signaal"
SIGNAL_JONG = "tlv_jong_review_signaal"  # pupils aged 4 to 8: review with the beoogde reguliere school
SIGNAL_KINDS = (SIGNAL_VERLENGING, SIGNAL_VSO_VO, SIGNAL_JONG)
REVIEW_NODES = {
    SIGNAL_VERLENGING: "tlv_verlenging_review",
    SIGNAL_VSO_VO: "tlv_vso_vo_review",
    SIGNAL_JONG: "tlv_verlenging_review",
}
EXPIRY_NODE = "escalatie_tlv_verlopen"
# documents that stay valid for a verlenging aanvraag (the ouders' zienswijze/instemming is asked anew)
VERLENGING_DOCUMENT_KINDS = ("opp", "groeidocument", "interventies", "deskundigenadvies", "overig")
VERLENGING_DOCUMENT_MONTHS = 12


def _months_before(day: dt.date, months: int) -> dt.date:
    index = day.month - 1 - months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def signal_day(einddatum: dt.date, length: int, unit: Unit) -> dt.date:
    """The day `length` `unit` before the einddatum (months clamp to the end of a shorter month)."""
    unit = Unit(unit)
    if unit is Unit.MONTHS:
        return _months_before(einddatum, length)
    if unit is Unit.WEEKS:
        return einddatum - dt.timedelta(weeks=length)
    return einddatum - dt.timedelta(days=length)


def lock_tlv(tlv: Tlv) -> Tlv:
    return (
        Tlv.objects.select_for_update(of=("self",))
        .select_related("case", "case__swv", "case__school", "case__leerling", "aanvraag", "plaatsingsschool")
        .get(pk=tlv.pk)
    )


# --- creation and signals ----------------------------------------------------------------------


def tlv_create(
    *, aanvraag: TlvAanvraag, by, soort, cluster, categorie, ingangsdatum, einddatum, school
) -> Tlv:
    """The TLV in force (called inside the bekendmaking or a gegrond beslissing op bezwaar)."""
    case = aanvraag.case
    tlv = Tlv(
        case=case,
        aanvraag=aanvraag,
        soort=soort,
        cluster=cluster,
        categorie=categorie or "",
        ingangsdatum=ingangsdatum,
        einddatum=einddatum,
        plaatsingsschool=school,
        beoogde_school=aanvraag.beoogde_school,
    )
    save_with_history(tlv, by=by, reason="TLV van kracht")
    _link_verlenging(tlv, by=by)
    start_signals(tlv, by=by)
    record_event(
        case=case,
        kind=CaseEvent.Kind.NOTE,
        actor=by,
        action="tlv_actief",
        summary=f"TLV van kracht: {tlv.get_soort_display()} t/m {tlv.einddatum:%d-%m-%Y}",
    )
    return tlv


def tlv_change(*, tlv: Tlv, by, reason: str, **fields) -> Tlv:
    """A changed besluit (gegrond bezwaar) changes the TLV in force; its signals restart."""
    for name, value in fields.items():
        setattr(tlv, name, value)
    save_with_history(tlv, by=by, reason=reason)
    stop_signals(tlv, by=by, reason="besluit gewijzigd")
    start_signals(tlv, by=by)
    return tlv


def _link_verlenging(tlv: Tlv, *, by) -> None:
    previous = Tlv.objects.filter(verlenging_aanvraag=tlv.aanvraag).first()
    if previous is not None:
        record_event(
            case=tlv.case,
            kind=CaseEvent.Kind.NOTE,
            actor=by,
            action="tlv_verlenging",
            summary=f"Verlenging van TLV {previous.case.reference}",
        )


def start_signals(tlv: Tlv, *, by) -> list[Deadline]:
    kinds = [SIGNAL_VERLENGING] + ([SIGNAL_VSO_VO] if tlv.soort == TlvSoort.VSO else [])
    if tlv.beoogde_school_id:
        kinds.append(SIGNAL_JONG)
    started = clock.today()
    total = max(0, (tlv.einddatum - started).days)
    out = []
    for kind in kinds:
        term = term_for(tlv.case.swv, kind)
        day = signal_day(tlv.einddatum, term.rule.length, term.rule.unit)
        before = min(max(0, (day - started).days), total)
        # warn_on = started + ceil(fraction * total) must land exactly on the signal day
        fraction = before / total if total else 0.0
        assert math.ceil(round(fraction * total, 9)) == before
        out.append(
            deadline_services.deadline_start(
                case=tlv.case,
                kind=kind,
                started_on=started,
                by=by,
                length=total,
                unit=Unit.CALENDAR_DAYS,
                atw=False,
                warn_fraction=fraction,
            )
        )
    return out


def stop_signals(tlv: Tlv, *, by, reason: str) -> None:
    for kind in SIGNAL_KINDS:
        d = deadline_services.running(tlv.case, kind)
        if d is not None:
            deadline_services.deadline_close(deadline=d, reason=reason, by=by)
    for item in WorkItem.objects.select_for_update().filter(
        case=tlv.case, node__in=list(REVIEW_NODES.values()), status=WorkItem.Status.OPEN
    ):
        workitem_close(item=item, by=by, status=WorkItem.Status.CANCELLED, reason=reason)


def _tlv_of(case) -> Tlv | None:
    return Tlv.objects.filter(case=case).select_related("case", "beoogde_school").first()


def _followed_up(tlv: Tlv) -> bool:
    return bool(tlv.verlenging_aanvraag_id or tlv.opvolging.strip())


def on_signal_warning(*, deadline: Deadline, by) -> list[WorkItem]:
    """The sweep reached the signal day: a task for the school and one for the consulent."""
    tlv = _tlv_of(deadline.case)
    if tlv is None or tlv.status != TlvStatusGeldig.ACTIEF or _followed_up(tlv):
        return []
    case = deadline.case
    node = REVIEW_NODES[deadline.kind]
    if deadline.kind == SIGNAL_VSO_VO:
        title = f"Heroriëntatie VSO → VO: terugplaatsing of verlenging (TLV t/m {tlv.einddatum:%d-%m-%Y})"
        instructions = (
            "Bespreek met de Commissie van Begeleiding en de BTO of de leerling terug kan naar het VO. "
            "Leg het vervolg vast of vraag een verlenging aan."
        )
    elif deadline.kind == SIGNAL_JONG:
        school_name = tlv.beoogde_school.name if tlv.beoogde_school_id else ""
        title = f"Review jonge leerling: terug naar {school_name}? (TLV t/m {tlv.einddatum:%d-%m-%Y})"
        instructions = (
            "De leerling was 4 tot en met 8 jaar bij de ingangsdatum. Bespreek met de school van plaatsing "
            f"en de beoogde reguliere school ({school_name}) of de leerling daar na de einddatum heen kan. "
            "Leg het vervolg vast of vraag een verlenging aan."
        )
    else:
        title = f"TLV loopt af op {tlv.einddatum:%d-%m-%Y}: verlenging of vervolg bepalen"
        instructions = "Vraag een verlenging aan (nieuwe TLV) of leg vast wat het vervolg is na de einddatum."
    items = []
    roles = (
        ((Role.CONSULENT, None),)
        if deadline.kind == SIGNAL_JONG
        else ((Role.SCHOOL, case.school), (Role.CONSULENT, None))
    )
    for role, school in roles:
        items.append(
            workitem_once(
                case=case,
                node=node,
                title=title,
                role=role,
                school=school,
                deadline=deadline,
                instructions=instructions,
                idempotency_key=f"deadline:{deadline.pk}:signal:{role}",
                by=by,
            )
        )
    if deadline.kind == SIGNAL_VSO_VO:  # the review opens a schakel signal (VSO → VO)
        from cases.services import schakel

        schakel.signaal_from_tlv_review(tlv=tlv, by=by)
    return items


def on_signal_breach(*, deadline: Deadline, by) -> list[WorkItem]:
    """The day after the einddatum: escalate an expired TLV without verlenging or vervolg."""
    tlv = _tlv_of(deadline.case)
    if deadline.kind != SIGNAL_VERLENGING or tlv is None or tlv.status != TlvStatusGeldig.ACTIEF:
        deadline_services.deadline_close(deadline=deadline, reason="einddatum bereikt", by=by)
        return []
    if _followed_up(tlv):
        deadline_services.deadline_close(deadline=deadline, reason="TLV verlopen; vervolg vastgelegd", by=by)
        return []
    case = deadline.case
    record_event(
        case=case,
        kind=CaseEvent.Kind.DEADLINE,
        actor=by,
        action="tlv_verlopen",
        summary=f"TLV verlopen op {tlv.einddatum:%d-%m-%Y} zonder verlenging of vastgelegd vervolg",
        data={"deadline": deadline.pk},
    )
    return [
        workitem_once(
            case=case,
            kind=WorkItem.Kind.ESCALATION,
            node=EXPIRY_NODE,
            title="TLV verlopen zonder verlenging of vervolg",
            role=Role.CONSULENT,
            deadline=deadline,  # the expired TLV's signal: the escalation shows its colour
            due_at=clock.now() + dt.timedelta(days=5),
            instructions=(
                f"De TLV van {case.reference} liep tot en met {tlv.einddatum:%d-%m-%Y}. Er is geen "
                "verlenging aangevraagd en geen vervolg vastgelegd. Zoek uit waar de leerling is."
            ),
            idempotency_key=f"deadline:{deadline.pk}:breach:{Role.CONSULENT}",
            by=by,
        )
    ]


# --- verlenging, vervolg, einde -----------------------------------------------------------------


def verlenging_aanvragen(*, tlv: Tlv, by) -> TlvAanvraag:
    """A new aanvraag linked to this TLV, for the same pupil, with the documents that are still valid."""
    from cases.services import tlv as tlv_services

    with refusals_logged(case=tlv.case, action="verlenging aanvragen", by=by), transaction.atomic():
        t = lock_tlv(tlv)
        today = clock.today()
        if not policies.can(by, "tlv.extend_request", t):
            raise NotPermitted("Alleen de aanvragende school kan een verlenging aanvragen.")
        if not t.is_actief(today):
            status = RegisterStatus(t.register_status(today)).label
            raise Conflict(
                f"Een verlenging kan alleen voor een actieve TLV; deze TLV is {str(status).lower()}.",
                code="tlv-niet-actief",
            )
        if t.verlenging_aanvraag_id:
            raise Conflict(
                f"Er is al een verlenging aangevraagd ({t.verlenging_aanvraag.case.reference}).",
                code="verlenging-bestaat",
            )
        case = t.case
        new = tlv_services.aanvraag_create(
            by=by,
            leerling=case.leerling,
            school=case.school,
            gevraagde_soort=t.soort,
            gevraagde_categorie=t.categorie,
            gevraagde_cluster=t.cluster,
            onderbouwing=f"Verlenging van TLV {case.reference} (loopt tot en met {t.einddatum:%d-%m-%Y}).",
        )
        copied = _copy_valid_documents(source=case, target=new.case, by=by, today=today)
        t.verlenging_aanvraag = new
        save_with_history(t, by=by, reason=f"verlenging aangevraagd: {new.case.reference}")
        for item in WorkItem.objects.select_for_update().filter(
            case=case, node__in=list(REVIEW_NODES.values()), status=WorkItem.Status.OPEN
        ):
            workitem_close(item=item, by=by, reason="verlenging aangevraagd")
        record_event(
            case=case,
            kind=CaseEvent.Kind.NOTE,
            actor=by,
            action="verlenging_aanvragen",
            summary=f"Verlenging aangevraagd: {new.case.reference} ({copied} documenten overgenomen)",
        )
        record_event(
            case=new.case,
            kind=CaseEvent.Kind.NOTE,
            actor=by,
            action="verlenging_van",
            summary=f"Verlenging van TLV {case.reference}; {copied} nog geldige documenten overgenomen",
        )
        return new


def _copy_valid_documents(*, source, target, by, today) -> int:
    from cases.services.bekendmaking import store_pdf

    since = _months_before(today, VERLENGING_DOCUMENT_MONTHS)
    n = 0
    for doc in source.documents.filter(
        kind__in=VERLENGING_DOCUMENT_KINDS, next_version__isnull=True
    ).order_by("pk"):
        if doc.uploaded_at.date() < since:
            continue
        with doc.file.open("rb") as fh:
            content = fh.read()
        copy = store_pdf(case=target, by=by, name=doc.original_name, content=content, kind=doc.kind)
        copy.content_type = doc.content_type
        save_with_history(copy, by=by, reason=f"overgenomen uit {source.reference}")
        n += 1
    return n


def opvolging_record(*, tlv: Tlv, by, opvolging: str, item: WorkItem | None = None) -> Tlv:
    """Record what happens after the einddatum (terugplaatsing, uitstroom, ...) without a verlenging."""
    with refusals_logged(case=tlv.case, action="vervolg vastleggen", by=by), transaction.atomic():
        t = lock_tlv(tlv)
        if item is not None:
            item = take_for_completion(item=item, by=by)
        if not policies.can(by, "tlv.followup", t):
            raise NotPermitted("Alleen de school of de consulent legt het vervolg vast.")
        if not opvolging or not opvolging.strip():
            raise ValidationFailed("Beschrijf het vervolg na de einddatum.", field="toelichting")
        t.opvolging = opvolging.strip()
        t.opvolging_op = clock.today()
        save_with_history(t, by=by, reason="vervolg vastgelegd")
        if clock.today() > t.einddatum:  # after an expiry escalation: the signal terms are done
            for kind in SIGNAL_KINDS:
                d = deadline_services.running(t.case, kind)
                if d is not None:
                    deadline_services.deadline_close(deadline=d, reason="vervolg vastgelegd", by=by)
        for open_item in WorkItem.objects.select_for_update().filter(
            case=t.case, node__in=list(REVIEW_NODES.values()), status=WorkItem.Status.OPEN
        ):
            workitem_close(item=open_item, by=by, reason="vervolg vastgelegd")
        record_event(
            case=t.case,
            kind=CaseEvent.Kind.NOTE,
            actor=by,
            action="opvolging_record",
            summary="Vervolg na de einddatum vastgelegd",
            reason=t.opvolging,
        )
        return t


def review_complete(*, item: WorkItem, by, keuze: str, toelichting: str = ""):
    """The signal task: ask for a verlenging, or record the vervolg."""
    tlv = _tlv_of(item.case)
    if tlv is None:
        raise ValidationFailed("Er is geen TLV bij deze casus.")
    if keuze == "verlenging":
        if not policies.may_act_on_workitem(by, item):
            raise NotPermitted("Deze taak hoort niet bij uw rol of organisatie.")
        return verlenging_aanvragen(tlv=tlv, by=by)
    if keuze == "vervolg":
        return opvolging_record(tlv=tlv, by=by, opvolging=toelichting, item=item)
    raise ValidationFailed("Kies verlenging of vervolg.", field="keuze")


def tlv_beeindigen(*, tlv: Tlv, by, per: dt.date, reden: str) -> Tlv:
    """End a TLV early (terugplaatsing to regular education)."""
    plausible_date(per, field="per", label="Per datum", not_after=years_ahead(20))
    with refusals_logged(case=tlv.case, action="TLV beëindigen", by=by), transaction.atomic():
        t = lock_tlv(tlv)
        if not reden or not reden.strip():
            raise ValidationFailed("Geef de reden van de beëindiging.", field="reden")
        if per is None or per > t.einddatum or per < t.ingangsdatum:
            raise ValidationFailed(
                "De datum van beëindiging ligt tussen de ingangsdatum en de einddatum.", field="per"
            )
        apply_transition(t, "beeindigen", by=by, reason=reden.strip(), per=per, reden=reden.strip())
        stop_signals(t, by=by, reason="TLV beëindigd")
        return t


def tlv_intrekken(*, tlv: Tlv, by, motivering: str, per: dt.date | None = None) -> Tlv:
    """Revoke a TLV: a besluit of its own, with a motivation and its own letter (open to bezwaar)."""
    plausible_date(per, field="per", label="Per datum", not_after=years_ahead(20))
    from cases.services import bekendmaking

    with refusals_logged(case=tlv.case, action="TLV intrekken", by=by), transaction.atomic():
        t = lock_tlv(tlv)
        if not motivering or not motivering.strip():
            raise ValidationFailed(
                "Motiveer de intrekking.", code="intrekking-motivering", field="motivering"
            )
        per = per or clock.today()
        apply_transition(
            t, "intrekken", by=by, reason=motivering.strip(), per=per, motivering=motivering.strip()
        )
        stop_signals(t, by=by, reason="TLV ingetrokken")
        case = t.case
        termijn = bekendmaking.bezwaartermijn(case.swv, clock.today())
        ontvangers = bekendmaking.recipients(case, extra_school=t.plaatsingsschool)
        context = bekendmaking.letter_context(
            case=case,
            soort=LetterSoort.INTREKKING,
            datum=clock.today(),
            ontvangers=ontvangers,
            ondertekenaar=by,
            per=format_date_nl(per),
            motivering=motivering.strip(),
            bezwaar_tot=format_date_nl(termijn.due_on),
            besluit=bekendmaking.besluit_facts(
                soort=t.soort,
                cluster=t.cluster,
                categorie=t.categorie,
                ingangsdatum=t.ingangsdatum,
                einddatum=t.einddatum,
                school=t.plaatsingsschool,
            ),
        )
        bekendmaking.send_letter(
            aanvraag=t.aanvraag,
            by=by,
            soort=LetterSoort.INTREKKING,
            context=context,
            ontvangers=ontvangers,
            bezwaartermijn_result=termijn,
        )
        return t
