"""The inbox's follow-up, absence and bulk reassignment in Chromium: a wedervoorlegging hides a task and it
returns marked on its day; an absence recorded on its page puts the absent colleague's task in the
vervanger's list, marked "namens"; a consulent reassigns twenty tasks at once."""

import datetime as dt

import pytest
from django.urls import reverse

from cases import clock
from cases.models import CaseEvent, WorkItem
from cases.roles import Role
from cases.services.workitems import workitem_create
from tests import tlv_steps
from tests.e2e.steps import login
from tests.factories import make_user

pytestmark = pytest.mark.django_db(transaction=True)


def _task(w, case, title, assignee):
    return workitem_create(
        case=case, node=f"b_{title}", title=title, role="consulent", assignee=assignee, by=w.consulent
    )


def _mine(page) -> str:
    return page.locator("section[aria-labelledby=h-mijn] tbody").inner_text()


def test_follow_up_hides_and_returns_a_task(page, live_server, world, shot):
    w = world
    case = tlv_steps.concept(w).case
    item = _task(w, case, "Dossier nabellen", w.consulent)
    login(page, live_server, w.consulent)
    page.goto(f"{live_server.url}{reverse('workitem', args=[item.pk])}")
    day = clock.today() + dt.timedelta(days=2)
    page.fill("#id_on", (clock.today() - dt.timedelta(days=1)).isoformat())  # in the past: refused
    page.get_by_role("button", name="Wedervoorleggen").click()
    page.wait_for_selector("text=Kies een datum voor de wedervoorlegging na vandaag.")
    page.fill("#id_on", day.isoformat())
    page.get_by_role("button", name="Wedervoorleggen").click()
    page.wait_for_selector("#h-mijn")
    assert "Dossier nabellen" not in _mine(page)
    assert "Dossier nabellen" in page.locator("section[aria-labelledby=h-later]").inner_text()
    shot(page, "wedervoorlegging-later-terug")
    WorkItem.objects.filter(pk=item.pk).update(
        follow_up_at=clock.now() - dt.timedelta(minutes=1)
    )  # its day came
    page.reload()
    row = page.locator("section[aria-labelledby=h-mijn] tr.returned", has_text="Dossier nabellen")
    row.wait_for()
    assert "Wedervoorlegging" in row.inner_text()
    shot(page, "wedervoorlegging-terug")


def test_an_absence_routes_tasks_to_the_vervanger_namens(page, live_server, world, shot):
    w = world
    colleague = make_user(role=Role.CONSULENT, swv=w.swv, first_name="Vera", last_name="Vervanger")
    case = tlv_steps.concept(w).case
    item = _task(w, case, "Gesprek voorbereiden", w.consulent)
    login(page, live_server, w.consulent)
    page.goto(f"{live_server.url}{reverse('afwezigheid')}")
    page.select_option("#id_vervanger", str(colleague.pk))
    page.fill("#id_starts_on", clock.today().isoformat())
    page.fill("#id_ends_on", (clock.today() + dt.timedelta(days=3)).isoformat())
    page.get_by_role("button", name="Vastleggen").click()
    page.wait_for_selector("text=De afwezigheid is vastgelegd.")
    shot(page, "afwezigheid-vastgelegd")
    login(page, live_server, colleague)
    page.goto(f"{live_server.url}{reverse('inbox')}")
    assert "U vervangt" in page.locator("main").inner_text()
    mine = page.locator("section[aria-labelledby=h-mijn] tr", has_text="Gesprek voorbereiden")
    assert "namens" in mine.inner_text()
    shot(page, "vervanger-ziet-taak")
    item.refresh_from_db()
    assert item.assignee == w.consulent  # still the absent user's task, shown to the vervanger
    assert CaseEvent.objects.filter(case=case).exists()


def test_a_consulent_reassigns_twenty_tasks_at_once(page, live_server, world, shot):
    w = world
    old = make_user(role=Role.CONSULENT, swv=w.swv, first_name="Oud", last_name="Collega")
    new = make_user(role=Role.CONSULENT, swv=w.swv, first_name="Nieuwe", last_name="Collega")
    case = tlv_steps.concept(w).case
    items = [_task(w, case, f"Taak {n:02d}", old) for n in range(20)]
    login(page, live_server, w.consulent)
    page.goto(f"{live_server.url}{reverse('workitems_reassign')}?bij={old.pk}")
    boxes = page.locator("input[name=tasks]")
    assert boxes.count() == 20
    for i in range(20):
        boxes.nth(i).check()
    page.select_option("#id_to", str(new.pk))
    page.fill("#id_reason", "Herverdeling")
    page.get_by_role("button", name="Geselecteerde taken toewijzen").click()
    page.wait_for_selector("text=20 taken toegewezen aan Nieuwe Collega.")
    shot(page, "twintig-taken-toegewezen")
    assert WorkItem.objects.filter(pk__in=[i.pk for i in items], assignee=new).count() == 20
    assert CaseEvent.objects.filter(case=case, action="workitem_reassign").count() == 20
