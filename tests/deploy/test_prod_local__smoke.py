"""Production smoke test: `make prod-local`'s launcher (gunicorn, Celery worker and beat) on its own database
and a private Redis; /healthz answers, a case is created through the API with a token, the worker runs the
term sweep (every 2 s here) and sends the escalation e-mail and the webhooks through the outbox relay; then
everything stops.
Every wait polls with a deadline; nothing sleeps a fixed time."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import psycopg
import pytest
from django.db import connections

from api import services as api_services
from cases.models import Bestuur, Gemeente, Leerling, School, Swv
from cases.roles import Role
from tests.dbcopy import free_template
from tests.factories import make_user
from tests.webhooks.receiver import Receiver
from webhooks.services import subscription_create

pytestmark = [pytest.mark.postgres, pytest.mark.redis]
ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(what: str, check, timeout: float, log: Path | None = None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.2)
    tail = ""
    if log and log.exists():
        lines = log.read_text().splitlines()
        tail = "\n".join([line for line in lines if '"INFO"' not in line][-60:] + lines[-15:])
    raise AssertionError(f"timed out waiting for {what}\n{tail}")


@pytest.fixture
def redis_url(workdir):
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server not installed")
    port = _free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        cwd=workdir,
    )

    def ready():
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    try:
        _wait("the private redis-server", ready, 10)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


def _seed(receiver_url: str) -> tuple[str, int]:
    """An SWV with a school, a pupil, a consulent with an e-mail address, an API client and a webhook
    subscription, committed in the test database (which becomes the template of the smoke database)."""
    swv = Swv.objects.create(name="SWV Smoke", code="SMOKE", sector="po")
    g = Gemeente.objects.create(name="Smokedorp", code="SM0001")
    g.swvs.add(swv)
    b = Bestuur.objects.create(name="Bestuur Smoke", swv=swv)
    school = School.objects.create(
        name="De Rook", brin="SM01", soort="regulier", bestuur=b, swv=swv, gemeente=g
    )
    leerling = Leerling.objects.create(
        swv=swv,
        voornaam="Sam",
        achternaam="Smoke",
        geboortedatum=dt.date(2016, 5, 1),
        bsn="123456782",
        woongemeente=g,
        stamschool=school,
    )
    make_user("consulent-smoke", role=Role.CONSULENT, swv=swv)  # e-mail consulent-smoke@test.example
    beheerder = make_user("beheerder-smoke", role=Role.BEHEERDER, swv=swv)
    client = api_services.client_create(
        by=beheerder, name="Smoke", swv=swv, role=Role.CONSULENT, scopes=["cases:read", "cases:write"]
    )
    _token, token = api_services.token_issue(client=client, by=beheerder)
    subscription_create(
        by=beheerder, swv=swv, name="receiver", url=receiver_url, event_types=["case.created"]
    )
    return token, leerling.pk


def _copy_of_the_test_database() -> tuple[str, dict, str]:
    """Its own database: a copy of the (migrated, seeded) test database; CREATE DATABASE ... TEMPLATE needs
    every connection to the template closed."""
    db = connections["default"].settings_dict
    template = db["NAME"]
    name = f"{template}_smoke"
    connections.close_all()
    params = {"host": db["HOST"] or "127.0.0.1", "port": db["PORT"] or 5432, "user": db["USER"] or "postgres"}
    if db.get("PASSWORD"):
        params["password"] = db["PASSWORD"]
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        free_template(admin, template)
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    auth = f"{params['user']}:{params['password']}@" if "password" in params else f"{params['user']}@"
    return f"postgres://{auth}{params['host']}:{params['port']}/{name}", params, name


def _delivery_of(params: dict, name: str):
    """(status, attempts, status code, outbox status) of the one webhook delivery, once it is sent."""
    with psycopg.connect(dbname=name, autocommit=True, **params) as conn:
        row = conn.execute(
            "SELECT d.status, d.attempts, d.last_status_code, m.status FROM webhooks_webhookdelivery d "
            "JOIN notifications_outboxmessage m ON m.key = 'webhook:' || d.id"
        ).fetchone()
    return row if row and row[3] == "sent" else None


def _drop(params: dict, name: str) -> None:
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _get(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=5) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()
    except OSError:
        return None, b""


def _post_json(url, body, token):
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=20) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


@pytest.fixture
def workdir():
    """Our own temp dir (not pytest's tmp_path: another pytest run on the machine may rotate those away)."""
    path = Path(tempfile.mkdtemp(prefix="passend-smoke-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.mark.django_db(transaction=True)
def test_the_production_processes_serve_sweep_and_notify(workdir, redis_url, settings):
    tmp_path = workdir
    port = _free_port()
    t0 = time.monotonic()

    def mark(label):  # progress with -s: where the time goes
        print(f"[smoke] {label}: {time.monotonic() - t0:.1f} s", flush=True)

    mail_dir = tmp_path / "mail"
    log = tmp_path / "prod-local.log"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_"))},
        "CELERY_BROKER_URL": redis_url,
        "SECRET_KEY": "smoke-test-secret-key-that-is-long-enough-1234567890",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DEBUG": "0",
        "LOG_FORMAT": "json",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
        "DOCUMENT_ROOT": str(tmp_path / "documents"),
        "SITE_URL": f"http://127.0.0.1:{port}",
        "SWEEP_INTERVAL_SECONDS": "2",
        # the receiver: plain http on this machine's loopback, allowed explicitly (refused by default)
        "WEBHOOK_ALLOW_HTTP": "1",
        "WEBHOOK_ALLOWED_NETWORKS": "127.0.0.1/32",
    }
    settings.WEBHOOK_ALLOW_HTTP = True  # the same for the subscription seeded in this process
    settings.WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    with Receiver() as receiver:
        token, leerling = _seed(receiver.url)
        smoke_db, params, name = _copy_of_the_test_database()
        env["DATABASE_URL"] = smoke_db
        mark("seeded and copied")
        with log.open("w") as out:
            launcher = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "config.prod_local",
                    "--port",
                    str(port),
                    "--no-collectstatic",
                    "--no-migrate",  # a copy of the migrated test database
                    "--web-workers",
                    "1",
                    "--worker-concurrency",
                    "1",
                ],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
            base = f"http://127.0.0.1:{port}"
            try:
                status, body = _wait("/healthz", lambda: _ok(_get(f"{base}/healthz")), 90, log)
                mark("healthz 200")
                health = json.loads(body)
                assert health["checks"]["database"] == "ok" and health["checks"]["broker"] == "ok"

                first_day = (dt.date.today() - dt.timedelta(days=40)).isoformat()
                status, created = _post_json(
                    f"{base}/api/v1/cases/thuiszitter/",
                    {"leerling": leerling, "type": "relatief", "eerste_verzuimdag": first_day},
                    token,
                )
                assert status == 201, created
                assert created["thuiszitter"]["status"] == "gemeld"

                # the beat runs the sweep every 2 s; the worker escalates (4 weeks without a plan) and e-mails
                mail = _wait("the escalation e-mail", lambda: _mail_with(mail_dir, "Escalatie"), 60, log)
                mark("escalation e-mail sent by the worker")
                assert "consulent-smoke@test.example" in mail
                hook = _wait("the webhook", lambda: receiver.requests, 30, log)[0]
                assert json.loads(hook["body"])["case"]["id"] == created["id"]
                # delivered by the worker's outbox relay: the delivery logged, its message marked sent
                delivery = _wait("the delivery's sent mark", lambda: _delivery_of(params, name), 30, log)
                assert delivery == ("delivered", 1, 200, "sent")
            finally:
                launcher.send_signal(signal.SIGTERM)
                code = launcher.wait(timeout=60)
                mark("stopped")
                _drop(params, name)
        assert code == 0, log.read_text()[-3000:]
    assert _get(f"http://127.0.0.1:{port}/healthz")[0] is None  # gunicorn is gone
    lines = [line for line in log.read_text().splitlines() if line.startswith("{")]
    assert lines and all("level" in json.loads(line) for line in lines[:50])  # JSON logs


def _ok(result):
    status, body = result
    return (status, body) if status == 200 else None


def _mail_with(directory: Path, text: str) -> str | None:
    if not directory.exists():
        return None
    for path in directory.iterdir():
        content = path.read_text(errors="replace")
        if text in content:
            return content
    return None
