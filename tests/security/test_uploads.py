"""Uploads: type by content (not by name), size limit, sanitised names, served only as checked attachments."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.errors import ValidationFailed
from cases.models import Document
from cases.services.documents import check_upload, document_upload, sanitize_filename
from tests.factories import PDF_BYTES


def _zip(names) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for n in names:
            z.writestr(n, "<x/>")
    return buf.getvalue()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\x\\rapport.PDF", "rapport.pdf"),
        ('a"b<c>|d.pdf', "a_b_c_d.pdf"),
        ("line\r\nbreak\x00.pdf", "linebreak.pdf"),
        ("..", "document"),
        ("x" * 300 + ".pdf", "x" * 116 + ".pdf"),
    ],
)
def test_file_names_are_sanitised(name, expected):
    assert sanitize_filename(name) == expected


def test_a_zip_named_docx_is_refused_and_a_real_docx_passes():
    fake = SimpleUploadedFile("stuk.docx", _zip(["evil.sh"]))
    with pytest.raises(ValidationFailed) as exc:
        check_upload(fake)
    assert exc.value.code == "document-inhoud"
    real = SimpleUploadedFile("stuk.docx", _zip(["[Content_Types].xml", "word/document.xml"]))
    assert check_upload(real).endswith("wordprocessingml.document")


def test_the_content_type_comes_from_the_check_not_from_the_browser(world, steps):
    a = steps.concept(world)
    up = SimpleUploadedFile('../"rapport"\r\n.pdf', PDF_BYTES, content_type="text/html")
    doc = document_upload(case=a.case, by=world.school_user, kind="opp", uploaded=up)
    assert (doc.content_type, doc.original_name) == ("application/pdf", "_rapport_.pdf")
    assert "rapport" not in doc.file.name  # stored under a random name outside the web root


def test_download_is_an_attachment_with_nosniff_and_refused_elsewhere_as_404(
    client, world, other_world, steps
):
    a = steps.with_documents(world, steps.concept(world))
    doc = Document.objects.filter(case=a.case).first()
    client.force_login(world.consulent)
    response = client.get(reverse("document_download", args=[doc.pk]))
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    client.force_login(other_world.consulent)
    assert client.get(reverse("document_download", args=[doc.pk])).status_code == 404
    assert client.get(reverse("document_download", args=[doc.pk + 10_000])).status_code == 404
