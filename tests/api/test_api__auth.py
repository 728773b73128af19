"""Authentication and scopes: bearer tokens (hashed, expiring, revocable), session with CSRF and 2FA."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.test import Client

from api import services
from api.models import ApiClient, ApiToken
from cases import clock
from cases.models import TlvAanvraag
from cases.roles import Role
from tests.api.helpers import Api, api_client


def test_a_token_acts_as_the_clients_named_service_user(world):
    client, token = api_client(world, name="Schoolsysteem A", role=Role.SCHOOL)
    r = Api(token).get("/api/v1/me/")
    assert r.status_code == 200
    assert r.json()["api_client"] == "Schoolsysteem A"
    assert r.json()["roles"] == ["school"]
    assert r.json()["username"] == client.user.username
    assert not client.user.has_usable_password()  # it never logs in through the pages


def test_only_a_digest_of_the_token_is_stored(world):
    _client, token = api_client(world)
    stored = ApiToken.objects.get()
    assert token not in stored.digest and stored.prefix in token
    assert stored.digest == services.digest(token)


def test_without_credentials_401_with_the_bearer_challenge(world):
    r = Api().get("/api/v1/cases/")
    assert r.status_code == 401
    assert r.json()["code"] == "niet-ingelogd"
    assert r["WWW-Authenticate"].startswith("Bearer")


def test_an_unknown_or_garbled_token_is_401(world):
    _client, token = api_client(world)
    for bad in ("pce_00000000_nope", token[:-2] + "xx", "not-a-token", "a b"):
        r = Api(bad).get("/api/v1/cases/")
        assert r.status_code == 401, bad
        assert r.json()["code"] == "token-ongeldig"


def test_an_expired_token_is_401_and_says_so(world):
    _client, token = api_client(world)
    expires = ApiToken.objects.get().expires_at
    with time_machine.travel(expires + dt.timedelta(seconds=1), tick=False):
        r = Api(token).get("/api/v1/cases/")
    assert r.status_code == 401
    assert r.json()["code"] == "token-verlopen"


def test_a_revoked_token_is_401(world):
    _client, token = api_client(world)
    services.token_revoke(token=ApiToken.objects.get(), by=world.beheerder)
    r = Api(token).get("/api/v1/cases/")
    assert r.status_code == 401
    assert r.json()["code"] == "token-ingetrokken"


def test_a_deactivated_client_is_401_and_its_tokens_are_revoked(world):
    client, token = api_client(world)
    services.client_update(client=client, by=world.beheerder, active=False)
    assert Api(token).get("/api/v1/cases/").status_code == 401
    assert ApiToken.objects.get().revoked_at is not None


def test_only_a_beheerder_of_the_swv_manages_clients(world, other_world):
    import pytest

    from cases.errors import NotPermitted

    for by in (world.consulent, other_world.beheerder):
        with pytest.raises(NotPermitted):
            services.client_create(by=by, name="x", swv=world.swv, role=Role.CONSULENT, scopes=[])


def test_a_missing_scope_is_403_and_changes_nothing(world, steps):
    a = steps.ingediend(world)
    _client, token = api_client(world, scopes=["cases:read"])
    api = Api(token)
    assert api.get(f"/api/v1/cases/{a.case_id}/").status_code == 200
    r = api.post(f"/api/v1/cases/{a.case_id}/transitions/intrekken/", {"reason": "dubbel"})
    assert r.status_code == 403
    assert r.json()["code"] == "recht-ontbreekt"
    assert "cases:write" in r.json()["detail"]
    assert TlvAanvraag.objects.get(pk=a.pk).status == "ingediend"
    assert api.get("/api/v1/tasks/").status_code == 403  # tasks:read missing


def test_token_usage_is_recorded_at_most_once_a_minute(world):
    _client, token = api_client(world)
    start = clock.now()
    with time_machine.travel(start, tick=False):
        Api(token).get("/api/v1/me/")
        first = ApiToken.objects.get().last_used_at
        Api(token).get("/api/v1/me/")
        assert ApiToken.objects.get().last_used_at == first
    assert ApiToken.objects.get().history.count() == 1  # usage is not a change of the token


def test_the_browser_session_needs_the_csrf_token_for_writes(world, steps):
    a = steps.ingediend(world)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.consulent)
    assert browser.get(f"/api/v1/cases/{a.case_id}/").status_code == 200
    url = f"/api/v1/cases/{a.case_id}/transitions/intrekken/"
    r = browser.post(url, {"reason": "x"}, content_type="application/json")
    assert r.status_code == 403
    assert TlvAanvraag.objects.get(pk=a.pk).status == "ingediend"
    browser.get("/taken/")  # any page sets the CSRF cookie
    csrf = browser.cookies["csrftoken"].value
    r = browser.post(url, {"reason": "dubbel"}, content_type="application/json", HTTP_X_CSRFTOKEN=csrf)
    assert r.status_code == 200, r.content
    assert TlvAanvraag.objects.get(pk=a.pk).status == "ingetrokken"


def test_a_privileged_session_without_the_second_factor_gets_json_403(world):
    browser = Client()
    browser.post("/inloggen/", {"username": world.beslisser.username, "password": "Test-wachtwoord-1"})
    # logged in with the password only: the TOTP step is not done
    r = browser.get("/api/v1/cases/")
    assert r.status_code == 403
    assert r.json()["code"] == "tweestaps-vereist"


def test_a_beheerder_cannot_create_a_client_with_a_national_role_or_in_another_swv(world, other_world):
    import pytest

    from cases.errors import NotPermitted

    for role in (Role.BEHEERDER, Role.AUDITOR, Role.PRIVACY_OFFICER):
        with pytest.raises(NotPermitted, match="landelijk beheer"):
            services.client_create(by=world.beheerder, name="x", swv=world.swv, role=role, scopes=[])
    with pytest.raises(NotPermitted):
        services.client_create(
            by=world.beheerder, name="x", swv=other_world.swv, role=Role.CONSULENT, scopes=[]
        )
    assert not ApiClient.objects.exists()
