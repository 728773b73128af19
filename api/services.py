"""API clients and their tokens: the only code that creates, issues, revokes or checks them."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from api.models import SCOPES, ApiClient, ApiToken
from cases import clock, policies
from cases.errors import NotPermitted, ValidationFailed
from cases.models import Membership
from cases.roles import Role
from cases.services.common import save_with_history

TOKEN_PREFIX = "pce"
USAGE_WRITE_INTERVAL = dt.timedelta(minutes=1)


class TokenError(Exception):
    """A presented token is not valid; `code` says why (the API answers 401 with it)."""

    def __init__(self, code: str, message: str):
        self.code = code
        self.message = message
        super().__init__(message)


def _may_manage(by, swv_id: int) -> bool:
    scope = policies.scope_of(by)
    return scope.is_superuser or scope.is_system or swv_id in policies.admin_swvs(by)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def client_create(*, by, name: str, swv, role: str, scopes, school=None, gemeente=None) -> ApiClient:
    if not _may_manage(by, swv.pk):
        raise NotPermitted("Alleen een beheerder van dit samenwerkingsverband kan koppelingen aanmaken.")
    if not (name or "").strip():
        raise ValidationFailed("Geef de koppeling een naam.", field="name")
    if role not in Role.values:
        raise ValidationFailed("Kies een rol.", field="role")
    if role == Role.SCHOOL and school is None:
        raise ValidationFailed("Een koppeling met de rol school hoort bij een school.", field="school")
    if role == Role.LEERPLICHTAMBTENAAR and gemeente is None:
        raise ValidationFailed("Een leerplichtkoppeling hoort bij een gemeente.", field="gemeente")
    if school is not None and school.swv_id != swv.pk:
        raise ValidationFailed("Deze school hoort niet bij het samenwerkingsverband.", field="school")
    if gemeente is not None and not gemeente.swvs.filter(pk=swv.pk).exists():
        raise ValidationFailed("Deze gemeente hoort niet bij het samenwerkingsverband.", field="gemeente")
    refusal = policies.membership_grant_refusal(
        by, member=None, role=role, swv_id=swv.pk, school=school, gemeente=gemeente
    )
    if refusal:
        raise NotPermitted(refusal)
    unknown = sorted(set(scopes) - set(SCOPES))
    if unknown:
        raise ValidationFailed(f"Onbekende rechten: {', '.join(unknown)}.", field="scopes")
    with transaction.atomic():
        User = get_user_model()
        n = ApiClient.objects.count() + 1
        username = f"api-{swv.code.replace(' ', '').lower()}-{n}"
        while User.objects.filter(username=username).exists():
            n += 1
            username = f"api-{swv.code.replace(' ', '').lower()}-{n}"
        user = User(username=username, first_name=name.strip()[:150], last_name="(API-koppeling)")
        user.set_unusable_password()  # a service user never logs in through the web pages
        user.save()
        Membership.objects.create(user=user, role=role, swv=swv, school=school, gemeente=gemeente)
        client = ApiClient(
            name=name.strip(),
            swv=swv,
            role=role,
            school=school,
            gemeente=gemeente,
            scopes=sorted(set(scopes)),
            user=user,
            created_at=clock.now(),
            created_by=by,
        )
        return save_with_history(client, by=by, reason="koppeling aangemaakt")


def client_update(*, client: ApiClient, by, scopes=None, active=None, name=None) -> ApiClient:
    if not _may_manage(by, client.swv_id):
        raise NotPermitted("Alleen een beheerder van dit samenwerkingsverband kan koppelingen wijzigen.")
    with transaction.atomic():
        client = ApiClient.objects.select_for_update().get(pk=client.pk)
        if scopes is not None:
            unknown = sorted(set(scopes) - set(SCOPES))
            if unknown:
                raise ValidationFailed(f"Onbekende rechten: {', '.join(unknown)}.", field="scopes")
            client.scopes = sorted(set(scopes))
        if name is not None:
            client.name = name.strip()
        if active is not None:
            client.active = active
            if not active:
                for token in client.tokens.filter(revoked_at__isnull=True):
                    _revoke(token, by=by, reason="koppeling gedeactiveerd")
        return save_with_history(client, by=by, reason="koppeling gewijzigd")


def token_issue(*, client: ApiClient, by, days: int | None = None) -> tuple[ApiToken, str]:
    """A new token; the plain text is returned once and never stored."""
    if not _may_manage(by, client.swv_id):
        raise NotPermitted("Alleen een beheerder van dit samenwerkingsverband kan tokens uitgeven.")
    if not client.active:
        raise ValidationFailed("De koppeling is niet actief.", code="koppeling-inactief")
    if days is None:  # 0 is out of range like any other, not "the default"
        days = settings.API_TOKEN_DAYS
    if not 1 <= days <= settings.API_TOKEN_MAX_DAYS:
        raise ValidationFailed(
            f"Een token is 1 tot {settings.API_TOKEN_MAX_DAYS} dagen geldig.", field="days"
        )
    prefix = secrets.token_hex(4)
    while ApiToken.objects.filter(prefix=prefix).exists():
        prefix = secrets.token_hex(4)
    plain = f"{TOKEN_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    now = clock.now()
    token = ApiToken(
        client=client,
        prefix=prefix,
        digest=digest(plain),
        created_at=now,
        created_by=by,
        expires_at=now + dt.timedelta(days=days),
    )
    save_with_history(token, by=by, reason=f"token uitgegeven ({days} dagen)")
    return token, plain


def _revoke(token: ApiToken, *, by, reason: str) -> ApiToken:
    token.revoked_at = clock.now()
    token.revoked_by = by
    return save_with_history(token, by=by, reason=reason)


def token_revoke(*, token: ApiToken, by) -> ApiToken:
    if not _may_manage(by, token.client.swv_id):
        raise NotPermitted("Alleen een beheerder van dit samenwerkingsverband kan tokens intrekken.")
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().select_related("client").get(pk=token.pk)
        if token.revoked_at is not None:
            return token
        return _revoke(token, by=by, reason="token ingetrokken")


def authenticate(plain: str) -> tuple[ApiClient, ApiToken]:
    """The client of a presented token, or TokenError (invalid, expired, revoked, client inactive)."""
    parts = (plain or "").split("_", 2)  # the secret itself may contain "_"
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX:
        raise TokenError("token-ongeldig", "Het token is ongeldig.")
    token = ApiToken.objects.select_related("client", "client__user").filter(prefix=parts[1]).first()
    if token is None or not hmac.compare_digest(token.digest, digest(plain)):
        raise TokenError("token-ongeldig", "Het token is ongeldig.")
    now = clock.now()
    if token.revoked_at is not None:
        raise TokenError("token-ingetrokken", "Dit token is ingetrokken.")
    if token.expires_at <= now:
        raise TokenError("token-verlopen", f"Dit token is verlopen op {token.expires_at:%d-%m-%Y}.")
    client = token.client
    if not client.active or not client.user.is_active:
        raise TokenError("koppeling-inactief", "Deze koppeling is gedeactiveerd.")
    if token.last_used_at is None or now - token.last_used_at > USAGE_WRITE_INTERVAL:
        # a usage timestamp only (excluded from the token's history), so a plain UPDATE is fine here
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return client, token
