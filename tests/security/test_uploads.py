"""Uploads: type by content (not by name), size limit, sanitised names, served only as checked attachments."""

import functools
import io
import os
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


# --- structure, not only magic bytes: each hostile kind is refused by the one check, via page and API ---


def _raw_pdf(catalog_extra: bytes = b"", page_extra: bytes = b"", objects: tuple[bytes, ...] = ()) -> bytes:
    """A hand-written PDF with a correct xref table: objects 1-3 are catalog, pages and page; `objects`
    become 4, 5, ... (names may be written with #xx escapes, as an attacker would)."""
    bodies = [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b" >>",
        b"<< /Type /Pages /Count 1 /Kids [3 0 R] >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] " + page_extra + b" >>",
        *objects,
    ]
    out, offsets = b"%PDF-1.7\n", []
    for number, body in enumerate(bodies, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Root 1 0 R /Size %d >>\nstartxref\n%d\n%%%%EOF\n" % (len(bodies) + 1, xref)
    return out


JS = b"<< /S /JavaScript /JS (app.alert\\(1\\)) >>"
HOSTILE_PDFS = {
    "openaction-javascript": _raw_pdf(b"/OpenAction " + JS),
    "openaction-javascript-hex-names": _raw_pdf(
        b"/OpenAction << /S /J#61vaScript /J#53 (app.alert\\(1\\)) >>"
    ),
    "names-javascript": _raw_pdf(
        b"/Names << /JavaScript 4 0 R >>", objects=(b"<< /Names [(a) 5 0 R] >>", JS)
    ),
    "page-additional-actions": _raw_pdf(page_extra=b"/AA << /O " + JS + b" >>"),
    "launch": _raw_pdf(b"/OpenAction << /S /Launch /F (cmd.exe) >>"),
    "openaction-submitform": _raw_pdf(b"/OpenAction << /S /SubmitForm /F (https://x.example/) >>"),
    "embedded-file": _raw_pdf(
        b"/Names << /EmbeddedFiles << /Names [(a.exe) 4 0 R] >> >>",
        objects=(b"<< /Type /Filespec /F (a.exe) /EF << /F 5 0 R >> >>", b"<< /Type /EmbeddedFile >>"),
    ),
    "file-attachment-annotation": _raw_pdf(
        page_extra=b"/Annots [<< /Type /Annot /Subtype /FileAttachment /Rect [0 0 9 9] /FS 4 0 R >>]",
        objects=(b"<< /Type /Filespec /F (a.exe) >>",),
    ),
    "rich-media": _raw_pdf(page_extra=b"/Annots [<< /Type /Annot /Subtype /RichMedia /Rect [0 0 9 9] >>]"),
    "xfa-form": _raw_pdf(b"/AcroForm << /Fields [] /XFA (x) >>"),
}
UNREADABLE_PDFS = {
    "html-behind-pdf-prefix": b"%PDF-1.7\n<html><body><script>alert(document.cookie)</script></body></html>",
    "no-pages": b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
}


def _docx(extra=(), *, content_types=b"<Types/>", document=True) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", content_types)
        if document:
            z.writestr("word/document.xml", "<w:document/>")
        for name, data in extra:
            z.writestr(name, data)
    return buf.getvalue()


@functools.cache
def _docx_many_entries(count: int) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
        for i in range(count):
            z.writestr(f"word/m/{i}", b"")
    return buf.getvalue()


_CHUNK = os.urandom(1024) + bytes(40 * 1024)  # packs about 40 times: no bomb, but 26 x 2 MiB of it is 52 MiB
HOSTILE_DOCX = {
    "zip-bomb": (lambda: _docx([("word/media/image1.bin", bytes(20 * 1024 * 1024))]), "document-te-complex"),
    "60000-entries": (lambda: _docx_many_entries(60_000), "document-te-complex"),
    "52-mib-unpacked": (
        lambda: _docx([(f"word/media/p{i}.bin", _CHUNK * 50) for i in range(26)]),
        "document-te-complex",
    ),
    "macros": (lambda: _docx([("word/vbaProject.bin", b"\xd0\xcf\x11\xe0")]), "document-actieve-inhoud"),
    "macro-content-type": (
        lambda: _docx(
            content_types=b'<Types><Override ContentType="application/vnd.ms-word.document.'
            b'macroEnabled.main+xml"/></Types>'
        ),
        "document-actieve-inhoud",
    ),
    "activex": (lambda: _docx([("word/activeX/activeX1.bin", b"x")]), "document-actieve-inhoud"),
    "no-word-document": (lambda: _docx(document=False), "document-inhoud"),
}


def _image(fmt: str, size=(20, 10), mode="RGB") -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new(mode, size).save(buf, fmt)
    return buf.getvalue()


HOSTILE_IMAGES = {
    "html-behind-png-signature": ("plaatje.png", b"\x89PNG\r\n\x1a\n<html><script>alert(1)</script>"),
    "html-behind-jpeg-signature": ("foto.jpg", b"\xff\xd8\xff\xe0<html><script>alert(1)</script>"),
    "png-named-jpg": ("foto.jpg", None),  # filled in below: a real PNG under a .jpg name
    "png-of-48-megapixels": ("scan.png", None),
}


def _hostile_image(kind):
    name, body = HOSTILE_IMAGES[kind]
    if kind == "png-named-jpg":
        body = _image("PNG")
    elif kind == "png-of-48-megapixels":
        body = _image("PNG", size=(8000, 6000), mode="1")
    return name, body


def _all_hostile():
    """(id, file name, bytes, expected code) of every hostile upload."""
    cases = [(k, "brief.pdf", v, "document-actieve-inhoud") for k, v in HOSTILE_PDFS.items()]
    cases += [(k, "brief.pdf", v, "document-onleesbaar") for k, v in UNREADABLE_PDFS.items()]
    cases += [(k, "verslag.docx", make, code) for k, (make, code) in HOSTILE_DOCX.items()]
    codes = {"png-of-48-megapixels": "document-te-groot"}
    cases += [(k, None, None, codes.get(k, "document-inhoud")) for k in HOSTILE_IMAGES]
    return cases


HOSTILE = _all_hostile()


def _materialise(kind, name, body):
    if name is None:
        return _hostile_image(kind)
    return name, body() if callable(body) else body


@pytest.mark.parametrize(("kind", "name", "body", "code"), HOSTILE, ids=[c[0] for c in HOSTILE])
def test_check_upload_refuses_each_hostile_kind_with_a_clear_message(kind, name, body, code):
    name, data = _materialise(kind, name, body)
    with pytest.raises(ValidationFailed) as exc:
        check_upload(SimpleUploadedFile(name, data))
    assert exc.value.code == code, (kind, exc.value.code, exc.value.message)
    assert name in str(exc.value.message) or "groot" in str(exc.value.message)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("brief.pdf", PDF_BYTES),
        ("brief.pdf", _raw_pdf(b"/OpenAction [3 0 R /Fit]")),  # opening at the first page is no action
        (
            "brief.pdf",
            _raw_pdf(page_extra=b"/Annots [<< /Subtype /Link /A << /S /URI /URI (https://x.nl) >> >>]"),
        ),
        ("verslag.docx", _docx([("word/media/image1.png", b"\x89PNG")])),
        ("foto.jpg", _image("JPEG")),
        ("foto.jpeg", _image("JPEG")),
        ("plaatje.png", _image("PNG")),
    ],
    ids=["pdf", "pdf-openaction-goto", "pdf-link", "docx", "jpg", "jpeg", "png"],
)
def test_ordinary_documents_pass_the_structure_check(name, data):
    assert check_upload(SimpleUploadedFile(name, data))


@pytest.fixture(scope="module")
def upload_targets(module_db):
    """One world for every hostile upload: a concept (page, school) and a submitted case (API, consulent)."""
    from tests import tlv_steps
    from tests.api.helpers import api_client
    from tests.factories import make_world

    with module_db():
        w = make_world(mode="cva", sector="po")
        concept = tlv_steps.concept(w)
        ingediend = tlv_steps.ingediend(w)
        _client, token = api_client(w)
        yield w, concept, ingediend, token


@pytest.mark.parametrize(("kind", "name", "body", "code"), HOSTILE, ids=[c[0] for c in HOSTILE])
def test_each_hostile_kind_is_refused_via_the_page_and_the_api(
    db, client, upload_targets, kind, name, body, code
):
    from tests.api.helpers import Api

    w, concept, ingediend, token = upload_targets
    name, data = _materialise(kind, name, body)
    before = Document.objects.count()

    client.force_login(w.school_user)
    r = client.post(
        reverse("document_upload", args=[concept.case_id]),
        {"kind": "opp", "file": SimpleUploadedFile(name, data)},
        follow=True,
    )
    assert r.status_code == 200
    shown = [str(m) for m in r.context["messages"]]
    assert len(shown) == 1 and name in shown[0] or "groot" in shown[0], shown

    r = Api(token).upload(
        f"/api/v1/cases/{ingediend.case_id}/documents/",
        {"kind": "overig", "file": SimpleUploadedFile(name, data)},
    )
    assert r.status_code == 400, r.content
    assert (r.json()["code"], r.json()["field"]) == (code, "file")
    assert Document.objects.count() == before


# --- the size limit is checked on the Content-Length, before anything reads the body ---------------


class _UnreadBody(io.BytesIO):
    """A request body that records whether anyone read it."""

    was_read = False

    def read(self, *args):
        self.was_read = True
        return super().read(*args)

    def readline(self, *args):
        self.was_read = True
        return super().readline(*args)


def _post_declaring(client, path, declared: int, **extra):
    body = _UnreadBody(b'--x\r\nContent-Disposition: form-data; name="kind"\r\n\r\nopp\r\n--x--\r\n')
    response = client.generic(
        "POST",
        path,
        CONTENT_TYPE="multipart/form-data; boundary=x",
        **{"wsgi.input": body, "CONTENT_LENGTH": str(declared)},
        **extra,
    )
    return response, body


def test_a_page_upload_declaring_1_5_gib_is_refused_with_413_before_its_body_is_read(client, world, steps):
    a = steps.concept(world)
    client.force_login(world.school_user)
    response, body = _post_declaring(client, reverse("document_upload", args=[a.case_id]), 1536 * 1024 * 1024)
    assert response.status_code == 413
    assert not body.was_read
    page = response.content.decode()
    assert "Bestand te groot" in page and "het maximum is 10 MB" in page
    assert 'rel="stylesheet"' in page  # the site's own page, not a bare error
    assert not Document.objects.filter(case=a.case).exists()


def test_an_api_upload_declaring_1_5_gib_is_refused_with_413_json_before_its_body_is_read(world, steps):
    from tests.api.helpers import Api, api_client

    a = steps.ingediend(world)
    _c, token = api_client(world)
    api = Api(token)
    response, body = _post_declaring(
        api.http, f"/api/v1/cases/{a.case_id}/documents/", 1536 * 1024 * 1024, **api.headers
    )
    assert response.status_code == 413
    assert not body.was_read
    assert response.json()["code"] == "te-groot" and "maximum" in response.json()["detail"]


def test_a_body_just_within_the_limit_is_read(client, world, steps, settings):
    a = steps.concept(world)
    client.force_login(world.school_user)
    limit = settings.DOCUMENT_MAX_BYTES + settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    response, body = _post_declaring(client, reverse("document_upload", args=[a.case_id]), limit)
    assert response.status_code != 413
    assert body.was_read


def test_an_accepted_image_is_downloaded_as_an_attachment_with_nosniff_from_page_and_api(
    client, world, steps
):
    """What passes the checks is still never rendered inline: attachment, its checked type, nosniff."""
    from tests.api.helpers import Api, api_client

    a = steps.concept(world)
    doc = document_upload(
        case=a.case, by=world.school_user, kind="opp", uploaded=SimpleUploadedFile("foto.png", _image("PNG"))
    )
    client.force_login(world.school_user)
    _c, token = api_client(world)
    for response in (
        client.get(reverse("document_download", args=[doc.pk])),
        Api(token).get(f"/api/v1/documents/{doc.pk}/content/"),
    ):
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment;")
        assert (response["Content-Type"], response["X-Content-Type-Options"]) == ("image/png", "nosniff")
