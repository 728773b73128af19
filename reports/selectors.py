"""Read-side queries for the reports. Every query is scoped through cases.policies.visible_cases."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q

from cases import policies
from cases.models import ThuiszitterPeriode
from cases.models.thuiszitter import AIM_DAYS, MAX_AGE, MIN_AGE, ThuiszitterType


@dataclass(frozen=True)
class CountRow:
    type: str
    type_label: str
    gemeente: str
    bestuur: str
    aantal: int
    officieel: int


def _years_before(day: dt.date, years: int) -> dt.date:
    """The same day `years` earlier; 29 February becomes 28 February (as Leerling.age_on counts)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def thuiszitters_at(*, user, peildatum: dt.date):
    """The periods in which a pupil counts as thuiszitter on the peildatum (DOMAIN.md, route 2):

    aged 5–18 on the peildatum; at home on that day (first day of absence on or before it, no passend
    aanbod started and not returned by then); without a vrijstelling art. 5 sub a by then; and at home for
    4 weeks or more, except absoluut verzuim (not enrolled anywhere), which counts from the first day.
    Zorgwekkend geoorloofd verzuim is counted too, under its own type.
    """
    four_weeks_ago = peildatum - dt.timedelta(days=AIM_DAYS)
    return ThuiszitterPeriode.objects.filter(
        melding__case__in=policies.visible_cases(user),
        eerste_verzuimdag__lte=peildatum,
        melding__case__leerling__geboortedatum__lte=_years_before(peildatum, MIN_AGE),
        melding__case__leerling__geboortedatum__gt=_years_before(peildatum, MAX_AGE + 1),
    ).filter(
        Q(aanbod_op__isnull=True) | Q(aanbod_op__gt=peildatum),
        Q(terugkeer_op__isnull=True) | Q(terugkeer_op__gt=peildatum),
        Q(melding__vrijstelling_op__isnull=True) | Q(melding__vrijstelling_op__gt=peildatum),
        Q(eerste_verzuimdag__lte=four_weeks_ago) | Q(melding__type=ThuiszitterType.ABSOLUUT),
    )


def thuiszitter_count(*, user, peildatum: dt.date) -> list[CountRow]:
    """Counts per type, gemeente and board on the peildatum, for what this user may see."""
    labels = dict(ThuiszitterType.choices)
    rows = (
        thuiszitters_at(user=user, peildatum=peildatum)
        .values("melding__type", "melding__gemeente__name", "melding__bestuur__name")
        .annotate(aantal=Count("pk"), officieel=Count("pk", filter=Q(melding__officieel=True)))
        .order_by("melding__type", "melding__gemeente__name", "melding__bestuur__name")
    )
    return [
        CountRow(
            type=r["melding__type"],
            type_label=str(labels.get(r["melding__type"], r["melding__type"])),
            gemeente=r["melding__gemeente__name"] or "",
            bestuur=r["melding__bestuur__name"] or "",
            aantal=r["aantal"],
            officieel=r["officieel"],
        )
        for r in rows
    ]


def quarter_end(day: dt.date) -> dt.date:
    """The last day of the quarter before `day` (the usual peildatum of a quarterly count)."""
    first_month = 3 * ((day.month - 1) // 3) + 1
    return dt.date(day.year, first_month, 1) - dt.timedelta(days=1)
