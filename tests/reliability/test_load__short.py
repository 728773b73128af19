"""The load scenario of `make loadtest` (issue 10), short: a few locust users for a few seconds against
gunicorn on the test database, through the same locustfile (inbox, case pages, task completions through the
real forms); no request may fail."""

from __future__ import annotations

import json

import pytest
import requests
from django.db import connection

from loadtest.run import run_locust
from loadtest.seed import seed
from tests.reliability.harness import FULL, RESULTS
from tests.reliability.processes import app_env, database_url, free_port, gunicorn, wait_until

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(FULL, reason="make reliability runs the full load through make loadtest"),
]


def test_a_short_load_has_no_errors_and_completes_tasks(tmp_path, monkeypatch):
    data = seed(aanvragen=4, users_per_role=3, progress=lambda line: None)
    path = tmp_path / "sessions.json"
    path.write_text(json.dumps(data))
    env = app_env(
        DATABASE_URL=database_url(connection.settings_dict),
        CELERY_BROKER_URL="memory://",
        CELERY_TASK_ALWAYS_EAGER=1,
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        DOCUMENT_ROOT=tmp_path / "documents",
    )
    connection.close()
    port = free_port()
    server = gunicorn(env, tmp_path / "gunicorn.log", port, workers=2, threads=4).start()
    try:
        host = f"http://127.0.0.1:{port}"
        wait_until(lambda: _ok(host + "/inloggen/"), timeout=60, what="gunicorn up")
        monkeypatch.setenv("LOADTEST_WAIT", "0.1,0.5")
        result = run_locust(host=host, data=path, users=8, spawn_rate=8, seconds=8, out=tmp_path / "locust")
    finally:
        server.stop()
    RESULTS.load_errors = (RESULTS.load_errors or 0) + result.errors
    RESULTS.note(
        f"load (short): {result.requests} requests, {result.errors} errors; p95 per page (ms): "
        + ", ".join(f"{name} {p95}" for name, (_, _, p95) in sorted(result.pages.items()))
    )
    assert result.errors == 0, result.failures
    assert result.pages.get("task completion", (0,))[0] > 0  # the real forms were posted


def _ok(url):
    try:
        return requests.get(url, timeout=5).status_code == 200
    except requests.RequestException:
        return False
