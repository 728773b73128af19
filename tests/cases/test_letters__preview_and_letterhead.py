"""The besluit letter is one document: the preview page and the PDF come from the same template and carry the
SWV's letterhead (logo, address, configured in beheer with history) and the signer's name and function.
Bekendmaken asks for confirmation first and shows who receives the letter."""

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from cases.models import Bekendmaking, Briefhoofd
from cases.models.briefhoofd import validate_logo


def _png() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (40, 20), (31, 78, 121)).save(buf, "PNG")
    return buf.getvalue()


@pytest.fixture
def briefhoofd(world):
    hoofd = Briefhoofd(
        swv=world.swv,
        adres="Postbus 12\n7800 AA Emmen",
        telefoon="0591 123 456",
        email="info@swv.example",
        ondertekenaar_functie="directeur-bestuurder",
    )
    hoofd.logo.save("logo.png", SimpleUploadedFile("logo.png", _png()), save=False)
    hoofd.save()
    return hoofd


def _plain(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("&#x27;", "'").split())


def _pdf_text(bk: Bekendmaking) -> tuple[str, int]:
    with bk.document.file.open("rb") as fh:
        reader = PdfReader(io.BytesIO(fh.read()))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    return text, sum(len(page.images) for page in reader.pages)


def test_preview_and_pdf_are_the_same_letter_with_the_letterhead(client, world, steps, briefhoofd):
    a = steps.toegekend(world)
    client.force_login(world.consulent)
    preview_html = client.get(reverse("besluit_print", args=[a.case_id])).content.decode()
    preview = _plain(preview_html)
    client.post(reverse("tlv_bekendmaken", args=[a.case_id]), {"bevestigd": "1"})
    pdf, images = _pdf_text(Bekendmaking.objects.get(aanvraag=a))
    key_lines = [
        world.swv.name,
        "Postbus 12",
        "7800 AA Emmen",
        "Telefoon 0591 123 456",
        f"Kenmerk: {a.case.reference}",
        "Besluit: toelaatbaarheidsverklaring toegekend",
        "De toelaatbaarheidsverklaring wordt toegekend.",
        "4 januari 2027",
        world.special.name,
        "Ouder A",
        "Bezwaar maken",
        world.beslisser.get_full_name(),
        "directeur-bestuurder",
    ]
    for line in key_lines:
        assert line in preview, line
        assert line in pdf, line
    assert '<img src="data:image/png;base64,' in preview_html  # the same logo in both
    assert images == 1


def test_without_a_letterhead_the_letter_names_the_swv_and_a_default_function(client, world, steps):
    a = steps.toegekend(world)
    client.force_login(world.consulent)
    preview = _plain(client.get(reverse("besluit_print", args=[a.case_id])).content.decode())
    assert world.swv.name in preview and "gemandateerd beslisser" in preview


def test_bekendmaken_without_confirmation_shows_the_recipients_and_does_not_announce(client, world, steps):
    a = steps.toegekend(world)
    client.force_login(world.consulent)
    for response in (
        client.get(reverse("tlv_bekendmaken", args=[a.case_id])),
        client.post(reverse("tlv_bekendmaken", args=[a.case_id])),
    ):
        assert response.status_code == 200
        page = response.content.decode()
        assert "Ontvangers van de brief" in page
        for name in ("Ouder A", world.school_a.name, world.special.name):
            assert name in page
        assert 'name="bevestigd" value="1"' in page
    assert not Bekendmaking.objects.filter(aanvraag=a).exists()
    client.post(reverse("tlv_bekendmaken", args=[a.case_id]), {"bevestigd": "1"})
    assert Bekendmaking.objects.filter(aanvraag=a).count() == 1


def test_the_confirmation_page_is_not_for_roles_that_may_not_announce(client, world, steps):
    a = steps.toegekend(world)
    client.force_login(world.school_user)
    assert client.get(reverse("tlv_bekendmaken", args=[a.case_id])).status_code == 404
    assert not Bekendmaking.objects.filter(aanvraag=a).exists()


def test_the_logo_must_be_a_small_png_or_jpeg():
    with pytest.raises(ValidationError):
        validate_logo(SimpleUploadedFile("logo.png", b"<svg></svg>"))
    with pytest.raises(ValidationError):
        validate_logo(SimpleUploadedFile("logo.png", b"\x89PNG" + b"0" * 600_000))
    validate_logo(SimpleUploadedFile("logo.png", _png()))


def test_the_beheerder_edits_the_letterhead_in_beheer_with_history(client, world, briefhoofd):
    client.force_login(world.beheerder)
    url = reverse("admin:cases_briefhoofd_change", args=[briefhoofd.pk])
    assert client.get(url).status_code == 200
    r = client.post(
        url,
        {
            "swv": world.swv.pk,
            "adres": "Hoofdstraat 1\n7811 AA Emmen",
            "telefoon": "",
            "email": "",
            "website": "",
            "ondertekenaar_functie": "directeur",
        },
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    briefhoofd.refresh_from_db()
    assert briefhoofd.adres.startswith("Hoofdstraat 1")
    assert briefhoofd.history.count() == 2
