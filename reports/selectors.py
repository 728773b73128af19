"""Read-side queries for the reports. Every query is scoped through cases.policies.visible_cases."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy

from cases import policies
from cases.models import ThuiszitterPeriode
from cases.models.thuiszitter import AIM_DAYS, MAX_AGE, MIN_AGE, ThuiszitterType
from cases.validators import plausible_date, years_ahead

PEILDATUM_YEARS = 5  # a peildatum at most this many years ahead (the report counts the past and the present)


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
    """The thuiszitters on the peildatum among the cases this user may see (see `thuiszitters_in`)."""
    return thuiszitters_in(policies.visible_cases(user), peildatum=peildatum)


def thuiszitters_in(cases, *, peildatum: dt.date):
    """The periods in which a pupil counts as thuiszitter on the peildatum (DOMAIN.md, route 2):

    aged 5–18 on the peildatum; at home on that day (first day of absence on or before it, no passend
    aanbod started and not returned by then); without a vrijstelling art. 5 sub a by then; and at home for
    4 weeks or more, except absoluut verzuim (not enrolled anywhere), which counts from the first day.
    Zorgwekkend geoorloofd verzuim is counted too, under its own type.
    """
    four_weeks_ago = peildatum - dt.timedelta(days=AIM_DAYS)
    return ThuiszitterPeriode.objects.filter(
        melding__case__in=cases,
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
    plausible_date(
        peildatum, field="peildatum", label=gettext_lazy("Peildatum"), not_after=years_ahead(PEILDATUM_YEARS)
    )
    return count_thuiszitters(policies.visible_cases(user), peildatum=peildatum)


def count_thuiszitters(cases, *, peildatum: dt.date) -> list[CountRow]:
    """Counts per type, gemeente and board on the peildatum among `cases` (one GROUP BY query)."""
    labels = dict(ThuiszitterType.choices)
    rows = (
        thuiszitters_in(cases, peildatum=peildatum)
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


# --- toestroom zorg → onderwijs (per quarter) and the carrousel (per school year) ------------

TOESTROOM_DEFINITIE = gettext_lazy(
    "Toestroompercentage zorg naar onderwijs: van de screenings die in het kwartaal zijn afgesloten met een "
    "plaatsingsbesluit, het aandeel kinderen dat in het onderwijs is geplaatst, volledig of gedeeltelijk "
    "(onderwijs-zorgarrangement)."
)


@dataclass(frozen=True)
class ToestroomRow:
    herkomst: str
    herkomst_label: str
    afgesloten: int
    volledig: int
    gedeeltelijk: int
    niet: int

    @property
    def geplaatst(self) -> int:
        return self.volledig + self.gedeeltelijk

    @property
    def percentage(self) -> float | None:
        return round(100 * self.geplaatst / self.afgesloten, 1) if self.afgesloten else None


def quarter_bounds(jaar: int, kwartaal: int) -> tuple[dt.date, dt.date]:
    start = dt.date(jaar, 3 * (kwartaal - 1) + 1, 1)
    end = dt.date(jaar + 1, 1, 1) if kwartaal == 4 else dt.date(jaar, 3 * kwartaal + 1, 1)
    return start, end - dt.timedelta(days=1)


def toestroom(*, user, jaar: int, kwartaal: int) -> tuple[list[ToestroomRow], ToestroomRow]:
    """Per herkomst and in total: the screenings completed in the quarter and how they were placed."""
    start, end = quarter_bounds(jaar, kwartaal)
    return toestroom_between(policies.visible_cases(user), start=start, end=end)


def toestroom_between(cases, *, start: dt.date, end: dt.date) -> tuple[list[ToestroomRow], ToestroomRow]:
    """Per herkomst and in total: the screenings among `cases` completed from start to end (inclusive)."""
    from django.utils import timezone

    from cases.models import ZorgOnderwijsScreening
    from cases.models.screening import Herkomst, Plaatsing, ScreeningStatus

    tz = timezone.get_current_timezone()
    qs = (
        ZorgOnderwijsScreening.objects.filter(
            case__in=cases,
            status=ScreeningStatus.AFGESLOTEN,
            afgesloten_op__gte=dt.datetime.combine(start, dt.time.min, tzinfo=tz),
            afgesloten_op__lt=dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz),
        )
        .values("herkomst")
        .annotate(
            afgesloten=Count("pk"),
            volledig=Count("pk", filter=Q(plaatsing=Plaatsing.VOLLEDIG)),
            gedeeltelijk=Count("pk", filter=Q(plaatsing=Plaatsing.GEDEELTELIJK)),
            niet=Count("pk", filter=Q(plaatsing=Plaatsing.NIET)),
        )
        .order_by("herkomst")
    )
    labels = dict(Herkomst.choices)
    rows = [
        ToestroomRow(
            herkomst=r["herkomst"],
            herkomst_label=str(labels.get(r["herkomst"], r["herkomst"])),
            afgesloten=r["afgesloten"],
            volledig=r["volledig"],
            gedeeltelijk=r["gedeeltelijk"],
            niet=r["niet"],
        )
        for r in qs
    ]
    total = ToestroomRow(
        herkomst="",
        herkomst_label="",
        afgesloten=sum(r.afgesloten for r in rows),
        volledig=sum(r.volledig for r in rows),
        gedeeltelijk=sum(r.gedeeltelijk for r in rows),
        niet=sum(r.niet for r in rows),
    )
    return rows, total


@dataclass(frozen=True)
class CarrouselRow:
    swv: str
    soort: str
    soort_label: str
    aantal: int
    richting: str
    richting_label: str
    doel: int | None

    @property
    def gehaald(self) -> bool | None:
        from cases.models.schakel import STABIEL_MARGE, Richting

        if self.doel is None:
            return None
        if self.richting == Richting.MINIMAAL:
            return self.aantal >= self.doel
        if self.richting == Richting.MAXIMAAL:
            return self.aantal <= self.doel
        return abs(self.aantal - self.doel) <= STABIEL_MARGE


def schooljaar_bounds(beginjaar: int) -> tuple[dt.date, dt.date]:
    """A school year runs from 1 August to 31 July."""
    return dt.date(beginjaar, 8, 1), dt.date(beginjaar + 1, 7, 31)


def schooljaar_of(day: dt.date) -> int:
    return day.year if day.month >= 8 else day.year - 1


def carrousel(*, user, schooljaar: int) -> list[CarrouselRow]:
    """Definitive moves per SWV and kind in the school year (by besluit date), against the SWV's targets."""
    from cases.models import Swv

    start, end = schooljaar_bounds(schooljaar)
    swv_ids = set(policies.visible_cases(user).values_list("swv_id", flat=True).distinct())
    scope = policies.scope_of(user)
    for ids in scope.swvs_by_role.values():
        swv_ids |= set(ids)
    return carrousel_between(
        policies.visible_cases(user), swvs=Swv.objects.filter(pk__in=swv_ids), start=start, end=end
    )


PROFILE_RICHTING = {"minimaal": "min", "maximaal": "max", "stabiel": "stabiel"}  # IndicatorDoel -> Richting


def carrousel_between(cases, *, swvs, start: dt.date, end: dt.date) -> list[CarrouselRow]:
    """Moves among `cases` per SWV and kind from start to end, against each SWV's own targets for the school
    year (`IndicatorDoel`; else its `CarrouselDoel`; an SWV without targets shows none). A move is a
    definitive schakeltraject (by its besluit date) or a toegekende TLV VSO (by its besluit date): from a
    PO SWV's school a PO → VSO move, from a VO SWV's school a VO → VSO move."""
    from cases.models import CarrouselDoel, IndicatorDoel, Schakeltraject, TlvAanvraag
    from cases.models.schakel import Richting, SchakelSoort, Uitkomst

    counts: dict[tuple[int, str], int] = {}
    for r in (
        Schakeltraject.objects.filter(
            case__in=cases,
            uitkomst=Uitkomst.DEFINITIEF,
            besluit_op__gte=start,
            besluit_op__lte=end,
        )
        .values("case__swv_id", "soort")
        .annotate(n=Count("pk"))
    ):
        counts[(r["case__swv_id"], r["soort"])] = r["n"]
    for r in (
        TlvAanvraag.objects.filter(
            case__in=cases,
            status="toegekend",
            besluit_soort="vso",
            besloten_op__date__gte=start,
            besloten_op__date__lte=end,
        )
        .values("case__swv_id", "case__school__swv__sector")
        .annotate(n=Count("pk"))
    ):
        soort = SchakelSoort.PO_VSO if r["case__school__swv__sector"] == "po" else SchakelSoort.VO_VSO
        key = (r["case__swv_id"], soort.value)
        counts[key] = counts.get(key, 0) + r["n"]
    schooljaar = schooljaar_of(start)
    richting_labels = dict(Richting.choices)
    rows = []
    for swv in swvs.order_by("name"):
        own = {d.soort: (d.richting, d.aantal) for d in CarrouselDoel.objects.filter(swv=swv)}
        own.update(
            {
                d.indicator: (PROFILE_RICHTING[d.richting], int(d.waarde))
                for d in IndicatorDoel.objects.filter(
                    swv=swv, schooljaar=schooljaar, indicator__in=SchakelSoort.values
                )
            }
        )
        for soort in SchakelSoort:
            richting, doel = own.get(soort, ("", None))
            aantal = counts.get((swv.pk, soort.value), 0)
            if doel is None and not aantal:
                continue
            rows.append(
                CarrouselRow(
                    swv=swv.code,
                    soort=soort.value,
                    soort_label=str(soort.label),
                    aantal=aantal,
                    richting=richting,
                    richting_label=str(richting_labels.get(richting, "")),
                    doel=doel,
                )
            )
    return rows
