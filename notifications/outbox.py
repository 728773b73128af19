"""The transactional outbox. Side effects are promised in the state change's own transaction and
carried out afterwards, so nothing is lost when the broker or a worker dies and nothing is done twice.

    enqueue(topic="email", key=f"email:notification:{pk}", payload={"notification": pk})

- `enqueue` writes an `OutboxMessage` in the caller's transaction (a rollback takes it away with the state
  change); its unique `key` makes a doubled trigger a no-op.
- Handlers are registered per topic (`@handler("email")`), by any app in its `AppConfig.ready()` (the
  webhooks app registers "webhook"). A handler gets the payload and the message and must be idempotent: it
  runs in the relay's transaction together with the "sent" mark, so its database writes and the mark commit
  or roll back together; only an external effect (an SMTP hand-off, an HTTP call) can happen twice, when a
  worker dies between that effect and the commit, and it carries the message key (Message-ID, event id
  header) so the receiver can tell.
- A failed attempt: any exception rolls the handler's database writes back and counts the attempt as failed.
  A handler that keeps its own log of each attempt (a webhook delivery's status code and error) raises
  `Retry(reason)` instead: its writes are kept and the attempt still counts as failed; `retry_at(message)`
  tells it beforehand when the relay will try again (None: this was the last attempt). `GiveUp(reason)`
  does the same but gives the message up at once (nothing to retry, e.g. a deactivated subscription).
- `relay` claims due messages one at a time with `SELECT ... FOR UPDATE SKIP LOCKED` (parallel relays never
  take the same row), runs the handler, and marks the row sent; a failure backs off exponentially and, after
  `OUTBOX_MAX_ATTEMPTS`, leaves the row `dead` for the beheerders (admin: retry from there).
- After the commit a best-effort kick starts the relay: in-process for `inline` messages (the audit chain),
  otherwise through Celery; a broker that is down is logged and skipped (with a short back-off so requests do
  not wait for it). Celery beat and the `make run` sweep loop relay every minute as the safety net.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, connection, transaction

from cases import clock
from notifications.models import OutboxMessage

log = logging.getLogger("notifications.outbox")

Handler = Callable[[dict, OutboxMessage], None]
_HANDLERS: dict[str, Handler] = {}


def handler(topic: str):
    """Register the function that carries out the messages of `topic` (one handler per topic)."""

    def register(fn: Handler) -> Handler:
        existing = _HANDLERS.get(topic)
        if existing is not None and existing is not fn:
            raise RuntimeError(f"outbox topic {topic!r} already has a handler: {existing.__qualname__}")
        _HANDLERS[topic] = fn
        return fn

    return register


def topics() -> list[str]:
    return sorted(_HANDLERS)


def enqueue(
    *,
    topic: str,
    key: str,
    payload: dict,
    swv_id: int | None = None,
    inline: bool = False,
    kick: bool = True,
    not_before: dt.datetime | None = None,
):
    """Promise one side effect in the caller's transaction; returns the new message, or None when a message
    with this key already exists (a doubled trigger). `inline`: carry it out in this process right
    after the commit (database-only effects); otherwise a relay is kicked after the commit (`kick=False` when
    the caller kicks once for a batch, see `kick_after_commit`). `not_before`: the relay leaves the message
    alone until then (the caller carries it out itself and the relay is the safety net)."""
    now = clock.now()
    ids = enqueue_many(topic=topic, items=[(key, payload)], swv_id=swv_id, not_before=not_before, now=now)
    pk = ids.get(key[:200])
    if pk is None:
        return None
    msg = OutboxMessage(
        pk=pk,
        topic=topic,
        key=key[:200],
        payload=payload,
        swv_id=swv_id,
        next_attempt_at=not_before or now,
        created_at=now,
    )
    msg._state.adding, msg._state.db = False, connection.alias  # the row exists: no second INSERT
    if inline:
        transaction.on_commit(lambda: _deliver_inline(pk), robust=True)
    elif kick:
        kick_after_commit()
    return msg


def enqueue_many(
    *, topic: str, items: list[tuple[str, dict]], swv_id: int | None = None, not_before=None, now=None
) -> dict[str, int]:
    """Promise several side effects of one topic in the caller's transaction, in one statement on
    PostgreSQL (INSERT ... ON CONFLICT (key) DO NOTHING: no savepoint per message). Returns {key: id} of the
    messages that are new; a key that exists already is left out. The caller kicks the relay."""
    if not items:
        return {}
    now = now or clock.now()
    due = not_before or now
    rows = [(key[:200], payload) for key, payload in items]
    if connection.vendor != "postgresql":
        created = {}
        for key, payload in rows:
            try:
                with transaction.atomic():
                    msg = OutboxMessage.objects.create(
                        topic=topic,
                        key=key,
                        payload=payload,
                        swv_id=swv_id,
                        next_attempt_at=due,
                        created_at=now,
                    )
                created[key] = msg.pk
            except IntegrityError:
                continue
        return created
    table = OutboxMessage._meta.db_table
    values, params = [], []
    for key, payload in rows:
        values.append("(%s, %s, %s::jsonb, %s, 'pending', 0, %s, '', %s)")
        params += [topic, key, json.dumps(payload), swv_id, due, now]
    with connection.cursor() as cur:
        cur.execute(
            f'INSERT INTO "{table}" (topic, key, payload, swv_id, status, attempts, next_attempt_at,'
            " last_error, created_at) VALUES " + ", ".join(values) + " ON CONFLICT (key) DO NOTHING"
            " RETURNING key, id",
            params,
        )
        return dict(cur.fetchall())


# --- carrying messages out ------------------------------------------------------------------------------


class AttemptFailed(Exception):
    """Raised by a handler for a failed attempt whose database writes must be kept (see the module doc);
    the reason becomes the message's last error."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class Retry(AttemptFailed):
    """This attempt failed: keep the handler's writes, try again after `backoff()` (given up after
    OUTBOX_MAX_ATTEMPTS, like any failure)."""


class GiveUp(AttemptFailed):
    """This attempt failed and retrying cannot help: keep the handler's writes, give the message up now
    (a beheerder can still retry it from the admin)."""


@dataclass
class RelayResult:
    sent: int = 0
    failed: int = 0
    dead: int = 0

    def __add__(self, other):
        return RelayResult(self.sent + other.sent, self.failed + other.failed, self.dead + other.dead)

    @property
    def handled(self) -> int:
        return self.sent + self.failed + self.dead


def backoff(attempts: int) -> dt.timedelta:
    """Wait after the n-th failed attempt: 30 s, 1 min, 2 min, ... capped at OUTBOX_MAX_BACKOFF_SECONDS."""
    seconds = settings.OUTBOX_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0)
    return dt.timedelta(seconds=min(seconds, settings.OUTBOX_MAX_BACKOFF_SECONDS))


def retry_at(message: OutboxMessage) -> dt.datetime | None:
    """When the relay tries `message` again if the attempt under way fails (None: it is given up then).
    A handler that raises `Retry` logs this moment; the relay records the same one."""
    if message.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
        return None
    return message.last_attempt_at + backoff(message.attempts)


def _run_handler(msg: OutboxMessage) -> Exception | None:
    """The handler's failure, or None. Its writes roll back on any exception but an `AttemptFailed`."""
    try:
        with transaction.atomic():
            try:
                _HANDLERS[msg.topic](msg.payload, msg)
            except AttemptFailed as failed:  # the handler's log of its attempt commits with the failure
                return failed
    except Exception as exc:
        return exc
    return None


def _carry_out(msg: OutboxMessage) -> RelayResult:
    """Run the handler of a locked message and record the outcome (inside the caller's transaction)."""
    msg.attempts += 1
    msg.last_attempt_at = clock.now()
    failure = _run_handler(msg)
    if failure is None:
        msg.status = OutboxMessage.Status.SENT
        msg.sent_at = msg.last_attempt_at
        msg.last_error = ""
        msg.save(update_fields=["attempts", "last_attempt_at", "status", "sent_at", "last_error"])
        return RelayResult(sent=1)
    if isinstance(failure, AttemptFailed):
        msg.last_error = failure.reason[:2000]
    else:
        msg.last_error = f"{failure.__class__.__name__}: {failure}"[:2000]
    next_attempt = None if isinstance(failure, GiveUp) else retry_at(msg)
    if next_attempt is None:
        msg.status = OutboxMessage.Status.DEAD
        log.error("outbox %s gave up after %s attempts: %s", msg.key, msg.attempts, msg.last_error)
        result = RelayResult(dead=1)
    else:
        msg.next_attempt_at = next_attempt
        log.warning("outbox %s attempt %s failed: %s", msg.key, msg.attempts, msg.last_error)
        result = RelayResult(failed=1)
    msg.save(update_fields=["attempts", "last_attempt_at", "last_error", "status", "next_attempt_at"])
    return result


def relay(*, limit: int | None = None, now: dt.datetime | None = None) -> RelayResult:
    """Carry out due messages, each in its own transaction, until none is due or `limit` is reached."""
    limit = limit or settings.OUTBOX_RELAY_LIMIT
    total = RelayResult()
    registered = topics()
    while total.handled < limit:
        moment = now or clock.now()
        with transaction.atomic():
            msg = (
                OutboxMessage.objects.select_for_update(skip_locked=True)
                .filter(
                    status=OutboxMessage.Status.PENDING, next_attempt_at__lte=moment, topic__in=registered
                )
                .order_by("next_attempt_at", "pk")
                .first()
            )
            if msg is None:
                break
            total += _carry_out(msg)
    return total


def deliver_now(message_id: int) -> bool:
    """Carry out one message if it is still pending (whatever its next attempt time); True when sent."""
    with transaction.atomic():
        msg = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk=message_id, status=OutboxMessage.Status.PENDING, topic__in=topics())
            .first()
        )
        if msg is None:
            return False  # done already, or another relay holds it right now
        return _carry_out(msg).sent == 1


def _deliver_inline(message_id: int) -> None:
    try:
        if not deliver_now(message_id):
            log.debug("outbox message %s was not delivered inline; the relay will retry it", message_id)
    except Exception:  # the relay is the safety net
        log.exception("inline delivery of outbox message %s failed; the relay will retry it", message_id)


def retry(*, message: OutboxMessage) -> OutboxMessage:
    """A beheerder sends a given-up (or waiting) message again: due now, attempts counted afresh."""
    with transaction.atomic():
        msg = OutboxMessage.objects.select_for_update().get(pk=message.pk)
        if msg.status == OutboxMessage.Status.SENT:
            return msg
        msg.status = OutboxMessage.Status.PENDING
        msg.attempts = 0
        msg.next_attempt_at = clock.now()
        msg.save(update_fields=["status", "attempts", "next_attempt_at"])
        kick_after_commit()
        return msg


def purge_sent(*, older_than_days: int | None = None, now: dt.datetime | None = None) -> int:
    """Delete delivered messages after the retention period (the idempotency keys that matter for the
    domain live on the domain rows: Notification.key, DeadlineStep, WorkItem.idempotency_key)."""
    days = settings.OUTBOX_RETENTION_DAYS if older_than_days is None else older_than_days
    cutoff = (now or clock.now()) - dt.timedelta(days=days)
    deleted, _ = OutboxMessage.objects.filter(status=OutboxMessage.Status.SENT, sent_at__lt=cutoff).delete()
    return deleted


# --- the kick after commit -------------------------------------------------------------------------------

_broker_down_until = 0.0
_broker_lock = threading.Lock()


_deferral = threading.local()


@contextmanager
def kicks_deferred() -> Iterator[None]:
    """Bulk work (loading the demo data) in this thread: no relay after each commit, one kick when the block
    ends. The messages wait in the outbox meanwhile, as they would with the broker down."""
    outer = getattr(_deferral, "active", False)
    _deferral.active = True
    try:
        yield
    finally:
        _deferral.active = outer
    if not outer:
        kick()


def kick_after_commit() -> None:
    transaction.on_commit(kick, robust=True)


def kick() -> None:
    """Ask a Celery worker to relay now. Best effort: with the broker down the message waits for the next
    periodic relay; for OUTBOX_BROKER_BACKOFF_SECONDS after a failure no new attempt is made."""
    global _broker_down_until
    if getattr(_deferral, "active", False) or time.monotonic() < _broker_down_until:
        return
    from notifications.tasks import relay_outbox

    if relay_outbox.app.conf.task_always_eager:  # embedded run and tests: no broker, relay right here
        try:
            relay()
        except Exception:
            log.exception("outbox relay failed; the periodic relay will retry")
        return
    try:
        relay_outbox.apply_async(retry=False)
    except Exception as exc:  # broker unreachable: logged, never raised into the request
        with _broker_lock:
            _broker_down_until = time.monotonic() + settings.OUTBOX_BROKER_BACKOFF_SECONDS
        log.warning(
            "could not queue the outbox relay (%s: %s); the periodic relay will deliver",
            type(exc).__name__,
            exc,
        )


def pending_count() -> int:
    return OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING).count()
