"""API test helpers: a token client of an organisation, and JSON calls through Django's test client."""

from __future__ import annotations

import json

from django.contrib.auth import get_user_model
from django.test import Client

from api import services
from api.models import SCOPES
from cases.policies import NATIONAL_GRANT_ROLES
from cases.roles import Role


def api_client(w, role=Role.CONSULENT, *, scopes=SCOPES, school=None, gemeente=None, name=None):
    """An ApiClient of world `w` with a role there; returns (client, plain token)."""
    if role == Role.SCHOOL and school is None:
        school = w.school_a
    if role == Role.LEERPLICHTAMBTENAAR and gemeente is None:
        gemeente = w.gemeente_a
    by = w.beheerder
    if role in NATIONAL_GRANT_ROLES:  # only the national beheer grants these roles
        by, _ = get_user_model().objects.get_or_create(
            username="landelijk-beheer", defaults={"is_superuser": True, "is_staff": True}
        )
    client = services.client_create(
        by=by,
        name=name or f"Koppeling {role}",
        swv=w.swv,
        role=role,
        scopes=list(scopes),
        school=school,
        gemeente=gemeente,
    )
    _token, plain = services.token_issue(client=client, by=by)
    return client, plain


class Api:
    """JSON calls with a bearer token (or none)."""

    def __init__(self, token: str | None = None):
        self.http = Client()
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}

    def get(self, path, params=None, **extra):
        return self.http.get(path, params or {}, **self.headers, **extra)

    def post(self, path, data=None, **extra):
        body = data if isinstance(data, (str, bytes)) else json.dumps(data if data is not None else {})
        return self.http.post(path, body, content_type="application/json", **self.headers, **extra)

    def upload(self, path, data, **extra):
        return self.http.post(path, data, **self.headers, **extra)
