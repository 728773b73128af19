"""The inbox lists page by keyset (cursor) in the inbox order; counts are capped."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases.models import WorkItem
from cases.services.workitems import workitem_create
from workflows import pagination, selectors


@pytest.fixture
def pool(world, steps):
    """Twelve werkvoorraad items for the consulent: ties on due date, one without, two priorities."""
    case = steps.concept(world).case
    base = timezone.make_aware(dt.datetime(2027, 3, 1, 12, 0))
    dues = [base, base, base, None, base + dt.timedelta(days=1), None] * 2
    items = []
    for i, due in enumerate(dues):
        item = workitem_create(
            case=case,
            node=f"stap_{i}",
            title=f"Taak {i}",
            role="consulent",
            due_at=due,
            kind=WorkItem.Kind.ESCALATION if i % 4 == 0 else WorkItem.Kind.TASK,  # escalations: priority 10
            by=world.consulent,
        )
        items.append(item)
    return items


def _expected(user):
    """The inbox order, computed in Python from the rows themselves."""
    far = timezone.make_aware(dt.datetime(9999, 1, 1))
    rows = list(selectors.werkvoorraad(user))
    return sorted(rows, key=lambda w: (w.due_at is None, w.due_at or far, -w.priority, w.created_at, w.pk))


def test_walking_forward_and_back_visits_every_item_once_in_order(world, pool):
    qs = selectors.werkvoorraad(world.consulent)
    expected = [w.pk for w in _expected(world.consulent)]
    assert len(expected) == 12
    pages, cursor = [], None
    while True:
        page = pagination.keyset_page(qs, size=5, after_cursor=cursor)
        pages.append([w.pk for w in page])
        cursor = page.next_cursor
        if cursor is None:
            break
    assert [pk for p in pages for pk in p] == expected
    assert [len(p) for p in pages] == [5, 5, 2]
    # and back from the last page with the "before" cursors
    last = pagination.keyset_page(
        qs, size=5, after_cursor=pagination.cursor_of(_expected(world.consulent)[9])
    )
    assert [w.pk for w in last] == pages[2]
    back = pagination.keyset_page(qs, size=5, before_cursor=last.prev_cursor)
    assert [w.pk for w in back] == pages[1]
    first = pagination.keyset_page(qs, size=5, before_cursor=back.prev_cursor)
    assert [w.pk for w in first] == pages[0] and first.prev_cursor is None


def test_a_malformed_cursor_shows_the_first_page(world, pool):
    qs = selectors.werkvoorraad(world.consulent)
    valid = pagination.cursor_of(pool[3])
    other_order = pagination.cursor_of(pool[3], "nieuw")
    for bad in ("", "nonsense", "!!!", valid[:-3], other_order, "x" * 5000):
        page = pagination.keyset_page(qs, size=5, after_cursor=bad)
        assert [w.pk for w in page] == [w.pk for w in _expected(world.consulent)[:5]]


def test_a_page_after_items_that_were_done_meanwhile_falls_back_to_the_first(world, pool):
    qs = selectors.werkvoorraad(world.consulent)
    last_key = pagination.cursor_of(_expected(world.consulent)[-1])
    page = pagination.keyset_page(qs, size=5, after_cursor=last_key)
    assert len(page) == 5 and page.prev_cursor is None


def test_the_count_is_capped(world, pool, monkeypatch):
    qs = selectors.werkvoorraad(world.consulent)
    assert pagination.capped_count(qs) == (12, False)
    assert pagination.capped_count(qs, cap=10) == (10, True)
    monkeypatch.setattr(pagination, "COUNT_CAP", 10)
    page = pagination.keyset_page(qs, size=5)
    assert page.count_capped and page.count_label == "meer dan 10"


def test_the_inbox_pages_through_the_werkvoorraad_with_the_same_number_of_queries(client, world, pool):
    client.force_login(world.consulent)
    response = client.get("/taken/?n=25")
    assert response.status_code == 200
    with CaptureQueriesContext(connection) as small:
        client.get("/taken/?n=25")
    with CaptureQueriesContext(connection) as large:
        client.get("/taken/?n=100")
    assert len(small.captured_queries) == len(large.captured_queries)
    html = response.content.decode()
    section = html.split('id="h-voorraad"', 1)[1].split("</section>", 1)[0]
    seen = re.findall(r"/taken/(\d+)/oppakken/", section)
    assert [int(pk) for pk in seen] == [w.pk for w in _expected(world.consulent)]
    assert "Volgende" not in section


def test_the_next_link_of_a_full_page_continues_after_its_last_row(client, world, pool, monkeypatch):
    monkeypatch.setattr(pagination, "PAGE_SIZES", (5, 25))
    monkeypatch.setattr(pagination, "DEFAULT_PAGE_SIZE", 5)
    client.force_login(world.consulent)
    expected = [w.pk for w in _expected(world.consulent)]
    url, seen = "/taken/", []
    for _ in range(5):
        html = client.get(url).content.decode()
        section = html.split('id="h-voorraad"', 1)[1].split("</section>", 1)[0]
        seen += [int(pk) for pk in re.findall(r"/taken/(\d+)/oppakken/", section)]
        link = re.search(r'<a href="([^"]+)">Volgende</a>', section)
        if not link:
            break
        url = "/taken/" + link.group(1).replace("&amp;", "&")
        assert "voorraad_na=" in url
    assert seen == expected


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_due_date_label_is_the_templates_date_format(world, pool, language):
    from django.template.defaultfilters import date as date_filter
    from django.utils import translation

    with translation.override(language):
        for row in selectors.rows(pool):
            expected = date_filter(timezone.localtime(row.item.due_at), "j M Y") if row.item.due_at else ""
            assert row.due_label == expected
