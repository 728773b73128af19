"""Request parsers with a size limit checked before the body is read (413 with a clear message)."""

from __future__ import annotations

from django.conf import settings
from rest_framework import parsers

from api.exceptions import PayloadTooLarge


def _check_length(parser_context, limit: int) -> None:
    request = (parser_context or {}).get("request")
    meta = getattr(request, "META", {}) if request is not None else {}
    try:
        length = int(meta.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > limit:
        raise PayloadTooLarge(
            f"Het verzoek is te groot ({length / 1048576:.1f} MB); het maximum is {limit / 1048576:.1f} MB."
        )


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        _check_length(parser_context, settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        try:
            return super().parse(stream, media_type, parser_context)
        except parsers.ParseError as exc:
            raise parsers.ParseError(
                "De body is geen geldige JSON. Stuur een JSON-object (Content-Type: application/json).",
                code="ongeldige-json",
            ) from exc


class MultiPartParser(parsers.MultiPartParser):
    """Uploads: at most one document plus the form fields."""

    def parse(self, stream, media_type=None, parser_context=None):
        _check_length(parser_context, settings.DOCUMENT_MAX_BYTES + settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        return super().parse(stream, media_type, parser_context)
