"""One traffic-light rule (cases.lights) for every list: inbox rows and filters, home counts, the dashboard
and the case page's deadlines agree on 'bijna verlopen' (the SWV's bijna_verlopen_dagen, default 7); an
escalation shows the breached term's colour; the home page never says nothing is late under a red card;
the thuiszitter's streeflijn and the 4-week term name the same last day."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from cases import lights
from cases.models import Deadline, WorkItem
from cases.services import deadlines as deadline_services
from cases.services.deadlines import sweep_deadlines
from reports import dashboard
from tests import thuiszitter_steps, tlv_steps
from workflows import selectors

AMS = ZoneInfo("Europe/Amsterdam")


def at(day, hour=9):
    return dt.datetime.combine(day, dt.time(hour), tzinfo=AMS)


@pytest.fixture
def travel():
    with time_machine.travel(at(dt.date(2027, 1, 4)), tick=False) as traveller:
        yield traveller


@pytest.mark.parametrize(
    ("days_left", "expected"),
    [(-1, "red"), (0, "amber"), (7, "amber"), (8, "green")],
)
def test_the_rule_itself(days_left, expected):
    today = dt.date(2027, 1, 4)
    assert lights.light(today + dt.timedelta(days=days_left), today=today) == expected
    assert lights.light(None, today=today) == "none"
    assert lights.light(today, today=today, paused=True) == "paused"
    assert lights.light(today + dt.timedelta(days=30), today=today, breached=True) == "red"


def _every_light(w, item, deadline, today):
    """The light of one task and its term as each surface sees it."""
    item = WorkItem.objects.select_related("deadline").get(pk=item.pk)
    row = selectors.rows([item])[0].light
    sql = selectors.light_filters(days_by_swv=selectors.warning_days_of(w.consulent))
    in_sql = (
        "red"
        if WorkItem.objects.filter(sql["red"], pk=item.pk).exists()
        else "amber"
        if WorkItem.objects.filter(sql["amber"], pk=item.pk).exists()
        else "green"
    )
    term = deadline_services.deadline_light(Deadline.objects.get(pk=deadline.pk))
    board = dashboard.swv_dashboard(w.consulent)
    on_board = (
        "red"
        if deadline.pk in {d.pk for d in board.breached_list}
        else "amber"
        if deadline.pk in {d.pk for d in board.at_risk_list}
        else "green"
    )
    return {"row": row, "sql": in_sql, "term": term, "dashboard": on_board}


@pytest.mark.parametrize("window", [None, 3])
def test_inbox_home_dashboard_and_case_page_agree_on_bijna_verlopen(world, travel, window):
    w = world
    if window is not None:
        w.swv.bijna_verlopen_dagen = window
        w.swv.save()
    a = tlv_steps.deskundigenadvies(w)  # two deskundigen tasks due at the end of the beslistermijn
    item = WorkItem.objects.filter(case=a.case, status="open", deadline__isnull=False).first()
    deadline = item.deadline
    due = deadline.due_on
    n = window if window is not None else 7
    for days_left, expected in [(n + 1, "green"), (n, "amber"), (0, "amber")]:
        travel.move_to(at(due - dt.timedelta(days=days_left)))
        assert _every_light(w, item, deadline, due - dt.timedelta(days=days_left)) == dict.fromkeys(
            ("row", "sql", "term", "dashboard"), expected
        ), days_left


def test_the_window_is_kept_in_the_swv_history(world):
    w = world
    w.swv.bijna_verlopen_dagen = 10
    w.swv.save()
    assert list(w.swv.history.values_list("bijna_verlopen_dagen", flat=True)[:2]) == [10, 7]


def test_an_escalation_shows_the_breached_terms_colour(world, travel):
    w = world
    m = thuiszitter_steps.gemeld(w, eerste_verzuimdag=dt.date(2027, 1, 4))
    travel.move_to(at(dt.date(2027, 2, 2)))  # day 30 at home: the 4-week rung has escalated
    sweep_deadlines()
    esc = WorkItem.objects.get(case=m.case, kind="escalation", role="consulent", status="open")
    assert esc.deadline is not None and esc.deadline.breached_at is not None
    assert selectors.light_for(esc) == "red"  # its own answer term is days away, the term is breached
    assert WorkItem.objects.filter(selectors.light_filters()["red"], pk=esc.pk).exists()
    assert selectors.task_counts(w.consulent).escalations_red >= 1
    due_before = esc.due_at
    deadline_services.deadline_close(deadline=esc.deadline, reason="plan vastgelegd", by=w.consulent)
    esc.refresh_from_db()
    assert esc.due_at == due_before  # closing the term does not move the escalation's own due moment
    assert selectors.light_for(esc) == "red"  # a breach stays a breach


def test_home_never_says_nothing_is_late_under_a_red_card(client, world, travel):
    w = world
    tlv_steps.ingediend(w)  # the consulent's volledigheidstoets: no due date, not late
    thuiszitter_steps.gemeld(w, eerste_verzuimdag=dt.date(2026, 11, 2))  # its 4-week term has passed
    board = dashboard.swv_dashboard(w.consulent)
    assert board.breached >= 1
    client.force_login(w.consulent)
    html = client.get(reverse("home")).content.decode()
    assert "tile-alert" in html  # the red 'Overschreden termijnen' card
    assert "Niets is te laat" not in html


def test_streeflijn_and_the_four_week_term_name_the_same_day(client, world, travel):
    w = world
    m = thuiszitter_steps.gemeld(w, eerste_verzuimdag=dt.date(2027, 1, 4))
    plan = m.case.deadlines.get(kind="thuiszitter_plan")
    assert m.aim_last_day == plan.due_on == dt.date(2027, 1, 31)  # 4 January is day 1, 31 January day 28
    client.force_login(w.consulent)
    html = client.get(reverse("thuiszitter_detail", args=[m.case.pk])).content.decode()
    streeflijn = html.split("Streeflijn 4 weken", 1)[1].split("</dd>", 1)[0]
    assert "31 januari 2027" in streeflijn
    assert "1 februari 2027" not in streeflijn
