"""The home page per role: what needs attention first, counted in SQL through cases.policies, with links
into filtered lists; the SWV dashboard for staff; leerplicht and audit entry points."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import Leerling, WorkItem
from cases.services.deadlines import sweep_deadlines
from reports import dashboard
from tests import thuiszitter_steps, tlv_steps
from tests.factories import next_bsn
from workflows import selectors

AMS = ZoneInfo("Europe/Amsterdam")


def at(day, hour=9):
    return dt.datetime.combine(day, dt.time(hour), tzinfo=AMS)


@pytest.fixture
def travel():
    with time_machine.travel(at(dt.date(2027, 1, 4)), tick=False) as traveller:
        yield traveller


def test_sql_lights_classify_exactly_like_the_inbox_lights(world, travel):
    """light_filters (SQL) and light_for (Python) agree for every due day around today."""
    a = tlv_steps.deskundigenadvies(world)  # two deskundigen tasks due at the end of the beslistermijn
    items = list(WorkItem.objects.filter(case=a.case, status="open"))
    today = dt.date(2027, 1, 4)
    for offset in range(-3, 50, 1):
        travel.move_to(at(today + dt.timedelta(days=offset)))
        lights = selectors.light_filters()
        for item in items:
            item = WorkItem.objects.select_related("deadline").get(pk=item.pk)
            expected = selectors.light_for(item)
            in_red = WorkItem.objects.filter(lights["red"], pk=item.pk).exists()
            in_amber = WorkItem.objects.filter(lights["amber"], pk=item.pk).exists()
            assert (in_red, in_amber) == (expected == "red", expected == "amber"), (offset, expected)


def test_counts_of_my_tasks_werkvoorraad_and_escalations(world, travel):
    w = world
    tlv_steps.ingediend(w)  # volledigheidstoets in the consulent's werkvoorraad, no due date
    m = thuiszitter_steps.gemeld(w, eerste_verzuimdag=dt.date(2027, 1, 4))
    travel.move_to(at(dt.date(2027, 3, 2)))  # day 57 at home: the 4- and 8-week rungs escalate
    sweep_deadlines()
    counts = selectors.task_counts(w.consulent)
    assert counts.pool >= 2  # volledigheidstoets + registratie (+ the 4-week escalation)
    assert (
        counts.escalations
        == WorkItem.objects.filter(case=m.case, kind="escalation", role="consulent", status="open").count()
    )
    leerplicht = selectors.task_counts(w.leerplicht)
    assert leerplicht.escalations == 1 and leerplicht.pool == 1 and leerplicht.mine == 0
    # taking the item moves it from the werkvoorraad to my tasks
    from cases.services.workitems import workitem_claim

    workitem_claim(item=WorkItem.objects.get(case=m.case, role="leerplichtambtenaar"), by=w.leerplicht)
    after = selectors.task_counts(w.leerplicht)
    assert (after.mine, after.pool, after.escalations) == (1, 0, 1)


def test_overdue_first_with_links_into_the_filtered_inbox(client, world, travel):
    w = world
    a = tlv_steps.deskundigenadvies(w)
    travel.move_to(at(dt.date(2027, 2, 20)))  # past the 6-week beslistermijn of the deskundigen tasks
    client.force_login(w.deskundige1)
    html = client.get(reverse("home")).content.decode()
    assert "Eerst doen: te laat en bijna verlopen" in html
    assert a.case.reference in html
    assert "?licht=red#h-voorraad" in html
    inbox = client.get(reverse("inbox") + "?licht=red").content.decode()
    assert a.case.reference in inbox and "Gefilterd" in inbox
    assert a.case.reference not in client.get(reverse("inbox") + "?licht=amber").content.decode()
    assert a.case.reference not in client.get(reverse("inbox") + "?soort=escalation").content.decode()
    assert a.case.reference not in client.get(reverse("inbox") + "?route=thuiszitter").content.decode()
    assert (
        a.case.reference in client.get(reverse("inbox") + f"?q={a.case.leerling.achternaam}").content.decode()
    )


def test_swv_dashboard_per_route_and_phase_at_risk_and_breached(world, other_world, travel):
    w = world
    tlv_steps.ingediend(w)
    thuiszitter_steps.gemeld(
        w, leerling=w.leerling_b, by=w.school_b_user, eerste_verzuimdag=dt.date(2026, 12, 1)
    )
    tlv_steps.ingediend(other_world)
    board = dashboard.swv_dashboard(w.consulent)
    routes = {r.route: {p.phase: p.n for p in r.phases} for r in board.routes}
    assert routes["tlv"] == {"ingediend": 1}
    assert routes["thuiszitter"] == {"gemeld": 1}
    assert board.open_total == 2  # the other SWV's case is not counted
    # thuiszitter terms from 1 December (day 1): the 4-week one (28 Dec) is breached, the 8-week one
    # (25 Jan) is
    # not yet at risk, the 3-month one later
    assert board.breached == 1
    assert [d.kind for d in board.breached_list] == ["thuiszitter_plan"]
    travel.move_to(at(dt.date(2027, 1, 17)))
    board = dashboard.swv_dashboard(w.consulent)
    assert board.at_risk_list == []  # due 25 Jan: 8 days away, outside the SWV's 7 days
    travel.move_to(at(dt.date(2027, 1, 18)))
    board = dashboard.swv_dashboard(w.consulent)
    assert [d.kind for d in board.at_risk_list] == ["thuiszitter_aanbod"]  # due 25 Jan: bijna verlopen
    assert dashboard.swv_dashboard(w.school_user) is None  # not SWV staff


@pytest.mark.parametrize(
    ("role", "present", "absent"),
    [
        (
            "school",
            ["Mijn taken", "Nieuwe TLV-aanvraag", "Mijn open casussen per route"],
            ["Samenwerkingsverband: overzicht"],
        ),
        (
            "consulent",
            [
                "Werkvoorraad van mijn rol",
                "Samenwerkingsverband: overzicht",
                "Open casussen per route en fase",
            ],
            ["Audit en privacy"],
        ),
        ("beslisser", ["Samenwerkingsverband: overzicht", "Kwartaalrapportage"], ["Nieuwe TLV-aanvraag"]),
        (
            "leerplichtambtenaar",
            ["Mijn escalaties", "Thuiszitters in mijn gemeente"],
            ["Samenwerkingsverband: overzicht"],
        ),
        (
            "auditor",
            ["Audit en privacy", "Inzagelog", "Casussen: historie per casus bekijken"],
            ["Mijn taken", "Werkvoorraad van mijn rol"],
        ),
        (
            "deskundige",
            ["Mijn taken", "Werkvoorraad van mijn rol"],
            ["Samenwerkingsverband: overzicht", "Kwartaalrapportage"],
        ),
    ],
)
def test_each_role_sees_its_own_home(client, world, role, present, absent):
    tlv_steps.ingediend(world)
    client.force_login(world.roles[role])
    response = client.get(reverse("home"))
    html = response.content.decode()
    assert response.status_code == 200
    for text in present:
        assert text in html, text
    for text in absent:
        assert text not in html, text


def test_leerplicht_sees_the_thuiszitters_of_their_gemeente_only(world, travel):
    w = world
    thuiszitter_steps.gemeld(w, eerste_verzuimdag=dt.date(2026, 11, 1))  # leerling_a lives in gemeente A
    thuiszitter_steps.gemeld(
        w, leerling=w.leerling_b, by=w.school_b_user, eerste_verzuimdag=dt.date(2026, 11, 1)
    )
    summary = dashboard.thuiszitter_summary(w.leerplicht)  # leerplicht of gemeente A
    assert (summary.open, summary.at_home, summary.over_aim) == (1, 1, 1)


@pytest.mark.parametrize("role", ["consulent", "leerplichtambtenaar", "school", "auditor"])
def test_home_queries_do_not_grow_with_the_number_of_cases(client, world, travel, role):
    w = world
    tlv_steps.ingediend(w)
    client.force_login(w.roles[role])
    client.get(reverse("home"))  # warm the session and caches
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("home"))
    for n in range(3):
        leerling = Leerling.objects.create(
            swv=w.swv,
            voornaam=f"Extra{n}",
            achternaam="Leerling",
            geboortedatum=dt.date(2017, 1, 1),
            bsn=next_bsn(),
            woongemeente=w.gemeente_a,
            stamschool=w.school_a,
        )
        tlv_steps.deskundigenadvies(w) if n == 0 else tlv_steps.with_documents(
            w, tlv_steps.concept(w, leerling)
        )
        thuiszitter_steps.gemeld(w, leerling=leerling, eerste_verzuimdag=dt.date(2026, 11, 1))
    travel.move_to(at(dt.date(2027, 2, 20)))
    sweep_deadlines()  # escalations, overdue items
    with CaptureQueriesContext(connection) as more:
        client.get(reverse("home"))
    assert len(more) <= len(few) + 2, [q["sql"][:120] for q in more.captured_queries]


def test_a_user_without_a_role_is_told_what_to_do(client, db):
    from tests.factories import make_user

    client.force_login(make_user())
    html = client.get(reverse("home")).content.decode()
    assert "U heeft nog geen rol" in html
