"""Screening (zorg naar onderwijs) pages: list, aanmelding, detail. Thin: services change state,
cases/policies.py decides what is visible. Tasks are completed on the generic work-item page
(workflows/inbox/views.py), which completes them through workflows/registry.py (its task steps: tasks.py)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from cases import policies, profiles
from cases.models import ZorgOnderwijsScreening
from cases.models.case import Route
from cases.models.screening import ScreeningStatus
from workflows import route_pages
from workflows.dossier.views import current_documents, document_form, may_add_documents

FASE = route_pages.ChoiceFilter("fase", "status", "fases", ScreeningStatus.choices)
RELATED = (
    "case",
    "case__leerling",
    "case__school",
    "case__school__bestuur",
    "plaatsing_school",
    "vorige__case",
)


@login_required
@require_safe
def screening_list(request):
    qs = route_pages.visible_records(
        request, ZorgOnderwijsScreening, "case", "case__leerling", "case__school"
    )
    may = {
        "may_register": bool(policies.scope_of(request.user).schools)
        and profiles.route_offered(request.user, "screening")
    }
    may["may_count"] = policies.route5_report_roles(request.user)
    return route_pages.list_page(
        request, "screening", qs.order_by("-aangemeld_op", "-pk"), "screenings", FASE, may
    )


screening_new = route_pages.new_case_view("screening", gettext_lazy("Aangemeld voor screening: %(ref)s"))


def _screening_extra(request, s) -> dict:
    return {
        "herscreeningen": s.herscreeningen.select_related("case"),
        "documents": current_documents(s.case),
        "may_upload": may_add_documents(request.user, s.case),
        "document_form": document_form(request.user, s.case),
    }


@login_required
@require_safe
def screening_detail(request, pk):
    qs = ZorgOnderwijsScreening.objects.select_related(*RELATED)
    what = "dossier screening zorg naar onderwijs"
    return route_pages.record_page(
        request, pk, Route.SCREENING, qs, "screening", what, lambda s: _screening_extra(request, s)
    )
