"""Screening (zorg naar onderwijs) pages: list, aanmelding, detail. Thin: services change state,
cases/policies.py decides what is visible. Tasks are completed on the generic work-item page
(workflows/inbox/views.py), which completes them through workflows/registry.py."""

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
from cases.models import WorkItem, ZorgOnderwijsScreening
from cases.models.case import Route
from cases.models.screening import ScreeningStatus
from cases.services import deadlines as deadline_services
from workflows import creation, listing, selectors
from workflows.dossier.views import current_documents, document_form, may_add_documents


@login_required
@require_safe
def screening_list(request):
    qs = (
        ZorgOnderwijsScreening.objects.filter(case__in=policies.visible_cases(request.user))
        .select_related("case", "case__leerling", "case__school")
        .order_by("-aangemeld_op", "-pk")
    )
    alle = request.GET.get("alle") == "1"
    if not alle:
        qs = qs.exclude(status=ScreeningStatus.AFGESLOTEN)
    fase = request.GET.get("fase", "")  # filters and pagination on every list
    if fase in ScreeningStatus.values:
        qs = qs.filter(status=fase)
    q = request.GET.get("q", "").strip()
    page, extra = listing.paginate(request, listing.search_cases(qs, q))
    scope = policies.scope_of(request.user)
    return render(
        request,
        "screening/list.html",
        {
            "screenings": page,
            "page": page,
            "extra": extra,
            "q": q,
            "fase": fase,
            "fases": ScreeningStatus.choices,
            "alle": alle,
            "may_register": bool(scope.schools),
            "may_count": policies.route5_report_roles(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def screening_new(request):
    if not creation.CREATION["screening"].allowed(request.user):
        raise PermissionDenied
    form = creation.make_page_form("screening", request)
    if request.method == "POST" and form.is_valid():
        try:
            s = creation.create(route="screening", by=request.user, data=form.cleaned_data)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        else:
            messages.success(request, _("Aangemeld voor screening: %(ref)s") % {"ref": s.case.reference})
            return redirect("screening_detail", s.case_id)
    return render(request, "screening/new.html", {"form": form})


@login_required
@require_safe
def screening_detail(request, pk):
    case = policies.visible_cases(request.user).filter(pk=pk, route=Route.SCREENING).first()
    if case is None:
        raise Http404
    s = ZorgOnderwijsScreening.objects.select_related(
        "case", "case__leerling", "case__school", "case__school__bestuur", "plaatsing_school", "vorige__case"
    ).get(case=case)
    log_read(request, case=case, what="dossier screening zorg naar onderwijs")
    open_items = case.work_items.filter(status=WorkItem.Status.OPEN).select_related("assignee")
    return render(
        request,
        "screening/detail.html",
        {
            "case": case,
            "screening": s,
            "herscreeningen": s.herscreeningen.select_related("case"),
            "deadlines": [
                (d, deadline_services.deadline_light(d)) for d in case.deadlines.all().order_by("pk")
            ],
            "open_items": selectors.rows(open_items),
            "events": case.events.select_related("actor").order_by("at", "pk"),
            "documents": current_documents(case),
            "may_upload": may_add_documents(request.user, case),
            "document_form": document_form(request.user, case),
        },
    )
