"""/healthz and the JSON log format."""

from __future__ import annotations

import json
import logging

from django.test import Client

from config.logs import JsonFormatter


def test_healthz_is_200_json_without_login(db):
    r = Client().get("/healthz")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == "ok" and body["checks"]["broker"].startswith("ok")
    assert "no-cache" in r["Cache-Control"] or "max-age=0" in r["Cache-Control"]


def test_healthz_names_an_unreachable_broker_with_503(db, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:9/0"  # nothing listens on the discard port
    r = Client().get("/healthz")
    assert r.status_code == 503
    assert r.json()["checks"]["database"] == "ok"
    assert r.json()["checks"]["broker"].startswith("fout")


def test_healthz_names_a_failing_database_with_503(db, monkeypatch):
    from django.db import OperationalError

    from config import health

    class BrokenCursor:
        def __enter__(self):
            raise OperationalError("server closed the connection")

        def __exit__(self, *exc):
            return False

    with monkeypatch.context() as patch:  # undone before the test database is rolled back
        patch.setattr(health.connection, "cursor", BrokenCursor, raising=False)
        r = Client().get("/healthz")
    assert r.status_code == 503
    assert r.json()["checks"]["database"] == "fout: OperationalError"
    assert "server closed" not in r.content.decode()  # the kind of failure, no internals


def test_json_log_lines_carry_level_logger_message_and_extras():
    record = logging.LogRecord("cases.sweep", logging.WARNING, __file__, 1, "%s stap(pen)", (3,), None)
    record.case_id = 42
    line = json.loads(JsonFormatter().format(record))
    assert line["level"] == "WARNING" and line["logger"] == "cases.sweep"
    assert line["message"] == "3 stap(pen)" and line["case_id"] == 42
    assert line["time"].endswith("+00:00")


def test_json_logs_include_the_exception():
    try:
        raise ValueError("kapot")
    except ValueError:
        import sys

        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "mislukt", None, sys.exc_info())
    line = json.loads(JsonFormatter().format(record))
    assert "ValueError: kapot" in line["exception"]
