"""Appending to the audit chain, verifying it, and logging read access."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction

from audit.anchor import HISTORY_SEAL, link_mac, read_checkpoints, verify_history_seal
from audit.models import AccessLog, AuditEvent
from cases import clock

log = logging.getLogger("audit")
GENESIS = "0" * 64
# pg_advisory_xact_lock key for appends to the chain (any fixed 64-bit number)
CHAIN_LOCK_KEY = 7513_0001


def _canonical(*, seq, at, actor_id, actor_name, action, case_id, payload, prev_hash) -> bytes:
    body = {
        "seq": seq,
        "at": at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "actor_id": actor_id,
        "actor_name": actor_name,
        "action": action,
        "case_id": case_id,
        "payload": payload,
        "prev_hash": prev_hash,
    }
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str).encode()


def compute_hash(event: AuditEvent) -> str:
    return hashlib.sha256(
        _canonical(
            seq=event.seq,
            at=event.at,
            actor_id=event.actor_id,
            actor_name=event.actor_name,
            action=event.action,
            case_id=event.case_id,
            payload=event.payload,
            prev_hash=event.prev_hash,
        )
    ).hexdigest()


def audit_append(*, action: str, actor=None, case_id=None, payload=None, at=None) -> AuditEvent:
    """Append one link under a lock so concurrent appends keep the chain linear."""
    link = {"action": action, "actor": actor, "case_id": case_id, "payload": payload, "at": at}
    return audit_append_many([link])[0]


def audit_append_many(links: list[dict]) -> list[AuditEvent]:
    """Append links (dicts of audit_append's arguments) in this order in one transaction under the chain
    lock: the same links, hashes and order as one audit_append per link, at the cost of one."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cur:
                cur.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])
        last = AuditEvent.objects.order_by("-seq").values("seq", "hash").first()
        seq, prev_hash = (last["seq"], last["hash"]) if last else (0, GENESIS)
        events = []
        for link in links:
            actor = link.get("actor")
            # what the JSON column will give back
            payload = json.loads(json.dumps(link.get("payload") or {}, default=str))
            seq += 1
            event = AuditEvent(
                seq=seq,
                at=(link.get("at") or clock.now()).astimezone(dt.UTC),
                actor_id=getattr(actor, "pk", None),
                actor_name=getattr(actor, "username", "") or "",
                action=link["action"][:60],
                case_id=link.get("case_id"),
                payload=payload,
                prev_hash=prev_hash,
            )
            event.hash = prev_hash = compute_hash(event)
            event.mac = link_mac(event.hash)
            events.append(event)
        if len(events) == 1:
            events[0].save(force_insert=True)
        else:
            AuditEvent.objects.bulk_create(events)
    return events


def case_event_payload(ev) -> dict:
    """What the chain keeps of a timeline line: its facts, and only a digest of its free text (the chain is
    immutable, while a purge must be able to erase the personal data in the text)."""
    return {
        "case_event": ev.pk,
        "kind": ev.kind,
        "from_state": ev.from_state,
        "to_state": ev.to_state,
        "event_at": ev.at.astimezone(dt.UTC).isoformat(),
        "text_sha256": text_sha256(summary=ev.summary, reason=ev.reason, data=ev.data),
    }


def text_sha256(*, summary, reason, data) -> str:
    text = json.dumps({"summary": summary, "reason": reason, "data": data}, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


# what the purge leaves of a timeline line's text (audit.privacy.case_purge)
PURGED_TEXT_SHA256 = text_sha256(summary="(opgeschoond)", reason="", data={})


AUDIT_CHAIN_TOPIC = "audit.case_event"


def chain_case_event(ev) -> None:
    """Called by cases.services.common.record_event: chain the timeline line once its transaction commits.

    Appending after the commit, in its own short transaction, means the chain lock is never held together
    with a domain transaction's row locks (no deadlocks).

    - The promise: an outbox message written with the timeline line, in its transaction. Should
      this process die between the commit and the append, the outbox relay appends the link later, once
      (the append and the message's "sent" mark commit together). The message is due only after
      AUDIT_RELAY_GRACE_SECONDS, so the relay leaves it to this process's own append unless that never
      happens.
    - The append: the lines of one transaction are chained together, in the order they were
      written, in one short transaction after the commit: one lock and one commit per transaction instead
      of one per line. Each line registers an ordinary on_commit callback, so a line written in a savepoint
      that was rolled back is dropped with its message; the batch's own callback is kept behind the last of
      them (see _ChainBatch).
    """
    from notifications import outbox

    msg = outbox.enqueue(
        topic=AUDIT_CHAIN_TOPIC,
        key=f"audit:case_event:{ev.pk}",
        payload={"case_event": ev.pk},
        swv_id=getattr(ev.case, "swv_id", None),
        kick=False,
        not_before=clock.now() + dt.timedelta(seconds=settings.AUDIT_RELAY_GRACE_SECONDS),
    )
    if msg is None:  # already promised (cannot happen for a new line; defensive)
        return
    conn = transaction.get_connection()
    if not conn.in_atomic_block:  # autocommit: the line and its promise are committed already
        _chain_now([(ev, msg.pk)])
        return
    batch = getattr(conn, "_audit_chain_batch", None)
    if batch is None or not batch.pending(conn):
        batch = conn._audit_chain_batch = _ChainBatch()
    transaction.on_commit(lambda: batch.ready.append((ev, msg.pk)))
    batch.move_to_end(conn)


def _chain_now(pairs) -> None:
    """Append the links of (timeline line, outbox message id) pairs whose message is still pending, and mark
    those messages sent, in one transaction. A message the relay holds or has done is skipped."""
    from notifications.models import OutboxMessage

    try:
        with transaction.atomic():
            mine = set(
                OutboxMessage.objects.select_for_update(skip_locked=True)
                .filter(pk__in=[pk for _, pk in pairs], status=OutboxMessage.Status.PENDING)
                .order_by()
                .values_list("pk", flat=True)
            )
            events = [ev for ev, pk in pairs if pk in mine]
            if not events:
                return
            audit_append_many(
                [
                    {
                        "action": f"case_event:{ev.kind}:{ev.action}"[:60],
                        "actor": ev.actor,
                        "case_id": ev.case_id,
                        "payload": case_event_payload(ev),
                    }
                    for ev in events
                ]
            )
            now = clock.now()
            OutboxMessage.objects.filter(pk__in=mine).update(
                status=OutboxMessage.Status.SENT, sent_at=now, attempts=1, last_error=""
            )
    except Exception:  # the outbox relay is the safety net: it appends these links after the grace period
        log.exception("appending %s timeline line(s) to the audit chain failed; the relay will", len(pairs))


def _nothing():
    """Stands in the on-commit list where a batch was before it moved behind a newer line."""


class _ChainBatch:
    """The after-commit append of one transaction's timeline lines.

    It sits in the connection's on-commit list (Django's `run_on_commit`: (savepoint ids, callable, robust))
    outside any savepoint, always behind the per-line callbacks, so it runs after those that survived and
    chains exactly the lines whose transaction committed. Moving it leaves a no-op in its old place, so the
    positions of the other callbacks do not shift. A full rollback clears the list and with it the batch
    (`pending` is then False and the next line starts a new one).
    """

    def __init__(self):
        self.ready: list = []
        self.done = False
        self.index = -1

    def _find(self, conn) -> int:
        hooks = conn.run_on_commit
        if 0 <= self.index < len(hooks) and hooks[self.index][1] is self:
            return self.index
        for i, entry in enumerate(hooks):  # the list was filtered (a savepoint rolled back)
            if entry[1] is self:
                return i
        return -1

    def pending(self, conn) -> bool:
        return not self.done and self._find(conn) >= 0

    def move_to_end(self, conn) -> None:
        hooks = conn.run_on_commit
        i = self._find(conn)
        if i >= 0:
            hooks[i] = (set(), _nothing, True)
        hooks.append((set(), self, True))
        self.index = len(hooks) - 1

    def __call__(self):
        self.done = True
        pairs, self.ready = self.ready, []
        if pairs:
            _chain_now(pairs)


def _chain_handler(payload: dict, message) -> None:
    """The relay's way: one line whose in-process append never happened (the process died)."""
    from cases.models import CaseEvent

    ev = CaseEvent.objects.select_related("actor").filter(pk=payload["case_event"]).first()
    if ev is None:  # the case was purged before its line was chained: nothing left to chain
        return
    audit_append(
        action=f"case_event:{ev.kind}:{ev.action}"[:60],
        actor=ev.actor,
        case_id=ev.case_id,
        payload=case_event_payload(ev),
    )


def register_outbox_handlers() -> None:
    from notifications import outbox

    outbox.handler(AUDIT_CHAIN_TOPIC)(_chain_handler)


@dataclass
class VerifyResult:
    checked: int
    broken_seq: int | None = None
    problem: str = ""
    missing_case_events: list[int] | None = None
    unsigned: int = 0  # links from before AUDIT_CHAIN_KEY (no mac), only ever a prefix of the chain
    checkpoints: int = 0

    @property
    def ok(self) -> bool:
        return self.broken_seq is None and not self.missing_case_events


def _case_event_problem(link, row, purged_at: dict) -> str:
    """'' when the timeline line still says what its link recorded, else what differs."""
    p = link.payload
    if row is None:
        destroyed = purged_at.get(("vernietiging", link.case_id))
        if destroyed is not None and destroyed > link.seq:
            return ""  # the case was destroyed later on an approved list: its tombstone link says so
        return f"tijdlijnregel {p['case_event']} is verwijderd"
    facts = {
        "casus": (link.case_id, row["case_id"]),
        "soort": (p.get("kind"), row["kind"]),
        "van-status": (p.get("from_state"), row["from_state"]),
        "naar-status": (p.get("to_state"), row["to_state"]),
        "tijdstip": (p.get("event_at"), row["at"].astimezone(dt.UTC).isoformat()),
        "actor": (link.actor_id, row["actor_id"]),
    }
    changed = [name for name, (chained, now) in facts.items() if chained != now]
    if changed:
        return f"tijdlijnregel {p['case_event']} gewijzigd ({', '.join(changed)})"
    digest = text_sha256(summary=row["summary"], reason=row["reason"], data=row["data"])
    if digest != p.get("text_sha256"):
        purge_seq = purged_at.get(link.case_id)
        if not (digest == PURGED_TEXT_SHA256 and purge_seq is not None and purge_seq > link.seq):
            return f"tijdlijnregel {p['case_event']} gewijzigd (tekst)"
    return ""


def _purge_links():
    """{case_id: seq of its purge link, ("vernietiging", case_id): seq of its tombstone link}, and
    {(history label, id): (seq, digest before, after)} of the history rows a purge or destruction touched."""
    purged_at, history = {}, {}
    for seq, action, case_id, payload in AuditEvent.objects.filter(
        action__in=("purge", "vernietiging")
    ).values_list("seq", "action", "case_id", "payload"):
        if action == "purge":
            purged_at[case_id] = seq
        else:
            purged_at[("vernietiging", case_id)] = seq
        for label, rows in (payload.get("history") or {}).items():
            for history_id, (before, after) in rows.items():
                history[(label, int(history_id))] = (seq, before, after)
    return purged_at, history


def _verify_links(events, *, rows: dict, purged_at: dict, purged_history: dict, state: dict) -> tuple:
    """Check a batch of links in seq order: (seq, problem) of the first broken one, or (None, '')."""
    for event in events:
        if event.seq != state["seq"]:
            return event.seq, f"volgnummer {state['seq']} ontbreekt"
        if event.prev_hash != state["prev_hash"]:
            return event.seq, "prev_hash wijst niet naar de vorige schakel"
        if compute_hash(event) != event.hash:
            return event.seq, "inhoud gewijzigd: hash klopt niet"
        if not event.mac:
            if state["signed"]:
                return event.seq, "schakel zonder sleutel-handtekening na getekende schakels"
            state["unsigned"] += 1
        elif not hmac.compare_digest(event.mac, link_mac(event.hash)):
            return event.seq, "sleutel-handtekening klopt niet: schakel buiten de applicatie gemaakt"
        else:
            state["signed"] = True
        if event.action.startswith("case_event:") and "case_event" in event.payload:
            problem = _case_event_problem(event, rows.get(event.payload["case_event"]), purged_at)
            if problem:
                return event.seq, problem
        elif event.action == HISTORY_SEAL:
            problem = verify_history_seal(event, purged_history)
            if problem:
                return event.seq, problem
        state["prev_hash"], state["seq"] = event.hash, state["seq"] + 1
        state["checked"] += 1
        state["hashes"][event.seq] = event.hash
    return None, ""


def verify_chain(*, check_coverage: bool = True, check_checkpoints: bool = True) -> VerifyResult:
    """Walk the chain in seq order and stop at the first broken link: its hash, its HMAC under
    AUDIT_CHAIN_KEY, and what it covers (the timeline line's facts and text, the history rows of a seal).
    Then compare the chain with the signed checkpoints outside the database: a checkpoint beyond the
    chain's end (a deleted tail) or with another hash at its seq (a rewritten chain) is reported."""
    from cases.models import CaseEvent

    checkpoints, checkpoint_problems = read_checkpoints() if check_checkpoints else ([], [])
    wanted = {cp.seq for cp in checkpoints}
    purged_at, purged_history = _purge_links()
    state = {"seq": 1, "prev_hash": GENESIS, "signed": False, "unsigned": 0, "checked": 0, "hashes": {}}
    batch: list[AuditEvent] = []

    def check(batch):
        ids = [e.payload.get("case_event") for e in batch if e.action.startswith("case_event:")]
        rows = {
            r["pk"]: r
            for r in CaseEvent.objects.filter(pk__in=[i for i in ids if i is not None]).values(
                "pk",
                "case_id",
                "kind",
                "from_state",
                "to_state",
                "at",
                "actor_id",
                "summary",
                "reason",
                "data",
            )
        }
        found = _verify_links(
            batch, rows=rows, purged_at=purged_at, purged_history=purged_history, state=state
        )
        state["hashes"] = {s: h for s, h in state["hashes"].items() if s in wanted}
        return found

    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=2000):
        batch.append(event)
        if len(batch) == 2000:
            broken, problem = check(batch)
            if broken is not None:
                return VerifyResult(state["checked"], broken, problem, unsigned=state["unsigned"])
            batch = []
    if batch:
        broken, problem = check(batch)
        if broken is not None:
            return VerifyResult(state["checked"], broken, problem, unsigned=state["unsigned"])
    result = VerifyResult(state["checked"], unsigned=state["unsigned"], checkpoints=len(checkpoints))
    end = state["seq"] - 1
    if checkpoint_problems:
        result.broken_seq, result.problem = end + 1, f"checkpoint ongeldig: {checkpoint_problems[0]}"
        return result
    for cp in checkpoints:
        if cp.seq > end or cp.count > end:
            result.broken_seq = end + 1
            result.problem = (
                f"de keten eindigt bij schakel {end}, maar het checkpoint van {cp.at} telde {cp.seq} "
                "schakels: het einde is verwijderd"
            )
            return result
        if state["hashes"].get(cp.seq) != cp.hash:
            result.broken_seq = cp.seq
            result.problem = f"hash wijkt af van het checkpoint van {cp.at}: de keten is herschreven"
            return result
    if check_coverage:
        from cases.models import CaseEvent

        chained = {
            payload.get("case_event")
            for payload in AuditEvent.objects.filter(action__startswith="case_event:").values_list(
                "payload", flat=True
            )
        }
        chained.discard(None)
        result.missing_case_events = []
        if chained:
            # timeline lines since the chain began (older ones predate this feature), up to its newest link
            window = CaseEvent.objects.filter(pk__gte=min(chained), pk__lte=max(chained))
            result.missing_case_events = sorted(set(window.values_list("pk", flat=True)) - chained)
    return result


def _client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def log_read(request, *, what: str, case=None, leerling=None, swv_id=None) -> AccessLog:
    """Log that request.user has seen `what` (of `case` / `leerling`)."""
    leerling_id = getattr(leerling, "pk", None) or getattr(case, "leerling_id", None)
    if swv_id is None:
        swv_id = getattr(case, "swv_id", None) or getattr(leerling, "swv_id", None)
    match = getattr(request, "resolver_match", None)
    fields = {
        "user": request.user,
        "at": clock.now(),
        "case_id": getattr(case, "pk", None),
        "case_reference": getattr(case, "reference", "") or "",
        "leerling_id": leerling_id,
        "what": str(what)[:200],
        "view": (match.view_name if match else "")[:100],
        "path": request.get_full_path()[:500],
        "ip": _client_ip(request),
        "user_agent": request.META.get("HTTP_USER_AGENT", "")[:300],
        "via": "api" if request.path.startswith("/api/") else "ui",
    }
    if swv_id is None and case is None and leerling is None:
        # an export over the user's SWVs: one line per SWV, so each SWV's auditors see it
        from cases.policies import scope_of

        swvs = sorted(set().union(*scope_of(request.user).swvs_by_role.values())) or [None]
        rows = [AccessLog(swv_id=s, **fields) for s in swvs]
        AccessLog.objects.bulk_create(rows)
        return rows[0]
    return AccessLog.objects.create(swv_id=swv_id, **fields)
