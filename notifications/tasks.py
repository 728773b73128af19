"""Celery tasks of the notifications app: thin wrappers around services."""

import logging

from celery import shared_task

from notifications import outbox, services

log = logging.getLogger("notifications.outbox")


@shared_task(acks_late=True, ignore_result=True)
def relay_outbox() -> int:
    """Carry out the due outbox messages (kicked after a commit, and every minute by beat)."""
    result = outbox.relay()
    if result.handled:
        log.info("outbox relay: %s sent, %s failed, %s given up", result.sent, result.failed, result.dead)
    return result.sent


@shared_task(ignore_result=True)
def purge_outbox() -> int:
    """Delete delivered outbox messages older than OUTBOX_RETENTION_DAYS (daily)."""
    return outbox.purge_sent()


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=8, acks_late=True)
def deliver_email(self, notification_id: int) -> bool:
    """Kept for tasks queued before the outbox existed: new e-mails go through `relay_outbox`."""
    return services.deliver(notification_id)
