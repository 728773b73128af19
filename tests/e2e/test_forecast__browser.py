"""The breach forecast and the policy targets in Chromium: a coordinator sees next month's breaches per role
and week and reassigns an absent colleague's tasks from the forecast page; the targets page shows the
PO SWV's −30 % TLV target against the school year so far and the projection, with its trend chart and table,
and opens the cases behind a figure."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from cases import clock
from cases.models import CaseEvent, IndicatorDoel, WorkItem
from cases.roles import Role
from cases.services import workitems
from cases.services.afwezigheid import afwezigheid_record
from reports.selectors import schooljaar_bounds, schooljaar_of
from tests import tlv_steps
from tests.e2e.axe import AXE_PATH, axe_violations
from tests.e2e.steps import login
from tests.factories import make_user
from tests.reports.test_targets import decided

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_coordinator_sees_the_breaches_and_reassigns_an_absent_colleagues_tasks(
    page, live_server, world, shot
):
    w = world
    absent = make_user(role=Role.CONSULENT, swv=w.swv, first_name="Abel", last_name="Afwezig")
    stand_in = make_user(role=Role.CONSULENT, swv=w.swv, first_name="Nora", last_name="Nieuw")
    with time_machine.travel(clock.now() - dt.timedelta(days=30), tick=False):
        requests = [tlv_steps.ingediend(w) for _ in range(2)]  # their beslistermijn ends within 4 weeks
    items = []
    for a in requests:
        item = WorkItem.objects.get(case=a.case, status="open", kind="task")
        items.append(workitems.workitem_claim(item=item, by=absent))
    afwezigheid_record(
        user=absent,
        vervanger=stand_in,
        starts_on=clock.today(),
        ends_on=clock.today() + dt.timedelta(days=14),
        by=w.consulent,
        reason="Ziek",
    )
    page.context.add_init_script(path=str(AXE_PATH))  # not subject to the page's CSP
    login(page, live_server, w.consulent)
    page.goto(f"{live_server.url}{reverse('forecast')}")
    heat = page.locator("table.heatmap")
    consulent_row = heat.locator("tbody tr", has_text="Consulent")
    cells = consulent_row.locator("td").all_inner_texts()
    assert sum(int(c.split()[0]) for c in cells[:4]) == 2  # the two terms, in the week they end
    assert heat.locator("thead th").count() == 6  # role, four weeks, already late
    shot(page, "vooruitblik")
    assert axe_violations(page) == []
    row = page.locator("section[aria-labelledby=h-people] tr", has_text="Abel Afwezig")
    assert "afwezig" in row.inner_text()
    row.get_by_role("link", name="Taken van Abel Afwezig herverdelen").click()
    boxes = page.locator("input[name=tasks]")
    assert boxes.count() == 2
    for i in range(2):
        boxes.nth(i).check()
    page.select_option("#id_to", str(stand_in.pk))
    page.fill("#id_reason", "Afwezig: overgedragen vanuit de vooruitblik")
    page.get_by_role("button", name="Geselecteerde taken toewijzen").click()
    page.wait_for_selector("text=2 taken toegewezen aan Nora Nieuw.")
    shot(page, "taken-overgedragen")
    assert WorkItem.objects.filter(pk__in=[i.pk for i in items], assignee=stand_in).count() == 2
    assert CaseEvent.objects.filter(action="workitem_reassign").count() == 2


def test_the_targets_page_shows_the_tlv_target_with_its_projection(page, live_server, world, shot):
    w = world
    year = schooljaar_of(clock.today())
    start, _end = schooljaar_bounds(year)
    IndicatorDoel.objects.create(
        swv=w.swv,
        schooljaar=year,
        indicator="tlv_daling",
        richting="minimaal",
        waarde=30,
        peildatum=dt.date(year, 8, 1),
    )
    base = start.replace(year=start.year - 1)
    with time_machine.travel(clock.now() - dt.timedelta(days=800), tick=False) as travel:
        for days in (3, 5):  # two in the base year's first week
            decided(w, travel, on=base + dt.timedelta(days=days))
        decided(w, travel, on=base + dt.timedelta(days=200))
        if clock.today() > start + dt.timedelta(days=4):
            decided(w, travel, on=start + dt.timedelta(days=3))
    page.context.add_init_script(path=str(AXE_PATH))  # not subject to the page's CSP
    login(page, live_server, w.consulent)
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Beleidsdoelen").click()
    page.wait_for_selector("h1:has-text('Beleidsdoelen')")
    overview = page.locator("#doelen-overzicht tr", has_text="Daling aantal TLV")
    text = overview.inner_text()
    assert "ten minste 30%" in text
    cells = overview.locator("td").all_inner_texts()
    assert cells[1].endswith("%") and cells[2].endswith("%")  # so far and the projection, as percentages
    assert page.locator("#doel-tlv_daling svg").count() == 1
    assert page.locator("#doel-tlv_daling table caption", has_text="Trend").count() == 1
    assert "Prognose tot het einde van het schooljaar" in page.locator("main").inner_text()  # the method
    shot(page, "beleidsdoelen")
    assert axe_violations(page) == []
    page.locator("#doel-tlv_daling").get_by_role(
        "link", name="Toegekende TLV's in het hele basisjaar: 3"
    ).click()
    page.wait_for_selector("h1:has-text('Toegekende TLV')")
    assert page.locator("main table tbody tr").count() == 3
    shot(page, "casussen-achter-het-cijfer")
