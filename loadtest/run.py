"""`make loadtest`: a bounded locust run on loopback against gunicorn and PostgreSQL.

Creates its own database (`<DATABASE_URL's name>_load`, dropped afterwards unless --keep), migrates and seeds
it (loadtest/seed.py), starts gunicorn on a free port, runs locust headless (default 200 users for 5 minutes,
loadtest/locustfile.py) and prints the error count (target 0) and the p95 per page.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class LoadResult:
    requests: int = 0
    errors: int = 0
    pages: dict = field(default_factory=dict)  # name -> (requests, failures, p95 ms)
    failures: list = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"{'page':<18} {'requests':>9} {'errors':>7} {'p95 (ms)':>9}"]
        for name, (n, failed, p95) in sorted(self.pages.items()):
            out.append(f"{name:<18} {n:>9} {failed:>7} {p95:>9}")
        out.append(f"{'total':<18} {self.requests:>9} {self.errors:>7}")
        out += [f"  error: {f}" for f in self.failures[:10]]
        return out


def run_locust(
    *, host: str, data: Path, users: int, spawn_rate: float, seconds: int, out: Path
) -> LoadResult:
    out.mkdir(parents=True, exist_ok=True)
    prefix = out / "locust"
    cmd = [sys.executable, "-m", "locust", "-f", str(ROOT / "loadtest" / "locustfile.py"), "--headless"]
    cmd += [
        "-u",
        str(users),
        "-r",
        str(spawn_rate),
        "-t",
        f"{seconds}s",
        "--host",
        host,
        "--csv",
        str(prefix),
    ]
    cmd += ["--only-summary", "--stop-timeout", "30", "--loglevel", "WARNING"]
    env = {**os.environ, "LOADTEST_DATA": str(data)}
    print(f"==> locust: {users} users (+{spawn_rate}/s) for {seconds} s against {host}", flush=True)
    proc = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True)
    stats = Path(f"{prefix}_stats.csv")
    if not stats.exists():
        raise RuntimeError(f"locust wrote no statistics:\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    result = LoadResult()
    with stats.open() as f:
        for row in csv.DictReader(f):
            n, failed = int(row["Request Count"]), int(row["Failure Count"])
            if row["Name"] == "Aggregated":
                result.requests, result.errors = n, failed
            else:
                result.pages[row["Name"]] = (n, failed, row["95%"])
    failures = Path(f"{prefix}_failures.csv")
    if failures.exists():
        with failures.open() as f:
            result.failures = [f"{r['Name']}: {r['Error']} x{r['Occurrences']}" for r in csv.DictReader(f)]
    return result


def _psql(url, sql):
    import psycopg

    parsed = urlparse(url)
    with psycopg.connect(
        host=parsed.hostname,
        port=parsed.port or 5432,
        user=parsed.username or "postgres",
        dbname="postgres",
        password=parsed.password,
        autocommit=True,
    ) as conn:
        conn.execute(sql)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--seconds", type=int, default=300)
    parser.add_argument(
        "--aanvragen", type=int, default=400, help="open tasks for the consulenten to complete"
    )
    parser.add_argument("--logins", type=int, default=30, help="beslissers that log in with password + TOTP")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes (4 threads each)")
    parser.add_argument("--keep", action="store_true", help="keep the load database afterwards")
    parser.add_argument("--results", type=Path, help="write {'load_errors': n, ...} as JSON here")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    from tests.reliability.processes import free_port, gunicorn, wait_until

    base_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/passend")
    if not base_url.startswith("postgres"):
        raise SystemExit("make loadtest needs PostgreSQL (DATABASE_URL)")
    parsed = urlparse(base_url)
    name = parsed.path.lstrip("/") + "_load"
    url = parsed._replace(path=f"/{name}").geturl()
    work = Path(tempfile.mkdtemp(prefix="loadtest-"))
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DB_CONN_MAX_AGE": "60",
        "CELERY_BROKER_URL": "memory://",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "DOCUMENT_ROOT": str(work / "documents"),
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }
    print(f"==> load database {name} (fresh)", flush=True)
    _psql(base_url, f'DROP DATABASE IF EXISTS "{name}"')
    _psql(base_url, f'CREATE DATABASE "{name}"')
    server = None
    try:
        print("==> migrations", flush=True)
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], env=env, cwd=ROOT, check=True
        )
        print(f"==> seeding {args.aanvragen} aanvragen with an open task and the users' sessions", flush=True)
        data = work / "sessions.json"
        subprocess.run(
            [sys.executable, "-m", "loadtest.seed", "--aanvragen", str(args.aanvragen), "--out", str(data)]
            + ["--logins", str(args.logins)],
            env=env,
            cwd=ROOT,
            check=True,
        )
        port = free_port()
        server = gunicorn(env, work / "gunicorn.log", port, workers=args.workers, threads=4).start()
        host = f"http://127.0.0.1:{port}"
        import requests

        def up():
            try:
                return requests.get(host + "/inloggen/", timeout=5).status_code == 200
            except requests.RequestException:
                return False

        wait_until(up, timeout=120, what="gunicorn")
        started = time.monotonic()
        result = run_locust(
            host=host, data=data, users=args.users, spawn_rate=args.spawn_rate, seconds=args.seconds, out=work
        )
        print(f"==> done in {time.monotonic() - started:.0f} s; statistics in {work}")
        for line in result.lines():
            print(line)
        print(f"{result.errors} load errors")
        if args.results:
            args.results.parent.mkdir(parents=True, exist_ok=True)
            args.results.write_text(json.dumps({"load_errors": result.errors, "requests": result.requests}))
        return result
    finally:
        if server is not None:
            server.stop()
        shutil.rmtree(work / "documents", ignore_errors=True)  # the statistics stay, the uploads go
        if not args.keep:
            _psql(base_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    sys.exit(1 if main().errors else 0)
