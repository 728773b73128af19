"""Request parsers with a size limit checked before the body is read (413 with a clear message) and, for
JSON, a nesting limit checked before it is parsed (400)."""

from __future__ import annotations

import io

from django.conf import settings
from rest_framework import parsers


def _check_length(parser_context, limit: int) -> None:
    request = (parser_context or {}).get("request")
    meta = getattr(request, "META", {}) if request is not None else {}
    try:
        length = int(meta.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > limit:
        from api.exceptions import PayloadTooLarge  # api.exceptions imports DRF's views, which import this

        raise PayloadTooLarge(
            f"Het verzoek is te groot ({length / 1048576:.1f} MB); het maximum is {limit / 1048576:.1f} MB."
        )


MAX_JSON_DEPTH = 32  # the API's bodies are flat objects; Python's json recurses per level


def json_nested_deeper_than(raw: bytes, limit: int) -> bool:
    """Whether arrays and objects in a JSON text nest deeper than `limit`, counted without parsing it (a
    deeply nested body would exhaust the parser's recursion before any validation could refuse it)."""
    if raw.count(b"[") + raw.count(b"{") <= limit:
        return False
    depth = 0
    in_string = escaped = False
    for byte in raw:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):  # [ {
            depth += 1
            if depth > limit:
                return True
        elif byte in (0x5D, 0x7D):  # ] }
            depth -= 1
    return False


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        _check_length(parser_context, settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        raw = stream.read() if stream is not None else b""
        if json_nested_deeper_than(raw, MAX_JSON_DEPTH):
            raise parsers.ParseError(
                f"De JSON is te diep genest (meer dan {MAX_JSON_DEPTH} niveaus). Stuur een plat JSON-object.",
                code="json-te-diep",
            )
        try:
            return super().parse(io.BytesIO(raw), media_type, parser_context)
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
