"""The inbox lists sort by a fixed allow-list of orders (keyset pagination keeps working in each) and a user
saves and deletes named filters on the inbox page."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases.services.workitems import workitem_create
from workflows import pagination, selectors
from workflows.models import SavedFilter


@pytest.fixture
def pool(world, steps):
    case = steps.concept(world).case
    base = timezone.make_aware(dt.datetime(2027, 3, 1, 12, 0))
    return [
        workitem_create(
            case=case,
            node=f"stap_{i}",
            title=f"Taak {i}",
            role="consulent",
            due_at=base + dt.timedelta(days=(7 - i) % 4),
            by=world.consulent,
        )
        for i in range(7)
    ]


@pytest.mark.parametrize(
    ("sort", "key"),
    [
        ("nieuw", lambda w: (-w.created_at.timestamp(), -w.pk)),
        ("oud", lambda w: (w.created_at, w.pk)),
    ],
)
def test_every_order_pages_forward_and_back_over_every_item_once(world, pool, sort, key):
    qs = selectors.werkvoorraad(world.consulent)
    expected = [w.pk for w in sorted(qs, key=key)]
    seen, cursor, pages = [], None, []
    while True:
        page = pagination.keyset_page(qs, size=3, after_cursor=cursor, sort=sort)
        pages.append(page)
        seen += [w.pk for w in page]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert seen == expected
    back = pagination.keyset_page(qs, size=3, before_cursor=pages[-1].prev_cursor, sort=sort)
    assert [w.pk for w in back] == expected[3:6]


def test_an_unknown_order_is_the_default(client, world, pool):
    assert pagination.sort_for("'; drop table") == "termijn"
    client.force_login(world.consulent)
    html = client.get("/taken/?sortering=bogus").content.decode()
    section = html.split('id="h-voorraad"', 1)[1].split("</section>", 1)[0]
    seen = [int(pk) for pk in re.findall(r"/taken/(\d+)/oppakken/", section)]
    assert seen == [w.pk for w in pagination.keyset_page(selectors.werkvoorraad(world.consulent), size=25)]


def test_the_inbox_page_sorts_newest_first_with_the_same_number_of_queries(client, world, pool):
    client.force_login(world.consulent)
    with CaptureQueriesContext(connection) as default:
        client.get("/taken/")
    with CaptureQueriesContext(connection) as newest:
        html = client.get("/taken/?sortering=nieuw").content.decode()
    assert len(newest.captured_queries) == len(default.captured_queries)
    section = html.split('id="h-voorraad"', 1)[1].split("</section>", 1)[0]
    seen = [int(pk) for pk in re.findall(r"/taken/(\d+)/oppakken/", section)]
    assert seen == sorted((w.pk for w in pool), reverse=True)


def test_a_user_saves_replays_and_deletes_a_filter(client, world, pool, other_world):
    client.force_login(world.consulent)
    r = client.post(
        "/taken/",
        {
            "actie": "filter_opslaan",
            "naam": "Escalaties",
            "soort": "escalation",
            "x": "evil",
            "sortering": "oud",
        },
    )
    assert r.status_code == 302 and r.url == "/taken/?soort=escalation&sortering=oud"
    saved = SavedFilter.objects.get(user=world.consulent)
    assert (saved.name, saved.query) == ("Escalaties", "soort=escalation&sortering=oud")
    html = client.get("/taken/").content.decode()
    assert 'href="?soort=escalation&amp;sortering=oud"' in html
    # another user neither sees nor deletes it
    client.force_login(other_world.consulent)
    assert "Escalaties" not in client.get("/taken/").content.decode()
    client.post("/taken/", {"actie": "filter_verwijderen", "filter": str(saved.pk)})
    assert SavedFilter.objects.filter(pk=saved.pk).exists()
    client.force_login(world.consulent)
    client.post("/taken/", {"actie": "filter_verwijderen", "filter": str(saved.pk)})
    assert not SavedFilter.objects.filter(pk=saved.pk).exists()


@pytest.mark.parametrize(
    "data",
    [
        {"actie": "filter_opslaan", "naam": ""},
        {"actie": "filter_opslaan", "naam": "x" * 81},
        {"actie": "filter_opslaan", "naam": "a\x00b"},
        {"actie": "filter_opslaan", "naam": "lang", "q": "x" * 600},
        {"actie": "filter_verwijderen", "filter": "abc"},
        {"actie": "filter_verwijderen", "filter": "9" * 30},
    ],
)
def test_bad_input_is_refused_without_an_error_page(client, world, data):
    client.force_login(world.consulent)
    r = client.post("/taken/", data, follow=True)
    assert r.status_code in (200, 400)  # a form message, or the site's refusal of an overlong parameter
    assert not SavedFilter.objects.exists()
