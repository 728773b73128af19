"""Bearer tokens for integrations; the browser uses its session (DRF enforces CSRF for it)."""

from __future__ import annotations

from rest_framework import authentication, exceptions

from api import services
from audit import lockout


class TokenAuthFailed(exceptions.AuthenticationFailed):
    def __init__(self, code: str, message: str):
        super().__init__(detail=message, code=code)


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer pce_<kenmerk>_<geheim>`; the request acts as the client's service user."""

    keyword = "bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.encode():
            return None
        if len(header) != 2:
            raise TokenAuthFailed("token-ongeldig", "Geef precies één token na 'Bearer'.")
        if lockout.ip_locked_out(request._request):
            raise exceptions.Throttled(
                detail="Te veel ongeldige tokens of inlogpogingen vanaf dit adres. Probeer het later "
                "opnieuw.",
                code="te-veel-pogingen",
            )
        try:
            plain = header[1].decode("ascii")
        except UnicodeDecodeError as exc:
            raise TokenAuthFailed("token-ongeldig", "Het token is ongeldig.") from exc
        try:
            client, token = services.authenticate(plain)
        except services.TokenError as exc:
            if exc.code == "token-ongeldig":  # a guess, not an expired or revoked token of a real client
                lockout.api_token_failed(request._request)
            raise TokenAuthFailed(exc.code, exc.message) from exc
        request._request.api_client = client  # the underlying Django request: seen by logging and audit
        return client.user, token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class SessionAuthentication(authentication.SessionAuthentication):
    """The browser's login session, CSRF enforced (DRF's own check)."""
