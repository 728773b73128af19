"""`make prod-local`: the production processes without Docker, on the local PostgreSQL and Redis.

    python -m config.prod_local [--port 8000] [--no-collectstatic] [--web-workers 2]

Runs the migrations and collectstatic, then starts gunicorn (web), a Celery worker and Celery beat with the
current environment (DATABASE_URL, CELERY_BROKER_URL, SECRET_KEY, ...), prints what it does, and stops all
three on Ctrl-C / SIGTERM or as soon as one of them dies (exit code 1). The production smoke test
(tests/deploy/test_prod_local__smoke.py) drives exactly this launcher.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def say(message: str) -> None:
    print(f"==> {message}", flush=True)


def run_checked(args: list[str], env: dict) -> None:
    say(" ".join(args[1:]))
    subprocess.run(args, cwd=ROOT, env=env, check=True)


def create_database(url: str) -> None:
    """Create the PostgreSQL database of DATABASE_URL when it does not exist yet."""
    from urllib.parse import unquote, urlparse

    parsed = urlparse(url)
    if not parsed.scheme.startswith("postgres"):
        return
    import psycopg

    name = parsed.path.lstrip("/")
    params = {"host": parsed.hostname or "127.0.0.1", "port": parsed.port or 5432, "dbname": "postgres"}
    if parsed.username:
        params["user"] = unquote(parsed.username)
    if parsed.password:
        params["password"] = unquote(parsed.password)
    with psycopg.connect(autocommit=True, **params) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            say(f"creating database {name}")
            conn.execute(f'CREATE DATABASE "{name}"')


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--web-workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2")))
    parser.add_argument("--worker-concurrency", type=int, default=2)
    parser.add_argument("--no-migrate", action="store_true")
    parser.add_argument("--no-collectstatic", action="store_true")
    parser.add_argument(
        "--create-database", action="store_true", help="create the PostgreSQL database if missing"
    )
    args = parser.parse_args(argv)

    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    env.setdefault("LOG_FORMAT", "json")
    env["CELERY_TASK_ALWAYS_EAGER"] = "0"  # the worker runs the tasks, not the web process
    if env.get("CELERY_BROKER_URL", "memory://").startswith("memory"):
        say("CELERY_BROKER_URL must point at Redis (e.g. redis://127.0.0.1:6379/0)")
        return 2
    python = sys.executable
    if args.create_database:
        create_database(env.get("DATABASE_URL", ""))
    if not args.no_migrate:
        run_checked([python, "manage.py", "migrate", "--noinput"], env)
    if not args.no_collectstatic:
        run_checked([python, "manage.py", "collectstatic", "--noinput", "-v", "0"], env)

    schedule = Path(tempfile.mkdtemp(prefix="celerybeat-")) / "schedule"
    bin_dir = Path(python).parent
    processes = {
        "web": [
            str(bin_dir / "gunicorn"),
            "config.wsgi:application",
            "--config",
            "python:config.gunicorn",
            "--bind",
            f"{args.host}:{args.port}",
            "--workers",
            str(args.web_workers),
        ],
        "worker": [
            str(bin_dir / "celery"),
            "-A",
            "config",
            "worker",
            "--loglevel",
            "INFO",
            "--concurrency",
            str(args.worker_concurrency),
            "--without-gossip",
            "--without-mingle",
        ],
        "beat": [
            str(bin_dir / "celery"),
            "-A",
            "config",
            "beat",
            "--loglevel",
            "INFO",
            "--schedule",
            str(schedule),
        ],
    }
    running: dict[str, subprocess.Popen] = {}
    stopping = False

    def stop(*_):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for name, command in processes.items():
        say(f"starting {name}: {' '.join(command[1:4])} …")
        running[name] = subprocess.Popen(command, cwd=ROOT, env=env)
    say(f"web on http://{args.host}:{args.port}/ (health: /healthz); Ctrl-C stops all three")

    code = 0
    while not stopping:
        for name, process in running.items():
            if process.poll() is not None:
                say(f"{name} stopped (exit {process.returncode}); stopping the others")
                stopping, code = True, 1
                break
        time.sleep(0.5)

    for name, process in running.items():
        if process.poll() is None:
            say(f"stopping {name}")
            process.terminate()
    deadline = time.monotonic() + 20
    for process in running.values():
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    say("stopped")
    return code


if __name__ == "__main__":
    sys.exit(main())
