"""Flow diagrams: every route's process on one page, and where one case stands in its route.

Thin: workflows/charts.py draws; the case is looked up through cases.policies (404 otherwise) and the
opening is logged like any other view of the dossier.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from audit.services import log_read
from cases import policies
from cases.models import WorkItem
from workflows import charts, selectors
from workflows.flows import FLOWS


@login_required
@require_safe
def processen(request):
    routes = [
        {
            "route": route,
            "title": charts.ROUTE_TITLES[route],
            "svg": charts.flow_svg(route),
            "wide": charts.is_wide(route),
            "steps": [s for s in charts.steps(route) if s.human],
        }
        for route in FLOWS
    ]
    return render(request, "processes/processen.html", {"routes": routes})


@login_required
@require_safe
def case_process(request, pk):
    case = (
        policies.visible_cases(request.user)
        .filter(pk=pk)
        .select_related("leerling", "school", *charts.PROCESS_OWNER.values())
        .first()
    )
    if case is None:
        raise Http404
    log_read(request, case=case, what="processchema (waar staat de casus)")
    done, current = charts.process_status(case)
    has_flow = case.route in FLOWS and charts.PROCESS_OWNER.get(case.route) is not None
    steps = []
    if has_flow:
        steps = [
            (s, "current" if s.name in current else "done" if s.name in done else "")
            for s in charts.steps(case.route)
            if s.human or s.name == "end"
        ]
    open_items = case.work_items.filter(status=WorkItem.Status.OPEN).select_related("assignee", "deadline")
    in_flow = {s.name for s, _ in steps}
    return render(
        request,
        "processes/case_process.html",
        {
            "case": case,
            "has_flow": has_flow,
            "svg": charts.flow_svg(case.route, done=done, current=current) if has_flow else "",
            "wide": has_flow and charts.is_wide(case.route),
            "steps": steps,
            "finished": "end" in done,
            "other_items": selectors.rows([i for i in open_items if i.node not in in_flow]),
        },
    )
