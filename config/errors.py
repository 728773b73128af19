"""A database that is down or restarting answers 503 with a short Dutch page (or JSON for the API),
never a stack trace; the next request reconnects (Django opens a fresh connection per request, or checks a
persistent one first with CONN_HEALTH_CHECKS), so the app recovers without a restart."""

from __future__ import annotations

import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.defaults import page_not_found
from django.views.defaults import server_error as default_server_error

from cases.errors import Conflict, is_database_busy

log = logging.getLogger("config.errors")
RETRY_AFTER_SECONDS = 30
UNAVAILABLE = (OperationalError, InterfaceError)


def is_database_unavailable(exc: BaseException | None) -> bool:
    if is_database_busy(exc):
        return False  # a lost race on the SQLite file: conflict_response, not an outage
    while exc is not None:
        if isinstance(exc, UNAVAILABLE):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def wants_json(request) -> bool:
    return request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", "")


def database_unavailable_response(request) -> HttpResponse:
    message = _("De database is even niet bereikbaar. Probeer het over een halve minuut opnieuw.")
    if wants_json(request):
        response = JsonResponse({"code": "database-unavailable", "detail": message}, status=503)
    else:
        # rendered without the request: context processors would query the database that is down
        response = HttpResponse(render_to_string("503.html", {"message": message}), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def conflict_response(request) -> HttpResponse:
    """SQLite still locked by someone else's change (outside a service, which turns it into a Conflict
    itself): the same message as a lost race on PostgreSQL, 409."""
    message = str(Conflict.default_message)
    if wants_json(request):
        response = JsonResponse({"code": Conflict.code, "detail": message, "field": None}, status=409)
    else:
        response = HttpResponse(render_to_string("409.html", {"message": message}), status=409)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """Turns OperationalError/InterfaceError raised by a view into the 503, or a locked SQLite database into
    the 409 of a lost race (other middleware's and the URL resolver's go through `server_error`, the
    handler500 below)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_database_busy(exception):
            log.info("database busy during %s %s: %s", request.method, request.path, exception)
            return conflict_response(request)
        if is_database_unavailable(exception):
            log.warning("database unavailable during %s %s: %s", request.method, request.path, exception)
            return database_unavailable_response(request)
        return None


def server_error(request, *args, **kwargs):
    """handler500: the 409 for a locked SQLite database and the 503 for a database outage anywhere in the
    request, Django's plain 500 otherwise."""
    if is_database_busy(sys.exc_info()[1]):
        return conflict_response(request)
    if is_database_unavailable(sys.exc_info()[1]):
        return database_unavailable_response(request)
    return default_server_error(request, *args, **kwargs)


class ProductNotFoundPageMiddleware:
    """With DEBUG on (`make run`) Django answers a 404 with its technical page listing every URL pattern,
    bypassing handler404. This middleware gives such a page the product's own 404 (the same view as without
    DEBUG); API and JSON requests get the JSON error. Without DEBUG it does nothing: handler404 is used."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not settings.DEBUG or response.status_code != 404:
            return response
        is_html = response.get("Content-Type", "").startswith("text/html")
        if getattr(response, "product_page", False) or not is_html:
            return response
        if wants_json(request):
            return JsonResponse({"code": "niet-gevonden", "detail": _("Niet gevonden.")}, status=404)
        page = page_not_found(request, Http404())
        page.product_page = True
        return page
