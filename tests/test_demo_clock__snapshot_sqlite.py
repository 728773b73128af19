"""The demo clock's reset on the quick start's SQLite file (run by test_demo_clock.py in its own pytest
process on a fresh SQLite file, like the race tests): escalations and work items created on a future demo
day are gone after "terug naar vandaag", and the person who pressed it is still logged in."""

import datetime as dt
import os

import pytest
from django.urls import reverse

from cases import clock, demo_snapshot
from cases.models import Deadline, WorkItem

pytestmark = [
    pytest.mark.skipif(
        not os.environ.get("DEMO_SNAPSHOT_SQLITE_FILE"), reason="runs on a SQLite file via test_demo_clock.py"
    ),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def demo_clock(settings, tmp_path):
    settings.DEMO_CLOCK = True
    settings.DEMO_CLOCK_FILE = str(tmp_path / "demo_clock")
    yield
    clock._demo_cache.update(mtime=None, offset=dt.timedelta(0))


def _counts():
    return {
        "escalations": WorkItem.objects.filter(kind="escalation").count(),
        "workitems": WorkItem.objects.count(),
        "open workitems": WorkItem.objects.filter(status="open").count(),
        "breached deadlines": Deadline.objects.filter(breached_at__isnull=False).count(),
    }


def test_terug_naar_vandaag_restores_the_demo_data_as_at_the_start(client, world, steps, demo_clock):
    steps.deskundigenadvies(world)  # a beslistermijn is running
    demo_snapshot.take()
    at_start = _counts()
    client.force_login(world.beslisser)
    client.post(reverse("demo_clock_move"), {"step": "4weken"})
    client.post(reverse("demo_clock_move"), {"step": "3maanden"})
    later = _counts()
    assert later["escalations"] > at_start["escalations"]
    assert later["breached deadlines"] > at_start["breached deadlines"]

    response = client.post(reverse("demo_clock_move"), {"step": "reset", "next": "/taken/"}, follow=True)

    assert _counts() == at_start
    assert clock.demo_offset() == dt.timedelta(0)
    page = response.content.decode()
    assert response.status_code == 200 and "Uitloggen" in page  # the session survived the reset
    assert "De demogegevens zijn teruggezet zoals bij de start." in page


def test_the_parent_link_printed_by_make_run_survives_terug_naar_vandaag(client, demo_clock, steps):
    """`make run` prints the parent link before the snapshot: after the reset the printed link opens the
    parent's view again (the reset puts it back unused)."""
    import io
    import re

    from django.core.management import call_command

    from tests.factories import make_world

    world = make_world(code="PO 22-02")
    steps.concept(world)
    out = io.StringIO()
    call_command("seed_demo", "--logins-only", stdout=out)
    text = out.getvalue()
    path = re.search(r"https?://[^/\s]+(/ouders/link/[^/\s]+/)", text).group(1)
    born = re.search(r"geboortedatum (\d\d-\d\d-\d{4})", text).group(1)
    demo_snapshot.take()

    def sign_in(browser):
        assert browser.post(path).status_code == 302
        response = browser.post(reverse("portal_verify"), {"geboortedatum": born})
        assert response["Location"] == reverse("portal_home")

    sign_in(client)
    assert client.__class__().post(path).status_code == 400  # spent
    staff = client.__class__()
    staff.force_login(world.beslisser)
    staff.post(reverse("demo_clock_move"), {"step": "reset", "next": "/taken/"})
    sign_in(client.__class__())  # the printed link works again after the reset
