"""Dossier documents: checked on type (by parsed structure, not only by name or first bytes; no active
content, see cases/file_checks.py) and size, stored outside the web root."""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata

from django.conf import settings
from django.db import transaction

from cases import clock, policies
from cases.errors import NotPermitted, ValidationFailed
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


def document_upload(*, case, by, kind: str, uploaded) -> Document:
    with refusals_logged(case=case, action="document toevoegen", by=by), transaction.atomic():
        if not policies.can(by, "document.upload", case):
            raise NotPermitted("U kunt bij deze casus geen documenten toevoegen.")
        if case.closed_at is not None:
            raise ValidationFailed(
                "De casus is afgesloten; er kunnen geen documenten meer bij.", code="casus-gesloten"
            )
        if kind not in DocumentKind.values:
            raise ValidationFailed("Kies de soort document.", field="kind")
        content_type = check_upload(uploaded)
        digest = hashlib.sha256()
        for chunk in uploaded.chunks():
            digest.update(chunk)
        uploaded.seek(0)
        doc = Document(
            case=case,
            kind=kind,
            original_name=sanitize_filename(uploaded.name),
            content_type=content_type,
            size=uploaded.size,
            sha256=digest.hexdigest(),
            uploaded_by=by,
            uploaded_at=clock.now(),
        )
        doc.file.save("upload", uploaded, save=False)
        save_with_history(doc, by=by, reason="document toegevoegd")
        record_event(
            case=case,
            kind=CaseEvent.Kind.DOCUMENT,
            actor=by,
            action="document_upload",
            summary=f"Document toegevoegd: {doc.get_kind_display()} ({doc.original_name})",
            data={"document": doc.pk, "sha256": doc.sha256},
        )
        return doc
