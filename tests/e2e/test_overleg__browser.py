"""A DOA in a real browser: the consulent plans it with two cases, records it, writes the minutes and the
agreements; they appear as tasks in the owners' inboxes (the school's IB'er by name, the
leerplichtambtenaar's werkvoorraad), and the school completes its own; the meeting's page shows the
outcome. The pages pass axe."""

import re

import pytest

from cases.models import Overleg, OverlegAfspraak
from tests import overleg_steps as steps
from tests.e2e.axe import AXE_PATH, axe_violations
from tests.e2e.steps import login, to_werkvoorraad

pytestmark = pytest.mark.django_db(transaction=True)


def test_doa_agreements_become_tasks_and_an_owner_completes_one(page, live_server, world, shot):
    w = world
    page.context.add_init_script(path=str(AXE_PATH))  # axe in every page (the CSP refuses an added script)
    case_a, case_b = steps.cases(w)
    # the consulent: Casustafels → Overleg plannen
    login(page, live_server, w.consulent)
    page.get_by_role("link", name="Casustafels").first.click()
    page.get_by_role("link", name="Overleg plannen").click()
    page.select_option("#id_soort", "doa_6plus")
    page.fill("#id_tijd", "14:00")
    page.fill("#id_plaats", "Kantoor SWV")
    page.select_option("#id_voorzitter", str(w.consulent.pk))
    page.select_option("#id_casussen", [str(case_a.pk), str(case_b.pk)])
    page.fill("#id_vraag", "Welke ondersteuning past?")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Overleg plannen").click()
    page.wait_for_selector("text=Overleg gepland")
    o = Overleg.objects.get()
    # a participant: the school's IB'er
    page.get_by_text("Deelnemer toevoegen", exact=True).first.click()
    page.select_option("#id_user", str(w.school_user.pk))
    page.select_option("#id_rol", "school")
    page.select_option("#id_school", str(w.school_a.pk))
    page.get_by_role("button", name="Deelnemer toevoegen").click()
    page.wait_for_selector("text=Deelnemer toegevoegd.")
    # held today: record it, then minutes and agreements per case
    page.fill("#id_verslag", "Beide casussen besproken.")
    page.get_by_role("button", name="Overleg vastleggen").click()
    page.wait_for_selector("text=Overleg vastgelegd")
    punt_a = o.agendapunten.get(case=case_a)
    punt_b = o.agendapunten.get(case=case_b)
    page.fill(f"#id_p{punt_a.pk}-verslag", "School zet ambulante begeleiding in.")
    page.select_option(f"#id_p{punt_a.pk}-ouders_aanwezig", "1")
    page.locator(f"form[action$='/agenda/{punt_a.pk}/verslag/'] button").click()
    page.wait_for_selector("text=Verslag vastgelegd.")
    page.fill(f"#id_a{punt_a.pk}-omschrijving", "Handelingsplan bijwerken")
    page.select_option(f"#id_a{punt_a.pk}-eigenaar", str(w.school_user.pk))
    page.fill(f"#id_a{punt_a.pk}-uiterlijk", "2099-01-01")  # implausible: refused with a message
    page.locator(f"form[action$='/agenda/{punt_a.pk}/afspraken/'] button").click()
    page.wait_for_selector("text=De afspraak is niet vastgelegd.")
    assert not OverlegAfspraak.objects.exists()
    due = o.datum.isoformat()
    page.fill(f"#id_a{punt_a.pk}-omschrijving", "Handelingsplan bijwerken")
    page.select_option(f"#id_a{punt_a.pk}-eigenaar", str(w.school_user.pk))
    page.fill(f"#id_a{punt_a.pk}-uiterlijk", due)
    page.locator(f"form[action$='/agenda/{punt_a.pk}/afspraken/'] button").click()
    page.wait_for_selector("text=Afspraak vastgelegd; de taak staat bij de eigenaar.")
    page.fill(f"#id_a{punt_b.pk}-omschrijving", "Huisbezoek")
    page.select_option(f"#id_a{punt_b.pk}-eigenaar_rol", "school")  # the case's own school (B)
    page.fill(f"#id_a{punt_b.pk}-uiterlijk", due)
    page.locator(f"form[action$='/agenda/{punt_b.pk}/afspraken/'] button").click()
    page.wait_for_selector("text=Afspraak vastgelegd; de taak staat bij de eigenaar.")
    assert "Huisbezoek" in page.content() and "Handelingsplan bijwerken" in page.content()
    assert axe_violations(page) == []
    shot(page, "overleg-afspraken")

    # school B finds its agreement in the werkvoorraad of its role
    assert OverlegAfspraak.objects.get(omschrijving="Huisbezoek").eigenaar_school == w.school_b
    login(page, live_server, w.school_b_user)
    to_werkvoorraad(page)
    assert "Afspraak uit DOA 6+: Huisbezoek" in page.content()
    assert "Handelingsplan bijwerken" not in page.content()

    # the school's IB'er: Mijn werk → the task → complete
    login(page, live_server, w.school_user)
    page.get_by_role("link", name="Mijn werk").first.click()
    page.get_by_role("link", name=re.compile("Afspraak uit DOA 6\\+")).first.click()
    page.fill("#id_uitkomst", "Plan bijgewerkt en met ouders besproken.")
    shot(page, "overleg-taak")
    page.get_by_role("button", name=re.compile("afronden", re.I)).click()
    page.wait_for_selector("text=afgerond")
    a = OverlegAfspraak.objects.get(omschrijving="Handelingsplan bijwerken")
    assert a.status == "uitgevoerd" and a.afgerond_door == w.school_user
    # the meeting's page shows the outcome to the school (its own pupil only)
    page.goto(f"{live_server.url}/casustafels/{o.pk}/")
    page.wait_for_selector("text=Plan bijgewerkt en met ouders besproken.")
    assert case_b.reference not in page.content()
    assert axe_violations(page) == []
