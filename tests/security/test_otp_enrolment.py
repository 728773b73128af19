"""Two-step enrolment needs a one-time code issued by someone else: the password alone never shows the TOTP
secret. Codes are single use, expire after 72 hours, are logged in the audit chain, and a beheerder issues
them only for users of their own SWV (not for themselves or other beheerders)."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit import enrolment
from audit.models import AuditEvent, OtpEnrolmentCode
from cases.errors import NotPermitted
from cases.roles import Role
from tests.factories import make_user, totp_code

PASSWORD = "Test-wachtwoord-1"
Via = OtpEnrolmentCode.Via


def _login(user) -> Client:
    client = Client()
    assert client.post(reverse("login"), {"username": user.username, "password": PASSWORD}).status_code == 302
    return client


def _setup_page(client, code=None):
    if code is None:
        return client.get(reverse("otp_setup"), follow=True)
    return client.post(reverse("otp_setup"), {"code": code}, follow=True)


def _shows_secret(response) -> bool:
    return b"<svg" in response.content


def test_without_a_code_the_secret_is_not_shown_and_no_device_exists(world):
    client = _login(world.auditor)
    response = client.get(reverse("inbox"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("otp_setup"))
    assert "Inschrijfcode" in response.content.decode() and not _shows_secret(response)
    assert not TOTPDevice.objects.filter(user=world.auditor).exists()
    assert client.get(reverse("audit_case_list")).status_code == 302


@pytest.mark.parametrize("kind", ["wrong", "expired", "used", "someone_elses", "replaced"])
def test_a_wrong_expired_used_or_foreign_code_is_refused(world, kind):
    user = world.auditor
    code = enrolment.enrolment_code_issue(user=user, by=world.beheerder, via=Via.BEHEERDER)
    if kind == "wrong":
        code = "AAAA-BBBB-CCCC"
    elif kind == "used":
        assert enrolment.enrolment_code_redeem(user=user, code=code)
    elif kind == "someone_elses":
        code = enrolment.enrolment_code_issue(user=world.beslisser, by=world.beheerder, via=Via.BEHEERDER)
    elif kind == "replaced":
        enrolment.enrolment_code_issue(user=user, by=world.beheerder, via=Via.BEHEERDER)
    later = timezone.now() + (dt.timedelta(hours=73) if kind == "expired" else dt.timedelta(0))
    with time_machine.travel(later):
        client = _login(user)
        response = _setup_page(client, code)
    assert response.status_code == 200 and not _shows_secret(response)
    assert "klopt niet, is verlopen of is al gebruikt" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=user).exists()


def test_a_valid_code_works_once_and_then_the_device_is_set_up(world):
    user = world.auditor
    code = enrolment.enrolment_code_issue(user=user, by=world.beheerder, via=Via.BEHEERDER)
    client = _login(user)
    page = _setup_page(client, code.lower().replace("-", " "))  # typed loosely: still the same code
    assert _shows_secret(page)
    assert _shows_secret(client.get(reverse("otp_setup")))  # the session remembers the code was given
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    client.post(reverse("otp_setup"), {"token": totp_code(device)})
    device.refresh_from_db()
    assert device.confirmed and client.get(reverse("audit_case_list")).status_code == 200
    assert OtpEnrolmentCode.objects.get(user=user).used_at is not None
    for action in ("otp_enrolment_code_used", "otp_device_confirmed"):
        assert AuditEvent.objects.filter(action=action, payload__user_id=user.pk).count() == 1
    # the same code in another session: refused
    TOTPDevice.objects.filter(user=user).delete()
    assert not _shows_secret(_setup_page(_login(user), code))


def test_a_secret_generated_before_the_code_is_never_confirmed(world):
    user = world.auditor
    stale = TOTPDevice.objects.create(user=user, confirmed=False, name="authenticator")
    code = enrolment.enrolment_code_issue(user=user, by=world.beheerder, via=Via.BEHEERDER)
    client = _login(user)
    _setup_page(client, code)
    assert not TOTPDevice.objects.filter(pk=stale.pk).exists()


def test_issuing_on_the_page_shows_the_code_once_and_is_logged(client, world):
    client.force_login(world.beheerder)
    page = client.get(reverse("otp_enrolment_codes"))
    assert page.status_code == 200 and page["Cache-Control"].startswith("max-age=0")
    response = client.post(reverse("otp_enrolment_codes"), {"user": world.auditor.pk, "via": Via.BEHEERDER})
    assert response.status_code == 200
    row = OtpEnrolmentCode.objects.get(user=world.auditor)
    assert row.issued_by == world.beheerder and row.via == Via.BEHEERDER
    shown = [c for c in response.content.decode().split("<code>")[1:]][0].split("</code>")[0]
    assert enrolment.code_sha256(shown) == row.code_sha256 and shown not in row.code_sha256
    assert shown not in client.get(reverse("otp_enrolment_codes")).content.decode()  # shown once
    event = AuditEvent.objects.get(action="otp_enrolment_code_issued")
    assert event.actor_id == world.beheerder.pk and event.payload["user_id"] == world.auditor.pk


def test_a_code_can_be_mailed_to_the_accounts_own_address(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.beheerder)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("otp_enrolment_codes"), {"user": world.beslisser.pk, "via": Via.EMAIL})
    assert "gemaild" in response.content.decode()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [world.beslisser.email]
    code = mail.outbox[0].body.split(": ", 1)[1].split()[0]
    assert enrolment.enrolment_code_redeem(user=world.beslisser, code=code)


def test_the_privacy_officer_sees_the_issued_codes_but_cannot_issue(client, world):
    enrolment.enrolment_code_issue(user=world.auditor, by=world.beheerder, via=Via.BEHEERDER)
    privacy = make_user(role=Role.PRIVACY_OFFICER, swv=world.swv)
    client.force_login(privacy)
    page = client.get(reverse("otp_enrolment_codes"))
    assert page.status_code == 200 and world.auditor.username in page.content.decode()
    client.post(reverse("otp_enrolment_codes"), {"user": world.beslisser.pk, "via": Via.BEHEERDER})
    assert not OtpEnrolmentCode.objects.filter(user=world.beslisser).exists()


def test_a_beheerder_cannot_issue_codes_outside_their_swv_nor_for_themselves(client, world, other_world):
    for target in (other_world.auditor, world.beheerder, make_user(role=Role.BEHEERDER, swv=world.swv)):
        with pytest.raises(NotPermitted):
            enrolment.enrolment_code_issue(user=target, by=world.beheerder, via=Via.BEHEERDER)
    client.force_login(world.beheerder)
    data = {"user": other_world.auditor.pk, "via": Via.BEHEERDER}
    response = client.post(reverse("otp_enrolment_codes"), data)
    assert response.status_code == 200 and "<code>" not in response.content.decode()
    assert not OtpEnrolmentCode.objects.exists()
    assert other_world.auditor.username not in response.content.decode()
    school = Client()
    school.force_login(world.school_user)
    assert school.get(reverse("otp_enrolment_codes")).status_code == 404


def test_the_management_command_issues_nationally_also_for_a_beheerder(world, capsys):
    call_command("otp_enrolment_code", world.beheerder.username)
    code = capsys.readouterr().out.strip().splitlines()[-1]
    assert enrolment.enrolment_code_redeem(user=world.beheerder, code=code)
    assert OtpEnrolmentCode.objects.get(user=world.beheerder).via == Via.COMMAND
    with pytest.raises(CommandError, match="Onbekende"):
        call_command("otp_enrolment_code", "bestaat-niet")
