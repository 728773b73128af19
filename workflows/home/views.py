"""The home page: per role, what needs attention now and where to find the rest.

Thin: counts come from workflows.selectors (work items) and reports.dashboard (SWV figures), both SQL
aggregates scoped through cases.policies; the template only shows them.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from cases import clock, policies, profiles
from cases.models import WorkItem
from cases.models.case import Route
from cases.roles import Role
from cases.services import deadlines as deadline_services
from reports import dashboard
from workflows import creation, selectors

URGENT_LIMIT = 6


def _urgent(user):
    """My tasks and my werkvoorraad together, the most urgent first (overdue, then amber, by due day)."""
    lights = selectors.light_filters(days_by_swv=selectors.warning_days_of(user))
    mine_or_pool = Q(assignee_id=user.pk) | (Q(assignee__isnull=True) & policies.werkvoorraad_filter(user))
    items = (
        WorkItem.objects.filter(mine_or_pool, status=WorkItem.Status.OPEN)
        .filter(lights["red"] | lights["amber"])
        .select_related("case", "case__leerling", "case__school", "deadline", "assignee")
        .order_by("due_at", "-priority", "pk")[:URGENT_LIMIT]
    )
    return selectors.rows(items)


@login_required
@require_safe
def home(request):
    user = request.user
    scope = policies.scope_of(user)
    roles = scope.roles
    counts = selectors.task_counts(user)
    has_tasks = bool(roles - {Role.AUDITOR, Role.PRIVACY_OFFICER, Role.ARCHIVARIS})
    ctx = {
        "roles": [Role(r).label for r in Role.values if r in roles],
        "no_role": not roles and not scope.is_superuser,
        "has_tasks": has_tasks,
        "counts": counts,
        "urgent": _urgent(user) if has_tasks and counts.attention else [],
        "dashboard": dashboard.swv_dashboard(user),
        "is_school": bool(scope.schools),
        "is_leerplicht": bool(scope.gemeenten),
        "thuiszitters": dashboard.thuiszitter_summary(user) if scope.gemeenten else None,
        "my_cases": dashboard.my_open_cases_by_route(user)
        if has_tasks and not policies.dashboard_swvs(user)
        else None,
        "may_audit": bool(policies.audit_swvs(user) is None or policies.audit_swvs(user)),
        "may_read_access_log": bool(policies.access_log_swvs(user) is None or policies.access_log_swvs(user)),
        "may_report": policies.report_swvs(user).exists(),
        "may_forecast": policies.forecast_swvs(user).exists(),
        "may_search_pupils": policies.visible_leerlingen(user).exists() if roles else False,
        "is_screeningsteam": Role.SCREENINGSTEAM in roles,
        # the quick links to new cases ask the same question as the pages they open
        "may_create": {
            route: spec.allowed(user) and profiles.route_offered(user, route)
            for route, spec in creation.CREATION.items()
        },
    }
    if ctx["may_audit"] or ctx["may_read_access_log"]:
        ctx["audit"] = dashboard.audit_summary(user)
    return render(request, "home/home.html", ctx)


DEADLINE_FILTERS = (
    ("risico", _("Bijna verlopen")),
    ("overschreden", _("Overschreden")),
    ("", _("Alle lopende termijnen")),
)


@login_required
@require_safe
def deadline_list(request):
    """Running terms of the cases this user may see: bijna verlopen (cases.lights), breached, or all."""
    today = clock.today()
    which = request.GET.get("filter", "")
    route = request.GET.get("route", "")
    q = request.GET.get("q", "").strip()
    days_by_swv = selectors.warning_days_of(request.user)
    qs = dashboard.running_deadlines(policies.visible_cases(request.user))
    qs = dashboard.deadline_filter(qs, which, today=today, days_by_swv=days_by_swv)
    if route in Route.values:
        qs = qs.filter(case__route=route)
    if q:
        qs = qs.filter(
            Q(case__reference__icontains=q)
            | Q(case__leerling__achternaam__icontains=q)
            | Q(case__leerling__voornaam__icontains=q)
        )
    qs = qs.select_related("case", "case__leerling", "case__school").order_by("due_on", "pk")
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "home/deadline_list.html",
        {
            "page": page,
            "rows": [(d, deadline_services.deadline_light(d, today, days_by_swv)) for d in page],
            "filters": DEADLINE_FILTERS,
            "which": which,
            "routes": Route.choices,
            "route": route,
            "q": q,
            "extra": ("&" + query.urlencode()) if query else "",
        },
    )
