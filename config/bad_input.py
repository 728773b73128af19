"""Bad input in the request itself answers 400 with a clear Dutch page (JSON for the API), never a 500.

A NUL byte cannot be stored in or compared with a PostgreSQL text column, so a query or form parameter
holding one would end as a 500 in whichever query it reaches. `RejectNulBytesMiddleware` refuses such a
request before any view runs. `bad_request` is the handler400 for Django's own refusals (too many fields,
a body over DATA_UPLOAD_MAX_MEMORY_SIZE): the same styled page instead of Django's bare one.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

NUL = "\x00"
FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
MAX_SHOWN_NAME = 40


def _wants_json(request) -> bool:
    return request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", "")


def bad_request_response(request, message: str, *, code: str = "ongeldige-invoer") -> HttpResponse:
    if _wants_json(request):
        response = JsonResponse({"code": code, "detail": message, "field": None}, status=400)
    else:
        response = HttpResponse(
            render_to_string("400.html", {"message": message}, request=request), status=400
        )
    response["Cache-Control"] = "no-store"
    return response


def _has_nul(items) -> str | None:
    """The name of the first parameter whose name or one of whose values holds a NUL byte."""
    for key, values in items:
        if NUL in key or any(NUL in value for value in values if isinstance(value, str)):
            return key.replace(NUL, "")[:MAX_SHOWN_NAME]
    return None


def _form_body_is_small(request) -> bool:
    """A form body small enough to read here. Larger ones (document uploads) are left to the view, which
    refuses them on Content-Length before reading; their text fields are checked by the form fields."""
    if not request.content_type or request.content_type not in FORM_CONTENT_TYPES:
        return False
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return 0 < length <= settings.DATA_UPLOAD_MAX_MEMORY_SIZE


class RejectNulBytesMiddleware:
    """400 for a NUL byte in a query parameter or a (small) form field, its name included."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        name = _has_nul(request.GET.lists())
        if name is None and request.method == "POST" and _form_body_is_small(request):
            name = _has_nul(request.POST.lists())
        if name is not None:
            return bad_request_response(
                request,
                _(
                    "Het veld '%(name)s' bevat een teken dat niet is toegestaan (een nul-teken). "
                    "Pas de invoer aan en probeer het opnieuw."
                )
                % {"name": name},
            )
        return self.get_response(request)


def bad_request(request, exception=None, *args, **kwargs):
    """handler400: Django's own refusals of a malformed request, on the site's page."""
    return bad_request_response(
        request,
        _(
            "Dit verzoek kan niet worden verwerkt: het bevat te veel of ongeldige gegevens. "
            "Er is niets gewijzigd."
        ),
    )
