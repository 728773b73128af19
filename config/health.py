"""/healthz: is the database reachable, is the broker reachable? For load balancers and compose.

200 `{"status": "ok", "checks": {...}}` when both answer, 503 naming the part that failed. No login, no
personal data, never cached. The quick start's in-memory broker counts as fine ("memory").
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

log = logging.getLogger("health")
TIMEOUT = 2  # seconds per check


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _broker() -> str:
    url = settings.CELERY_BROKER_URL
    if url.startswith("memory"):
        return "ok (memory)"
    if url.startswith(("redis://", "rediss://")):
        import redis

        client = redis.Redis.from_url(url, socket_connect_timeout=TIMEOUT, socket_timeout=TIMEOUT)
        try:
            client.ping()
        finally:
            client.close()
        return "ok"
    from config.celery import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=TIMEOUT)
    return "ok"


@never_cache
@require_GET
def healthz(request):
    checks, healthy = {}, True
    for name, check in (("database", _database), ("broker", _broker)):
        started = time.monotonic()
        try:
            checks[name] = check()
        except Exception as exc:  # any failure of a dependency is a 503, with its kind (no details)
            healthy = False
            checks[name] = f"fout: {exc.__class__.__name__}"
            log.warning("healthz: %s unavailable (%s)", name, exc.__class__.__name__)
        checks[f"{name}_ms"] = round((time.monotonic() - started) * 1000)
    return JsonResponse(
        {"status": "ok" if healthy else "fout", "checks": checks}, status=200 if healthy else 503
    )
