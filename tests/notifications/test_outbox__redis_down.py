"""Redis down: state changes still commit, nobody waits for the broker, and every promised e-mail
and webhook is delivered once the broker is back and beat sends the relay. Runs a private redis-server on a
free port (never the shared one), with a real Celery worker."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time

import pytest
from celery.contrib.testing.worker import start_worker
from kombu import pools

from config.celery import app
from notifications import outbox
from notifications.models import Notification, OutboxMessage
from notifications.tasks import relay_outbox
from tests.webhooks.receiver import Receiver
from webhooks.models import WebhookDelivery
from webhooks.services import subscription_create

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs the redis-server binary"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _reset_pools():
    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    app.amqp._producer_pool = None
    pools.reset()


@pytest.fixture
def private_broker(monkeypatch, tmp_path):
    port = _free_port()
    url = f"redis://127.0.0.1:{port}/0"
    saved = {k: app.conf[k] for k in ("broker_url", "task_always_eager", "result_backend")}
    monkeypatch.setenv("CELERY_BROKER_URL", url)
    app.conf.update(broker_url=url, task_always_eager=False, result_backend=None)
    _reset_pools()
    monkeypatch.setattr(outbox, "_broker_down_until", 0.0)
    procs = []

    def start():
        proc = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(tmp_path),
            ],
            stdout=subprocess.DEVNULL,
        )
        procs.append(proc)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("private redis-server did not start")

    try:
        yield start
    finally:
        for proc in procs:
            proc.terminate()
            proc.wait(10)
        app.conf.update(saved)
        _reset_pools()


@pytest.fixture
def receiver():
    with Receiver() as r:
        yield r


def test_with_redis_down_the_state_change_commits_and_the_email_and_webhook_follow_when_it_returns(
    private_broker, world, steps, mailoutbox, receiver, settings
):
    settings.WEBHOOK_ALLOW_HTTP = True  # the receiver: plain http on this machine's loopback
    settings.WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    subscription_create(
        by=world.beheerder, swv=world.swv, name="Dashboard", url=receiver.url, event_types=["case.transition"]
    )
    started = time.monotonic()
    a = steps.ingediend(world)  # the school submits while the broker is unreachable
    assert time.monotonic() - started < 15  # kicks fail fast (and stop trying), no request hangs on Redis

    assert steps.fresh(a).status == "ingediend"  # committed
    task_mail = Notification.objects.get(case=a.case, user=world.consulent, kind="new_task")
    pending = OutboxMessage.objects.filter(topic="email", status="pending")
    assert pending.filter(key=f"email:notification:{task_mail.pk}").exists()
    promised = set(pending.values_list("payload__notification", flat=True))
    assert promised and mailoutbox == []
    hook = WebhookDelivery.objects.get(case=a.case, event_type="case.transition")
    assert OutboxMessage.objects.get(key=f"webhook:{hook.pk}").status == "pending"
    assert receiver.requests == []

    private_broker()  # Redis is back
    outbox._broker_down_until = 0.0
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10, loglevel="WARNING"):
        relay_outbox.apply_async()  # what beat sends every minute
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and OutboxMessage.objects.filter(status="pending").exists():
            time.sleep(0.1)

    assert not OutboxMessage.objects.filter(status="pending").exists()
    emailed = Notification.objects.filter(pk__in=promised, emailed_at__isnull=False)
    assert emailed.count() == len(promised)
    assert len(mailoutbox) == len(promised)  # each once
    assert [world.consulent.email] in [m.to for m in mailoutbox]
    hook.refresh_from_db()
    assert (hook.status, hook.attempts) == ("delivered", 1)
    assert [r["headers"]["X-Passend-Event-Id"] for r in receiver.requests] == [str(hook.event_id)]  # once
