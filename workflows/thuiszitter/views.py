"""Thuiszitter and zorgplicht pages: list (the leerplicht page), melding, detail, actions, aanmelding.

Thin: every change goes through cases/services/thuiszitter.py or zorgplicht.py; reads go through
cases/policies.py. The human tasks of the flow are completed on the generic work-item page
(workflows/inbox/views.py), which completes them through workflows/registry.py (its task steps: tasks.py).
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from cases import clock, policies
from cases.errors import DomainError
from cases.models import School, ThuiszitterMelding
from cases.models.case import Route
from cases.models.thuiszitter import (
    AIM_DAYS,
    AT_HOME_STATES,
    LeerplichtActieSoort,
    ThuiszitterStatus,
    ThuiszitterType,
)
from cases.models.zorgplicht import Aanmelding
from cases.services import deadlines as deadline_services
from cases.services import thuiszitter as services
from workflows import creation, listing, route_pages
from workflows.form_errors import show_domain_error
from workflows.thuiszitter import forms as tforms

# --- list / leerplicht page ---------------------------------------------------------------------


def _rows(meldingen):
    today = clock.today()
    rows = []
    for m in meldingen:
        running = [
            d for d in m.case.deadlines.all() if d.status != "closed" and d.due_on and not d.breached_at
        ]
        next_term = min(running, key=lambda d: d.due_on) if running else None
        rows.append(
            {
                "melding": m,
                "days": m.days_at_home(today),
                "next_term": next_term,
                "light": deadline_services.deadline_light(next_term) if next_term else "none",
                "over_aim": m.days_at_home(today) is not None and today >= m.aim_on,
            }
        )
    return rows


@login_required
@require_safe
def thuiszitter_list(request):
    qs = (
        route_pages.visible_records(
            request, ThuiszitterMelding, "case", "case__leerling", "case__school", "gemeente"
        )
        .prefetch_related("case__deadlines")
        .order_by("eerste_verzuimdag")
    )
    if request.GET.get("alle") != "1":
        qs = qs.exclude(status=ThuiszitterStatus.AFGESLOTEN)
    inspectie = request.GET.get("inspectie") == "1"
    if inspectie:  # the inspectie list: longer than 3 months at home without a passend aanbod
        qs = qs.filter(inspectie_gemeld_op__isnull=False)
    # More filters and pagination
    langer = request.GET.get("langer") == "1"
    if langer:  # at home longer than the 4-week aim
        qs = qs.filter(
            status__in=AT_HOME_STATES, eerste_verzuimdag__lte=clock.today() - dt.timedelta(days=AIM_DAYS)
        )
    soort = request.GET.get("soort", "")
    if soort in ThuiszitterType.values:
        qs = qs.filter(type=soort)
    q = request.GET.get("q", "").strip()
    qs = listing.search_cases(qs, q)
    page, extra = listing.paginate(request, qs)
    scope = policies.scope_of(request.user)
    return render(
        request,
        "thuiszitter/list.html",
        {
            "rows": _rows(page),
            "page": page,
            "extra": extra,
            "q": q,
            "soort": soort,
            "soorten": ThuiszitterType.choices,
            "langer": langer,
            "alle": request.GET.get("alle") == "1",
            "inspectie": inspectie,
            "gemeenten": scope.gemeente_ids,
            "is_leerplicht": bool(scope.gemeenten),
            "may_report": bool(scope.schools or scope.gemeenten or scope.swvs_by_role.get("consulent")),
            "may_count": policies.thuiszitter_report_roles(request.user),
            "may_aanmelden": bool(scope.schools),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def thuiszitter_new(request):
    form = creation.make_page_form("thuiszitter", request)
    if request.method == "POST" and form.is_valid():
        try:
            melding = creation.create(route="thuiszitter", by=request.user, data=form.cleaned_data)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
            existing = getattr(exc, "existing", None)
            if existing is not None and policies.can_view_case(request.user, existing.case):
                messages.error(request, exc.message)
                return redirect("thuiszitter_detail", existing.case_id)
        else:
            messages.success(request, _("Thuiszitter gemeld: %(ref)s") % {"ref": melding.case.reference})
            return redirect("thuiszitter_detail", melding.case_id)
    if not form.is_bound:
        form.initial["gemeld_op"] = clock.today()
    return render(request, "thuiszitter/new.html", {"form": form})


def _melding_for(request, pk) -> ThuiszitterMelding:
    case = policies.visible_cases(request.user).filter(pk=pk, route=Route.THUISZITTER).first()
    if case is None:
        raise Http404
    return ThuiszitterMelding.objects.select_related(
        "case",
        "case__leerling",
        "case__leerling__woongemeente",
        "case__school",
        "gemeente",
        "bestuur",
        "stamschool",
    ).get(case=case)


def _leerplicht_choices(user, m):
    choices = []
    if policies.can(user, "leerplicht.act", m):
        choices = list(LeerplichtActieSoort.choices)
    elif policies.can(user, "leerplicht.consult", m):
        choices = [c for c in LeerplichtActieSoort.choices if c[0] == LeerplichtActieSoort.SWV_CONSULTATIE]
    return choices


@login_required
@require_safe
def thuiszitter_detail(request, pk):
    m = _melding_for(request, pk)
    case = m.case
    user = request.user
    today = clock.today()
    choices = _leerplicht_choices(user, m)
    ctx = {
        **route_pages.case_page_context(request, case, what="dossier thuiszitter"),
        "melding": m,
        "days": m.days_at_home(today),
        "aim_on": m.aim_on,
        "over_aim": m.days_at_home(today) is not None and today >= m.aim_on,
        "perioden": m.perioden.all(),
        "plannen": m.plannen.select_related("eigenaar", "by"),
        "overleggen": m.overleggen.prefetch_related("afspraken"),
        "aanbiedingen": m.aanbiedingen.select_related("school"),
        "acties": m.leerplicht_acties.select_related("by"),
        "actie_form": tforms.LeerplichtActieForm(choices=choices, initial={"datum": today})
        if choices
        else None,
        "heropenen_form": tforms.HeropenenForm()
        if m.status in (ThuiszitterStatus.MONITORING, ThuiszitterStatus.AFGESLOTEN)
        and policies.can(user, "thuiszitter.reopen", m)
        else None,
        "may_uitschrijven": case.leerling.stamschool_id in policies.scope_of(user).schools,
    }
    return render(request, "thuiszitter/detail.html", ctx)


@login_required
@require_POST
def thuiszitter_actie(request, pk):
    m = _melding_for(request, pk)
    choices = _leerplicht_choices(request.user, m)
    if not choices:
        raise PermissionDenied
    return route_pages.case_action(
        request,
        m.case,
        "leerplicht_actie",
        invalid=_("Kies een actie, een datum en geef een toelichting."),
        success=_("Leerplichtactie vastgelegd."),
        detail_url="thuiszitter_detail",
        detail_pk=pk,
        choices=choices,
    )


thuiszitter_heropenen = route_pages.action_view(
    _melding_for,
    "heropenen",
    invalid=gettext_lazy("Geef de nieuwe eerste verzuimdag en een reden."),
    success=gettext_lazy("De melding is heropend."),
    detail_url="thuiszitter_detail",
)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def leerling_uitschrijven(request, pk):
    leerling = (
        policies.leerlingen_to_deregister(request.user).filter(pk=pk).select_related("stamschool").first()
    )
    if leerling is None:
        raise Http404
    scholen = School.objects.filter(swv_id=leerling.swv_id).exclude(pk=leerling.stamschool_id)
    form = tforms.UitschrijvingForm(request.POST or None, scholen=scholen, initial={"datum": clock.today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.uitschrijving_record(leerling=leerling, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            show_domain_error(request, form, exc)
        else:
            messages.success(request, _("%(leerling)s is uitgeschreven.") % {"leerling": leerling})
            return redirect("thuiszitter_list")
    return render(request, "thuiszitter/uitschrijven.html", {"form": form, "leerling": leerling})


# --- zorgplicht ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def aanmelding_new(request):
    if not creation.CREATION["zorgplicht"].allowed(request.user):
        raise PermissionDenied
    form = creation.make_page_form("zorgplicht", request)
    if request.method == "POST" and form.is_valid():
        try:
            a = creation.create(route="zorgplicht", by=request.user, data=form.cleaned_data)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        else:
            messages.success(request, _("Aanmelding vastgelegd: %(ref)s") % {"ref": a.case.reference})
            return redirect("aanmelding_detail", a.case_id)
    return render(request, "thuiszitter/aanmelding_new.html", {"form": form})


def _aanmelding_for(request, pk) -> Aanmelding:
    case = policies.visible_cases(request.user).filter(pk=pk, route=Route.ZORGPLICHT).first()
    if case is None:
        raise Http404
    return Aanmelding.objects.select_related("case", "case__leerling", "case__school").get(case=case)


@login_required
@require_safe
def aanmelding_detail(request, pk):
    a = _aanmelding_for(request, pk)
    case = a.case
    return render(
        request,
        "thuiszitter/aanmelding_detail.html",
        {
            **route_pages.case_page_context(request, case, what="dossier zorgplicht-aanmelding"),
            "aanmelding": a,
            "verlengen_form": tforms.VerlengenForm()
            if a.is_open and a.verlengd_op is None and policies.can(request.user, "zorgplicht.decide", a)
            else None,
        },
    )


aanmelding_verlengen = route_pages.action_view(
    _aanmelding_for,
    "zorgplicht_verlengen",
    invalid=gettext_lazy("Leg de schriftelijke kennisgeving aan de ouders vast."),
    success=gettext_lazy("De zorgplichttermijn is met 4 weken verlengd."),
    detail_url="aanmelding_detail",
)
