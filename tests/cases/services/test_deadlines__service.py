"""Deadline services on real cases: start, verdaging, SWV term policies, Atw, and the sweep.

Calendar: the beslistermijn starts on Friday 5 March 2027 -> due Friday 16 April 2027 (6 weeks);
warning at 5 March + ceil(0.75 * 42) = 32 days = Tuesday 6 April 2027.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from cases import clock
from cases.errors import ValidationFailed
from cases.models import CaseEvent, Deadline, DeadlineStep, TermPolicy, WorkItem
from cases.services import deadlines as deadline_services
from cases.services import escalations as escalation_services
from cases.services import tlv
from cases.services.deadlines import sweep_deadlines
from notifications.models import Notification
from tests.asserts import Snapshot, assert_refused_without_effect

AMS = ZoneInfo("Europe/Amsterdam")
START = dt.date(2027, 3, 5)
WARN = dt.date(2027, 4, 6)
DUE = dt.date(2027, 4, 16)


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=AMS)


@pytest.fixture
def travel():
    with time_machine.travel(at(START), tick=False) as traveller:
        yield lambda day, hour=9: traveller.move_to(at(day, hour))


def beslistermijn(a) -> Deadline:
    return Deadline.objects.get(case=a.case, kind=tlv.BESLISTERMIJN)


def counts(case) -> dict:
    """Everything the sweep may create for a case."""
    return {
        "escalations": WorkItem.objects.filter(case=case, kind="escalation").count(),
        "events": CaseEvent.objects.filter(case=case).count(),
        "notifications": Notification.objects.filter(case=case).count(),
        "steps": DeadlineStep.objects.filter(deadline__case=case).count(),
    }


# --- start and verdaging --------------------------------------------------------------------------


def test_beslistermijn_is_six_weeks_from_the_complete_dossier(world, steps, travel):
    a = steps.deskundigenadvies(world)
    termijn = beslistermijn(a)
    assert (termijn.started_on, termijn.due_on, termijn.warn_on) == (START, DUE, WARN)
    assert (termijn.length, termijn.unit, termijn.max_extensions) == (6, "weeks", 1)
    assert termijn.next_action_at == clock.start_of_day(WARN)
    assert "6 weken" in termijn.explanation and "16 april 2027" in termijn.explanation
    assert CaseEvent.objects.filter(case=a.case, kind="deadline", action="deadline_start").count() == 1


def test_verdaging_once_moves_the_due_date_six_weeks_then_the_maximum_is_reached(world, steps, travel):
    a = steps.deskundigenadvies(world)
    travel(dt.date(2027, 4, 1))
    tlv.verdaging_record(aanvraag=a, by=world.beslisser, reason="Extra onderzoek nodig")
    termijn = beslistermijn(a)
    assert termijn.due_on == DUE + dt.timedelta(weeks=6) == dt.date(2027, 5, 28)
    assert "Verdaagd met 6 weken (meegedeeld op 1 april 2027): Extra onderzoek nodig." in termijn.explanation
    assert "Door verdaging loopt de termijn tot en met 28 mei 2027." in termijn.explanation
    assert termijn.extensions.count() == 1
    assert (
        Notification.objects.filter(
            case=a.case, user=world.school_user, title__startswith="Beslistermijn verdaagd"
        ).count()
        == 1
    )
    assert all(
        i.due_at == clock.end_of_day(dt.date(2027, 5, 28))
        for i in WorkItem.objects.filter(case=a.case, status="open")
    )

    before = Snapshot.of(a)
    with pytest.raises(ValidationFailed) as info:
        tlv.verdaging_record(aanvraag=a, by=world.beslisser, reason="Nog meer onderzoek")
    assert info.value.code == "verdaging-maximum"
    assert_refused_without_effect(a, before, info.value)
    termijn.refresh_from_db()
    assert (termijn.due_on, termijn.extensions.count()) == (dt.date(2027, 5, 28), 1)


def test_swv_policy_in_working_days_skips_kerst_and_nieuwjaar(world, steps):
    TermPolicy.objects.create(swv=world.swv, kind=tlv.BESLISTERMIJN, length=30, unit="working_days")
    # Monday 7 December 2026 + 30 werkdagen: 4 + 5 + 4 (25 Dec) + 4 (1 Jan) + 5 + 5 + 3
    # = Wednesday 20 January 2027
    with time_machine.travel(at(dt.date(2026, 12, 7)), tick=False):
        a = steps.deskundigenadvies(world)
    termijn = beslistermijn(a)
    assert (termijn.unit, termijn.length) == ("working_days", 30)
    assert termijn.due_on == dt.date(2027, 1, 20)
    assert "30 werkdagen (zonder weekend en feestdagen)" in termijn.explanation
    assert "20 januari 2027" in termijn.explanation


def test_a_policy_change_does_not_move_a_running_term(world, steps, travel):
    a = steps.deskundigenadvies(world)
    TermPolicy.objects.create(swv=world.swv, kind=tlv.BESLISTERMIJN, length=2, unit="weeks")
    travel(dt.date(2027, 3, 8))
    tlv.deskundigenadvies_record(
        aanvraag=a, by=world.deskundige1, volgorde=1, advies="A", aanbeveling="toekennen"
    )
    assert beslistermijn(a).due_on == DUE


@pytest.mark.parametrize(
    ("started_on", "nominal_end", "due_on", "text"),
    [
        # Saturday 6 March 2027 + 6 weeks = Saturday 17 April -> Monday 19 April
        (
            dt.date(2027, 3, 6),
            dt.date(2027, 4, 17),
            dt.date(2027, 4, 19),
            "Verschoven van za 17 april 2027 naar ma 19 april 2027 (Algemene termijnenwet).",
        ),
        # Friday 13 November 2026 + 6 weeks = Friday 25 December (Kerst) -> Monday 28 December
        (
            dt.date(2026, 11, 13),
            dt.date(2026, 12, 25),
            dt.date(2026, 12, 28),
            "Verschoven van vr 25 december 2026 naar ma 28 december 2026 (Algemene termijnenwet).",
        ),
    ],
    ids=["saturday", "kerst"],
)
def test_atw_rolls_an_end_on_a_rest_day_forward(world, steps, started_on, nominal_end, due_on, text):
    a = steps.concept(world)
    termijn = deadline_services.deadline_start(
        case=a.case, kind=tlv.BESLISTERMIJN, started_on=started_on, by=world.consulent
    )
    assert started_on + dt.timedelta(weeks=6) == nominal_end
    assert termijn.due_on == due_on
    assert text in termijn.explanation


# --- the sweep ------------------------------------------------------------------------------------


def test_sweep_warns_once_per_relevant_user_at_the_warn_date_without_escalating(
    world, other_world, steps, travel
):
    a = steps.deskundigenadvies(world)
    travel(WARN - dt.timedelta(days=1), hour=23)
    assert sweep_deadlines() == 0
    assert not Notification.objects.filter(case=a.case, kind="term_warning").exists()

    travel(WARN, hour=8)
    assert sweep_deadlines() == 1
    warnings = Notification.objects.filter(case=a.case, kind="term_warning")
    # the open tasks are deskundigenadvies 1 and 2 in the werkvoorraad of the deskundigen of this SWV
    assert sorted(n.user.username for n in warnings) == sorted(
        u.username for u in (world.deskundige1, world.deskundige2, world.deskundige_a)
    )
    assert "16-04-2027" in warnings[0].title
    assert not WorkItem.objects.filter(case=a.case, kind="escalation").exists()
    assert list(DeadlineStep.objects.filter(deadline__case=a.case).values_list("step", flat=True)) == [
        "warning"
    ]
    assert CaseEvent.objects.filter(case=a.case, kind="deadline", action="deadline_warning").count() == 1
    termijn = beslistermijn(a)
    assert termijn.warned_at == at(WARN, 8)
    assert termijn.breached_at is None
    assert termijn.next_action_at == clock.end_of_day(DUE) + dt.timedelta(seconds=1)

    before = counts(a.case)
    assert sweep_deadlines() == 0
    assert counts(a.case) == before


def test_sweep_escalates_past_the_due_date_to_beslisser_and_voorzitter_once(
    world, other_world, steps, travel
):
    a = steps.deskundigenadvies(world)
    travel(WARN)
    sweep_deadlines()
    travel(DUE, hour=23)  # the last day: still in time
    assert sweep_deadlines() == 0

    travel(DUE + dt.timedelta(days=1), hour=0)
    assert sweep_deadlines() == 1
    escalations = WorkItem.objects.filter(case=a.case, kind="escalation")
    assert sorted(escalations.values_list("role", flat=True)) == ["beslisser", "cva_voorzitter"]
    for item in escalations:
        assert (item.swv, item.status, item.priority, item.assignee) == (world.swv, "open", 10, None)
        assert item.idempotency_key == f"deadline:{beslistermijn(a).pk}:breach:{item.role}"
        assert item.due_at == at(DUE + dt.timedelta(days=1), 0) + dt.timedelta(days=5)
        assert a.case.reference in item.instructions
    assert CaseEvent.objects.filter(case=a.case, kind="deadline", action="deadline_breach").count() == 1
    assert CaseEvent.objects.filter(case=a.case, kind="escalation").count() == 2
    escalated = Notification.objects.filter(case=a.case, kind="escalation")
    assert sorted(n.user_id for n in escalated) == sorted([world.beslisser.pk, world.voorzitter.pk])
    assert not Notification.objects.filter(user__in=other_world.roles.values()).exists()
    assert sorted(DeadlineStep.objects.filter(deadline__case=a.case).values_list("step", flat=True)) == [
        "breach",
        "warning",
    ]
    termijn = beslistermijn(a)
    assert termijn.breached_at is not None and termijn.next_action_at is None

    before = counts(a.case)
    travel(DUE + dt.timedelta(days=3))
    assert sweep_deadlines() == 0
    # the breach step itself is idempotent per role, too
    again = escalation_services.term_breach(deadline=termijn, by=world.consulent)
    assert {i.pk for i in again} == set(escalations.values_list("pk", flat=True))
    after = counts(a.case)
    assert after["escalations"] == before["escalations"]
    assert after["notifications"] == before["notifications"]
    assert after["steps"] == before["steps"]


def test_sweep_skipped_to_past_due_does_warning_and_breach_in_one_pass(world, steps, travel):
    a = steps.deskundigenadvies(world)
    travel(DUE + dt.timedelta(days=10))
    assert sweep_deadlines() == 2
    assert WorkItem.objects.filter(case=a.case, kind="escalation").count() == 2
    assert sweep_deadlines() == 0


def test_sweep_uses_the_now_it_is_given(world, steps, travel):
    a = steps.deskundigenadvies(world)
    # the clock stays on 5 March; the sweep is asked to act as if it were past the due date
    assert sweep_deadlines(now=at(DUE + dt.timedelta(days=1))) == 2
    assert WorkItem.objects.filter(case=a.case, kind="escalation").count() == 2


def test_a_paused_deadline_is_never_escalated(world, steps, travel):
    # an open pause without an answer term (a pause with one ends by itself: test_tlv__pause_ends.py)
    a = steps.deskundigenadvies(world)
    deadline_services.deadline_pause(
        deadline=beslistermijn(a), on=START, reason="opgeschort", by=world.consulent
    )
    termijn = beslistermijn(a)
    assert (termijn.status, termijn.next_action_at) == ("paused", None)
    before = counts(a.case)
    for day in (WARN, DUE + dt.timedelta(days=1), DUE + dt.timedelta(days=100)):
        travel(day)
        assert sweep_deadlines() == 0
        assert sweep_deadlines(now=at(day + dt.timedelta(days=365))) == 0
    assert counts(a.case) == before
    termijn.refresh_from_db()
    assert (termijn.status, termijn.warned_at, termijn.breached_at) == ("paused", None, None)
    assert deadline_services.deadline_light(termijn) == "paused"
