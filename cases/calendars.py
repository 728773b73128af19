"""Calendars for legal terms: pure functions, no database, no wall clock.

Two different notions of "not a normal day" are used, on purpose:

* **Atw rest days** (Algemene termijnenwet, art. 1 and 3): Saturday, Sunday and the *algemeen erkende
  feestdagen* of art. 3 Atw: Nieuwjaarsdag, tweede Paasdag, Hemelvaartsdag, tweede Pinksterdag,
  Koningsdag, 5 mei (every year, not only in lustrum years) and eerste en tweede Kerstdag. A term that
  ends on such a day is extended to the next day that is none (:func:`next_atw_day`). Goede Vrijdag is
  *not* an Atw feestdag. This list is computed here and deliberately not taken from the ``holidays``
  package, whose NL calendar has 5 May only in lustrum years and includes Good Friday.
* **Working days** (for terms expressed in werkdagen): Monday to Friday, minus the feestdagen of the
  calendar an SWV chooses (:class:`Calendar`): the Atw list (the default for terms), or the Dutch public
  holidays of the ``holidays`` package (:func:`dutch_public_holidays`, with Goede Vrijdag). The functions
  below default to the ``holidays`` list, as they always did; the term engine passes the term's calendar.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
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


class Calendar(StrEnum):
    """Which feestdagen a working-day term skips."""

    ATW = "atw"
    NL_HOLIDAYS = "nl_holidays"


CALENDAR_NAMES = {
    Calendar.ATW: "de feestdagen van de Algemene termijnenwet (5 mei elk jaar, geen Goede Vrijdag)",
    Calendar.NL_HOLIDAYS: "de Nederlandse feestdagen van de holidays-lijst (met Goede Vrijdag; 5 mei alleen "
    "in lustrumjaren)",
}
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


def is_working_day(day: dt.date, calendar: str = Calendar.NL_HOLIDAYS) -> bool:
    """Monday to Friday and not a feestdag of `calendar` (default: the ``holidays`` package's NL list)."""
    if day.weekday() >= _SATURDAY:
        return False
    if Calendar(calendar) is Calendar.ATW:
        return day not in _atw_feestdagen(day.year)
    return day not in _dutch_public_holidays(day.year)


def add_working_days(day: dt.date, n: int, calendar: str = Calendar.NL_HOLIDAYS) -> dt.date:
    """The date ``n`` working days after ``day`` (``day`` itself is not counted; ``n == 0`` gives ``day``)."""
    if n < 0:
        raise ValueError("n must be >= 0")
    while n:
        day += _ONE_DAY
        if is_working_day(day, calendar):
            n -= 1
    return day


def working_days_between(start: dt.date, end: dt.date, calendar: str = Calendar.NL_HOLIDAYS) -> int:
    """The number of working days in the half-open interval ``[start, end)`` (0 if ``end <= start``)."""
    count = 0
    day = start
    while day < end:
        if is_working_day(day, calendar):
            count += 1
        day += _ONE_DAY
    return count
