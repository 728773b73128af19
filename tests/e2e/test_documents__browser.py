"""Documents in Chromium: a school adds a PDF and an image in one upload, and each document's page shows
its preview (the image drawn, the PDF in its frame, allowed by the frame rules of both answers) without a
console error; the besluit is announced only after the confirmation page has shown its recipients."""

import io
import re

import pytest
from PIL import Image

from cases.models import Bekendmaking, Document
from tests import tlv_steps
from tests.e2e.steps import login
from tests.factories import PDF_BYTES

pytestmark = pytest.mark.django_db(transaction=True)


def _png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (40, 20), "navy").save(buf, "PNG")
    return buf.getvalue()


def _watch(page) -> list[str]:
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(f"console: {msg.text}") if msg.type == "error" else None)
    page.on("pageerror", lambda exc: problems.append(f"script: {exc}"))
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    return problems


def test_several_files_in_one_upload_and_their_previews(page, live_server, world, tmp_path, shot):
    w = world
    a = tlv_steps.concept(w)
    (tmp_path / "opp.pdf").write_bytes(PDF_BYTES)
    (tmp_path / "groeidocument.png").write_bytes(_png())
    problems = _watch(page)
    login(page, live_server, w.school_user)
    page.goto(f"{live_server.url}/casussen/{a.case_id}/")
    page.select_option("#id_kind", "opp")
    page.set_input_files("#id_file", [str(tmp_path / "opp.pdf"), str(tmp_path / "groeidocument.png")])
    page.get_by_role("button", name=re.compile("^Documenten? toevoegen$")).click()
    page.wait_for_selector("text=groeidocument.png")
    shot(page, "twee-bestanden-toegevoegd")
    assert sorted(Document.objects.filter(case=a.case).values_list("original_name", flat=True)) == [
        "groeidocument.png",
        "opp.pdf",
    ]

    page.get_by_role("link", name="groeidocument.png").first.click()
    image = page.locator("main img")
    image.wait_for()
    page.wait_for_function("img => img.complete && img.naturalWidth === 40", arg=image.element_handle())
    shot(page, "voorbeeld-afbeelding")

    page.go_back()
    with page.expect_response(re.compile(r"/documenten/\d+/")) as inline:
        page.get_by_role("link", name="opp.pdf").first.click()
        page.locator("main iframe").wait_for()
    frame = page.locator("main iframe")
    with page.expect_response(lambda r: r.url.endswith(frame.get_attribute("src"))) as pdf:
        page.reload()
    assert pdf.value.status == 200
    assert pdf.value.headers["content-type"] == "application/pdf"
    assert "frame-ancestors 'self'" in pdf.value.headers["content-security-policy"]
    assert pdf.value.headers.get("x-frame-options", "SAMEORIGIN").upper() == "SAMEORIGIN"
    shot(page, "voorbeeld-pdf")
    assert inline.value.ok
    assert problems == []


def test_bekendmaken_shows_the_recipients_and_announces_only_after_yes(page, live_server, world, shot):
    w = world
    a = tlv_steps.toegekend(w)
    login(page, live_server, w.consulent)
    page.goto(f"{live_server.url}/casussen/{a.case_id}/")
    page.get_by_role("link", name="Besluit bekendmaken (brief versturen)…").click()
    recipients = page.locator("#ontvangers li")
    recipients.first.wait_for()
    assert any(a.case.school.name in r for r in recipients.all_inner_texts())
    shot(page, "bekendmaken-ontvangers")
    page.get_by_role("link", name="Annuleren").click()
    page.wait_for_url(re.compile(rf"/casussen/{a.case_id}/$"))
    assert not Bekendmaking.objects.filter(aanvraag=a).exists()

    page.get_by_role("link", name="Besluit bekendmaken (brief versturen)…").click()
    page.get_by_role("button", name=re.compile("^Ja, besluit bekendmaken")).click()
    page.wait_for_selector("text=Het besluit is bekendgemaakt")
    shot(page, "bekendgemaakt")
    assert Bekendmaking.objects.filter(aanvraag=a).count() == 1
