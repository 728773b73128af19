"""Authentication hardening: 2FA for privileged roles, lockout, session expiry, passwords, CSRF, headers,
and `check --deploy` with the production settings. These tests log in through the real forms."""

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.enrolment import enrolment_code_issue
from tests.factories import totp_code, totp_device

PASSWORD = "Test-wachtwoord-1"


def _password_login(client, user, password=PASSWORD):
    return client.post(reverse("login"), {"username": user.username, "password": password})


@pytest.fixture
def web():
    return Client(enforce_csrf_checks=True)


def _csrf_post(client, url, data):
    client.get(reverse("login"))
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    return client.post(url, {**data, "csrfmiddlewaretoken": token})


@pytest.mark.parametrize("role", ["beslisser", "cva_lid", "cva_voorzitter", "auditor", "beheerder"])
def test_a_privileged_user_without_the_second_factor_reaches_no_page(client, world, role):
    user = world.roles[role]
    totp_device(user)
    assert _password_login(client, user).status_code == 302
    for url in (reverse("inbox"), reverse("case_list"), reverse("audit_case_list")):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("otp_verify"))


def test_the_right_code_opens_the_session_and_a_wrong_or_replayed_one_does_not(client, world):
    user = world.beslisser
    device = totp_device(user)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        _password_login(client, user)
        wrong = "000000" if totp_code(device) != "000000" else "111111"
        assert client.post(reverse("otp_verify"), {"token": wrong}).status_code == 200
        assert client.get(reverse("inbox")).status_code == 302
    with time_machine.travel(start + dt.timedelta(seconds=5), tick=False):  # after the throttle delay
        code = totp_code(device)
        assert client.post(reverse("otp_verify"), {"token": code, "next": "/taken/"})["Location"] == "/taken/"
        assert client.get(reverse("inbox")).status_code == 200
        other = Client()
        _password_login(other, user)
        assert other.post(reverse("otp_verify"), {"token": code}).status_code == 200  # replayed: refused
        assert other.get(reverse("inbox")).status_code == 302


def test_first_login_sets_up_the_device_with_a_qr_code(client, world):
    user = world.auditor
    _password_login(client, user)
    response = client.get(reverse("inbox"))
    assert response["Location"].startswith(reverse("otp_setup"))
    code = enrolment_code_issue(user=user, by=world.beheerder, via="beheerder")
    page = client.post(response["Location"], {"code": code}, follow=True)
    assert b"<svg" in page.content
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    client.post(reverse("otp_setup"), {"token": totp_code(device)})
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("audit_case_list")).status_code == 200


@pytest.mark.parametrize("role", ["school", "consulent", "deskundige", "leerplichtambtenaar"])
def test_other_roles_need_only_the_password(client, world, role):
    _password_login(client, world.roles[role])
    assert client.get(reverse("inbox")).status_code == 200


def test_five_failures_lock_the_account_for_fifteen_minutes(client, world):
    user = world.school_user
    for _ in range(5):
        _password_login(client, user, "fout-wachtwoord")
    locked = _password_login(client, user)  # even the right password is refused now
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=16)):
        assert _password_login(client, user).status_code == 302


def test_many_usernames_from_one_address_lock_that_address_but_not_another(world):
    limit = settings.AXES_IP_FAILURE_LIMIT
    assert settings.AXES_FAILURE_LIMIT < limit < 30
    attacker = Client(REMOTE_ADDR="203.0.113.7")
    statuses = [
        attacker.post(reverse("login"), {"username": f"gok-{i}", "password": "fout"}).status_code
        for i in range(30)
    ]
    assert statuses == [200] * (limit - 1) + [429] * (30 - limit + 1)
    locked = _password_login(attacker, world.school_user)  # a real account from that address: refused too
    assert locked.status_code == 429
    assert "Tijdelijk geblokkeerd" in locked.content.decode() and "minuten" in locked.content.decode()
    assert "_auth_user_id" not in attacker.session
    assert _password_login(Client(REMOTE_ADDR="198.51.100.2"), world.school_user).status_code == 302
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=16)):
        assert _password_login(attacker, world.school_user).status_code == 302


def test_a_successful_login_does_not_clear_the_failures_of_its_address(world):
    client = Client(REMOTE_ADDR="203.0.113.8")
    for i in range(settings.AXES_IP_FAILURE_LIMIT - 1):
        client.post(reverse("login"), {"username": f"gok-{i}", "password": "fout"})
    assert _password_login(client, world.school_user).status_code == 302
    client.logout()
    assert client.post(reverse("login"), {"username": "nog-een", "password": "fout"}).status_code == 429


def test_behind_the_trusted_proxy_each_client_address_counts_on_its_own(world, settings):
    settings.FORWARDED_ALLOW_IPS = ["10.0.0.2"]
    proxy = Client(REMOTE_ADDR="10.0.0.2")
    for i in range(settings.AXES_IP_FAILURE_LIMIT):
        proxy.post(
            reverse("login"),
            {"username": f"gok-{i}", "password": "fout"},
            HTTP_X_FORWARDED_FOR="198.51.100.77, 203.0.113.10",  # the left one is the client's own claim
        )
    assert _password_login(Client(REMOTE_ADDR="10.0.0.2"), world.school_user).status_code == 302
    spoofed = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.78, 203.0.113.10")
    assert _password_login(spoofed, world.school_user).status_code == 429
    direct = Client(REMOTE_ADDR="203.0.113.10", HTTP_X_FORWARDED_FOR="192.0.2.1")  # not a trusted proxy
    assert _password_login(direct, world.school_user).status_code == 429


def test_guessed_api_tokens_lock_their_address_out_of_the_api(world):
    from tests.api.helpers import Api, api_client

    _client, token = api_client(world)
    guess = Api("pce_00000000_geraden-geheim")
    for _ in range(settings.AXES_IP_FAILURE_LIMIT):
        assert guess.get("/api/v1/cases/", REMOTE_ADDR="203.0.113.9").status_code == 401
    refused = Api(token).get("/api/v1/cases/", REMOTE_ADDR="203.0.113.9")
    assert refused.status_code == 429 and refused.json()["code"] == "te-veel-pogingen"
    assert Api(token).get("/api/v1/cases/", REMOTE_ADDR="198.51.100.3").status_code == 200


def test_the_session_expires_after_thirty_minutes_of_inactivity(client, world):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        _password_login(client, world.school_user)
        assert client.get(reverse("inbox")).status_code == 200
    with time_machine.travel(start + dt.timedelta(minutes=25), tick=False):
        assert client.get(reverse("inbox")).status_code == 200  # activity renews the session
    with time_machine.travel(start + dt.timedelta(minutes=56), tick=False):
        response = client.get(reverse("inbox"))
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("password", ["kort1!", "1234567890123", "password123", "<username>"])
def test_weak_passwords_are_refused(world, password):
    user = world.school_user
    with pytest.raises(ValidationError):
        validate_password(password.replace("<username>", user.username + "1"), user=user)


def test_a_forged_post_without_a_csrf_token_is_refused(web, world, steps):
    a = steps.concept(world)
    web.force_login(world.school_user)
    response = web.post(reverse("aanvraag_submit", args=[a.case_id]))
    assert response.status_code == 403
    assert steps.fresh(a).status == a.status


def test_a_replayed_token_of_another_session_is_refused(web, world, steps):
    a = steps.concept(world)
    thief = Client(enforce_csrf_checks=True)
    thief.get(reverse("login"))
    stolen = thief.cookies[settings.CSRF_COOKIE_NAME].value
    web.force_login(world.school_user)
    web.get(reverse("inbox"))
    response = web.post(reverse("aanvraag_submit", args=[a.case_id]), {"csrfmiddlewaretoken": stolen})
    assert response.status_code == 403


def test_pages_carry_csp_and_security_headers(client, world):
    client.force_login(world.school_user)
    response = client.get(reverse("inbox"))
    csp = response["Content-Security-Policy"]
    assert (
        "script-src 'self'" in csp
        and "frame-ancestors 'none'" in csp
        and "unsafe-inline" not in csp.split("style-src")[0]
    )
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"onclick=" not in response.content and b"onchange=" not in response.content


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    env = {
        **os.environ,
        "PRODUCTION": "1",
        "DEBUG": "0",
        "SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "AUDIT_CHAIN_KEY": "a-long-random-audit-chain-key-0123456789",
        "ALLOWED_HOSTS": "casus.swv.example",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by tests/e2e for Playwright, never in a deployment
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=Path(settings.BASE_DIR),
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
