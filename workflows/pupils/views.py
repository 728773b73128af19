"""Pupil pages: search by name, date of birth or BSN, and one overview across all routes.

Thin: cases/selectors.py finds what the user may open (cases.policies); every opening is logged.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.http import urlencode
from django.views.decorators.http import require_safe

from audit.services import log_read
from cases import clock, policies, selectors

TIMELINE_PAGE = 50


@login_required
@require_safe
def leerling_search(request):
    text = request.GET.get("q", "").strip()
    query = selectors.parse_pupil_query(text)
    results = None
    if query.kind == "bsn" and not policies.may_search_bsn(request.user):
        messages.error(request, policies.BSN_SEARCH_REFUSED)
    elif query.kind:
        qs = selectors.search_leerlingen(request.user, query).order_by("achternaam", "voornaam", "pk")
        results = Paginator(qs, 25).get_page(request.GET.get("page"))
    rows = list(results) if results is not None else []  # BSN shown by the person_numbers filters
    return render(
        request,
        "pupils/leerling_search.html",
        {
            "q": text,
            "kind": query.kind,
            "page": results,
            "rows": rows,
            "extra": ("&" + urlencode({"q": text})) if text else "",
        },
    )


@login_required
@require_safe
def leerling_detail(request, pk):
    leerling = selectors.leerling_for(request.user, pk)
    if leerling is None:
        raise Http404  # another organisation's pupil, or an id that does not exist
    log_read(request, leerling=leerling, what="leerlingoverzicht (alle routes)")
    cases = list(selectors.pupil_cases(request.user, leerling))
    timeline = Paginator(selectors.pupil_timeline(request.user, leerling), TIMELINE_PAGE).get_page(
        request.GET.get("page")
    )
    today = clock.today()
    return render(
        request,
        "pupils/leerling_detail.html",
        {
            "leerling": leerling,
            "show_bsn": policies.may_see_bsn(request.user, leerling),
            "age": leerling.age_on(today),
            "cases": [(case, selectors.phase_label(case)) for case in cases],
            "active_tlv": selectors.active_tlv(request.user, leerling, today=today),
            "today": today,
            "timeline": timeline,
            "routes": {c.pk: c.get_route_display() for c in cases},
        },
    )
