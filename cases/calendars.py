"""Calendars for legal terms: pure functions, no database, no wall clock.

Two different notions of "not a normal day" are used, on purpose:

* **Atw rest days** (Algemene termijnenwet, art. 1 and 3): Saturday, Sunday and the *algemeen erkende
  feestdagen* of art. 3 Atw: Nieuwjaarsdag, tweede Paasdag, Hemelvaartsdag, tweede Pinksterdag,
  Koningsdag, 5 mei (every year, not only in lustrum years) and eerste en tweede Kerstdag. A term that
  ends on such a day is extended to the next day that is none (:func:`next_atw_day`). Goede Vrijdag is
  *not* an Atw feestdag. This list is computed here and deliberately not taken from the ``holidays``
  package, whose NL calendar has 5 May only in lustrum years and includes Good Friday.
* **Working days** (for terms expressed in werkdagen): Monday to Friday, minus the Dutch public holidays
  as given by the ``holidays`` package (:func:`dutch_public_holidays`).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays
from dateutil.easter import easter

__all__ = [
    "add_working_days",
    "atw_feestdagen",
    "dutch_public_holidays",
    "is_atw_rest_day",
    "is_working_day",
    "koningsdag",
    "next_atw_day",
    "working_days_between",
]

_ONE_DAY = dt.timedelta(days=1)
_SATURDAY = 5


def koningsdag(year: int) -> dt.date:
    """27 April, or 26 April when 27 April falls on a Sunday."""
    day = dt.date(year, 4, 27)
    return day - _ONE_DAY if day.weekday() == 6 else day


@lru_cache(maxsize=64)
def _atw_feestdagen(year: int) -> frozenset[dt.date]:
    easter_sunday = easter(year)
    return frozenset(
        {
            dt.date(year, 1, 1),  # Nieuwjaarsdag
            easter_sunday + dt.timedelta(days=1),  # tweede Paasdag
            easter_sunday + dt.timedelta(days=39),  # Hemelvaartsdag
            easter_sunday + dt.timedelta(days=50),  # tweede Pinksterdag
            koningsdag(year),
            dt.date(year, 5, 5),  # Bevrijdingsdag, every year for the Atw
            dt.date(year, 12, 25),  # eerste Kerstdag
            dt.date(year, 12, 26),  # tweede Kerstdag
        }
    )


def atw_feestdagen(year: int) -> set[dt.date]:
    """The algemeen erkende feestdagen of art. 3 Algemene termijnenwet in ``year``."""
    return set(_atw_feestdagen(year))


def is_atw_rest_day(day: dt.date) -> bool:
    """Saturday, Sunday or an Atw feestdag."""
    return day.weekday() >= _SATURDAY or day in _atw_feestdagen(day.year)


def next_atw_day(day: dt.date) -> dt.date:
    """``day`` itself if it is no Atw rest day, otherwise the first following day that is none."""
    while is_atw_rest_day(day):
        day += _ONE_DAY
    return day


@lru_cache(maxsize=64)
def _dutch_public_holidays(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("NL", years=year).keys())


def dutch_public_holidays(year: int) -> set[dt.date]:
    """Dutch public holidays in ``year`` according to the ``holidays`` package (used for working days)."""
    return set(_dutch_public_holidays(year))


def is_working_day(day: dt.date) -> bool:
    """Monday to Friday and not a Dutch public holiday (``holidays`` package)."""
    return day.weekday() < _SATURDAY and day not in _dutch_public_holidays(day.year)


def add_working_days(day: dt.date, n: int) -> dt.date:
    """The date ``n`` working days after ``day`` (``day`` itself is not counted; ``n == 0`` gives ``day``)."""
    if n < 0:
        raise ValueError("n must be >= 0")
    while n:
        day += _ONE_DAY
        if is_working_day(day):
            n -= 1
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """The number of working days in the half-open interval ``[start, end)`` (0 if ``end <= start``)."""
    count = 0
    day = start
    while day < end:
        if is_working_day(day):
            count += 1
        day += _ONE_DAY
    return count
