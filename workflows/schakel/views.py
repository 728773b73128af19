"""Schakel / terugplaatsing pages: list, signaal, detail. Thin: services change state, cases/policies.py
decides what is visible. Tasks are completed on the generic work-item page (workflows/inbox/views.py), which
completes them through workflows/registry.py (its task steps: tasks.py)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from cases import policies, profiles
from cases.models import Schakeltraject
from cases.models.case import Route
from cases.models.schakel import SchakelSoort
from cases.roles import Role
from workflows import route_pages

SOORT = route_pages.ChoiceFilter("soort", "soort", "soorten", SchakelSoort.choices)


@login_required
@require_safe
def schakel_list(request):
    scope = policies.scope_of(request.user)
    schools = ("huidige_school", "ontvangende_school")
    qs = route_pages.visible_records(request, Schakeltraject, "case", "case__leerling", *schools)
    may_signal = bool(scope.schools or scope.swvs_by_role.get(Role.CONSULENT))
    may_signal = may_signal and profiles.route_offered(request.user, "schakel")
    may = {"may_signal": may_signal, "may_count": policies.route5_report_roles(request.user)}
    return route_pages.list_page(
        request, "schakel", qs.order_by("-signaal_op", "-pk"), "trajecten", SOORT, may
    )


schakel_new = route_pages.new_case_view("schakel", gettext_lazy("Schakelsignaal vastgelegd: %(ref)s"))


@login_required
@require_safe
def schakel_detail(request, pk):
    related = ("case", "case__leerling", "huidige_school", "ontvangende_school", "tlv", "tlv__case")
    return route_pages.record_page(
        request,
        pk,
        Route.SCHAKEL,
        Schakeltraject.objects.select_related(*related),
        "traject",
        "dossier schakeltraject",
        lambda t: {
            "overleggen": t.overleggen.select_related("by"),
            "checkpoints": t.checkpoints.select_related("by"),
        },
    )
