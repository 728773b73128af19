"""Schakel / terugplaatsing pages: list, signaal, detail. Thin: services change state, cases/policies.py
decides what is visible. Tasks are completed on the generic work-item page (workflows/inbox/views.py), which
completes them through workflows/registry.py (its task steps: tasks.py)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
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
    scope = policies.scope_of(request.user)
    return route_pages.list_page(
        request,
        route_pages.visible_records(
            request, Schakeltraject, "case", "case__leerling", "huidige_school", "ontvangende_school"
        ).order_by("-signaal_op", "-pk"),
        template="schakel/list.html",
        rows="trajecten",
        closed_status=SchakelStatus.AFGESLOTEN,
        filter_param="soort",
        filter_field="soort",
        filter_choices=("soorten", SchakelSoort.choices),
        extra={
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
    return route_pages.record_page(
        request,
        pk,
        Route.SCHAKEL,
        Schakeltraject.objects.select_related(
            "case", "case__leerling", "huidige_school", "ontvangende_school", "tlv", "tlv__case"
        ),
        template="schakel/detail.html",
        record="traject",
        what="dossier schakeltraject",
        extra=lambda t: {
            "overleggen": t.overleggen.select_related("by"),
            "checkpoints": t.checkpoints.select_related("by"),
        },
    )
