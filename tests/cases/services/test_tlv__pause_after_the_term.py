"""Rule: only a running term can be suspended (Awb 4:15 lid 1 a). A request to complete the file or for more
information whose suspension would start after the beslistermijn's last day does not move the due date: the
breach stays a breach (red, escalated, late in the quarterly figure), the request itself still goes out.

Received and complete on Friday 5 March 2027: 6 weeks -> Friday 16 April 2027 (the last day, "tot en met").
The suspension starts the day after the request, so a request on 16 April would suspend from 17 April, when
nothing of the term is left. Through the services, the case page, the API, the dashboard and the report.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from cases.models import Case, CaseEvent, Deadline, WorkItem
from cases.services import deadlines as deadline_services
from cases.services import tlv
from cases.services.deadlines import sweep_deadlines
from reports import dashboard
from reports.quarterly import Period, decided_within_term

AMS = ZoneInfo("Europe/Amsterdam")
D = dt.date


def at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(9), tzinfo=AMS)


@pytest.fixture
def travel():
    with time_machine.travel(at(D(2027, 3, 5)), tick=False) as traveller:
        yield lambda day: traveller.move_to(at(day))


def termijn(a) -> Deadline:
    return Deadline.objects.get(case=a.case, kind=tlv.BESLISTERMIJN)


def ask(world, steps, a):
    tlv.cva_advies_record(
        aanvraag=steps.fresh(a), by=steps.adviser(world, a), uitkomst="meer_informatie", vraag="MDO"
    )


# (id, day the CvA asks for more information, answer day, expected status after the request, due date after
#  the request (projected while paused), due date after the answer)
CASES = [
    # Thu 15 April, the day before the last day: suspended from Fri 16 April (1 day of the term left); answer
    # term 15 April + 2 weeks = Thu 29 April, projected [16 April, 30 April) = 14 days -> Fri 30 April. The
    # answer on Tue 20 April: [16, 20 April) = 4 days -> Tue 20 April.
    ("the-day-before-the-last-day", D(2027, 4, 15), D(2027, 4, 20), "paused", D(2027, 4, 30), D(2027, 4, 20)),
    # Fri 16 April, the last day: the suspension would start on Sat 17 April, after the term: none; the due
    # date stays 16 April and the answer on Tue 20 April changes nothing.
    ("on-the-last-day", D(2027, 4, 16), D(2027, 4, 20), "running", D(2027, 4, 16), D(2027, 4, 16)),
    # Mon 19 April, after the term (the sweep has not run yet): no suspension, due 16 April.
    ("after-the-term", D(2027, 4, 19), D(2027, 4, 20), "running", D(2027, 4, 16), D(2027, 4, 16)),
]


@pytest.mark.parametrize(
    ("asked", "answered", "status", "due_after_request", "due_after_answer"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_meer_informatie_suspends_only_a_term_that_still_runs(
    world, steps, travel, client, asked, answered, status, due_after_request, due_after_answer
):
    a = steps.cva_advies(world)
    travel(asked)
    ask(world, steps, a)
    t = termijn(a)
    assert (t.status, t.due_on) == (status, due_after_request)
    # the request itself went out: the school has its task and its antwoordtermijn
    assert WorkItem.objects.filter(case=a.case, node="cva_aanvulling", status="open").exists()
    assert Deadline.objects.get(case=a.case, kind=tlv.INFORMATIETERMIJN).status == "running"
    if status == "running":
        assert not t.pauses.exists()
        line = CaseEvent.objects.get(case=a.case, action="deadline_not_paused").summary
        assert line == "Termijn niet opgeschort: beslistermijn TLV was al verstreken op 16 april 2027"
        client.force_login(world.consulent)
        page = client.get(reverse("case_detail", args=[a.case_id])).content.decode()
        api = client.get(f"/api/v1/cases/{a.case_id}/deadlines/").json()
        assert "Uiterste datum: 16 april 2027." in page and line in page
        assert next(d for d in api if d["kind"] == tlv.BESLISTERMIJN)["due_on"] == "2027-04-16"
        # once the last day has passed (Mon 19 April) it is a breach, not a term at risk
        assert deadline_services.deadline_light(t, today=D(2027, 4, 19)) == "red"
        board = dashboard.swv_dashboard(world.consulent, today=D(2027, 4, 19))
        assert t in board.breached_list and t not in board.at_risk_list
    travel(answered)
    tlv.informatie_aanvullen(aanvraag=steps.fresh(a), by=world.school_user, toelichting="MDO-verslag")
    assert termijn(a).due_on == due_after_answer


def test_a_late_request_leaves_the_breach_escalated_and_late_in_the_report(world, steps, travel):
    a = steps.cva_advies(world)
    travel(D(2027, 4, 19))
    ask(world, steps, a)
    sweep_deadlines()
    escalations = WorkItem.objects.filter(case=a.case, kind="escalation", node="escalatie_tlv_beslistermijn")
    assert escalations.exists()
    travel(D(2027, 4, 20))
    tlv.informatie_aanvullen(aanvraag=steps.fresh(a), by=world.school_user, toelichting="MDO-verslag")
    a = steps.fresh(a)
    tlv.cva_advies_record(
        aanvraag=a,
        by=steps.adviser(world, a),
        uitkomst="toekennen",
        soort="so",
        cluster=4,
        categorie="laag",
        motivering="Advies",
    )
    travel(D(2027, 4, 21))
    tlv.besluit_record(
        aanvraag=steps.fresh(a),
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
    row = next(
        r
        for r in decided_within_term(Case.objects.filter(swv=world.swv), Period.of_quarter(2027, 2))
        if r.key == "tlv"
    )
    assert (row.besluiten, row.binnen) == (1, 0)


def test_onvolledig_after_the_term_does_not_suspend_it(world, steps, travel):
    # received Mon 1 March (due Mon 12 April); the consulent finds the file incomplete only on Tue 13 April:
    # the suspension would start on 14 April, after the term: the due date stays 12 April.
    travel(D(2027, 3, 1))
    a = steps.ingediend(world)
    travel(D(2027, 4, 13))
    tlv.volledigheid_record(aanvraag=a, by=world.consulent, volledig=False, ontbrekende_stukken="OPP")
    t = termijn(a)
    assert (t.status, t.due_on, t.pauses.count()) == ("running", D(2027, 4, 12), 0)
    assert steps.fresh(a).status == "onvolledig"
    assert WorkItem.objects.filter(case=a.case, node="herstel", status="open").exists()
    assert deadline_services.deadline_light(t) == "red"
