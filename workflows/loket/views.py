"""Loket pages: the list of support requests, a new request, the case page and the budget overview. Thin:
services change state, cases/policies.py decides what is visible. Tasks are completed on the generic
work-item page (workflows/inbox/views.py), which completes them through workflows/registry.py."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from cases import clock, policies
from cases.models import Ondersteuningsaanvraag, Swv
from cases.models.case import Route
from cases.models.loket import AanvraagStatus, AanvraagType
from cases.services import loket
from workflows import route_pages
from workflows.dossier.views import current_documents, document_form, may_add_documents


@login_required
@require_safe
def loket_list(request):
    qs = (
        Ondersteuningsaanvraag.objects.filter(case__in=policies.visible_cases(request.user))
        .select_related("case", "case__leerling", "case__school", "aanvraag_type")
        .order_by("-aangemaakt_op", "-pk")
    )
    return route_pages.list_page(
        request,
        "loket",
        qs,
        "aanvragen",
        route_pages.ChoiceFilter("fase", "status", "fases", AanvraagStatus.choices),
        {
            "may_request": bool(policies.loket_request_schools(request.user).exists()),
            "may_see_budgets": bool(policies.loket_staff_swvs(request.user)),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def loket_new(request):
    return route_pages.new_case_page(
        request,
        "loket",
        success=_(
            "Ondersteuningsaanvraag aangemaakt: %(ref)s. Voeg de documenten toe en dien de aanvraag in."
        ),
    )


@login_required
@require_safe
def loket_detail(request, pk):
    case = route_pages.route_case_or_404(request, pk, Route.LOKET)
    a = Ondersteuningsaanvraag.objects.select_related(
        "case",
        "case__leerling",
        "case__school",
        "aanvraag_type",
        "vorige__case",
        "besloten_door",
        "tweede_akkoord_door",
    ).get(case=case)
    return render(
        request,
        "loket/detail.html",
        {
            **route_pages.case_page_context(request, case, what="dossier ondersteuningsaanvraag"),
            "aanvraag": a,
            "missing": loket.missing_documents(a) if a.status == AanvraagStatus.CONCEPT else [],
            "missing_labels": loket._labels(loket.missing_documents(a))
            if a.status == AanvraagStatus.CONCEPT
            else "",
            "verlengingen": a.verlengingen.select_related("case"),
            "evaluaties": a.evaluaties.select_related("by"),
            "documents": current_documents(case),
            "may_upload": may_add_documents(request.user, case),
            "document_form": document_form(request.user, case),
        },
    )


@login_required
@require_safe
def loket_report_page(request):
    """Requests per type and school, decision times against the term, arrangements running and ending,
    evaluation outcomes: one quarter, for SWV staff and auditors."""
    from audit.services import log_read
    from reports.loket import loket_report
    from reports.selectors import quarter_end
    from workflows.schakel.forms import KwartaalForm

    if not policies.loket_staff_swvs(request.user):
        raise PermissionDenied
    form = KwartaalForm(request.GET or None)
    if form.is_bound and form.is_valid():
        jaar, kwartaal = form.cleaned_data["jaar"], form.cleaned_data["kwartaal"]
    else:
        last = quarter_end(clock.today())
        jaar, kwartaal = last.year, (last.month - 1) // 3 + 1
        form = KwartaalForm(initial={"jaar": jaar, "kwartaal": kwartaal})
    log_read(request, what=f"loket rapportage {jaar}-Q{kwartaal}")
    return render(
        request,
        "loket/report.html",
        {"form": form, "report": loket_report(user=request.user, jaar=jaar, kwartaal=kwartaal)},
    )


@login_required
@require_safe
def loket_budgets(request):
    """Per SWV and school year: each budget with granted, used and remaining (SWV staff and auditors)."""
    swv_ids = policies.loket_staff_swvs(request.user)
    if not swv_ids:
        raise PermissionDenied
    swvs = list(Swv.objects.filter(pk__in=swv_ids).order_by("name"))
    current = loket.schooljaar_of(clock.today())
    try:
        jaar = int(request.GET.get("schooljaar", current))
    except ValueError:
        jaar = current
    if not 2000 <= jaar <= 2100:
        jaar = current
    return render(
        request,
        "loket/budgets.html",
        {
            "schooljaar": jaar,
            "jaren": [current - 1, current, current + 1],
            "per_swv": [
                {
                    "swv": swv,
                    "rows": loket.budget_overview(swv, jaar),
                    "typen": AanvraagType.objects.filter(swv=swv).order_by("naam"),
                }
                for swv in swvs
            ],
        },
    )
