"""The inbox beyond claim and complete: a wedervoorlegging hides a task until its day and brings it back
marked; an absence puts the absent user's tasks in the vervanger's list, records what the vervanger does as
"namens", and sends new tasks on name to the vervanger; a coordinator reassigns many tasks at once, each
logged with its old and new assignee. Bad input is refused in Dutch and changes nothing."""

import datetime as dt

import pytest
from django.urls import reverse

from cases import clock
from cases.errors import DomainError
from cases.models import Afwezigheid, CaseEvent, WorkItem
from cases.roles import Role
from cases.services import afwezigheid, tlv, workitems
from tests import tlv_steps
from tests.factories import make_user
from workflows import selectors


def _task(w, case, assignee, n=0):
    return workitems.workitem_create(
        case=case,
        node=f"opvolging_{n}",
        title=f"Opvolging {n}",
        role=Role.CONSULENT,
        assignee=assignee,
        by=w.consulent,
    )


def _mine(user):
    return set(selectors.my_tasks(user).values_list("pk", flat=True))


# --- wedervoorlegging -----------------------------------------------------------------------------------


def test_a_follow_up_hides_the_task_until_its_day_and_brings_it_back_marked(client, world):
    case = tlv_steps.ingediend(world).case
    item = _task(world, case, world.consulent)
    day = clock.today() + dt.timedelta(days=3)
    client.force_login(world.consulent)
    r = client.post(
        reverse("workitem_follow_up", args=[item.pk]), {"on": day.isoformat(), "reason": "wacht op OPP"}
    )
    assert r.status_code == 302
    assert item.pk not in _mine(world.consulent)
    page = client.get(reverse("inbox")).content.decode()
    assert "Later terug (wedervoorlegging)" in page
    item.refresh_from_db()
    assert item.history.first().history_change_reason.startswith("wedervoorlegging op")
    assert CaseEvent.objects.filter(case=case, action="workitem_follow_up").count() == 1
    with clock.travel(clock.start_of_day(day) + dt.timedelta(hours=1)):
        assert item.pk in _mine(world.consulent)
        page = client.get(reverse("inbox")).content.decode()
        assert 'class="returned"' in page and "badge-returned" in page


@pytest.mark.parametrize("days", [0, -1])
def test_a_follow_up_today_or_in_the_past_is_refused_and_changes_nothing(world, days):
    case = tlv_steps.ingediend(world).case
    item = _task(world, case, world.consulent)
    before = item.history.count()
    with pytest.raises(DomainError) as exc:
        workitems.workitem_follow_up(
            item=item, by=world.consulent, on=clock.today() + dt.timedelta(days=days)
        )
    assert "na vandaag" in str(exc.value.message)
    item.refresh_from_db()
    assert item.follow_up_at is None and item.history.count() == before
    assert CaseEvent.objects.filter(
        case=case, kind=CaseEvent.Kind.REFUSED, action="wedervoorlegging"
    ).exists()


def test_only_the_assignee_sets_a_follow_up(world):
    case = tlv_steps.ingediend(world).case
    item = _task(world, case, world.consulent)
    other = make_user(role=Role.CONSULENT, swv=world.swv)
    with pytest.raises(DomainError):
        workitems.workitem_follow_up(item=item, by=other, on=clock.today() + dt.timedelta(days=2))
    item.refresh_from_db()
    assert item.follow_up_at is None


# --- afwezigheid en vervanging -----------------------------------------------------------------------------


def test_an_absence_routes_tasks_to_the_vervanger_who_acts_namens(world):
    a = tlv_steps.cva_advies(world)
    item = WorkItem.objects.get(case=a.case, node="cva_advies", status="open")
    workitems.workitem_claim(item=item, by=world.cva)
    afwezigheid.afwezigheid_record(
        user=world.cva,
        vervanger=world.cva2,
        starts_on=clock.today(),
        ends_on=clock.today() + dt.timedelta(days=7),
        by=world.cva,
    )
    assert item.pk in _mine(world.cva2)
    tlv.cva_advies_record(
        aanvraag=a,
        by=world.cva2,
        uitkomst="toekennen",
        soort="so",
        cluster=4,
        categorie="laag",
        motivering="M",
    )
    item.refresh_from_db()
    assert item.status == "done" and item.completed_by == world.cva2
    assert "namens" in item.history.first().history_change_reason
    event = CaseEvent.objects.get(case=a.case, action="workitem_close", data__work_item=item.pk)
    assert "namens" in event.summary and event.data["namens"] == world.cva.pk


def test_a_new_task_for_an_absent_assignee_goes_to_the_vervanger(world):
    other = make_user(role=Role.CONSULENT, swv=world.swv)
    afwezigheid.afwezigheid_record(
        user=world.consulent,
        vervanger=other,
        starts_on=clock.today(),
        ends_on=clock.today(),
        by=world.beheerder,
    )
    case = tlv_steps.ingediend(world).case
    item = _task(world, case, world.consulent)
    assert item.assignee == other
    assert "vervanger van" in CaseEvent.objects.filter(case=case, action="workitem_create").last().summary
    with clock.travel(clock.end_of_day(clock.today()) + dt.timedelta(hours=2)):  # the absence is over
        assert _task(world, case, world.consulent, 1).assignee == world.consulent


def test_a_vervanger_without_the_role_is_refused_and_nothing_is_recorded(world):
    with pytest.raises(DomainError) as exc:
        afwezigheid.afwezigheid_record(
            user=world.cva,
            vervanger=world.school_user,
            starts_on=clock.today(),
            ends_on=clock.today(),
            by=world.cva,
        )
    assert "heeft niet de rol" in str(exc.value.message)
    assert not Afwezigheid.objects.exists()


def test_someone_elses_absence_only_by_a_coordinator(world):
    with pytest.raises(DomainError):
        afwezigheid.afwezigheid_record(
            user=world.cva,
            vervanger=world.cva2,
            starts_on=clock.today(),
            ends_on=clock.today(),
            by=world.school_user,
        )
    absence = afwezigheid.afwezigheid_record(
        user=world.cva,
        vervanger=world.cva2,
        starts_on=clock.today(),
        ends_on=clock.today(),
        by=world.consulent,
    )
    assert absence.created_by == world.consulent
    with pytest.raises(DomainError):  # an overlapping second absence
        afwezigheid.afwezigheid_record(
            user=world.cva,
            vervanger=world.voorzitter,
            starts_on=clock.today(),
            ends_on=clock.today(),
            by=world.cva,
        )


def test_the_absence_page_records_and_ends_an_absence(client, world):
    client.force_login(world.cva)
    today = clock.today()
    r = client.post(
        reverse("afwezigheid"),
        {"user": world.cva.pk, "vervanger": world.school_user.pk, "starts_on": today, "ends_on": today},
    )
    assert r.status_code == 200 and not Afwezigheid.objects.exists()  # the school user is no colleague
    r = client.post(
        reverse("afwezigheid"),
        {
            "user": world.cva.pk,
            "vervanger": world.cva2.pk,
            "starts_on": today,
            "ends_on": today,
            "reason": "ziek",
        },
    )
    assert r.status_code == 302
    absence = Afwezigheid.objects.get()
    client.force_login(world.cva2)
    assert "U vervangt" in client.get(reverse("inbox")).content.decode()
    client.force_login(world.cva)
    client.post(reverse("afwezigheid"), {"actie": "beeindigen", "afwezigheid": absence.pk})
    absence.refresh_from_db()
    assert absence.ended_at is not None


# --- bulk reassignment ------------------------------------------------------------------------------


def test_a_coordinator_reassigns_twenty_tasks_at_once_each_logged(client, world):
    case = tlv_steps.ingediend(world).case
    old = make_user(role=Role.CONSULENT, swv=world.swv, first_name="Oud")
    new = make_user(role=Role.CONSULENT, swv=world.swv, first_name="Nieuw")
    items = [_task(world, case, old, n) for n in range(20)]
    client.force_login(world.consulent)
    page = client.get(reverse("workitems_reassign"), {"bij": old.pk})
    assert page.status_code == 200 and page.content.decode().count('name="tasks"') == 20
    r = client.post(
        reverse("workitems_reassign") + f"?bij={old.pk}",
        {"tasks": [i.pk for i in items], "to": new.pk, "reason": "herverdeling"},
    )
    assert r.status_code == 302
    assert WorkItem.objects.filter(pk__in=[i.pk for i in items], assignee=new).count() == 20
    events = CaseEvent.objects.filter(case=case, action="workitem_reassign")
    assert events.count() == 20
    assert {(e.data["from"], e.data["to"]) for e in events} == {(old.pk, new.pk)}
    assert all("was Oud" in e.summary for e in events)


def test_a_bulk_reassignment_with_one_refused_task_changes_nothing(world):
    case = tlv_steps.ingediend(world).case
    old = make_user(role=Role.CONSULENT, swv=world.swv)
    items = [_task(world, case, old, n) for n in range(3)]
    school_item = workitems.workitem_create(
        case=case,
        node="school_stap",
        title="School",
        role=Role.SCHOOL,
        school=world.school_a,
        by=world.consulent,
    )
    new = make_user(role=Role.CONSULENT, swv=world.swv)
    with pytest.raises(DomainError) as exc:
        workitems.workitems_reassign(items=[*items, school_item], by=world.consulent, to=new, reason="x")
    assert case.reference in str(exc.value.message)
    assert WorkItem.objects.filter(assignee=new).count() == 0
    assert not CaseEvent.objects.filter(case=case, action="workitem_reassign").exists()
    assert CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.REFUSED, action="taken toewijzen").exists()


def test_the_bulk_page_is_for_coordinators_only(client, world):
    client.force_login(world.cva)
    assert client.get(reverse("workitems_reassign")).status_code == 404
