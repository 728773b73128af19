"""The pupil picker in a real browser: typing searches (an ARIA combobox, used with the keyboard), two
pupils of the same name are told apart, and "Nieuwe leerling" adds a pupil in a dialog and selects it
without leaving the form."""

import datetime as dt

import pytest

from cases.models import Case, Leerling
from tests.e2e.steps import login

pytestmark = pytest.mark.django_db(transaction=True)


def test_typing_in_the_pupil_picker_and_adding_a_new_pupil(page, live_server, world, shot):
    w = world
    for born, bsn in ((dt.date(2016, 1, 2), "999990111"), (dt.date(2017, 5, 6), "999990123")):
        Leerling.objects.create(
            swv=w.swv,
            voornaam="Bram",
            achternaam="Bos",
            geboortedatum=born,
            bsn=bsn,
            woongemeente=w.gemeente_a,
            stamschool=w.school_a,
        )
    login(page, live_server, w.school_user)
    page.goto(f"{live_server.url}/casussen/nieuw/")
    picker = page.locator("#id_leerling")
    assert picker.get_attribute("role") == "combobox"
    picker.fill("bram bos")
    page.wait_for_selector("#id_leerling_listbox [role=option]")
    options = page.locator("#id_leerling_listbox [role=option]")
    assert options.count() == 2
    texts = options.all_inner_texts()
    assert any("02-01-2016" in t and "*****0111" in t for t in texts)
    assert any("06-05-2017" in t and "*****0123" in t for t in texts)
    assert picker.get_attribute("aria-expanded") == "true"
    shot(page, "picker-two-bram-bos")
    picker.press("ArrowDown")
    picker.press("ArrowDown")
    assert picker.get_attribute("aria-activedescendant") == "id_leerling_opt_1"
    picker.press("Enter")
    assert picker.get_attribute("aria-expanded") == "false"
    chosen = page.locator("input[type=hidden][name=leerling]").input_value()
    assert chosen == str(Leerling.objects.get(bsn="999990123").pk)

    # a new pupil, in a dialog on the form
    page.get_by_role("link", name="Nieuwe leerling toevoegen").click()
    dialog = page.locator("dialog.picker-dialog")
    dialog.wait_for()
    dialog.locator("#id_voornaam").fill("Noor")
    dialog.locator("#id_achternaam").fill("Nieuw")
    dialog.locator("#id_geboortedatum").fill("2018-03-04")
    dialog.locator("#id_bsn").fill("123456789")  # elfproef fails: the dialog shows the error
    dialog.locator("#id_woongemeente").select_option(str(w.gemeente_a.pk))
    dialog.get_by_role("button", name="Leerling toevoegen").click()
    page.wait_for_selector("dialog.picker-dialog >> text=de elfproef klopt niet")
    shot(page, "new-pupil-error")
    dialog.locator("#id_bsn").fill("999990135")
    dialog.locator("#id_woongemeente").select_option(str(w.gemeente_a.pk))
    dialog.get_by_role("button", name="Leerling toevoegen").click()
    page.wait_for_selector("dialog.picker-dialog", state="detached")
    noor = Leerling.objects.get(bsn="999990135")
    assert page.locator("input[type=hidden][name=leerling]").input_value() == str(noor.pk)
    assert picker.input_value() == "Noor Nieuw"
    shot(page, "new-pupil-selected")
    page.select_option("#id_gevraagde_soort", "sbo")
    page.get_by_role("button", name="Aanvraag aanmaken").click()
    page.wait_for_selector("text=Nog nodig voor indienen")
    assert Case.objects.get(route="tlv").leerling == noor


def test_a_name_typed_while_the_page_still_loads_is_searched(page, live_server, world):
    """Someone types into the picker before its script has run (the field is there, the page still loads):
    once the script runs, what is in the field is searched."""
    w = world
    held = []
    page.route("**/js/picker.js*", lambda route: held.append(route))  # the script waits until released
    login(page, live_server, w.school_user)
    page.goto(f"{live_server.url}/casussen/nieuw/", wait_until="commit")
    page.locator("#id_leerling").fill(w.leerling_a.achternaam)
    assert held, "picker.js was requested"
    assert page.locator("#id_leerling").get_attribute("role") != "combobox"  # not enhanced yet
    for route in held:
        route.continue_()
    page.get_by_role("option", name=str(w.leerling_a)).first.click()
    assert page.locator("input[type=hidden][name=leerling]").input_value() == str(w.leerling_a.pk)
