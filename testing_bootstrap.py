"""pytest plugin (loaded with -p testing_bootstrap): test database selection, before Django reads settings.

`make test` runs on PostgreSQL from DATABASE_URL (default: user postgres on 127.0.0.1:5432). Where no
PostgreSQL is reachable the suite falls back to SQLite and only the tests marked `postgres` are skipped,
with the reason printed. With CI=true a missing PostgreSQL is an error.
"""

import os
import socket
from urllib.parse import urlparse

import pytest

DEFAULT_TEST_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/passend"
POSTGRES_REASON = None


def _reachable(url: str) -> str | None:
    """None when PostgreSQL answers at `url`, else the reason."""
    parsed = urlparse(url)
    try:
        import psycopg

        with psycopg.connect(
            host=parsed.hostname or "127.0.0.1",
            port=parsed.port or 5432,
            user=parsed.username or "postgres",
            password=parsed.password or None,
            dbname="postgres",
            connect_timeout=3,
        ):
            return None
    except Exception as exc:  # any failure means: not reachable
        where = f"{parsed.hostname}:{parsed.port or 5432}"
        return f"PostgreSQL not reachable at {where} ({exc.__class__.__name__}: {exc})"


def _redis_reachable(url: str) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 6379), timeout=1):
            return True
    except OSError:
        return False


_url = os.environ.get("DATABASE_URL") or DEFAULT_TEST_DATABASE_URL
if _url.startswith("postgres"):
    POSTGRES_REASON = _reachable(_url)
    if POSTGRES_REASON is None:
        os.environ["DATABASE_URL"] = _url
    elif os.environ.get("CI", "").lower() == "true":
        raise SystemExit(f"CI=true and {POSTGRES_REASON}: refusing to run the suite without PostgreSQL.")
    else:
        os.environ["DATABASE_URL"] = "sqlite:///:memory:"
else:
    POSTGRES_REASON = "DATABASE_URL is not PostgreSQL"

os.environ.setdefault("REDIS_TEST_URL", "redis://127.0.0.1:6379/15")
REDIS_AVAILABLE = _redis_reachable(os.environ["REDIS_TEST_URL"])
# Tests run Celery eagerly; the Redis broker itself is exercised by tests marked `redis`.
os.environ["CELERY_BROKER_URL"] = "memory://"
os.environ.setdefault("DOCUMENT_ROOT", "/tmp/passend-test-documents")


def pytest_report_header(config):
    db = os.environ["DATABASE_URL"]
    lines = [f"database: {db.split('@')[-1] if '@' in db else db}"]
    if POSTGRES_REASON:
        lines.append(f"PostgreSQL-specific tests are SKIPPED: {POSTGRES_REASON}")
    lines.append(f"redis: {'reachable' if REDIS_AVAILABLE else 'not reachable (redis tests skipped)'}")
    return lines


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "postgres" in item.keywords and POSTGRES_REASON:
            item.add_marker(pytest.mark.skip(reason=f"needs PostgreSQL: {POSTGRES_REASON}"))
        if "redis" in item.keywords and not REDIS_AVAILABLE:
            item.add_marker(pytest.mark.skip(reason="needs Redis on 127.0.0.1:6379"))
