"""The outbox: promised in the caller's transaction, carried out once, backed off on failure,
given up visibly after N attempts, and never taken by two relays at once."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
import time_machine
from django.db import transaction

from audit.models import AuditEvent
from audit.services import verify_chain
from cases import clock
from cases.models import CaseEvent
from cases.services.common import record_event
from config.celery import app as celery_app
from notifications import outbox
from notifications.models import Notification, OutboxMessage
from notifications.services import notify
from tests.concurrency import run_concurrently

CALLS: list[dict] = []
CALLS_LOCK = threading.Lock()


@outbox.handler("test.record")
def record_handler(payload, message):
    with CALLS_LOCK:
        CALLS.append(payload)
    if payload.get("fail"):
        raise OSError("ontvanger onbereikbaar")


@pytest.fixture(autouse=True)
def _reset_calls():
    CALLS.clear()
    yield
    CALLS.clear()


def test_a_message_is_promised_in_the_callers_transaction_and_rolls_back_with_it(db):
    with pytest.raises(RuntimeError), transaction.atomic():
        outbox.enqueue(topic="test.record", key="rolled-back", payload={"n": 1})
        raise RuntimeError("the state change failed")
    assert not OutboxMessage.objects.filter(key="rolled-back").exists()


def test_the_same_key_twice_is_one_message(db):
    first = outbox.enqueue(topic="test.record", key="k1", payload={"n": 1})
    assert first is not None
    assert outbox.enqueue(topic="test.record", key="k1", payload={"n": 2}) is None
    assert OutboxMessage.objects.filter(key="k1").count() == 1


def test_relay_carries_out_a_message_once_and_marks_it_sent(db):
    msg = outbox.enqueue(topic="test.record", key="once", payload={"n": 1})
    assert outbox.relay().sent == 1
    assert outbox.relay().handled == 0
    msg.refresh_from_db()
    assert (msg.status, msg.attempts, msg.last_error) == ("sent", 1, "")
    assert msg.sent_at is not None
    assert CALLS == [{"n": 1}]


def test_a_failing_handler_backs_off_gives_up_visibly_and_can_be_retried(db, settings):
    settings.OUTBOX_MAX_ATTEMPTS = 3
    start = dt.datetime(2027, 3, 1, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as traveller:
        msg = outbox.enqueue(topic="test.record", key="failing", payload={"fail": True})
        assert outbox.relay().failed == 1
        msg.refresh_from_db()
        assert (msg.status, msg.attempts) == ("pending", 1)
        assert msg.last_error == "OSError: ontvanger onbereikbaar"
        assert msg.next_attempt_at == start + dt.timedelta(seconds=30)
        assert outbox.relay().handled == 0  # not due yet

        traveller.shift(dt.timedelta(seconds=31))
        assert outbox.relay().failed == 1
        msg.refresh_from_db()
        assert msg.next_attempt_at == clock.now() + dt.timedelta(seconds=60)  # doubled

        traveller.shift(dt.timedelta(seconds=61))
        assert outbox.relay().dead == 1
        msg.refresh_from_db()
        assert (msg.status, msg.attempts) == ("dead", 3)
        traveller.shift(dt.timedelta(days=1))
        assert outbox.relay().handled == 0  # a given-up message waits for a beheerder

        msg.payload = {"fail": False}  # the receiver is fixed
        msg.save()
        outbox.retry(message=msg)
        assert outbox.relay().sent == 1
    msg.refresh_from_db()
    assert (msg.status, msg.attempts) == ("sent", 1)
    assert len(CALLS) == 4


def test_the_backoff_is_capped(settings):
    settings.OUTBOX_RETRY_BASE_SECONDS = 30
    settings.OUTBOX_MAX_BACKOFF_SECONDS = 3600
    assert [outbox.backoff(n).total_seconds() for n in (1, 2, 3, 7, 8, 20)] == [
        30,
        60,
        120,
        1920,
        3600,
        3600,
    ]


def test_a_failing_handler_leaves_none_of_its_database_writes(db, world):
    def half_then_fail(payload, message):
        Notification.objects.create(
            user=world.consulent, kind="new_task", title="half", created_at=clock.now(), key="half"
        )
        raise OSError("kapot")

    outbox.handler("test.half")(half_then_fail)
    try:
        outbox.enqueue(topic="test.half", key="half-1", payload={})
        assert outbox.relay().failed == 1
        assert not Notification.objects.filter(key="half").exists()
    finally:
        outbox._HANDLERS.pop("test.half")


def _logging_handler(world, *, fails_with):
    """A handler that logs each attempt in the database (as the webhook handler logs on its delivery row),
    then fails with `fails_with(reason)`; returns the handler and the list of retry moments it was told."""
    told = []

    def handler(payload, message):
        told.append(outbox.retry_at(message))
        Notification.objects.create(
            user=world.consulent,
            kind="new_task",
            title=f"poging {message.attempts}",
            created_at=clock.now(),
            key=f"attempt-log:{len(told)}",
        )
        raise fails_with(f"HTTP 503 bij poging {message.attempts}")

    return handler, told


def test_retry_keeps_the_handlers_log_of_each_failed_attempt_and_backs_off_then_gives_up(db, world, settings):
    settings.OUTBOX_MAX_ATTEMPTS = 3
    handler, told = _logging_handler(world, fails_with=outbox.Retry)
    outbox.handler("test.retry")(handler)
    start = dt.datetime(2027, 3, 1, 9, 0, tzinfo=dt.UTC)
    try:
        with time_machine.travel(start, tick=False) as traveller:
            msg = outbox.enqueue(topic="test.retry", key="retry-1", payload={})
            assert outbox.relay().failed == 1
            msg.refresh_from_db()
            assert (msg.status, msg.attempts, msg.last_attempt_at) == ("pending", 1, start)
            assert msg.last_error == "HTTP 503 bij poging 1"  # the reason, as the handler gave it
            assert msg.next_attempt_at == start + dt.timedelta(seconds=30) == told[0]  # what it was told
            assert outbox.relay().handled == 0  # not due yet

            traveller.shift(dt.timedelta(seconds=30))
            assert outbox.relay().failed == 1
            msg.refresh_from_db()
            assert msg.next_attempt_at == clock.now() + dt.timedelta(seconds=60) == told[1]

            traveller.shift(dt.timedelta(seconds=60))
            assert outbox.relay().dead == 1
            msg.refresh_from_db()
            assert (msg.status, msg.attempts) == ("dead", 3)
            assert told[2] is None  # told that this was the last attempt
        titles = sorted(
            Notification.objects.filter(key__startswith="attempt-log:").values_list("title", flat=True)
        )
        assert titles == ["poging 1", "poging 2", "poging 3"]  # every attempt's log was kept
    finally:
        outbox._HANDLERS.pop("test.retry")


def test_give_up_keeps_the_handlers_log_and_gives_the_message_up_at_once(db, world, settings):
    settings.OUTBOX_MAX_ATTEMPTS = 5
    handler, _told = _logging_handler(world, fails_with=outbox.GiveUp)
    outbox.handler("test.give-up")(handler)
    try:
        msg = outbox.enqueue(topic="test.give-up", key="give-up-1", payload={})
        assert outbox.relay().dead == 1
        msg.refresh_from_db()
        assert (msg.status, msg.attempts, msg.last_error) == ("dead", 1, "HTTP 503 bij poging 1")
        assert Notification.objects.filter(key__startswith="attempt-log:").count() == 1
        outbox.retry(message=msg)  # a beheerder can still send it again
        assert outbox.relay().dead == 1
        assert Notification.objects.filter(key__startswith="attempt-log:").count() == 2
    finally:
        outbox._HANDLERS.pop("test.give-up")


def test_a_retry_whose_own_writes_break_the_transaction_leaves_nothing(db, world):
    """The kept writes are the handler's own; when they themselves fail (here: a duplicate key) the attempt
    rolls back like any other failure and is still counted."""

    def duplicate_then_retry(payload, message):
        for _ in range(2):
            Notification.objects.create(
                user=world.consulent, kind="new_task", title="dubbel", created_at=clock.now(), key="dup"
            )
        raise outbox.Retry("not reached")

    outbox.handler("test.broken-retry")(duplicate_then_retry)
    try:
        msg = outbox.enqueue(topic="test.broken-retry", key="broken-1", payload={})
        assert outbox.relay().failed == 1
        msg.refresh_from_db()
        assert msg.last_error.startswith("IntegrityError")
        assert not Notification.objects.filter(key="dup").exists()
    finally:
        outbox._HANDLERS.pop("test.broken-retry")


def test_a_topic_without_a_handler_waits_and_is_not_given_up(db):
    """A worker that does not know a topic yet (a rolling deploy that adds one) leaves its messages for a
    worker that does."""
    msg = outbox.enqueue(topic="test.unknown", key="unknown:1", payload={"n": 1})
    assert outbox.relay().handled == 0
    msg.refresh_from_db()
    assert (msg.status, msg.attempts) == ("pending", 0)


def test_a_second_handler_for_a_topic_is_refused():
    with pytest.raises(RuntimeError, match="already has a handler"):
        outbox.handler("test.record")(lambda payload, message: None)


def test_an_email_whose_sent_mark_was_lost_is_not_sent_twice(world, mailoutbox):
    """The handler ran (the e-mail went out and emailed_at committed) but the relay died before marking the
    message: the next relay finds emailed_at set under the row lock and sends nothing."""
    from notifications.services import deliver

    notify(users=[world.consulent], kind="new_task", title="Taak", key="lost-mark")
    n = Notification.objects.get(key__startswith="lost-mark")
    assert deliver(n.pk) is True  # as the dead relay did
    msg = OutboxMessage.objects.get(key=f"email:notification:{n.pk}")
    assert msg.status == "pending"
    assert outbox.relay().sent >= 1
    assert len(mailoutbox) == 1
    assert mailoutbox[0].extra_headers["Message-ID"] == f"<notification.{n.pk}@swv.example>"


def test_notify_promises_one_email_per_new_notification(world):
    notify(users=[world.consulent, world.beslisser], kind="besluit", title="B", case=None, key="promise")
    notify(users=[world.consulent], kind="besluit", title="B", key="promise")  # doubled trigger
    keys = sorted(OutboxMessage.objects.filter(topic="email").values_list("key", flat=True))
    ids = sorted(Notification.objects.filter(key__startswith="promise:").values_list("pk", flat=True))
    assert keys == sorted(f"email:notification:{pk}" for pk in ids)


def test_a_timeline_line_whose_process_died_before_chaining_is_chained_by_the_relay(
    world, steps, django_capture_on_commit_callbacks, settings
):
    a = steps.concept(world)
    with django_capture_on_commit_callbacks(execute=False):  # committed, then the process died
        ev = record_event(case=a.case, kind=CaseEvent.Kind.NOTE, summary="na de crash")
    assert not AuditEvent.objects.filter(payload__case_event=ev.pk).exists()
    outbox.relay()  # within the grace period the relay leaves the append to the process that wrote the line
    assert not AuditEvent.objects.filter(payload__case_event=ev.pk).exists()
    later = clock.now() + dt.timedelta(seconds=settings.AUDIT_RELAY_GRACE_SECONDS + 1)
    outbox.relay(now=later)
    outbox.relay(now=later)
    assert AuditEvent.objects.filter(payload__case_event=ev.pk).count() == 1
    assert verify_chain(check_coverage=False).ok


def test_beat_relays_the_outbox_every_minute_and_purges_daily():
    schedule = celery_app.conf.beat_schedule
    assert schedule["relay-outbox"]["task"] == "notifications.tasks.relay_outbox"
    assert str(schedule["relay-outbox"]["schedule"]) == str(schedule["sweep-deadlines"]["schedule"])
    assert schedule["purge-outbox"]["task"] == "notifications.tasks.purge_outbox"


def test_delivered_messages_are_purged_after_the_retention_period(db, settings):
    settings.OUTBOX_RETENTION_DAYS = 30
    with time_machine.travel(dt.datetime(2027, 1, 1, 12, tzinfo=dt.UTC), tick=False):
        outbox.enqueue(topic="test.record", key="old", payload={})
        outbox.enqueue(topic="test.unknown", key="old-pending", payload={})
        outbox.relay()
    with time_machine.travel(dt.datetime(2027, 1, 20, 12, tzinfo=dt.UTC), tick=False):
        outbox.enqueue(topic="test.record", key="recent", payload={})
        outbox.relay()
    with time_machine.travel(dt.datetime(2027, 2, 5, 12, tzinfo=dt.UTC), tick=False):
        assert outbox.purge_sent() == 1
    assert sorted(OutboxMessage.objects.values_list("key", flat=True)) == ["old-pending", "recent"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_relays_never_carry_out_a_message_twice():
    for i in range(60):
        outbox.enqueue(topic="test.record", key=f"parallel-{i}", payload={"n": i}, kick=False)
    results = run_concurrently(*(outbox.relay for _ in range(6)))
    assert all(r.ok for r in results), [r.error for r in results]
    assert sum(r.value.sent for r in results) == 60
    assert sorted(c["n"] for c in CALLS) == list(range(60))
    assert OutboxMessage.objects.filter(status="sent").count() == 60


def test_bulk_work_defers_the_kicks_to_one_relay_at_its_end(db):
    with outbox.kicks_deferred():
        msg = outbox.enqueue(topic="test.record", key="deferred", payload={"n": 1})
        with outbox.kicks_deferred():
            outbox.kick()  # what a commit inside the bulk work does: nothing yet
        outbox.kick()
        msg.refresh_from_db()
        assert (msg.status, CALLS) == ("pending", [])
    msg.refresh_from_db()
    assert (msg.status, CALLS) == ("sent", [{"n": 1}])
    outbox.kick()  # outside the block a kick relays at once again
    assert CALLS == [{"n": 1}]
