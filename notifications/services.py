"""In-app notifications and e-mail. Rows are written in the caller's transaction; so is the promise of their
e-mail (an outbox message, issue 10), which the relay carries out after the commit."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction

from cases import clock
from notifications import outbox
from notifications.models import Notification

log = logging.getLogger("notifications")


def notify(*, users, kind: str, title: str, body: str = "", case=None, link: str = "", key: str) -> int:
    """Create one notification per user for the event `key`; queue the e-mails after commit."""
    created = []
    for user in users:
        try:
            with transaction.atomic():
                n = Notification.objects.create(
                    user=user,
                    case=case,
                    kind=kind,
                    title=str(title)[:200],
                    body=body,
                    link=link,
                    created_at=clock.now(),
                    key=f"{key}:u{user.pk}"[:160],
                )
            created.append(n.pk)
        except IntegrityError:
            continue  # this user already has it
    for pk in created:  # the e-mails: promised in this transaction, sent by the relay after the commit
        outbox.enqueue(
            topic=EMAIL_TOPIC,
            key=f"email:notification:{pk}",
            payload={"notification": pk},
            swv_id=getattr(case, "swv_id", None),
            kick=False,
        )
    if created:
        outbox.kick_after_commit()
    return len(created)


EMAIL_TOPIC = "email"


def message_id(notification: Notification) -> str:
    """A stable Message-ID per notification: the receiver can recognise the one e-mail that a worker sent
    but could not mark as sent before it died (the only way an e-mail can go out twice)."""
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "passend.invalid"
    return f"<notification.{notification.pk}@{domain}>"


def deliver(notification_id: int) -> bool:
    """Send the e-mail of one notification once: `emailed_at` is checked and set under the row lock, in the
    transaction of the caller (the outbox relay), so a retry after success sends nothing."""
    with transaction.atomic():
        n = Notification.objects.select_for_update().select_related("user").filter(pk=notification_id).first()
        if n is None or n.emailed_at is not None or not n.user.email:
            return False
        link = f"{settings.SITE_URL}{n.link}" if n.link else settings.SITE_URL
        EmailMessage(
            subject=f"[Passend onderwijs] {n.title}",
            body=f"{n.body}\n\n{link}\n\n"
            "Dit bericht bevat geen persoonsgegevens; log in om de casus te zien.",
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[n.user.email],
            headers={"Message-ID": message_id(n)},
        ).send()
        n.emailed_at = clock.now()
        n.save(update_fields=["emailed_at"])
        return True


@outbox.handler(EMAIL_TOPIC)
def _email_handler(payload: dict, message) -> None:
    deliver(payload["notification"])


def mark_read(*, user, notification_id: int) -> None:
    n = Notification.objects.filter(pk=notification_id, user=user, read_at__isnull=True).first()
    if n:
        n.read_at = clock.now()
        n.save(update_fields=["read_at"])
