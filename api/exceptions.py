"""One exception handler: every error of the API is `{"code", "detail", "field"}` (+ `errors` per field).

DomainError (cases/errors.py) keeps its stable code and http_status (409 for a transition that is not
allowed or a lost race); DRF's own errors get Dutch messages and codes of the same shape.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_handler

from cases.errors import DomainError

log = logging.getLogger("api")


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "te-groot"
    default_detail = "Het verzoek is te groot."


def _first(errors, prefix=""):
    """(field, message) of the first error in a DRF error structure."""
    if isinstance(errors, dict):
        for key, value in errors.items():
            name = key if key != "non_field_errors" else ""
            field, message = _first(value, f"{prefix}.{name}" if prefix and name else (name or prefix))
            if message:
                return field, message
        return prefix, ""
    if isinstance(errors, list):
        for value in errors:
            field, message = _first(value, prefix)
            if message:
                return field, message
        return prefix, ""
    return prefix, str(errors)


CODES = {
    exceptions.ParseError: "ongeldige-json",
    exceptions.NotAuthenticated: "niet-ingelogd",
    exceptions.AuthenticationFailed: "token-ongeldig",
    exceptions.PermissionDenied: "geen-recht",
    exceptions.NotFound: "niet-gevonden",
    exceptions.MethodNotAllowed: "methode-niet-toegestaan",
    exceptions.NotAcceptable: "niet-acceptabel",
    exceptions.UnsupportedMediaType: "mediatype-niet-ondersteund",
    exceptions.Throttled: "te-veel-verzoeken",
}

MESSAGES = {
    exceptions.NotAuthenticated: "Log in of geef een geldig token mee (Authorization: Bearer …).",
    exceptions.NotFound: "Niet gevonden.",
    exceptions.PermissionDenied: "U heeft geen recht om deze actie uit te voeren.",
}


def _code_for(exc) -> str:
    codes = exc.get_codes() if hasattr(exc, "get_codes") else None
    if (
        isinstance(codes, str)
        and codes != getattr(exc, "default_code", None)
        and codes not in ("invalid", "error")
    ):
        return codes  # a code of our own (e.g. token-verlopen, recht-ontbreekt)
    for cls, code in CODES.items():
        if isinstance(exc, cls):
            return code
    return getattr(exc, "default_code", "fout").replace("_", "-")


def api_exception_handler(exc, context):
    if isinstance(exc, DomainError):
        return Response(
            {"code": exc.code, "detail": str(exc.message), "field": exc.field or None},
            status=exc.http_status,
        )
    if isinstance(
        exc, RequestDataTooBig
    ):  # Django's DATA_UPLOAD_MAX_MEMORY_SIZE, checked on reading the body
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 1048576
        exc = PayloadTooLarge(f"Het verzoek is te groot; het maximum is {limit:.1f} MB (zonder bestanden).")
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(MESSAGES[exceptions.NotFound])
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(MESSAGES[exceptions.PermissionDenied])
    response = drf_handler(exc, context)
    if response is None:
        return None  # a real bug: Django's 500 handling (logged), never a leak of internals
    if isinstance(exc, exceptions.ValidationError):
        field, message = _first(exc.detail)
        codes = exc.get_codes()
        code = "ongeldige-invoer"
        if isinstance(codes, dict) and any(
            "onbekend-veld" in (c if isinstance(c, list) else [c]) for c in codes.values()
        ):
            code = "onbekend-veld"
        body = {"code": code, "detail": message, "field": field or None, "errors": exc.detail}
    else:
        detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        for cls, text in MESSAGES.items():
            if type(exc) is cls and detail in ("", str(cls.default_detail)):
                detail = text
        body = {"code": _code_for(exc), "detail": detail, "field": None}
    response.data = body
    return response
