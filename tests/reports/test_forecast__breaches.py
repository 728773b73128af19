"""The breach forecast on hand-counted data: which term falls due in which week, for which role and person.

One PO SWV with two submitted TLV requests (the volledigheid task open in the consulent's werkvoorraad, one
of them claimed by the consulent) and a third on which more information was asked (its beslistermijn is
paused); a second SWV has a TLV falling due in the same week and must not count.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from audit.models import AccessLog
from cases.models import Deadline, WorkItem
from cases.roles import Role
from cases.services import tlv, workitems
from reports.forecast import breach_forecast
from tests import tlv_steps
from tests.factories import complete_second_factor, make_world

AMS = ZoneInfo("Europe/Amsterdam")
MONDAY = dt.datetime(2027, 1, 11, 9, 0, tzinfo=AMS)

pytestmark = pytest.mark.django_db


def beslistermijn(a) -> Deadline:
    return Deadline.objects.get(case=a.case, kind="tlv_beslistermijn")


@pytest.fixture
def data():
    with time_machine.travel(MONDAY, tick=False) as travel:
        w = make_world()
        other = make_world()
        claimed = tlv_steps.ingediend(w)
        pool = tlv_steps.ingediend(w)
        item = WorkItem.objects.get(case=claimed.case, status="open", kind="task")
        workitems.workitem_claim(item=item, by=w.consulent)
        tlv_steps.ingediend(other)
        paused = tlv_steps.ingediend(w)
        tlv.volledigheid_record(aanvraag=paused, by=w.consulent, volledig=False, ontbrekende_stukken="OPP")
        yield w, other, claimed, pool, paused, travel


def test_a_term_falls_in_the_week_of_its_due_date_for_the_role_of_the_open_task(data):
    w, other, claimed, pool, paused, travel = data
    due = beslistermijn(claimed).due_on
    assert beslistermijn(pool).due_on == due  # submitted the same day
    today = due - dt.timedelta(days=9)  # days 7-13 of the horizon: the second week
    f = breach_forecast(swv_id=w.swv.pk, today=today)
    rows = {r.role: r for r in f.roles}
    assert rows[Role.CONSULENT].per_week == [0, 2, 0, 0]
    assert rows[Role.CONSULENT].overdue == 0
    # the TLV ladder: a breached beslistermijn escalates to the roles the term names
    ladder = beslistermijn(claimed).escalate_roles or [Role.CONSULENT]
    for role in ladder:
        assert rows[role].escalations_per_week == [0, 2, 0, 0]
    assert {b.reference for b in f.breaches if b.kind == "tlv_beslistermijn"} == {
        claimed.case.reference,
        pool.case.reference,
    }
    mine = next(b for b in f.breaches if b.case_id == claimed.case_id)
    assert mine.assignee_id == w.consulent.pk
    assert "loopt af op" in mine.why and due.strftime("%d-%m-%Y") in mine.why
    assert mine.explanation == beslistermijn(claimed).explanation
    # the paused term is listed apart, not counted as falling due
    assert [b.case_id for b in f.paused] == [paused.case_id]
    # nothing of the other SWV
    assert all(b.reference.split("-")[1] != other.swv.code for b in f.breaches)


def test_past_due_terms_count_as_overdue_and_a_term_beyond_four_weeks_not_at_all(data):
    w, other, claimed, pool, paused, travel = data
    due = beslistermijn(claimed).due_on

    def consulent(today):
        return {r.role: r for r in breach_forecast(swv_id=w.swv.pk, today=today).roles}.get(Role.CONSULENT)

    assert consulent(due - dt.timedelta(days=28)).per_week == [0, 0, 0, 0]  # only the school's hersteltermijn
    assert consulent(due - dt.timedelta(days=27)).per_week == [0, 0, 0, 2]
    late = consulent(due + dt.timedelta(days=1))
    assert late.per_week == [0, 0, 0, 0] and late.overdue == 2


def test_a_role_filter_keeps_only_that_role(data):
    w, other, claimed, pool, paused, travel = data
    today = beslistermijn(claimed).due_on - dt.timedelta(days=2)
    f = breach_forecast(swv_id=w.swv.pk, role=Role.DESKUNDIGE, today=today)
    assert f.total == 0 and f.breaches == []
    assert {p.role for p in f.people} == {Role.DESKUNDIGE}


def test_people_load_and_a_suggestion_for_who_cannot_make_it(data):
    w, other, claimed, pool, paused, travel = data
    from tests.factories import make_user

    colleague = make_user("fc-colleague", role=Role.CONSULENT, swv=w.swv)
    today = beslistermijn(claimed).due_on - dt.timedelta(days=2)
    f = breach_forecast(swv_id=w.swv.pk, role=Role.CONSULENT, today=today)
    people = {p.user_id: p for p in f.people}
    me = people[w.consulent.pk]
    assert me.open_tasks == 1 and me.due_in_horizon == 1
    # the consulent finished one task (the volledigheid of the paused request) in the last four weeks
    assert me.done_recently == 1 and me.throughput_per_week == 0.2
    assert not me.needs_cover  # one due, one done: not more than they manage
    assert people[colleague.pk].open_tasks == 0
    # a second claimed task falling due tips the balance: more due than done recently
    item = WorkItem.objects.get(case=pool.case, status="open", kind="task")
    workitems.workitem_claim(item=item, by=w.consulent)
    f = breach_forecast(swv_id=w.swv.pk, role=Role.CONSULENT, today=today)
    me = next(p for p in f.people if p.user_id == w.consulent.pk)
    assert me.due_in_horizon == 2 and me.needs_cover
    assert me.suggestion_id == colleague.pk


def test_the_page_shows_the_forecast_to_coordinators_only_and_logs_the_read(client, data):
    w, other, claimed, pool, paused, travel = data
    travel.move_to(dt.datetime.combine(beslistermijn(claimed).due_on - dt.timedelta(days=9), dt.time(9), AMS))
    url = reverse("forecast")
    client.force_login(w.consulent)
    complete_second_factor(client, w.consulent)
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert claimed.case.reference in html and pool.case.reference in html
    assert AccessLog.objects.filter(user=w.consulent, what__startswith="vooruitblik").exists()
    # another SWV's forecast is not found, for a user of this one
    assert client.get(url, {"swv": other.swv.pk}).status_code == 404
    for role in ("school", "deskundige", "auditor", "leerplichtambtenaar"):
        user = w.roles[role]
        client.force_login(user)
        complete_second_factor(client, user)
        assert client.get(url).status_code == 403, role


def test_the_api_gives_the_same_figures_with_the_same_rules(data):
    from tests.api.helpers import Api, api_client

    w, other, claimed, pool, paused, travel = data
    travel.move_to(dt.datetime.combine(beslistermijn(claimed).due_on - dt.timedelta(days=9), dt.time(9), AMS))
    _c, token = api_client(w, role=Role.CONSULENT)
    api = Api(token)
    body = api.get("/api/v1/reports/forecast/", {"rol": "consulent"}).json()
    assert body["swv_id"] == w.swv.pk
    assert [r["per_week"] for r in body["roles"]] == [[0, 2, 0, 0]]
    assert {b["reference"] for b in body["breaches"] if b["kind"] == "tlv_beslistermijn"} == {
        claimed.case.reference,
        pool.case.reference,
    }
    assert all(b["why"] and b["explanation"] for b in body["breaches"])
    assert api.get("/api/v1/reports/forecast/", {"swv": other.swv.pk}).status_code == 404
    assert api.get("/api/v1/reports/forecast/", {"rol": "koning"}).status_code == 400
    _c, school_token = api_client(w, role=Role.SCHOOL, name="school")
    assert Api(school_token).get("/api/v1/reports/forecast/").status_code == 403


def test_the_weekly_digest_goes_to_the_coordinators_once_a_week_without_personal_data(data, mailoutbox):
    from notifications import outbox
    from notifications.models import Notification
    from reports.forecast import send_weekly_digest

    w, other, claimed, pool, paused, travel = data
    today = beslistermijn(claimed).due_on - dt.timedelta(days=9)
    travel.move_to(dt.datetime.combine(today, dt.time(7), AMS))
    assert send_weekly_digest(today=today) > 0
    mine = Notification.objects.filter(kind="forecast", user=w.consulent)
    assert mine.count() == 1
    n = mine.get()
    assert n.title.startswith(f"Vooruitblik termijnen {w.swv.code}: ")
    assert "Per week: " in n.body and claimed.case.reference not in n.body + n.title
    assert n.link == f"{reverse('forecast')}?swv={w.swv.pk}"
    # coordinators only: no school, deskundige or auditor gets it; the other SWV's consulent gets their own
    assert not Notification.objects.filter(
        kind="forecast", user__in=[w.school_user, w.deskundige1, w.auditor]
    )
    assert Notification.objects.filter(
        kind="forecast", user=other.consulent, link__endswith=f"={other.swv.pk}"
    )
    # the same week again: nothing new; the next week: a new one
    assert send_weekly_digest(today=today + dt.timedelta(days=1)) == 0
    assert send_weekly_digest(today=today + dt.timedelta(days=7)) > 0
    outbox.relay()
    assert any(w.consulent.email in m.to for m in mailoutbox) or not w.consulent.email
    with translation.override("en"):
        assert mine.order_by("pk").first().display_title.startswith(f"Term forecast {w.swv.code}: ")


def test_an_absent_colleague_needs_cover_and_the_page_links_to_reassigning_their_tasks(client, data):
    from cases.services.afwezigheid import afwezigheid_record
    from tests.factories import make_user

    w, other, claimed, pool, paused, travel = data
    colleague = make_user("fc-cover", role=Role.CONSULENT, swv=w.swv)
    today = beslistermijn(claimed).due_on - dt.timedelta(days=9)
    travel.move_to(dt.datetime.combine(today, dt.time(9), AMS))
    afwezigheid_record(
        user=w.consulent,
        vervanger=colleague,
        starts_on=today,
        ends_on=today + dt.timedelta(days=5),
        by=w.consulent,
    )
    f = breach_forecast(swv_id=w.swv.pk, role=Role.CONSULENT)
    me = next(p for p in f.people if p.user_id == w.consulent.pk)
    assert me.absent and me.needs_cover and me.suggestion_id == colleague.pk
    client.force_login(colleague)
    complete_second_factor(client, colleague)
    html = client.get(reverse("forecast"), {"rol": "consulent"}).content.decode()
    assert f"{reverse('workitems_reassign')}?bij={w.consulent.pk}&amp;rol=consulent" in html
