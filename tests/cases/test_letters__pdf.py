"""The letters are real PDFs whose text holds every legally required part."""

import io

from pypdf import PdfReader

from cases.models import Bekendmaking
from cases.services import bezwaar, tlv_lifecycle


def _text(bk: Bekendmaking) -> str:
    with bk.document.file.open("rb") as fh:
        data = fh.read()
    assert data.startswith(b"%PDF-")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())  # line breaks in the PDF are not meaningful


def test_toekenning_letter_has_every_required_part(world, steps):
    a = steps.bekendgemaakt(world)
    bk = Bekendmaking.objects.get(aanvraag=a, soort="besluit")
    text = _text(bk)
    assert bk.document.kind == "besluitbrief" and bk.document.content_type == "application/pdf"
    for part in (
        "toelaatbaarheidsverklaring toegekend",  # the decision
        "SO cluster 4",  # soort
        "laag (categorie 1)",  # categorie
        "4 januari 2027",  # ingangsdatum
        "31 juli 2028",  # einddatum
        world.special.name,  # school of placement
        "Besluit",  # the motivation given by the beslisser ("Besluit")
        "binnen zes weken",  # bezwaarclausule: term
        "6:7",
        f"bestuur van {world.swv.name}",  # where
        "reden van uw bezwaar",  # how
        "Ouder A",  # addressed to the ouders
        a.case.reference,
    ):
        assert part in text, part
    assert f"uiterlijk op {bk.bezwaartermijn_tot.day}" in text


def test_afwijzing_has_its_own_letter(world, steps):
    a = steps.bekendgemaakt(world, steps.afgewezen(world))
    bk = Bekendmaking.objects.get(aanvraag=a)
    assert bk.soort == "afwijzing"
    text = _text(bk)
    assert "aanvraag toelaatbaarheidsverklaring afgewezen" in text
    assert "Regulier kan het bieden" in text and "binnen zes weken" in text
    assert "School van plaatsing" not in text


def test_intrekking_and_beslissing_op_bezwaar_letters(world, steps):
    a = steps.bekendgemaakt(world)
    b = steps.bezwaar_te_beslissen(world, a, advies="ongegrond")
    bezwaar.beslissing_record(
        bezwaar=b, by=world.beslisser, uitkomst="ongegrond", motivering="Goed gemotiveerd"
    )
    text = _text(Bekendmaking.objects.get(aanvraag=a, soort="beslissing_op_bezwaar"))
    assert "Beslissing op bezwaar" in text and "ongegrond" in text and "blijft in stand" in text
    assert "beroep instellen bij de rechtbank" in text and "Advies LBT" in text

    tlv_lifecycle.tlv_intrekken(
        tlv=a.verklaring, by=world.beslisser, motivering="Leerling verhuisd naar Canada"
    )
    text = _text(Bekendmaking.objects.get(aanvraag=a, soort="intrekking"))
    assert "intrekking van de toelaatbaarheidsverklaring" in text
    assert "Leerling verhuisd naar Canada" in text and "binnen zes weken" in text
