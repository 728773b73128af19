"""The quick start (`make run`) keeps its data in one SQLite file that the web app's threads and the sweep
share. Two people acting on the same task at once must end like on PostgreSQL: one wins, the other reads the
conflict message (test_races__same_task.py), and two people registering one pupil end with one pupil and a
clear refusal (test_races__pupil_create.py), never an "database is locked" 503. Django tests SQLite in
memory, so those tests run here in their own pytest process on a fresh SQLite file (tables straight from the
models: no migrations needed for an empty database, and it keeps the run short)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_two_people_on_one_task_race_cleanly_on_a_sqlite_file(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "tests.reliability.sqlite_file_settings",
        "DOCUMENT_ROOT": str(tmp_path / "documents"),
    }
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:xdist",
            "-p",
            "no:cacheprovider",
            "--ds=tests.reliability.sqlite_file_settings",
            "--create-db",
            "--no-migrations",
            "-q",
            "tests/reliability/test_races__same_task.py",
            "tests/reliability/test_races__pupil_create.py",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    # two on one task, four registrations of one pupil (the fifth, PostgreSQL's own, is skipped)
    assert "6 passed, 1 skipped" in result.stdout, result.stdout[-2000:]
