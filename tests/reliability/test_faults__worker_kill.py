"""Faults: a real Celery worker (solo pool, private redis-server, the test database) is killed with
SIGKILL while it sweeps due deadlines and while it relays e-mails, again and again; a fresh worker is
started each time, and at the end one is left to finish. Then every expected effect is checked against its
idempotency key: each due deadline breached once (DeadlineStep), one escalation per role
(WorkItem.idempotency_key), one timeline line each, one notification per recipient (Notification.key), each
e-mail handed over (Message-ID in the mail sink) and the audit chain intact with every line chained once.

The worker runs as in production (prefork, acks_late, reject_on_worker_lost): most kills hit the pool process
that runs the task (the master starts a new one and the broker hands the task out again); every tenth kill
in the full run takes the whole worker down (master and pool, as an OOM killer or a pulled plug would) and
a new worker is started. Short in `make test` (3 kills mid-task); `make reliability`: 100 kills mid-sweep
or mid-delivery.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import random
import re
import shutil
import signal
import time
from collections import Counter

import pytest
from django.db import connection
from kombu import pools

from cases import clock, policies
from cases.models import CaseEvent, Deadline, DeadlineStep, WorkItem
from cases.services import deadlines as deadline_services
from config.celery import app
from notifications.models import Notification, OutboxMessage
from notifications.services import notify
from tests import tlv_steps as steps
from tests.reliability.harness import FULL, RESULTS, chain_problems, scale
from tests.reliability.processes import (
    PrivateRedis,
    app_env,
    celery_worker,
    database_url,
    pool_children,
    wait_until,
)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs the redis-server binary"),
]

KILLS = scale(3, 100)  # kills that land while a sweep or a relay is running
CASES, DEADLINES_PER_SWEEP, EMAILS_PER_RELAY = scale((2, 6, 8), (10, 8, 12))
SWEEP = "cases.tasks.sweep_deadlines"
RELAY = "notifications.tasks.relay_outbox"


def _reset_pools():
    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    app.amqp._producer_pool = None
    pools.reset()


@pytest.fixture
def broker(monkeypatch):
    redis = PrivateRedis().start()
    saved = {k: app.conf[k] for k in ("broker_url", "task_always_eager", "result_backend")}
    monkeypatch.setenv("CELERY_BROKER_URL", redis.url)
    app.conf.update(broker_url=redis.url, task_always_eager=False, result_backend=None)
    _reset_pools()
    try:
        yield redis
    finally:
        app.conf.update(saved)
        _reset_pools()
        redis.stop()


def _due_deadlines(case, by, n) -> list[Deadline]:
    """`n` deadlines on `case` that are past due now: work for the next sweep."""
    return [
        deadline_services.deadline_start(
            case=case, kind="tlv_beslistermijn", started_on=clock.today() - dt.timedelta(days=100 + i), by=by
        )
        for i in range(n)
    ]


def _emails(w, case, n: int) -> None:
    """Three notifications for up to EMAILS_PER_RELAY people: e-mails for the relay of iteration `n`."""
    users = [u for u in vars(w).values() if hasattr(u, "email") and u.email][:EMAILS_PER_RELAY]
    for part in ("", "b", "c"):
        notify(
            users=users, kind="new_task", title=f"Storingstest {n}{part}", case=case, key=f"fault:{n}{part}"
        )


def _still_due() -> int:
    return Deadline.objects.filter(status="running", next_action_at__lte=clock.now()).count()


def _pending() -> int:
    return OutboxMessage.objects.filter(status="pending").count()


def _in_flight(log: str) -> str | None:
    """The task the worker had started and not finished when it was killed (from its INFO log)."""
    started = re.findall(r"Task (\S+)\[([0-9a-f-]+)\] received", log)
    done = set(re.findall(r"Task \S+\[([0-9a-f-]+)\] (?:succeeded|raised|retry)", log))
    busy = [name for name, task_id in started if task_id not in done]
    return busy[0] if busy else None


def test_killing_the_worker_mid_sweep_and_mid_delivery_loses_and_doubles_nothing(broker, world, tmp_path):
    cases = [steps.concept(world).case for _ in range(CASES)]
    deadlines: list[Deadline] = []
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    env = app_env(
        DATABASE_URL=database_url(connection.settings_dict),
        CELERY_BROKER_URL=broker.url,
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=mail_dir,
        SWEEP_BATCH_SIZE=2,
        OUTBOX_RELAY_LIMIT=10_000,
        # a link whose in-process append a kill prevented is taken over by the relay after this grace
        AUDIT_RELAY_GRACE_SECONDS=2,
        DOCUMENT_ROOT=tmp_path / "documents",
    )
    rng = random.Random(10)
    killed_in = Counter()
    whole_worker_kills = 0
    starts = iter(range(10_000))

    def start_worker():
        w = celery_worker(env, tmp_path / f"worker-{next(starts)}.log").start()
        wait_until(lambda: "ready." in w.output(), timeout=90, what="worker ready")
        return w

    t0 = time.monotonic()
    worker = start_worker()
    timing = {"first worker": time.monotonic() - t0}
    try:
        n = 0

        def enough():
            sweep, delivery = killed_in["mid-sweep"], killed_in["mid-delivery"]
            return sweep + delivery >= KILLS and sweep and delivery

        while not enough() and n < 10 * KILLS:
            n += 1
            case = cases[n % len(cases)]
            # beat's work, alternately: a sweep with fresh due deadlines (it escalates and promises e-mails),
            # and a relay with fresh e-mails to deliver
            if n % 2:
                batch = _due_deadlines(case, world.consulent, DEADLINES_PER_SWEEP)
                deadlines += batch
                task = app.send_task(SWEEP)
                progress = DeadlineStep.objects.filter(deadline__in=batch)
            else:
                _emails(world, case, n)
                task = app.send_task(RELAY)
                progress = Notification.objects.filter(
                    key__startswith=f"fault:{n}:", emailed_at__isnull=False
                )
            connection.close()
            wait_until(lambda t=task, w=worker: f"[{t.id}] received" in w.output(), timeout=60, interval=0.02)
            # kill once the task has visibly started its work (or within 3 s), at a random moment after that
            with contextlib.suppress(TimeoutError):
                wait_until(progress.exists, timeout=3, interval=0.01)
            time.sleep(rng.uniform(0.0, 0.15 if n % 2 else 0.03))  # a relay is quicker than a sweep
            busy = _in_flight(worker.output())
            killed_in[{SWEEP: "mid-sweep", RELAY: "mid-delivery"}.get(busy, "after the task")] += 1
            if FULL and n % 10 == 0:  # the whole worker, master and pool process
                worker.kill()
                whole_worker_kills += 1
                worker = start_worker()
            else:  # the pool process running the task; the master forks a new one
                old = pool_children(worker)
                for pid in old:
                    os.kill(pid, signal.SIGKILL)
                wait_until(
                    lambda o=old, w=worker: (c := pool_children(w)) and c != o,
                    timeout=30,
                    what="new pool process",
                )

        timing["kills"] = time.monotonic() - t0 - timing["first worker"]
        # recovery: beat's two tasks every few seconds, until nothing is due or pending

        def settled():
            if _still_due() or _pending():
                app.send_task(SWEEP)
                app.send_task(RELAY)
                return False
            return True

        wait_until(settled, timeout=scale(120, 900), interval=1, what="sweep and outbox to finish")
        timing["recovery"] = time.monotonic() - t0 - timing["kills"] - timing["first worker"]
    finally:
        worker.stop()

    lost, duplicated, handed_twice, problems = _count(deadlines, mail_dir)
    RESULTS.lost += lost
    RESULTS.duplicated += duplicated
    RESULTS.note(
        f"faults / worker SIGKILL: {sum(killed_in.values())} kills ({killed_in['mid-sweep']} mid-sweep, "
        f"{killed_in['mid-delivery']} mid-delivery, {killed_in['after the task']} just after the task; "
        f"{whole_worker_kills} of the whole worker) over {len(deadlines)} due deadlines and "
        f"{n // 2} relays: {lost} lost, {duplicated} duplicated; "
        f"e-mails handed over twice (same Message-ID, killed between SMTP and commit): {handed_twice} "
        f"[{', '.join(f'{k} {v:.0f} s' for k, v in timing.items())}]"
    )
    assert problems == [], problems[:20]
    assert enough(), killed_in


def _any_of(prefix, rows, suffix) -> str:
    return "^" + prefix + ":(" + "|".join(str(r.pk) for r in rows) + "):" + suffix


def _count(deadlines, mail_dir):
    lost = duplicated = 0
    problems = []

    def check(what, got, want=1):
        nonlocal lost, duplicated
        if got < want:
            lost += want - got
            problems.append(f"lost: {what} ({got} of {want})")
        elif got > want:
            duplicated += got - want
            problems.append(f"duplicated: {what} ({got} instead of {want})")

    sent_ids = Counter()
    for path in mail_dir.iterdir():
        sent_ids.update(re.findall(r"^Message-ID: (\S+)$", path.read_text(errors="replace"), re.MULTILINE))
    escalation_items = []
    for d in Deadline.objects.filter(pk__in=[d.pk for d in deadlines]).select_related("case"):
        check(f"breach of deadline {d.pk}", int(d.breached_at is not None))
        check(f"step keys of {d.pk}", d.steps.count(), 2)  # warning + breach
        for action in ("deadline_warning", "deadline_breach"):
            check(
                f"{action} line of {d.pk}",
                CaseEvent.objects.filter(action=action, data__deadline=d.pk).count(),
            )
        for role in d.escalate_roles:
            items = list(WorkItem.objects.filter(idempotency_key=f"deadline:{d.pk}:breach:{role}"))
            check(f"escalation of {d.pk} to {role}", len(items))
            escalation_items += items
        check(
            f"escalation work items of {d.pk}",
            WorkItem.objects.filter(
                case=d.case,
                kind="escalation",
                node=f"escalatie_{d.kind}",
                idempotency_key__startswith=f"deadline:{d.pk}:",
            ).count(),
            len(d.escalate_roles),
        )
    for item in escalation_items:
        check(
            f"timeline line of escalation {item.pk}",
            CaseEvent.objects.filter(action="workitem_create", data__work_item=item.pk).count(),
        )
        expected = set(
            policies.role_members(
                item.role, swv_id=item.swv_id, school_id=item.school_id, gemeente_id=item.gemeente_id
            ).values_list("pk", flat=True)
        )
        got = Counter(
            Notification.objects.filter(key__startswith=f"workitem:{item.pk}:u").values_list(
                "user_id", flat=True
            )
        )
        for user_id in expected:
            check(f"notification of escalation {item.pk} to user {user_id}", got[user_id])
    handed_twice = 0
    # what the sweep notified: the warnings of these deadlines and the escalations it created
    warnings = Notification.objects.filter(key__regex=_any_of("deadline", deadlines, "warning"))
    relayed = Notification.objects.filter(key__startswith="fault:")
    check("notifications promised for the relays", int(relayed.exists()))
    swept = (
        list(relayed)
        + list(warnings)
        + list(Notification.objects.filter(key__regex=_any_of("workitem", escalation_items, "u")))
    )
    check("warning notifications", int(warnings.exists()))
    for n in swept:
        if not n.user.email:
            continue
        check(f"e-mail of notification {n.pk}", int(n.emailed_at is not None))
        handed = sent_ids[f"<notification.{n.pk}@swv.example>"]
        check(f"e-mail of notification {n.pk} in the mail sink", min(handed, 1))
        handed_twice += max(handed - 1, 0)
    check(
        "outbox messages still pending or given up", OutboxMessage.objects.exclude(status="sent").count(), 0
    )
    for problem in chain_problems():
        lost += 1
        problems.append(problem)
    return lost, duplicated, handed_twice, problems
