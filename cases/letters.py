"""Letters as PDF: an HTML template rendered by xhtml2pdf (pure Python, from PyPI alone) to bytes."""

from __future__ import annotations

import io

from django.template.loader import render_to_string
from django.utils import translation


class LetterError(RuntimeError):
    pass


def render_pdf(template: str, context: dict) -> bytes:
    """Render `templates/letters/<template>` to PDF bytes; letters are Dutch (the record's language)."""
    with translation.override("nl"):
        html = render_to_string(f"letters/{template}", context)
    out = io.BytesIO()
    from xhtml2pdf import pisa  # imported when a letter is made: it costs ~2.5 s at every process start

    result = pisa.CreatePDF(html, dest=out, encoding="utf-8")
    if result.err:
        raise LetterError(f"PDF rendering failed for {template}")
    return out.getvalue()
