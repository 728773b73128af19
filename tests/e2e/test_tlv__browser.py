"""A TLV from concept to besluit in a real browser: each role logs in, finds the work from its home page
and does it (school with documents → consulent → two deskundigen → CvA → beslisser)."""

import re

import pytest

from cases.models import TlvAanvraag
from tests.e2e.steps import claim_and_open, login, to_werkvoorraad
from tests.factories import PDF_BYTES

pytestmark = pytest.mark.django_db(transaction=True)


def test_tlv_from_concept_to_besluit_in_the_browser(page, live_server, world, tmp_path, shot):
    w = world
    # school: from the home page, a new aanvraag, four documents, submit
    login(page, live_server, w.school_user)
    shot(page, "school-home")
    page.get_by_role("link", name="Nieuwe TLV-aanvraag").first.click()
    page.fill("#id_leerling", w.leerling_a.achternaam)  # the pupil picker searches as you type
    page.get_by_role("option", name=re.compile(str(w.leerling_a))).click()
    page.select_option("#id_gevraagde_soort", "so")
    page.select_option("#id_gevraagde_cluster", "4")
    page.select_option("#id_gevraagde_categorie", "laag")
    page.fill("#id_onderbouwing", "Ondanks het arrangement stagneert de ontwikkeling.")
    page.get_by_role("button", name="Aanvraag aanmaken").click()
    page.wait_for_selector("text=Nog nodig voor indienen")
    pdf = tmp_path / "stuk.pdf"
    pdf.write_bytes(PDF_BYTES)
    for kind in ("opp", "zienswijze_ouders", "instemming_ouders", "interventies"):
        page.select_option("#id_kind", kind)
        page.set_input_files("#id_file", str(pdf))
        page.get_by_role("button", name=re.compile("^Documenten? toevoegen$")).click()
        page.wait_for_selector("text=Document toegevoegd.")
    shot(page, "school-documenten")
    page.get_by_role("button", name="Aanvraag indienen").click()
    page.wait_for_selector("text=De aanvraag is ingediend")
    shot(page, "school-ingediend")
    reference = TlvAanvraag.objects.get(case__leerling=w.leerling_a).case.reference

    # consulent: home -> werkvoorraad -> volledig
    login(page, live_server, w.consulent)
    shot(page, "consulent-home")
    to_werkvoorraad(page)
    assert reference in page.content()
    claim_and_open(page, "Volledigheid van het dossier toetsen")
    page.get_by_label("Dossier is volledig: in behandeling nemen").check()
    page.get_by_role("button", name="Vastleggen en afronden").click()
    page.wait_for_selector("text=Taak afgerond")

    # two deskundigen advise, each from their own home page
    for user, title in (
        (w.deskundige1, "Eerste deskundigenadvies"),
        (w.deskundige2, "Tweede deskundigenadvies"),
    ):
        login(page, live_server, user)
        to_werkvoorraad(page)
        claim_and_open(page, title)
        page.fill("#id_advies", "Een specialistische setting is nodig.")
        page.get_by_label("Toekennen").check()
        shot(page, f"deskundige-{user.username.rsplit('-', 1)[-1]}-advies")
        page.get_by_role("button", name="Vastleggen en afronden").click()
        page.wait_for_selector("text=Taak afgerond")

    # the CvA coördinator advises
    login(page, live_server, w.cva)
    to_werkvoorraad(page)
    claim_and_open(page, "Advies CvA/BTO vastleggen")
    page.get_by_label("Toekennen").check()
    page.fill("#id_motivering", "Beide adviezen onderbouwen SO cluster 4.")
    shot(page, "cva-advies")
    page.get_by_role("button", name="Vastleggen en afronden").click()
    page.wait_for_selector("text=Taak afgerond")

    # the beslisser decides (two-factor login), then looks where the case stands
    login(page, live_server, w.beslisser)
    shot(page, "beslisser-home")
    to_werkvoorraad(page)
    claim_and_open(page, "Besluit nemen")
    page.get_by_label("Toekennen").check()
    page.fill("#id_ingangsdatum", "2027-01-04")
    page.fill("#id_einddatum", "2028-07-31")
    page.select_option("#id_school", str(w.special.pk))
    page.fill("#id_motivering", "De leerling is aangewezen op SO cluster 4.")
    page.get_by_role("button", name="Vastleggen en afronden").click()
    page.wait_for_selector("text=Taak afgerond")
    page.goto(f"{live_server.url}/casussen/?q={reference}")
    page.get_by_role("link", name=reference).click()
    page.wait_for_selector("text=Toegekend")
    shot(page, "beslisser-casus-toegekend")
    page.get_by_role("link", name="Waar staat deze casus?").first.click()
    page.wait_for_selector("text=Het proces van deze route is afgerond.")
    shot(page, "beslisser-processchema")
    page.go_back()
    page.get_by_role("link", name="Besluit bekijken en afdrukken").click()
    page.wait_for_selector("text=Besluit: toelaatbaarheidsverklaring toegekend")
    assert TlvAanvraag.objects.get(case__reference=reference).status == "toegekend"
    assert re.search(r"/casussen/\d+/besluit/$", page.url)
