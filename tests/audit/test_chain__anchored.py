"""Tamper evidence that holds against full database rights: TRUNCATE refused, the access log append-only,
each link keyed (HMAC), the rows a link covers recomputed, and signed checkpoints outside the database.

The tampering below runs as the test database's superuser with the triggers switched off, as someone with
full database rights (but not the application's AUDIT_CHAIN_KEY or its checkpoint directory) would."""

import hashlib
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory

from audit.anchor import checkpoint_dir, checkpoint_write, read_checkpoints
from audit.models import AccessLog, AuditEvent
from audit.services import audit_append, compute_hash, log_read, verify_chain
from cases.models import CaseEvent, Leerling
from cases.services.common import record_event, save_with_history

pytestmark = pytest.mark.postgres


def _chain(n=4):
    return [audit_append(action="test", payload={"i": i}) for i in range(n)]


def _as_superuser(*statements):
    """Run SQL with every trigger of the audit tables switched off, then switch them on again."""
    with connection.cursor() as cur:
        cur.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending foreign-key checks in the way
        for table in ("audit_auditevent", "audit_accesslog"):
            cur.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        for sql, params in statements:
            cur.execute(sql, params)
        for table in ("audit_auditevent", "audit_accesslog"):
            cur.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")


def _broken(match):
    result = verify_chain()
    assert not result.ok
    with pytest.raises(CommandError, match=match):
        call_command("audit_verify")
    return result


def test_truncate_of_the_chain_and_the_access_log_is_refused(world):
    _chain(2)
    log_read(_request(world.consulent), what="dossier")
    for table in ("audit_auditevent", "audit_accesslog"):
        with (
            pytest.raises(DatabaseError, match="TRUNCATE refused"),
            transaction.atomic(),
            connection.cursor() as cur,
        ):
            cur.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending foreign-key checks in the way
            cur.execute(f"TRUNCATE {table} CASCADE")
    assert AuditEvent.objects.count() == 2 and AccessLog.objects.count() == 1


def test_the_access_log_refuses_update_and_delete(world):
    row = log_read(_request(world.consulent), what="dossier")
    for sql in (
        "UPDATE audit_accesslog SET what = 'x' WHERE id = %s",
        "DELETE FROM audit_accesslog WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cur,
        ):
            cur.execute(sql, [row.pk])
    assert AccessLog.objects.get(pk=row.pk).what == "dossier"


def test_a_deleted_tail_is_found_by_the_checkpoint(db):
    events = _chain(5)
    checkpoint_write()
    assert verify_chain().ok
    _as_superuser(("DELETE FROM audit_auditevent WHERE seq >= %s", [events[3].seq]))
    result = _broken("het einde is verwijderd")
    assert result.broken_seq == events[3].seq


def test_a_wiped_chain_is_found_by_the_checkpoint(db):
    _chain(3)
    checkpoint_write()
    with transaction.atomic(), connection.cursor() as cur:  # only with the triggers' own switch
        cur.execute("SET LOCAL audit.allow_truncate = 'on'")
        cur.execute("TRUNCATE audit_auditevent")
    _broken("eindigt bij schakel 0")


def test_a_link_appended_without_the_key_is_found(db):
    events = _chain(3)
    forged = AuditEvent(
        seq=events[-1].seq + 1,
        at=events[-1].at,
        actor_name="",
        action="test",
        payload={"i": "ingevoegd"},
        prev_hash=events[-1].hash,
    )
    forged.hash = compute_hash(forged)
    for mac in ("", hashlib.sha256(forged.hash.encode()).hexdigest()):
        forged.mac = mac
        with transaction.atomic():
            forged.save(force_insert=True)
            result = _broken(f"schakel {forged.seq}")
            assert result.broken_seq == forged.seq
            transaction.set_rollback(True)
        forged.pk = None


def _rehash_from(seq, *, mac):
    """Rewrite the chain from `seq` on as a key-less forger would: edit, recompute every hash after it."""
    prev = AuditEvent.objects.get(seq=seq - 1).hash if seq > 1 else "0" * 64
    statements = []
    for event in AuditEvent.objects.filter(seq__gte=seq).order_by("seq"):
        if event.seq == seq:
            event.payload = {"i": "herschreven"}
        event.prev_hash = prev
        event.hash = prev = compute_hash(event)
        statements.append(
            (
                "UPDATE audit_auditevent SET payload = %s::jsonb, prev_hash = %s, hash = %s, mac = %s "
                "WHERE id = %s",
                [json.dumps(event.payload), event.prev_hash, event.hash, mac(event), event.pk],
            )
        )
    _as_superuser(*statements)


def test_a_chain_rehashed_from_a_link_on_is_found_by_the_key(db):
    events = _chain(5)
    _rehash_from(events[2].seq, mac=lambda e: AuditEvent.objects.get(pk=e.pk).mac)  # old macs kept
    result = _broken(f"schakel {events[2].seq}: sleutel-handtekening klopt niet")
    assert result.broken_seq == events[2].seq


def test_a_chain_rewritten_without_signatures_is_found_by_the_checkpoint(db):
    events = _chain(5)
    checkpoint_write()
    _rehash_from(1, mac=lambda e: "")  # as if every link predated the key
    result = _broken("de keten is herschreven")
    assert result.broken_seq == events[-1].seq


def test_an_edited_timeline_text_is_found(world, steps, django_capture_on_commit_callbacks):
    a = steps.concept(world)
    with django_capture_on_commit_callbacks(execute=True):
        ev = record_event(case=a.case, kind=CaseEvent.Kind.NOTE, actor=world.consulent, summary="Gesprek")
    assert verify_chain().ok
    with connection.cursor() as cur:  # the timeline has no trigger: anyone with write rights can do this
        cur.execute("UPDATE cases_caseevent SET summary = 'Iets anders' WHERE id = %s", [ev.pk])
    link = AuditEvent.objects.get(payload__case_event=ev.pk)
    result = _broken(f"schakel {link.seq}: tijdlijnregel {ev.pk} gewijzigd \\(tekst\\)")
    assert result.broken_seq == link.seq


def test_an_edited_or_deleted_history_row_is_found(world):
    leerling = Leerling.objects.filter(swv=world.swv).first()
    save_with_history(leerling, by=world.consulent, reason="adres gecorrigeerd")
    row = Leerling.history.filter(id=leerling.pk).latest("history_id")
    checkpoint_write()
    assert verify_chain().ok
    seal = AuditEvent.objects.get(action="history_seal")
    table = Leerling.history.model._meta.db_table
    with transaction.atomic():
        with connection.cursor() as cur:
            cur.execute(f"UPDATE {table} SET history_change_reason = 'niets' WHERE history_id = %s", [row.pk])
        result = _broken(f"schakel {seal.seq}: rij cases.HistoricalLeerling #{row.pk} gewijzigd")
        transaction.set_rollback(True)
    with connection.cursor() as cur:
        cur.execute(f"DELETE FROM {table} WHERE history_id = %s", [row.pk])
    result = _broken(f"rij cases.HistoricalLeerling #{row.pk} verwijderd")
    assert result.broken_seq == seal.seq


def test_a_deleted_access_log_row_is_found(world):
    rows = [log_read(_request(world.consulent), what=f"dossier {i}") for i in range(3)]
    checkpoint_write()
    assert verify_chain().ok
    _as_superuser(("DELETE FROM audit_accesslog WHERE id = %s", [rows[1].pk]))
    _broken(f"rij audit.AccessLog #{rows[1].pk} verwijderd")


def test_a_forged_checkpoint_line_is_reported(db):
    _chain(2)
    checkpoint_write()
    path = next(checkpoint_dir().glob("checkpoints-*.jsonl"))
    data = json.loads(path.read_text().splitlines()[0])
    data["seq"] = 1
    with path.open("a") as out:
        out.write(json.dumps(data) + "\n")
    _broken("handtekening klopt niet")


def test_audit_checkpoint_writes_a_signed_line_and_audit_verify_uses_it(db, capsys):
    events = _chain(3)
    call_command("audit_checkpoint")
    [cp], problems = read_checkpoints()
    head = AuditEvent.objects.latest("seq")
    assert (cp.seq, cp.hash, cp.count, problems) == (head.seq, head.hash, AuditEvent.objects.count(), [])
    assert head.seq >= events[-1].seq
    call_command("audit_verify")
    assert "1 checkpoint(s) kloppen" in capsys.readouterr().out


def _request(user):
    request = RequestFactory().get("/casussen/")
    request.user = user
    return request
