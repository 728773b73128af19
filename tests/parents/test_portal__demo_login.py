"""`make run` prints a parent login: seed_demo --logins-only issues a fresh personal link per demo SWV and
prints it with the child's date of birth; the printed link opens the parent's view once."""

from __future__ import annotations

import io
import re

from django.core.management import call_command
from django.urls import reverse

from tests.factories import make_world


def test_logins_only_prints_a_parent_link_that_opens_the_parents_view(db, client, steps):
    world = make_world(code="PO 22-02")
    steps.concept(world)
    out = io.StringIO()
    call_command("seed_demo", "--logins-only", stdout=out)
    text = out.getvalue()
    assert "Ouder (persoonlijke link" in text and "Ouder A, ouder van Anna" in text
    path = re.search(r"https?://[^/\s]+(/ouders/link/[^/\s]+/)", text).group(1)
    born = re.search(r"geboortedatum (\d\d-\d\d-\d{4})", text).group(1)
    client.post(path)
    response = client.post(reverse("portal_verify"), {"geboortedatum": born})
    assert response["Location"] == reverse("portal_home")
    assert client.get(reverse("portal_home")).status_code == 200
    # printed again: a new link, the old one spent
    assert client.__class__().post(path).status_code == 400


def test_make_run_prints_the_parent_link_before_the_snapshot():
    """The demo clock's reset restores the snapshot: a link issued after it would be gone after a reset
    (tests/test_demo_clock__snapshot_sqlite.py proves the printed link works again after the reset)."""
    from pathlib import Path

    run = Path(__file__).resolve().parents[2].joinpath("Makefile").read_text().split("\nrun: install", 1)[1]
    run = run.split("\n\n", 1)[0]
    assert run.index("seed_demo --logins-only") < run.index("manage.py demo_snapshot")
