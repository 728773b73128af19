"""The timeline lines of one transaction are chained together, after its commit, in one append."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from audit.models import AuditEvent
from audit.services import verify_chain
from cases.models import CaseEvent
from cases.services.common import record_event


def _chained_event_ids():
    return list(AuditEvent.objects.order_by("seq").values_list("payload__case_event", flat=True))


def _note(case, text):
    return record_event(case=case, kind=CaseEvent.Kind.NOTE, summary=text)


def test_the_lines_of_one_transaction_are_chained_in_order_with_one_lock(
    world, steps, django_capture_on_commit_callbacks
):
    a = steps.concept(world)
    before = AuditEvent.objects.count()
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        events = [_note(a.case, f"regel {i}") for i in range(5)]
    with CaptureQueriesContext(connection) as queries:
        for callback in callbacks:
            callback()
    assert _chained_event_ids()[before:] == [e.pk for e in events]
    locks = [q for q in queries.captured_queries if "pg_advisory_xact_lock" in q["sql"]]
    assert len(locks) == (1 if connection.vendor == "postgresql" else 0)
    assert verify_chain().ok


def test_a_line_of_a_rolled_back_savepoint_is_not_chained(world, steps, django_capture_on_commit_callbacks):
    a = steps.concept(world)
    before = AuditEvent.objects.count()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        kept = _note(a.case, "blijft")
        with pytest.raises(RuntimeError), transaction.atomic():
            _note(a.case, "teruggedraaid")
            raise RuntimeError
        last = _note(a.case, "ook")
    assert _chained_event_ids()[before:] == [kept.pk, last.pk]


def test_a_line_written_outside_a_transaction_is_chained_at_once(world, steps):
    a = steps.concept(world)
    conn = transaction.get_connection()
    assert conn.in_atomic_block  # the test's own transaction; a nested one behaves as the outermost would
    before = AuditEvent.objects.count()
    conn.in_atomic_block = False
    try:
        ev = _note(a.case, "autocommit")
    finally:
        conn.in_atomic_block = True
    assert _chained_event_ids()[before:] == [ev.pk]


def test_the_next_transaction_starts_a_new_batch(world, steps, django_capture_on_commit_callbacks):
    a = steps.concept(world)
    before = AuditEvent.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        first = _note(a.case, "een")
    with django_capture_on_commit_callbacks(execute=True):
        second = _note(a.case, "twee")
    assert _chained_event_ids()[before:] == [first.pk, second.pk]
