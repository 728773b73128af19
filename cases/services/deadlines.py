"""Term engine services: start, pause, resume, extend and close deadlines, and the sweep."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_noop

from cases import clock, lights
from cases.calendars import Calendar, SchoolCalendar, SchoolHolidayPeriod, school_year_of
from cases.deadlines import (
    CEILING_OWN_TERM_LONGER,
    OWN_TERM_WITHIN_CEILING,
    Extension,
    Pause,
    Unit,
    compute_due,
    format_date_nl,
    stored_term_text,
)
from cases.errors import ValidationFailed
from cases.models import (
    CaseEvent,
    Deadline,
    DeadlineExtension,
    DeadlinePause,
    DeadlineStep,
    SchoolVakantie,
    WorkItem,
)
from cases.services.common import record_event, save_with_history
from cases.terms import CEILINGS, exceeds_ceiling, term_for
from cases.texts import Text

log = logging.getLogger("cases.sweep")

UNIT_WORDS = {
    Unit.CALENDAR_DAYS: "dagen",
    Unit.WORKING_DAYS: "werkdagen",
    Unit.WEEKS: "weken",
    Unit.MONTHS: "maanden",
}


def school_calendar(regio: str) -> SchoolCalendar:
    """The schoolvakanties of `regio` as entered by the national beheer, and the school years they cover."""
    periods = tuple(
        SchoolHolidayPeriod(name=v.naam, start=v.start, end=v.end)
        for v in SchoolVakantie.objects.filter(regio=regio).order_by("start")
    )
    return SchoolCalendar(
        region=regio, periods=periods, known_years=frozenset(school_year_of(p.start) for p in periods)
    )


def _rule(deadline: Deadline):
    from cases.deadlines import TermRule

    school = school_calendar(deadline.regio) if deadline.calendar == Calendar.SCHOOL else None
    return TermRule(
        length=deadline.length,
        unit=Unit(deadline.unit),
        atw=deadline.atw,
        warn_fraction=deadline.warn_fraction,
        label=deadline.label,
        calendar=deadline.calendar,
        school=school,
    )


def explain(deadline: Deadline) -> str:
    """'Due on D because started S, + N, paused P for R, extended by E' in Dutch."""
    return compute(deadline).text


def compute(deadline: Deadline):
    pauses = [Pause(start=p.start, end=p.end, reason=p.reason, until=p.until) for p in deadline.pauses.all()]
    extensions = [
        Extension(
            length=e.length,
            unit=Unit(e.unit),
            reason=e.reason,
            notified_on=timezone.localdate(e.at) if e.at else None,
        )
        for e in deadline.extensions.all()
    ]
    return compute_due(
        started_on=deadline.started_on,
        rule=_rule(deadline),
        pauses=pauses,
        extensions=extensions,
        started_because=deadline.started_because,
        basis=deadline.basis,
    )


def _next_action_at(deadline: Deadline) -> dt.datetime | None:
    if deadline.status != Deadline.Status.RUNNING or deadline.due_on is None:
        return None
    if deadline.warn_on and deadline.warned_at is None and deadline.breached_at is None:
        return clock.start_of_day(deadline.warn_on)
    if deadline.breached_at is None:
        return clock.end_of_day(deadline.due_on) + dt.timedelta(seconds=1)
    return None


def _refresh(deadline: Deadline, *, by, reason: str) -> Deadline:
    with translation.override("nl"):  # the stored explanation is the Dutch record; readers get their own
        result = compute(deadline)
    deadline.due_on = result.due_on
    deadline.warn_on = result.warn_on
    deadline.explanation = result.text
    deadline.calendar_incomplete = result.calendar_incomplete
    deadline.next_action_at = _next_action_at(deadline)
    save_with_history(deadline, by=by, reason=reason)
    due_at = clock.end_of_day(deadline.due_on) if deadline.due_on else None
    # the tasks due by this term follow it; an escalation keeps its own due moment (it only shows the term)
    for item in WorkItem.objects.filter(
        deadline=deadline, status=WorkItem.Status.OPEN, kind=WorkItem.Kind.TASK
    ):
        if item.due_at != due_at:
            item.due_at = due_at
            save_with_history(item, by=by, reason=reason)
    return deadline


def _term(deadline: Deadline) -> Text:
    """The term's name as a text: translated when it is one of ours, an SWV's own name as it is."""
    return Text(deadline.label)


def _event(deadline: Deadline, *, by, action: str, summary, reason: str = "") -> None:
    record_event(
        case=deadline.case,
        kind=CaseEvent.Kind.DEADLINE,
        actor=by,
        action=action,
        summary=summary,
        reason=reason,
        data={
            "deadline": deadline.pk,
            "explanation": deadline.explanation,
            "due_on": deadline.due_on.isoformat() if deadline.due_on else None,
        },
    )


def deadline_start(
    *,
    case,
    kind: str,
    started_on: dt.date,
    by,
    length: int | None = None,
    unit: Unit | None = None,
    atw: bool | None = None,
    warn_fraction: float | None = None,
    started_because: str = "",
    basis: str | None = None,
) -> Deadline:
    """Start a term from the SWV's policy; `length`/`unit`/`atw`/`warn_fraction` override it (a term set
    by date, or a signal some time before a date). `started_because` names the event it counts from."""
    term = term_for(case.swv, kind)
    length = term.rule.length if length is None else length
    unit = Unit(unit or term.rule.unit)
    basis = term.basis if basis is None else basis
    if kind in CEILINGS:
        max_length, max_unit, article = CEILINGS[kind]
        if exceeds_ceiling(kind, length, unit, started_on=started_on):
            basis = stored_term_text(
                CEILING_OWN_TERM_LONGER, weeks=max_length, article=article, own=(length, unit)
            )
            length, unit = max_length, max_unit
            atw = True if atw is None else atw  # the statutory term ends as the Atw says, whatever the policy
        elif basis == "eigen termijn van het samenwerkingsverband":
            basis = stored_term_text(OWN_TERM_WITHIN_CEILING, weeks=max_length, article=article)
    deadline = Deadline(
        case=case,
        kind=kind,
        label=term.label,
        started_on=started_on,
        started_because=started_because,
        basis=basis,
        length=length,
        unit=unit.value,
        atw=term.rule.atw if atw is None else atw,
        calendar=term.rule.calendar,
        # the school calendar counts with the SWV's region when the term starts
        regio=case.swv.regio if term.rule.calendar == Calendar.SCHOOL else "",
        warn_fraction=term.rule.warn_fraction if warn_fraction is None else warn_fraction,
        max_extensions=term.max_extensions,
        escalate_roles=list(term.escalate_roles),
    )
    save_with_history(deadline, by=by, reason="gestart")
    _refresh(deadline, by=by, reason="gestart")
    _event(
        deadline,
        by=by,
        action="deadline_start",
        summary=Text(
            gettext_noop("Termijn gestart: %(term)s (uiterlijk %(due)s)"),
            term=_term(deadline),
            due=deadline.due_on,
        ),
    )
    return deadline


def running(case, kind: str) -> Deadline | None:
    return (
        Deadline.objects.select_for_update()
        .filter(case=case, kind=kind)
        .exclude(status=Deadline.Status.CLOSED)
        .order_by("-pk")
        .first()
    )


def deadline_pause(
    *, deadline: Deadline, on: dt.date, reason: str, by, until: dt.date | None = None
) -> Deadline:
    """Stop the clock from `on`; with `until` (the answer term's last day) the pause ends at the latest on
    the day after it, and the due date stays projected meanwhile (Awb 4:15 lid 1 a)."""
    if deadline.status != Deadline.Status.RUNNING:
        return deadline
    if deadline.breached_at is not None or (deadline.due_on is not None and on > deadline.due_on):
        # Awb 4:15: only a term that still runs can be suspended; a suspension that would start after its last
        # day moves nothing, and the breach stands (the request itself still goes out)
        _event(
            deadline,
            by=by,
            action="deadline_not_paused",
            summary=Text(
                gettext_noop("Termijn niet opgeschort: %(term)s was al verstreken op %(due)s"),
                term=_term(deadline),
                due=deadline.due_on,
            ),
            reason=reason,
        )
        return deadline
    DeadlinePause.objects.create(deadline=deadline, start=on, until=until, reason=reason, by=by)
    deadline.status = Deadline.Status.PAUSED
    _refresh(deadline, by=by, reason=f"opgeschort: {reason}")
    _event(
        deadline,
        by=by,
        action="deadline_pause",
        summary=Text(gettext_noop("Termijn opgeschort: %(term)s"), term=_term(deadline)),
        reason=reason,
    )
    return deadline


def deadline_resume(*, deadline: Deadline, on: dt.date, by, reason: str = "hervat") -> Deadline:
    if deadline.status != Deadline.Status.PAUSED:
        return deadline
    pause = deadline.pauses.filter(end__isnull=True).order_by("-start").first()
    if pause is not None:
        pause.end = max(on, pause.start)
        if pause.until is not None:  # the pause never outlasts the answer term (Awb 4:15 lid 1 a)
            pause.end = min(pause.end, max(pause.until + dt.timedelta(days=1), pause.start))
        save_with_history(pause, by=by, reason=reason)
    deadline.status = Deadline.Status.RUNNING
    _refresh(deadline, by=by, reason=reason)
    _event(
        deadline,
        by=by,
        action="deadline_resume",
        summary=Text(
            gettext_noop("Termijn hervat: %(term)s (uiterlijk %(due)s)"),
            term=_term(deadline),
            due=deadline.due_on,
        ),
        reason=reason,
    )
    return deadline


def deadline_extend(
    *, deadline: Deadline, reason: str, by, length: int | None = None, unit: Unit | None = None
) -> Deadline:
    if not reason or not reason.strip():
        raise ValidationFailed("Geef een reden voor de verdaging.", code="verdaging-reden", field="reason")
    limit = DeadlineExtension._meta.get_field("reason").max_length
    if len(reason.strip()) > limit:
        raise ValidationFailed(
            f"De reden is te lang ({len(reason.strip())} tekens; hoogstens {limit}).",
            code="reden-te-lang",
            field="reason",
        )
    if deadline.status == Deadline.Status.CLOSED:
        raise ValidationFailed("Deze termijn is al afgesloten.", code="termijn-gesloten")
    expired_on = deadline.due_on if deadline.status == Deadline.Status.RUNNING else None
    if deadline.breached_at is not None or (expired_on is not None and clock.today() > expired_on):
        # Awb 4:14 lid 3: a verdaging is notified before the term ends; afterwards the breach stands
        what = "de beslistermijn" if "beslistermijn" in deadline.kind else "de termijn"
        raise ValidationFailed(
            f"Verdagen kan niet meer: {what} is al verstreken op "
            f"{format_date_nl(deadline.due_on or clock.today())}. Een verdaging moet worden meegedeeld "
            "vóór het einde van de termijn (Awb 4:14 lid 3); de termijnoverschrijding blijft staan.",
            code="verdaging-na-termijn",
        )
    if deadline.extensions.count() >= deadline.max_extensions:
        if deadline.max_extensions == 1:
            message = f"De {deadline.label} is al een keer verdaagd; dat is het maximum (Awb 4:14)."
        else:
            message = (
                f"De {deadline.label} is al {deadline.max_extensions} keer verdaagd; dat is het maximum."
            )
        raise ValidationFailed(message, code="verdaging-maximum")
    term = term_for(deadline.case.swv, deadline.kind)
    DeadlineExtension.objects.create(
        deadline=deadline,
        length=length or term.extension_length,
        unit=(unit or term.extension_unit).value,
        reason=reason.strip(),
        at=clock.now(),
        by=by,
    )
    _refresh(deadline, by=by, reason=f"verdaagd: {reason}")
    _event(
        deadline,
        by=by,
        action="deadline_extend",
        summary=Text(
            gettext_noop("Termijn verdaagd: %(term)s (uiterlijk %(due)s)"),
            term=_term(deadline),
            due=deadline.due_on,
        ),
        reason=reason,
    )
    return deadline


def deadline_rebase(
    *,
    deadline: Deadline,
    basis: str,
    by,
    reason: str,
    started_on: dt.date | None = None,
    started_because: str = "",
    rule=None,
) -> Deadline:
    """Put another rule in a term's place (an SWV term that counts from the complete file instead of the
    statutory ceiling from receipt): a new basis, and with `started_on` a new start from which the term
    counts afresh (its earlier pauses lie before it and no longer count; their history stays); `rule` sets
    length, unit, Atw and calendar. A breach stays a breach."""
    if started_on is not None:
        for pause in deadline.pauses.all():
            pause._history_user = by
            pause._change_reason = "termijn telt opnieuw vanaf een latere start"
            pause.delete()
        deadline.started_on = started_on
        deadline.started_because = started_because
        if deadline.status == Deadline.Status.PAUSED:
            deadline.status = Deadline.Status.RUNNING
    if rule is not None:
        deadline.length = rule.length
        deadline.unit = Unit(rule.unit).value
        deadline.atw = rule.atw
        deadline.calendar = rule.calendar
    deadline.basis = basis
    _refresh(deadline, by=by, reason=reason)
    _event(
        deadline,
        by=by,
        action="deadline_rebase",
        summary=Text(
            gettext_noop("Termijn aangepast: %(term)s (uiterlijk %(due)s)"),
            term=_term(deadline),
            due=deadline.due_on,
        ),
        reason=reason,
    )
    return deadline


def deadline_close(*, deadline: Deadline, reason: str, by) -> Deadline:
    if deadline.status == Deadline.Status.CLOSED:
        return deadline
    if deadline.status == Deadline.Status.PAUSED:
        pause = deadline.pauses.filter(end__isnull=True).first()
        if pause:
            pause.end = max(clock.today(), pause.start)
            if pause.until is not None:
                pause.end = min(pause.end, max(pause.until + dt.timedelta(days=1), pause.start))
            save_with_history(pause, by=by, reason=reason)
    deadline.status = Deadline.Status.CLOSED
    deadline.closed_at = clock.now()
    deadline.close_reason = reason
    _refresh(deadline, by=by, reason=f"afgesloten: {reason}")
    _event(
        deadline,
        by=by,
        action="deadline_close",
        summary=Text(gettext_noop("Termijn afgesloten: %(term)s"), term=_term(deadline)),
        reason=reason,
    )
    return deadline


def deadline_light(
    deadline: Deadline | None, today: dt.date | None = None, days_by_swv: dict[int, int] | None = None
) -> str:
    """green / amber / red / paused / none: the traffic light of a deadline (cases.lights, the same rule
    as the inbox rows and the dashboard; a breach stays a breach)."""
    if deadline is None or deadline.status == Deadline.Status.CLOSED:
        return "none"
    swv_id = deadline.case.swv_id
    if days_by_swv is None:
        days_by_swv = {swv_id: lights.warning_days_of_swv(swv_id)}
    return lights.light(
        deadline.due_on,
        today=today or clock.today(),
        warning_days=lights.days_for(days_by_swv, swv_id),
        paused=deadline.status == Deadline.Status.PAUSED,
        breached=deadline.breached_at is not None,
    )


# --- the sweep ---------------------------------------------------------------------------------


def _claim_step(deadline: Deadline, step: str, now: dt.datetime) -> bool:
    """Insert the idempotency key; False when another run already did this step."""
    if connection.vendor == "postgresql":  # one statement instead of a savepoint around the INSERT
        with connection.cursor() as cur:
            cur.execute(
                f'INSERT INTO "{DeadlineStep._meta.db_table}" (deadline_id, step, done_at)'
                " VALUES (%s, %s, %s) ON CONFLICT (deadline_id, step) DO NOTHING RETURNING id",
                [deadline.pk, step, now],
            )
            return cur.fetchone() is not None
    try:
        with transaction.atomic():
            DeadlineStep.objects.create(deadline=deadline, step=step, done_at=now)
        return True
    except IntegrityError:
        return False


def _process_due(deadline: Deadline, now: dt.datetime, actor) -> list[str]:
    from cases.services import escalations

    done = []
    today = timezone.localdate(now)  # the sweep's `now`, not the wall clock: a sweep for a given moment
    if (
        deadline.warned_at is None
        and deadline.warn_on
        and deadline.warn_on <= today
        and deadline.breached_at is None
    ):
        if _claim_step(deadline, "warning", now):
            escalations.term_warning(deadline=deadline, by=actor)
            done.append("warning")
        deadline.warned_at = now
    if deadline.breached_at is None and deadline.due_on and deadline.due_on < today:
        if _claim_step(deadline, "breach", now):
            escalations.term_breach(deadline=deadline, by=actor)
            done.append("breach")
        deadline.breached_at = now
    deadline.next_action_at = _next_action_at(deadline)
    save_with_history(deadline, by=actor, reason=", ".join(done) or "gecontroleerd")
    return done


def sweep_deadlines(*, now: dt.datetime | None = None, batch_size: int | None = None) -> int:
    """One pass: handle every deadline whose next_action_at has come. Returns the number of steps taken.

    Rows are taken with SELECT ... FOR UPDATE SKIP LOCKED in batches, so parallel sweeps share the work
    and never handle the same row at once; each step has a unique key, so a rerun never doubles it.
    """
    from cases.system import system_user

    now = now or clock.now()
    batch_size = batch_size or settings.SWEEP_BATCH_SIZE
    actor = system_user()
    steps = 0
    last = None  # (next_action_at, pk) of the last row taken: each row is looked at once per pass
    while True:
        with transaction.atomic():
            due = Deadline.objects.select_for_update(skip_locked=True, of=("self",)).filter(
                next_action_at__lte=now, status=Deadline.Status.RUNNING
            )
            if last is not None:  # a keyset cursor instead of an ever longer NOT IN (seen ids)
                due = due.filter(Q(next_action_at__gt=last[0]) | Q(next_action_at=last[0], pk__gt=last[1]))
            due = due.select_related("case", "case__swv").order_by("next_action_at", "pk")
            batch = list(due[:batch_size])
            if not batch:
                break
            last = (batch[-1].next_action_at, batch[-1].pk)
            for deadline in batch:
                try:
                    with transaction.atomic():
                        steps += len(_process_due(deadline, now, actor))
                except Exception:
                    log.exception("sweep failed for deadline %s; retrying in 5 minutes", deadline.pk)
                    retry = Deadline.objects.get(pk=deadline.pk)
                    retry.next_action_at = now + dt.timedelta(minutes=5)
                    save_with_history(
                        retry, by=actor, reason="fout in termijnbewaking; over 5 minuten opnieuw"
                    )
        if len(batch) < batch_size:
            break
    return steps


def recompute_school_terms(regions) -> int:
    """Recalculate the open terms counted in school weeks or days of `regions` (after new schoolvakanties
    were entered); returns how many. Each change is in the term's history."""
    from cases.system import system_user

    actor = system_user()
    count = 0
    for deadline in Deadline.objects.filter(calendar=Calendar.SCHOOL, regio__in=list(regions)).exclude(
        status=Deadline.Status.CLOSED
    ):
        _refresh(deadline, by=actor, reason="schoolvakanties bijgewerkt")
        count += 1
    return count
