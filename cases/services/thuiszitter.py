"""Thuiszitter route services: the only code that changes a ThuiszitterMelding.

Shaped like cases/services/tlv.py: keyword-only, one transaction, the record locked with
SELECT ... FOR UPDATE, state and permission re-checked, transition + history + timeline, deadlines moved,
the viewflow task completed, notifications queued after commit. A refused attempt raises a DomainError
with a clear Dutch message and is logged on the case's timeline.

The escalation ladder (4 weeks → consulent, 8 weeks → leerplicht + stamschool + its board, 3 months →
leerplicht + SWV director + inspectielijst) runs on three Deadline rows started on the first day of
absence; the sweep breaches them and cases/services/escalations.py asks `escalation_targets` here for the
scope.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext_noop

from cases import clock, policies
from cases.deadlines import add_term
from cases.errors import Conflict, NotPermitted, ValidationFailed
from cases.models import ConsentPurpose, School, Swv, WorkItem
from cases.models.case import Route
from cases.models.thuiszitter import (
    MAX_AGE,
    MIN_AGE,
    OPEN_STATES,
    PROGRESS_CHECK_DAYS,
    AanbodSoort,
    Afspraak,
    Casusoverleg,
    LeerplichtActie,
    LeerplichtActieSoort,
    Melder,
    PassendAanbod,
    PlanVanAanpak,
    ThuiszitterMelding,
    ThuiszitterPeriode,
    ThuiszitterStatus,
    ThuiszitterType,
    Uitschrijving,
)
from cases.roles import Role
from cases.services import consent as consent_services
from cases.services import deadlines as deadline_services
from cases.services import routes
from cases.services.archief import archive_on_close, archive_on_reopen
from cases.services.common import record_event, refusals_logged, save_with_history
from cases.services.workitems import cancel_open_items, take_for_completion, workitem_close, workitem_create
from cases.system import system_user
from cases.terms import term_for
from cases.texts import Text
from cases.validators import plausible_date, years_ahead
from workflows import engine

PLAN = "thuiszitter_plan"
AANBOD = "thuiszitter_aanbod"
DRIE_MAANDEN = "thuiszitter_3_maanden"
MONITORING = "thuiszitter_monitoring"
LADDER = (PLAN, AANBOD, DRIE_MAANDEN)
VOORTGANG_NODE = "voortgangscheck"

CONDITION_MESSAGES = {
    "heeft_stamschool_of_uitzondering": "Vul de stamschool in "
    "(niet nodig bij een nieuwkomer of verhuisleerling).",
    "heeft_plan_van_aanpak": "Er is nog geen plan van aanpak.",
    "heeft_casusoverleg": "Er is nog geen casusoverleg vastgelegd.",
    "heeft_passend_aanbod": "Er is nog geen passend aanbod vastgelegd.",
    "monitoring_voorbij": "De monitoringperiode na de terugkeer loopt nog.",
    "heeft_swv_consultatie": "Een vrijstelling art. 5 sub a kan pas na een vastgelegde consultatie van het "
    "samenwerkingsverband.",
}


_record = routes.RouteRecord(ThuiszitterMelding, Route.THUISZITTER, condition_messages=CONDITION_MESSAGES)
_lock, _transition, _open_item, _finish = _record.lock, _record.transition, _record.open_item, routes.finish


def _ladder_start(case, eerste_verzuimdag: dt.date, *, by) -> None:
    # the first day of absence is day 1: the term runs from the day after its "event", the day before
    started_on = eerste_verzuimdag - dt.timedelta(days=1)
    for kind in LADDER:
        deadline_services.deadline_start(case=case, kind=kind, started_on=started_on, by=by)


def _close_deadlines(case, kinds, *, by, reason: str) -> None:
    for kind in kinds:
        d = deadline_services.running(case, kind)
        if d is not None:
            deadline_services.deadline_close(deadline=d, reason=reason, by=by)


def open_melding_for(leerling) -> ThuiszitterMelding | None:
    return (
        ThuiszitterMelding.objects.filter(case__leerling=leerling, status__in=OPEN_STATES)
        .select_related("case")
        .first()
    )


def _born(leerling) -> dt.date | None:
    return getattr(leerling, "geboortedatum", None)


def _check_dates(*, leerling, gemeld_op: dt.date, eerste_verzuimdag: dt.date) -> None:
    born = _born(leerling)
    plausible_date(gemeld_op, field="gemeld_op", label="Datum melding", born=born)
    plausible_date(eerste_verzuimdag, field="eerste_verzuimdag", label="Eerste verzuimdag", born=born)
    today = clock.today()
    if gemeld_op > today:
        raise ValidationFailed(
            "De meldingsdatum ligt in de toekomst.", code="datum-toekomst", field="gemeld_op"
        )
    if eerste_verzuimdag > today:
        raise ValidationFailed(
            "De eerste verzuimdag ligt in de toekomst.", code="datum-toekomst", field="eerste_verzuimdag"
        )
    if eerste_verzuimdag > gemeld_op:
        raise ValidationFailed(
            "De eerste verzuimdag ligt na de meldingsdatum.",
            code="verzuim-na-melding",
            field="eerste_verzuimdag",
        )
    age = leerling.age_on(eerste_verzuimdag)
    if age < MIN_AGE or age > MAX_AGE:
        raise ValidationFailed(
            f"De leerling is {age} jaar; een thuiszittermelding geldt voor leerlingen van {MIN_AGE} "
            f"tot en met {MAX_AGE} jaar.",
            code="leeftijd",
            field="leerling",
        )


# --- melding -------------------------------------------------------------------------------------


def melding_create(
    *,
    by,
    leerling,
    type: str,
    eerste_verzuimdag: dt.date,
    officieel: bool = True,
    risico: bool = False,
    toelichting: str = "",
    gemeld_op: dt.date | None = None,
    school: School | None = None,
    melder: str | None = None,
) -> ThuiszitterMelding:
    """A melding by the school, the leerplichtambtenaar or the SWV (or, as `by` the system, zorgplicht)."""
    scope = policies.scope_of(by)
    if not scope.is_system and not policies.may_report_thuiszitter(by, leerling):
        raise NotPermitted(
            "Alleen de school van de leerling, de leerplichtambtenaar van de woongemeente of het "
            "samenwerkingsverband kan een thuiszitter melden."
        )
    if type not in ThuiszitterType.values:
        raise ValidationFailed("Kies de soort verzuim.", code="type", field="type")
    gemeld_op = gemeld_op or clock.today()
    _check_dates(leerling=leerling, gemeld_op=gemeld_op, eerste_verzuimdag=eerste_verzuimdag)
    school = leerling.stamschool or leerling.huidige_plaatsing or school
    if school is None:
        raise ValidationFailed(
            "Deze leerling heeft geen stamschool of huidige school; kies de verantwoordelijke school.",
            code="geen-school",
            field="school",
        )
    if melder is None:
        if scope.schools and school.pk in scope.schools:
            melder = Melder.SCHOOL
        elif scope.gemeenten:
            melder = Melder.LEERPLICHT
        else:
            melder = Melder.SWV
    with transaction.atomic():
        swv = Swv.objects.select_for_update().get(pk=leerling.swv_id)  # serialises meldingen per SWV
        existing = open_melding_for(leerling)
        if existing is not None:
            message = (
                f"Er loopt al een thuiszittermelding voor deze leerling: {existing.case.reference}. "
                "Werk die bij of heropen haar in plaats van een nieuwe melding te doen."
            )
            error = ValidationFailed(message, code="melding-bestaat", field="leerling")
            error.existing = existing
        else:
            error = None
        if error is None:
            case = _record.start_case(
                leerling=leerling, school=school, by=by, reason="thuiszitter gemeld", swv_id=swv.pk
            )
            melding = ThuiszitterMelding(
                case=case,
                melder=melder,
                type=type,
                officieel=officieel,
                risico=risico,
                gemeld_op=gemeld_op,
                eerste_verzuimdag=eerste_verzuimdag,
                toelichting=toelichting,
                gemeente=leerling.woongemeente,
                stamschool=leerling.stamschool,
                bestuur=school.bestuur,
            )
            routes.record_created(
                melding,
                by=by,
                reason="thuiszitter gemeld",
                to_state=ThuiszitterStatus.GEMELD,
                summary=Text(
                    gettext_noop("Thuiszitter gemeld (%(type)s), eerste verzuimdag %(day)s"),
                    type=ThuiszitterType(melding.type).label,
                    day=eerste_verzuimdag,
                ),
                event_reason=toelichting,
            )
            ThuiszitterPeriode.objects.create(melding=melding, nr=1, eerste_verzuimdag=eerste_verzuimdag)
            _ladder_start(case, eerste_verzuimdag, by=by)
            routes.start_flow(melding, _flow(), by=by)
            return melding
    # refused: point to the open melding and log the attempt on its timeline
    with refusals_logged(case=existing.case, action="nieuwe thuiszittermelding", by=by):
        raise error


# --- registratie (consulent) ----------------------------------------------------------------------


def registratie_record(
    *,
    melding: ThuiszitterMelding,
    by,
    type: str,
    officieel: bool,
    risico: bool,
    stamschool: School | None,
    nieuwkomer: bool = False,
    verhuisleerling: bool = False,
) -> ThuiszitterMelding:
    with _record.step(melding, action="registreren", by=by) as m:
        item = _open_item(m, "registratie", by)
        if type not in ThuiszitterType.values:
            raise ValidationFailed("Kies de soort verzuim.", field="type")
        if stamschool is not None and stamschool.swv_id != m.case.swv_id:
            raise ValidationFailed(
                "De stamschool hoort niet bij dit samenwerkingsverband.", field="stamschool"
            )
        m.type = type
        m.officieel = officieel
        m.risico = risico
        m.stamschool = stamschool
        m.nieuwkomer = nieuwkomer
        m.verhuisleerling = verhuisleerling
        m.gemeente = m.case.leerling.woongemeente
        m.bestuur = stamschool.bestuur if stamschool else m.case.school.bestuur
        _transition(m, "registreren", by=by, at=clock.now(), reason="geregistreerd")
        if stamschool is not None and m.case.school_id != stamschool.pk:
            case = m.case
            case.school = stamschool
            save_with_history(case, by=by, reason="verantwoordelijke school: stamschool")
        _finish(item, by=by)
        return m


# --- plan van aanpak (owner: the stamschool) -------------------------------------------------------


def plan_record(*, melding: ThuiszitterMelding, by, eigenaar: School | None, inhoud: str) -> PlanVanAanpak:
    with _record.step(melding, action="plan van aanpak", by=by) as m:
        if m.status != ThuiszitterStatus.GEREGISTREERD:
            raise Conflict(
                f"Een plan van aanpak hoort bij een geregistreerde melding, niet in status "
                f"'{m.get_status_display()}'.",
                code="transition-not-allowed",
            )
        if eigenaar is None:
            raise ValidationFailed(
                "Een plan van aanpak heeft een eigenaar nodig (de stamschool).",
                code="plan-eigenaar",
                field="eigenaar",
            )
        if not inhoud or not inhoud.strip():
            raise ValidationFailed("Beschrijf het plan van aanpak.", code="plan-leeg", field="inhoud")
        if not policies.can(by, "thuiszitter.plan", m):
            raise NotPermitted("Alleen de school of de consulent kan het plan van aanpak vastleggen.")
        item = _open_item(m, "plan_van_aanpak", by)
        plan = PlanVanAanpak(
            melding=m, periode=m.periode_nr, eigenaar=eigenaar, inhoud=inhoud.strip(), at=clock.now(), by=by
        )
        save_with_history(plan, by=by, reason="plan van aanpak")
        _transition(m, "plan_vastleggen", by=by, reason=f"eigenaar: {eigenaar.name}")
        _close_deadlines(m.case, [PLAN], by=by, reason="plan van aanpak vastgelegd")
        _finish(item, by=by)
        return plan


# --- casusoverleg ----------------------------------------------------------------------------------


def casusoverleg_record(
    *,
    melding: ThuiszitterMelding,
    by,
    datum: dt.date,
    voorzitter: str,
    voorzitter_onafhankelijk: bool,
    deelnemers: str,
    verslag: str = "",
    voorzitter_organisatie: str = "",
    afspraken: list[dict] | None = None,
) -> Casusoverleg:
    with _record.step(melding, action="casusoverleg", by=by) as m:
        if m.status != ThuiszitterStatus.PLAN_VAN_AANPAK:
            raise Conflict(
                f"Een casusoverleg wordt vastgelegd na het plan van aanpak, niet in status "
                f"'{m.get_status_display()}'.",
                code="transition-not-allowed",
            )
        item = _open_item(m, "casusoverleg", by)
        plausible_date(datum, field="datum", label="Datum overleg", born=_born(m.case.leerling))
        if datum > clock.today():
            raise ValidationFailed(
                "De datum van het overleg ligt in de toekomst.", code="datum-toekomst", field="datum"
            )
        # the ouders consent before a case goes to a case table (DOA), valid on the day of the meeting
        consent_services.consent_require(
            leerling=m.case.leerling, purpose=ConsentPurpose.CASUSOVERLEG, on=datum
        )
        if not voorzitter.strip() or not voorzitter_onafhankelijk:
            raise ValidationFailed(
                "Het casusoverleg heeft een onafhankelijke voorzitter nodig.",
                code="voorzitter",
                field="voorzitter",
            )
        if not [d for d in deelnemers.splitlines() if d.strip()]:
            raise ValidationFailed("Noem de deelnemers.", code="deelnemers", field="deelnemers")
        afspraken = afspraken or []
        if not afspraken:
            raise ValidationFailed("Leg ten minste één afspraak vast.", code="afspraken", field="afspraken")
        for a in afspraken:
            if (
                not a.get("omschrijving", "").strip()
                or not a.get("eigenaar", "").strip()
                or not a.get("uiterlijk")
            ):
                raise ValidationFailed(
                    "Elke afspraak heeft een omschrijving, een eigenaar en een datum.",
                    code="afspraak-onvolledig",
                    field="afspraken",
                )
        overleg = Casusoverleg(
            melding=m,
            periode=m.periode_nr,
            datum=datum,
            voorzitter=voorzitter.strip(),
            voorzitter_organisatie=voorzitter_organisatie.strip(),
            deelnemers=deelnemers.strip(),
            verslag=verslag.strip(),
            voortgang_op=datum + dt.timedelta(days=PROGRESS_CHECK_DAYS),
            at=clock.now(),
            by=by,
        )
        save_with_history(overleg, by=by, reason="casusoverleg")
        for a in afspraken:
            save_with_history(
                Afspraak(
                    overleg=overleg,
                    omschrijving=a["omschrijving"].strip(),
                    eigenaar=a["eigenaar"].strip(),
                    uiterlijk=a["uiterlijk"],
                ),
                by=by,
                reason="afspraak",
            )
        _transition(m, "overleg_vastleggen", by=by, reason=f"voorzitter: {overleg.voorzitter}")
        workitem_create(
            case=m.case,
            node=VOORTGANG_NODE,
            title="Voortgang na 4 weken controleren (casusoverleg)",
            role=Role.CONSULENT,
            due_at=clock.end_of_day(overleg.voortgang_op),
            instructions=f"Controleer de afspraken van het casusoverleg van {datum:%d-%m-%Y}.",
            idempotency_key=f"voortgang:{overleg.pk}",
            by=by,
        )
        _finish(item, by=by)
        return overleg


def voortgang_record(*, item: WorkItem, by, toelichting: str) -> WorkItem:
    """The progress check 4 weeks after the casusoverleg (a work item of its own, not a flow node)."""
    with refusals_logged(case=item.case, action="voortgangscheck", by=by), transaction.atomic():
        if not toelichting or not toelichting.strip():
            raise ValidationFailed("Beschrijf de voortgang van de afspraken.", field="toelichting")
        item = take_for_completion(item=item, by=by)
        record_event(
            case=item.case,
            kind="note",
            actor=by,
            action="voortgangscheck",
            summary="Voortgang na 4 weken gecontroleerd",
            reason=toelichting.strip(),
        )
        return workitem_close(item=item, by=by, reason=toelichting.strip())


# --- passend aanbod, terugkeer, monitoring ---------------------------------------------------------


def aanbod_record(
    *,
    melding: ThuiszitterMelding,
    by,
    soort: str,
    omschrijving: str,
    startdatum: dt.date,
    school: School | None = None,
) -> PassendAanbod:
    with _record.step(melding, action="passend aanbod", by=by) as m:
        routes.require_status(
            m,
            ThuiszitterStatus.CASUSOVERLEG,
            "Een passend aanbod volgt op het casusoverleg, niet in status '{status}'.",
        )
        item = _open_item(m, "passend_aanbod", by)
        plausible_date(startdatum, field="startdatum", label="Startdatum", not_after=years_ahead(1))
        if soort not in AanbodSoort.values:
            raise ValidationFailed("Kies onderwijs en/of zorg.", field="soort")
        if not omschrijving or not omschrijving.strip():
            raise ValidationFailed("Beschrijf het aanbod.", field="omschrijving")
        if startdatum < m.eerste_verzuimdag:
            raise ValidationFailed("De startdatum ligt vóór de eerste verzuimdag.", field="startdatum")
        aanbod = PassendAanbod(
            melding=m,
            periode=m.periode_nr,
            soort=soort,
            omschrijving=omschrijving.strip(),
            school=school,
            startdatum=startdatum,
            at=clock.now(),
            by=by,
        )
        save_with_history(aanbod, by=by, reason="passend aanbod")
        periode = m.perioden.get(nr=m.periode_nr)
        periode.aanbod_op = startdatum
        save_with_history(periode, by=by, reason="passend aanbod")
        _transition(m, "aanbod_vastleggen", by=by, reason=str(aanbod))
        _close_deadlines(m.case, LADDER, by=by, reason="passend aanbod vastgelegd")
        _finish(item, by=by)
        return aanbod


def terugkeer_record(
    *, melding: ThuiszitterMelding, by, terugkeer_op: dt.date, toelichting: str = ""
) -> ThuiszitterMelding:
    with _record.step(melding, action="terugkeer", by=by) as m:
        item = _open_item(m, "terugkeer", by)
        plausible_date(terugkeer_op, field="terugkeer_op", label="Terugkeer", born=_born(m.case.leerling))
        if terugkeer_op > clock.today():
            raise ValidationFailed(
                "De terugkeer ligt in de toekomst.", code="datum-toekomst", field="terugkeer_op"
            )
        if terugkeer_op < m.eerste_verzuimdag:
            raise ValidationFailed("De terugkeer ligt vóór de eerste verzuimdag.", field="terugkeer_op")
        # monitoring is a period, not an escalating term: the consulent's task is due at its end
        term = term_for(m.case.swv, MONITORING)
        monitoring_tot = add_term(terugkeer_op, term.rule.length, term.rule.unit)
        periode = m.perioden.get(nr=m.periode_nr)
        periode.terugkeer_op = terugkeer_op
        save_with_history(periode, by=by, reason="terugkeer")
        _transition(
            m, "terugkeer_vastleggen", by=by, monitoring_tot=monitoring_tot, reason=toelichting or "terug"
        )
        _finish(item, by=by)
        return m


def afsluiten(*, melding: ThuiszitterMelding, by, toelichting: str) -> ThuiszitterMelding:
    with _record.step(melding, action="afsluiten", by=by) as m:
        if not toelichting or not toelichting.strip():
            raise ValidationFailed("Beschrijf hoe het met de leerling gaat.", field="toelichting")
        if (
            m.status == ThuiszitterStatus.MONITORING
            and m.monitoring_tot
            and clock.today() <= m.monitoring_tot
        ):
            raise ValidationFailed(
                f"De monitoring loopt tot en met {m.monitoring_tot:%d-%m-%Y}; sluit daarna af.",
                code="monitoring-loopt",
            )
        item = _open_item(m, "monitoring", by)
        _transition(m, "afsluiten", by=by, at=clock.now(), reason=toelichting.strip())
        _finish(item, by=by, reason=toelichting.strip())
        cancel_open_items(case=m.case, by=by, reason="casus afgesloten")
        case = m.case
        case.closed_at = clock.now()
        archive_on_close(case)
        save_with_history(case, by=by, reason="afgesloten")
        return m


def heropenen(
    *, melding: ThuiszitterMelding, by, eerste_verzuimdag: dt.date, reason: str
) -> ThuiszitterMelding:
    """The pupil drops out again: same case, same record, a new period at home and a new process."""
    with _record.step(melding, action="heropenen", by=by) as m:
        if not reason or not reason.strip():
            raise ValidationFailed("Geef een reden voor het heropenen.", field="reason")
        today = clock.today()
        _check_dates(leerling=m.case.leerling, gemeld_op=today, eerste_verzuimdag=eerste_verzuimdag)
        if m.case.closed_at is not None:  # the archive's say: bewaartermijn, destruction lists
            from cases.services.vernietiging import reopen_check

            reopen_check(m.case, by=by, reason=reason.strip())
        last = m.perioden.order_by("-nr").first()
        if last and last.terugkeer_op and eerste_verzuimdag < last.terugkeer_op:
            raise ValidationFailed(
                "De nieuwe eerste verzuimdag ligt vóór de vorige terugkeer.", field="eerste_verzuimdag"
            )
        _transition(
            m, "heropenen", by=by, eerste_verzuimdag=eerste_verzuimdag, gemeld_op=today, reason=reason
        )
        ThuiszitterPeriode.objects.create(melding=m, nr=m.periode_nr, eerste_verzuimdag=eerste_verzuimdag)
        for d in m.case.deadlines.exclude(status="closed"):
            deadline_services.deadline_close(deadline=d, reason="heropend", by=by)
        cancel_open_items(case=m.case, by=by, reason="heropend")
        if m.process_id and m.process.status not in ("DONE", "CANCELED"):
            engine.cancel_process(m.process, by=by)
        case = m.case
        case.closed_at = None
        archive_on_reopen(case)
        save_with_history(case, by=by, reason=f"heropend: {reason}")
        _ladder_start(case, eerste_verzuimdag, by=by)
        m.process = engine.start_process(_flow(), by=by, record=m)
        save_with_history(m, by=by, reason="werkstroom opnieuw gestart")
        return m


# --- leerplicht ------------------------------------------------------------------------------------


def leerplicht_actie_record(
    *, melding: ThuiszitterMelding, by, soort: str, datum: dt.date, toelichting: str
) -> LeerplichtActie:
    with refusals_logged(case=melding.case, action=f"leerplichtactie {soort}", by=by), transaction.atomic():
        m = _lock(melding)
        if soort not in LeerplichtActieSoort.values:
            raise ValidationFailed("Kies een actie.", field="soort")
        if soort == LeerplichtActieSoort.SWV_CONSULTATIE:
            if not policies.can(by, "leerplicht.consult", m):
                raise NotPermitted("Alleen de leerplichtambtenaar van de woongemeente of de consulent.")
        elif not policies.can(by, "leerplicht.act", m):
            raise NotPermitted("Alleen de leerplichtambtenaar van de woongemeente van de leerling.")
        plausible_date(datum, field="datum", label="Datum", born=_born(m.case.leerling))
        if datum > clock.today():
            raise ValidationFailed("De datum ligt in de toekomst.", code="datum-toekomst", field="datum")
        if not toelichting or not toelichting.strip():
            raise ValidationFailed("Geef een toelichting.", field="toelichting")
        if soort == LeerplichtActieSoort.VRIJSTELLING_5A:
            from cases.models.thuiszitter import heeft_swv_consultatie

            if not heeft_swv_consultatie(m):
                raise ValidationFailed(
                    CONDITION_MESSAGES["heeft_swv_consultatie"], code="vrijstelling-zonder-consultatie"
                )
            m.vrijstelling_op = datum
            save_with_history(m, by=by, reason="vrijstelling art. 5 sub a")
        actie = LeerplichtActie(
            melding=m, soort=soort, datum=datum, toelichting=toelichting.strip(), at=clock.now(), by=by
        )
        save_with_history(actie, by=by, reason=actie.get_soort_display())
        record_event(
            case=m.case,
            kind="note",
            actor=by,
            action=f"leerplicht_{soort}",
            summary=f"Leerplicht: {actie.get_soort_display()} ({datum:%d-%m-%Y})",
            reason=actie.toelichting,
        )
        return actie


# --- uitschrijving guard ---------------------------------------------------------------------------


def uitschrijving_record(
    *,
    leerling,
    by,
    datum: dt.date,
    vervolgplek_school: School | None = None,
    vervolgplek_omschrijving: str = "",
) -> Uitschrijving:
    """De-register a pupil from the stamschool; refused without a recorded vervolgplek (000:L240)."""
    plausible_date(
        datum, field="datum", label="Datum uitschrijving", born=_born(leerling), not_after=years_ahead(1)
    )
    school = leerling.stamschool
    open_case = open_melding_for(leerling)

    def _do():
        if school is None or school.pk not in policies.scope_of(by).schools:
            raise NotPermitted("Alleen de stamschool kan een leerling uitschrijven.")
        if vervolgplek_school is None and not vervolgplek_omschrijving.strip():
            raise ValidationFailed(
                "Uitschrijven kan alleen met een vastgelegde vervolgplek: leg eerst vast op welke school of "
                "welke plek de leerling verder gaat.",
                code="uitschrijving-zonder-vervolgplek",
                field="vervolgplek_school",
            )
        if vervolgplek_school is not None and vervolgplek_school.pk == school.pk:
            raise ValidationFailed("De vervolgplek is dezelfde school.", field="vervolgplek_school")
        with transaction.atomic():
            row = Uitschrijving(
                leerling=leerling,
                school=school,
                datum=datum,
                vervolgplek_school=vervolgplek_school,
                vervolgplek_omschrijving=vervolgplek_omschrijving.strip(),
                at=clock.now(),
                by=by,
            )
            save_with_history(row, by=by, reason="uitgeschreven")
            leerling.stamschool = vervolgplek_school
            save_with_history(leerling, by=by, reason=f"uitgeschreven bij {school.name}")
            if open_case is not None:
                record_event(
                    case=open_case.case,
                    kind="note",
                    actor=by,
                    action="uitschrijving",
                    summary=f"Uitgeschreven bij {school.name}; vervolgplek: "
                    f"{vervolgplek_school.name if vervolgplek_school else row.vervolgplek_omschrijving}",
                )
            return row

    if open_case is not None:
        with refusals_logged(case=open_case.case, action="uitschrijven", by=by):
            return _do()
    return _do()


# --- flow bridge and escalation hooks -------------------------------------------------------------


def task_created(melding: ThuiszitterMelding, *, task, node: str) -> WorkItem:
    from workflows.thuiszitter.flow import ThuiszitterFlow

    due_at = None
    if node == "monitoring" and melding.monitoring_tot:
        due_at = clock.end_of_day(melding.monitoring_tot)
    return routes.task_item(
        case=melding.case,
        task=task,
        node=node,
        node_roles=ThuiszitterFlow.NODE_ROLES,
        school=melding.stamschool or melding.case.school,
        due_at=due_at,
    )


def escalation_targets(*, deadline, roles) -> list[tuple[str, School | None, object | None]]:
    """Scope each escalation: leerplicht → the pupil's woongemeente, school → the stamschool."""
    case = deadline.case
    melding = ThuiszitterMelding.objects.select_related("stamschool").get(case=case)
    out = []
    for role in roles:
        if role == Role.LEERPLICHTAMBTENAAR:
            out.append((role, None, case.leerling.woongemeente))
        elif role in (Role.SCHOOL, Role.SCHOOLBESTUUR):  # the board's item is scoped by its school
            out.append((role, melding.stamschool or case.school, None))
        else:
            out.append((role, None, None))
    return out


def on_breach(*, deadline, by) -> None:
    """At 3 months the case goes on the inspectie list."""
    if deadline.kind != DRIE_MAANDEN:
        return
    m = ThuiszitterMelding.objects.select_for_update(of=("self",)).get(case=deadline.case)
    if m.inspectie_gemeld_op is None:
        m.inspectie_gemeld_op = clock.now()
        save_with_history(m, by=by, reason="3 maanden thuis: op de inspectielijst")
        record_event(
            case=m.case,
            kind="escalation",
            actor=by,
            action="inspectielijst",
            summary="Langer dan 3 maanden thuis zonder passend aanbod: op de inspectielijst",
        )


def risk_melding_from_zorgplicht(
    *, leerling, school: School, eerste_verzuimdag: dt.date
) -> ThuiszitterMelding:
    """Called by the zorgplicht service when the term runs out without a place."""
    return melding_create(
        by=system_user(),
        leerling=leerling,
        type=ThuiszitterType.RELATIEF if leerling.stamschool_id else ThuiszitterType.ABSOLUUT,
        eerste_verzuimdag=eerste_verzuimdag,
        officieel=False,
        risico=True,
        toelichting="Zorgplichttermijn verstreken zonder plek.",
        school=school,
        melder=Melder.ZORGPLICHT,
    )


_flow = routes.flow_of("thuiszitter", "ThuiszitterFlow")
