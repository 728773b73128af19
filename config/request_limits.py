"""A request body larger than any form may send is refused on its Content-Length, before anything reads it.

The largest legitimate body is one document (DOCUMENT_MAX_BYTES) plus the form fields
(DATA_UPLOAD_MAX_MEMORY_SIZE). Django counts only the form fields against its own limit and streams an
uploaded file to disk however large it is, so without this check a page upload of 1.5 GiB would be read in
full before the document check refuses it. The API's parsers check the same limit (api/parsers.py); this
middleware runs before CSRF and the views, so neither pages nor API read such a body at all.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from config.errors import wants_json


def max_request_bytes() -> int:
    return settings.DOCUMENT_MAX_BYTES + settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def declared_length(request) -> int:
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0  # Django reads no body for an unparseable Content-Length


def request_too_large_response(request, length: int, limit: int) -> HttpResponse:
    message = _(
        "Het verzoek is te groot (%(size).1f MB); het maximum is %(limit).0f MB per document. "
        "Kies een kleiner bestand of verklein het (bijvoorbeeld door een scan als PDF op te slaan)."
    ) % {"size": length / 1048576, "limit": settings.DOCUMENT_MAX_BYTES / 1048576}
    if wants_json(request):
        response = JsonResponse({"code": "te-groot", "detail": message, "field": None}, status=413)
    else:
        # rendered without the request: the user is not known yet at this point of the middleware
        response = HttpResponse(render_to_string("413.html", {"message": message}), status=413)
    response["Cache-Control"] = "no-store"
    return response


class RequestSizeLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        length, limit = declared_length(request), max_request_bytes()
        if length > limit:
            return request_too_large_response(request, length, limit)
        return self.get_response(request)
