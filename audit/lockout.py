"""Login lockout on top of django-axes: per (username, IP) and per IP, each with its own threshold.

django-axes counts failures per group of AXES_LOCKOUT_PARAMETERS but compares every group with one
AXES_FAILURE_LIMIT. This handler keeps axes' rows and its per (username, IP) limit, and adds a second,
higher limit per IP address (AXES_IP_FAILURE_LIMIT): trying many usernames from one address locks that
address. A successful login resets only its own (username, IP) count, so one valid account cannot wipe an
address's record of failures. Failed API tokens count towards the same per-IP limit.
"""

from __future__ import annotations

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.db.models import Sum

API_TOKEN_USERNAME = "(api-token)"  # the username axes records for a failed API token


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, or behind a trusted proxy (FORWARDED_ALLOW_IPS, as for gunicorn)
    the right-most X-Forwarded-For entry that is not itself a trusted proxy. Without this every login
    behind the proxy would count for one address, and 20 failures would lock everyone out."""
    remote = request.META.get("REMOTE_ADDR") or None
    trusted = settings.FORWARDED_ALLOW_IPS
    if remote is None or not ("*" in trusted or remote in trusted):
        return remote
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    for address in reversed(forwarded):
        if address not in trusted:
            return address[:45]
    return remote


def _failures(request, **filters) -> int:
    qs = AccessAttempt.objects.filter(**filters)
    if settings.AXES_COOLOFF_TIME is not None:
        qs = qs.filter(attempt_time__gte=get_cool_off_threshold(request))
    return qs.aggregate(n=Sum("failures_since_start"))["n"] or 0


def ip_failures(request) -> int:
    """Failed logins and API tokens from the request's IP address within the cool-off time."""
    return _failures(request, ip_address=request.axes_ip_address)


def ip_locked_out(request) -> bool:
    AxesProxyHandler.update_request(request)
    return ip_failures(request) >= settings.AXES_IP_FAILURE_LIMIT


class PerUserAndIpHandler(AxesDatabaseHandler):
    """AXES_FAILURE_LIMIT per (username, IP) from AXES_LOCKOUT_PARAMETERS, AXES_IP_FAILURE_LIMIT per IP."""

    def get_failures(self, request, credentials=None) -> int:
        per_user = super().get_failures(request, credentials)
        if ip_failures(request) >= settings.AXES_IP_FAILURE_LIMIT:
            # the address is over its own limit: count as locked whatever the username
            return max(per_user, get_failure_limit(request, credentials))
        return per_user


def api_token_failed(request) -> None:
    """Record a refused API token as a failed login of API_TOKEN_USERNAME from this address."""
    user_login_failed.send(sender=__name__, credentials={"username": API_TOKEN_USERNAME}, request=request)
    request.axes_locked_out = False  # the API answers with its own JSON 429, not the login lockout page
