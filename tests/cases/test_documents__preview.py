"""A preview for PDF and images: the inline view goes through the download's policy and access log, serves
only PDF/PNG/JPG inline, sandboxed and never sniffed; the document page shows images inline and PDFs in an
iframe with a download fallback."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AccessLog
from cases.services.documents import document_upload
from tests.factories import pdf


def _png() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (20, 10)).save(buf, "PNG")
    return buf.getvalue()


def _docx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<x/>")
    return buf.getvalue()


@pytest.fixture
def docs(world, steps):
    case = steps.concept(world).case

    def add(name, body):
        up = SimpleUploadedFile(name, body)
        return document_upload(case=case, by=world.school_user, kind="overig", uploaded=up)

    return {
        "pdf": document_upload(case=case, by=world.school_user, kind="opp", uploaded=pdf("opp.pdf")),
        "png": add("foto.png", _png()),
        "docx": add("verslag.docx", _docx()),
    }


@pytest.mark.parametrize(("key", "content_type"), [("pdf", "application/pdf"), ("png", "image/png")])
def test_pdf_and_images_are_served_inline_sandboxed_with_nosniff(client, world, docs, key, content_type):
    client.force_login(world.consulent)
    r = client.get(reverse("document_inline", args=[docs[key].pk]))
    assert r.status_code == 200
    assert r["Content-Disposition"].startswith("inline;")
    assert r["Content-Type"] == content_type
    assert r["X-Content-Type-Options"] == "nosniff"
    csp = r["Content-Security-Policy"]
    assert csp.startswith("sandbox;") and "default-src 'none'" in csp and "frame-ancestors 'self'" in csp
    assert r["X-Frame-Options"] == "SAMEORIGIN"  # the document page may frame it, no other site
    assert "no-store" in r["Cache-Control"]


def test_a_word_document_has_no_inline_view(client, world, docs):
    client.force_login(world.consulent)
    assert client.get(reverse("document_inline", args=[docs["docx"].pk])).status_code == 404
    assert not AccessLog.objects.filter(what__contains="voorbeeld").exists()
    page = client.get(reverse("document_detail", args=[docs["docx"].pk])).content.decode()
    assert "<iframe" not in page and "geen voorbeeld" in page


def test_the_preview_is_logged_in_the_access_log(client, world, docs):
    client.force_login(world.school_user)
    path = reverse("document_inline", args=[docs["pdf"].pk])
    assert client.get(path).status_code == 200
    row = AccessLog.objects.get(path=path)
    assert (row.user, row.case_id, row.view) == (world.school_user, docs["pdf"].case_id, "document_inline")
    assert row.what == f"document {docs['pdf'].pk}: Ontwikkelingsperspectiefplan (OPP) (voorbeeld)"


def test_the_preview_is_refused_to_a_role_that_cannot_see_the_case(client, world, other_world, docs):
    for user in (other_world.consulent, world.school_b_user, other_world.auditor):
        client.force_login(user)
        for key in ("pdf", "png"):
            assert client.get(reverse("document_inline", args=[docs[key].pk])).status_code == 404
            assert client.get(reverse("document_detail", args=[docs[key].pk])).status_code == 404
    assert not AccessLog.objects.exists()
    client.logout()
    assert client.get(reverse("document_inline", args=[docs["pdf"].pk])).status_code == 302


def test_the_document_page_shows_images_inline_and_pdfs_in_an_iframe_with_a_download_fallback(
    client, world, docs
):
    client.force_login(world.consulent)
    image = client.get(reverse("document_detail", args=[docs["png"].pk])).content.decode()
    assert f'<img src="{reverse("document_inline", args=[docs["png"].pk])}"' in image
    page = client.get(reverse("document_detail", args=[docs["pdf"].pk])).content.decode()
    assert f'<iframe src="{reverse("document_inline", args=[docs["pdf"].pk])}"' in page
    assert f'href="{reverse("document_download", args=[docs["pdf"].pk])}"' in page


def test_the_case_page_links_each_document_to_its_page(client, world, docs):
    client.force_login(world.school_user)
    page = client.get(reverse("case_detail", args=[docs["pdf"].case_id])).content.decode()
    for doc in docs.values():
        assert reverse("document_detail", args=[doc.pk]) in page
