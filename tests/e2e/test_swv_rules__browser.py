"""The SWV's rules in a real browser: the beheerder exports the profile and imports the same file through
the profile page (nothing changes, no new version), a school of PO 22-02 asking for a VSO TLV is refused with
the rule named, in VO 31-02 the requesting school's own orthopedagoog gives the first advice, and a VSO TLV
is placed at a VSO school of another SWV (the national register)."""

import re
from pathlib import Path

import pytest

from cases import profiles
from cases.models import ProfielVersie
from cases.services import profiles as profile_services
from tests.e2e.steps import login
from tests.factories import make_world

pytestmark = pytest.mark.django_db(transaction=True)

DEMO = Path(profiles.__file__).parent / "demo" / "profiles"


def _po2202():
    w = make_world(mode="cva", sector="po", code="PO 22-02")
    text = (DEMO / "po_22_02.yaml").read_text(encoding="utf-8")
    profile_services.profile_import(swv=w.swv, text=text, by=w.beheerder)
    w.swv.refresh_from_db()  # the import wrote the SWV's own rule fields
    return w


def test_profile_export_then_import_round_trips_through_the_page(page, live_server, tmp_path, shot):
    w = _po2202()
    before = ProfielVersie.objects.filter(swv=w.swv).count()
    login(page, live_server, w.beheerder)
    page.get_by_role("link", name="Profiel").first.click()
    page.wait_for_selector("h1:has-text('Profiel van PO 22-02')")
    with page.expect_download() as info:
        page.get_by_role("link", name="Profiel exporteren (YAML)").click()
    exported = tmp_path / "profiel.yaml"
    info.value.save_as(exported)
    assert exported.read_text(encoding="utf-8") == profiles.dump(w.swv)
    page.set_input_files("#import_bestand", str(exported))
    page.get_by_role("button", name="Inlezen").click()
    page.wait_for_selector("text=Er is niets gewijzigd: het profiel was al zo.")
    shot(page, "profiel-import-zelfde-bestand")
    assert ProfielVersie.objects.filter(swv=w.swv).count() == before
    w.swv.refresh_from_db()
    assert profiles.dump(w.swv) == exported.read_text(encoding="utf-8")


def test_po2202_vso_request_is_refused_in_the_browser_naming_the_rule(page, live_server, shot):
    w = _po2202()
    login(page, live_server, w.school_user)
    page.get_by_role("link", name="Nieuwe TLV-aanvraag").first.click()
    page.fill("#id_leerling", w.leerling_a.achternaam)
    page.get_by_role("option", name=re.compile(str(w.leerling_a))).click()
    page.select_option("#id_gevraagde_soort", "vso")
    page.select_option("#id_gevraagde_categorie", "laag")
    page.fill("#id_onderbouwing", "Onderbouwing")
    page.get_by_role("button", name="Aanvraag aanmaken").click()
    page.wait_for_selector("text=geeft geen TLV VSO af")
    assert "PO 22-02" in page.content()
    shot(page, "po2202-vso-geweigerd")
    assert not w.leerling_a.cases.exists()


def test_vo3102_first_advice_by_the_schools_own_orthopedagoog_in_the_browser(page, live_server, shot):
    from cases.models import Deskundige
    from tests import tlv_steps
    from tests.e2e.steps import claim_and_open, to_werkvoorraad
    from tests.factories import make_user

    w = make_world(mode="bto", sector="vo", code="VO 31-02")
    text = (DEMO / "vo_31_02.yaml").read_text(encoding="utf-8")
    profile_services.profile_import(swv=w.swv, text=text, by=w.beheerder)
    own = make_user("eigen-orthopedagoog", role="deskundige", swv=w.swv)
    Deskundige.objects.create(
        user=own, naam="Eigen", discipline="orthopedagoog", swv=w.swv, school=w.school_a
    )
    a = tlv_steps.deskundigenadvies(w)
    login(page, live_server, own)
    to_werkvoorraad(page)
    claim_and_open(page, "Eerste deskundigenadvies")
    page.fill("#id_advies", "Vanuit de eigen school: VSO is nodig.")
    page.get_by_label("Toekennen").check()
    page.get_by_role("button", name="Vastleggen en afronden").click()
    page.wait_for_selector("text=Taak afgerond")
    shot(page, "vo3102-eigen-orthopedagoog")
    assert tlv_steps.fresh(a).adviezen.get(volgorde=1).deskundige.school == w.school_a


def test_vo3102_places_a_vso_tlv_at_a_school_of_another_swv_in_the_browser(page, live_server, shot):
    from cases.models import Bestuur, Deskundige, School, Swv
    from tests import tlv_steps
    from tests.e2e.steps import claim_and_open, to_werkvoorraad

    w = make_world(mode="bto", sector="vo", code="VO 31-02")
    text = (DEMO / "vo_31_02.yaml").read_text(encoding="utf-8")
    profile_services.profile_import(swv=w.swv, text=text, by=w.beheerder)
    other = Swv.objects.create(name="SWV elders", code="VO 30-06", sector="vo")
    elders = School.objects.create(
        name="VSO De Berkenschutse",
        brin="99ZZ",
        soort="vso",
        cluster=3,
        bestuur=Bestuur.objects.create(name="Bestuur elders", swv=other),
        swv=other,
    )
    second = Deskundige.objects.get(user=w.deskundige2)  # VO 31-02's second advice: an orthopedagoog
    second.discipline = "orthopedagoog"
    second.save()
    a = tlv_steps.besluit_open(w)
    login(page, live_server, w.beslisser)
    to_werkvoorraad(page)
    claim_and_open(page, "Besluit nemen")
    page.get_by_label("Toekennen").check()
    page.fill("#id_ingangsdatum", "2027-01-04")
    page.fill("#id_einddatum", "2028-07-31")
    page.select_option("#id_school", str(elders.pk))
    page.fill("#id_motivering", "VSO is nodig; de lesplaats ligt buiten de regio.")
    page.get_by_role("button", name="Vastleggen en afronden").click()
    page.wait_for_selector("text=Taak afgerond")
    shot(page, "vo3102-plaatsing-elders")
    a = tlv_steps.fresh(a)
    assert a.status == "toegekend" and a.plaatsingsschool == elders
