"""Keyset pagination for the inboxes.

A page is "the next `size` rows after (or before) this row" in the inbox order, so a page costs the same
however deep it is and does not shift when someone claims an item on an earlier page. The count above a
list is exact up to COUNT_CAP and shown as "meer dan 1000" beyond: a million open items are never counted.
"""

from __future__ import annotations

import base64
import datetime as dt
from dataclasses import dataclass, field

from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

COUNT_CAP = 1000
PAGE_SIZES = (25, 50, 100)
DEFAULT_PAGE_SIZE = PAGE_SIZES[0]

# The inbox order: most urgent first; items without a due date last; ties by priority, age and id.
ORDER = (F("due_at").asc(nulls_last=True), "-priority", "created_at", "pk")
REVERSED = (F("due_at").desc(nulls_first=True), "priority", "-created_at", "-pk")


@dataclass(frozen=True)
class Key:
    due_at: dt.datetime | None
    priority: int
    created_at: dt.datetime
    pk: int

    @classmethod
    def of(cls, item) -> Key:
        return cls(item.due_at, item.priority, item.created_at, item.pk)

    def encode(self) -> str:
        due = self.due_at.isoformat() if self.due_at else "-"
        raw = f"{due}|{self.priority}|{self.created_at.isoformat()}|{self.pk}"
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, value: str | None) -> Key | None:
        """The key in a cursor, or None for a missing or malformed one (the first page is shown)."""
        if not value:
            return None
        try:
            raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode()
            due, priority, created, pk = raw.split("|")
            return cls(
                None if due == "-" else dt.datetime.fromisoformat(due),
                int(priority),
                dt.datetime.fromisoformat(created),
                int(pk),
            )
        except (ValueError, UnicodeDecodeError):
            return None


def after(key: Key) -> Q:
    """Rows strictly after `key` in ORDER."""
    tail = (
        Q(priority__lt=key.priority)
        | Q(priority=key.priority, created_at__gt=key.created_at)
        | Q(priority=key.priority, created_at=key.created_at, pk__gt=key.pk)
    )
    if key.due_at is None:
        return Q(due_at__isnull=True) & tail
    return Q(due_at__gt=key.due_at) | Q(due_at__isnull=True) | (Q(due_at=key.due_at) & tail)


def before(key: Key) -> Q:
    """Rows strictly before `key` in ORDER."""
    tail = (
        Q(priority__gt=key.priority)
        | Q(priority=key.priority, created_at__lt=key.created_at)
        | Q(priority=key.priority, created_at=key.created_at, pk__lt=key.pk)
    )
    if key.due_at is None:
        return Q(due_at__isnull=False) | (Q(due_at__isnull=True) & tail)
    return Q(due_at__lt=key.due_at) | (Q(due_at=key.due_at) & tail)


def _created_after(key: Key) -> Q:
    return Q(created_at__gt=key.created_at) | Q(created_at=key.created_at, pk__gt=key.pk)


def _created_before(key: Key) -> Q:
    return Q(created_at__lt=key.created_at) | Q(created_at=key.created_at, pk__lt=key.pk)


@dataclass(frozen=True)
class Sort:
    """One inbox order: its ORDER BY, the reverse (for 'previous'), and the rows after / before a key."""

    label: str
    order: tuple
    reversed: tuple
    after: object
    before: object


# The orders a user may choose (the `sortering` parameter); anything else is the default, "termijn".
SORTS = {
    "termijn": Sort(gettext_lazy("uiterste datum (meest urgent eerst)"), ORDER, REVERSED, after, before),
    "nieuw": Sort(
        gettext_lazy("nieuwste eerst"),
        ("-created_at", "-pk"),
        ("created_at", "pk"),
        _created_before,
        _created_after,
    ),
    "oud": Sort(
        gettext_lazy("oudste eerst"),
        ("created_at", "pk"),
        ("-created_at", "-pk"),
        _created_after,
        _created_before,
    ),
}
DEFAULT_SORT = "termijn"


def sort_for(value: str | None) -> str:
    return value if value in SORTS else DEFAULT_SORT


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
    """One page of `qs` (rows of the inbox order, or another order of SORTS) after or before a cursor; the
    first page without one."""
    s = SORTS[sort_for(sort)]
    count, capped = capped_count(qs)
    before_key = Key.decode(before_cursor)
    after_key = None if before_key else Key.decode(after_cursor)
    if before_key is not None:
        rows = list(qs.filter(s.before(before_key)).order_by(*s.reversed)[: size + 1])
        more_before = len(rows) > size
        rows = rows[:size][::-1]
        if rows:
            return KeysetPage(
                rows=rows,
                count=count,
                count_capped=capped,
                next_cursor=Key.of(rows[-1]).encode(),
                prev_cursor=Key.of(rows[0]).encode() if more_before else None,
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
        next_cursor=Key.of(rows[-1]).encode() if more and rows else None,
        prev_cursor=Key.of(rows[0]).encode() if after_key is not None and rows else None,
    )
