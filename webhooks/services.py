"""Webhooks: `emit` (the ONE place that creates deliveries, called by the case services inside their
transaction), signing, and one delivery attempt as the handler of the outbox's "webhook" topic.

Each delivery row (the per-SWV delivery log the beheerder sees) is promised in the same transaction as an
outbox message `webhook:<delivery pk>` (notifications/outbox.py). The outbox relays it after the commit,
retries a failed attempt with its back-off and gives it up after OUTBOX_MAX_ATTEMPTS; the handler logs every
attempt on the row and fails it with `outbox.Retry`, so that log commits while the outbox backs off.

Signature: `X-Passend-Signature: sha256=<hex>` = HMAC-SHA256(secret, f"{X-Passend-Timestamp}.{body}").
Receivers check it, reject old timestamps (replays) and de-duplicate on `X-Passend-Event-Id` (the same event
is never delivered twice to a subscription once it was acknowledged with a 2xx; only a worker that dies
between the receiver's answer and its commit can post it once more, with the same event id).
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import logging
import secrets
import time
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cases import clock, policies
from cases.errors import NotPermitted, ValidationFailed
from cases.services.common import save_with_history
from notifications import outbox
from notifications.models import OutboxMessage
from webhooks import transport
from webhooks.models import EventType, WebhookDelivery, WebhookSubscription

log = logging.getLogger("webhooks")
USER_AGENT = "Casusregie-Webhooks/1"
WEBHOOK_TOPIC = "webhook"


def emit(*, event: str, case, data: dict | None = None) -> int:
    """Write one delivery per active subscription of the case's SWV that wants `event`, each promised in the
    outbox, in the caller's transaction; one relay kick after it commits. Returns the number of deliveries."""
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
    outbox.enqueue_many(  # one statement for all deliveries of this event
        topic=WEBHOOK_TOPIC,
        items=[(_message_key(row.pk), {"delivery": row.pk}) for row in rows],
        swv_id=case.swv_id,
    )
    outbox.kick_after_commit()
    return len(rows)


def _message_key(delivery_id: int) -> str:
    return f"{WEBHOOK_TOPIC}:{delivery_id}"


def _promise(delivery: WebhookDelivery, *, kick: bool) -> None:
    outbox.enqueue(
        topic=WEBHOOK_TOPIC,
        key=_message_key(delivery.pk),
        payload={"delivery": delivery.pk},
        swv_id=delivery.subscription.swv_id,
        kick=kick,
    )


def sign(secret: str, timestamp: str, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"sha256={mac.hexdigest()}"


def _post(sub: WebhookSubscription, body: bytes, headers: dict) -> tuple[int | None, str, bool]:
    """(status code, short error, permanent) of one POST. The receiver's address is checked again here and
    the connection goes to the address that was checked (transport.py); redirects are not followed and
    the answer's body is never read, so nothing of what a URL reaches ends up in the log."""
    try:
        target = transport.check_url(sub.url)
    except ValidationError as exc:
        message = " ".join(str(m) for m in exc.messages)
        return None, f"adres geweigerd: {message}"[:200], exc.code not in transport.TRANSIENT_CODES
    try:
        code = transport.post(target, body, headers, timeout=settings.WEBHOOK_TIMEOUT_SECONDS)
    except http.client.HTTPException as exc:  # its text may quote the answer: only the kind is kept
        return None, f"geen geldig HTTP-antwoord ({exc.__class__.__name__})", False
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        return None, f"{exc.__class__.__name__}: {reason}"[:200], False
    if 300 <= code < 400:
        return code, f"doorverwijzing (HTTP {code}) niet gevolgd", False
    return code, "", False


@outbox.handler(WEBHOOK_TOPIC)
def deliver(payload: dict, message: OutboxMessage) -> None:
    """One attempt of one delivery, in the relay's transaction (the relay holds the message). Idempotent: a
    delivered row is never posted again. The attempt is logged on the row; a failed one is raised as
    `outbox.Retry` (the row says when the outbox tries again, or that it gave up), so the log commits with
    the failure. A deactivated subscription, or an address that can never be valid (another scheme), gives up
    at once (`outbox.GiveUp`)."""
    d = (
        WebhookDelivery.objects.select_for_update(of=("self",))
        .select_related("subscription")
        .filter(pk=payload["delivery"])
        .first()
    )
    if d is None or d.status == WebhookDelivery.Status.DELIVERED:
        return  # gone with its subscription, or delivered by a relay that died before its "sent" mark
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
        code, error, permanent = None, "abonnement is gedeactiveerd", True
    else:
        code, error, permanent = _post(sub, body, headers)
    d.attempts = message.attempts  # counted by the outbox (afresh after a beheerder's retry)
    d.last_attempt_at = message.last_attempt_at
    d.last_status_code = code
    d.last_error = error
    if code is not None and 200 <= code < 300:
        d.status = WebhookDelivery.Status.DELIVERED
        d.delivered_at = d.last_attempt_at
        d.next_attempt_at = None
        d.save()
        return
    d.next_attempt_at = None if permanent else outbox.retry_at(message)
    d.status = WebhookDelivery.Status.PENDING if d.next_attempt_at else WebhookDelivery.Status.FAILED
    d.save()
    reason = error or f"HTTP {code}"
    if d.status == WebhookDelivery.Status.FAILED:
        log.warning("webhook delivery %s given up after %s attempts: %s", d.pk, d.attempts, reason)
    if permanent:
        raise outbox.GiveUp(reason)
    raise outbox.Retry(reason)


# --- subscriptions (beheer) ----------------------------------------------------------------------------


def _check_may_manage(by, swv) -> None:
    if not (policies.scope_of(by).is_superuser or swv.pk in policies.admin_swvs(by)):
        raise NotPermitted(_("Alleen een beheerder van dit samenwerkingsverband beheert webhooks."))


def _check_url(url: str) -> None:
    """The one address rule (transport.check_url, also the model's clean) as a domain error."""
    try:
        transport.validate_webhook_url(url)
    except ValidationError as exc:
        raise ValidationFailed(" ".join(exc.messages), code=exc.code, field="url") from None


def _check_event_types(event_types) -> None:
    unknown = sorted(set(event_types) - set(EventType.values))
    if unknown or not event_types:
        raise ValidationFailed(_("Kies een of meer bekende gebeurtenissen."), field="event_types")


def subscription_create(*, by, swv, name: str, url: str, event_types) -> tuple[WebhookSubscription, str]:
    _check_may_manage(by, swv)
    _check_url(url)
    _check_event_types(event_types)
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


def subscription_update(
    *, by, subscription: WebhookSubscription, swv, name: str, url: str, event_types, active: bool
) -> WebhookSubscription:
    """Change a subscription; its address is checked as on creation (the secret stays)."""
    _check_may_manage(by, subscription.swv)
    _check_may_manage(by, swv)
    _check_url(url)
    _check_event_types(event_types)
    subscription.swv = swv
    subscription.name = name
    subscription.url = url
    subscription.event_types = sorted(set(event_types))
    subscription.active = active
    return save_with_history(subscription, by=by, reason="webhook gewijzigd")


def retry(*, delivery: WebhookDelivery, by) -> WebhookDelivery:
    """A beheerder sends a given-up delivery again through its outbox message (attempts counted afresh; the
    same event id, so the receiver de-duplicates)."""
    if not (policies.scope_of(by).is_superuser or delivery.subscription.swv_id in policies.admin_swvs(by)):
        raise NotPermitted()
    with transaction.atomic():
        d = WebhookDelivery.objects.select_for_update().select_related("subscription").get(pk=delivery.pk)
        if d.status != WebhookDelivery.Status.FAILED:
            return d
        d.status = WebhookDelivery.Status.PENDING
        d.attempts = 0
        d.next_attempt_at = clock.now()
        d.save(update_fields=["status", "attempts", "next_attempt_at"])
        message = OutboxMessage.objects.filter(key=_message_key(d.pk)).first()
        if message is None:  # removed by hand from the outbox: promise the delivery anew
            _promise(d, kick=True)
        else:
            outbox.retry(message=message)
        return d
