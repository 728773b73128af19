"""The demo clock of `make run`: moving it runs the sweep, so terms fire as on that day. Off by default."""

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from cases import clock
from cases.models import WorkItem


@pytest.fixture
def demo_clock(settings, tmp_path):
    settings.DEMO_CLOCK = True
    settings.DEMO_CLOCK_FILE = str(tmp_path / "demo_clock")
    yield
    clock._demo_cache.update(mtime=None, offset=dt.timedelta(0))


def test_moving_the_demo_clock_fires_the_terms(client, world, steps, demo_clock):
    a = steps.deskundigenadvies(world)  # beslistermijn of 6 weeks is running
    before = clock.today()
    client.force_login(world.beslisser)
    assert "Demoklok" in client.get(reverse("inbox")).content.decode()
    for _ in range(2):
        client.post(reverse("demo_clock_move"), {"step": "4weken", "next": "/taken/"})
    assert clock.today() == before + dt.timedelta(weeks=8)
    escalations = WorkItem.objects.filter(case=a.case, kind="escalation")
    assert {e.role for e in escalations} == {"beslisser", "cva_voorzitter"}
    assert "Termijn overschreden" in client.get(reverse("inbox")).content.decode()
    client.post(reverse("demo_clock_move"), {"step": "reset"})
    assert clock.today() == before


def test_demo_clock_is_off_by_default(client, world):
    client.force_login(world.beslisser)
    assert "Demoklok" not in client.get(reverse("inbox")).content.decode()
    assert client.post(reverse("demo_clock_move"), {"step": "week"}).status_code == 404


def test_the_bar_says_the_clock_is_shared_and_what_the_reset_does(client, world, demo_clock):
    client.force_login(world.consulent)
    page = client.get(reverse("inbox")).content.decode()
    assert (
        "De demoklok geldt voor iedereen; terug naar vandaag zet de demogegevens terug zoals bij de start."
        in page
    )


def test_a_reset_without_a_snapshot_says_that_the_later_data_stays(client, world, demo_clock):
    client.force_login(world.consulent)
    page = client.post(reverse("demo_clock_move"), {"step": "reset"}, follow=True).content.decode()
    assert "Er is geen momentopname van de demogegevens" in page


def test_the_reset_restores_the_demo_data_on_the_quick_starts_sqlite_file(tmp_path):
    """The quick start runs on a SQLite file: test_demo_clock__snapshot_sqlite.py in its own process there."""
    root = Path(__file__).resolve().parents[1]
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "tests.reliability.sqlite_file_settings",
        "DOCUMENT_ROOT": str(tmp_path / "documents"),
        "DEMO_SNAPSHOT_SQLITE_FILE": "1",
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
            "tests/test_demo_clock__snapshot_sqlite.py",
        ],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "2 passed" in result.stdout, result.stdout[-2000:]
