"""Webhooks: `emit` (the ONE place that creates deliveries, called by the case services inside their
transaction), signing, and delivering with retries and exponential backoff.

Signature: `X-Passend-Signature: sha256=<hex>` = HMAC-SHA256(secret, f"{X-Passend-Timestamp}.{body}").
Receivers check it, reject old timestamps (replays) and de-duplicate on `X-Passend-Event-Id` (the same event
is never delivered twice to a subscription once it was acknowledged with a 2xx).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import ipaddress
import json
import logging
import secrets
import socket
import time
import urllib.error
import urllib.request
import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from cases import clock, policies
from cases.errors import NotPermitted, ValidationFailed
from cases.services.common import save_with_history
from webhooks.models import EventType, WebhookDelivery, WebhookSubscription

log = logging.getLogger("webhooks")
USER_AGENT = "Casusregie-Webhooks/1"


def emit(*, event: str, case, data: dict | None = None) -> int:
    """Write one delivery per active subscription of the case's SWV that wants `event`, in the caller's
    transaction; queue them for Celery once it commits. Returns the number of deliveries."""
    subscriptions = [
        s
        for s in WebhookSubscription.objects.filter(swv_id=case.swv_id, active=True)
        if event in s.event_types
    ]
    if not subscriptions:
        return 0
    event_id = uuid.uuid4()
    now = clock.now()
    payload = {
        "id": str(event_id),
        "type": event,
        "created": now.isoformat(),
        "case": {
            "id": case.pk,
            "reference": case.reference,
            "route": case.route,
            "swv": case.swv.code if hasattr(case, "swv") else None,
            "url": f"{settings.SITE_URL}{reverse('api:case-detail', args=[case.pk])}",
        },
        "data": data or {},
    }
    rows = WebhookDelivery.objects.bulk_create(
        WebhookDelivery(
            subscription=s,
            event_id=event_id,
            event_type=event,
            case=case,
            payload=payload,
            next_attempt_at=now,
            created_at=now,
        )
        for s in subscriptions
    )
    ids = [r.pk for r in rows]
    transaction.on_commit(lambda: queue(ids))
    return len(ids)


def queue(ids) -> None:
    """Best effort: with the broker down the rows wait for the periodic `deliver_due` (nothing is lost)."""
    from webhooks.tasks import deliver_webhook

    for pk in ids:
        try:
            deliver_webhook.delay(pk)
        except Exception:  # broker unreachable: the beat task picks the row up
            log.warning("webhook delivery %s not queued (broker down?); the periodic task will send it", pk)


def sign(secret: str, timestamp: str, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"sha256={mac.hexdigest()}"


def backoff(attempts: int) -> dt.timedelta:
    """30 s, 1 min, 2 min, 4 min … capped at 6 hours (WEBHOOK_BACKOFF_SECONDS is the first step)."""
    return dt.timedelta(seconds=min(settings.WEBHOOK_BACKOFF_SECONDS * 2 ** (attempts - 1), 6 * 3600))


def _private_address(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    try:
        infos = socket.getaddrinfo(host, None)
    except OSError:
        return False  # not resolvable: the request itself will fail and be retried
    for info in infos:
        ip = ipaddress.ip_address(info[4][0])
        if ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved:
            return True
    return False


def _post(url: str, body: bytes, headers: dict) -> tuple[int | None, str, str]:
    """(status code, response excerpt, error) of one POST."""
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=settings.WEBHOOK_TIMEOUT_SECONDS) as response:
            return response.status, response.read(500).decode("utf-8", "replace"), ""
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(500).decode("utf-8", "replace"), ""
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return None, "", f"{exc.__class__.__name__}: {getattr(exc, 'reason', exc)}"[:500]


def deliver(delivery_id: int) -> str:
    """Attempt one delivery (idempotent: a delivered or given-up row is never sent again; a row another worker
    holds is skipped). Returns the row's status afterwards."""
    with transaction.atomic():
        d = (
            WebhookDelivery.objects.select_for_update(skip_locked=True)
            .select_related("subscription")
            .filter(pk=delivery_id)
            .first()
        )
        if d is None:
            return "busy"
        now = clock.now()
        if d.status != WebhookDelivery.Status.PENDING or (d.next_attempt_at and d.next_attempt_at > now):
            return d.status
        sub = d.subscription
        body = json.dumps(d.payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
        timestamp = str(int(time.time()))
        headers = {
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            "X-Passend-Event": d.event_type,
            "X-Passend-Event-Id": str(d.event_id),
            "X-Passend-Delivery": str(d.pk),
            "X-Passend-Timestamp": timestamp,
            "X-Passend-Signature": sign(sub.secret, timestamp, body),
        }
        if not sub.active:
            code, text, error = None, "", "abonnement is gedeactiveerd"
        elif settings.WEBHOOK_BLOCK_PRIVATE_NETWORKS and _private_address(sub.url):
            code, text, error = None, "", "adres in een privé- of lokaal netwerk geweigerd"
        else:
            code, text, error = _post(sub.url, body, headers)
        d.attempts += 1
        d.last_attempt_at = now
        d.last_status_code = code
        d.last_response = text[:500]
        d.last_error = error
        if code is not None and 200 <= code < 300:
            d.status = WebhookDelivery.Status.DELIVERED
            d.delivered_at = now
            d.next_attempt_at = None
        elif d.attempts >= settings.WEBHOOK_MAX_ATTEMPTS or not sub.active:
            d.status = WebhookDelivery.Status.FAILED
            d.next_attempt_at = None
            log.warning("webhook delivery %s given up after %s attempts", d.pk, d.attempts)
        else:
            d.next_attempt_at = now + backoff(d.attempts)
        d.save()
        return d.status


def due_ids(*, now=None, limit: int = 200) -> list[int]:
    now = now or clock.now()
    return list(
        WebhookDelivery.objects.filter(status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )


def deliver_due(*, limit: int = 200) -> int:
    """What the periodic task does: every pending delivery whose next attempt is due (e.g. never queued)."""
    return sum(1 for pk in due_ids(limit=limit) if deliver(pk) != "busy")


# --- subscriptions (beheer) ----------------------------------------------------------------------------


def subscription_create(*, by, swv, name: str, url: str, event_types) -> tuple[WebhookSubscription, str]:
    if not (policies.scope_of(by).is_superuser or swv.pk in policies.admin_swvs(by)):
        raise NotPermitted("Alleen een beheerder van dit samenwerkingsverband beheert webhooks.")
    if urlsplit(url).scheme not in ("http", "https"):
        raise ValidationFailed("Gebruik een http- of https-adres.", field="url")
    unknown = sorted(set(event_types) - set(EventType.values))
    if unknown or not event_types:
        raise ValidationFailed("Kies een of meer bekende gebeurtenissen.", field="event_types")
    secret = secrets.token_urlsafe(32)
    sub = WebhookSubscription(
        swv=swv,
        name=name,
        url=url,
        secret=secret,
        event_types=sorted(set(event_types)),
        created_at=clock.now(),
        created_by=by,
    )
    return save_with_history(sub, by=by, reason="webhook aangemaakt"), secret


def retry(*, delivery: WebhookDelivery, by) -> WebhookDelivery:
    """A beheerder sends a given-up delivery again (same event id: the receiver de-duplicates)."""
    if not (policies.scope_of(by).is_superuser or delivery.subscription.swv_id in policies.admin_swvs(by)):
        raise NotPermitted()
    with transaction.atomic():
        d = WebhookDelivery.objects.select_for_update().get(pk=delivery.pk)
        if d.status != WebhookDelivery.Status.FAILED:
            return d
        d.status = WebhookDelivery.Status.PENDING
        d.attempts = 0
        d.next_attempt_at = clock.now()
        d.save()
        transaction.on_commit(lambda: queue([d.pk]))
        return d
