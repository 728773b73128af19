"""The single source of time for deadline logic.

Tests move it with time-machine (which patches the system clock) or with `travel()`, which the demo seed
also uses to give cases a realistic past. Nothing in the term engine reads the wall clock directly.
"""

import datetime as dt
import os
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.utils import timezone

_offset: ContextVar[dt.timedelta | None] = ContextVar("clock_offset", default=None)
_demo_cache: dict = {"mtime": None, "offset": dt.timedelta(0)}


def demo_offset() -> dt.timedelta:
    """The demo clock offset (`make run`, DEMO_CLOCK=1), shared by web app and sweep through a file."""
    if not settings.DEMO_CLOCK:
        return dt.timedelta(0)
    path = settings.DEMO_CLOCK_FILE
    try:
        mtime = os.stat(path).st_mtime_ns
    except FileNotFoundError:
        return dt.timedelta(0)
    if mtime != _demo_cache["mtime"]:
        try:
            with open(path) as fh:
                seconds = float(fh.read().strip() or 0)
        except (OSError, ValueError):
            seconds = 0.0
        _demo_cache.update(mtime=mtime, offset=dt.timedelta(seconds=seconds))
    return _demo_cache["offset"]


def set_demo_offset(offset: dt.timedelta) -> None:
    path = settings.DEMO_CLOCK_FILE
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = f"{path}.tmp"
    with open(tmp, "w") as fh:
        fh.write(str(max(offset, dt.timedelta(0)).total_seconds()))
    os.replace(tmp, path)


def now() -> dt.datetime:
    offset = _offset.get()
    current = timezone.now() + demo_offset()
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
