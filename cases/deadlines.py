"""The term engine: pure functions that compute when a legal term (termijn) ends, and explain why.

Nothing here touches the database, Django models or the wall clock; "today" is always passed in.
In the style of Open Zaak's ``brondatum``: every computation returns the date *and* a Dutch explanation.

Semantics
---------
All dates are calendar dates; ``due_on`` is the last day on which the term is met ("tot en met").

1. **Start.** The term starts running the day after ``started_on`` (cf. art. 6:8 Awb). The nominal end is
   :func:`add_term` ``(started_on, length, unit)``:

   * ``CALENDAR_DAYS``: ``started_on + length`` days;
   * ``WEEKS``: ``started_on + 7 * length`` days;
   * ``MONTHS``: the same day number ``length`` calendar months later, clamped to the last day of a
     shorter month (31 January + 1 month = 28 or 29 February);
   * ``WORKING_DAYS``: :func:`cases.calendars.add_working_days` (Monday to Friday, minus the feestdagen of
     ``rule.calendar``: the Atw list by default, or the ``holidays`` package's NL list; ``started_on``
     itself is never counted). The explanation names the calendar.

   With the school calendar (``rule.calendar == "school"``, the region's vakanties in ``rule.school``), a
   term the SWV counts in school time skips the schoolvakanties: ``WORKING_DAYS`` become school days
   (Monday to Friday, no Atw feestdag, no schoolvakantie); ``WEEKS`` become school weeks: the end moves
   7 days for every *vakantieweek* (Monday to Friday all closed, see :class:`cases.calendars.SchoolCalendar`)
   with a vakantie weekday in the term, over the whole span (base, verdaging and pauses; a vakantieweek in a
   closed pause is not counted twice). The explanation names the region and each vakantie skipped; a school
   year without entered vakanties is counted without them, said so and flagged (``calendar_incomplete``).

2. **Extensions (verdaging)** are added after the base term, in the given order, each in its own unit,
   to the running end date (same rules as :func:`add_term`; months count from the running date, so
   31 January + 1 month + 1 month = 28 March, not 31 March).

3. **Closed pauses (opschorting)** are applied after the extensions. Pauses are half-open intervals
   ``[start, end)``: the start day is paused, the clock runs again on ``end``. Overlapping or touching
   pauses are merged first so no day is counted twice; a pause with ``end <= start`` counts 0. The merged
   length moves the end date by exactly that length in the term's unit:

   * calendar-type units (days, weeks, months): ``(end - start).days`` calendar days are added;
   * ``WORKING_DAYS``: ``working_days_between(start, end)`` working days are added with
     ``add_working_days``.

   Pauses never change the start, and they are not clipped to the term: a pause entirely before the
   start or after the due date still moves the end by its length (the caller records only relevant ones).

4. **Open pause** (``end is None``): the clock stands still. ``paused=True`` and ``due_on``/``warn_on``
   are ``None``; the explanation names the date since which the clock stands still, why, and how many
   days (in the term's unit) of the term were used before it. A closed pause overlapping an open one is
   merged into it (the clock then stands still since the earliest start).

5. **Algemene termijnenwet.** If ``rule.atw`` and the resulting end date is a Saturday, Sunday or Atw
   feestdag (see :mod:`cases.calendars`), it rolls forward to the next day that is none;
   ``atw_shifted_from`` then holds the date before the roll-forward.

6. **Warning.** ``warn_on = started_on + ceil(warn_fraction * n)`` calendar days, where ``n`` is the
   number of calendar days from ``started_on`` to the end of the *base* term (no pauses, extensions or
   Atw). It is then shifted by the same pause length as the due date (calendar days for calendar units,
   working days via ``add_working_days`` for ``WORKING_DAYS``) and capped at ``due_on``. Extensions do
   not move the warning point. ``warn_fraction=None`` gives no warning.

7. **Status** (:func:`term_status`): ``"paused"`` while an open pause exists, else ``"red"`` when
   ``today > due_on``, else ``"amber"`` when ``today >= warn_on``, else ``"green"``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache

from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from cases import schoolterms
from cases.calendars import (
    CALENDAR_NAMES,
    Calendar,
    SchoolCalendar,
    add_working_days,
    is_working_day,
    next_atw_day,
    working_days_between,
)

__all__ = [
    "DueResult",
    "Extension",
    "Pause",
    "TermRule",
    "Unit",
    "add_term",
    "compute_due",
    "format_date_nl",
    "stored_term_text",
    "term_status",
]

MONTHS_NL = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
WEEKDAYS_NL = ("ma", "di", "wo", "do", "vr", "za", "zo")


class Unit(StrEnum):
    CALENDAR_DAYS = "calendar_days"
    WORKING_DAYS = "working_days"
    WEEKS = "weeks"
    MONTHS = "months"


@dataclass(frozen=True)
class TermRule:
    length: int
    unit: Unit
    atw: bool = True  # apply the Algemene termijnenwet roll-forward at the end
    warn_fraction: float | None = 0.75  # warning point as a fraction of the term
    label: str = ""  # e.g. "beslistermijn"
    calendar: str = Calendar.ATW  # the feestdagen a working-day term skips (cases.calendars.Calendar)
    school: SchoolCalendar | None = None  # the region's schoolvakanties, with calendar == "school"


@dataclass(frozen=True)
class Pause:
    start: dt.date
    end: dt.date | None  # None = still paused (open)
    reason: str = ""
    # the last day of the term set for the answer (Awb 4:15 lid 1 a): an open pause ends at the latest on
    # the day after it, so a due date can be projected while the clock stands still
    until: dt.date | None = None


@dataclass(frozen=True)
class Extension:
    length: int
    unit: Unit
    reason: str = ""
    notified_on: dt.date | None = None  # the day the verdaging was notified (Awb 4:14 lid 3)


@dataclass(frozen=True)
class DueResult:
    due_on: dt.date | None  # last day on which the term is met; None while an open pause stops the clock
    warn_on: dt.date | None  # day the warning is due (None without warn_fraction or with an open pause)
    paused: bool  # an open pause exists (due_on is then the projected date, or None without an answer term)
    paused_days: int  # total length of closed pauses, in the term's unit (days or working days)
    atw_shifted_from: dt.date | None  # the due date before the Atw roll-forward, if it moved
    lines: tuple[str, ...]  # the explanation, one Dutch sentence each
    calendar_incomplete: bool = False  # the school calendar lacks vakanties for (part of) the term

    @property
    def text(self) -> str:
        return " ".join(self.lines)


def format_date_nl(d: dt.date, *, weekday: bool = False) -> str:
    """``3 mei 2027`` (or ``ma 3 mei 2027`` with ``weekday=True``), without any locale dependency."""
    text = f"{d.day} {MONTHS_NL[d.month - 1]} {d.year}"
    return f"{WEEKDAYS_NL[d.weekday()]} {text}" if weekday else text


def format_date(d: dt.date, *, weekday: bool = False) -> str:
    """A date in the active language: ``3 mei 2027`` in Dutch, ``3 May 2027`` in English."""
    if (translation.get_language() or "nl").startswith("nl"):
        return format_date_nl(d, weekday=weekday)
    return date_format(d, "D j F Y" if weekday else "j F Y")


def _gettext_or_text(text: str) -> str:
    """A stored Dutch label, basis or reason in the active language when the catalog knows it, else as it is.

    A text made from one of :data:`STORED_TERM_TEXTS` (a statutory ceiling, a pause reason with the day it was
    asked) is shown from its message, its parameters taken from the Dutch text and shown in turn: a date
    (``3 maart 2027``) in the reader's date format, an amount (``12 weken``) in the reader's words."""
    if not text or (translation.get_language() or "nl").startswith("nl"):
        return text
    return _stored_term_text(text, depth=0)


# The messages a stored basis or pause reason is made from (built by the services, kept as Dutch text).
CEILING_OWN_TERM_LONGER = gettext_noop(
    "wettelijk maximum van %(weeks)s weken na ontvangst (%(article)s); de eigen termijn van het "
    "samenwerkingsverband (%(own)s) is langer en geldt daarom niet"
)
OWN_TERM_WITHIN_CEILING = gettext_noop(
    "eigen termijn van het samenwerkingsverband, binnen het wettelijk maximum van %(weeks)s weken na "
    "ontvangst (%(article)s)"
)
CEILING_UNTIL_COMPLETE = gettext_noop(
    "wettelijk maximum van %(weeks)s weken na ontvangst van de aanvraag (%(article)s); de eigen termijn van "
    "het samenwerkingsverband telt vanaf het volledige dossier en gaat in als het dossier volledig is"
)
CEILING_OWN_TERM_ENDS_LATER = gettext_noop(
    "wettelijk maximum van %(weeks)s weken na ontvangst van de aanvraag (%(article)s); de eigen termijn van "
    "het samenwerkingsverband (%(own)s na het volledige dossier, tot en met %(date)s) eindigt later en geldt "
    "daarom niet"
)
ASKED_ON = gettext_noop("%(reason)s, gevraagd op %(date)s")
UNUSED_EXPIRED_ON = gettext_noop("%(term)s ongebruikt verstreken op %(date)s")
NOTICE_TO_PARENTS = gettext_noop("kennisgeving aan ouders: %(notice)s")
STORED_TERM_TEXTS = (
    CEILING_OWN_TERM_LONGER,
    OWN_TERM_WITHIN_CEILING,
    CEILING_UNTIL_COMPLETE,
    CEILING_OWN_TERM_ENDS_LATER,
    ASKED_ON,
    UNUSED_EXPIRED_ON,
    NOTICE_TO_PARENTS,
)


def stored_term_text(message: str, **params) -> str:
    """The Dutch text of one of :data:`STORED_TERM_TEXTS` as stored (dates as ``3 maart 2027``, amounts as
    ``12 weken``); a reader in another language sees it translated (see :func:`_gettext_or_text`)."""
    with translation.override("nl"):
        values = {
            key: format_date_nl(value)
            if isinstance(value, dt.date)
            else _count(*value)
            if isinstance(value, tuple)
            else value
            for key, value in params.items()
        }
        return message % values


_PLACEHOLDER = re.compile(r"%\((\w+)\)s")
_PARAM_PATTERNS = {
    "date": r"\d{1,2} [a-z]+ \d{4}",
    "weeks": r"\d+",
    "own": r"\d+ [a-z]+",
}
_AMOUNT_WORDS = {
    "dag": Unit.CALENDAR_DAYS,
    "dagen": Unit.CALENDAR_DAYS,
    "werkdag": Unit.WORKING_DAYS,
    "werkdagen": Unit.WORKING_DAYS,
    "week": Unit.WEEKS,
    "weken": Unit.WEEKS,
    "maand": Unit.MONTHS,
    "maanden": Unit.MONTHS,
}


@cache
def _term_text_patterns() -> tuple[tuple[re.Pattern, str], ...]:
    out = []
    for message in STORED_TERM_TEXTS:
        parts = _PLACEHOLDER.split(message)
        regex = "".join(
            re.escape(part) if i % 2 == 0 else f"(?P<{part}>{_PARAM_PATTERNS.get(part, '.+?')})"
            for i, part in enumerate(parts)
        )
        out.append((re.compile(f"^{regex}$", re.DOTALL), message))
    return tuple(out)


def _stored_term_text(text: str, *, depth: int) -> str:
    for pattern, message in _term_text_patterns():
        match = pattern.match(text)
        if match and depth < 3:
            params = {key: _stored_term_param(value, depth=depth) for key, value in match.groupdict().items()}
            try:
                return _(message) % params
            except (KeyError, TypeError, ValueError):  # a catalog entry that lost a placeholder
                return message % params
    translated = _(text)
    if translated == text and "; " in text:  # merged pauses: "reason; reason"
        return "; ".join(_stored_term_text(part, depth=depth + 1) for part in text.split("; "))
    return translated


def _stored_term_param(value: str, *, depth: int) -> str:
    day, _sep, rest = value.partition(" ")
    month, _sep, year = rest.partition(" ")
    if day.isdigit() and month in MONTHS_NL and year.isdigit() and len(year) == 4:
        try:
            return format_date(dt.date(int(year), MONTHS_NL.index(month) + 1, int(day)))
        except ValueError:
            return value
    if day.isdigit() and rest in _AMOUNT_WORDS:
        return _count(int(day), _AMOUNT_WORDS[rest])
    return _stored_term_text(value, depth=depth + 1)


def _add_months(d: dt.date, months: int) -> dt.date:
    index = d.month - 1 + months
    year, month = d.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def add_term(
    start: dt.date, length: int, unit: Unit, calendar: str | SchoolCalendar = Calendar.NL_HOLIDAYS
) -> dt.date:
    """The end ("tot en met") of a term of ``length`` ``unit`` that starts running the day after ``start``."""
    if length < 0:
        raise ValueError("A term length cannot be negative.")
    unit = Unit(unit)
    if unit is Unit.CALENDAR_DAYS:
        return start + dt.timedelta(days=length)
    if unit is Unit.WEEKS:
        return start + dt.timedelta(weeks=length)
    if unit is Unit.MONTHS:
        return _add_months(start, length)
    return add_working_days(start, length, calendar)


def term_status(result: DueResult, *, today: dt.date) -> str:
    """``"paused"``, ``"red"`` (past due), ``"amber"`` (warning point reached) or ``"green"``."""
    if result.paused or result.due_on is None:
        return "paused"
    if today > result.due_on:
        return "red"
    if result.warn_on is not None and today >= result.warn_on:
        return "amber"
    return "green"


# --- explanation helpers ---------------------------------------------------------------------------------


def _count(length: int, unit: Unit) -> str:
    unit = Unit(unit)
    if unit is Unit.CALENDAR_DAYS:
        return ngettext("%(n)s dag", "%(n)s dagen", length) % {"n": length}
    if unit is Unit.WEEKS:
        return ngettext("%(n)s week", "%(n)s weken", length) % {"n": length}
    if unit is Unit.MONTHS:
        return ngettext("%(n)s maand", "%(n)s maanden", length) % {"n": length}
    return ngettext("%(n)s werkdag", "%(n)s werkdagen", length) % {"n": length}


def _amount(length: int, unit: Unit, *, explain_working_days: bool = True) -> str:
    text = _count(length, unit)
    if Unit(unit) is Unit.WORKING_DAYS and explain_working_days:
        text = _("%(amount)s (zonder weekend en feestdagen)") % {"amount": text}
    return text


def _with_reason(sentence: str, reason: str) -> str:
    reason = _gettext_or_text(reason.strip().rstrip("."))
    return f"{sentence}: {reason}." if reason else f"{sentence}."


def _paused_sentence(span_start: dt.date, span_end: dt.date, length: int, unit: Unit, reasons: str) -> str:
    unit = Unit.WORKING_DAYS if Unit(unit) is Unit.WORKING_DAYS else Unit.CALENDAR_DAYS
    sentence = _("Opgeschort van %(start)s tot %(end)s (%(amount)s)") % {
        "start": format_date(span_start),
        "end": format_date(span_end),
        "amount": _count(length, unit),
    }
    return _with_reason(sentence, reasons)


def _due_sentence(end: dt.date) -> str:
    return _("Uiterste datum: %(date)s.") % {"date": format_date(end)}


# --- pauses ----------------------------------------------------------------------------------------------


@dataclass
class _Span:
    start: dt.date
    end: dt.date | None  # None = open
    reasons: list[str] = field(default_factory=list)

    def add_reason(self, reason: str) -> None:
        reason = reason.strip().rstrip(".")
        if reason and reason not in self.reasons:
            self.reasons.append(reason)


def _merge_pauses(pauses: Sequence[Pause]) -> list[_Span]:
    """Merge overlapping or touching pauses; an open pause swallows everything from its start on."""
    spans: list[_Span] = []
    relevant = [p for p in pauses if p.end is None or p.end > p.start]
    for pause in sorted(relevant, key=lambda p: p.start):
        last = spans[-1] if spans else None
        if last is not None and (last.end is None or pause.start <= last.end):
            if last.end is not None and (pause.end is None or pause.end > last.end):
                last.end = pause.end
            last.add_reason(pause.reason)
            continue
        span = _Span(pause.start, pause.end)
        span.add_reason(pause.reason)
        spans.append(span)
    return spans


def _pause_length(span: _Span, unit: Unit, calendar: str | SchoolCalendar) -> int:
    assert span.end is not None
    if unit is Unit.WORKING_DAYS:
        return working_days_between(span.start, span.end, calendar)
    return (span.end - span.start).days


def _days_used(
    started_on: dt.date, until: dt.date, closed: list[_Span], unit: Unit, calendar: str | SchoolCalendar
) -> int:
    """Term days (in the term's unit) in ``(started_on, until)`` that fall outside the closed pauses."""
    used = 0
    day = started_on + dt.timedelta(days=1)
    while day < until:
        in_pause = any(s.start <= day < s.end for s in closed if s.end is not None)
        if not in_pause and (unit is not Unit.WORKING_DAYS or is_working_day(day, calendar)):
            used += 1
        day += dt.timedelta(days=1)
    return used


def _term_size(started_on: dt.date, end: dt.date, unit: Unit, calendar: str | SchoolCalendar) -> int:
    """The size of the term ``(started_on, end]`` in days, or in working days for ``WORKING_DAYS``."""
    if unit is Unit.WORKING_DAYS:
        return working_days_between(started_on + dt.timedelta(days=1), end + dt.timedelta(days=1), calendar)
    return (end - started_on).days


# --- the engine ------------------------------------------------------------------------------------------


def compute_due(
    *,
    started_on: dt.date,
    rule: TermRule,
    pauses: Sequence[Pause] = (),
    extensions: Sequence[Extension] = (),
    started_because: str = "",
    basis: str = "",
) -> DueResult:
    """Compute the due date, warning date and Dutch explanation of a term; see the module docstring.

    ``started_because`` names the event the term starts from ("aanvraag ontvangen"), ``basis`` the rule
    that set the term ("wettelijke termijn, Awb 4:13"); both only add to the explanation.
    """
    bounded = [p for p in pauses if p.end is None and p.until is not None]
    if bounded:
        return _projected(started_on, rule, pauses, extensions, started_because, basis)
    unit = Unit(rule.unit)
    fmt = format_date
    lines: list[str] = []

    # 1. the base term
    calendar: str | SchoolCalendar = Calendar(rule.calendar)
    school = None  # the school calendar, for a term in weeks (school weeks) or working days (school days)
    if calendar is Calendar.SCHOOL:
        calendar = rule.school or SchoolCalendar(region="")
        school = calendar if unit in (Unit.WEEKS, Unit.WORKING_DAYS) else None
    school_weeks = school is not None and unit is Unit.WEEKS
    base_end = plain_end = add_term(started_on, rule.length, unit, calendar)
    seen = []  # the schoolvakanties named so far
    if school_weeks:
        base_end, seen = school.skip_vakantieweken(started_on, plain_end)
    elif school is not None:
        seen = school.periods_in(started_on, base_end)
    label = f" ({_gettext_or_text(rule.label)})" if rule.label else ""
    because = f" ({_gettext_or_text(started_because.strip())})" if started_because.strip() else ""
    lines.append(
        _("Gestart op %(start)s%(because)s; termijn %(amount)s%(label)s loopt tot en met %(end)s.")
        % {
            "start": fmt(started_on),
            "because": because,
            "amount": _amount(rule.length, unit)
            if school is None
            else schoolterms.amount(rule.length, weeks=school_weeks, school=school, skipped=seen),
            "label": label,
            "end": fmt(base_end),
        }
    )
    if because:  # Awb 6:8 and the Atw's way of counting: the event's own day does not count
        lines.append(
            _("De termijn telt vanaf de dag erna, %(date)s.")
            % {"date": fmt(started_on + dt.timedelta(days=1))}
        )
    if basis.strip():
        lines.append(
            _("Termijn volgens: %(basis)s.") % {"basis": _gettext_or_text(basis.strip().rstrip("."))}
        )
    if school is not None:
        lines.append(schoolterms.calendar_sentence(weeks=school_weeks, school=school))
    elif unit is Unit.WORKING_DAYS or any(Unit(e.unit) is Unit.WORKING_DAYS for e in extensions):
        lines.append(
            _("Werkdagen volgens: %(calendar)s.")
            % {"calendar": _gettext_or_text(CALENDAR_NAMES[Calendar(rule.calendar)])}
        )

    def more_vakanties(end: dt.date) -> str:
        """' (ook de meivakantie … telt niet mee)' for the vakanties the term reaches only now."""
        if school is None:
            return ""
        new = [p for p in school.periods_in(started_on, end) if p not in seen]
        seen.extend(new)
        return schoolterms.also_skipped(new)

    # 2. extensions (verdaging), in order, each in its own unit
    end = base_end
    for extension in extensions:
        plain_end = add_term(plain_end, extension.length, Unit(extension.unit), calendar)
        end = plain_end if school_weeks else add_term(end, extension.length, Unit(extension.unit), calendar)
        notified = (
            _(" (meegedeeld op %(date)s)") % {"date": fmt(extension.notified_on)}
            if extension.notified_on
            else ""
        )
        amount = _amount(extension.length, Unit(extension.unit))
        lines.append(
            _with_reason(
                _("Verdaagd met %(amount)s%(notified)s") % {"amount": amount, "notified": notified},
                extension.reason,
            )
        )
    if school_weeks and extensions:
        end = school.skip_vakantieweken(started_on, plain_end)[0]
    if extensions:
        lines.append(
            _("Door verdaging loopt de termijn tot en met %(date)s.")
            % {"date": fmt(end) + more_vakanties(end)}
        )

    # 3. pauses (opschorting)
    for pause in pauses:
        if pause.end is not None and pause.end <= pause.start:
            lines.append(
                _("Opschorting van %(start)s tot %(end)s telt niet mee (het einde ligt niet na het begin).")
                % {"start": fmt(pause.start), "end": fmt(pause.end)}
            )
    spans = _merge_pauses(pauses)
    closed = [s for s in spans if s.end is not None]
    open_span = next((s for s in spans if s.end is None), None)
    day_unit = Unit.WORKING_DAYS if unit is Unit.WORKING_DAYS else Unit.CALENDAR_DAYS
    paused_days = 0
    for span in closed:
        assert span.end is not None
        length = _pause_length(span, unit, calendar)
        paused_days += length
        lines.append(_paused_sentence(span.start, span.end, length, unit, "; ".join(span.reasons)))

    if open_span is not None:
        used = _days_used(started_on, open_span.start, closed, unit, calendar)
        total = _term_size(started_on, end, unit, calendar)
        lines.append(
            _with_reason(
                _("De termijn staat stil sinds %(date)s") % {"date": fmt(open_span.start)},
                "; ".join(open_span.reasons),
            )
        )
        lines.append(
            _("Tot dan verbruikt: %(used)s van %(total)s.") % {"used": used, "total": _count(total, day_unit)}
        )
        lines.append(_("Uiterste datum: nog niet bekend zolang de opschorting duurt."))
        return DueResult(
            due_on=None,
            warn_on=None,
            paused=True,
            paused_days=paused_days,
            atw_shifted_from=None,
            lines=tuple(lines),
        )

    if paused_days:
        if unit is Unit.WORKING_DAYS:
            end = add_working_days(end, paused_days, calendar)
        elif school_weeks:
            end = school.skip_vakantieweken(
                started_on,
                plain_end + dt.timedelta(days=paused_days),
                paused=lambda day: any(s.start <= day < s.end for s in closed),
            )[0]
        else:
            end += dt.timedelta(days=paused_days)
        lines.append(
            _("Door opschorting loopt de termijn tot en met %(date)s.")
            % {"date": fmt(end) + more_vakanties(end)}
        )

    # the school calendar without vakanties for (part of) the term: counted without them, and said so
    missing = schoolterms.missing_sentence(school, started_on, end) if school is not None else ""
    if missing:
        lines.append(missing)

    # 4. Algemene termijnenwet
    atw_shifted_from = None
    if rule.atw:
        shifted = next_atw_day(end)
        if shifted != end:
            atw_shifted_from = end
            lines.append(
                _("Verschoven van %(from)s naar %(to)s (Algemene termijnenwet).")
                % {"from": fmt(end, weekday=True), "to": fmt(shifted, weekday=True)}
            )
            end = shifted

    # 5. warning point
    warn_on = None
    if rule.warn_fraction is not None:
        nominal_days = (base_end - started_on).days
        # round() first so that e.g. 0.7 * 10 does not become 7.000000000000001 and ceil to 8
        warn_on = started_on + dt.timedelta(days=math.ceil(round(rule.warn_fraction * nominal_days, 9)))
        if paused_days:
            if unit is Unit.WORKING_DAYS:
                warn_on = add_working_days(warn_on, paused_days, calendar)
            else:
                warn_on += dt.timedelta(days=paused_days)
        warn_on = min(warn_on, end)

    lines.append(_due_sentence(end))
    return DueResult(
        due_on=end,
        warn_on=warn_on,
        paused=False,
        paused_days=paused_days,
        atw_shifted_from=atw_shifted_from,
        lines=tuple(lines),
        calendar_incomplete=bool(missing),
    )


def _projected(
    started_on: dt.date,
    rule: TermRule,
    pauses: Sequence[Pause],
    extensions: Sequence[Extension],
    started_because: str,
    basis: str,
) -> DueResult:
    """An open pause with an answer term: the due date as if the pause lasts the whole answer term.

    The pause ends when the answer arrives or on the day after the answer term's last day, whichever comes
    first (Awb 4:15 lid 1 a); until then the projected date is the latest the term can end.
    """
    fmt = format_date
    closed = [
        Pause(start=p.start, end=p.until + dt.timedelta(days=1), reason=p.reason)
        if p.end is None and p.until is not None
        else p
        for p in pauses
    ]
    result = compute_due(
        started_on=started_on,
        rule=rule,
        pauses=closed,
        extensions=extensions,
        started_because=started_because,
        basis=basis,
    )
    open_pause = min((p for p in pauses if p.end is None and p.until is not None), key=lambda p: p.start)
    ends = open_pause.until + dt.timedelta(days=1)
    paused_prefix = (
        _("Opgeschort van %(start)s tot %(end)s (%(amount)s)")
        % {"start": fmt(open_pause.start), "end": "\0", "amount": ""}
    ).partition("\0")[0]
    lines = [
        line
        for line in result.lines
        if not line.startswith(paused_prefix) and line != _due_sentence(result.due_on)
    ]
    lines.append(
        _with_reason(
            _("De termijn staat stil sinds %(date)s") % {"date": fmt(open_pause.start)}, open_pause.reason
        )
    )
    lines.append(
        _(
            "De opschorting eindigt op de dag dat de gevraagde informatie binnenkomt, en uiterlijk op "
            "%(end)s (de antwoordtermijn loopt tot en met %(until)s)."
        )
        % {"end": fmt(ends), "until": fmt(open_pause.until)}
    )
    lines.append(
        _("Uiterste datum (verwacht, als de informatie niet eerder komt): %(date)s.")
        % {"date": fmt(result.due_on)}
    )
    return DueResult(
        due_on=result.due_on,
        warn_on=result.warn_on,
        paused=True,
        paused_days=result.paused_days,
        atw_shifted_from=result.atw_shifted_from,
        lines=tuple(lines),
        calendar_incomplete=result.calendar_incomplete,
    )
