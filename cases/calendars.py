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
* **School days and school weeks** (the optional :class:`SchoolCalendar` for terms an SWV counts in school
  time): a school day is a working day of the Atw calendar that falls in none of the schoolvakanties of the
  SWV's region (noord, midden, zuid); a *vakantieweek* is a calendar week (Monday to Sunday) whose Monday to
  Friday are all closed (a schoolvakantie or an Atw feestdag) with at least one schoolvakantie day. The
  periods come from the database (entered per school year); this module only receives them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

import holidays
from dateutil.easter import easter

__all__ = [
    "SchoolCalendar",
    "SchoolHolidayPeriod",
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
    SCHOOL = "school"  # school weeks / school days: the schoolvakanties of the SWV's region, plus the Atw


CALENDAR_NAMES = {
    Calendar.ATW: "de feestdagen van de Algemene termijnenwet (5 mei elk jaar, geen Goede Vrijdag)",
    Calendar.NL_HOLIDAYS: "de Nederlandse feestdagen van de holidays-lijst (met Goede Vrijdag; 5 mei alleen "
    "in lustrumjaren)",
    Calendar.SCHOOL: "de schoolkalender (zonder weekend, feestdagen van de Algemene termijnenwet en "
    "schoolvakanties)",
}

REGIONS = ("noord", "midden", "zuid")


def school_year_of(day: dt.date) -> int:
    """The first calendar year of the school year ``day`` lies in (1 August to 31 July): 2026 for 2026-2027.

    The zomervakantie starts in July, so a period's school year is that of its start date."""
    return day.year if day.month >= 8 else day.year - 1


def school_year_label(year: int) -> str:
    return f"{year}-{year + 1}"


@dataclass(frozen=True)
class SchoolHolidayPeriod:
    name: str  # herfstvakantie, kerstvakantie, ... (the code; shown as is, it is Dutch)
    start: dt.date
    end: dt.date  # inclusive

    def __contains__(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    @property
    def text(self) -> str:
        """'de kerstvakantie 19-12-2026 t/m 3-1-2027'."""
        return f"de {self.name} {_short(self.start)} t/m {_short(self.end)}"


def _short(d: dt.date) -> str:
    return f"{d.day}-{d.month}-{d.year}"


@dataclass(frozen=True)
class SchoolCalendar:
    """The schoolvakanties of one region; ``known_years`` are the school years for which they were entered
    (a school year without data counts without holidays: the engine says so)."""

    region: str
    periods: tuple[SchoolHolidayPeriod, ...] = ()
    known_years: frozenset[int] = frozenset()

    def holiday_of(self, day: dt.date) -> SchoolHolidayPeriod | None:
        return next((p for p in self.periods if day in p), None)

    def is_closed(self, day: dt.date) -> bool:
        """No school: weekend, Atw feestdag or schoolvakantie."""
        return is_atw_rest_day(day) or self.holiday_of(day) is not None

    def is_known(self, day: dt.date) -> bool:
        return school_year_of(day) in self.known_years or self.holiday_of(day) is not None

    def unknown_years(self, first: dt.date, last: dt.date) -> list[int]:
        """School years touched by ``[first, last]`` for which no schoolvakanties were entered."""
        years = []
        for year in range(school_year_of(first), school_year_of(last) + 1):
            if year in self.known_years:
                continue
            start, end = max(first, dt.date(year, 8, 1)), min(last, dt.date(year + 1, 7, 31))
            day = start
            while day <= end and self.holiday_of(day) is not None:  # inside a known zomervakantie
                day += _ONE_DAY
            if day <= end:
                years.append(year)
        return years

    def holiday_weeks(
        self, after: dt.date, until: dt.date
    ) -> list[tuple[dt.date, tuple[SchoolHolidayPeriod, ...]]]:
        """The vakantieweken with a schoolvakantie weekday in ``(after, until]``: (Monday, periods) each."""
        weeks = []
        monday = after + _ONE_DAY - dt.timedelta(days=(after + _ONE_DAY).weekday())
        while monday <= until:
            weekdays = [monday + dt.timedelta(days=i) for i in range(5)]
            periods = []
            for day in weekdays:
                period = self.holiday_of(day)
                if period is not None and period not in periods:
                    periods.append(period)
            if (
                periods
                and all(self.is_closed(day) for day in weekdays)
                and any(after < day <= until and self.holiday_of(day) for day in weekdays)
            ):
                weeks.append((monday, tuple(periods)))
            monday += dt.timedelta(days=7)
        return weeks

    def periods_in(self, after: dt.date, until: dt.date) -> list[SchoolHolidayPeriod]:
        """The schoolvakanties with a weekday in ``(after, until]``, in order."""
        found = []
        for period in self.periods:
            day = max(period.start, after + _ONE_DAY)
            while day <= min(period.end, until):
                if day.weekday() < _SATURDAY:
                    found.append(period)
                    break
                day += _ONE_DAY
        return found

    def skip_vakantieweken(
        self, started_on: dt.date, plain_end: dt.date, paused=lambda day: False
    ) -> tuple[dt.date, list[SchoolHolidayPeriod]]:
        """School weeks: ``plain_end`` plus 7 days for every vakantieweek with a vakantie weekday in
        ``(started_on, end]``, to a fixed point (the longer term may reach the next vakantie). A vakantieweek
        whose vakantie weekdays in the term all lie in a pause (``paused(day)``) is already paused and does
        not count again. Returns the end and the vakanties skipped."""
        end = plain_end
        while True:
            weeks = []
            for monday, periods in self.holiday_weeks(started_on, end):
                days = [monday + dt.timedelta(days=i) for i in range(5)]
                if any(started_on < d <= end and self.holiday_of(d) and not paused(d) for d in days):
                    weeks.append(periods)
            new_end = plain_end + dt.timedelta(weeks=len(weeks))
            if new_end == end:
                break
            end = new_end
        skipped: list[SchoolHolidayPeriod] = []
        for periods in weeks:
            skipped += [p for p in periods if p not in skipped]
        return end, skipped


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


def is_working_day(day: dt.date, calendar: str | SchoolCalendar = Calendar.NL_HOLIDAYS) -> bool:
    """Monday to Friday and not a feestdag of `calendar` (default: the ``holidays`` package's NL list); with a
    :class:`SchoolCalendar`: a school day (no Atw feestdag, no schoolvakantie)."""
    if day.weekday() >= _SATURDAY:
        return False
    if isinstance(calendar, SchoolCalendar):
        return not calendar.is_closed(day)
    if Calendar(calendar) in (Calendar.ATW, Calendar.SCHOOL):
        return day not in _atw_feestdagen(day.year)
    return day not in _dutch_public_holidays(day.year)


def add_working_days(day: dt.date, n: int, calendar: str | SchoolCalendar = Calendar.NL_HOLIDAYS) -> dt.date:
    """The date ``n`` working days after ``day`` (``day`` itself is not counted; ``n == 0`` gives ``day``)."""
    if n < 0:
        raise ValueError("n must be >= 0")
    while n:
        day += _ONE_DAY
        if is_working_day(day, calendar):
            n -= 1
    return day


def working_days_between(
    start: dt.date, end: dt.date, calendar: str | SchoolCalendar = Calendar.NL_HOLIDAYS
) -> int:
    """The number of working days in the half-open interval ``[start, end)`` (0 if ``end <= start``)."""
    count = 0
    day = start
    while day < end:
        if is_working_day(day, calendar):
            count += 1
        day += _ONE_DAY
    return count
