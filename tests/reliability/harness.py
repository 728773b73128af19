"""Shared machinery for the reliability scripts: scale, results, and a case's footprint.

`make test` runs every scenario short; `make reliability` sets RELIABILITY_FULL=1 and runs them in full
(1 000 race attempts, 100 worker kills, 5 minutes of load). Each scenario adds what it found to RESULTS;
`tests/reliability/conftest.py` prints the totals, computed, at the end of the run.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field

FULL = os.environ.get("RELIABILITY_FULL", "").lower() in {"1", "true", "yes"}


def scale(short, full):
    return full if FULL else short


@dataclass
class Results:
    attempts: int = 0
    lost: int = 0
    duplicated: int = 0
    double_decisions: int = 0
    load_errors: int | None = None
    lines: list[str] = field(default_factory=list)

    def note(self, line: str) -> None:
        self.lines.append(line)
        print(line, flush=True)


RESULTS = Results()


def footprint(case) -> Counter:
    """Everything a state change leaves behind on one case, counted: timeline lines by kind/action/state,
    history rows, work items by node/status, notifications per recipient and kind, viewflow tasks by node
    and status, promised e-mails, and audit-chain links. Refusal lines are counted apart (the losers')."""
    from audit.models import AuditEvent
    from cases.models import CaseEvent, Deadline, DeadlineStep, WorkItem
    from notifications.models import Notification, OutboxMessage

    out: Counter = Counter()
    for kind, action, to_state in CaseEvent.objects.filter(case=case).values_list(
        "kind", "action", "to_state"
    ):
        out[("event", kind, action if kind != "refused" else "", to_state)] += 1
    for node, status in WorkItem.objects.filter(case=case).values_list("node", "status"):
        out[("workitem", node, status)] += 1
    for user_id, kind in Notification.objects.filter(case=case).values_list("user_id", "kind"):
        out[("notification", user_id, kind)] += 1
    notification_ids = list(Notification.objects.filter(case=case).values_list("pk", flat=True))
    out[("email promised",)] = OutboxMessage.objects.filter(
        topic="email", key__in=[f"email:notification:{pk}" for pk in notification_ids]
    ).count()
    out[("audit links",)] = AuditEvent.objects.filter(case_id=case.pk).count()
    out[("history", "case")] = case.history.count()
    route_record = getattr(case, "tlv", None)
    if route_record is not None:
        out[("history", "route record")] = route_record.history.count()
        process = getattr(route_record, "process", None)
        if process is not None:
            for flow_task, status in process.task_set.values_list("flow_task", "status"):
                out[("viewflow task", str(flow_task).rsplit(".", 1)[-1], status)] += 1
    out[("history", "work items")] = WorkItem.history.filter(case_id=case.pk).count()
    out[("history", "deadlines")] = Deadline.history.filter(case_id=case.pk).count()
    for step in DeadlineStep.objects.filter(deadline__case=case).values_list("step", flat=True):
        out[("deadline step", step)] += 1
    return out


def delta(after: Counter, before: Counter) -> Counter:
    keys = set(after) | set(before)
    return Counter({k: after[k] - before[k] for k in keys if after[k] != before[k]})


def refused(c: Counter) -> int:
    return sum(v for k, v in c.items() if k[:2] == ("event", "refused"))


def chain_problems() -> list[str]:
    """The audit chain after a run: intact, every timeline line chained exactly once."""
    from audit.models import AuditEvent
    from audit.services import verify_chain
    from cases.models import CaseEvent

    problems = []
    result = verify_chain()
    if result.broken_seq is not None:
        problems.append(f"chain broken at {result.broken_seq}: {result.problem}")
    if result.missing_case_events:
        problems.append(f"{len(result.missing_case_events)} timeline line(s) not chained")
    links = Counter(
        p.get("case_event")
        for p in AuditEvent.objects.filter(action__startswith="case_event:").values_list("payload", flat=True)
    )
    doubled = [pk for pk, n in links.items() if n > 1]
    if doubled:
        problems.append(f"{len(doubled)} timeline line(s) chained twice")
    unknown = set(links) - set(CaseEvent.objects.values_list("pk", flat=True))
    if unknown - {None}:
        problems.append(f"{len(unknown)} chain link(s) for timeline lines that do not exist")
    return problems
