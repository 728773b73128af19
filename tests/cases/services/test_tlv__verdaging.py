"""Rule: verdaging only within the term (Awb 4:14 lid 3), once; a breach stays a breach everywhere.

The beslistermijn starts on Friday 5 March 2027 (received and complete that day): 6 weeks -> Friday 16 April
2027; one verdaging of 6 weeks. Through the services, the case page, the API, the dashboard and the quarterly
"binnen de termijn" figure.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from cases.errors import ValidationFailed
from cases.models import Case, Deadline, DeadlineExtension, WorkItem
from cases.services import deadlines as deadline_services
from cases.services import tlv
from cases.services.deadlines import sweep_deadlines
from reports import dashboard
from reports.quarterly import Period, decided_within_term
from tests.asserts import Snapshot, assert_refused_without_effect

AMS = ZoneInfo("Europe/Amsterdam")
D = dt.date
START, DUE = D(2027, 3, 5), D(2027, 4, 16)


def at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(9), tzinfo=AMS)


@pytest.fixture
def travel():
    with time_machine.travel(at(START), tick=False) as traveller:
        yield lambda day: traveller.move_to(at(day))


def termijn(a) -> Deadline:
    return Deadline.objects.get(case=a.case, kind=tlv.BESLISTERMIJN)


def decide(world, a):
    tlv.besluit_record(
        aanvraag=a,
        by=world.beslisser,
        besluit="toekennen",
        soort="so",
        cluster=4,
        categorie="laag",
        ingangsdatum=D(2027, 8, 1),
        einddatum=D(2028, 7, 31),
        school=world.special,
        motivering="Besluit",
    )


def binnen(world) -> tuple[int, int]:
    row = next(
        r
        for r in decided_within_term(Case.objects.filter(swv=world.swv), Period.of_quarter(2027, 2))
        if r.key == "tlv"
    )
    return row.besluiten, row.binnen


# (id, day the verdaging is recorded, sweep first?, expected due_on or the refusal's date text)
WITHIN = [
    # Thu 1 April, within the term: 16 April + 6 weeks = Fri 28 May, notified on 1 April.
    ("within-the-term", D(2027, 4, 1), D(2027, 5, 28)),
    # Fri 16 April is the term's last day ("tot en met"): still within; 16 April + 42 days = Fri 28 May.
    ("on-the-last-day", DUE, D(2027, 5, 28)),
]


@pytest.mark.parametrize(("day", "due_on"), [c[1:] for c in WITHIN], ids=[c[0] for c in WITHIN])
def test_a_verdaging_within_the_term_moves_the_due_date(world, steps, travel, client, day, due_on):
    a = steps.besluit_open(world)
    travel(day)
    tlv.verdaging_record(aanvraag=a, by=world.beslisser, reason="Extra onderzoek nodig")
    t = termijn(a)
    assert t.due_on == due_on
    sentence = f"Verdaagd met 6 weken (meegedeeld op {day.day} april 2027): Extra onderzoek nodig."
    client.force_login(world.consulent)
    page = client.get(reverse("case_detail", args=[a.case_id])).content.decode()
    api = client.get(f"/api/v1/cases/{a.case_id}/deadlines/").json()
    assert sentence in t.explanation and sentence in page
    assert sentence in next(d for d in api if d["kind"] == tlv.BESLISTERMIJN)["explanation"]


# (id, day of the attempt, whether the sweep ran before it)
LATE = [
    # Sat 17 April: the term ended on Fri 16 April; the sweep has not yet run.
    ("day-after-before-the-sweep", D(2027, 4, 17), False),
    # Tue 20 April, after the sweep escalated the breach on 17 April.
    ("after-the-escalation", D(2027, 4, 20), True),
]


@pytest.mark.parametrize(("day", "swept"), [c[1:] for c in LATE], ids=[c[0] for c in LATE])
def test_a_verdaging_after_the_term_is_refused_and_the_breach_stays(world, steps, travel, client, day, swept):
    a = steps.besluit_open(world)
    if swept:
        travel(D(2027, 4, 17))
        assert sweep_deadlines() >= 1
    travel(day)
    escalations = WorkItem.objects.filter(case=a.case, kind="escalation").count()
    before = Snapshot.of(a)
    with pytest.raises(ValidationFailed) as info:
        tlv.verdaging_record(aanvraag=a, by=world.beslisser, reason="Te laat")
    assert info.value.code == "verdaging-na-termijn"
    assert "de beslistermijn is al verstreken op 16 april 2027" in str(info.value.message)
    assert_refused_without_effect(a, before, info.value)
    t = termijn(a)
    assert (t.due_on, DeadlineExtension.objects.filter(deadline=t).count()) == (DUE, 0)
    assert deadline_services.deadline_light(t) == "red"
    # the dashboard lists it as breached, not at risk; the sweep still escalates (or has escalated)
    board = dashboard.swv_dashboard(world.consulent, today=day)
    assert t in board.breached_list and t not in board.at_risk_list
    sweep_deadlines()
    assert WorkItem.objects.filter(case=a.case, kind="escalation").count() == max(escalations, 2)
    # the besluit on 21 April counts as late in the quarterly figure (Q2 2027)
    travel(D(2027, 4, 21))
    decide(world, a)
    assert binnen(world) == (1, 0)


def test_a_second_verdaging_is_refused(world, steps, travel):
    a = steps.besluit_open(world)
    travel(D(2027, 4, 1))
    tlv.verdaging_record(aanvraag=a, by=world.beslisser, reason="Extra onderzoek nodig")
    travel(D(2027, 4, 2))
    before = Snapshot.of(a)
    with pytest.raises(ValidationFailed) as info:
        tlv.verdaging_record(aanvraag=a, by=world.beslisser, reason="Nog eens")
    assert info.value.code == "verdaging-maximum"
    assert "al een keer verdaagd" in str(info.value.message)
    assert_refused_without_effect(a, before, info.value)
    assert termijn(a).due_on == D(2027, 5, 28)


def test_a_breach_with_a_late_extension_from_before_this_rule_still_counts_late(world, steps, travel):
    # legacy data: an extension stored after the breach (the service refuses it now) moved due_on to 28 May;
    # the besluit on 21 April was taken after the breach on 17 April, so it is not "binnen de termijn".
    a = steps.besluit_open(world)
    travel(D(2027, 4, 17))
    sweep_deadlines()
    t = termijn(a)
    DeadlineExtension.objects.create(
        deadline=t, length=6, unit="weeks", reason="te laat", at=at(D(2027, 4, 17)), by=world.beslisser
    )
    deadline_services._refresh(t, by=world.beslisser, reason="oude verdaging")
    assert termijn(a).due_on == D(2027, 5, 28)
    assert deadline_services.deadline_light(termijn(a)) == "red"
    board = dashboard.swv_dashboard(world.consulent, today=D(2027, 4, 20))
    assert t in board.breached_list and t not in board.at_risk_list
    travel(D(2027, 4, 21))
    decide(world, a)
    assert binnen(world) == (1, 0)
