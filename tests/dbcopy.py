"""Copy a test database with CREATE DATABASE ... TEMPLATE, which PostgreSQL refuses while any other session
is connected to the template. A worker process may still hold idle connections there that this thread cannot
close (another thread's, e.g. a live server's request thread or a finished concurrency test's): they are
ended first, so the copy does not depend on which tests ran before on this worker."""

from __future__ import annotations

import time

import psycopg
from django.db import connections

OTHERS = "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()"


def free_template(admin: psycopg.Connection, template: str) -> None:
    """Close this thread's connections and end every other session on `template` (the tests of one worker run
    one after another, so any other session is an idle leftover); return once they are gone."""
    connections.close_all()
    admin.execute(f"SELECT pg_terminate_backend(pid) FROM ({OTHERS}) AS others", [template])
    for _ in range(100):  # terminating is asynchronous: poll the server until the sessions have left
        if not admin.execute(OTHERS, [template]).fetchone():
            return
        time.sleep(0.05)
