"""Every error page a person can meet (400, 403, CSRF, 404, 409, 500, 503) is the product's own page: the
site's header with its name, a heading, and a way back to the start page; never Django's bare or debug
page. With DEBUG on (`make run`) a 404 is the same page, not Django's list of URL patterns."""

from __future__ import annotations

import sys

import pytest
from django.test import Client, RequestFactory, override_settings

from config import errors


def assert_product_page(html: str, heading: str) -> None:
    assert '<header class="top">' in html, "the site's header is missing"
    assert "Casusregie SWV" in html
    assert f"<h1>{heading}</h1>" in html
    assert 'class="btn" href="/"' in html, "no way back to the start page"
    assert "DEBUG = True" not in html and "URLconf" not in html


def test_404_is_the_product_page_with_the_menu(client, world):
    client.force_login(world.consulent)
    response = client.get("/casussen/987654/")
    assert response.status_code == 404
    html = response.content.decode()
    assert_product_page(html, "Niet gevonden")
    assert 'aria-label="Hoofdmenu"' in html  # signed in: the menu is there to go on from


@pytest.mark.parametrize("path", ["/bestaat-niet/", "/casussen/987654/"])
def test_404_with_debug_on_is_the_product_page_not_the_url_list(client, world, path):
    client.force_login(world.consulent)
    with override_settings(DEBUG=True):
        response = client.get(path)
    assert response.status_code == 404
    assert_product_page(response.content.decode(), "Niet gevonden")


def test_404_with_debug_on_in_the_api_is_json(client, world):
    client.force_login(world.consulent)
    with override_settings(DEBUG=True):
        response = client.get("/api/v1/bestaat-niet/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")


def test_403_is_the_product_page(client, world):
    client.force_login(world.consulent)  # only a school registers a zorgplicht aanmelding
    response = client.get("/aanmeldingen/nieuw/")
    assert response.status_code == 403
    assert_product_page(response.content.decode(), "Geen toegang")


def test_csrf_failure_is_the_product_page(world):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/inloggen/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert_product_page(response.content.decode(), "Formulier verlopen")


def test_409_is_the_product_page(db):
    response = errors.conflict_response(RequestFactory().get("/taken/1/"))
    assert response.status_code == 409
    assert_product_page(response.content.decode(), "Iemand was u voor")


def test_500_is_the_product_page(db):
    try:
        raise RuntimeError("kapot")
    except RuntimeError:
        assert sys.exc_info()[0] is RuntimeError
        response = errors.server_error(RequestFactory().get("/casussen/"))
    assert response.status_code == 500
    assert_product_page(response.content.decode(), "Er ging iets mis")


def test_500_through_the_client_is_the_product_page(client, world, monkeypatch):
    from workflows.inbox import views as workflow_views

    def broken(*args, **kwargs):
        raise RuntimeError("kapot")

    monkeypatch.setattr(workflow_views.selectors, "my_tasks", broken)
    client.force_login(world.consulent)
    client.raise_request_exception = False
    response = client.get("/taken/")
    assert response.status_code == 500
    assert_product_page(response.content.decode(), "Er ging iets mis")


def test_503_is_the_product_page(db):
    response = errors.database_unavailable_response(RequestFactory().get("/casussen/"))
    assert response.status_code == 503
    assert_product_page(response.content.decode(), "Even niet bereikbaar")
