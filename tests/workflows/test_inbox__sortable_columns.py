"""The column headers of the inbox tables sort the lists: a header links to its column ascending, a second
click descending, the sorted header carries aria-sort and an arrow. Each order is SQL over the
policy-scoped lists and pages by keyset across page boundaries (ties broken by due date and id); an unknown
order is the default one; a saved filter keeps the order."""

from __future__ import annotations

import datetime as dt
import functools
import re

import pytest
from django.utils import timezone

from cases.services import tlv
from cases.services.workitems import workitem_create
from workflows import pagination, selectors
from workflows.models import SavedFilter

BASE = timezone.make_aware(dt.datetime(2027, 3, 1, 12, 0))
TITLES = ["beta", "Alfa", "gamma", "alfa", "Delta", "beta", "epsilon", "Alfa"]
DUES = [BASE, BASE + dt.timedelta(days=2), None, BASE, BASE + dt.timedelta(days=1), BASE, None, BASE]


def _case_of_b(world):
    """A second case, of the other pupil (another name, another kenmerk)."""
    return tlv.aanvraag_create(
        by=world.school_b_user,
        leerling=world.leerling_b,
        school=world.leerling_b.stamschool,
        gevraagde_soort="so",
        gevraagde_cluster=4,
        gevraagde_categorie="laag",
        onderbouwing="Onderbouwing",
    ).case


@pytest.fixture
def items(world, steps):
    """Eight consulent items over two cases: equal titles (in other cases), equal and missing due dates."""
    cases = [steps.concept(world).case, _case_of_b(world)]
    assignees = [world.consulent, world.cva, world.deskundige1, None]
    out = []
    for i, (title, due) in enumerate(zip(TITLES, DUES, strict=True)):
        out.append(
            workitem_create(
                case=cases[i % 2 if i < 4 else (i + 1) % 2],
                node=f"stap_{i}",
                title=title,
                role="consulent",
                due_at=due,
                assignee=assignees[i % 4],
                by=world.consulent,
            )
        )
    return out


def _get(path):
    def get(item):
        value = item
        for part in path.split("."):
            value = getattr(value, part)
            if value is None:
                return None
        return value

    return get


def _lower(path):
    return lambda item: None if _get(path)(item) is None else _get(path)(item).lower()


DUE = (_get("due_at"), False)
PK = (_get("pk"), False)
# the same orders in Python (NULLs last in both directions), to check the SQL against
PYTHON_ORDERS = {
    "termijn": [DUE, (_get("priority"), True), (_get("created_at"), False), PK],
    "taak": [(_lower("title"), False), DUE, PK],
    "casus": [(_get("case.reference"), False), DUE, PK],
    "leerling": [
        (_lower("case.leerling.achternaam"), False),
        (_lower("case.leerling.voornaam"), False),
        DUE,
        PK,
    ],
    "bij": [
        (_lower("assignee.last_name"), False),
        (_lower("assignee.first_name"), False),
        (_get("assignee.username"), False),
        DUE,
        PK,
    ],
}


def _expected(rows, sort: str) -> list[int]:
    descending = sort.startswith("-")
    columns = PYTHON_ORDERS[sort.lstrip("-")]

    def compare(a, b):
        for get, desc in columns:
            x, y = get(a), get(b)
            if x == y:
                continue
            if x is None or y is None:
                return 1 if x is None else -1
            result = -1 if x < y else 1
            return -result if desc != descending else result
        return 0

    return [w.pk for w in sorted(rows, key=functools.cmp_to_key(compare))]


def _lists(user):
    return {
        "mijn": selectors.my_tasks(user),
        "team": selectors.team_tasks(user).filter(assignee__isnull=False),
        "voorraad": selectors.werkvoorraad(user),
    }


SORT_KEYS = [key for column in pagination.COLUMNS for key in (column, f"-{column}")]


@pytest.mark.parametrize("sort", SORT_KEYS)
def test_each_column_pages_in_both_directions_across_page_boundaries(world, items, sort):
    for name, qs in _lists(world.consulent).items():
        rows = list(qs)
        expected = _expected(rows, sort)
        assert len(expected) >= 2, name
        pages, cursor = [], None
        while True:
            page = pagination.keyset_page(
                selectors.for_inbox_page(qs), size=3, after_cursor=cursor, sort=sort
            )
            pages.append(page)
            cursor = page.next_cursor
            if cursor is None:
                break
        assert [w.pk for p in pages for w in p] == expected, (name, sort)
        # and back, page by page, with the "previous" cursors
        back = pages[-1]
        for earlier in reversed(pages[:-1]):
            back = pagination.keyset_page(qs, size=3, before_cursor=back.prev_cursor, sort=sort)
            assert [w.pk for w in back] == [w.pk for w in earlier], (name, sort)
        assert back.prev_cursor is None


def _section(html, heading_id):
    return html.split(f'id="{heading_id}"', 1)[1].split("</section>", 1)[0]


def _header(section, label):
    """The <th> of the column `label` in a table section."""
    return re.search(rf"<th[^>]*>(?:(?!</th>).)*?{label}(?:(?!</th>).)*?</th>", section, re.S).group(0)


def test_a_header_sorts_ascending_then_descending_with_aria_sort(client, world, items):
    client.force_login(world.consulent)
    html = client.get("/taken/?soort=task&n=50").content.decode()
    section = _section(html, "h-voorraad")
    assert 'aria-sort="ascending"' in _header(section, "Uiterlijk")  # the default order
    taak = _header(section, "Taak")
    assert "aria-sort" not in taak and "↕" in taak
    url = re.search(r'href="([^"]+)"', taak).group(1).replace("&amp;", "&")
    assert url.startswith("?") and "sortering=taak" in url and "soort=task" in url and "n=50" in url
    assert url.endswith("#h-voorraad")

    html = client.get("/taken/" + url.split("#")[0]).content.decode()
    section = _section(html, "h-voorraad")
    taak = _header(section, "Taak")
    assert 'aria-sort="ascending"' in taak and "▲" in taak
    assert "aria-sort" not in _header(section, "Uiterlijk")
    assert [int(pk) for pk in re.findall(r"/taken/(\d+)/oppakken/", section)] == _expected(
        list(selectors.werkvoorraad(world.consulent)), "taak"
    )
    url = re.search(r'href="([^"]+)"', taak).group(1).replace("&amp;", "&")
    assert "sortering=-taak" in url

    html = client.get("/taken/" + url.split("#")[0]).content.decode()
    section = _section(html, "h-mijn")
    assert 'aria-sort="descending"' in _header(section, "Taak") and "▼" in _header(section, "Taak")
    assert [int(pk) for pk in re.findall(r'<a class="btn" href="/taken/(\d+)/"', section)] == _expected(
        list(selectors.my_tasks(world.consulent)), "-taak"
    )
    assert re.search(r'<option value="-taak"\s+selected>', html)  # the select shows the same order


def test_the_next_link_keeps_the_order_and_a_header_starts_at_the_first_page(
    client, world, items, monkeypatch
):
    monkeypatch.setattr(pagination, "PAGE_SIZES", (2, 25))
    monkeypatch.setattr(pagination, "DEFAULT_PAGE_SIZE", 2)
    client.force_login(world.consulent)
    expected = _expected(list(selectors.team_tasks(world.consulent).filter(assignee__isnull=False)), "-bij")
    url, seen = "/taken/?sortering=-bij", []
    for _ in range(6):
        section = _section(client.get(url).content.decode(), "h-team")
        seen += [int(pk) for pk in re.findall(r'<a class="btn" href="/taken/(\d+)/"', section)]
        link = re.search(r'<a href="([^"]+)">Volgende</a>', section)
        if not link:
            break
        url = "/taken/" + link.group(1).replace("&amp;", "&")
        assert "sortering=-bij" in url and "team_na=" in url
    assert seen == expected and len(seen) > 2
    header = re.search(r'href="([^"]+)"', _header(section, "Leerling")).group(1)
    assert "_na=" not in header and "_voor=" not in header


@pytest.mark.parametrize("bad", ["bogus", "-", "--taak", "taak;drop", "-nieuw", "x" * 300, "title", "pk"])
def test_an_unknown_order_is_the_default_order(client, world, items, bad):
    client.force_login(world.consulent)
    response = client.get("/taken/", {"sortering": bad})
    assert response.status_code == 200
    section = _section(response.content.decode(), "h-voorraad")
    assert 'aria-sort="ascending"' in _header(section, "Uiterlijk")
    seen = [int(pk) for pk in re.findall(r"/taken/(\d+)/oppakken/", section)]
    assert seen == _expected(list(selectors.werkvoorraad(world.consulent)), "termijn")


def test_a_cursor_of_another_order_shows_the_first_page(world, items):
    qs = selectors.my_tasks(world.consulent)
    cursor = pagination.cursor_of(items[0], "taak")
    page = pagination.keyset_page(qs, size=25, after_cursor=cursor, sort="-taak")
    assert [w.pk for w in page] == _expected(list(qs), "-taak")


def test_a_saved_filter_keeps_the_order(client, world, items):
    client.force_login(world.consulent)
    r = client.post("/taken/", {"actie": "filter_opslaan", "naam": "Op leerling", "sortering": "-leerling"})
    assert r.url == "/taken/?sortering=-leerling"
    assert SavedFilter.objects.get(user=world.consulent).query == "sortering=-leerling"
    html = client.get("/taken/").content.decode()
    href = re.search(r'<a href="(\?[^"]*)">Op leerling</a>', html).group(1).replace("&amp;", "&")
    html = client.get("/taken/" + href).content.decode()
    assert 'aria-sort="descending"' in _header(_section(html, "h-voorraad"), "Leerling")
    assert 'aria-current="true">Op leerling' in html
    # the form that saves the current filters carries the current order
    assert '<input type="hidden" name="sortering" value="-leerling">' in html


def test_an_unknown_order_is_not_saved(client, world, items):
    client.force_login(world.consulent)
    client.post("/taken/", {"actie": "filter_opslaan", "naam": "Raar", "sortering": "bogus", "soort": "task"})
    assert SavedFilter.objects.get(user=world.consulent).query == "soort=task"
