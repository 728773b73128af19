"""Keyset pagination for the inboxes.

A page is "the next `size` rows after (or before) this row" in the inbox order, so a page costs the same
however deep it is and does not shift when someone claims an item on an earlier page. The count above a
list is exact up to COUNT_CAP and shown as "meer dan 1000" beyond: a million open items are never counted.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from dataclasses import dataclass, field

from django.db.models import F, OrderBy, Q, QuerySet
from django.db.models.functions import Lower
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

COUNT_CAP = 1000
PAGE_SIZES = (25, 50, 100)
DEFAULT_PAGE_SIZE = PAGE_SIZES[0]


@dataclass(frozen=True)
class Column:
    """One term of an inbox order: an expression over WorkItem, its direction, and whether it can be NULL
    (NULLs always come last, in both directions, so items without a due date stay at the bottom)."""

    expr: object
    descending: bool = False
    nullable: bool = False
    kind: str = "str"  # how a cursor stores its value: "str", "int" or "datetime"

    def flipped(self) -> Column:
        return Column(self.expr, not self.descending, self.nullable, self.kind)


def _after_column(alias: str, col: Column, value, *, nulls_last: bool) -> Q:
    """Rows strictly after `value` in this one column."""
    if value is None:
        return Q(pk__in=[]) if nulls_last else Q(**{f"{alias}__isnull": False})
    beyond = Q(**{f"{alias}__{'lt' if col.descending else 'gt'}": value})
    if col.nullable and nulls_last:
        beyond |= Q(**{f"{alias}__isnull": True})
    return beyond


def _equal(alias: str, value) -> Q:
    return Q(**{f"{alias}__isnull": True}) if value is None else Q(**{alias: value})


@dataclass(frozen=True)
class Sort:
    """One inbox order: its columns (the last one is the primary key, the tie-breaker that makes every row's
    place unique), the ORDER BY, the reverse (for 'previous') and the rows after / before a key. Every
    column is an annotation `_sort<i>`, so the rows of a page carry their own key and the WHERE, ORDER BY
    and cursor use the very same SQL value (lower-cased names compare as the database compares them)."""

    label: object
    columns: tuple

    @property
    def aliases(self) -> list[str]:
        return [f"_sort{i}" for i in range(len(self.columns))]

    def annotate(self, qs: QuerySet) -> QuerySet:
        return qs.annotate(**{a: c.expr for a, c in zip(self.aliases, self.columns, strict=True)})

    def _order(self, *, reverse: bool) -> list:
        out = []
        for alias, col in zip(self.aliases, self.columns, strict=True):
            descending = col.descending != reverse
            nulls = {"nulls_first": True} if reverse else {"nulls_last": True}
            out.append(OrderBy(F(alias), descending=descending, **(nulls if col.nullable else {})))
        return out

    @property
    def order(self) -> list:
        return self._order(reverse=False)

    @property
    def reversed(self) -> list:
        return self._order(reverse=True)

    def _beyond(self, key: tuple, *, reverse: bool) -> Q:
        """Rows strictly after `key` (or before it, `reverse`): the row-value comparison written out."""
        q = Q(pk__in=[])
        prefix = Q()
        for alias, col, value in zip(self.aliases, self.columns, key, strict=True):
            c = col.flipped() if reverse else col
            q |= prefix & _after_column(alias, c, value, nulls_last=not reverse)
            prefix &= _equal(alias, value)
        return q

    def after(self, key: tuple) -> Q:
        return self._beyond(key, reverse=False)

    def before(self, key: tuple) -> Q:
        return self._beyond(key, reverse=True)

    def key_of(self, row) -> tuple:
        return tuple(getattr(row, alias) for alias in self.aliases)

    def encode(self, name: str, key: tuple) -> str:
        values = [v.isoformat() if isinstance(v, dt.datetime) else v for v in key]
        raw = json.dumps([name, *values], separators=(",", ":"))
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    def decode(self, name: str, value: str | None) -> tuple | None:
        """The key in a cursor, or None for a missing, malformed or other order's one (the first page)."""
        if not value or len(value) > 2000:
            return None
        try:
            raw = json.loads(base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode())
            if not isinstance(raw, list) or raw[:1] != [name] or len(raw) != len(self.columns) + 1:
                return None
            return tuple(_parse(col, v) for col, v in zip(self.columns, raw[1:], strict=True))
        except (ValueError, TypeError, UnicodeDecodeError):
            return None


def _parse(col: Column, value):
    if value is None:
        if not col.nullable:
            raise ValueError("null in a column that has none")
        return None
    if col.kind == "datetime":
        parsed = dt.datetime.fromisoformat(value)
        if parsed.tzinfo is None:
            raise ValueError("naive datetime")
        return parsed
    if col.kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError("not an integer")
        return value
    if not isinstance(value, str):
        raise ValueError("not a string")
    return value


PK = Column(F("pk"), kind="int")
DUE = Column(F("due_at"), nullable=True, kind="datetime")
CREATED = Column(F("created_at"), kind="datetime")
# the columns of the inbox tables a user may sort by (the header links), each ascending; "-<key>" sorts
# descending. Each ends in the primary key, so equal values still have one fixed order.
COLUMNS = {
    # the inbox order: most urgent first; items without a due date last; ties by priority, age and id
    "termijn": (gettext_lazy("Uiterlijk"), (DUE, Column(F("priority"), True, kind="int"), CREATED, PK)),
    "taak": (gettext_lazy("Taak"), (Column(Lower("title")), DUE, PK)),
    "casus": (gettext_lazy("Casus"), (Column(F("case__reference")), DUE, PK)),
    "leerling": (
        gettext_lazy("Leerling"),
        (Column(Lower("case__leerling__achternaam")), Column(Lower("case__leerling__voornaam")), DUE, PK),
    ),
    "bij": (
        gettext_lazy("Bij"),
        (
            Column(Lower("assignee__last_name"), nullable=True),
            Column(Lower("assignee__first_name"), nullable=True),
            Column(F("assignee__username"), nullable=True),
            DUE,
            PK,
        ),
    ),
}


def _labelled(template, column):
    """'Taak (oplopend)' in the reader's language, at the moment it is shown."""
    return lazy(lambda: str(template) % {"column": column}, str)()


def _descending(columns: tuple) -> tuple:
    return tuple(c.flipped() for c in columns)


# Every order a user may choose (the `sortering` parameter); anything else is the default, "termijn".
SORTS: dict[str, Sort] = {}
for _key, (_label, _columns) in COLUMNS.items():
    SORTS[_key] = Sort(_labelled(gettext_lazy("%(column)s (oplopend)"), _label), _columns)
    SORTS[f"-{_key}"] = Sort(_labelled(gettext_lazy("%(column)s (aflopend)"), _label), _descending(_columns))
SORTS["nieuw"] = Sort(gettext_lazy("nieuwste eerst"), (CREATED.flipped(), PK.flipped()))
SORTS["oud"] = Sort(gettext_lazy("oudste eerst"), (CREATED, PK))
DEFAULT_SORT = "termijn"


def sort_for(value: str | None) -> str:
    return value if value in SORTS else DEFAULT_SORT


def cursor_of(item, sort: str = DEFAULT_SORT) -> str:
    """The cursor that points at `item` in `sort` (the rows after it are the next page)."""
    s = SORTS[sort_for(sort)]
    row = s.annotate(type(item)._default_manager.filter(pk=item.pk)).get()
    return s.encode(sort_for(sort), s.key_of(row))


@dataclass
class KeysetPage:
    rows: list
    count: int
    count_capped: bool
    next_cursor: str | None = None
    prev_cursor: str | None = None
    urls: dict = field(default_factory=dict)

    @property
    def count_label(self) -> str:
        if self.count_capped:
            return _("meer dan %(n)s") % {"n": self.count}
        return str(self.count)

    def __iter__(self):
        return iter(self.rows)

    def __len__(self):
        return len(self.rows)


def capped_count(qs: QuerySet, cap: int | None = None) -> tuple[int, bool]:
    """COUNT over at most cap + 1 rows: (count, capped)."""
    cap = COUNT_CAP if cap is None else cap
    n = qs.order_by()[: cap + 1].count()
    return min(n, cap), n > cap


def keyset_page(
    qs: QuerySet,
    *,
    size: int,
    after_cursor: str | None = None,
    before_cursor: str | None = None,
    sort: str = DEFAULT_SORT,
) -> KeysetPage:
    """One page of `qs` in one order of SORTS (the inbox order by default) after or before a cursor; the
    first page without one. The order is SQL (ORDER BY and a WHERE on the cursor's row), never Python."""
    name = sort_for(sort)
    s = SORTS[name]
    count, capped = capped_count(qs)
    qs = s.annotate(qs)
    before_key = s.decode(name, before_cursor)
    after_key = None if before_key else s.decode(name, after_cursor)
    if before_key is not None:
        rows = list(qs.filter(s.before(before_key)).order_by(*s.reversed)[: size + 1])
        more_before = len(rows) > size
        rows = rows[:size][::-1]
        if rows:
            return KeysetPage(
                rows=rows,
                count=count,
                count_capped=capped,
                next_cursor=s.encode(name, s.key_of(rows[-1])),
                prev_cursor=s.encode(name, s.key_of(rows[0])) if more_before else None,
            )
        after_key = None  # nothing before it any more (claimed meanwhile): the first page
    base = qs.filter(s.after(after_key)) if after_key is not None else qs
    rows = list(base.order_by(*s.order)[: size + 1])
    if not rows and after_key is not None:  # everything after it was done meanwhile: the first page
        after_key = None
        rows = list(qs.order_by(*s.order)[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return KeysetPage(
        rows=rows,
        count=count,
        count_capped=capped,
        next_cursor=s.encode(name, s.key_of(rows[-1])) if more and rows else None,
        prev_cursor=s.encode(name, s.key_of(rows[0])) if after_key is not None and rows else None,
    )
