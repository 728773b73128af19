"""Dossier documents: checked on type (by parsed structure, not only by name or first bytes; no active
content, see cases/file_checks.py) and size, stored outside the web root."""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from cases import clock, policies
from cases.errors import Conflict, NotPermitted, ValidationFailed
from cases.file_checks import check_structure
from cases.models import CaseEvent, Document, DocumentKind
from cases.services.common import record_event, refusals_logged, save_with_history

# extension -> (content type, magic prefixes)
ALLOWED = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
}


def sanitize_filename(name: str) -> str:
    """A safe display/download name: no path, no control or shell-special characters, at most 120 chars."""
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C")
    name = re.sub(r'[<>:"|?*;%\x00]+', "_", name).strip(" .")
    stem, ext = os.path.splitext(name)
    stem = stem[: 120 - len(ext)].strip(" .")
    return f"{stem or 'document'}{ext.lower()}"


def check_upload(uploaded) -> str:
    """Return the content type, or raise ValidationFailed with a clear message."""
    name = sanitize_filename(uploaded.name or "")
    ext = os.path.splitext(name)[1].lower()
    if ext not in ALLOWED:
        raise ValidationFailed(
            f"Bestandstype '{ext or '(geen)'}' is niet toegestaan. Toegestaan: PDF, DOCX, JPG en PNG.",
            code="document-type",
            field="file",
        )
    limit = settings.DOCUMENT_MAX_BYTES
    if uploaded.size > limit:
        raise ValidationFailed(
            f"Het bestand is te groot ({uploaded.size / 1048576:.1f} MB); "
            f"het maximum is {limit / 1048576:.0f} MB.",
            code="document-te-groot",
            field="file",
        )
    if uploaded.size == 0:
        raise ValidationFailed("Het bestand is leeg.", code="document-leeg", field="file")
    content_type, magics = ALLOWED[ext]
    uploaded.seek(0)
    head = uploaded.read(16)
    uploaded.seek(0)
    if not any(head.startswith(m) for m in magics):
        raise ValidationFailed(
            f"De inhoud van '{name}' past niet bij de extensie {ext}.", code="document-inhoud", field="file"
        )
    check_structure(uploaded, name=name, ext=ext)  # parsed, not only the first bytes; no active content
    return content_type


# at most this many files in one submission (the page's multiple-file field)
DOCUMENT_MAX_FILES = 10


def _digest(uploaded) -> str:
    digest = hashlib.sha256()
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    return digest.hexdigest()


def _check_may_add(*, case, by, kind: str) -> None:
    """The case is open, the user may add documents to it, and of this kind (policies.DOCUMENT_KIND_ROLES)."""
    if not policies.can(by, "document.upload", case):
        raise NotPermitted(_("U kunt bij deze casus geen documenten toevoegen."))
    if case.closed_at is not None:
        raise ValidationFailed(
            _("De casus is afgesloten; er kunnen geen documenten meer bij."), code="casus-gesloten"
        )
    if kind not in DocumentKind.values:
        raise ValidationFailed(_("Kies de soort document."), field="kind")
    if kind not in policies.document_kinds_for(by, case):
        raise NotPermitted(
            _("U kunt geen document van de soort '%(kind)s' toevoegen.") % {"kind": DocumentKind(kind).label},
            code="document-soort-niet-toegestaan",
        )


def _store(*, case, by, kind: str, uploaded, content_type: str, previous: Document | None = None) -> Document:
    doc = Document(
        case=case,
        kind=kind,
        original_name=sanitize_filename(uploaded.name),
        content_type=content_type,
        size=uploaded.size,
        sha256=_digest(uploaded),
        uploaded_by=by,
        uploaded_at=clock.now(),
        previous=previous,
        version=previous.version + 1 if previous else 1,
    )
    doc.file.save("upload", uploaded, save=False)
    save_with_history(
        doc, by=by, reason="nieuwe versie van een document" if previous else "document toegevoegd"
    )
    return doc


def documents_upload(*, case, by, kind: str, files) -> list[Document]:
    """Add several files of one kind at once: every file is checked first, and either all are added or none
    (a refusal names each file that failed and why)."""
    files = list(files)
    with refusals_logged(case=case, action="document toevoegen", by=by), transaction.atomic():
        _check_may_add(case=case, by=by, kind=kind)
        if not files:
            raise ValidationFailed(_("Kies een bestand."), code="document-geen-bestand", field="file")
        if len(files) > DOCUMENT_MAX_FILES:
            raise ValidationFailed(
                _("U kunt hoogstens %(max)s bestanden tegelijk toevoegen; u koos er %(count)s.")
                % {"max": DOCUMENT_MAX_FILES, "count": len(files)},
                code="document-te-veel-bestanden",
                field="file",
            )
        checked, refused = [], []
        for uploaded in files:
            try:
                checked.append((uploaded, check_upload(uploaded)))
            except ValidationFailed as exc:
                if len(files) == 1:
                    raise
                refused.append((sanitize_filename(uploaded.name), exc))
        if refused:
            error = ValidationFailed(
                _("Er is niets toegevoegd: %(count)s van de %(total)s bestanden is niet in orde. %(details)s")
                % {
                    "count": len(refused),
                    "total": len(files),
                    "details": " ".join(f"{name}: {exc.message}" for name, exc in refused),
                },
                code=refused[0][1].code,
                field="file",
            )
            error.per_file = [(name, str(exc.message)) for name, exc in refused]
            raise error
        docs = [_store(case=case, by=by, kind=kind, uploaded=up, content_type=ct) for up, ct in checked]
        for doc in docs:
            record_event(
                case=case,
                kind=CaseEvent.Kind.DOCUMENT,
                actor=by,
                action="document_upload",
                summary=f"Document toegevoegd: {doc.get_kind_display()} ({doc.original_name})",
                data={"document": doc.pk, "sha256": doc.sha256},
            )
        return docs


def document_upload(*, case, by, kind: str, uploaded) -> Document:
    return documents_upload(case=case, by=by, kind=kind, files=[uploaded])[0]


def document_replace(*, document: Document, by, uploaded) -> Document:
    """A new version of `document` (same kind), linked to it; the earlier version stays as it was."""
    case = document.case
    with refusals_logged(case=case, action="document vervangen", by=by), transaction.atomic():
        previous = Document.objects.select_for_update().get(pk=document.pk)
        _check_may_add(case=case, by=by, kind=previous.kind)
        if Document.objects.filter(previous=previous).exists():
            raise Conflict(
                _("Dit document is al vervangen door een nieuwere versie. Ververs de pagina."),
                code="document-al-vervangen",
            )
        content_type = check_upload(uploaded)
        doc = _store(
            case=case,
            by=by,
            kind=previous.kind,
            uploaded=uploaded,
            content_type=content_type,
            previous=previous,
        )
        record_event(
            case=case,
            kind=CaseEvent.Kind.DOCUMENT,
            actor=by,
            action="document_replace",
            summary=(
                f"Document vervangen: {doc.get_kind_display()}, versie {doc.version} ({doc.original_name}) "
                f"vervangt versie {previous.version} ({previous.original_name})"
            ),
            data={"document": doc.pk, "previous": previous.pk, "sha256": doc.sha256},
        )
        return doc


PREVIEW_TYPES = {"application/pdf", "image/png", "image/jpeg"}


def may_preview(document: Document) -> bool:
    """Shown in the browser (inline) only for PDF, PNG and JPG; anything else is only downloaded."""
    return document.content_type in PREVIEW_TYPES
