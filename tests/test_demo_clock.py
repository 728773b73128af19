"""The demo clock of `make run`: moving it runs the sweep, so terms fire as on that day. Off by default."""

import datetime as dt

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
