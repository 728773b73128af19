"""A support request in a real browser: the school requests ambulante begeleiding (documents, submit), the
loket triages, the consulent grants it within the budget, and the mid-term evaluation task comes at its
date (after the sweep) and is recorded."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest

from cases import clock
from cases.models import Adviesvraag, Ondersteuningsaanvraag
from cases.services import loket
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


def test_anonymous_question_answered_converted_and_refused_with_a_letter_in_the_browser(
    page, live_server, world, tmp_path, shot, time_machine
):
    """An anonymous advice question: a BSN in it is refused, the loket answers, the school converts it (the
    ouders consented) into a request for an individual arrangement, which the consulent refuses with a
    motivated letter to the ouders."""
    w = steps.types(world)
    login(page, live_server, w.school_user)
    page.goto(f"{live_server.url}/loket/")
    page.get_by_role("link", name="Advies- en consultatievragen").click()
    page.get_by_role("link", name="Vraag stellen").click()
    page.select_option("#id_school", str(w.school_a.pk))
    page.get_by_label("Adviesvraag", exact=True).check()
    page.fill("#id_vraag", "Leerling met BSN 111222333 haakt af: wat nu?")
    page.get_by_role("button", name="Vraag stellen").click()
    page.wait_for_selector("text=burgerservicenummer")
    page.fill("#id_vraag", "Een leerling in groep 7 haakt af bij rekenen: welke ondersteuning past?")
    page.get_by_role("button", name="Vraag stellen").click()
    page.wait_for_selector("text=Het loket antwoordt uiterlijk")
    shot(page, "adviesvraag-gesteld")
    v = Adviesvraag.objects.get()
    assert v.leerling is None

    login(page, live_server, w.consulent)
    page.goto(f"{live_server.url}/loket/vragen/")
    page.get_by_role("link", name=v.reference).click()
    page.fill("#id_antwoord", "Vraag een individueel arrangement aan met het OPP.")
    page.get_by_role("button", name="Antwoord vastleggen").click()
    page.wait_for_selector("text=Antwoord vastgelegd.")

    give_consent(w.leerling_a, "gegevensdeling")
    login(page, live_server, w.school_user)
    page.goto(f"{live_server.url}/loket/vragen/{v.pk}/")
    page.select_option("#id_leerling", str(w.leerling_a.pk))
    page.select_option("#id_aanvraag_type", str(w.ia_type.pk))
    page.fill("#id_ingezet", "Rekenplan en extra instructie.")
    page.get_by_role("button", name="Omzetten in een aanvraag").click()
    page.wait_for_selector("text=Omgezet in ondersteuningsaanvraag")
    shot(page, "adviesvraag-omgezet")
    a = Ondersteuningsaanvraag.objects.get()
    assert Adviesvraag.objects.get().aanvraag == a
    # the school completes and submits, the loket triages (as in the first journey)
    steps.with_documents(a, w)
    loket.aanvraag_submit(aanvraag=steps.fresh(a), by=w.school_user)
    loket.triage_record(aanvraag=steps.fresh(a), by=w.consulent, volledig=True)

    login(page, live_server, w.consulent)
    to_werkvoorraad(page)
    claim_and_open(page, "Aanvraag beoordelen en besluiten")
    page.fill("#id_beoordeling", "De hulpvraag past binnen de basisondersteuning.")
    page.get_by_role("radio", name="Afwijzen", exact=True).check()
    page.fill("#id_motivering", "Rekenondersteuning hoort bij de basisondersteuning van de school.")
    page.get_by_role("button", name="Vastleggen en afronden").click()
    page.wait_for_selector("text=Taak afgerond")
    page.goto(f"{live_server.url}/loket/{a.case_id}/")
    page.wait_for_selector("text=Besluitbrief (afwijzing, met bezwaarclausule)")
    shot(page, "ia-afgewezen")
    assert steps.fresh(a).status == "afgewezen"


def test_lwoo_request_decided_against_the_criteria_in_the_browser(page, live_server, db, tmp_path, shot):
    """VO 31-02 decides LWOO itself: the school records the test results, the page shows each criterion
    passing, the consulent grants."""
    from pathlib import Path

    from cases import profiles
    from cases.models import AanvraagType
    from cases.services import profiles as profile_services
    from tests.factories import make_world

    w = make_world(mode="bto", sector="vo", code="VO 31-02")
    lwoo = AanvraagType.objects.create(
        swv=w.swv,
        code="lwoo",
        naam="LWOO",
        arrangement_soort="lwoo",
        eenheid="besluit",
        vereiste_documenten=[],
    )
    demo = Path(profiles.__file__).parent / "demo" / "profiles" / "vo_31_02.yaml"
    profile_services.profile_import(swv=w.swv, text=demo.read_text(encoding="utf-8"), by=w.beheerder)
    give_consent(w.leerling_a, "gegevensdeling")
    a = loket.aanvraag_create(
        by=w.school_user,
        leerling=w.leerling_a,
        school=w.school_a,
        aanvraag_type=lwoo,
        vraag="Aanmelding vmbo.",
        ingezet="Remedial teaching.",
    )
    login(page, live_server, w.school_user)
    page.goto(f"{live_server.url}/loket/{a.case_id}/")
    page.fill("#id_instrument_begrijpend_lezen", "IEP")
    page.fill("#id_dle_begrijpend_lezen", "34")
    page.fill("#id_instrument_inzichtelijk_rekenen", "Cito LVS")
    page.fill("#id_dle_inzichtelijk_rekenen", "40")
    page.get_by_role("button", name="Toetsgegevens vastleggen").click()
    page.wait_for_selector("text=Voldoet aan alle criteria.")
    shot(page, "lwoo-toetsing")
    loket.aanvraag_submit(aanvraag=steps.fresh(a), by=w.school_user)
    loket.triage_record(aanvraag=steps.fresh(a), by=w.consulent, volledig=True)

    login(page, live_server, w.consulent)
    to_werkvoorraad(page)
    claim_and_open(page, "Aanvraag beoordelen en besluiten")
    today = clock.today()
    page.fill("#id_beoordeling", "Voldoet aan de LWOO-criteria van het samenwerkingsverband.")
    page.get_by_role("radio", name="Toewijzen", exact=True).check()
    page.fill("#id_startdatum", (today + dt.timedelta(days=7)).isoformat())
    page.fill("#id_einddatum", (today + dt.timedelta(days=700)).isoformat())
    page.get_by_role("button", name="Vastleggen en afronden").click()
    page.wait_for_selector("text=Taak afgerond")
    a = steps.fresh(a)
    assert a.status == "toegewezen" and a.arrangement_soort == "lwoo"
