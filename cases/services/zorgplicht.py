"""Zorgplicht services: an aanmelding at a school, its 6-week term, one 4-week verlenging, the outcome.

Service-only (no viewflow process): the board's decision is one WorkItem ("zorgplicht_besluit") in the
school's werkvoorraad, due at the end of the term. When the term runs out without a place the sweep
breaches it; `on_breach` records the outcome and creates a thuiszitter risk melding, and
cases/services/escalations.py escalates to the school (board) and the consulent via `escalation_targets`.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.utils.translation import gettext_noop

from cases import clock, policies
from cases.deadlines import NOTICE_TO_PARENTS, stored_term_text
from cases.errors import Conflict, DomainError, NotPermitted, ValidationFailed
from cases.models import Aanmelding, AanmeldingStatus, School, WorkItem
from cases.models.case import Route
from cases.roles import Role
from cases.services import deadlines as deadline_services
from cases.services import routes
from cases.services.archief import archive_on_close
from cases.services.common import apply_transition, record_event, refusals_logged, save_with_history
from cases.services.workitems import cancel_open_items, take_for_completion, workitem_close, workitem_create
from cases.validators import plausible_date, years_ahead

log = logging.getLogger("cases.services")

ZORGPLICHT = "zorgplicht"
BESLUIT_NODE = "zorgplicht_besluit"

CONDITION_MESSAGES = {
    "heeft_verlenging_kennisgeving": "Leg de schriftelijke kennisgeving aan de ouders vast.",
}


_record = routes.RouteRecord(Aanmelding, Route.ZORGPLICHT, condition_messages=CONDITION_MESSAGES)
_lock = _record.lock


def aanmelding_create(
    *, by, leerling, school: School, aangemeld_op: dt.date, toelichting: str = ""
) -> Aanmelding:
    """The school records a written aanmelding; the board's 6-week term starts."""
    plausible_date(
        aangemeld_op,
        field="aangemeld_op",
        label="Aangemeld op",
        born=getattr(leerling, "geboortedatum", None),
        not_after=years_ahead(1),
    )
    if school.pk not in policies.scope_of(by).schools:
        raise NotPermitted("Alleen de school waar de leerling is aangemeld, legt de aanmelding vast.")
    if leerling.swv_id != school.swv_id:
        raise ValidationFailed(
            "Deze leerling hoort niet bij het samenwerkingsverband van de school.", field="leerling"
        )
    if aangemeld_op > clock.today():
        raise ValidationFailed(
            "De aanmelddatum ligt in de toekomst.", code="datum-toekomst", field="aangemeld_op"
        )
    if Aanmelding.objects.filter(
        case__leerling=leerling, case__school=school, status=AanmeldingStatus.AANGEMELD
    ).exists():
        raise ValidationFailed("Deze leerling is al aangemeld bij deze school.", code="aanmelding-bestaat")
    with transaction.atomic():
        case = _record.start_case(leerling=leerling, school=school, by=by, reason="aanmelding")
        aanmelding = Aanmelding(case=case, aangemeld_op=aangemeld_op, toelichting=toelichting)
        routes.record_created(
            aanmelding,
            by=by,
            reason="aanmelding",
            to_state=AanmeldingStatus.AANGEMELD,
            summary=f"Schriftelijk aangemeld op {aangemeld_op:%d-%m-%Y}; zorgplichttermijn gestart",
        )
        deadline = deadline_services.deadline_start(
            case=case,
            kind=ZORGPLICHT,
            started_on=aangemeld_op,
            started_because=gettext_noop("schriftelijke aanmelding ontvangen"),
            by=by,
        )
        workitem_create(
            case=case,
            node=BESLUIT_NODE,
            title="Besluiten over de aanmelding (zorgplicht)",
            role=Role.SCHOOL,
            school=school,
            deadline=deadline,
            by=by,
        )
        return aanmelding


def verlengen(*, aanmelding: Aanmelding, by, kennisgeving: str) -> Aanmelding:
    """Extend the term once by 4 weeks, with the written notice to the ouders recorded."""
    with _record.step(aanmelding, action="zorgplichttermijn verlengen", by=by) as a:
        if a.verlengd_op is not None:
            raise ValidationFailed(
                f"De zorgplichttermijn is al verlengd op {a.verlengd_op:%d-%m-%Y}; dat kan maar één keer.",
                code="verdaging-maximum",
            )
        a.verlenging_kennisgeving = (kennisgeving or "").strip()
        termijn = deadline_services.running(a.case, ZORGPLICHT)
        if termijn is None:
            raise Conflict("Er loopt geen zorgplichttermijn.", code="geen-termijn")
        apply_transition(
            a,
            "verlengen",
            by=by,
            on=clock.today(),
            reason=a.verlenging_kennisgeving,
            condition_messages=CONDITION_MESSAGES,
        )
        deadline_services.deadline_extend(
            deadline=termijn,
            reason=stored_term_text(NOTICE_TO_PARENTS, notice=a.verlenging_kennisgeving)[:300],
            by=by,
        )
        return a


def besluit_record(
    *,
    aanmelding: Aanmelding,
    by,
    uitkomst: str,
    school: School | None = None,
    omschrijving: str = "",
) -> Aanmelding:
    """The board's outcome: toegelaten, another passende plek offered and accepted, or none."""
    with refusals_logged(case=aanmelding.case, action="besluit aanmelding", by=by), transaction.atomic():
        a = _lock(aanmelding)
        item = (
            WorkItem.objects.filter(case=a.case, node=BESLUIT_NODE, status=WorkItem.Status.OPEN)
            .order_by("-pk")
            .first()
        )
        if item is None or a.status != AanmeldingStatus.AANGEMELD:
            raise Conflict("Over deze aanmelding is al besloten.", code="task-not-open")
        item = take_for_completion(item=item, by=by)
        now = clock.now()
        if uitkomst == AanmeldingStatus.TOEGELATEN:
            apply_transition(a, "toelaten", by=by, actor=by, at=now, reason="toegelaten")
        elif uitkomst == AanmeldingStatus.ELDERS_GEPLAATST:
            if school is None and not omschrijving.strip():
                raise ValidationFailed("Noem de andere passende plek.", field="school")
            apply_transition(
                a,
                "elders_plaatsen",
                by=by,
                school=school,
                omschrijving=omschrijving.strip(),
                actor=by,
                at=now,
                reason="andere passende plek aanvaard",
            )
        elif uitkomst == AanmeldingStatus.GEEN_PLEK:
            if not omschrijving.strip():
                raise ValidationFailed("Motiveer waarom er geen plek is.", field="omschrijving")
            apply_transition(a, "geen_plek", by=by, omschrijving=omschrijving.strip(), actor=by, at=now)
        else:
            raise ValidationFailed("Kies een uitkomst.", field="uitkomst")
        termijn = deadline_services.running(a.case, ZORGPLICHT)
        if termijn is not None:
            deadline_services.deadline_close(deadline=termijn, reason=a.get_status_display(), by=by)
        workitem_close(item=item, by=by, reason=a.get_status_display())
        cancel_open_items(case=a.case, by=by, reason="besloten")
        case = a.case
        case.closed_at = now
        archive_on_close(case)
        save_with_history(case, by=by, reason="besloten")
        return a


# --- escalation hooks (called from cases/services/escalations.term_breach) --------------------------


def escalation_targets(*, deadline, roles):
    """The board is reached through the school of aanmelding; leerplicht through the woongemeente."""
    case = deadline.case
    out = []
    for role in roles:
        if role == Role.SCHOOL:
            out.append((role, case.school, None))
        elif role == Role.LEERPLICHTAMBTENAAR:
            out.append((role, None, case.leerling.woongemeente))
        else:
            out.append((role, None, None))
    return out


def on_breach(*, deadline, by) -> None:
    """The term ran out without a place: record it and create a thuiszitter risk melding."""
    from cases.services import thuiszitter

    a = (
        Aanmelding.objects.select_for_update(of=("self",))
        .select_related("case", "case__leerling")
        .get(case=deadline.case)
    )
    if a.status != AanmeldingStatus.AANGEMELD:
        return
    leerling = a.case.leerling
    melding = thuiszitter.open_melding_for(leerling)
    if melding is None:
        try:
            melding = thuiszitter.risk_melding_from_zorgplicht(
                leerling=leerling,
                school=a.case.school,
                eerste_verzuimdag=min(deadline.due_on + dt.timedelta(days=1), clock.today()),
            )
        except DomainError as exc:  # e.g. the pupil is outside the age range: record, do not retry
            log.info("no risk melding for %s: %s", a.case.reference, exc.message)
            routes.follow_up_refused(
                a.case, by, "risicomelding", "Geen thuiszitter-risicomelding aangemaakt", exc
            )
    apply_transition(
        a, "termijn_verstreken", by=by, melding=melding, at=clock.now(), reason="termijn verstreken"
    )
    if melding is not None:
        record_event(
            case=a.case,
            kind="escalation",
            actor=by,
            action="risicomelding",
            summary="Zorgplichttermijn verstreken zonder plek: thuiszitter-risicomelding "
            f"{melding.case.reference}",
        )
    for item in WorkItem.objects.filter(case=a.case, node=BESLUIT_NODE, status=WorkItem.Status.OPEN):
        workitem_close(item=item, by=by, status=WorkItem.Status.CANCELLED, reason="termijn verstreken")
