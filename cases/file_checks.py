"""Structure checks for uploaded documents: what a file really is, not only what its first bytes say.

Every upload (page, API, bezwaar) goes through `cases.services.documents.check_upload`, which calls
`check_structure` here after the extension, size and magic-byte checks:

* PDF: parsed with pypdf; refused when it cannot be read, is password protected, has no pages, or holds
  active content anywhere a viewer can reach: JavaScript (/JS, /JavaScript), automatic actions (/AA, an
  /OpenAction other than going to a page), /Launch and other executing actions, embedded files, rich
  media or an XFA form. pypdf decodes names, so `/J#61vaScript` is seen as `/JavaScript`.
* DOCX: a ZIP read from its directory only (nothing is unpacked): at most `DOCX_MAX_ENTRIES` entries,
  `DOCX_MAX_UNPACKED_BYTES` unpacked, no large entry packed more than `DOCX_MAX_RATIO` times; it must hold
  `[Content_Types].xml` and `word/document.xml` and no macros (vbaProject.bin), ActiveX or OLE objects.
* JPG/PNG: opened with Pillow; the format must match the extension, the image must verify and stay
  under `IMAGE_MAX_PIXELS`.
"""

from __future__ import annotations

import warnings
import zipfile

from django.utils.translation import gettext as _

from cases.errors import ValidationFailed

DOCX_MAX_ENTRIES = 1000
DOCX_MAX_UNPACKED_BYTES = 50 * 1024 * 1024
DOCX_MAX_RATIO = 100
DOCX_RATIO_FROM_BYTES = 1024 * 1024  # small parts (styles, settings) may pack very well; check the large ones
CONTENT_TYPES_MAX_BYTES = 1024 * 1024
PDF_MAX_OBJECTS = 200_000
IMAGE_MAX_PIXELS = 40_000_000  # 40 megapixels: far above a scanned page or photo

# keys that mean active content wherever they appear in a PDF's object graph
PDF_FORBIDDEN_KEYS = {
    "/JS": "JavaScript",
    "/JavaScript": "JavaScript",
    "/AA": "automatische acties",
    "/Launch": "het starten van een programma",
    "/EmbeddedFile": "ingesloten bestanden",
    "/EmbeddedFiles": "ingesloten bestanden",
    "/EF": "ingesloten bestanden",
    "/RichMedia": "multimedia",
    "/XFA": "een XFA-formulier",
}
# action types (/S) that run something, fetch or send data, or open an embedded file
PDF_FORBIDDEN_ACTIONS = {
    "/JavaScript": "JavaScript",
    "/Launch": "het starten van een programma",
    "/ImportData": "het importeren van gegevens",
    "/SubmitForm": "het versturen van formuliergegevens",
    "/GoToE": "ingesloten bestanden",
    "/RichMediaExecute": "multimedia",
    "/Rendition": "multimedia",
}
PDF_FORBIDDEN_SUBTYPES = {
    "/FileAttachment": "ingesloten bestanden",
    "/RichMedia": "multimedia",
    "/Screen": "multimedia",
    "/Movie": "multimedia",
    "/Sound": "multimedia",
    "/3D": "3D-inhoud",
}

IMAGE_FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG"}


def _refuse(message: str, code: str) -> ValidationFailed:
    return ValidationFailed(message, code=code, field="file")


def _active_content_refused(name: str, what: str) -> ValidationFailed:
    return _refuse(
        _(
            "'%(name)s' bevat actieve inhoud (%(what)s). Zulke inhoud nemen we niet aan in een dossier. "
            "Sla het document opnieuw op als gewone PDF (bijvoorbeeld via Afdrukken → Opslaan als PDF) "
            "en voeg het dan toe."
        )
        % {"name": name, "what": what},
        "document-actieve-inhoud",
    )


# --- PDF --------------------------------------------------------------------------------------------


def _pdf_active_content(reader) -> str | None:
    """What active content the PDF holds (a short Dutch description), or None. Walks every object reachable
    from the trailer, iteratively (no recursion on hostile nesting)."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    stack = [reader.trailer]
    seen: set[tuple[int, int]] = set()
    visited = 0
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            ref = (obj.idnum, obj.generation)
            if ref in seen:
                continue
            seen.add(ref)
            obj = obj.get_object()
        visited += 1
        if visited > PDF_MAX_OBJECTS:
            return _("te veel onderdelen om te controleren")
        if isinstance(obj, DictionaryObject):
            for key, value in obj.items():
                if key in PDF_FORBIDDEN_KEYS:
                    return PDF_FORBIDDEN_KEYS[key]
                resolved = value.get_object() if isinstance(value, IndirectObject) else value
                if key == "/S" and resolved in PDF_FORBIDDEN_ACTIONS:
                    return PDF_FORBIDDEN_ACTIONS[resolved]
                if key == "/Subtype" and resolved in PDF_FORBIDDEN_SUBTYPES:
                    return PDF_FORBIDDEN_SUBTYPES[resolved]
                if key == "/Type" and resolved == "/EmbeddedFile":
                    return PDF_FORBIDDEN_KEYS["/EmbeddedFile"]
                if (
                    key == "/OpenAction"
                    and isinstance(resolved, DictionaryObject)
                    and resolved.get("/S") != "/GoTo"  # opening at a page is fine; any other action runs
                ):
                    return _("een automatische actie bij het openen")
                stack.append(value)
        elif isinstance(obj, ArrayObject):
            stack.extend(obj)
    return None


def check_pdf(uploaded, name: str) -> None:
    from pypdf import PdfReader

    unreadable = _refuse(
        _(
            "'%(name)s' is geen leesbaar PDF-bestand. Sla het opnieuw op als PDF "
            "(bijvoorbeeld via Afdrukken → Opslaan als PDF) en voeg het dan toe."
        )
        % {"name": name},
        "document-onleesbaar",
    )
    uploaded.seek(0)
    try:
        reader = PdfReader(uploaded, strict=False)
        if reader.is_encrypted:
            raise _refuse(
                _("'%(name)s' is beveiligd met een wachtwoord. Voeg het document toe zonder wachtwoord.")
                % {"name": name},
                "document-beveiligd",
            )
        if len(reader.pages) < 1:
            raise unreadable
        what = _pdf_active_content(reader)
    except ValidationFailed:
        raise
    except Exception as exc:  # pypdf raises many kinds (and RecursionError) on broken or hostile files
        raise unreadable from exc
    finally:
        uploaded.seek(0)
    if what:
        raise _active_content_refused(name, what)


# --- DOCX -------------------------------------------------------------------------------------------


def _is_active_docx_part(part: str) -> bool:
    lower = part.lower()
    return (
        lower.endswith(("vbaproject.bin", "vbadata.xml"))
        or lower.startswith("word/activex/")
        or (lower.startswith("word/embeddings/") and lower.endswith(".bin"))
    )


def check_docx(uploaded, name: str) -> None:
    not_word = _refuse(
        _("De inhoud van '%(name)s' is geen Word-document (.docx).") % {"name": name}, "document-inhoud"
    )
    too_big = _refuse(
        _(
            "'%(name)s' is uitgepakt te groot of bestaat uit te veel onderdelen (hoogstens %(entries)s "
            "onderdelen en %(mb)s MB uitgepakt). Sla het document op als PDF en voeg dat toe."
        )
        % {"name": name, "entries": DOCX_MAX_ENTRIES, "mb": DOCX_MAX_UNPACKED_BYTES // (1024 * 1024)},
        "document-te-complex",
    )
    uploaded.seek(0)
    try:
        with zipfile.ZipFile(uploaded) as archive:
            infos = archive.infolist()
            if len(infos) > DOCX_MAX_ENTRIES:
                raise too_big
            if sum(info.file_size for info in infos) > DOCX_MAX_UNPACKED_BYTES:
                raise too_big
            for info in infos:
                if info.file_size >= DOCX_RATIO_FROM_BYTES and (
                    info.file_size > DOCX_MAX_RATIO * max(info.compress_size, 1)
                ):
                    raise too_big
            names = {info.filename for info in infos}
            if "[Content_Types].xml" not in names or "word/document.xml" not in names:
                raise not_word
            with archive.open("[Content_Types].xml") as part:
                content_types = part.read(CONTENT_TYPES_MAX_BYTES + 1)
    except ValidationFailed:
        raise
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        OSError,
        ValueError,
        EOFError,
        NotImplementedError,
    ) as e:
        raise not_word from e
    finally:
        uploaded.seek(0)
    if len(content_types) > CONTENT_TYPES_MAX_BYTES:
        raise not_word
    if any(_is_active_docx_part(n) for n in names) or b"macroenabled" in content_types.lower():
        raise _refuse(
            _(
                "'%(name)s' bevat macro's of andere actieve onderdelen (ActiveX, ingesloten objecten). "
                "Sla het op als gewoon Word-document (.docx) zonder macro's, of als PDF, en voeg het dan toe."
            )
            % {"name": name},
            "document-actieve-inhoud",
        )


# --- images -----------------------------------------------------------------------------------------


def check_image(uploaded, name: str, ext: str) -> None:
    from PIL import Image

    not_image = _refuse(
        _("De inhoud van '%(name)s' is geen geldige %(kind)s-afbeelding.")
        % {"name": name, "kind": "PNG" if IMAGE_FORMATS[ext] == "PNG" else "JPG"},
        "document-inhoud",
    )
    uploaded.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(uploaded) as image:
                if image.format != IMAGE_FORMATS[ext]:
                    raise not_image
                width, height = image.size
                if width * height > IMAGE_MAX_PIXELS:
                    raise _refuse(
                        _(
                            "De afbeelding '%(name)s' is te groot (%(width)s × %(height)s beeldpunten). "
                            "Verklein haar of voeg haar toe als PDF."
                        )
                        % {"name": name, "width": width, "height": height},
                        "document-te-groot",
                    )
                image.verify()
    except ValidationFailed:
        raise
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
        raise _refuse(
            _("De afbeelding '%(name)s' is te groot. Verklein haar of voeg haar toe als PDF.")
            % {"name": name},
            "document-te-groot",
        ) from exc
    except Exception as exc:  # Pillow raises many kinds on broken or hostile images (and the bomb warning)
        raise not_image from exc
    finally:
        uploaded.seek(0)


def check_structure(uploaded, *, name: str, ext: str) -> None:
    """Raise ValidationFailed (code document-onleesbaar, -inhoud, -actieve-inhoud, -te-complex, -beveiligd
    or -te-groot) unless the file's structure is what its extension promises, without active content."""
    if ext == ".pdf":
        check_pdf(uploaded, name)
    elif ext == ".docx":
        check_docx(uploaded, name)
    elif ext in IMAGE_FORMATS:
        check_image(uploaded, name, ext)
