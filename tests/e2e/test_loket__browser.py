"""A support request in a real browser: the school requests ambulante begeleiding (documents, submit), the
loket triages, the consulent grants it within the budget, and the mid-term evaluation task comes at its
date (after the sweep) and is recorded."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest

from cases import clock
from cases.models import Ondersteuningsaanvraag
from cases.services.deadlines import sweep_deadlines
from tests import loket_steps as steps
from tests.e2e.steps import claim_and_open, login, to_werkvoorraad
from tests.factories import PDF_BYTES, give_consent

pytestmark = pytest.mark.django_db(transaction=True)


def test_request_triage_grant_and_evaluation_in_the_browser(
    page, live_server, world, tmp_path, shot, time_machine
):
    w = steps.types(world)
    steps.budget(w, uren=100)
    give_consent(w.leerling_a, "gegevensdeling")
    # school: Loket → a new request → the document the type requires → submit from the task
    login(page, live_server, w.school_user)
    page.get_by_role("link", name="Loket").first.click()
    page.get_by_role("link", name="Ondersteuning aanvragen").click()
    page.fill("#id_leerling", w.leerling_a.achternaam)
    page.get_by_role("option", name=re.compile(str(w.leerling_a))).click()
    page.fill("#id_school", w.school_a.name)  # the school picker searches like the pupil picker
    page.get_by_role("option", name=re.compile(re.escape(w.school_a.name))).click()
    page.select_option("#id_aanvraag_type", str(w.ab_type.pk))
    page.fill("#id_vraag", "Loopt vast in de groep.")
    page.fill("#id_ingezet", "Handelingsplan en gesprekken met ouders.")
    page.get_by_role("button", name="Aanvraag aanmaken").click()
    page.wait_for_selector("text=Voor het indienen ontbreken nog")
    pdf = tmp_path / "stuk.pdf"
    pdf.write_bytes(PDF_BYTES)
    page.select_option("#id_kind", "interventies")
    page.set_input_files("#id_file", str(pdf))
    page.get_by_role("button", name=re.compile("^Documenten? toevoegen$")).click()
    page.wait_for_selector("text=Document toegevoegd.")
    shot(page, "loket-school-documenten")
    a = Ondersteuningsaanvraag.objects.get()
    item = a.case.work_items.get(node="aanvullen_indienen", status="open")
    page.goto(f"{live_server.url}/taken/{item.pk}/")
    page.get_by_role("button", name="Vastleggen en afronden").click()
    page.wait_for_selector("text=opgepakt en afgerond")  # a werkvoorraad task is claimed as it is completed

    # the loket (consulent) triages from the werkvoorraad
    login(page, live_server, w.consulent)
    to_werkvoorraad(page)
    assert a.case.reference in page.content()
    claim_and_open(page, "Triage")
    page.get_by_label("Volledig: naar de consulent").check()
    page.get_by_role("button", name="Vastleggen en afronden").click()
    page.wait_for_selector("text=Taak afgerond")

    # the consulent assesses and grants
    page.goto(f"{live_server.url}/")
    to_werkvoorraad(page)
    claim_and_open(page, "Aanvraag beoordelen en besluiten")
    today = clock.today()
    page.fill("#id_beoordeling", "Passend bij de hulpvraag.")
    page.get_by_role("radio", name="Toewijzen", exact=True).check()
    page.fill("#id_uren", "40")
    page.fill("#id_aanbieder", "Ambulante dienst")
    page.fill("#id_startdatum", (today + dt.timedelta(days=7)).isoformat())
    page.fill("#id_einddatum", (today + dt.timedelta(days=187)).isoformat())
    page.fill("#id_doelen", "Zelfstandig plannen.")
    shot(page, "loket-toewijzing")
    page.get_by_role("button", name="Vastleggen en afronden").click()
    page.wait_for_selector("text=Taak afgerond")
    a = type(a).objects.get(pk=a.pk)
    assert a.status == "toegewezen"

    # at the mid-term date the sweep puts the evaluation in the consulent's werkvoorraad
    time_machine.move_to(
        dt.datetime.combine(a.tussenevaluatie_op, dt.time(9), tzinfo=ZoneInfo("Europe/Amsterdam")), tick=True
    )
    sweep_deadlines()
    login(page, live_server, w.consulent)
    to_werkvoorraad(page)
    claim_and_open(page, "Tussentijdse evaluatie arrangement")
    page.get_by_label("Doelen deels bereikt").check()
    page.get_by_label("Doorgaan zoals toegewezen").check()
    page.fill("#id_toelichting", "Op koers.")
    page.get_by_role("button", name="Vastleggen en afronden").click()
    page.wait_for_selector("text=Taak afgerond")
    page.goto(f"{live_server.url}/loket/{a.case_id}/")
    page.wait_for_selector("text=Tussentijdse evaluatie")
    shot(page, "loket-geevalueerd")
    assert a.evaluaties.count() == 1
