"""Schakel / terugplaatsing pages: list, signaal, detail. Thin: services change state, cases/policies.py
decides what is visible. Tasks are completed on the generic work-item page (workflows/inbox/views.py), which
completes them through workflows/registry.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from audit.services import log_read
from cases import policies
from cases.errors import DomainError
from cases.models import Schakeltraject, WorkItem
from cases.models.case import Route
from cases.models.schakel import SchakelSoort, SchakelStatus
from cases.roles import Role
from cases.services import deadlines as deadline_services
from workflows import creation, listing, selectors


@login_required
@require_safe
def schakel_list(request):
    qs = (
        Schakeltraject.objects.filter(case__in=policies.visible_cases(request.user))
        .select_related("case", "case__leerling", "huidige_school", "ontvangende_school")
        .order_by("-signaal_op", "-pk")
    )
    alle = request.GET.get("alle") == "1"
    if not alle:
        qs = qs.exclude(status=SchakelStatus.AFGESLOTEN)
    soort = request.GET.get("soort", "")  # filters and pagination on every list
    if soort in SchakelSoort.values:
        qs = qs.filter(soort=soort)
    q = request.GET.get("q", "").strip()
    page, extra = listing.paginate(request, listing.search_cases(qs, q))
    scope = policies.scope_of(request.user)
    return render(
        request,
        "schakel/list.html",
        {
            "trajecten": page,
            "page": page,
            "extra": extra,
            "q": q,
            "soort": soort,
            "soorten": SchakelSoort.choices,
            "alle": alle,
            "may_signal": bool(scope.schools or scope.swvs_by_role.get(Role.CONSULENT)),
            "may_count": policies.route5_report_roles(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def schakel_new(request):
    if not creation.CREATION["schakel"].allowed(request.user):
        raise PermissionDenied
    form = creation.make_page_form("schakel", request)
    if request.method == "POST" and form.is_valid():
        try:
            t = creation.create(route="schakel", by=request.user, data=form.cleaned_data)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        else:
            messages.success(request, _("Schakelsignaal vastgelegd: %(ref)s") % {"ref": t.case.reference})
            return redirect("schakel_detail", t.case_id)
    return render(request, "schakel/new.html", {"form": form})


@login_required
@require_safe
def schakel_detail(request, pk):
    case = policies.visible_cases(request.user).filter(pk=pk, route=Route.SCHAKEL).first()
    if case is None:
        raise Http404
    t = Schakeltraject.objects.select_related(
        "case", "case__leerling", "huidige_school", "ontvangende_school", "tlv", "tlv__case"
    ).get(case=case)
    log_read(request, case=case, what="dossier schakeltraject")
    open_items = case.work_items.filter(status=WorkItem.Status.OPEN).select_related("assignee")
    return render(
        request,
        "schakel/detail.html",
        {
            "case": case,
            "traject": t,
            "overleggen": t.overleggen.select_related("by"),
            "checkpoints": t.checkpoints.select_related("by"),
            "deadlines": [
                (d, deadline_services.deadline_light(d)) for d in case.deadlines.all().order_by("pk")
            ],
            "open_items": selectors.rows(open_items),
            "events": case.events.select_related("actor").order_by("at", "pk"),
        },
    )
