"""The combined quarterly report of one SWV: a pure function of (swv, period, now).

Every figure is aggregated in SQL (GROUP BY, filtered COUNT, window functions for medians): the cost grows
with the number of groups, not with the number of cases (the benchmark times this over a million cases). The
per-route counts reuse the selectors of the route reports (`reports/selectors.py`); nothing is counted
twice. The view checks who may see which SWV (cases.policies.report_swvs); this module only computes.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Q, Window
from django.db.models.functions import RowNumber, TruncDate
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases.models import (
    Aanmelding,
    Adviesvraag,
    Bezwaar,
    Case,
    Deadline,
    Ondersteuningsaanvraag,
    Schakeltraject,
    ThuiszitterPeriode,
    TlvAanvraag,
    WorkItem,
    ZorgOnderwijsScreening,
)
from cases.models.case import Route
from cases.models.schakel import SchakelSoort, Uitkomst
from cases.models.tlv import TlvCategorie, TlvSoort, TlvStatus
from cases.models.zorgplicht import AanmeldingStatus
from reports import selectors
from reports.targets import targets_report

# --- the period --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    kind: str  # "kwartaal" or "schooljaar"
    start: dt.date
    end: dt.date  # inclusive
    label: str
    year: int
    quarter: int | None = None

    @classmethod
    def of_quarter(cls, jaar: int, kwartaal: int) -> Period:
        start, end = selectors.quarter_bounds(jaar, kwartaal)
        return cls("kwartaal", start, end, f"{jaar}-Q{kwartaal}", jaar, kwartaal)

    @classmethod
    def of_schoolyear(cls, beginjaar: int) -> Period:
        start, end = selectors.schooljaar_bounds(beginjaar)
        return cls("schooljaar", start, end, f"{beginjaar}-{beginjaar + 1}", beginjaar)

    @classmethod
    def last_complete_quarter(cls, today: dt.date) -> Period:
        last = selectors.quarter_end(today)
        return cls.of_quarter(last.year, (last.month - 1) // 3 + 1)

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """[start 00:00, the day after end 00:00) in local time, for datetime fields."""
        tz = timezone.get_current_timezone()
        return (
            dt.datetime.combine(self.start, dt.time.min, tzinfo=tz),
            dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min, tzinfo=tz),
        )


# --- definitions shown on the page and in the exports ---------------------------------------------------

DEFINITIONS = {
    "tlv": _(
        "Afgegeven TLV's: toekenningsbesluiten met een besluitdatum in de periode, naar soort en categorie "
        "zoals toegekend. SO wordt geteld per cluster (so3, so4), VSO per categorie (laag, midden, hoog)."
    ),
    "thuiszitters": _(
        "Thuiszitters op de peildatum (het einde van de periode, of vandaag als de periode nog loopt): "
        "leerlingen van 5 tot en met 18 jaar die op die dag thuis zitten zonder gestart passend aanbod en "
        "zonder vrijstelling, 4 weken of langer (absoluut verzuim vanaf de eerste dag); naar soort verzuim, "
        "woongemeente en schoolbestuur."
    ),
    "toestroom": selectors.TOESTROOM_DEFINITIE,
    "schakel": _(
        "Schakel en carrousel: per stroom het aantal gestarte schakeltrajecten (signaal in de periode) en "
        "de besluiten na de proefplaatsing in de periode (definitief of terug). De carrousel telt de "
        "definitieve overstappen in het schooljaar tot en met de peildatum, tegen het jaardoel van het "
        "samenwerkingsverband."
    ),
    "termijn": _(
        "Binnen de termijn beslist: van de besluiten in de periode het aandeel dat uiterlijk op de "
        "einddatum van de wettelijke of eigen termijn is genomen (met opschorting en verdaging "
        "meegerekend). Besluiten zonder termijn tellen niet mee."
    ),
    "loket": _(
        "Loket: per soort aanvraag de aanvragen ingediend in de periode, de besluiten in de periode "
        "(toegewezen of afgewezen) en de arrangementen die op de peildatum lopen; daarnaast de advies- en "
        "consultatievragen gesteld in de periode en, van de vragen beantwoord in de periode, het aantal "
        "binnen de antwoordtermijn."
    ),
    "indicatoren": _(
        "Indicatoren: het deelnamepercentage uit de laatste leerlingtelling op of vóór de peildatum, en de "
        "cijfers die het samenwerkingsverband zelf invoert voor het schooljaar van de peildatum "
        "(vrijstellingen per grondslag, symbiose, tevredenheid), elk met zijn bron."
    ),
    "doorlooptijd": _(
        "Mediane doorlooptijd in kalenderdagen, van de besluiten of afgeronde stappen in de periode. "
        "Per route: TLV van indienen tot besluit; thuiszitter van de eerste verzuimdag tot het passend "
        "aanbod; zorgplicht van de aanmelding tot het besluit; screening van de aanmelding tot het "
        "plaatsingsbesluit; schakel van het signaal tot het besluit. Per stap: van het openen tot het "
        "afronden van de taak."
    ),
    "prognose": _(
        "Prognose van de eigen doelen: per doel uit het profiel de stand in het schooljaar tot de "
        "peildatum en de verwachting op 31 juli, met het seizoenspatroon van de voorgaande schooljaren "
        "waar die er zijn en anders lineair doorgetrokken (zoals op de pagina Beleidsdoelen); een doel "
        "dat de prognose niet haalt krijgt een waarschuwing."
    ),
}


# --- the figures ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TlvRow:
    key: str
    label: str
    aantal: int


@dataclass(frozen=True)
class SchakelRow:
    soort: str
    label: str
    gestart: int
    definitief: int
    terug: int
    schooljaar_definitief: int
    richting_label: str
    doel: int | None
    gehaald: bool | None


@dataclass(frozen=True)
class TermRow:
    key: str
    label: str
    besluiten: int
    binnen: int

    @property
    def percentage(self) -> float | None:
        return round(100 * self.binnen / self.besluiten, 1) if self.besluiten else None


@dataclass(frozen=True)
class DoelRow:
    """One of the SWV's own targets for the school year (IndicatorDoel) with the measured value."""

    indicator: str
    label: str
    waarde: float | None  # measured: a count or a percentage
    uitleg: str  # how it was measured (stored prose is never used: built from the figures)
    richting_label: str
    doel: float
    gehaald: bool | None


@dataclass(frozen=True)
class LoketRow:
    soort: str  # the SWV's request type, by name
    ingediend: int
    toegewezen: int
    afgewezen: int
    lopend: int  # granted arrangements running on the peildatum


@dataclass(frozen=True)
class AdviesvragenRow:
    gesteld: int
    beantwoord: int
    binnen_termijn: int


@dataclass(frozen=True)
class DurationRow:
    route: str
    label: str
    step: str
    aantal: int
    mediaan_dagen: float | None


@dataclass
class QuarterlyReport:
    swv: object
    period: Period
    peildatum: dt.date
    generated_at: dt.datetime
    tlv: list[TlvRow] = field(default_factory=list)
    thuiszitters: list = field(default_factory=list)
    toestroom: list = field(default_factory=list)
    toestroom_totaal: object = None
    schakel: list[SchakelRow] = field(default_factory=list)
    schooljaar_label: str = ""
    termijnen: list[TermRow] = field(default_factory=list)
    doorlooptijd_routes: list[DurationRow] = field(default_factory=list)
    doorlooptijd_stappen: list[DurationRow] = field(default_factory=list)
    doelen: list[DoelRow] = field(default_factory=list)
    prognose: list = field(default_factory=list)  # reports.targets.TargetRow per target of the school year
    loket: list[LoketRow] = field(default_factory=list)
    adviesvragen: AdviesvragenRow | None = None
    deelname: object = None  # reports.indicators.Deelname
    kengetallen: list = field(default_factory=list)  # reports.indicators.KengetalBlok per kind

    @property
    def tlv_totaal(self) -> int:
        return sum(r.aantal for r in self.tlv)

    @property
    def thuiszitters_totaal(self) -> int:
        return sum(r.aantal for r in self.thuiszitters)

    def thuiszitters_per(self, attr: str) -> list[tuple[str, int]]:
        totals: dict[str, int] = defaultdict(int)
        for r in self.thuiszitters:
            totals[getattr(r, attr) or "—"] += r.aantal
        return sorted(totals.items())


def quarterly_report(*, swv, period: Period, now: dt.datetime) -> QuarterlyReport:
    today = timezone.localdate(now)
    peildatum = min(period.end, today)
    cases = Case.objects.filter(swv=swv)
    report = QuarterlyReport(swv=swv, period=period, peildatum=peildatum, generated_at=now)
    report.tlv = tlv_issued(cases, period)
    report.thuiszitters = selectors.count_thuiszitters(cases, peildatum=peildatum)
    report.toestroom, report.toestroom_totaal = selectors.toestroom_between(
        cases, start=period.start, end=period.end
    )
    report.schakel, report.schooljaar_label = schakel_flows(swv, cases, period, peildatum)
    report.termijnen = decided_within_term(cases, period)
    report.doorlooptijd_routes = route_durations(cases, period)
    report.doorlooptijd_stappen = step_durations(swv, period)
    report.doelen = own_targets(swv, cases, report)
    report.prognose = targets_report(
        swv=swv, schooljaar=selectors.schooljaar_of(peildatum), today=peildatum
    ).rows
    report.loket, report.adviesvragen = loket_figures(swv, cases, period, peildatum)
    from reports.indicators import deelname, kengetallen

    report.deelname = deelname(swv_id=swv.pk, peildatum=peildatum)
    report.kengetallen = kengetallen(swv_id=swv.pk, schooljaar=selectors.schooljaar_of(peildatum))
    return report


# --- the loket ------------------------------------------------------------------------------------------


def loket_figures(swv, cases, period: Period, peildatum: dt.date) -> tuple[list[LoketRow], AdviesvragenRow]:
    """Per request type: submitted and decided in the period, running on the peildatum (one grouped query);
    and the advice questions asked and answered (within their term) in the period."""
    start, end = period.bounds()
    rows = (
        Ondersteuningsaanvraag.objects.filter(case__in=cases)
        .values("aanvraag_type__naam")
        .annotate(
            ingediend=Count("pk", filter=Q(ingediend_op__gte=period.start, ingediend_op__lte=period.end)),
            toegewezen=Count(
                "pk", filter=Q(besluit="toewijzen", besloten_op__gte=start, besloten_op__lt=end)
            ),
            afgewezen=Count("pk", filter=Q(besluit="afwijzen", besloten_op__gte=start, besloten_op__lt=end)),
            lopend=Count(
                "pk",
                filter=Q(
                    status__in=["toegewezen", "afgesloten"],
                    startdatum__lte=peildatum,
                    einddatum__gte=peildatum,
                )
                & (Q(afgesloten_op__isnull=True) | Q(afgesloten_op__gte=end)),
            ),
        )
        .order_by("aanvraag_type__naam")
    )
    loket = [
        LoketRow(
            soort=r["aanvraag_type__naam"],
            ingediend=r["ingediend"],
            toegewezen=r["toegewezen"],
            afgewezen=r["afgewezen"],
            lopend=r["lopend"],
        )
        for r in rows
        if r["ingediend"] or r["toegewezen"] or r["afgewezen"] or r["lopend"]
    ]
    answered = Q(beantwoord_op__gte=start, beantwoord_op__lt=end)
    vragen = Adviesvraag.objects.filter(swv=swv).aggregate(
        gesteld=Count("pk", filter=Q(gesteld_op__gte=period.start, gesteld_op__lte=period.end)),
        beantwoord=Count("pk", filter=answered),
        binnen_termijn=Count("pk", filter=answered & Q(beantwoord_op__date__lte=F("antwoord_uiterlijk"))),
    )
    return loket, AdviesvragenRow(**vragen)


# --- the SWV's own targets for the school year (its profile) ----------------------------------------


def _met(richting: str, waarde, doel) -> bool | None:
    from cases.models.schakel import STABIEL_MARGE

    if waarde is None:
        return None
    if richting == "minimaal":
        return waarde >= doel
    if richting == "maximaal":
        return waarde <= doel
    return abs(waarde - doel) <= STABIEL_MARGE


def tlv_count(cases, start: dt.date, end: dt.date) -> int:
    """TLVs toegekend with a besluit from start to end (dates included)."""
    return TlvAanvraag.objects.filter(
        case__in=cases, status=TlvStatus.TOEGEKEND, besloten_op__date__gte=start, besloten_op__date__lte=end
    ).count()


def own_targets(swv, cases, report: QuarterlyReport) -> list[DoelRow]:
    """The SWV's targets for the school year of the peildatum, each with its measured value:
    - TLV reduction: TLVs toegekend in the school year up to the peildatum, against the same span one year
      before, counted from the target's own peildatum (e.g. 1-8-2025); the reduction in %;
    - decided within term: the TLV row of the 'binnen de termijn' figure of this period;
    - thuiszitters: the number at the peildatum.
    The carrousel targets are in the schakel rows (selectors.carrousel_between)."""
    from cases.models import IndicatorDoel
    from cases.models.profiles import Indicator

    beginjaar = selectors.schooljaar_of(report.peildatum)
    rows = []
    for d in IndicatorDoel.objects.filter(
        swv=swv, schooljaar=beginjaar, indicator__in=["tlv_daling", "binnen_termijn", "thuiszitters"]
    ).order_by("indicator"):
        doel = float(d.waarde)
        waarde, uitleg = None, ""
        if d.indicator == "tlv_daling" and d.peildatum:
            start = d.peildatum
            end = report.peildatum
            span = (end - start).days
            basis_start = start - dt.timedelta(days=365)
            basis = tlv_count(cases, basis_start, basis_start + dt.timedelta(days=span))
            nu = tlv_count(cases, start, end)
            if basis:
                waarde = round(100 * (basis - nu) / basis, 1)
            uitleg = gettext(
                "%(nu)s TLV's van %(start)s t/m %(end)s tegen %(basis)s in dezelfde periode een jaar eerder"
            ) % {
                "nu": nu,
                "start": f"{start:%d-%m-%Y}",
                "end": f"{end:%d-%m-%Y}",
                "basis": basis,
            }
        elif d.indicator == "binnen_termijn":
            row = next((r for r in report.termijnen if r.key == "tlv"), None)
            if row is not None and row.besluiten:
                waarde = row.percentage
                uitleg = gettext("%(binnen)s van %(besluiten)s TLV-besluiten in de periode") % {
                    "binnen": row.binnen,
                    "besluiten": row.besluiten,
                }
        elif d.indicator == "thuiszitters":
            waarde = report.thuiszitters_totaal
            uitleg = gettext("thuiszitters op %(peildatum)s") % {"peildatum": f"{report.peildatum:%d-%m-%Y}"}
        rows.append(
            DoelRow(
                indicator=d.indicator,
                label=str(Indicator(d.indicator).label),
                waarde=waarde,
                uitleg=uitleg,
                richting_label=d.get_richting_display(),
                doel=doel,
                gehaald=_met(d.richting, waarde, doel),
            )
        )
    return rows


# --- TLVs issued ------------------------------------------------------------------------------------


def _tlv_key(soort: str, cluster, categorie: str) -> tuple[str, str]:
    if soort == TlvSoort.SO:
        return (f"so{cluster}" if cluster else "so", f"SO cluster {cluster}" if cluster else "SO")
    if soort == TlvSoort.VSO:
        cat = dict(TlvCategorie.choices).get(categorie)
        return (f"vso_{categorie}" if categorie else "vso", f"VSO {cat}" if cat else "VSO")
    return (soort, str(dict(TlvSoort.choices).get(soort, soort)))


def tlv_issued(cases, period: Period) -> list[TlvRow]:
    start, end = period.bounds()
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for r in (
        TlvAanvraag.objects.filter(
            case__in=cases, status=TlvStatus.TOEGEKEND, besloten_op__gte=start, besloten_op__lt=end
        )
        .values("besluit_soort", "besluit_cluster", "besluit_categorie")
        .annotate(n=Count("pk"))
    ):
        counts[_tlv_key(r["besluit_soort"], r["besluit_cluster"], r["besluit_categorie"])] += r["n"]
    order = ["sbo", "so3", "so4", "so", "vso_laag", "vso_midden", "vso_hoog", "vso", "pro"]
    return [
        TlvRow(key=key, label=label, aantal=n)
        for (key, label), n in sorted(counts.items(), key=lambda kv: (_index(order, kv[0][0]), kv[0][0]))
    ]


def _index(order, key) -> int:
    return order.index(key) if key in order else len(order)


# --- schakel and carrousel -------------------------------------------------------------------------------


def schakel_flows(swv, cases, period: Period, peildatum: dt.date) -> tuple[list[SchakelRow], str]:
    counts = Schakeltraject.objects.filter(case__in=cases).aggregate(
        **{
            f"{kind}_{soort.value}": Count("pk", filter=Q(soort=soort.value) & flt)
            for soort in SchakelSoort
            for kind, flt in (
                ("gestart", Q(signaal_op__gte=period.start, signaal_op__lte=period.end)),
                (
                    "definitief",
                    Q(uitkomst=Uitkomst.DEFINITIEF, besluit_op__gte=period.start, besluit_op__lte=period.end),
                ),
                (
                    "terug",
                    Q(uitkomst=Uitkomst.TERUG, besluit_op__gte=period.start, besluit_op__lte=period.end),
                ),
            )
        }
    )
    beginjaar = selectors.schooljaar_of(peildatum)
    sj_start, _ = selectors.schooljaar_bounds(beginjaar)
    carrousel = {
        r.soort: r
        for r in selectors.carrousel_between(
            cases, swvs=type(swv).objects.filter(pk=swv.pk), start=sj_start, end=peildatum
        )
    }
    rows = []
    for soort in SchakelSoort:
        c = carrousel.get(soort.value)
        row = SchakelRow(
            soort=soort.value,
            label=str(soort.label),
            gestart=counts[f"gestart_{soort.value}"],
            definitief=counts[f"definitief_{soort.value}"],
            terug=counts[f"terug_{soort.value}"],
            schooljaar_definitief=c.aantal if c else 0,
            richting_label=c.richting_label if c else "",
            doel=c.doel if c else None,
            gehaald=c.gehaald if c else None,
        )
        if row.gestart or row.definitief or row.terug or row.schooljaar_definitief or row.doel is not None:
            rows.append(row)
    return rows, f"{beginjaar}-{beginjaar + 1}"


# --- decided within the term --------------------------------------------------------------------------


@dataclass(frozen=True)
class _DecisionTerm:
    key: str
    label: object
    model: type
    case_path: str  # from the decision record to its Case
    moment: str  # the decision moment (date or datetime field)
    is_datetime: bool
    kinds: tuple[str, ...]
    decided: Q


DECISION_TERMS = (
    _DecisionTerm(
        "tlv",
        _("TLV: besluit binnen de beslistermijn"),
        TlvAanvraag,
        "case",
        "besloten_op",
        True,
        ("tlv_beslistermijn", "tlv_beslistermijn_complex"),
        Q(status__in=[TlvStatus.TOEGEKEND, TlvStatus.AFGEWEZEN]),
    ),
    _DecisionTerm(
        "bezwaar",
        _("Bezwaar: beslissing op bezwaar binnen de termijn (Awb 7:10)"),
        Bezwaar,
        "case",
        "besloten_op",
        True,
        ("beslistermijn_bezwaar",),
        Q(besloten_op__isnull=False),
    ),
    _DecisionTerm(
        "zorgplicht",
        _("Zorgplicht: besluit van het schoolbestuur binnen 6 (+4) weken"),
        Aanmelding,
        "case",
        "besloten_op",
        True,
        ("zorgplicht",),
        ~Q(status=AanmeldingStatus.AANGEMELD),
    ),
    _DecisionTerm(
        "thuiszitter",
        _("Thuiszitter: passend aanbod binnen 3 maanden"),
        ThuiszitterPeriode,
        "melding__case",
        "aanbod_op",
        False,
        ("thuiszitter_3_maanden",),
        Q(aanbod_op__isnull=False),
    ),
    _DecisionTerm(
        "loket",
        _("Loket: besluit op de ondersteuningsaanvraag binnen de beslistermijn"),
        Ondersteuningsaanvraag,
        "case",
        "besloten_op",
        True,
        ("loket_beslistermijn",),
        Q(besluit__in=["toewijzen", "afwijzen"]),
    ),
    _DecisionTerm(
        "screening",
        _("Screening: advies binnen 6 weken"),
        ZorgOnderwijsScreening,
        "case",
        "geadviseerd_op",
        True,
        ("screening_termijn",),
        Q(geadviseerd_op__isnull=False),
    ),
)


def decided_within_term(cases, period: Period) -> list[TermRow]:
    rows = []
    start, end = period.bounds()
    for term in DECISION_TERMS:
        if term.is_datetime:
            in_period = Q(**{f"{term.moment}__gte": start, f"{term.moment}__lt": end})
        else:
            in_period = Q(**{f"{term.moment}__gte": period.start, f"{term.moment}__lte": period.end})
        qs = term.model.objects.filter(term.decided, in_period, **{f"{term.case_path}__in": cases})
        qs = qs.annotate(moment_day=TruncDate(term.moment) if term.is_datetime else F(term.moment))
        terms = Deadline.objects.filter(case_id=OuterRef(f"{term.case_path}_id"), kind__in=term.kinds)
        if term.model is ThuiszitterPeriode:  # a reopened melding has one term per period at home
            terms = terms.filter(started_on__lt=OuterRef("eerste_verzuimdag"))
        counts = qs.annotate(
            has_term=Exists(terms),
            # a breach stays a breach: a verdaging recorded after it does not make the decision timely
            on_time=Exists(terms.filter(due_on__gte=OuterRef("moment_day"), breached_at__isnull=True)),
        ).aggregate(
            besluiten=Count("pk", filter=Q(has_term=True)),
            binnen=Count("pk", filter=Q(has_term=True, on_time=True)),
        )
        rows.append(TermRow(key=term.key, label=str(term.label), **counts))
    return rows


# --- median doorlooptijden ------------------------------------------------------------------------------


def _medians(qs, *, group: list[str], duration) -> dict[tuple, tuple[int, float | None]]:
    """Per group: (count, median of `duration` in days), in SQL. Window functions number the rows of each
    group by duration; only the middle one or two rows per group leave the database."""
    partition = [F(g) for g in group] or None
    ranked = qs.annotate(dur=duration).annotate(
        rn=Window(RowNumber(), partition_by=partition, order_by=F("dur").asc()),
        cnt=Window(Count("pk"), partition_by=partition),
    )
    middle = ranked.filter(Q(rn=(F("cnt") + 1) / 2) | Q(rn=(F("cnt") + 2) / 2)).values(*group, "dur", "cnt")
    found: dict[tuple, list] = defaultdict(list)
    counts: dict[tuple, int] = {}
    for row in middle:
        key = tuple(row[g] for g in group)
        found[key].append(row["dur"])
        counts[key] = row["cnt"]
    out = {}
    for key, durations in found.items():
        days = [d.total_seconds() / 86400 if isinstance(d, dt.timedelta) else float(d) for d in durations]
        out[key] = (counts[key], round(sum(days) / len(days), 1))
    return out


ROUTE_DURATIONS = (
    # route, model, case path, start, end, decided filter, end is datetime
    (Route.TLV, TlvAanvraag, "case", "ingediend_op", "besloten_op", Q(besloten_op__isnull=False), True),
    (Route.THUISZITTER, ThuiszitterPeriode, "melding__case", "eerste_verzuimdag", "aanbod_op", Q(), False),
    (
        Route.ZORGPLICHT,
        Aanmelding,
        "case",
        "case__opened_at",
        "besloten_op",
        Q(besloten_op__isnull=False),
        True,
    ),
    (
        Route.SCREENING,
        ZorgOnderwijsScreening,
        "case",
        "case__opened_at",
        "afgesloten_op",
        Q(afgesloten_op__isnull=False),
        True,
    ),
    (Route.SCHAKEL, Schakeltraject, "case", "signaal_op", "besluit_op", Q(besluit_op__isnull=False), False),
)


def route_durations(cases, period: Period) -> list[DurationRow]:
    start, end = period.bounds()
    rows = []
    for route, model, case_path, begin, finish, decided, is_datetime in ROUTE_DURATIONS:
        if is_datetime:
            in_period = Q(**{f"{finish}__gte": start, f"{finish}__lt": end})
        else:
            in_period = Q(**{f"{finish}__gte": period.start, f"{finish}__lte": period.end})
        qs = model.objects.filter(decided, in_period, **{f"{case_path}__in": cases})
        medians = _medians(qs, group=[], duration=F(finish) - F(begin))
        n, median = medians.get((), (0, None))
        rows.append(
            DurationRow(route=route.value, label=str(route.label), step="", aantal=n, mediaan_dagen=median)
        )
    return rows


def step_durations(swv, period: Period) -> list[DurationRow]:
    """Per route and flow step: the median time from opening to completing the task. A work item carries its
    case's SWV, so this is one range scan of a partial index (workitem_done_task_swv_idx)."""
    from workflows.flows import FLOWS

    start, end = period.bounds()
    qs = WorkItem.objects.filter(
        swv=swv,
        kind=WorkItem.Kind.TASK,
        status=WorkItem.Status.DONE,
        completed_at__gte=start,
        completed_at__lt=end,
    )
    medians = _medians(qs, group=["case__route", "node"], duration=F("completed_at") - F("created_at"))
    labels = dict(Route.choices)
    rows = []
    for (route, node), (n, median) in medians.items():
        flow = FLOWS.get(route)
        flow_node = flow.instance.node(node) if flow else None
        title = getattr(flow_node, "task_title", None) or node.replace("_", " ").capitalize()
        rows.append(
            DurationRow(
                route=route,
                label=str(labels.get(route, route)),
                step=str(title),
                aantal=n,
                mediaan_dagen=median,
            )
        )
    route_order = [r.value for r in Route]
    rows.sort(key=lambda r: (_index(route_order, r.route), -r.aantal, r.step))
    return rows
