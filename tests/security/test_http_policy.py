"""HTTP promises that hold for every path: only the methods a view serves (405 otherwise), and no copy of a
signed-in page or an API answer in a browser or proxy cache (Cache-Control: no-store)."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

from api.urls import urlpatterns as api_patterns
from config.http_policy import NoStoreMiddleware
from tests.api.helpers import Api, api_client

UNSAFE = ("put", "patch", "delete")
SAMPLE = {"int": "1", "str": "x", "slug": "x", "path": "x", "uuid": "00000000-0000-0000-0000-000000000000"}


def _page_paths():
    """Every path of the URL conf outside /api/, its converters filled with a sample value (patterns with a
    plain regex, such as the admin's app index, are reached through their route-pattern siblings)."""

    def walk(patterns, prefix):
        for p in patterns:
            if not isinstance(p.pattern, RoutePattern):
                continue
            route = prefix + str(p.pattern)
            if isinstance(p, URLResolver):
                if route.startswith("api/"):
                    continue
                yield from walk(p.url_patterns, route)
            elif isinstance(p, URLPattern):
                yield "/" + re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLE.get(m.group(1) or "str", "x"), route)

    return sorted(set(walk(get_resolver().url_patterns, "")))


def _without_page_methods_middleware():
    return [m for m in settings.MIDDLEWARE if m != "config.http_policy.PageMethodsMiddleware"]


def test_the_walk_reaches_pages_downloads_the_admin_and_the_i18n_switch():
    paths = _page_paths()
    for expected in ("/documenten/1/", "/casussen/1/", "/leerlingen/1/", "/i18n/setlang/", "/healthz"):
        assert expected in paths
    assert any(p.startswith("/beheer/") for p in paths)
    assert len(paths) > 60


@pytest.mark.parametrize("method", UNSAFE)
def test_no_page_answers_put_patch_or_delete(client, world, method):
    client.force_login(world.consulent)
    wrong = {}
    for path in _page_paths():
        status = getattr(client, method)(path).status_code
        if status != 405:
            wrong[path] = status
    assert wrong == {}


def test_every_page_view_declares_its_own_methods(client, world, settings):
    """Without the middleware's backstop each page view still refuses what it does not serve (the admin is
    Django's own and relies on the middleware)."""
    settings.MIDDLEWARE = _without_page_methods_middleware()
    client.force_login(world.consulent)
    wrong = {}
    for path in _page_paths():
        if path.startswith("/beheer/"):
            continue
        for method in UNSAFE:
            status = getattr(client, method)(path).status_code
            if status != 405:
                wrong[f"{method.upper()} {path}"] = status
    assert wrong == {}


def test_delete_on_a_document_does_not_return_the_file_and_post_on_a_read_only_page_is_refused(
    client, world, steps, settings
):
    settings.MIDDLEWARE = _without_page_methods_middleware()
    doc = steps.with_documents(world, steps.concept(world)).case.documents.first()
    client.force_login(world.consulent)
    assert client.get(f"/documenten/{doc.pk}/").status_code == 200
    r = client.delete(f"/documenten/{doc.pk}/")
    assert r.status_code == 405
    assert not r.get("Content-Disposition")
    assert client.post(f"/documenten/{doc.pk}/").status_code == 405
    assert client.post(f"/casussen/{doc.case_id}/").status_code == 405
    assert client.post(f"/leerlingen/{world.leerling_a.pk}/").status_code == 405


def test_api_views_allow_only_the_methods_they_define(world):
    _client, token = api_client(world)
    api = Api(token)
    wrong = {}
    for p in api_patterns:
        view = getattr(p.callback, "view_class", None)
        route = str(p.pattern)
        if view is None or not isinstance(p.pattern, RoutePattern) or "<" in route.replace("<int:pk>", ""):
            continue
        path = "/api/" + route.replace("<int:pk>", "1")
        for method in UNSAFE:
            if hasattr(view, method):
                continue
            status = getattr(api.http, method)(path, **api.headers).status_code
            if status != 405:
                wrong[f"{method.upper()} {path}"] = status
    assert wrong == {}


# --- Cache-Control ---------------------------------------------------------------------------------------


def test_signed_in_pages_and_api_answers_are_not_stored(client, world, steps):
    a = steps.with_documents(world, steps.concept(world))
    client.force_login(world.consulent)
    for path in (
        "/",
        "/casussen/",
        f"/casussen/{a.case_id}/",
        f"/leerlingen/{world.leerling_a.pk}/",
        "/taken/",
        "/termijnen/",
        "/api/v1/me/",
        "/api/v1/cases/",
        f"/api/v1/cases/{a.case_id}/",
        "/api/v1/bestaat-niet/",
        f"/leerlingen/{world.leerling_a.pk}/toestemmingen/",
        f"/leerlingen/{world.leerling_a.pk}/ouders/nieuw/",
        f"/api/v1/pupils/{world.leerling_a.pk}/parents/",
        f"/api/v1/pupils/{world.leerling_a.pk}/consents/",
        f"/api/v1/cases/{a.case_id}/letters/",
    ):
        r = client.get(path)
        assert r.status_code in (200, 404), (path, r.status_code)
        assert "no-store" in r.get("Cache-Control", ""), path
        assert "private" in r["Cache-Control"], path


def test_api_answers_to_a_token_client_are_not_stored(world):
    _client, token = api_client(world)
    r = Api(token).get(f"/api/v1/pupils/{world.leerling_a.pk}/")
    assert r.status_code == 200
    assert r["Cache-Control"] == "no-store, private"


def test_downloads_keep_their_own_no_store_and_health_and_anonymous_pages_are_untouched(client, world, steps):
    doc = steps.with_documents(world, steps.concept(world)).case.documents.first()
    assert not client.get("/casussen/").has_header("Cache-Control")  # anonymous: the redirect to log in
    health = client.get("/healthz").get("Cache-Control")
    client.force_login(world.consulent)
    assert client.get(f"/documenten/{doc.pk}/")["Cache-Control"] == "private, no-store"
    assert client.get("/healthz").get("Cache-Control") == health  # never_cache's own header


def test_static_files_are_left_alone_for_a_signed_in_user(world):
    request = RequestFactory().get("/static/css/site.css")
    request.user = world.consulent
    response = HttpResponse("body")
    response["Cache-Control"] = "max-age=31536000, public, immutable"
    NoStoreMiddleware(lambda r: response)(request)
    assert response["Cache-Control"] == "max-age=31536000, public, immutable"
    anonymous = RequestFactory().get("/inloggen/")
    anonymous.user = AnonymousUser()
    page = NoStoreMiddleware(lambda r: HttpResponse("login"))(anonymous)
    assert not page.has_header("Cache-Control")
