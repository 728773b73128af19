"""Point Django at the benchmark database (never the test database) before it is set up."""

from __future__ import annotations

import os
import tempfile
from urllib.parse import urlparse, urlunparse

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/passend"


def bench_url(db_name: str | None) -> tuple[str, str]:
    """(URL, database name): DATABASE_URL's server with `db_name`, default '<its database>_bench'."""
    base = os.environ.get("BENCH_SERVER_URL") or os.environ.get("DATABASE_URL") or DEFAULT_URL
    if not base.startswith("postgres"):
        base = DEFAULT_URL
    parsed = urlparse(base)
    name = db_name or f"{parsed.path.lstrip('/') or 'passend'}_bench"
    if name.startswith("test_") and not os.environ.get("BENCH_ALLOW_TEST_NAME"):
        raise SystemExit(f"refusing to use '{name}': the benchmark never runs in a test database")
    return urlunparse(parsed._replace(path=f"/{name}")), name


def configure(db_name: str | None) -> str:
    """Set the environment for config.settings; returns the database name."""
    url, name = bench_url(db_name)
    os.environ.setdefault("BENCH_SERVER_URL", os.environ.get("DATABASE_URL") or DEFAULT_URL)  # for workers
    os.environ["DATABASE_URL"] = url
    # the project's settings plus the bare viewflow peer's app (bench/settings.py), in workers too
    base = os.environ.get("DJANGO_SETTINGS_MODULE") or "config.settings"
    if base != "bench.settings":
        os.environ["BENCH_BASE_SETTINGS"] = base
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    # like production: Celery tasks are queued (in memory here, no worker), not run inline
    os.environ["CELERY_BROKER_URL"] = os.environ.get("BENCH_BROKER_URL", "memory://")
    os.environ["CELERY_TASK_ALWAYS_EAGER"] = "0"
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
    os.environ.setdefault("DOCUMENT_ROOT", os.path.join(tempfile.gettempdir(), f"{name}-documents"))
    os.environ["ALLOWED_HOSTS"] = "testserver,localhost,127.0.0.1"
    os.environ["DEBUG"] = "0"
    return name


def ensure_database(name: str, template: str | None = None) -> bool:
    """Create the benchmark database when missing (from `template` if given). True when created."""
    import psycopg

    parsed = urlparse(os.environ["DATABASE_URL"])
    admin = dict(
        host=parsed.hostname or "127.0.0.1",
        port=parsed.port or 5432,
        user=parsed.username or "postgres",
        dbname="postgres",
        autocommit=True,
    )
    if parsed.password:
        admin["password"] = parsed.password
    with psycopg.connect(**admin) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists:
            return False
        sql = f'CREATE DATABASE "{name}"'
        if template:
            sql += f' TEMPLATE "{template}"'
        conn.execute(sql)
        return True


def drop_database(name: str) -> None:
    import psycopg

    parsed = urlparse(os.environ["DATABASE_URL"])
    with psycopg.connect(
        host=parsed.hostname or "127.0.0.1",
        port=parsed.port or 5432,
        user=parsed.username or "postgres",
        dbname="postgres",
        autocommit=True,
    ) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
