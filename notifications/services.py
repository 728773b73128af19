"""In-app notifications and e-mail. Rows are written in the caller's transaction; so is the promise of their
e-mail (an outbox message), which the relay carries out after the commit."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, connection, transaction
from django.utils import translation

from cases import clock
from notifications import outbox
from notifications.models import Notification

log = logging.getLogger("notifications")
EMAIL_TOPIC = "email"


def notify(*, users, kind: str, title: str, body: str = "", case=None, link: str = "", key: str) -> int:
    """Create one notification per user for the event `key`; queue the e-mails after commit."""
    if connection.vendor == "postgresql":
        created = _insert_new(users, kind=kind, title=title, body=body, case=case, link=link, key=key)
    else:
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
    # the e-mails: promised in this transaction (one statement), sent by the relay after the commit
    outbox.enqueue_many(
        topic=EMAIL_TOPIC,
        items=[(f"email:notification:{pk}", {"notification": pk}) for pk in created],
        swv_id=getattr(case, "swv_id", None),
    )
    if created:
        outbox.kick_after_commit()
    return len(created)


def _insert_new(users, *, kind, title, body, case, link, key) -> list[int]:
    """One INSERT ... ON CONFLICT (key) DO NOTHING for all users (was a savepoint and an INSERT per
    user); returns the ids of the notifications that are new (a user who already has it gets nothing)."""
    now = clock.now()
    by_pk = {user.pk: user for user in users}
    if not by_pk:
        return []
    table = Notification._meta.db_table
    row = "(%s, %s, %s, %s, %s, %s, %s, %s)"
    params = []
    case_id = getattr(case, "pk", None)
    for pk in by_pk:
        params += [pk, case_id, kind, str(title)[:200], body, link, now, f"{key}:u{pk}"[:160]]
    with connection.cursor() as cur:
        cur.execute(
            f'INSERT INTO "{table}" (user_id, case_id, kind, title, body, link, created_at, key) VALUES '
            + ", ".join([row] * len(by_pk))
            + " ON CONFLICT (key) DO NOTHING RETURNING id",
            params,
        )
        return [r[0] for r in cur.fetchall()]


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
        # e-mails are Dutch: the language choice is the browser's (a cookie), not stored per user, and the
        # relay runs outside any request; the stored title and body are the Dutch text
        with translation.override("nl"):
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
