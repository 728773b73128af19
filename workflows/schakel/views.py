"""Schakel / terugplaatsing pages: list, signaal, detail. Thin: services change state, cases/policies.py
decides what is visible. Tasks are completed on the generic work-item page (workflows/inbox/views.py), which
completes them through workflows/registry.py (its task steps: tasks.py)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from cases import policies
from cases.models import Schakeltraject
from cases.models.case import Route
from cases.models.schakel import SchakelSoort, SchakelStatus
from cases.roles import Role
from workflows import route_pages


@login_required
@require_safe
def schakel_list(request):
    qs = (
        Schakeltraject.objects.filter(case__in=policies.visible_cases(request.user))
        .select_related("case", "case__leerling", "huidige_school", "ontvangende_school")
        .order_by("-signaal_op", "-pk")
    )
    ctx = route_pages.list_context(
        request,
        qs,
        closed_status=SchakelStatus.AFGESLOTEN,
        filter_param="soort",
        filter_field="soort",
        filter_values=SchakelSoort.values,
    )
    scope = policies.scope_of(request.user)
    return render(
        request,
        "schakel/list.html",
        {
            **ctx,
            "trajecten": ctx["page"],
            "soorten": SchakelSoort.choices,
            "may_signal": bool(scope.schools or scope.swvs_by_role.get(Role.CONSULENT)),
            "may_count": policies.route5_report_roles(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def schakel_new(request):
    return route_pages.new_case_page(
        request,
        "schakel",
        template="schakel/new.html",
        success=_("Schakelsignaal vastgelegd: %(ref)s"),
        detail_url="schakel_detail",
    )


@login_required
@require_safe
def schakel_detail(request, pk):
    case = route_pages.route_case_or_404(request, pk, Route.SCHAKEL)
    t = Schakeltraject.objects.select_related(
        "case", "case__leerling", "huidige_school", "ontvangende_school", "tlv", "tlv__case"
    ).get(case=case)
    return render(
        request,
        "schakel/detail.html",
        {
            **route_pages.case_page_context(request, case, what="dossier schakeltraject"),
            "traject": t,
            "overleggen": t.overleggen.select_related("by"),
            "checkpoints": t.checkpoints.select_related("by"),
        },
    )
