"""Policy targets with early warnings: each target of an SWV's profile (`IndicatorDoel`) against the
school year's figure so far and a projection to the end of the school year (31 July).

The figures, each with the cases behind it (`figure_cases`, read through cases.policies by the views):
- TLV reduction: TLVs toegekend (by besluit date) in the school year so far, against the same span of the
  base year: the school year that ended the day before the target's peildatum (e.g. 1-8-2025 → 2024-2025),
  or the previous school year when the target has no peildatum. The projection compares the projected
  number for the whole school year with the whole base year.
- Decided within term: TLV besluiten in the school year so far whose beslistermijn was met (as the quarterly
  report counts them). The projection adds the decisions still expected, at the rate so far, and counts the
  open requests already past their due date as late.
- Thuiszitters: the number on the day (as the thuiszitter count defines them). The projection is the
  number at the end of the school year.
- Carrousel flows: definitive moves in the school year so far (as the carrousel report counts them).

Projection of a count (TLVs, decisions, moves): with history (the three school years before, those with
any such event) it is seasonal: the count so far divided by the share the same part of the year held in those
years together; without history it is linear: the count so far times the length of the school year divided
by the days passed. A level (thuiszitters) is projected seasonally by adding the change from the same day to
the end of the school year in the years before, else linearly by continuing its change since 1 August.

A target set for an earlier school year keeps running until the SWV sets one for a later year (an
ondersteuningsplan's targets span several years); the page says from which school year it comes.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.models import Case, Deadline, TlvAanvraag
from cases.models.profiles import Indicator, IndicatorDoel
from cases.models.tlv import TlvStatus
from reports.selectors import schooljaar_bounds, thuiszitters_in

HISTORY_YEARS = 3
TLV_TERMS = ("tlv_beslistermijn", "tlv_beslistermijn_complex")
CARROUSEL = ("so_vo", "vso_vo", "po_vso", "vo_vso")

SEASONAL, LINEAR = "seizoen", "lineair"
METHOD_LABELS = {
    SEASONAL: gettext_lazy("seizoenspatroon van de voorgaande schooljaren"),
    LINEAR: gettext_lazy("lineair doorgetrokken (geen eerdere schooljaren)"),
}

DEFINITIONS = {
    "tlv_daling": gettext_lazy(
        "Daling van het aantal TLV's: toegekende TLV's (naar besluitdatum) in het schooljaar tot nu, "
        "vergeleken met dezelfde periode van het basisjaar: het schooljaar dat eindigde op de dag vóór de "
        "peildatum van het doel (zonder peildatum: het vorige schooljaar). De prognose vergelijkt het "
        "verwachte aantal over het hele schooljaar met het hele basisjaar."
    ),
    "binnen_termijn": gettext_lazy(
        "Besluiten binnen de termijn: het aandeel TLV-besluiten in het schooljaar tot nu waarbij de "
        "beslistermijn is gehaald (zoals de kwartaalrapportage telt). De prognose telt de nog te "
        "verwachten besluiten mee tegen het aandeel tot nu, en open aanvragen waarvan de termijn al "
        "verstreken is als te laat."
    ),
    "thuiszitters": gettext_lazy(
        "Thuiszitters: het aantal thuiszitters op de dag, zoals de thuiszittertelling ze telt. De prognose "
        "is het aantal op 31 juli."
    ),
    "carrousel": gettext_lazy(
        "Carrousel: definitieve overstappen in het schooljaar tot nu (naar besluitdatum), zoals het "
        "carrouseloverzicht ze telt. De prognose is het verwachte aantal over het hele schooljaar."
    ),
}
METHOD_TEXT = gettext_lazy(
    "Prognose tot het einde van het schooljaar (31 juli). Een aantal (TLV's, besluiten, overstappen): met "
    "eerdere schooljaren naar het seizoenspatroon, het aantal tot nu gedeeld door het deel dat in de drie "
    "voorgaande schooljaren samen op dezelfde dag al bereikt was; zonder eerdere schooljaren lineair, het "
    "aantal tot nu maal de lengte van het schooljaar gedeeld door de verstreken dagen. Het aantal "
    "thuiszitters: met eerdere schooljaren het aantal nu plus de verandering van dezelfde dag tot 31 juli in "
    "die jaren (gemiddeld), anders de verandering sinds 1 augustus lineair doorgetrokken."
)


@dataclass(frozen=True)
class Drill:
    """One figure behind a target, with the number of cases it counts (the link opens them)."""

    reeks: str
    label: str
    n: int


@dataclass(frozen=True)
class TrendPoint:
    label: str  # the month, e.g. "sep 2026"
    day: dt.date  # the last day of the month counted (today for the running month)
    actual: float | None
    projected: float | None
    doel: float | None
    basis: float | None = None


@dataclass
class TargetRow:
    indicator: str
    label: str
    definitie: str
    richting: str
    richting_label: str
    doel: float
    doel_schooljaar: int
    eenheid: str  # "%" or ""
    waarde: float | None = None  # the figure so far
    uitleg: str = ""
    projectie: float | None = None
    projectie_uitleg: str = ""
    methode: str = LINEAR
    gehaald: bool | None = None  # the figure so far against the target
    op_koers: bool | None = None  # the projection against the target
    drill: list[Drill] = field(default_factory=list)
    trend: list[TrendPoint] = field(default_factory=list)
    trend_eenheid: str = ""  # what the trend's values count

    @property
    def waarschuwing(self) -> bool:
        return self.op_koers is False

    @property
    def methode_label(self) -> str:
        return str(METHOD_LABELS[self.methode])

    @property
    def doel_schooljaar_label(self) -> str:
        return f"{self.doel_schooljaar}-{self.doel_schooljaar + 1}"


@dataclass
class TargetsReport:
    swv: object
    schooljaar: int
    start: dt.date
    end: dt.date
    peildatum: dt.date  # today, or the last day of a past school year
    rows: list[TargetRow]

    @property
    def label(self) -> str:
        return f"{self.schooljaar}-{self.schooljaar + 1}"

    @property
    def warnings(self) -> list[TargetRow]:
        return [r for r in self.rows if r.waarschuwing]


def met(richting: str, waarde, doel) -> bool | None:
    from cases.models.schakel import STABIEL_MARGE

    if waarde is None:
        return None
    if richting == "minimaal":
        return waarde >= doel
    if richting == "maximaal":
        return waarde <= doel
    return abs(waarde - doel) <= STABIEL_MARGE


def targets_for(swv_id: int, schooljaar: int) -> list[IndicatorDoel]:
    """Per indicator the target of the school year, else the latest one set for an earlier year."""
    chosen: dict[str, IndicatorDoel] = {}
    for d in IndicatorDoel.objects.filter(swv_id=swv_id, schooljaar__lte=schooljaar).order_by("schooljaar"):
        chosen[d.indicator] = d
    order = list(Indicator.values)
    return sorted(chosen.values(), key=lambda d: order.index(d.indicator))


def targets_report(*, swv, schooljaar: int, today: dt.date) -> TargetsReport:
    start, end = schooljaar_bounds(schooljaar)
    peildatum = min(max(today, start), end)
    cases = Case.objects.filter(swv=swv)
    rows = []
    for d in targets_for(swv.pk, schooljaar):
        row = TargetRow(
            indicator=d.indicator,
            label=str(Indicator(d.indicator).label),
            definitie=str(DEFINITIONS["carrousel" if d.indicator in CARROUSEL else d.indicator]),
            richting=d.richting,
            richting_label=d.get_richting_display(),
            doel=float(d.waarde),
            doel_schooljaar=d.schooljaar,
            eenheid="%" if d.indicator in ("tlv_daling", "binnen_termijn") else "",
        )
        if d.indicator == "tlv_daling":
            _tlv_reduction(row, cases, schooljaar, peildatum, d.peildatum)
        elif d.indicator == "binnen_termijn":
            _within_term(row, cases, schooljaar, peildatum)
        elif d.indicator == "thuiszitters":
            _thuiszitters(row, cases, schooljaar, peildatum)
        else:
            _carrousel(row, swv, cases, schooljaar, peildatum)
        row.gehaald = met(d.richting, row.waarde, row.doel)
        row.op_koers = met(d.richting, row.projectie, row.doel)
        rows.append(row)
    return TargetsReport(swv=swv, schooljaar=schooljaar, start=start, end=end, peildatum=peildatum, rows=rows)


# --- counting events per day and projecting them ---------------------------------------------------------


def _day(value: dt.date) -> str:
    return date_format(value, "j-n-Y")


def _between(events: Counter, start: dt.date, end: dt.date) -> int:
    return sum(n for day, n in events.items() if start <= day <= end)


def _offset(start: dt.date, days: int) -> dt.date:
    return start + dt.timedelta(days=days)


def _share_so_far(events: Counter, schooljaar: int, elapsed: int) -> float | None:
    """The share of a whole school year's events that fell in its first `elapsed` days, over the history
    years with any event together; None without history."""
    so_far = whole = 0
    for year in range(schooljaar - HISTORY_YEARS, schooljaar):
        s, e = schooljaar_bounds(year)
        total = _between(events, s, e)
        if total:
            whole += total
            so_far += _between(events, s, _offset(s, elapsed - 1))
    return so_far / whole if whole else None


def project_count(events: Counter, schooljaar: int, peildatum: dt.date) -> tuple[float, str]:
    """The expected number of events in the whole school year, and the method used."""
    start, end = schooljaar_bounds(schooljaar)
    elapsed = (peildatum - start).days + 1
    length = (end - start).days + 1
    count = _between(events, start, peildatum)
    if elapsed >= length:
        return float(count), LINEAR
    share = _share_so_far(events, schooljaar, elapsed)
    if share:
        return round(count / share, 1), SEASONAL
    return round(count * length / elapsed, 1), LINEAR


def _month_ends(start: dt.date, end: dt.date) -> list[dt.date]:
    days, year, month = [], start.year, start.month
    while True:
        nxt = dt.date(year + month // 12, month % 12 + 1, 1)
        days.append(min(nxt - dt.timedelta(days=1), end))
        if days[-1] >= end:
            return days
        year, month = nxt.year, nxt.month


def _count_trend(events: Counter, schooljaar: int, peildatum: dt.date, projected: float, method: str, doel):
    """Cumulative counts per month: actual up to the peildatum, the projection's path from it to 31 July."""
    start, end = schooljaar_bounds(schooljaar)
    length = (end - start).days + 1
    count = _between(events, start, peildatum)
    points = []
    for day in _month_ends(start, end):
        actual = projected_at = None
        if day <= peildatum or (day.year, day.month) == (peildatum.year, peildatum.month):
            actual = float(_between(events, start, min(day, peildatum)))
        if day >= peildatum:
            elapsed = (day - start).days + 1
            if method == SEASONAL:
                share_then = _share_so_far(events, schooljaar, elapsed) or 0
                share_now = _share_so_far(events, schooljaar, (peildatum - start).days + 1) or 1
                projected_at = round(count + (projected - count) * _ratio(share_then, share_now), 1)
            else:
                projected_at = round(
                    count + (projected - count) * _linear_ratio(start, peildatum, day, length), 1
                )
        points.append(
            TrendPoint(
                date_format(day, "M Y"),
                min(day, peildatum) if actual is not None else day,
                actual,
                projected_at,
                doel,
            )
        )
    return points


def _ratio(share_then: float, share_now: float) -> float:
    """How far along the remaining part of the year a later month is, by the history's shares."""
    return 1.0 if share_now >= 1 else max(0.0, min(1.0, (share_then - share_now) / (1 - share_now)))


def _linear_ratio(start, peildatum, day, length) -> float:
    rest = length - ((peildatum - start).days + 1)
    return 1.0 if rest <= 0 else max(0.0, min(1.0, (day - peildatum).days / rest))


def _events(qs: QuerySet, moment: str, start: dt.date, end: dt.date, *, is_datetime: bool = True) -> Counter:
    if is_datetime:
        tz = timezone.get_current_timezone()
        lo = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
        hi = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
        rows = (
            qs.filter(**{f"{moment}__gte": lo, f"{moment}__lt": hi})
            .annotate(d=TruncDate(moment))
            .values("d")
            .annotate(n=Count("pk"))
        )
    else:
        rows = qs.filter(**{f"{moment}__gte": start, f"{moment}__lte": end}).values(d=F(moment))
        rows = rows.annotate(n=Count("pk"))
    return Counter({r["d"]: r["n"] for r in rows})


# --- TLV reduction -------------------------------------------------------------------------------------


def tlvs_toegekend(cases) -> QuerySet:
    return TlvAanvraag.objects.filter(case__in=cases, status=TlvStatus.TOEGEKEND)


def base_year(schooljaar: int, peildatum: dt.date | None) -> tuple[dt.date, dt.date]:
    """The base year of a TLV reduction: the year before the target's peildatum, else the previous
    school year."""
    if peildatum is None:
        return schooljaar_bounds(schooljaar - 1)
    try:
        first = peildatum.replace(year=peildatum.year - 1)
    except ValueError:  # 29 February
        first = peildatum - dt.timedelta(days=365)
    return first, peildatum - dt.timedelta(days=1)


def _tlv_reduction(row: TargetRow, cases, schooljaar: int, peildatum: dt.date, target_peildatum) -> None:
    start, end = schooljaar_bounds(schooljaar)
    b0, b1 = base_year(schooljaar, target_peildatum)
    first = min(b0, schooljaar_bounds(schooljaar - HISTORY_YEARS)[0])
    events = _events(tlvs_toegekend(cases), "besloten_op", first, end)
    elapsed = (peildatum - start).days + 1
    nu = _between(events, start, peildatum)
    basis_span = _between(events, b0, min(_offset(b0, elapsed - 1), b1))
    basis = _between(events, b0, b1)
    if basis_span:
        row.waarde = round(100 * (basis_span - nu) / basis_span, 1)
    row.uitleg = _(
        "%(nu)s TLV's van %(start)s t/m %(end)s tegen %(basis)s in dezelfde periode van het basisjaar "
        "(%(b0)s t/m %(b1)s: %(totaal)s)"
    ) % {
        "nu": nu,
        "start": _day(start),
        "end": _day(peildatum),
        "basis": basis_span,
        "b0": _day(b0),
        "b1": _day(b1),
        "totaal": basis,
    }
    projected, row.methode = project_count(events, schooljaar, peildatum)
    if basis:
        row.projectie = round(100 * (basis - projected) / basis, 1)
    row.projectie_uitleg = _("verwacht %(n)s TLV's in het schooljaar tegen %(basis)s in het basisjaar") % {
        "n": _number(projected),
        "basis": basis,
    }
    allowed = None
    if basis:
        allowed = round(basis * (1 - row.doel / 100), 1) if row.richting != "maximaal" else None
    row.trend = _count_trend(events, schooljaar, peildatum, projected, row.methode, allowed)
    base_points = []
    for p in row.trend:
        span = (p.day - start).days if p.day <= end else (end - start).days
        base_points.append(float(_between(events, b0, min(_offset(b0, span), b1))))
    row.trend = [
        TrendPoint(p.label, p.day, p.actual, p.projected, p.doel, basis=b)
        for p, b in zip(row.trend, base_points, strict=True)
    ]
    row.trend_eenheid = _("toegekende TLV's (cumulatief)")
    row.drill = [
        Drill("dit_jaar", _("Toegekende TLV's dit schooljaar tot nu"), nu),
        Drill("basis_periode", _("Toegekende TLV's in dezelfde periode van het basisjaar"), basis_span),
        Drill("basisjaar", _("Toegekende TLV's in het hele basisjaar"), basis),
    ]


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}".replace(".", ",")


# --- decided within term ---------------------------------------------------------------------------------


def _decided(cases, start: dt.date, end: dt.date) -> QuerySet:
    """TLV besluiten from start to end with a beslistermijn, annotated on_time (as the quarterly report)."""
    tz = timezone.get_current_timezone()
    lo = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    hi = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    terms = Deadline.objects.filter(case_id=OuterRef("case_id"), kind__in=TLV_TERMS)
    return (
        TlvAanvraag.objects.filter(
            case__in=cases,
            status__in=[TlvStatus.TOEGEKEND, TlvStatus.AFGEWEZEN],
            besloten_op__gte=lo,
            besloten_op__lt=hi,
        )
        .annotate(moment_day=TruncDate("besloten_op"))
        .annotate(
            has_term=Exists(terms),
            on_time=Exists(terms.filter(due_on__gte=OuterRef("moment_day"), breached_at__isnull=True)),
        )
        .filter(has_term=True)
    )


def open_past_due(cases, peildatum: dt.date) -> QuerySet:
    """Open TLV requests whose beslistermijn ended before the peildatum: whenever decided, they are late."""
    return Deadline.objects.filter(
        case__in=cases,
        kind__in=TLV_TERMS,
        status__in=[Deadline.Status.RUNNING, Deadline.Status.PAUSED],
        due_on__lt=peildatum,
    )


def _within_term(row: TargetRow, cases, schooljaar: int, peildatum: dt.date) -> None:
    start, end = schooljaar_bounds(schooljaar)
    decided = _decided(cases, start, peildatum)
    counts = decided.aggregate(besluiten=Count("pk"), binnen=Count("pk", filter=Q(on_time=True)))
    besluiten, binnen = counts["besluiten"], counts["binnen"]
    late_open = open_past_due(cases, peildatum).values("case_id").distinct().count()
    if besluiten:
        row.waarde = round(100 * binnen / besluiten, 1)
    row.uitleg = _(
        "%(binnen)s van %(besluiten)s TLV-besluiten van %(start)s t/m %(end)s binnen de termijn"
    ) % {
        "binnen": binnen,
        "besluiten": besluiten,
        "start": _day(start),
        "end": _day(peildatum),
    }
    first = schooljaar_bounds(schooljaar - HISTORY_YEARS)[0]
    all_decisions = TlvAanvraag.objects.filter(
        case__in=cases, status__in=[TlvStatus.TOEGEKEND, TlvStatus.AFGEWEZEN]
    )
    events = _events(all_decisions, "besloten_op", first, end)
    projected, row.methode = project_count(events, schooljaar, peildatum)
    rest = max(projected - _between(events, start, peildatum), late_open, 0)
    if besluiten or rest:
        rate = binnen / besluiten if besluiten else 1.0
        expected_on_time = binnen + rate * max(rest - late_open, 0)
        row.projectie = round(100 * expected_on_time / (besluiten + rest), 1) if besluiten + rest else None
    row.projectie_uitleg = _(
        "nog %(rest)s besluiten verwacht, waarvan %(late)s na een al verstreken termijn"
    ) % {"rest": _number(round(rest, 1)), "late": late_open}
    # trend: the cumulative percentage per month, the projection at 31 July
    points = []
    for day in _month_ends(start, end):
        actual = projected_at = None
        if day <= peildatum or (day.year, day.month) == (peildatum.year, peildatum.month):
            c = _decided(cases, start, min(day, peildatum)).aggregate(
                b=Count("pk"), n=Count("pk", filter=Q(on_time=True))
            )
            actual = round(100 * c["n"] / c["b"], 1) if c["b"] else None
        if day >= end or (day.year, day.month) == (peildatum.year, peildatum.month):
            projected_at = row.projectie if day >= end else row.waarde
        points.append(
            TrendPoint(date_format(day, "M Y"), min(day, peildatum), actual, projected_at, row.doel)
        )
    row.trend = points
    row.trend_eenheid = _("% binnen de termijn")
    row.drill = [
        Drill("besluiten", _("TLV-besluiten dit schooljaar tot nu"), besluiten),
        Drill("te_laat", _("Waarvan na de termijn"), besluiten - binnen),
        Drill("open_verlopen", _("Open aanvragen met een verstreken termijn"), late_open),
    ]


# --- thuiszitters --------------------------------------------------------------------------------------


def _level(cases, day: dt.date) -> int:
    return thuiszitters_in(cases, peildatum=day).count()


def _thuiszitters(row: TargetRow, cases, schooljaar: int, peildatum: dt.date) -> None:
    start, end = schooljaar_bounds(schooljaar)
    nu = _level(cases, peildatum)
    row.waarde = float(nu)
    row.uitleg = _("%(n)s thuiszitters op %(day)s") % {"n": nu, "day": _day(peildatum)}
    elapsed = (peildatum - start).days
    changes = []
    for year in range(schooljaar - HISTORY_YEARS, schooljaar):
        s, e = schooljaar_bounds(year)
        same_day = min(_offset(s, elapsed), e)
        at_day, at_end = _level(cases, same_day), _level(cases, e)
        if at_day or at_end or _level(cases, s):
            changes.append(at_end - at_day)
    if peildatum >= end:
        row.projectie, row.methode = float(nu), LINEAR
    elif changes:
        row.projectie, row.methode = max(0.0, round(nu + sum(changes) / len(changes), 1)), SEASONAL
    else:
        at_start = _level(cases, start)
        rest = (end - peildatum).days
        slope = (nu - at_start) / elapsed if elapsed else 0
        row.projectie, row.methode = max(0.0, round(nu + slope * rest, 1)), LINEAR
    row.projectie_uitleg = _("verwacht %(n)s thuiszitters op %(day)s") % {
        "n": _number(row.projectie),
        "day": _day(end),
    }
    points = []
    for day in _month_ends(start, end):
        actual = projected_at = None
        current = (day.year, day.month) == (peildatum.year, peildatum.month)
        if day <= peildatum or current:
            actual = float(_level(cases, min(day, peildatum)))
        if current or day >= end:
            projected_at = row.projectie if day >= end else row.waarde
        points.append(
            TrendPoint(date_format(day, "M Y"), min(day, peildatum), actual, projected_at, row.doel)
        )
    row.trend = points
    row.trend_eenheid = _("thuiszitters op de dag")
    row.drill = [Drill("nu", _("Thuiszitters op de dag"), nu)]


# --- carrousel flows ----------------------------------------------------------------------------------


def carrousel_moves(cases, soort: str) -> tuple[QuerySet, QuerySet]:
    """The definitive schakeltrajecten of the kind, and for PO → VSO / VO → VSO the toegekende TLVs VSO from
    a school of that sector (as the carrousel report counts them)."""
    from cases.models import Schakeltraject
    from cases.models.schakel import Uitkomst

    trajecten = Schakeltraject.objects.filter(case__in=cases, uitkomst=Uitkomst.DEFINITIEF, soort=soort)
    tlvs = TlvAanvraag.objects.none()
    if soort in ("po_vso", "vo_vso"):
        tlvs = tlvs_toegekend(cases).filter(besluit_soort="vso", case__school__swv__sector=soort[:2])
    return trajecten, tlvs


def _carrousel(row: TargetRow, swv, cases, schooljaar: int, peildatum: dt.date) -> None:
    start, end = schooljaar_bounds(schooljaar)
    first = schooljaar_bounds(schooljaar - HISTORY_YEARS)[0]
    trajecten, tlvs = carrousel_moves(cases, row.indicator)
    events = _events(trajecten, "besluit_op", first, end, is_datetime=False)
    events.update(_events(tlvs, "besloten_op", first, end))
    nu = _between(events, start, peildatum)
    row.waarde = float(nu)
    row.uitleg = _("%(n)s definitieve overstappen van %(start)s t/m %(end)s") % {
        "n": nu,
        "start": _day(start),
        "end": _day(peildatum),
    }
    row.projectie, row.methode = project_count(events, schooljaar, peildatum)
    row.projectie_uitleg = _("verwacht %(n)s overstappen in het schooljaar") % {"n": _number(row.projectie)}
    row.trend = _count_trend(events, schooljaar, peildatum, row.projectie, row.methode, row.doel)
    row.trend_eenheid = _("overstappen (cumulatief)")
    row.drill = [Drill("dit_jaar", _("Overstappen dit schooljaar tot nu"), nu)]


# --- the cases behind a figure --------------------------------------------------------------------------


def figure_cases(*, swv, schooljaar: int, indicator: str, reeks: str, today: dt.date) -> QuerySet | None:
    """The cases a figure of the targets page counts (None: no such figure). The caller narrows them to
    what the user may see (cases.policies)."""
    doel = next((d for d in targets_for(swv.pk, schooljaar) if d.indicator == indicator), None)
    if doel is None:
        return None
    start, end = schooljaar_bounds(schooljaar)
    peildatum = min(max(today, start), end)
    cases = Case.objects.filter(swv=swv)
    ids = None
    if indicator == "tlv_daling":
        b0, b1 = base_year(schooljaar, doel.peildatum)
        elapsed = (peildatum - start).days + 1
        spans = {
            "dit_jaar": (start, peildatum),
            "basis_periode": (b0, min(_offset(b0, elapsed - 1), b1)),
            "basisjaar": (b0, b1),
        }
        if reeks in spans:
            lo, hi = spans[reeks]
            ids = _in_days(tlvs_toegekend(cases), "besloten_op", lo, hi).values("case_id")
    elif indicator == "binnen_termijn":
        decided = _decided(cases, start, peildatum)
        if reeks == "besluiten":
            ids = decided.values("case_id")
        elif reeks == "te_laat":
            ids = decided.filter(on_time=False).values("case_id")
        elif reeks == "open_verlopen":
            ids = open_past_due(cases, peildatum).values("case_id")
    elif indicator == "thuiszitters":
        if reeks == "nu":
            ids = thuiszitters_in(cases, peildatum=peildatum).values("melding__case_id")
    elif indicator in CARROUSEL and reeks == "dit_jaar":
        trajecten, tlvs = carrousel_moves(cases, indicator)
        a = trajecten.filter(besluit_op__gte=start, besluit_op__lte=peildatum).values("case_id")
        b = _in_days(tlvs, "besloten_op", start, peildatum).values("case_id")
        return cases.filter(Q(pk__in=a) | Q(pk__in=b))
    if ids is None:
        return None
    return cases.filter(pk__in=ids)


def _in_days(qs: QuerySet, moment: str, start: dt.date, end: dt.date) -> QuerySet:
    tz = timezone.get_current_timezone()
    return qs.filter(
        **{
            f"{moment}__gte": dt.datetime.combine(start, dt.time.min, tzinfo=tz),
            f"{moment}__lt": dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz),
        }
    )
