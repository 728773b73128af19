"""A database outage answers 503 with a short Dutch page or JSON, never a stack trace. The real
restart of a PostgreSQL cluster under gunicorn is in test_faults__short.py."""

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import InterfaceError, OperationalError
from django.test import Client

from workflows import selectors

pytestmark = pytest.mark.django_db


def _no_trace(body: str):
    assert "Traceback" not in body and "OperationalError" not in body and "psycopg" not in body


@pytest.fixture
def client_no_raise():
    return Client(raise_request_exception=False)


def test_a_view_whose_query_fails_answers_503_in_dutch(client_no_raise, world, monkeypatch):
    client_no_raise.force_login(world.consulent)

    def down(*args, **kwargs):
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')

    monkeypatch.setattr(selectors, "my_tasks", down)
    response = client_no_raise.get("/taken/")
    body = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "De database is even niet bereikbaar" in body
    _no_trace(body)


def test_a_lost_connection_in_middleware_answers_503_too(client_no_raise, world, monkeypatch):
    client_no_raise.force_login(world.consulent)

    def closed(self):
        raise InterfaceError("connection already closed")

    monkeypatch.setattr(SessionStore, "load", closed)
    response = client_no_raise.get("/taken/")
    assert response.status_code == 503
    _no_trace(response.content.decode())


def test_an_api_client_gets_json(client_no_raise, world, monkeypatch):
    client_no_raise.force_login(world.consulent)
    monkeypatch.setattr(selectors, "my_tasks", lambda *a, **k: (_ for _ in ()).throw(OperationalError("x")))
    response = client_no_raise.get("/taken/", HTTP_ACCEPT="application/json")
    assert response.status_code == 503
    assert response.json()["code"] == "database-unavailable"


def test_other_errors_stay_a_plain_500(client_no_raise, world, monkeypatch):
    client_no_raise.force_login(world.consulent)
    monkeypatch.setattr(selectors, "my_tasks", lambda *a, **k: 1 / 0)
    response = client_no_raise.get("/taken/")
    assert response.status_code == 500
    _no_trace(response.content.decode())
