"""Overstap pages: the list, opening a handover, the case page of either side, a handed-over document and
the PO/VO overview. Thin: services change state, cases/policies.py decides what is visible. Tasks are
completed on the generic work-item page (workflows/inbox/views.py) through workflows/registry.py.

The receiving side's case page shows the handed-over facts and documents, never the PO case itself; each
of its reads is logged in the receiving SWV's access log (the page's case) and in the sending SWV's (the
PO case it reads from)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from audit.services import log_read
from cases import policies, profiles
from cases.models.case import Route
from cases.models.overstap import OverstapStatus
from cases.services import overstap as services
from reports import overstap as report
from workflows import actions, route_pages
from workflows.dossier.views import _serve

FASE = route_pages.ChoiceFilter("fase", "status", "fases", OverstapStatus.choices)
RELATED = (
    "case",
    "case__leerling",
    "case__school",
    "case__swv",
    "vo_school",
    "vo_swv",
    "ontvangst_case",
    "ontvangst_case__leerling",
)


@login_required
@require_safe
def overstap_list(request):
    qs = policies.visible_overstappen(request.user).select_related(*RELATED)
    may = {
        "may_open": services_may_open(request.user),
        "may_overview": bool(policies.overstap_pair_swvs(request.user)),
        # the rows of the sending side link to the PO case, the others to the receiving case
        "po_visible": set(
            policies.visible_cases(request.user)
            .filter(pk__in=qs.values("case_id"))
            .values_list("pk", flat=True)
        ),
    }
    return route_pages.list_page(
        request, "overstap", qs.order_by("-case__opened_at", "-pk"), "overstappen", FASE, may
    )


def services_may_open(user) -> bool:
    """May this user open a handover here: a PO school's role, in an SWV that has the route on."""
    from workflows import creation

    return creation.CREATION["overstap"].allowed(user) and profiles.route_offered(user, "overstap")


overstap_new = route_pages.new_case_view(
    "overstap", gettext_lazy("Overstap geopend: %(ref)s. Leg eerst de toestemming van de ouders vast.")
)


def _log_cross_read(request, o, case, what: str) -> None:
    """A read by the receiving side: also in the sending SWV's access log (on the PO case)."""
    if case.pk != o.case_id:
        log_read(request, case=o.case, what=f"{what} (gelezen door {o.vo_swv.code})")


@login_required
@require_safe
def overstap_detail(request, pk):
    case = route_pages.route_case_or_404(request, pk, Route.OVERSTAP)
    o = services.overstap_of_case(case)
    side = "po" if case.pk == o.case_id else "vo"
    what = "dossier overstap" if side == "po" else "overdrachtsdossier (ontvangende kant)"
    context = route_pages.case_page_context(request, case, what=what)
    readable = side == "po" or policies.may_read_handover(request.user, o)
    if side == "vo" and readable:
        _log_cross_read(request, o, case, "overdrachtsdossier")
    vervolg = actions.ACTIONS["overstap_vervolg"]
    may_link = side == "vo" and o.is_open and policies.can(request.user, "overstap.receive", o)
    context.update(
        {
            "overstap": o,
            "side": side,
            "readable": readable,
            "documenten": o.documenten.all().order_by("pk") if readable else [],
            "deskundige_vereist": services.deskundige_required(o),
            "plaatsing_uiterlijk": services.plaatsing_uiterlijk(o),
            "vervolg_form": actions.make_form(vervolg, case) if may_link else None,
            "vervolg_label": vervolg.label,
        }
    )
    return render(request, "overstap/detail.html", context)


@login_required
@require_POST
def overstap_vervolg(request, pk):
    case = route_pages.route_case_or_404(request, pk, Route.OVERSTAP)
    return route_pages.case_action(
        request,
        case,
        "overstap_vervolg",
        invalid=_("Kies een TLV-aanvraag of ondersteuningsaanvraag."),
        success=_("Het vervolg is gekoppeld."),
        detail_url="overstap_detail",
        detail_pk=case.pk,
    )


@login_required
@require_safe
def overstap_document(request, pk, doc):
    """A handed-over document, read from either side's case page: only a document of the handover, only
    while the reader may read the file; logged in both SWVs' access logs."""
    case = route_pages.route_case_or_404(request, pk, Route.OVERSTAP)
    o = services.overstap_of_case(case)
    if not policies.may_read_handover(request.user, o):
        raise Http404
    document = o.documenten.filter(pk=doc).first()
    if document is None:
        raise Http404
    what = f"overgedragen document {document.pk}: {document.get_kind_display()}"
    log_read(request, case=case, what=what)
    _log_cross_read(request, o, case, what)
    return _serve(document, inline=False)


@login_required
@require_safe
def overstap_overleg(request):
    """The PO/VO meeting view: per pair of PO and VO SWV, the pupils in transition with status, term
    and next step."""
    swvs = policies.overstap_pair_swvs(request.user)
    if not swvs:
        raise PermissionDenied
    log_read(request, what="overzicht overstappen PO-VO")
    return render(request, "overstap/overleg.html", {"paren": report.pairs(request.user)})


@login_required
@require_safe
def overstap_report(request):
    if not policies.overstap_pair_swvs(request.user):
        raise PermissionDenied
    log_read(request, what="rapportage overstappen PO-VO")
    return render(request, "overstap/rapportage.html", {"jaren": report.per_school_year(request.user)})
