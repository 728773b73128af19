"""The inbox as a task list in Chromium: a column header sorts the werkvoorraad (ascending, then descending,
announced with aria-sort), the order is saved as a filter of this user and comes back from "Mijn filters",
and "Oppakken" moves a task from the werkvoorraad to "Mijn taken"."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.services.workitems import workitem_create
from tests import tlv_steps
from tests.e2e.steps import login, to_werkvoorraad
from workflows.models import SavedFilter

pytestmark = pytest.mark.django_db(transaction=True)

TITLES = ["Bravo controleren", "alfa nalopen", "Charlie bellen"]


def _pool_titles(page) -> list[str]:
    return [
        t
        for t in page.locator(
            "section[aria-labelledby=h-voorraad] tbody tr td:nth-child(2) a"
        ).all_inner_texts()
        if t in TITLES
    ]


def _sort_state(page, column: str) -> str | None:
    header = page.locator("section[aria-labelledby=h-voorraad] th", has_text=column)
    return header.get_attribute("aria-sort")


def test_sort_save_replay_and_claim(page, live_server, world, shot):
    w = world
    case = tlv_steps.concept(w).case
    base = timezone.now() + dt.timedelta(days=20)
    for i, title in enumerate(TITLES):
        workitem_create(
            case=case,
            node=f"browser_{i}",
            title=title,
            role="consulent",
            due_at=base + dt.timedelta(days=i),
            by=w.consulent,
        )
    login(page, live_server, w.consulent)
    to_werkvoorraad(page)
    assert _pool_titles(page) == TITLES  # most urgent first: by due date
    assert _sort_state(page, "Taak") is None

    page.locator("section[aria-labelledby=h-voorraad] th", has_text="Taak").get_by_role("link").click()
    page.wait_for_url(re.compile(r"sortering="))
    assert _sort_state(page, "Taak") == "ascending"
    assert _pool_titles(page) == ["alfa nalopen", "Bravo controleren", "Charlie bellen"]
    page.locator("section[aria-labelledby=h-voorraad] th", has_text="Taak").get_by_role("link").click()
    page.wait_for_function("() => document.querySelector('[aria-sort=descending]') !== null")
    assert _pool_titles(page) == ["Charlie bellen", "Bravo controleren", "alfa nalopen"]
    shot(page, "werkvoorraad-taak-aflopend")

    page.fill("#f-naam", "Taken Z-A")
    page.get_by_role("button", name="Filter bewaren").click()
    page.get_by_role("link", name="Taken Z-A").wait_for()
    assert SavedFilter.objects.filter(user=w.consulent, name="Taken Z-A").count() == 1
    page.goto(f"{live_server.url}{reverse('inbox')}")  # the plain inbox: most urgent first again
    assert _pool_titles(page) == TITLES
    page.get_by_role("link", name="Taken Z-A").click()
    page.wait_for_function("() => document.querySelector('[aria-sort=descending]') !== null")
    assert _pool_titles(page) == ["Charlie bellen", "Bravo controleren", "alfa nalopen"]

    row = page.locator("section[aria-labelledby=h-voorraad] tr", has_text="Bravo controleren")
    row.get_by_role("button", name="Oppakken").click()
    page.wait_for_selector("text=U heeft de taak opgepakt.")
    page.get_by_role("link", name="Mijn werk").first.click()
    page.wait_for_selector("#h-mijn")
    mine = page.locator("section[aria-labelledby=h-mijn] tbody").inner_text()
    assert "Bravo controleren" in mine
    assert "Bravo controleren" not in _pool_titles(page)
    shot(page, "mijn-taken-na-oppakken")
