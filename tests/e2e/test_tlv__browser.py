"""A TLV from concept to besluit in a real browser, each role logging in and working from its inbox."""

import re

import pytest

from cases.models import TlvAanvraag
from tests.factories import PDF_BYTES, totp_code, totp_device

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "Test-wachtwoord-1"


def login(page, live_server, user):
    page.context.clear_cookies()
    device = totp_device(user)  # set up earlier in the authenticator app; asked for only for privileged roles
    device.last_t = -1  # a second login within the same 30 s may reuse the code
    device.save(update_fields=["last_t"])
    page.goto(f"{live_server.url}/inloggen/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/(taken|inloggen/verificatie)/"))
    if "/inloggen/verificatie/" in page.url:  # the roles with two-factor login
        page.fill("#id_token", totp_code(device))
        page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/taken/")


def open_task(page, title):
    page.get_by_role("link", name=title).first.click()


def claim_and_open(page, title):
    row = page.locator("tr", has_text=title).first
    row.get_by_role("button", name="Oppakken").click()
    page.wait_for_selector("text=Afhandelen")


def test_tlv_from_concept_to_besluit_in_the_browser(page, live_server, world, tmp_path):
    w = world
    # school: new aanvraag, four documents, submit
    login(page, live_server, w.school_user)
    page.get_by_role("link", name="Casussen").click()
    page.get_by_role("link", name="Nieuwe TLV-aanvraag").click()
    page.select_option("#id_leerling", str(w.leerling_a.pk))
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
        page.get_by_role("button", name="Document toevoegen").click()
        page.wait_for_selector("text=Document toegevoegd.")
    page.get_by_role("button", name="Aanvraag indienen").click()
    page.wait_for_selector("text=De aanvraag is ingediend")
    reference = TlvAanvraag.objects.get(case__leerling=w.leerling_a).case.reference

    # consulent: werkvoorraad -> volledig
    login(page, live_server, w.consulent)
    assert reference in page.content()
    claim_and_open(page, "Volledigheid van het dossier toetsen")
    page.get_by_label("Dossier is volledig: in behandeling nemen").check()
    page.get_by_role("button", name="Vastleggen en afronden").click()
    page.wait_for_selector("text=Taak afgerond")

    # two deskundigen
    for user, title in (
        (w.deskundige1, "Eerste deskundigenadvies"),
        (w.deskundige2, "Tweede deskundigenadvies"),
    ):
        login(page, live_server, user)
        claim_and_open(page, title)
        page.fill("#id_advies", "Een specialistische setting is nodig.")
        page.get_by_label("Toekennen").check()
        page.get_by_role("button", name="Vastleggen en afronden").click()
        page.wait_for_selector("text=Taak afgerond")

    # CvA coördinator advises
    login(page, live_server, w.cva)
    claim_and_open(page, "Advies CvA/BTO vastleggen")
    page.get_by_label("Toekennen").check()
    page.fill("#id_motivering", "Beide adviezen onderbouwen SO cluster 4.")
    page.get_by_role("button", name="Vastleggen en afronden").click()
    page.wait_for_selector("text=Taak afgerond")

    # beslisser decides
    login(page, live_server, w.beslisser)
    claim_and_open(page, "Besluit nemen")
    page.get_by_label("Toekennen").check()
    page.fill("#id_ingangsdatum", "2027-01-04")
    page.fill("#id_einddatum", "2028-07-31")
    page.select_option("#id_school", str(w.special.pk))
    page.fill("#id_motivering", "De leerling is aangewezen op SO cluster 4.")
    page.get_by_role("button", name="Vastleggen en afronden").click()
    page.wait_for_selector("text=Taak afgerond")
    page.goto(f"{live_server.url}/casussen/")
    page.get_by_role("link", name=reference).click()
    page.wait_for_selector("text=Toegekend")
    page.get_by_role("link", name="Besluit bekijken en afdrukken").click()
    page.wait_for_selector("text=Besluit: toelaatbaarheidsverklaring toegekend")
    assert TlvAanvraag.objects.get(case__reference=reference).status == "toegekend"
