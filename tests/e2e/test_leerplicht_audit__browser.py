"""Browser journeys: a leerplichtambtenaar sees an escalation from their home page after the clock has
moved (time-machine and the term sweep, as the Celery beat or the demo clock would run it), and an auditor
opens a case's full timeline from their home page."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine

from cases.services.deadlines import sweep_deadlines
from tests import thuiszitter_steps, tlv_steps
from tests.e2e.steps import login

pytestmark = pytest.mark.django_db(transaction=True)
AMS = ZoneInfo("Europe/Amsterdam")


def test_leerplicht_sees_an_escalation_after_the_clock_moves(page, live_server, world, shot):
    w = world
    start = dt.datetime(2027, 1, 4, 9, tzinfo=AMS)
    with time_machine.travel(start, tick=True) as clock:
        m = thuiszitter_steps.geregistreerd(w, eerste_verzuimdag=start.date())  # leerling_a, gemeente A
        login(page, live_server, w.leerplicht)
        escalations = page.get_by_role("link", name=re.compile("Mijn escalaties"))
        assert escalations.inner_text().split()[0] == "0"
        shot(page, "leerplicht-home-dag-1")

        clock.move_to(start + dt.timedelta(days=56, hours=1))  # day 57 at home without a passend aanbod
        sweep_deadlines()
        login(page, live_server, w.leerplicht)  # the old session expired with the clock
        escalations = page.get_by_role("link", name=re.compile("Mijn escalaties"))
        assert escalations.inner_text().split()[0] == "1"
        shot(page, "leerplicht-home-dag-57")
        escalations.click()
        row = page.locator("tr", has_text=m.case.reference).first
        assert "Escalatie" in row.inner_text()
        shot(page, "leerplicht-escalaties")
        row.get_by_role("button", name="Oppakken").click()
        page.wait_for_selector("text=Afhandelen")
        assert "8 weken zonder passend aanbod" in page.content()
        shot(page, "leerplicht-escalatie-open")
        page.get_by_role("link", name=re.compile("Thuiszitters")).first.click()
        assert m.case.reference in page.content()
        shot(page, "leerplicht-thuiszitters")


def test_auditor_opens_the_timeline(page, live_server, world, shot):
    w = world
    a = tlv_steps.afgewezen(w)
    login(page, live_server, w.auditor)  # two-factor login
    shot(page, "auditor-home")
    page.get_by_role("link", name=re.compile("historie per casus")).click()
    page.get_by_role("link", name=a.case.reference).click()
    page.wait_for_selector(f"h1:has-text('{a.case.reference}')")
    html = page.content()
    assert "Afgewezen" in html or "afgewezen" in html
    assert "beslistermijn TLV" in html  # the deadlines with their explanation
    shot(page, "auditor-tijdlijn")
    page.get_by_role("link", name="Start").click()
    page.get_by_role("link", name=re.compile("Inzagelog")).first.click()
    page.wait_for_selector("h1")
    shot(page, "auditor-inzagelog")
