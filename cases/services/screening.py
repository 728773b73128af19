"""Zorg-naar-onderwijs screening services: the only code that changes a ZorgOnderwijsScreening.

Shaped like cases/services/thuiszitter.py: keyword-only, one transaction, the record locked with
SELECT ... FOR UPDATE, state and permission re-checked (apply_transition), history + timeline, deadlines
moved, the viewflow task completed. Refused attempts raise a DomainError and are logged on the timeline.

Terms: `screening_termijn` (6 weeks from the aanmelding to the advice; warning, then an escalation to the
screeningsteam coördinator) and `screening_herscreening` (a re-screen task on its due day: after a
"nog niet" advice on the advised date, or after a placement that leaves a (partial) vrijstelling, after
the SWV's interval, default 6 months).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from cases import clock, policies, profiles
from cases.deadlines import Unit, add_term
from cases.errors import Conflict, NotPermitted, ValidationFailed
from cases.models import ConsentPurpose, Leerling, School, Swv, WorkItem
from cases.models.case import Route
from cases.models.screening import (
    DEFAULT_SCHOOL_SOORTEN,
    PLAATSING_VOLGT,
    Advies,
    Herkomst,
    Plaatsing,
    ScreeningInstelling,
    ScreeningStatus,
    Vrijstelling,
    ZorgOnderwijsScreening,
)
from cases.roles import Role
from cases.services import consent as consent_services
from cases.services import deadlines as deadline_services
from cases.services import routes
from cases.services.archief import archive_on_close
from cases.services.common import record_event, refusals_logged, save_with_history
from cases.services.workitems import take_for_completion, workitem_close, workitem_once
from cases.terms import term_for
from cases.validators import plausible_date, years_ahead

TERMIJN = "screening_termijn"
HERSCREENING = "screening_herscreening"
HERSCREENING_NODE = "herscreening"

CONDITION_MESSAGES = {
    "heeft_toestemming": "Zonder toestemming van de ouders kan er niet gescreend worden.",
    "heeft_advies": "Het plaatsingsbesluit volgt op het advies van het screeningsteam; "
    "er is nog geen advies.",
}


_record = routes.RouteRecord(
    ZorgOnderwijsScreening,
    Route.SCREENING,
    condition_messages=CONDITION_MESSAGES,
    one_open=(ScreeningStatus.AFGESLOTEN, "een screening", "screening-bestaat"),
)
_lock, _transition, _open_item, _finish = _record.lock, _record.transition, _record.open_item, routes.finish


def school_soorten(swv) -> list[str]:
    inst = ScreeningInstelling.objects.filter(swv=swv).first()
    return list(inst.school_soorten) if inst and inst.school_soorten else list(DEFAULT_SCHOOL_SOORTEN)


def _close_term(case, kind, *, by, reason):
    d = deadline_services.running(case, kind)
    if d is not None:
        deadline_services.deadline_close(deadline=d, reason=reason, by=by)


# --- aanmelding (the SO school) --------------------------------------------------------------------


def aanmelding_create(
    *,
    by,
    leerling: Leerling,
    school: School,
    herkomst: str,
    herkomst_toelichting: str = "",
    vrijstelling: str = Vrijstelling.GEEN,
    toelichting: str = "",
    vorige: ZorgOnderwijsScreening | None = None,
) -> ZorgOnderwijsScreening:
    """Register a child coming from care for screening. Refused without a valid consent for the screening
    in the consent register (cases/services/consent.py)."""
    if school.pk not in policies.scope_of(by).schools:
        raise NotPermitted("Alleen een medewerker van de aanmeldende school kan een kind aanmelden.")
    if school.swv_id != leerling.swv_id:
        raise ValidationFailed("De leerling hoort niet bij het samenwerkingsverband van de school.")
    soorten = school_soorten(school.swv)
    if school.soort not in soorten:
        raise ValidationFailed(
            "Dit samenwerkingsverband laat alleen scholen van deze soort aanmelden: "
            + ", ".join(str(dict(School.Soort.choices).get(s, s)) for s in soorten)
            + ".",
            code="school-soort",
            field="school",
        )
    if herkomst not in Herkomst.values:
        raise ValidationFailed("Kies waar het kind vandaan komt.", field="herkomst")
    if vrijstelling not in Vrijstelling.values:
        raise ValidationFailed("Kies de vrijstelling.", field="vrijstelling")
    today = clock.today()
    toestemming = consent_services.consent_require(leerling=leerling, purpose=ConsentPurpose.SCREENING)
    with transaction.atomic():
        case = _record.start_case(leerling=leerling, school=school, by=by, reason="aangemeld voor screening")
        s = ZorgOnderwijsScreening(
            case=case,
            vorige=vorige,
            herkomst=herkomst,
            herkomst_toelichting=herkomst_toelichting.strip(),
            vrijstelling=vrijstelling,
            toestemming_ouders=True,
            toestemming_op=toestemming.gegeven_op,
            aangemeld_op=today,
            toelichting=toelichting.strip(),
        )
        routes.record_created(
            s,
            by=by,
            reason="aangemeld voor screening",
            to_state=ScreeningStatus.AANGEMELD,
            summary=f"Aangemeld voor screening zorg naar onderwijs (uit {s.get_herkomst_display()})"
            + (f"; herscreening na {vorige.case.reference}" if vorige else ""),
            event_reason=s.toelichting,
        )
        deadline_services.deadline_start(case=case, kind=TERMIJN, started_on=today, by=by)
        routes.start_flow(s, _flow(), by=by)
        return s


def screening_reopen(*, screening: ZorgOnderwijsScreening, by, reason: str) -> ZorgOnderwijsScreening:
    """A closed screening starts again: screened anew within a new screening term, with a new process."""

    def restart(s):
        deadline_services.deadline_start(case=s.case, kind=TERMIJN, started_on=clock.today(), by=by)
        routes.start_flow(s, _flow(), by=by)

    return _record.reopen(screening, by=by, reason=reason, restart=restart)


# --- screening and advice (screeningsteam) -----------------------------------------------------------


def advies_record(
    *,
    screening: ZorgOnderwijsScreening,
    by,
    deelnemers: str,
    bevindingen: str,
    advies: str,
    uren_onderwijs: int | None = None,
    uren_zorg: int | None = None,
    herscreening_op: dt.date | None = None,
) -> ZorgOnderwijsScreening:
    plausible_date(herscreening_op, field="herscreening_op", label="Herscreening", not_after=years_ahead(5))
    with _record.step(screening, action="screeningsadvies", by=by) as s:
        routes.require_status(
            s, ScreeningStatus.AANGEMELD, "Het advies is al vastgelegd (status '{status}')."
        )
        # the screeningsteam advises on a complete file: the documents the SWV requires on this route
        profiles.check_documents(profiles.for_case(s.case), case=s.case, route="screening")
        item = _open_item(s, "screening", by)
        if not deelnemers or not deelnemers.strip():
            raise ValidationFailed("Noem de deelnemers van het screeningsteam.", field="deelnemers")
        if not bevindingen or not bevindingen.strip():
            raise ValidationFailed("Beschrijf de bevindingen.", field="bevindingen")
        if advies not in Advies.values:
            raise ValidationFailed("Kies een advies.", field="advies")
        if advies == Advies.GEDEELTELIJK and not (uren_onderwijs and uren_zorg):
            raise ValidationFailed(
                "Een onderwijs-zorgarrangement noemt de uren onderwijs en de uren zorg per week.",
                code="arrangement-uren",
                field="uren_onderwijs",
            )
        if advies == Advies.NOG_NIET:
            if herscreening_op is None:
                herscreening_op = add_term(clock.today(), *_interval(s.case.swv))
            if herscreening_op <= clock.today():
                raise ValidationFailed("De herscreening ligt in de toekomst.", field="herscreening_op")
        else:
            herscreening_op = None
        s.deelnemers = deelnemers.strip()
        s.bevindingen = bevindingen.strip()
        s.advies = advies
        s.uren_onderwijs = uren_onderwijs if advies == Advies.GEDEELTELIJK else None
        s.uren_zorg = uren_zorg if advies == Advies.GEDEELTELIJK else None
        s.herscreening_op = herscreening_op
        _transition(s, "adviseren", by=by, at=clock.now(), reason=f"advies: {s.get_advies_display()}")
        _close_term(s.case, TERMIJN, by=by, reason="advies gegeven")
        _finish(item, by=by)
        return s


def _interval(swv) -> tuple[int, Unit]:
    term = term_for(swv, HERSCREENING)
    return term.rule.length, term.rule.unit


def informeren_record(
    *, screening: ZorgOnderwijsScreening, by, ouders_op: dt.date, bestuur_op: dt.date, toelichting: str = ""
) -> ZorgOnderwijsScreening:
    plausible_date(ouders_op, field="ouders_op", label="Ouders geïnformeerd op", not_after=years_ahead(1))
    plausible_date(bestuur_op, field="bestuur_op", label="Bestuur geïnformeerd op", not_after=years_ahead(1))
    with _record.step(screening, action="ouders en bestuur informeren", by=by) as s:
        item = _open_item(s, "informeren", by)
        today = clock.today()
        for name, day in (("ouders_op", ouders_op), ("bestuur_op", bestuur_op)):
            if day is None or day > today:
                raise ValidationFailed("Vul een datum in die niet in de toekomst ligt.", field=name)
        _transition(
            s,
            "informeren",
            by=by,
            ouders_op=ouders_op,
            bestuur_op=bestuur_op,
            reason=toelichting or "advies gedeeld met ouders en schoolbestuur",
        )
        _finish(item, by=by)
        return s


# --- placement decision (the school) ----------------------------------------------------------------


def plaatsing_record(
    *,
    screening: ZorgOnderwijsScreening,
    by,
    plaatsing: str,
    afwijking_motivering: str = "",
) -> ZorgOnderwijsScreening:
    """The school's placement decision, weighing the advice; a deviation must be motivated."""
    with _record.step(screening, action="plaatsingsbesluit", by=by) as s:
        if not s.advies:
            raise ValidationFailed(
                CONDITION_MESSAGES["heeft_advies"], code="plaatsing-voor-advies", field="plaatsing"
            )
        if s.status != ScreeningStatus.GEINFORMEERD:
            raise Conflict(
                "Het plaatsingsbesluit volgt nadat de ouders en het bestuur over het advies zijn "
                "geïnformeerd.",
                code="transition-not-allowed",
            )
        item = _open_item(s, "plaatsing", by)
        if plaatsing not in Plaatsing.values:
            raise ValidationFailed("Kies het plaatsingsbesluit.", field="plaatsing")
        gevolgd = PLAATSING_VOLGT[Advies(s.advies)] == plaatsing
        if not gevolgd and not afwijking_motivering.strip():
            raise ValidationFailed(
                "Het besluit wijkt af van het advies; leg vast waarom.",
                code="afwijking-motivering",
                field="afwijking_motivering",
            )
        s.plaatsing = plaatsing
        s.plaatsing_school = (
            s.case.school if plaatsing in (Plaatsing.VOLLEDIG, Plaatsing.GEDEELTELIJK) else None
        )
        s.advies_gevolgd = gevolgd
        s.afwijking_motivering = "" if gevolgd else afwijking_motivering.strip()
        if plaatsing == Plaatsing.VOLLEDIG:
            s.vrijstelling = Vrijstelling.GEEN
        elif plaatsing == Plaatsing.GEDEELTELIJK:
            s.vrijstelling = Vrijstelling.GEDEELTELIJK
        _transition(
            s,
            "plaatsen",
            by=by,
            at=clock.now(),
            reason=f"{s.get_plaatsing_display()}; advies {'gevolgd' if gevolgd else 'niet gevolgd'}",
        )
        _finish(item, by=by)
        case = s.case
        case.closed_at = clock.now()
        archive_on_close(case)
        save_with_history(case, by=by, reason="plaatsingsbesluit")
        if plaatsing != Plaatsing.VOLLEDIG or s.vrijstelling != Vrijstelling.GEEN:
            _herscreening_start(s, by=by)
        return s


def _herscreening_start(s: ZorgOnderwijsScreening, *, by):
    """A re-screen task on the advised date ("nog niet") or after the SWV's interval."""
    today = clock.today()
    if s.advies == Advies.NOG_NIET and s.herscreening_op and s.herscreening_op > today:
        days = (s.herscreening_op - today).days
        return deadline_services.deadline_start(
            case=s.case, kind=HERSCREENING, started_on=today, by=by, length=days, unit=Unit.CALENDAR_DAYS
        )
    return deadline_services.deadline_start(case=s.case, kind=HERSCREENING, started_on=today, by=by)


# --- timer hooks (cases/services/escalations._kind_hooks) -------------------------------------------


def on_signal_warning(*, deadline, by) -> list[WorkItem]:
    """The re-screen day: a task for the screeningsteam (idempotent per deadline)."""
    case = deadline.case
    s = ZorgOnderwijsScreening.objects.get(case=case)
    return [
        workitem_once(
            case=case,
            node=HERSCREENING_NODE,
            title="Herscreening zorg naar onderwijs",
            role=Role.SCREENINGSTEAM,
            due_at=clock.end_of_day(deadline.due_on + dt.timedelta(weeks=2)),
            instructions=(
                f"Advies was '{s.get_advies_display()}', besluit '{s.get_plaatsing_display()}'. "
                "Bekijk met de school en de ouders of het kind (meer) onderwijs kan volgen en meld het "
                "opnieuw aan voor screening, of leg vast waarom niet."
            ),
            idempotency_key=f"deadline:{deadline.pk}:herscreening",
            by=by,
        )
    ]


def on_signal_breach(*, deadline, by) -> list[WorkItem]:
    """The day after the re-screen day: the task stands; the signal term is done."""
    deadline_services.deadline_close(deadline=deadline, reason="herscreeningsmoment bereikt", by=by)
    return []


def herscreening_record(
    *, item: WorkItem, by, opnieuw_aanmelden: bool, toelichting: str
) -> WorkItem | ZorgOnderwijsScreening:
    """The re-screen task: register the child anew (with a valid consent in the register) or say why not."""
    with refusals_logged(case=item.case, action="herscreening", by=by), transaction.atomic():
        if not policies.may_act_on_workitem(by, item):
            raise NotPermitted("Deze taak hoort niet bij uw rol of organisatie.")
        if not toelichting or not toelichting.strip():
            raise ValidationFailed("Geef een toelichting.", field="toelichting")
        old = ZorgOnderwijsScreening.objects.select_related("case", "case__school").get(case=item.case)
        item = take_for_completion(item=item, by=by)
        new = None
        if opnieuw_aanmelden:
            toestemming = consent_services.consent_require(
                leerling=old.case.leerling, purpose=ConsentPurpose.SCREENING
            )
            new = _reregister(
                old, by=by, toelichting=toelichting.strip(), toestemming_op=toestemming.gegeven_op
            )
        record_event(
            case=old.case,
            kind="note",
            actor=by,
            action="herscreening",
            summary=f"Herscreening: opnieuw aangemeld ({new.case.reference})"
            if new
            else "Herscreening: niet opnieuw aangemeld",
            reason=toelichting.strip(),
        )
        _close_term(old.case, HERSCREENING, by=by, reason="herscreening afgehandeld")
        workitem_close(item=item, by=by, reason=toelichting.strip())
        return new or item


def _reregister(
    old: ZorgOnderwijsScreening, *, by, toelichting: str, toestemming_op: dt.date
) -> ZorgOnderwijsScreening:
    """A new screening for the same child, registered on behalf of the same school."""
    case = old.case
    swv = Swv.objects.select_for_update().get(pk=case.swv_id)
    new_case = routes.open_case(
        swv=swv,
        leerling=case.leerling,
        school=case.school,
        route=Route.SCREENING,
        by=by,
        reason="herscreening",
    )
    s = ZorgOnderwijsScreening(
        case=new_case,
        vorige=old,
        herkomst=old.herkomst,
        herkomst_toelichting=old.herkomst_toelichting,
        vrijstelling=old.vrijstelling,
        toestemming_ouders=True,
        toestemming_op=toestemming_op,
        aangemeld_op=clock.today(),
        toelichting=toelichting,
    )
    routes.record_created(
        s,
        by=by,
        reason="herscreening",
        to_state=ScreeningStatus.AANGEMELD,
        summary=f"Herscreening na {case.reference}",
        event_reason=toelichting,
    )
    deadline_services.deadline_start(case=new_case, kind=TERMIJN, started_on=clock.today(), by=by)
    routes.start_flow(s, _flow(), by=by)
    return s


# --- flow bridge ------------------------------------------------------------------------------------


_flow = routes.flow_of("screening", "ScreeningFlow")
