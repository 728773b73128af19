"""The audit chain: linked by hashes, append-only on PostgreSQL, tampering found by `audit_verify`."""

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from audit.models import AuditEvent
from audit.services import GENESIS, audit_append, compute_hash, verify_chain
from cases.models import CaseEvent
from cases.services.common import record_event


def _chain(n=4):
    return [audit_append(action="test", payload={"i": i}) for i in range(n)]


def test_each_link_stores_the_hash_of_the_previous_one(db):
    events = _chain(3)
    assert events[0].prev_hash == GENESIS
    assert [e.prev_hash for e in events[1:]] == [e.hash for e in events[:-1]]
    assert all(compute_hash(e) == e.hash for e in events)
    assert verify_chain().ok


def test_record_event_writes_the_timeline_line_into_the_chain(
    world, steps, django_capture_on_commit_callbacks
):
    a = steps.concept(world)
    with django_capture_on_commit_callbacks(execute=True):
        ev = record_event(case=a.case, kind=CaseEvent.Kind.NOTE, actor=world.consulent, summary="Notitie")
    link = AuditEvent.objects.get(payload__case_event=ev.pk)
    assert link.case_id == a.case_id
    assert link.actor_name == world.consulent.username
    assert link.payload["kind"] == "note" and len(link.payload["text_sha256"]) == 64
    assert "Notitie" not in str(link.payload)  # free text stays out of the immutable chain


def test_audit_verify_reports_ok(db, capsys):
    _chain(2)
    call_command("audit_verify")
    assert "in orde: 2 schakels" in capsys.readouterr().out


@pytest.mark.postgres
def test_postgres_trigger_refuses_update_and_delete(db):
    e = _chain(1)[0]
    for sql in (
        "UPDATE audit_auditevent SET action = 'x' WHERE id = %s",
        "DELETE FROM audit_auditevent WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cur,
        ):
            cur.execute(sql, [e.pk])
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=e.pk).update(action="x")
    assert AuditEvent.objects.get(pk=e.pk).action == "test"


@pytest.mark.postgres
def test_a_row_altered_behind_the_applications_back_is_detected(db):
    events = _chain(5)
    with connection.cursor() as cur:  # as the database owner would: switch the trigger off, edit, switch on
        cur.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_append_only")
        cur.execute(
            "UPDATE audit_auditevent SET payload = '{\"i\": 99}'::jsonb WHERE id = %s", [events[2].pk]
        )
        cur.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_event_append_only")
    result = verify_chain()
    assert (result.broken_seq, result.checked) == (events[2].seq, 2)
    with pytest.raises(CommandError, match=f"schakel {events[2].seq}: inhoud gewijzigd"):
        call_command("audit_verify")


@pytest.mark.postgres
def test_a_deleted_link_is_detected(db):
    events = _chain(4)
    with connection.cursor() as cur:
        cur.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_append_only")
        cur.execute("DELETE FROM audit_auditevent WHERE id = %s", [events[1].pk])
        cur.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_event_append_only")
    with pytest.raises(CommandError, match=f"schakel {events[2].seq}: volgnummer {events[1].seq} ontbreekt"):
        call_command("audit_verify")


def test_a_timeline_line_missing_from_the_chain_is_reported(world, steps, django_capture_on_commit_callbacks):
    a = steps.concept(world)
    with django_capture_on_commit_callbacks(execute=True):
        first = record_event(case=a.case, kind=CaseEvent.Kind.NOTE, summary="een")
    skipped = record_event(case=a.case, kind=CaseEvent.Kind.NOTE, summary="twee")  # its commit never came
    with django_capture_on_commit_callbacks(execute=True):
        record_event(case=a.case, kind=CaseEvent.Kind.NOTE, summary="drie")
    result = verify_chain()
    assert result.broken_seq is None and result.missing_case_events == [skipped.pk]
    assert first.pk not in result.missing_case_events
