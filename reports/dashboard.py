"""Home-page figures per role: SQL aggregates over what cases.policies lets the user see.

Each function is a fixed handful of queries whatever the number of cases (the benchmark times these pages at a
million cases): counts are GROUP BY / filtered COUNTs, lists are LIMITed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from cases import clock, lights, policies
from cases.models import Aanmelding, Deadline, ThuiszitterMelding, WorkItem
from cases.models.case import Route
from cases.models.loket import AanvraagStatus
from cases.models.schakel import SchakelStatus
from cases.models.screening import ScreeningStatus
from cases.models.thuiszitter import AIM_DAYS, AT_HOME_STATES, ThuiszitterStatus
from cases.models.tlv import TlvStatus
from cases.models.zorgplicht import AanmeldingStatus

# route -> (lookup of the route record's legal state from Case, its states in route order)
ROUTE_PHASES = {
    Route.TLV: ("tlv__status", TlvStatus),
    Route.THUISZITTER: ("thuiszitter__status", ThuiszitterStatus),
    Route.ZORGPLICHT: ("aanmelding__status", AanmeldingStatus),
    Route.SCREENING: ("screening__status", ScreeningStatus),
    Route.SCHAKEL: ("schakeltraject__status", SchakelStatus),
    Route.LOKET: ("ondersteuningsaanvraag__status", AanvraagStatus),
}
# short route names where space is scarce (the dashboard table)
ROUTE_SHORT = {Route.TLV: _("TLV-aanvraag")}
LIST_LIMIT = 8


@dataclass(frozen=True)
class PhaseCount:
    phase: str
    label: str
    n: int


@dataclass
class RouteCount:
    route: str
    label: str
    total: int = 0
    phases: list[PhaseCount] = field(default_factory=list)


def open_cases_by_route_and_phase(cases: QuerySet) -> list[RouteCount]:
    """Open cases per route and, within a route, per legal state of its route record (one query)."""
    lookups = [lookup for lookup, _ in ROUTE_PHASES.values()]
    counts: dict[tuple[str, str], int] = {}
    for row in cases.filter(closed_at__isnull=True).values("route", *lookups).annotate(n=Count("pk")):
        lookup = ROUTE_PHASES.get(row["route"], ("", None))[0]
        key = (row["route"], row.get(lookup) or "")
        counts[key] = counts.get(key, 0) + row["n"]
    out = []
    for route, (_lookup, states) in ROUTE_PHASES.items():
        rc = RouteCount(route=route.value, label=str(ROUTE_SHORT.get(route, route.label)))
        for state in states:
            n = counts.get((route.value, state.value), 0)
            if n:
                rc.phases.append(PhaseCount(phase=state.value, label=str(state.label), n=n))
                rc.total += n
        rc.total += counts.get((route.value, ""), 0)  # a case whose route record is not there (yet)
        out.append(rc)
    return out


def running_deadlines(cases: QuerySet) -> QuerySet:
    """Open terms with a due date: running ones, and paused ones with their projected date (a pause with an
    answer term, Awb 4:15 lid 1 a)."""
    return Deadline.objects.filter(
        case__in=cases,
        status__in=[Deadline.Status.RUNNING, Deadline.Status.PAUSED],
        due_on__isnull=False,
    )


def _lights(today: dt.date, days_by_swv: dict[int, int] | None) -> dict[str, Q]:
    """The traffic lights of cases.lights over Deadline rows. Red: a running term past its due day, or
    breached once (a breach stays a breach, Awb 4:14). Amber ('bijna verlopen'): due within the SWV's
    window, a paused term by its projected date."""
    return lights.due_q(
        today=today,
        days_by_swv=days_by_swv,
        due="due_on",
        swv="case__swv_id",
        paused=None,
        breached=Q(breached_at__isnull=False),
    )


def _breached_q(today: dt.date, days_by_swv: dict[int, int] | None = None) -> Q:
    return Q(status=Deadline.Status.RUNNING) & _lights(today, days_by_swv)["red"]


def _at_risk_q(today: dt.date, days_by_swv: dict[int, int] | None = None) -> Q:
    return _lights(today, days_by_swv)["amber"]


def deadlines_at_risk(
    cases: QuerySet, *, today: dt.date, days_by_swv: dict[int, int] | None = None
) -> QuerySet:
    """Open terms (paused ones by their projected date) that are 'bijna verlopen' (cases.lights)."""
    return running_deadlines(cases).filter(_at_risk_q(today, days_by_swv))


def deadlines_breached(cases: QuerySet, *, today: dt.date) -> QuerySet:
    """Running terms past their due day (breached, whether or not the sweep has escalated them yet)."""
    return running_deadlines(cases).filter(_breached_q(today))


def deadline_filter(
    qs: QuerySet, which: str, *, today: dt.date, days_by_swv: dict[int, int] | None = None
) -> QuerySet:
    if which == "risico":
        return qs.filter(_at_risk_q(today, days_by_swv))
    if which == "overschreden":
        return qs.filter(_breached_q(today))
    return qs


@dataclass
class SwvDashboard:
    routes: list[RouteCount]
    open_total: int
    at_risk: int
    breached: int
    at_risk_list: list
    breached_list: list
    open_escalations: int


def swv_dashboard(user, *, today: dt.date | None = None) -> SwvDashboard | None:
    """For SWV staff: open cases per route and phase, terms at risk in the next 2 weeks and breaches."""
    if not policies.dashboard_swvs(user):
        return None
    today = today or clock.today()
    cases = policies.dashboard_cases(user)
    routes = open_cases_by_route_and_phase(cases)
    days_by_swv = lights.warning_days(policies.dashboard_swvs(user))
    terms = running_deadlines(cases).aggregate(
        at_risk=Count("pk", filter=_at_risk_q(today, days_by_swv)),
        breached=Count("pk", filter=_breached_q(today)),
    )
    related = ("case", "case__leerling")
    return SwvDashboard(
        routes=routes,
        open_total=sum(r.total for r in routes),
        at_risk=terms["at_risk"],
        breached=terms["breached"],
        at_risk_list=list(
            deadlines_at_risk(cases, today=today, days_by_swv=days_by_swv)
            .select_related(*related)
            .order_by("due_on", "pk")[:LIST_LIMIT]
        ),
        breached_list=list(
            deadlines_breached(cases, today=today)
            .select_related(*related)
            .order_by("due_on", "pk")[:LIST_LIMIT]
        ),
        open_escalations=WorkItem.objects.filter(
            case__in=cases, kind=WorkItem.Kind.ESCALATION, status=WorkItem.Status.OPEN
        ).count(),
    )


@dataclass(frozen=True)
class ThuiszitterSummary:
    open: int
    at_home: int
    over_aim: int
    inspectie: int
    zorgplicht_open: int


def thuiszitter_summary(user, *, today: dt.date | None = None) -> ThuiszitterSummary:
    """The thuiszitters this user follows (a leerplichtambtenaar: those of their gemeente)."""
    today = today or clock.today()
    visible = policies.visible_cases(user)
    open_states = [s for s in ThuiszitterStatus if s != ThuiszitterStatus.AFGESLOTEN]
    counts = ThuiszitterMelding.objects.filter(case__in=visible, status__in=open_states).aggregate(
        open=Count("pk"),
        at_home=Count("pk", filter=Q(status__in=AT_HOME_STATES)),
        over_aim=Count(
            "pk",
            filter=Q(status__in=AT_HOME_STATES, eerste_verzuimdag__lte=today - dt.timedelta(days=AIM_DAYS)),
        ),
        inspectie=Count("pk", filter=Q(inspectie_gemeld_op__isnull=False)),
    )
    zorgplicht = Aanmelding.objects.filter(case__in=visible, status=AanmeldingStatus.AANGEMELD).count()
    return ThuiszitterSummary(zorgplicht_open=zorgplicht, **counts)


def my_open_cases_by_route(user) -> list[RouteCount]:
    """Open cases this user may see, per route (one query): what a school or a deskundige follows."""
    counts = dict(
        policies.visible_cases(user)
        .filter(closed_at__isnull=True)
        .values_list("route")
        .annotate(n=Count("pk"))
        .values_list("route", "n")
    )
    return [
        RouteCount(route=route.value, label=str(route.label), total=counts.get(route.value, 0))
        for route in Route
    ]


@dataclass(frozen=True)
class AuditSummary:
    cases: int
    open_cases: int
    reads_week: int
    exports_week: int


def audit_summary(user, *, now: dt.datetime | None = None) -> AuditSummary:
    """For auditors and privacy officers: the size of what they oversee and last week's reads."""
    now = now or clock.now()
    week_ago = now - dt.timedelta(days=7)
    cases = {"cases": 0, "open_cases": 0}
    if policies.audit_swvs(user) is None or policies.audit_swvs(user):
        cases = policies.audit_cases(user).aggregate(
            cases=Count("pk"), open_cases=Count("pk", filter=Q(closed_at__isnull=True))
        )
    reads = {"reads_week": 0, "exports_week": 0}
    if policies.access_log_swvs(user) is None or policies.access_log_swvs(user):
        reads = (
            policies.visible_access_log(user)
            .filter(at__gte=week_ago)
            .aggregate(
                reads_week=Count("pk"),
                exports_week=Count("pk", filter=Q(what__icontains="export")),
            )
        )
    return AuditSummary(**cases, **reads)
