"""One-time enrolment codes for two-step login.

A user of a privileged role sets up their authenticator app only with a code issued by someone else: a
beheerder of every SWV the user belongs to (not for themselves, not for another beheerder), or nationally
with `manage.py otp_enrolment_code` (the only way for beheerders and superusers). The code is shown once or
e-mailed to the account's address; only its SHA-256 is stored. Issuing and using a code are links of the
audit chain, and the codes are listed on the beheerder's and privacy officer's enrolment page.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import OtpEnrolmentCode
from audit.services import audit_append
from cases import clock, policies
from cases.errors import NotPermitted, ValidationFailed
from cases.roles import Role

CODE_VALID = dt.timedelta(hours=72)
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud or typed over without mistakes


def _normalised(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def code_sha256(code: str) -> str:
    return hashlib.sha256(_normalised(code).encode()).hexdigest()


def may_issue_code(by, user) -> bool:
    """A beheerder of every SWV `user` belongs to, for anyone but themselves and other beheerders."""
    if by is None or not by.is_authenticated or not by.is_active:
        return False
    if by.is_superuser:
        return True
    if by.pk == user.pk or user.is_superuser:
        return False
    mine = policies.admin_swvs(by)
    theirs = policies.scope_of(user)
    swvs = set(user.memberships.values_list("swv_id", flat=True))
    return bool(mine) and bool(swvs) and swvs <= mine and Role.BEHEERDER not in theirs.roles


def issuable_users(by):
    """Active users `by` may issue a code for (the beheer page's list)."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(is_active=True).order_by("username")
    if not by.is_superuser:
        users = users.filter(memberships__swv_id__in=policies.admin_swvs(by)).distinct()
    return [u for u in users if may_issue_code(by, u)]


def enrolment_code_issue(*, user, by, via: str, national: bool = False) -> str:
    """A new code for `user` (returned once, in plain text); the user's unused codes lapse.

    `national` is the management command's path (server access): no beheerder check. `via` EMAIL sends the
    code to the account's own address instead of returning it to be shown."""
    if not national and not may_issue_code(by, user):
        raise NotPermitted(
            _("U kunt alleen een inschrijfcode uitgeven voor medewerkers van uw eigen samenwerkingsverband.")
        )
    if via == OtpEnrolmentCode.Via.EMAIL and not user.email:
        raise ValidationFailed(_("Dit account heeft geen e-mailadres."), code="geen-email")
    plain = "-".join("".join(secrets.choice(ALPHABET) for _ in range(4)) for _ in range(3))
    now = clock.now()
    with transaction.atomic():
        OtpEnrolmentCode.objects.filter(user=user, used_at=None, revoked_at=None).update(revoked_at=now)
        code = OtpEnrolmentCode.objects.create(
            user=user,
            code_sha256=code_sha256(plain),
            via=via,
            issued_at=now,
            issued_by=by,
            expires_at=now + CODE_VALID,
        )
        audit_append(
            action="otp_enrolment_code_issued",
            actor=by,
            payload={
                "code_id": code.pk,
                "user_id": user.pk,
                "username": user.get_username(),
                "via": via,
                "expires_at": code.expires_at.isoformat(),
            },
            at=now,
        )
        if via == OtpEnrolmentCode.Via.EMAIL:
            address = user.email
            transaction.on_commit(lambda: _send(address, plain, code.expires_at))
    return plain


def _send(address: str, plain: str, expires_at) -> None:
    EmailMessage(
        subject=_("[Passend onderwijs] Code om tweestapsverificatie in te stellen"),
        body=_(
            "Uw inschrijfcode voor tweestapsverificatie: {code}\n\n"
            "Log in op {site} en vul de code in wanneer daarom gevraagd wordt. De code is eenmalig en "
            "geldig tot {until}. Heeft u hier niet om gevraagd? Neem dan contact op met de beheerder."
        ).format(
            code=plain, site=settings.SITE_URL, until=f"{timezone.localtime(expires_at):%d-%m-%Y %H:%M}"
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[address],
    ).send()


def enrolment_code_redeem(*, user, code: str) -> bool:
    """Use `code` for `user`: True once for a valid, unused, unexpired code of this user; False otherwise."""
    now = clock.now()
    with transaction.atomic():
        row = (
            OtpEnrolmentCode.objects.select_for_update()
            .filter(user=user, code_sha256=code_sha256(code), used_at=None, revoked_at=None)
            .first()
        )
        if row is None or row.expires_at <= now:
            return False
        row.used_at = now
        row.save(update_fields=["used_at"])
        audit_append(
            action="otp_enrolment_code_used",
            actor=user,
            payload={"code_id": row.pk, "user_id": user.pk, "username": user.get_username()},
            at=now,
        )
    return True
