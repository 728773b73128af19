"""The school calendar in the term engine: school weeks and school days and how they are explained.

Pure functions (no database, no clock); :mod:`cases.deadlines` calls them for a term whose calendar is
``school``. The schoolvakanties arrive in a :class:`cases.calendars.SchoolCalendar`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cases.calendars import SchoolCalendar, SchoolHolidayPeriod, school_year_label


def _vakantie_names(periods: Sequence[SchoolHolidayPeriod]) -> str:
    texts = [
        _("de %(name)s %(start)s t/m %(end)s")
        % {
            "name": _(p.name),
            "start": f"{p.start.day}-{p.start.month}-{p.start.year}",
            "end": f"{p.end.day}-{p.end.month}-{p.end.year}",
        }
        for p in periods
    ]
    if len(texts) == 1:
        return _("%(vakantie)s telt niet mee") % {"vakantie": texts[0]}
    return _("%(vakanties)s en %(last)s tellen niet mee") % {
        "vakanties": ", ".join(texts[:-1]),
        "last": texts[-1],
    }


def amount(
    length: int, *, weeks: bool, school: SchoolCalendar, skipped: Sequence[SchoolHolidayPeriod]
) -> str:
    """'6 schoolweken (regio zuid; de kerstvakantie 19-12-2026 t/m 3-1-2027 telt niet mee)'."""
    if weeks:
        count = ngettext("%(n)s schoolweek", "%(n)s schoolweken", length) % {"n": length}
    else:
        count = ngettext("%(n)s schooldag", "%(n)s schooldagen", length) % {"n": length}
    region = _("regio %(regio)s") % {"regio": school.region} if school.region else _("geen regio ingesteld")
    detail = _vakantie_names(skipped) if skipped else _("geen schoolvakantie in deze periode")
    return f"{count} ({region}; {detail})"


def calendar_sentence(*, weeks: bool, school: SchoolCalendar) -> str:
    where = (
        _("regio %(regio)s") % {"regio": school.region}
        if school.region
        else _("de regio van het samenwerkingsverband")
    )
    if weeks:
        return _(
            "Schoolweken volgens: de schoolvakanties van %(where)s; een week waarin de school van maandag "
            "tot en met vrijdag dicht is, telt niet mee."
        ) % {"where": where}
    return _(
        "Schooldagen volgens: maandag tot en met vrijdag, zonder de feestdagen van de Algemene termijnenwet "
        "en de schoolvakanties van %(where)s."
    ) % {"where": where}


def also_skipped(new: Sequence[SchoolHolidayPeriod]) -> str:
    """' (ook de meivakantie … telt niet mee)' for vakanties a verdaging or pause brings into the term."""
    return _(" (ook %(vakanties)s)") % {"vakanties": _vakantie_names(new)} if new else ""


def missing_sentence(school: SchoolCalendar, started_on: dt.date, end: dt.date) -> str:
    """The warning when (part of) the term has no schoolvakanties entered; '' when all is known."""
    if not school.region:
        return _(
            "Let op: het samenwerkingsverband heeft geen regio voor de schoolvakanties ingesteld; de termijn "
            "is zonder schoolvakanties geteld."
        )
    missing = school.unknown_years(started_on + dt.timedelta(days=1), end)
    if not missing:
        return ""
    return _(
        "Let op: de schoolvakanties van regio %(regio)s voor schooljaar %(years)s zijn niet ingevoerd; die "
        "periode is zonder schoolvakanties geteld."
    ) % {"regio": school.region, "years": _(" en ").join(school_year_label(y) for y in missing)}
