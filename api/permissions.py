"""Scopes per resource for API clients. Object-level decisions stay in cases/policies.py."""

from __future__ import annotations

from rest_framework import exceptions, permissions

from api.models import ApiToken


class ScopeDenied(exceptions.PermissionDenied):
    def __init__(self, scope: str):
        super().__init__(detail=f"Deze koppeling heeft het recht '{scope}' niet.", code="recht-ontbreekt")


def required_scope(request, view) -> str | None:
    resource = getattr(view, "resource", None)
    if resource is None:
        return None
    write = request.method not in permissions.SAFE_METHODS or getattr(view, "always_write", False)
    return f"{resource}:{'write' if write else 'read'}"


class HasScope(permissions.BasePermission):
    """Authenticated, and for a token client: the scope `<view.resource>:read|write` for this method."""

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        if isinstance(request.auth, ApiToken):
            scope = required_scope(request, view)
            if scope and not request.auth.client.has_scope(scope):
                raise ScopeDenied(scope)
        return True
