"""Celery tasks: thin wrappers around webhooks.services (safe to run twice)."""

import contextlib

from celery import shared_task

from webhooks import services
from webhooks.models import WebhookDelivery


@shared_task(acks_late=True)
def deliver_webhook(delivery_id: int) -> str:
    status = services.deliver(delivery_id)
    if status == WebhookDelivery.Status.PENDING and not deliver_webhook.app.conf.task_always_eager:
        # a failed attempt: try again at its backoff moment (the periodic task is the safety net)
        d = WebhookDelivery.objects.filter(pk=delivery_id).values("next_attempt_at").first()
        if d and d["next_attempt_at"]:
            with contextlib.suppress(Exception):  # broker down: deliver_due_webhooks picks it up
                deliver_webhook.apply_async((delivery_id,), eta=d["next_attempt_at"])
    return status


@shared_task(acks_late=True)
def deliver_due_webhooks() -> int:
    """Beat: every pending delivery that is due (covers a broker that was down, or a lost retry)."""
    return services.deliver_due()
