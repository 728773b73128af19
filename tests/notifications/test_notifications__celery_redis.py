"""With Redis reachable: a notification's e-mail goes through the real broker to a real Celery worker."""

import os
import time

import pytest
from celery.contrib.testing.worker import start_worker
from kombu import pools

from config.celery import app
from notifications.models import Notification
from notifications.services import notify

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def _reset_pools():
    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    app.amqp._producer_pool = None
    pools.reset()  # kombu's global registry still holds the pool closed above (after an earlier eager task)


@pytest.fixture
def redis_celery(monkeypatch):
    saved = {k: app.conf[k] for k in ("broker_url", "task_always_eager", "result_backend")}
    # Celery prefers the CELERY_BROKER_URL environment variable (memory:// in tests) over app.conf
    monkeypatch.setenv("CELERY_BROKER_URL", os.environ["REDIS_TEST_URL"])
    app.conf.update(broker_url=os.environ["REDIS_TEST_URL"], task_always_eager=False, result_backend=None)
    _reset_pools()
    try:
        with start_worker(
            app, pool="solo", perform_ping_check=False, shutdown_timeout=10, loglevel="WARNING"
        ):
            yield app
    finally:
        app.conf.update(saved)
        _reset_pools()


def test_email_is_sent_once_by_a_worker_over_redis(redis_celery, world, mailoutbox):
    with redis_celery.connection_for_write() as conn:
        assert conn.transport.driver_type == "redis"
    notify(users=[world.consulent], kind="new_task", title="Nieuwe taak: test", key="redis-test")
    n = Notification.objects.get(key__startswith="redis-test")
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:  # wait for the worker (bounded), not for a timer
        n.refresh_from_db()
        if n.emailed_at:
            break
        time.sleep(0.1)
    assert n.emailed_at is not None
    assert [m.to for m in mailoutbox] == [[world.consulent.email]]
