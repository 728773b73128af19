"""The traffic light of a due date: one definition for every list (inbox rows, home cards, dashboard, case
pages, the API).

- ``red`` ("te laat"): past the last day, or a term that was breached once (a breach stays a breach; an
  escalation shows the colour of the term it escalates);
- ``amber`` ("bijna verlopen"): the last day is today or within the SWV's ``bijna_verlopen_dagen``
  (default 7) calendar days;
- ``green`` ("op tijd"); ``paused`` while the term stands still; ``none`` without a due date.

:func:`light` decides in Python and :func:`due_q` builds the same decision as SQL filters, so counts,
filters and rows never disagree. The sweep's warning notification is a separate moment (the term policy's
warning point); it does not colour anything.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable

from django.db.models import Q
from django.utils import timezone

DEFAULT_WARNING_DAYS = 7


def light(
    due_on: dt.date | None,
    *,
    today: dt.date,
    warning_days: int = DEFAULT_WARNING_DAYS,
    paused: bool = False,
    breached: bool = False,
) -> str:
    """``red`` / ``amber`` / ``green`` / ``paused`` / ``none`` for a last day ``due_on`` ("tot en met")."""
    if paused:
        return "paused"
    if breached:
        return "red"
    if due_on is None:
        return "none"
    if due_on < today:
        return "red"
    if (due_on - today).days <= warning_days:
        return "amber"
    return "green"


def warning_days(swv_ids: Iterable[int]) -> dict[int, int]:
    """Each SWV's 'bijna verlopen' window in days (one query; SWVs at the default are left out)."""
    from cases.models import Swv

    ids = {i for i in swv_ids if i is not None}
    if not ids:
        return {}
    return dict(
        Swv.objects.filter(pk__in=ids)
        .exclude(bijna_verlopen_dagen=DEFAULT_WARNING_DAYS)
        .values_list("pk", "bijna_verlopen_dagen")
    )


_cache: dict[int, tuple[int, float]] = {}
CACHE_SECONDS = 30


def warning_days_of_swv(swv_id: int) -> int:
    """One SWV's window for a single row (API lists, one task page): remembered for CACHE_SECONDS so a list
    serialised row by row does not query per row; Swv.save forgets it at once in this process."""
    hit = _cache.get(swv_id)
    if hit is not None and time.monotonic() - hit[1] < CACHE_SECONDS:
        return hit[0]
    days = days_for(warning_days([swv_id]), swv_id)
    _cache[swv_id] = (days, time.monotonic())
    return days


def forget(swv_id: int | None = None) -> None:
    if swv_id is None:
        _cache.clear()
    else:
        _cache.pop(swv_id, None)


def days_for(days_by_swv: dict[int, int] | None, swv_id: int | None) -> int:
    return (days_by_swv or {}).get(swv_id, DEFAULT_WARNING_DAYS)


def _start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_current_timezone())


def due_q(
    *,
    today: dt.date,
    days_by_swv: dict[int, int] | None,
    due: str,
    swv: str,
    paused: Q | None,
    breached: Q,
    is_datetime: bool = False,
) -> dict[str, Q]:
    """SQL twins of :func:`light`: ``{"red": Q, "amber": Q}`` over rows whose last day is in field ``due``
    (a date, or with ``is_datetime`` a moment on that local day) and whose SWV id is in field ``swv``."""

    def before(day: dt.date) -> Q:  # the last day is before `day`
        return Q(**{f"{due}__lt": _start(day) if is_datetime else day})

    red = breached | before(today)
    by_days: dict[int, set[int]] = {}
    for swv_id, n in (days_by_swv or {}).items():
        by_days.setdefault(n, set()).add(swv_id)
    special = set().union(*by_days.values()) if by_days else set()
    window = before(today + dt.timedelta(days=DEFAULT_WARNING_DAYS + 1))
    if special:
        window = ~Q(**{f"{swv}__in": special}) & window
    for n, ids in by_days.items():
        window |= Q(**{f"{swv}__in": ids}) & before(today + dt.timedelta(days=n + 1))
    amber = ~breached & ~before(today) & Q(**{f"{due}__isnull": False}) & window
    if paused is not None:  # a term that stands still is neither (paused=None: judge by the projected date)
        red, amber = ~paused & red, ~paused & amber
    return {"red": red, "amber": amber}
