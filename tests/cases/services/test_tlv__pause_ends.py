"""Rule: a pause that ends. "Meer informatie" carries an answer term (SWV default 2 weeks); the beslistermijn
stands still from the day after the request until the answer or the end of that term, whichever is first
(Awb 4:15 lid 1 a); projected while paused; the school is reminded; the sweep ends the pause and escalates.

The beslistermijn starts on Friday 5 March 2027 -> Friday 16 April 2027; the CvA asks on Friday 12 March, so
the clock stands still from Saturday 13 March.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from cases import clock
from cases.errors import ValidationFailed
from cases.models import Deadline, TermPolicy, WorkItem
from cases.services import tlv
from cases.services.deadlines import sweep_deadlines
from notifications.models import Notification
from reports import dashboard
from tests.asserts import Snapshot, assert_refused_without_effect

AMS = ZoneInfo("Europe/Amsterdam")
D = dt.date
ASKED = D(2027, 3, 12)


def at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(9), tzinfo=AMS)


@pytest.fixture
def travel():
    with time_machine.travel(at(D(2027, 3, 5)), tick=False) as traveller:
        yield lambda day: traveller.move_to(at(day))


def termijn(a) -> Deadline:
    return Deadline.objects.get(case=a.case, kind=tlv.BESLISTERMIJN)


def ask(world, steps, a, antwoord_tot=None):
    tlv.cva_advies_record(
        aanvraag=a,
        by=steps.adviser(world, a),
        uitkomst="meer_informatie",
        vraag="MDO",
        antwoord_tot=antwoord_tot,
    )


def explanation_everywhere(client, world, a) -> tuple[str, str]:
    client.force_login(world.consulent)
    page = client.get(reverse("case_detail", args=[a.case_id])).content.decode()
    api = client.get(f"/api/v1/cases/{a.case_id}/deadlines/").json()
    return page, next(d for d in api if d["kind"] == tlv.BESLISTERMIJN)["explanation"]


# (id, SWV answer term in weeks (None = default 2), answer term set as a date, answer arrives on, sweep on,
#  projected due while paused, pause end, final due)
CASES = [
    # default: answer term 12 March + 2 weeks = Fri 26 March; projected [13 March, 27 March) = 14 days
    # -> 16 April + 14 = Fri 30 April. Answer on Mon 22 March: [13, 22) = 9 days -> Sun 25 April -> Mon 26
    # April (Atw).
    (
        "answer-within-the-term",
        None,
        None,
        D(2027, 3, 22),
        None,
        D(2027, 4, 30),
        D(2027, 3, 22),
        D(2027, 4, 26),
    ),
    # SWV answer term 1 week: until Fri 19 March; projected [13, 20) = 7 days -> Fri 23 April. No answer; the
    # sweep on Sat 20 March ends the pause on 20 March (the day after the term): due 23 April.
    (
        "no-answer-sweep-on-time",
        1,
        None,
        None,
        D(2027, 3, 20),
        D(2027, 4, 23),
        D(2027, 3, 20),
        D(2027, 4, 23),
    ),
    # the same, but the sweep only runs on Thu 25 March: the pause still ends on 20 March, due 23 April.
    ("no-answer-sweep-late", 1, None, None, D(2027, 3, 25), D(2027, 4, 23), D(2027, 3, 20), D(2027, 4, 23)),
    # answer term set as a date, Wed 24 March: projected [13, 25) = 12 days -> Wed 28 April. The answer comes
    # on Mon 29 March, after the term, before any sweep: the pause ends on 25 March all the same -> 28 April.
    (
        "late-answer-term-as-date",
        None,
        D(2027, 3, 24),
        D(2027, 3, 29),
        None,
        D(2027, 4, 28),
        D(2027, 3, 25),
        D(2027, 4, 28),
    ),
]


@pytest.mark.parametrize(
    ("weeks", "antwoord_tot", "answer_on", "sweep_on", "projected", "pause_end", "due_on"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_the_pause_ends_at_the_answer_or_the_end_of_the_answer_term(
    world, steps, travel, client, weeks, antwoord_tot, answer_on, sweep_on, projected, pause_end, due_on
):
    if weeks:
        TermPolicy.objects.create(swv=world.swv, kind=tlv.INFORMATIETERMIJN, length=weeks, unit="weeks")
    a = steps.cva_advies(world)
    travel(ASKED)
    ask(world, steps, a, antwoord_tot)
    t = termijn(a)
    assert (t.status, t.due_on) == ("paused", projected)
    page, api = explanation_everywhere(client, world, a)
    sentence = f"Uiterste datum (verwacht, als de informatie niet eerder komt): {projected.day} april 2027."
    assert sentence in t.explanation and sentence in page and sentence in api
    assert "De termijn staat stil sinds 13 maart 2027: CvA/BTO vraagt meer informatie" in api
    task = WorkItem.objects.get(case=a.case, node="cva_aanvulling", status="open")
    antwoordtermijn = Deadline.objects.get(case=a.case, kind=tlv.INFORMATIETERMIJN)
    assert task.due_at == clock.end_of_day(antwoordtermijn.due_on)
    # the dashboard lists the paused term by its projected date once it is 'bijna verlopen'
    board = dashboard.swv_dashboard(world.consulent, today=projected - dt.timedelta(days=1))
    assert t in board.at_risk_list

    if sweep_on:
        travel(sweep_on)
        sweep_deadlines()
        escalation = WorkItem.objects.get(
            case=a.case, kind="escalation", node="escalatie_tlv_informatietermijn"
        )
        assert escalation.role == "consulent"
    if answer_on:
        travel(answer_on)
        tlv.informatie_aanvullen(aanvraag=a, by=world.school_user, toelichting="MDO-verslag")
    t = termijn(a)
    assert (t.status, t.due_on) == ("running", due_on)
    assert t.pauses.get().end == pause_end
    assert f"Opgeschort van 13 maart 2027 tot {pause_end.day} maart 2027" in t.explanation


def test_the_school_is_reminded_before_the_answer_term_ends(world, steps, travel):
    # default 2 weeks: warning at 12 March + ceil(0.75 * 14) = 11 days = Tue 23 March
    a = steps.cva_advies(world)
    travel(ASKED)
    ask(world, steps, a)
    travel(D(2027, 3, 22))
    sweep_deadlines()
    assert not Notification.objects.filter(user=world.school_user, kind="term_warning", case=a.case).exists()
    travel(D(2027, 3, 23))
    sweep_deadlines()
    reminder = Notification.objects.get(user=world.school_user, kind="term_warning", case=a.case)
    assert "26-03-2027" in reminder.title
    assert termijn(a).status == "paused"


@pytest.mark.parametrize("antwoord_tot", [D(2027, 3, 11), ASKED], ids=["yesterday", "today"])
def test_an_answer_term_in_the_past_is_refused(world, steps, travel, antwoord_tot):
    a = steps.cva_advies(world)
    travel(ASKED)
    before = Snapshot.of(a)
    with pytest.raises(ValidationFailed) as info:
        ask(world, steps, a, antwoord_tot)
    assert info.value.code == "antwoordtermijn-verleden"
    assert "De antwoordtermijn moet na vandaag eindigen" in str(info.value.message)
    assert_refused_without_effect(a, before, info.value)
    assert termijn(a).status == "running"
    assert not Deadline.objects.filter(case=a.case, kind=tlv.INFORMATIETERMIJN).exists()
