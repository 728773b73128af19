"""Two sweeps at the same moment over the same overdue deadlines: every step happens exactly once."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from cases import clock
from cases.models import Case, Deadline, DeadlineStep, WorkItem
from cases.services import deadlines as deadline_services
from cases.services import tlv
from cases.services.deadlines import sweep_deadlines
from notifications.models import Notification
from tests.concurrency import run_concurrently

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

N = 20


def overdue_deadlines(w, n=N):
    """n beslistermijnen started 60 days ago (6 weeks: past due), each on its own case."""
    started = clock.today() - dt.timedelta(days=60)
    out = []
    for i in range(n):
        case = Case.objects.create(
            swv=w.swv,
            leerling=w.leerling_a,
            school=w.school_a,
            route="tlv",
            reference=f"SWEEP-{w.swv.code}-{i:03d}",
            opened_at=clock.now(),
            created_by=w.school_user,
        )
        out.append(
            deadline_services.deadline_start(
                case=case, kind=tlv.BESLISTERMIJN, started_on=started, by=w.consulent
            )
        )
    return out


@pytest.mark.parametrize("batch_size", [3, 500], ids=["small-batches", "one-batch"])
def test_two_parallel_sweeps_take_every_step_once(world, batch_size):
    deadlines = overdue_deadlines(world)
    assert all(d.next_action_at <= clock.now() for d in deadlines)
    now = clock.now()

    outcomes = run_concurrently(
        lambda: sweep_deadlines(now=now, batch_size=batch_size),
        lambda: sweep_deadlines(now=now, batch_size=batch_size),
    )

    assert [o.error for o in outcomes] == [None, None]
    assert sum(o.value for o in outcomes) == 2 * N  # a warning and a breach per deadline, once
    steps = Counter(DeadlineStep.objects.values_list("deadline_id", "step"))
    assert set(steps) == {(d.pk, s) for d in deadlines for s in ("warning", "breach")}
    assert set(steps.values()) == {1}

    pairs = Counter(
        (int(key.split(":")[1]), role)
        for key, role in WorkItem.objects.filter(kind="escalation").values_list("idempotency_key", "role")
    )
    # exactly one escalation per (deadline, role)
    assert pairs == Counter({(d.pk, r): 1 for d in deadlines for r in ("beslisser", "cva_voorzitter")})
    assert Notification.objects.filter(kind="escalation", user=world.beslisser).count() == N
    assert Notification.objects.filter(kind="escalation", user=world.voorzitter).count() == N
    assert not Deadline.objects.filter(pk__in=[d.pk for d in deadlines], breached_at__isnull=True).exists()
    assert not Deadline.objects.filter(
        pk__in=[d.pk for d in deadlines], next_action_at__isnull=False
    ).exists()

    # and a third sweep afterwards finds nothing to do
    assert sweep_deadlines(now=now) == 0
    assert WorkItem.objects.filter(kind="escalation").count() == 2 * N
