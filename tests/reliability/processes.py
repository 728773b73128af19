"""Real processes for the fault and load scripts: a PRIVATE redis-server and PostgreSQL cluster on
free ports (the shared servers are never touched), Celery workers and gunicorn against them."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[2]
PG_BIN = Path("/usr/lib/postgresql/15/bin")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(predicate, *, timeout: float, interval: float = 0.1, what: str = "condition"):
    """Poll `predicate` until it is truthy (returned) or `timeout` seconds pass (TimeoutError)."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"waited {timeout} s for {what}")
        time.sleep(interval)


def port_open(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
        return True
    except OSError:
        return False


def pg_tools_available() -> bool:
    return (
        (PG_BIN / "initdb").exists() and (PG_BIN / "pg_ctl").exists() and shutil.which("pg_dump") is not None
    )


def app_env(**overrides) -> dict:
    """The environment of an app process (worker, gunicorn): the test's, minus what pytest set for itself."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    env.update({"LOG_LEVEL": "WARNING", "CELERY_TASK_ALWAYS_EAGER": "0", "PYTHONUNBUFFERED": "1"})
    env.update({k: str(v) for k, v in overrides.items()})
    return env


def database_url(settings_dict, *, port=None, name=None) -> str:
    """A DATABASE_URL for another process: the test database (or `name`), on the shared server or `port`."""
    host = settings_dict.get("HOST") or "127.0.0.1"
    user = settings_dict.get("USER") or "postgres"
    password = settings_dict.get("PASSWORD") or ""
    auth = f"{user}:{password}" if password else user
    port = port or settings_dict.get("PORT") or 5432
    return f"postgres://{auth}@{host}:{port}/{name or settings_dict['NAME']}"


class PrivateRedis:
    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.dir = tempfile.mkdtemp(prefix="rel-redis-")
        self.proc = None

    def start(self):
        self.proc = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ]
            + ["--dir", self.dir],
            stdout=subprocess.DEVNULL,
        )
        wait_until(lambda: port_open(self.port), timeout=10, what="private redis-server")
        return self

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def _as_postgres(cmd: list[str], **kwargs):
    if os.geteuid() == 0:
        cmd = ["runuser", "-u", "postgres", "--", *cmd]
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kwargs)


class PrivatePostgres:
    """A throw-away PostgreSQL 15 cluster in a temp dir on a free port (fsync off: it holds test data)."""

    def __init__(self):
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="rel-pg-"))
        self.data = self.dir / "data"
        self.log = self.dir / "server.log"
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")

    def start(self):
        if not self.data.exists():
            _as_postgres(
                [str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust", "-N"]
            )
        opts = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.dir} -c fsync=off -c max_connections=40"
        )
        _as_postgres(
            [str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-o", opts, "-w", "start"]
        )
        return self

    def stop(self, mode: str = "fast"):
        _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop"])

    def destroy(self):
        try:
            if (self.data / "postmaster.pid").exists():
                self.stop("immediate")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)

    def copy_database(self, source_url: str, name: str):
        """Create `name` here as a copy (schema and data) of the database at `source_url`."""
        src = urlparse(source_url)
        subprocess.run(
            [
                "psql",
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                "postgres",
                "-qc",
                f"CREATE DATABASE {name}",
            ],
            check=True,
            capture_output=True,
        )
        dump = subprocess.Popen(
            ["pg_dump", "-h", src.hostname, "-p", str(src.port or 5432), "-U", src.username or "postgres"]
            + ["--no-owner", src.path.lstrip("/")],
            stdout=subprocess.PIPE,
        )
        subprocess.run(
            ["psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-q", "-d", name]
            + ["-v", "ON_ERROR_STOP=1"],
            stdin=dump.stdout,
            check=True,
            capture_output=True,
        )
        assert dump.wait() == 0

    def url(self, name: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"


class Process:
    """A child process whose output goes to a file (read back to find e.g. 'ready')."""

    def __init__(self, cmd: list[str], env: dict, log: Path):
        self.cmd, self.env, self.log_path = cmd, env, log
        self.proc = None

    def start(self):
        self.log_file = open(self.log_path, "a")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            self.cmd,
            env=self.env,
            cwd=ROOT,
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return self

    def output(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def kill(self) -> None:
        """SIGKILL: no cleanup, no acks, no rollback by the process itself."""
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)

    def stop(self, timeout: float = 20) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.kill()
        if getattr(self, "log_file", None):
            self.log_file.close()

    @property
    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None


def celery_worker(env: dict, log: Path) -> Process:
    """One worker as in production (prefork pool), with one pool process: the one that runs the task."""
    cmd = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=prefork", "--concurrency=1"]
    return Process(
        cmd + ["-l", "INFO", "--without-gossip", "--without-mingle", "--without-heartbeat"], env, log
    )


def pool_children(process: Process) -> list[int]:
    import psutil

    try:
        return [c.pid for c in psutil.Process(process.proc.pid).children()]
    except psutil.NoSuchProcess:
        return []


def gunicorn(env: dict, log: Path, port: int, workers: int = 2, threads: int = 4) -> Process:
    cmd = [sys.executable, "-m", "gunicorn", "config.wsgi:application", "-b", f"127.0.0.1:{port}"]
    cmd += ["-w", str(workers), "--threads", str(threads), "--timeout", "60", "--graceful-timeout", "5"]
    return Process(cmd, env, log)
