"""Screening (zorg naar onderwijs) pages: list, aanmelding, detail. Thin: services change state,
cases/policies.py decides what is visible. Tasks are completed on the generic work-item page
(workflows/inbox/views.py), which completes them through workflows/registry.py (its task steps: tasks.py)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from cases import policies
from cases.models import ZorgOnderwijsScreening
from cases.models.case import Route
from cases.models.screening import ScreeningStatus
from workflows import route_pages
from workflows.dossier.views import current_documents, document_form, may_add_documents


@login_required
@require_safe
def screening_list(request):
    return route_pages.list_page(
        request,
        route_pages.visible_records(
            request, ZorgOnderwijsScreening, "case", "case__leerling", "case__school"
        ).order_by("-aangemeld_op", "-pk"),
        template="screening/list.html",
        rows="screenings",
        closed_status=ScreeningStatus.AFGESLOTEN,
        filter_param="fase",
        filter_field="status",
        filter_choices=("fases", ScreeningStatus.choices),
        extra={
            "may_register": bool(policies.scope_of(request.user).schools),
            "may_count": policies.route5_report_roles(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def screening_new(request):
    return route_pages.new_case_page(
        request,
        "screening",
        template="screening/new.html",
        success=_("Aangemeld voor screening: %(ref)s"),
        detail_url="screening_detail",
    )


@login_required
@require_safe
def screening_detail(request, pk):
    return route_pages.record_page(
        request,
        pk,
        Route.SCREENING,
        ZorgOnderwijsScreening.objects.select_related(
            "case",
            "case__leerling",
            "case__school",
            "case__school__bestuur",
            "plaatsing_school",
            "vorige__case",
        ),
        template="screening/detail.html",
        record="screening",
        what="dossier screening zorg naar onderwijs",
        extra=lambda s: {
            "herscreeningen": s.herscreeningen.select_related("case"),
            "documents": current_documents(s.case),
            "may_upload": may_add_documents(request.user, s.case),
            "document_form": document_form(request.user, s.case),
        },
    )
