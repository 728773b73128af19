"""PostgreSQL restarted under load (issue 10): gunicorn serves a logged-in user's pages from a PRIVATE
PostgreSQL cluster (a copy of the test database on another port) while that cluster is stopped and started
again. Every answer is a 200 or a clean 503 (short Dutch page, no stack trace); once the cluster is back the
same gunicorn (no restart) answers 200 again: Django reconnects, persistent connections are health-checked.

Short in `make test` (one restart); `make reliability`: five restarts under heavier load.
"""

from __future__ import annotations

import threading
import time
from collections import Counter

import pytest
import requests
from django.conf import settings as django_settings
from django.db import connection

from tests import tlv_steps as steps
from tests.reliability.harness import RESULTS, scale
from tests.reliability.processes import (
    PrivatePostgres,
    app_env,
    database_url,
    free_port,
    gunicorn,
    pg_tools_available,
    wait_until,
)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not pg_tools_available(), reason="needs PostgreSQL 15 server binaries (initdb, pg_ctl)"
    ),
]

RESTARTS = scale(1, 5)
CLIENTS = scale(4, 16)
DOWN_SECONDS = scale(1.0, 3.0)


class Load:
    """CLIENTS threads requesting pages in a loop, recording what came back."""

    def __init__(self, base, cookies, paths):
        self.base, self.cookies, self.paths = base, cookies, paths
        self.stop = threading.Event()
        self.results: list[tuple[float, int, str]] = []  # (time, status, problem)
        self.lock = threading.Lock()

    def run(self):
        session = requests.Session()
        session.cookies.update(self.cookies)
        i = 0
        while not self.stop.is_set():
            path = self.paths[i % len(self.paths)]
            i += 1
            problem = ""
            try:
                r = session.get(self.base + path, timeout=30, allow_redirects=False)
                status, body = r.status_code, r.text
                if status == 503 and (
                    "De database is even niet bereikbaar" not in body or r.headers.get("Retry-After") != "30"
                ):
                    problem = "503 without the Dutch page"
                if "Traceback" in body or "psycopg" in body or "OperationalError" in body:
                    problem = "stack trace or driver error shown"
            except requests.RequestException as exc:
                status, problem = 0, f"no answer: {type(exc).__name__}"
            with self.lock:
                self.results.append((time.monotonic(), status, problem))

    def since(self, moment):
        with self.lock:
            return [r for r in self.results if r[0] >= moment]


def test_a_postgres_restart_under_load_gives_clean_503s_and_the_app_recovers_without_a_restart(
    world, tmp_path
):
    a = steps.ingediend(world)
    login = django_settings.SESSION_COOKIE_NAME
    from django.test import Client

    client = Client()
    client.force_login(world.consulent)
    cookies = {login: client.cookies[login].value}
    source = database_url(connection.settings_dict)
    connection.close()

    pg = PrivatePostgres().start()
    server = None
    try:
        pg.copy_database(source, "passend_fault")
        port = free_port()
        env = app_env(
            DATABASE_URL=pg.url("passend_fault"),
            DB_CONN_MAX_AGE=60,  # persistent connections: each must be health-checked after the restart
            CELERY_BROKER_URL="memory://",
            CELERY_TASK_ALWAYS_EAGER=1,
            DOCUMENT_ROOT=tmp_path / "documents",
        )
        server = gunicorn(env, tmp_path / "gunicorn.log", port, workers=2, threads=4).start()
        base = f"http://127.0.0.1:{port}"
        wait_until(lambda: _get(base + "/inloggen/") == 200, timeout=60, what="gunicorn up")
        master = server.proc.pid

        load = Load(base, cookies, ["/taken/", f"/casussen/{a.case_id}/", "/berichten/"])
        threads = [threading.Thread(target=load.run, daemon=True) for _ in range(CLIENTS)]
        for t in threads:
            t.start()
        recoveries = []
        try:
            for _ in range(RESTARTS):
                time.sleep(1.0)
                pg.stop("fast")
                time.sleep(DOWN_SECONDS)
                pg.start()
                back = time.monotonic()
                first_ok = wait_until(
                    lambda b=back: next((r[0] for r in load.since(b) if r[1] == 200), None),
                    timeout=30,
                    what="a 200 after the restart",
                )
                recoveries.append(first_ok - back)
            time.sleep(1.0)
        finally:
            load.stop.set()
            for t in threads:
                t.join(40)

        statuses = Counter(status for _, status, _ in load.results)
        problems = Counter(problem for _, _, problem in load.results if problem)
        unclean = sum(n for status, n in statuses.items() if status not in (200, 503))
        assert server.alive and server.proc.pid == master  # recovered without restarting gunicorn
        log = server.output()
    finally:
        if server is not None:
            server.stop()
        pg.destroy()

    RESULTS.note(
        f"faults / PostgreSQL restart under load: {RESTARTS} restart(s), {sum(statuses.values())} requests "
        f"by {CLIENTS} clients: {statuses[200]} x 200, {statuses[503]} x 503 (clean), {unclean} other, "
        f"{sum(problems.values())} with a stack trace or no Dutch page; back to 200 after "
        f"{', '.join(f'{s:.1f}' for s in recoveries)} s without restarting gunicorn"
    )
    assert statuses[503] > 0, "the restart was not noticed: the load did not reach the database"
    assert unclean == 0, statuses
    assert not problems, problems
    assert "Traceback" not in log or "OperationalError" in log  # logged server-side only


def _get(url):
    try:
        return requests.get(url, timeout=5).status_code
    except requests.RequestException:
        return None
