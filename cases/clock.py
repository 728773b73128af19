"""The single source of time for deadline logic.

Tests move it with time-machine (which patches the system clock) or with `travel()`, which the demo seed
also uses to give cases a realistic past. Nothing in the term engine reads the wall clock directly.
"""

import datetime as dt
from contextlib import contextmanager
from contextvars import ContextVar

from django.utils import timezone

_offset: ContextVar[dt.timedelta | None] = ContextVar("clock_offset", default=None)


def now() -> dt.datetime:
    offset = _offset.get()
    current = timezone.now()
    return current + offset if offset is not None else current


def today() -> dt.date:
    return timezone.localdate(now())


@contextmanager
def travel(to: dt.datetime):
    """Within the block, now() runs from `to` (the clock keeps ticking)."""
    token = _offset.set(to - timezone.now())
    try:
        yield
    finally:
        _offset.reset(token)


def end_of_day(day: dt.date) -> dt.datetime:
    """The last moment of a (local) day: a term that runs 'tot en met' day ends here."""
    tz = timezone.get_current_timezone()
    return dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=tz)


def start_of_day(day: dt.date) -> dt.datetime:
    """Warnings go out at the start of the working day."""
    tz = timezone.get_current_timezone()
    return dt.datetime.combine(day, dt.time(7, 0), tzinfo=tz)
