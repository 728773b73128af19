"""Two people claim or complete the same task at the same moment, through the pages: exactly one wins and
the other sees a clear Dutch conflict message, the same on PostgreSQL and on the quick start's SQLite file,
never "database niet bereikbaar". On PostgreSQL this module runs in the suite; on a SQLite file it runs in
its own pytest process (test_races__sqlite_file.py), as Django tests SQLite in memory otherwise.
"""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from cases.models import WorkItem
from cases.roles import Role
from tests import tlv_steps as steps
from tests.concurrency import run_concurrently
from tests.factories import make_user

pytestmark = pytest.mark.django_db(transaction=True)

ROUNDS = 3  # the old SQLite setup lost about 4 of 5 rounds to "database is locked"
CLAIM_WON = "U heeft de taak opgepakt."
CLAIM_LOST = "Deze taak is al door iemand anders opgepakt."
COMPLETE_WON = "U heeft de taak opgepakt en afgerond:"  # from the werkvoorraad: completing claims it
COMPLETE_LOST = (  # the loser's message depends on how far the winner got, on both databases
    "Deze taak is al afgerond of vervallen.",  # the page saw it closed
    "Deze taak staat niet (meer) open. Iemand anders heeft haar misschien al afgerond.",  # the service did
    "Iemand anders heeft deze taak al afgehandeld. Ververs de pagina.",  # the work item lock did
)


@pytest.fixture(autouse=True)
def _on_a_real_database():
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("runs on a SQLite file in its own process: test_races__sqlite_file.py")


def _two_consulenten(world):
    other = make_user(f"{world.swv.code}-cons-race", role=Role.CONSULENT, swv=world.swv)
    clients = []
    for user in (world.consulent, other):
        client = Client(raise_request_exception=False)
        client.force_login(user)
        clients.append(client)
    return clients


def _at_once(clients, url, data):
    connection.close()  # the main connection stays closed while the two requests hold theirs
    outcomes = run_concurrently(*(lambda c=c: c.post(url, data, follow=True) for c in clients))
    for outcome in outcomes:
        assert outcome.ok, outcome.error
    return [(o.value.status_code, o.value.content.decode()) for o in outcomes]


def _messages(page: str) -> list[str]:
    return re.findall(r'<ul class="messages"[^>]*>(.*?)</ul>', page, re.S)


def _one_won(pages, won: str, lost: tuple[str, ...]):
    shown = [(status, _messages(page) or page[:500]) for status, page in pages]
    assert [status for status, _page in pages] == [200, 200], shown
    winners = [page for _status, page in pages if won in page]
    losers = [page for _status, page in pages if any(message in page for message in lost)]
    assert len(winners) == 1 and len(losers) == 1, shown
    assert "niet bereikbaar" not in losers[0]


def test_two_people_claiming_one_task_at_once_one_wins_the_other_reads_a_conflict(world):
    clients = _two_consulenten(world)
    for _round in range(ROUNDS):
        a = steps.ingediend(world)
        item = WorkItem.objects.get(case=a.case, node="volledigheidstoets", status="open")
        pages = _at_once(clients, reverse("workitem_claim", args=[item.pk]), {})
        _one_won(pages, CLAIM_WON, (CLAIM_LOST,))
        item.refresh_from_db()
        assert item.assignee is not None


def test_two_people_completing_one_task_at_once_one_wins_the_other_reads_a_conflict(world):
    clients = _two_consulenten(world)
    for _round in range(ROUNDS):
        a = steps.ingediend(world)
        item = WorkItem.objects.get(case=a.case, node="volledigheidstoets", status="open")
        pages = _at_once(clients, reverse("workitem", args=[item.pk]), {"volledig": "1"})
        _one_won(pages, COMPLETE_WON, COMPLETE_LOST)
        item.refresh_from_db()
        assert item.status == WorkItem.Status.DONE
        assert WorkItem.objects.filter(case=a.case, node="volledigheidstoets").count() == 1
