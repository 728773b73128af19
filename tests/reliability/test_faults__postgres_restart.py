"""gunicorn against a PRIVATE PostgreSQL cluster (a copy of the test database, seeded as for the load test,
on another port):

1. Load, short: the locust scenario of `make loadtest` (inbox, case pages, task completions through the real
   forms) with a few users for a few seconds; no request may fail. (`make reliability` runs the full load
   through `make loadtest` instead.)
2. PostgreSQL restarted under load: logged-in users' pages are requested in a loop while the cluster is
   stopped and started again. Every answer is a 200 or a clean 503 (short Dutch page, no stack trace); once
   the cluster is back the same gunicorn (no restart) answers 200 again: Django reconnects, persistent
   connections are health-checked. One restart in `make test`, five under heavier load in the full run.
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter

import pytest
import requests
from django.conf import settings as django_settings
from django.db import connection

from loadtest.run import run_locust
from loadtest.seed import seed
from tests.reliability.harness import FULL, RESULTS, scale
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
BURSTS = 4  # short load bursts at most, in `make test`


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


def test_load_without_errors_then_postgres_restarts_give_clean_503s_and_the_app_recovers(
    tmp_path, monkeypatch
):
    data = seed(aanvragen=12, users_per_role=3, logins=8, progress=lambda line: None)
    consulent = data["users"]["consulent"][0]
    cookies = {django_settings.SESSION_COOKIE_NAME: consulent["session"]}
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
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
            DOCUMENT_ROOT=tmp_path / "documents",
        )
        server = gunicorn(env, tmp_path / "gunicorn.log", port, workers=2, threads=4).start()
        base = f"http://127.0.0.1:{port}"
        wait_until(lambda: _get(base + "/inloggen/") == 200, timeout=60, what="gunicorn up")
        master = server.proc.pid

        if not FULL:  # 1. the load scenario, short
            monkeypatch.setenv("LOADTEST_WAIT", "0.1,0.5")
            # Short bursts until the scenario has posted a real task form and a real TOTP login: on a
            # loaded machine one burst may end before a slow user reaches its first completion.
            done = Counter()
            for burst in range(BURSTS):
                # each burst its own open tasks and its own TOTP accounts: a task is completed once, and a
                # TOTP code is single-use, so a later burst must not reuse what an earlier one consumed
                burst_data = tmp_path / f"sessions{burst}.json"
                burst_data.write_text(
                    json.dumps(
                        {
                            **data,
                            "items": data["items"][burst::BURSTS],
                            "logins": data.get("logins", [])[2 * burst : 2 * burst + 2],
                        }
                    )
                )
                load_result = run_locust(
                    host=base,
                    data=burst_data,
                    users=8,
                    spawn_rate=8,
                    seconds=6,
                    out=tmp_path / f"locust{burst}",
                )
                RESULTS.load_errors = (RESULTS.load_errors or 0) + load_result.errors
                RESULTS.note(
                    f"load (short, burst {burst + 1}): {load_result.requests} requests, "
                    f"{load_result.errors} errors; p95 per page (ms): "
                    + ", ".join(f"{name} {p95}" for name, (_, _, p95) in sorted(load_result.pages.items()))
                )
                assert load_result.errors == 0, load_result.failures
                for name in ("task completion", "login 2FA code"):
                    done[name] += load_result.pages.get(name, (0,))[0]
                if done["task completion"] and done["login 2FA code"]:
                    break
            assert done["task completion"] > 0  # the real forms were posted
            assert done["login 2FA code"] > 0  # and real logins with TOTP

        # 2. restarts under load
        case_id = consulent["cases"][0]
        load = Load(base, cookies, ["/taken/", f"/casussen/{case_id}/", "/berichten/"])
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
