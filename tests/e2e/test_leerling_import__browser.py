"""Pupils from the school's own system in Chromium: the beheerder has saved a column mapping for the
school administration system's export; the school opens Importeren from its menu, checks its CSV export
with that mapping (a BSN failing the elfproef is refused with its line, nothing written), then imports the
corrected file; the pupils are there with their groep. The pages pass axe."""

import pytest

from cases.models import ImportLog, Leerling
from cases.services import leerling_import
from tests.e2e.axe import AXE_PATH, axe_violations
from tests.e2e.steps import login
from tests.factories import VALID_BSNS

pytestmark = pytest.mark.django_db(transaction=True)


def _export(world, second_bsn: str) -> bytes:
    g = world.gemeente_a.code
    return (
        "Leerlingnummer;BSN;Roepnaam;Voorvoegsel;Achternaam;Geboortedatum;Groep;Gemeente\n"
        f"101;{VALID_BSNS[2]};Noor;van;Dijk;12-03-2015;8;{g}\n"
        f"102;{second_bsn};Sem;;Visser;30-09-2015;groep 8;{g}\n"
    ).encode()


def test_a_school_imports_its_pupils_from_a_csv_export_with_a_saved_mapping(
    page, live_server, world, tmp_path, shot
):
    w = world
    leerling_import.mapping_save(
        by=w.beheerder,
        swv=w.swv,
        name="ParnasSys leerlingexport",
        delimiter=";",
        encoding="utf-8",
        columns={
            "bsn": "BSN",
            "voornaam": "Roepnaam",
            "tussenvoegsel": "Voorvoegsel",
            "achternaam": "Achternaam",
            "geboortedatum": "Geboortedatum",
            "groep": "Groep",
            "woongemeente": "Gemeente",
        },
        ignored=["Leerlingnummer"],
    )
    page.context.add_init_script(
        path=str(AXE_PATH)
    )  # axe into every page (an init script is outside the CSP)
    login(page, live_server, w.school_user)
    page.get_by_role("link", name="Importeren").click()
    page.wait_for_selector("h1:has-text('Leerlingen importeren')")
    assert axe_violations(page) == []

    bad = tmp_path / "export-fout.csv"
    bad.write_bytes(_export(w, "123456789"))
    page.select_option("#id_formaat", "koppeling")
    page.select_option("#id_koppeling", label="ParnasSys leerlingexport")
    page.set_input_files("#id_file", str(bad))
    page.get_by_role("button", name="Controleren").click()
    page.wait_for_selector("text=1 regel afgekeurd; er is niets geïmporteerd.")
    row = page.locator("table:has(caption:has-text('Afgekeurde regels')) tbody tr")
    assert row.locator("td").all_inner_texts()[:2] == ["3", "ongeldig BSN (voldoet niet aan de elfproef)"]
    shot(page, "leerlingimport-afgekeurd")
    assert not Leerling.objects.filter(bsn=VALID_BSNS[2]).exists()

    good = tmp_path / "export.csv"
    good.write_bytes(_export(w, VALID_BSNS[3]))
    page.select_option("#id_formaat", "koppeling")
    page.select_option("#id_koppeling", label="ParnasSys leerlingexport")
    page.set_input_files("#id_file", str(good))
    page.get_by_role("button", name="Importeren", exact=True).click()
    page.wait_for_selector("text=2 regels geïmporteerd: 2 nieuw, 0 bijgewerkt, 0 ongewijzigd.")
    assert axe_violations(page) == []
    shot(page, "leerlingimport-geimporteerd")
    noor = Leerling.objects.get(swv=w.swv, bsn=VALID_BSNS[2])
    assert (noor.achternaam, noor.groep, noor.stamschool_id) == ("van Dijk", 8, w.school_a.pk)
    assert Leerling.objects.get(swv=w.swv, bsn=VALID_BSNS[3]).groep == 8
    assert list(
        ImportLog.objects.filter(school=w.school_a).order_by("pk").values_list("outcome", flat=True)
    ) == [
        "afgekeurd",
        "geimporteerd",
    ]
