"""What anchors the audit chain outside the rows it protects.

- A keyed HMAC (settings.AUDIT_CHAIN_KEY, held by the application, not by the database) over every link's
  hash and over every checkpoint: someone with only database rights can re-hash a chain but not sign it.
- History seals: a link `history_seal` that covers the simple-history rows and read-access log rows written
  since the previous seal (per table: the ids covered and one digest over those rows), so an edited or
  deleted row no longer matches. The purge, which must scrub history rows, records their digests before
  and after in its own link.
- Checkpoints: the chain's head (seq, hash, count) signed with the key and appended as a line to a file in
  settings.AUDIT_CHECKPOINT_DIR/<database name>/, a place the database user cannot rewrite. A deleted tail
  or a rewritten chain no longer matches the latest checkpoints.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection, models, transaction

from cases import clock

log = logging.getLogger("audit")
HISTORY_SEAL = "history_seal"


def sign(kind: str, message: str) -> str:
    key = settings.AUDIT_CHAIN_KEY.encode()
    return hmac.new(key, f"{kind}:{message}".encode(), hashlib.sha256).hexdigest()


def link_mac(link_hash: str) -> str:
    return sign("link", link_hash)


# --- history rows ---------------------------------------------------------------------------------------


def sealed_models() -> list[type[models.Model]]:
    """Every simple-history table and the read-access log, in a stable order."""
    from audit.models import AccessLog

    found = [m for m in apps.get_models() if hasattr(m, "instance_type") and hasattr(m, "history_id")]
    return sorted([*found, AccessLog], key=lambda m: m._meta.label)


def history_fields(model) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields]


def _row_digest(values) -> str:
    text = json.dumps(list(values), sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def row_digests(model, ids, fields: list[str] | None = None) -> dict[int, str]:
    """primary key -> digest of the row's fields (those given, or all)."""
    fields = fields or history_fields(model)
    out = {}
    qs = model._default_manager.filter(pk__in=list(ids)).order_by("pk")
    for values in qs.values_list("pk", *fields):
        out[values[0]] = _row_digest(values[1:])
    return out


def _intervals(ids: list[int]) -> list[list[int]]:
    out: list[list[int]] = []
    for i in ids:
        if out and out[-1][1] == i - 1:
            out[-1][1] = i
        else:
            out.append([i, i])
    return out


def _in_intervals(intervals) -> models.Q:
    q = models.Q(pk__in=[])
    for lo, hi in intervals:
        q |= models.Q(pk__gte=lo, pk__lte=hi)
    return q


def _range_digest(pairs) -> str:
    h = hashlib.sha256()
    for history_id, digest in pairs:
        h.update(f"{history_id}:{digest}\n".encode())
    return h.hexdigest()


def history_seal_payload(previous: dict | None) -> dict | None:
    """The next seal: per history table, the rows after the previous seal's high-water mark, plus the rows
    that filled a gap of the previous seal since (a transaction that committed while it was taken)."""
    prev_tables = (previous or {}).get("tables", {})
    tables, any_rows = {}, False
    for model in sealed_models():
        label = model._meta.label
        prev = prev_tables.get(label, {})
        upto = prev.get("upto", 0)
        after = prev.get("after", upto)
        candidates = models.Q(pk__gt=upto)
        if prev.get("ids"):
            candidates |= models.Q(pk__gt=after, pk__lte=upto) & ~_in_intervals(prev["ids"])
        fields = history_fields(model)
        rows = [
            (values[0], _row_digest(values[1:]))
            for values in model._default_manager.filter(candidates).order_by("pk").values_list("pk", *fields)
        ]
        if not rows:
            tables[label] = {"upto": upto}
            continue
        any_rows = True
        tables[label] = {
            "after": upto,
            "upto": max(upto, rows[-1][0]),
            "ids": _intervals([i for i, _ in rows]),
            "fields": fields,
            "rows": len(rows),
            "sha256": _range_digest(rows),
            "row_digests": [d[:16] for _, d in rows],  # to name the first row that no longer matches
        }
    return {"tables": tables} if any_rows else None


def history_seal_append(*, by=None):
    """Append one history_seal link covering the history rows written since the previous one (if any)."""
    from audit.models import AuditEvent
    from audit.services import CHAIN_LOCK_KEY, audit_append

    with transaction.atomic():
        if connection.vendor == "postgresql":  # one sealer at a time, and in step with other appends
            with connection.cursor() as cur:
                cur.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])
        last = AuditEvent.objects.filter(action=HISTORY_SEAL).order_by("-seq").values("payload").first()
        payload = history_seal_payload(last["payload"] if last else None)
        if payload is None:
            return None
        return audit_append(action=HISTORY_SEAL, actor=by, payload=payload)


def history_touched(targets) -> dict[str, dict[int, str]]:
    """Digests of the history rows a purge is about to scrub or delete: {label: {history_id: digest}}.
    `targets` is a list of (history model, queryset of those rows)."""
    out: dict[str, dict[int, str]] = {}
    for model, qs in targets:
        ids = list(qs.values_list("pk", flat=True))
        if ids:
            out.setdefault(model._meta.label, {}).update(row_digests(model, ids))
    return out


def history_changes(before: dict[str, dict[int, str]]) -> dict:
    """What the purge changed: {label: {history_id: [digest before, digest after or None if deleted]}}."""
    out = {}
    for label, digests in before.items():
        model = apps.get_model(label)
        now = row_digests(model, digests.keys())
        changed = {str(i): [d, now.get(i)] for i, d in digests.items() if now.get(i) != d}
        if changed:
            out[label] = changed
    return out


def verify_history_seal(seal, purged: dict) -> str:
    """'' when the rows a seal link covers still match it, else the first that does not.

    `purged` maps (label, history_id) -> (seq of the purge link, digest before, digest after): a row a later
    purge scrubbed counts with its digest from before the purge, and must now be exactly as the purge left it.
    """
    for label, entry in seal.payload.get("tables", {}).items():
        if not entry.get("ids"):
            continue
        try:
            model = apps.get_model(label)
        except LookupError:
            return f"historietabel {label} bestaat niet meer"
        fields = entry["fields"]
        missing = [f for f in fields if f not in {x.attname for x in model._meta.concrete_fields}]
        if missing:
            return f"historie {label}: velden {', '.join(missing)} bestaan niet meer"
        current = {
            values[0]: _row_digest(values[1:])
            for values in model._default_manager.filter(_in_intervals(entry["ids"]))
            .order_by("pk")
            .values_list("pk", *fields)
        }
        pairs = []
        for lo, hi in entry["ids"]:
            for history_id in range(lo, hi + 1):
                digest = current.get(history_id)
                touched = purged.get((label, history_id))
                if touched and touched[0] > seal.seq:
                    if digest != touched[2]:
                        return f"rij {label} #{history_id} gewijzigd na de opschoning"
                    digest = touched[1]
                if digest is None:
                    return f"rij {label} #{history_id} verwijderd"
                pairs.append((history_id, digest))
        if _range_digest(pairs) != entry["sha256"]:
            short = entry.get("row_digests") or []
            first = next((i for (i, d), s in zip(pairs, short, strict=False) if d[:16] != s), pairs[0][0])
            return f"rij {label} #{first} gewijzigd"
    return ""


# --- checkpoints ----------------------------------------------------------------------------------------


@dataclass
class Checkpoint:
    at: str
    seq: int
    hash: str
    count: int
    sig: str

    def message(self) -> str:
        return json.dumps(
            {"at": self.at, "seq": self.seq, "hash": self.hash, "count": self.count},
            sort_keys=True,
            separators=(",", ":"),
        )

    @property
    def valid(self) -> bool:
        return hmac.compare_digest(self.sig, sign("checkpoint", self.message()))


def checkpoint_dir() -> Path:
    """One directory per database, so the quick start, the tests and the benchmark never mix checkpoints."""
    name = str(connection.settings_dict.get("NAME") or "default")
    if connection.vendor == "sqlite":
        name = Path(name).stem or "sqlite"
    return Path(settings.AUDIT_CHECKPOINT_DIR) / re.sub(r"[^A-Za-z0-9_.-]", "_", name)


def read_checkpoints() -> tuple[list[Checkpoint], list[str]]:
    """All checkpoints in order, and the problems met (unreadable lines, bad signatures)."""
    found, problems = [], []
    folder = checkpoint_dir()
    if not folder.is_dir():
        return found, problems
    for path in sorted(folder.glob("checkpoints-*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
                cp = Checkpoint(
                    at=str(data["at"]),
                    seq=int(data["seq"]),
                    hash=str(data["hash"]),
                    count=int(data["count"]),
                    sig=str(data["sig"]),
                )
            except (ValueError, KeyError, TypeError):
                problems.append(f"{path.name} regel {number}: onleesbaar")
                continue
            if not cp.valid:
                problems.append(f"{path.name} regel {number}: handtekening klopt niet")
                continue
            found.append(cp)
    found.sort(key=lambda c: c.seq)
    return found, problems


def checkpoint_write(*, now=None, seal_history: bool = True, force: bool = False) -> Checkpoint | None:
    """Seal the history written since the last seal, then append the signed head of the chain to this
    month's checkpoint file (skipped when the head has not moved since the last checkpoint, unless force)."""
    from audit.models import AuditEvent

    if seal_history:
        history_seal_append()
    head = AuditEvent.objects.order_by("-seq").values("seq", "hash").first()
    if head is None:
        return None
    existing, _ = read_checkpoints()
    if existing and existing[-1].seq == head["seq"] and not force:
        return None
    now = (now or clock.now()).astimezone(dt.UTC)
    cp = Checkpoint(
        at=now.isoformat(timespec="seconds"),
        seq=head["seq"],
        hash=head["hash"],
        count=AuditEvent.objects.count(),
        sig="",
    )
    cp.sig = sign("checkpoint", cp.message())
    folder = checkpoint_dir()
    folder.mkdir(parents=True, exist_ok=True)
    line = json.dumps({**json.loads(cp.message()), "sig": cp.sig}, sort_keys=True) + "\n"
    fd = os.open(folder / f"checkpoints-{now:%Y-%m}.jsonl", os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        os.write(fd, line.encode())
        os.fsync(fd)
    finally:
        os.close(fd)
    log.info("audit checkpoint: seq %s", cp.seq)
    return cp
