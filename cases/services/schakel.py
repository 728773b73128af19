"""Schakel / terugplaatsing services: the only code that changes a Schakeltraject.

Shaped like cases/services/thuiszitter.py. Terms: `schakel_proefperiode` (8 weeks from the start of the
proefplaatsing, once extendable; the besluit task is due at its end, the consulent gets an escalation when
it runs out) and the nazorg checkpoints `schakel_nazorg_3` / `schakel_nazorg_12` (a task for the receiving
school on the day; cases/services/escalations._kind_hooks). A definitive terugplaatsing out of specialised
education ends the pupil's active TLV through cases/services/tlv_lifecycle.tlv_beeindigen.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction

from cases import clock, policies, profiles
from cases.errors import Conflict, DomainError, NotPermitted, ValidationFailed
from cases.models import Leerling, School, Tlv, WorkItem
from cases.models.case import Route
from cases.models.schakel import (
    NazorgCheckpoint,
    Schakeloverleg,
    SchakelSoort,
    SchakelStatus,
    Schakeltraject,
    SignaalBron,
    Uitkomst,
)
from cases.models.tlv_lifecycle import TlvStatusGeldig
from cases.roles import Role
from cases.services import deadlines as deadline_services
from cases.services import routes
from cases.services.archief import archive_on_close
from cases.services.common import record_event, refusals_logged, save_with_history
from cases.services.workitems import cancel_open_items, workitem_close, workitem_once
from cases.validators import plausible_date, years_ahead

log = logging.getLogger("cases.services")

PROEF = "schakel_proefperiode"
NAZORG_KINDS = {"schakel_nazorg_3": 3, "schakel_nazorg_12": 12}
NAZORG_NODES = {3: "nazorg_3", 12: "nazorg_12"}
BESLUIT_VERLENGEN = "verlengen"

CONDITION_MESSAGES = {
    "heeft_overleg": "Er is nog geen schakeloverleg vastgelegd.",
    "heeft_ontvangende_school": "Kies de ontvangende school.",
}


_record = routes.RouteRecord(
    Schakeltraject,
    Route.SCHAKEL,
    condition_messages=CONDITION_MESSAGES,
    related=("ontvangende_school",),
    one_open=(SchakelStatus.AFGESLOTEN, "een schakeltraject", "traject-bestaat"),
)
_lock, _transition, _open_item, _finish = _record.lock, _record.transition, _record.open_item, routes.finish


def active_tlv_for(leerling: Leerling, today: dt.date | None = None) -> Tlv | None:
    today = today or clock.today()
    return (
        Tlv.objects.filter(
            case__leerling=leerling,
            status=TlvStatusGeldig.ACTIEF,
            ingangsdatum__lte=today,
            einddatum__gte=today,
        )
        .order_by("-einddatum")
        .first()
    )


# --- signaal ----------------------------------------------------------------------------------------


def signaal_create(
    *,
    by,
    leerling: Leerling,
    soort: str,
    bron: str,
    huidige_school: School,
    ontvangende_school: School | None = None,
    toelichting: str = "",
    tlv: Tlv | None = None,
) -> Schakeltraject:
    scope = policies.scope_of(by)
    if not scope.is_system and not (
        scope.has_role(Role.CONSULENT, leerling.swv_id) or huidige_school.pk in scope.schools
    ):
        raise NotPermitted(
            "Alleen de huidige school of de consulent van het SWV kan een schakelsignaal geven."
        )
    if soort not in SchakelSoort.values:
        raise ValidationFailed("Kies de soort overstap.", field="soort")
    if bron not in SignaalBron.values:
        raise ValidationFailed("Kies waar het signaal vandaan komt.", field="bron")
    if huidige_school.swv_id != leerling.swv_id:
        raise ValidationFailed(
            "De huidige school hoort niet bij het samenwerkingsverband.", field="huidige_school"
        )
    if ontvangende_school is not None and ontvangende_school.pk == huidige_school.pk:
        raise ValidationFailed("De ontvangende school is de huidige school.", field="ontvangende_school")
    with transaction.atomic():
        case = _record.start_case(
            leerling=leerling, school=huidige_school, by=by, reason="schakelsignaal", swv_id=leerling.swv_id
        )
        t = Schakeltraject(
            case=case,
            soort=soort,
            bron=bron,
            signaal_op=clock.today(),
            signaal_toelichting=toelichting.strip(),
            huidige_school=huidige_school,
            ontvangende_school=ontvangende_school,
            tlv=tlv or active_tlv_for(leerling),
        )
        routes.record_created(
            t,
            by=by,
            reason="schakelsignaal",
            to_state=SchakelStatus.SIGNAAL,
            summary=f"Schakelsignaal ({t.get_soort_display()}): {t.get_bron_display()}",
            event_reason=t.signaal_toelichting,
        )
        routes.start_flow(t, _flow(), by=by)
        return t


def signaal_from_tlv_review(*, tlv: Tlv, by) -> Schakeltraject | None:
    """Called by tlv_lifecycle when the VSO→VO review starts: open a schakel signal (once per TLV)."""
    if Schakeltraject.objects.filter(tlv=tlv).exists():
        return None
    leerling = tlv.case.leerling
    if not profiles.route_on(leerling.swv, Route.SCHAKEL):  # the SWV has switched the schakel route off
        return None
    if (
        Schakeltraject.objects.filter(case__leerling=leerling)
        .exclude(status=SchakelStatus.AFGESLOTEN)
        .exists()
    ):
        return None
    try:
        with transaction.atomic():  # a refused signal must never undo the TLV's own review tasks
            return signaal_create(
                by=by,
                leerling=leerling,
                soort=SchakelSoort.VSO_VO,
                bron=SignaalBron.TLV_REVIEW,
                huidige_school=tlv.plaatsingsschool,
                tlv=tlv,
                toelichting=f"Heroriëntatie VSO → VO vóór de einddatum van TLV {tlv.case.reference} "
                f"({tlv.einddatum:%d-%m-%Y}).",
            )
    except DomainError as exc:
        log.warning("no schakel signal for TLV %s: %s", tlv.pk, exc.code)
        summary = "Geen schakelsignaal geopend bij de heroriëntatie VSO → VO"
        routes.follow_up_refused(tlv.case, by, "schakelsignaal_mislukt", summary, exc)
        return None


# --- schakeloverleg and schakelplan (consulent) --------------------------------------------------------


def overleg_record(
    *,
    traject: Schakeltraject,
    by,
    datum: dt.date,
    deelnemers: str,
    ontvangende_school: School | None,
    afspraken: str = "",
) -> Schakeloverleg:
    with _record.step(traject, action="schakeloverleg", by=by) as t:
        # the overleg decides on a complete file: the documents the SWV requires on this route
        profiles.check_documents(profiles.for_case(t.case), case=t.case, route="schakel")
        item = _open_item(t, "schakeloverleg", by)
        plausible_date(datum, field="datum", label="Datum schakeloverleg", born=t.case.leerling.geboortedatum)
        if datum > clock.today():
            raise ValidationFailed("De datum ligt in de toekomst.", code="datum-toekomst", field="datum")
        if not deelnemers or not deelnemers.strip():
            raise ValidationFailed(
                "Noem de deelnemers (huidige school, ontvangende school, SWV, ouders).", field="deelnemers"
            )
        ontvangende_school = ontvangende_school or t.ontvangende_school
        if ontvangende_school is None:
            raise ValidationFailed(CONDITION_MESSAGES["heeft_ontvangende_school"], field="ontvangende_school")
        if ontvangende_school.pk == t.huidige_school_id or ontvangende_school.swv_id != t.case.swv_id:
            raise ValidationFailed(
                "Kies een andere school van het samenwerkingsverband.", field="ontvangende_school"
            )
        t.ontvangende_school = ontvangende_school
        overleg = save_with_history(
            Schakeloverleg(
                traject=t,
                datum=datum,
                deelnemers=deelnemers.strip(),
                afspraken=afspraken.strip(),
                at=clock.now(),
                by=by,
            ),
            by=by,
            reason="schakeloverleg",
        )
        _transition(t, "overleg_vastleggen", by=by, reason=f"ontvangende school: {ontvangende_school.name}")
        _finish(item, by=by)
        return overleg


def plan_record(
    *, traject: Schakeltraject, by, plan: str, extra_begeleiding: str, proef_start: dt.date
) -> Schakeltraject:
    with _record.step(traject, action="schakelplan", by=by) as t:
        item = _open_item(t, "schakelplan", by)
        plausible_date(proef_start, field="proef_start", label="Proefplaatsing", not_after=years_ahead(1))
        if not plan or not plan.strip():
            raise ValidationFailed("Beschrijf het schakelplan.", field="plan")
        if not extra_begeleiding or not extra_begeleiding.strip():
            raise ValidationFailed(
                "Beschrijf de extra begeleiding voor de ontvangende school.", field="extra_begeleiding"
            )
        if proef_start < t.signaal_op:
            raise ValidationFailed("De proefplaatsing start vóór het signaal.", field="proef_start")
        _transition(
            t,
            "proef_starten",
            by=by,
            plan=plan.strip(),
            extra_begeleiding=extra_begeleiding.strip(),
            proef_start=proef_start,
            reason=f"proefplaatsing vanaf {proef_start:%d-%m-%Y}",
        )
        # the first day of the trial is day 1
        deadline_services.deadline_start(
            case=t.case, kind=PROEF, started_on=proef_start - dt.timedelta(days=1), by=by
        )
        _finish(item, by=by)
        return t


# --- besluit after the trial (consulent) -------------------------------------------------------------


def besluit_record(*, traject: Schakeltraject, by, besluit: str, motivering: str) -> Schakeltraject:
    """definitief (ends the TLV where one is required), terug, or verlengen (once)."""
    with (
        refusals_logged(case=traject.case, action=f"besluit schakeltraject ({besluit})", by=by),
        transaction.atomic(),
    ):
        t = _lock(traject)
        if not policies.can(by, "schakel.decide", t):
            raise NotPermitted("Alleen de consulent van het samenwerkingsverband besluit over de overstap.")
        routes.require_status(
            t,
            SchakelStatus.PROEFPLAATSING,
            "Een besluit volgt op de proefplaatsing, niet in status '{status}'.",
        )
        if not motivering or not motivering.strip():
            raise ValidationFailed("Motiveer het besluit.", field="motivering")
        motivering = motivering.strip()
        proef = deadline_services.running(t.case, PROEF)
        if besluit == BESLUIT_VERLENGEN:
            if t.proef_verlengd:
                raise ValidationFailed(
                    "De proefplaatsing is al een keer verlengd; besluit nu definitief of terug.",
                    code="proef-al-verlengd",
                    field="besluit",
                )
            t.proef_verlengd = True
            save_with_history(t, by=by, reason=f"proefplaatsing verlengd: {motivering}")
            if proef is not None:
                deadline_services.deadline_extend(deadline=proef, reason=motivering, by=by)
            record_event(
                case=t.case,
                kind="note",
                actor=by,
                action="proef_verlengen",
                summary="Proefplaatsing verlengd"
                + (f" tot en met {proef.due_on:%d-%m-%Y}" if proef is not None else ""),
                reason=motivering,
            )
            return t  # the besluit task stays open, now due at the new end
        item = _open_item(t, "besluit", by)
        today = clock.today()
        if besluit == Uitkomst.DEFINITIEF:
            tlv = None
            if t.tlv_vereist:
                tlv = t.tlv if t.tlv_id and t.tlv.is_actief(today) else active_tlv_for(t.case.leerling, today)
                if tlv is None:
                    raise ValidationFailed(
                        "Een definitieve terugplaatsing uit het speciaal onderwijs beëindigt de TLV van de "
                        "leerling, maar deze leerling heeft geen actieve TLV.",
                        code="geen-actieve-tlv",
                        field="besluit",
                    )
            _transition(t, "definitief", by=by, op=today, motivering=motivering, reason=motivering)
            if tlv is not None:
                from cases.services import tlv_lifecycle

                tlv_lifecycle.tlv_beeindigen(
                    tlv=tlv,
                    by=by,
                    per=max(today, tlv.ingangsdatum),
                    reden=f"Terugplaatsing ({t.get_soort_display()}) naar {t.ontvangende_school.name}: "
                    f"{motivering}",
                )
                t.tlv = tlv
                save_with_history(t, by=by, reason="TLV beëindigd")
            leerling = t.case.leerling
            leerling.huidige_plaatsing = t.ontvangende_school
            save_with_history(leerling, by=by, reason=f"definitief geplaatst ({t.case.reference})")
            for kind in NAZORG_KINDS:
                deadline_services.deadline_start(case=t.case, kind=kind, started_on=today, by=by)
        elif besluit == Uitkomst.TERUG:
            _transition(t, "terug", by=by, op=today, motivering=motivering, at=clock.now(), reason=motivering)
        else:
            raise ValidationFailed("Kies definitief, terug of verlengen.", field="besluit")
        if proef is not None:
            deadline_services.deadline_close(deadline=proef, reason=t.get_uitkomst_display(), by=by)
        _finish(item, by=by, reason=motivering)
        if t.status == SchakelStatus.AFGESLOTEN:
            _close_case(t, by=by)
        return t


def _close_case(t: Schakeltraject, *, by) -> None:
    cancel_open_items(case=t.case, by=by, reason="traject afgesloten")
    case = t.case
    case.closed_at = clock.now()
    archive_on_close(case)
    save_with_history(case, by=by, reason="afgesloten")


def traject_reopen(*, traject: Schakeltraject, by, reason: str) -> Schakeltraject:
    """A closed trajectory starts again from the signal (a new schakeloverleg), with a new process."""
    return _record.reopen(
        traject, by=by, reason=reason, restart=lambda t: routes.start_flow(t, _flow(), by=by)
    )


# --- nazorg ---------------------------------------------------------------------------------------


def checkpoint_record(
    *, traject: Schakeltraject, by, maanden: int, oordeel: str, toelichting: str
) -> NazorgCheckpoint:
    """How the pupil fares 3 and 12 months after the definitive placement. The 12-month one closes."""
    with (
        refusals_logged(case=traject.case, action=f"nazorg na {maanden} maanden", by=by),
        transaction.atomic(),
    ):
        t = _lock(traject)
        if t.status != SchakelStatus.NAZORG:
            raise Conflict(
                "Nazorgmomenten volgen op een definitieve plaatsing na de proefplaatsing; "
                f"dit traject is in status '{t.get_status_display()}'.",
                code="nazorg-voor-besluit",
            )
        if maanden not in NAZORG_NODES:
            raise ValidationFailed("Kies het nazorgmoment (3 of 12 maanden).", field="maanden")
        if not policies.can(by, "schakel.nazorg", t):
            raise NotPermitted("Alleen de ontvangende school of de consulent legt de nazorg vast.")
        if t.checkpoints.filter(maanden=maanden).exists():
            raise Conflict(f"Het nazorgmoment na {maanden} maanden is al vastgelegd.", code="nazorg-bestaat")
        if maanden == 12 and not t.checkpoints.filter(maanden=3).exists():
            raise ValidationFailed("Leg eerst het nazorgmoment na 3 maanden vast.", field="maanden")
        if oordeel not in NazorgCheckpoint.Oordeel.values:
            raise ValidationFailed("Kies hoe het gaat.", field="oordeel")
        if not toelichting or not toelichting.strip():
            raise ValidationFailed("Beschrijf hoe het met de leerling gaat.", field="toelichting")
        cp = save_with_history(
            NazorgCheckpoint(
                traject=t,
                maanden=maanden,
                oordeel=oordeel,
                toelichting=toelichting.strip(),
                at=clock.now(),
                by=by,
            ),
            by=by,
            reason=f"nazorg na {maanden} maanden",
        )
        record_event(
            case=t.case,
            kind="note",
            actor=by,
            action=f"nazorg_{maanden}",
            summary=f"Nazorg na {maanden} maanden: {cp.get_oordeel_display()}",
            reason=cp.toelichting,
        )
        kind = next(k for k, m in NAZORG_KINDS.items() if m == maanden)
        d = deadline_services.running(t.case, kind)
        if d is not None:
            deadline_services.deadline_close(deadline=d, reason="nazorg vastgelegd", by=by)
        for item in WorkItem.objects.select_for_update().filter(
            case=t.case, node=NAZORG_NODES[maanden], status=WorkItem.Status.OPEN
        ):
            workitem_close(item=item, by=by, reason="nazorg vastgelegd")
        if maanden == 12:
            _transition(t, "afsluiten", by=by, at=clock.now(), reason="nazorg afgerond")
            _close_case(t, by=by)
        return cp


def on_signal_warning(*, deadline, by) -> list[WorkItem]:
    """A nazorg checkpoint is due: a task for the receiving school (idempotent per deadline)."""
    maanden = NAZORG_KINDS[deadline.kind]
    t = Schakeltraject.objects.select_related("case", "ontvangende_school").get(case=deadline.case)
    if t.status != SchakelStatus.NAZORG or t.checkpoints.filter(maanden=maanden).exists():
        return []
    return [
        workitem_once(
            case=t.case,
            node=NAZORG_NODES[maanden],
            title=f"Nazorg na {maanden} maanden: hoe gaat het met de leerling?",
            role=Role.SCHOOL,
            school=t.ontvangende_school,
            due_at=clock.end_of_day(deadline.due_on + dt.timedelta(weeks=2)),
            instructions=f"{t.case.leerling} is op {t.besluit_op:%d-%m-%Y} definitief geplaatst. "
            "Leg vast hoe het gaat.",
            idempotency_key=f"deadline:{deadline.pk}:nazorg",
            by=by,
        )
    ]


def on_signal_breach(*, deadline, by) -> list[WorkItem]:
    """The day after a checkpoint: the task stands; the signal term is done."""
    deadline_services.deadline_close(deadline=deadline, reason="nazorgmoment bereikt", by=by)
    return []


# --- flow bridge ----------------------------------------------------------------------------------


_flow = routes.flow_of("schakel", "SchakelFlow")
