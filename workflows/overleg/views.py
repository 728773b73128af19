"""Case-table pages: the list, planning a meeting, and the meeting's page with its participants, agenda,
minutes and agreements. Thin: cases/services/overleg.py changes state, cases/policies.py decides what is
visible. An agreement's task is completed on the generic work-item page (workflows/registry.py)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from audit.services import log_read
from cases import clock, policies
from cases.errors import DomainError
from cases.models import (
    Agendapunt,
    Case,
    Gemeente,
    Membership,
    Overleg,
    OverlegSoort,
    OverlegStatus,
    School,
    Swv,
)
from cases.services import overleg as services
from workflows import listing
from workflows.overleg import forms as oforms


def visible_overleg(user, pk) -> Overleg:
    """The meeting `pk` if this user may open it; 404 otherwise (no hint that it exists)."""
    o = (
        policies.visible_overleggen(user)
        .select_related("swv", "voorzitter", "created_by")
        .filter(pk=pk)
        .first()
    )
    if o is None:
        raise Http404
    return o


def plan_swvs(user):
    return Swv.objects.filter(pk__in=policies.overleg_swvs(user) | _school_swvs(user)).order_by("name")


def _school_swvs(user) -> set[int]:
    scope = policies.scope_of(user)
    return set(scope.swvs_by_role.get("school", frozenset())) if scope.schools else set()


def swv_people(swv_ids):
    """Active users with a membership in these SWVs (chairs, participants, agreement owners)."""
    members = Membership.objects.filter(swv_id__in=list(swv_ids)).values("user_id")
    return get_user_model().objects.filter(is_active=True, pk__in=members).order_by("last_name", "first_name")


def open_cases(user, swv_ids):
    """Open cases of these SWVs that this user may see (what may go on an agenda)."""
    return (
        policies.visible_cases(user)
        .filter(swv_id__in=list(swv_ids), closed_at__isnull=True)
        .select_related("leerling", "school")
        .order_by("-opened_at", "-pk")
    )


def _plan_form(request, data=None, initial=None):
    swvs = plan_swvs(request.user)
    ids = list(swvs.values_list("pk", flat=True))
    return oforms.PlanForm(
        data,
        initial=initial,
        swvs=swvs,
        voorzitters=swv_people(ids),
        cases=open_cases(request.user, ids),
    )


@login_required
@require_safe
def casustafels(request):
    qs = (
        policies.visible_overleggen(request.user)
        .select_related("swv", "voorzitter")
        .order_by("-datum", "-pk")
    )
    status = request.GET.get("status", "")
    if status in OverlegStatus.values:
        qs = qs.filter(status=status)
    soort = request.GET.get("soort", "")
    if soort in OverlegSoort.values:
        qs = qs.filter(soort=soort)
    page, more = listing.paginate(request, qs)
    log_read(request, what="lijst casustafels")
    return render(
        request,
        "overleg/list.html",
        {
            "overleggen": page,
            "page": page,
            "extra": more,
            "status": status,
            "soort": soort,
            "statussen": OverlegStatus.choices,
            "soorten": OverlegSoort.choices,
            "may_plan": bool(plan_swvs(request.user).exists()),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def overleg_plan(request):
    if not plan_swvs(request.user).exists():
        raise PermissionDenied
    if request.method != "POST":
        initial = {"datum": clock.today(), "vervolg_weken": 4}
        case_id = request.GET.get("casus", "")
        if case_id.isdigit():
            initial["casussen"] = [int(case_id)]
        return render(request, "overleg/plan.html", {"form": _plan_form(request, initial=initial)})
    form = _plan_form(request, request.POST)
    if form.is_valid():
        try:
            o = plan_from_form(request.user, form.cleaned_data)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        else:
            messages.success(request, _("Overleg gepland: %(overleg)s.") % {"overleg": o})
            return redirect("overleg_detail", o.pk)
    return render(request, "overleg/plan.html", {"form": form})


def plan_from_form(user, d: dict) -> Overleg:
    """The plan page's and the API's one service call."""
    return services.overleg_plan(
        by=user,
        swv=d["swv"],
        soort=d["soort"],
        datum=d["datum"],
        tijd=d.get("tijd"),
        plaats=d.get("plaats", ""),
        voorzitter=d["voorzitter"],
        vervolg_weken=d["vervolg_weken"],
        agenda=[
            {"case": c, "vraag": d.get("vraag", ""), "anoniem": d.get("anoniem", False)}
            for c in sorted(d["casussen"], key=lambda c: c.pk)  # the agenda in the order the cases opened
        ],
    )


# --- the meeting's page -------------------------------------------------------------------------------------


def form_kwargs(o: Overleg, user) -> dict:
    """The choices each form of a meeting offers this user (also the API's input validation)."""
    swv_ids = {o.swv_id}
    schools = School.objects.filter(swv_id=o.swv_id).order_by("name")
    return {
        "deelnemer": {
            "users": swv_people(swv_ids),
            "schools": schools,
            "gemeenten": Gemeente.objects.filter(swvs=o.swv_id).order_by("name"),
        },
        "agendapunt": {"cases": open_cases(user, swv_ids).exclude(agendapunten__overleg=o)},
        "record": {"deelnemers": o.deelnemers.all()},
        "afspraak": {"users": swv_people(swv_ids), "schools": schools},
    }


def agenda_rows(user, o: Overleg) -> list[Agendapunt]:
    return list(
        policies.visible_agendapunten(user, o)
        .select_related("case", "case__leerling", "case__school", "consent", "terugkoppeling")
        .prefetch_related(
            "afspraken",
            "afspraken__eigenaar",
            "afspraken__eigenaar_school",
            "afspraken__eigenaar_gemeente",
            "afspraken__work_item",
        )
    )


@login_required
@require_safe
def overleg_detail(request, pk):
    o = visible_overleg(request.user, pk)
    punten = agenda_rows(request.user, o)
    log_read(request, what=f"casustafel {o.pk}", swv_id=o.swv_id)
    for p in punten:  # each case on the agenda that this reader sees is a dossier read
        log_read(request, case=p.case, what=f"agendapunt casustafel {o.pk}")
    manage = policies.may_manage_overleg(request.user, o)
    kwargs = form_kwargs(o, request.user)
    status = o.status
    if manage and status == OverlegStatus.GEHOUDEN:  # per agenda item: its minutes and a new agreement
        for p in punten:
            p.verslag_form = oforms.PuntVerslagForm(
                prefix=f"p{p.pk}",
                initial={
                    "verslag": p.verslag,
                    "ouders_aanwezig": {True: "1", False: "0"}.get(p.ouders_aanwezig, ""),
                },
            )
            p.afspraak_form = oforms.AfspraakForm(prefix=f"a{p.pk}", **kwargs["afspraak"])
    return render(
        request,
        "overleg/detail.html",
        {
            "overleg": o,
            "deelnemers": o.deelnemers.select_related("user", "school", "gemeente"),
            "punten": punten,
            "hidden_items": o.agendapunten.count() - len(punten),
            "may_manage": manage,
            "deelnemer_form": oforms.DeelnemerForm(**kwargs["deelnemer"])
            if manage and status in (OverlegStatus.GEPLAND, OverlegStatus.GEHOUDEN)
            else None,
            "agendapunt_form": oforms.AgendapuntForm(**kwargs["agendapunt"])
            if manage and status in (OverlegStatus.GEPLAND, OverlegStatus.GEHOUDEN)
            else None,
            "record_form": oforms.RecordForm(**kwargs["record"])
            if manage and status == OverlegStatus.GEPLAND and o.datum <= clock.today()
            else None,
            "cancel_form": oforms.CancelForm() if manage and status == OverlegStatus.GEPLAND else None,
            "close_form": oforms.ReasonForm() if manage and status == OverlegStatus.GEHOUDEN else None,
            "may_add_minutes": manage and status == OverlegStatus.GEHOUDEN,
        },
    )


def _post(request, o: Overleg, form, perform, success: str, invalid: str):
    """A form posted from the meeting's page: its service call; the outcome is a message on the page."""
    if not form.is_valid():
        errors = "; ".join(str(e) for errs in form.errors.values() for e in errs)
        messages.error(request, f"{invalid} {errors}".strip())
        return redirect("overleg_detail", o.pk)
    try:
        perform(form.cleaned_data)
        messages.success(request, success)
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("overleg_detail", o.pk)


def _managed(request, pk) -> Overleg:
    o = visible_overleg(request.user, pk)
    if not policies.may_manage_overleg(request.user, o):
        raise PermissionDenied
    return o


def _punt(o: Overleg, punt_pk) -> Agendapunt:
    punt = o.agendapunten.select_related("case", "overleg").filter(pk=punt_pk).first()
    if punt is None:
        raise Http404
    return punt


@login_required
@require_POST
def overleg_deelnemer_add(request, pk):
    o = _managed(request, pk)
    form = oforms.DeelnemerForm(request.POST, **form_kwargs(o, request.user)["deelnemer"])
    return _post(
        request,
        o,
        form,
        lambda d: services.deelnemer_add(overleg=o, by=request.user, **d),
        _("Deelnemer toegevoegd."),
        _("De deelnemer is niet toegevoegd."),
    )


@login_required
@require_POST
def overleg_agendapunt_add(request, pk):
    o = _managed(request, pk)
    form = oforms.AgendapuntForm(request.POST, **form_kwargs(o, request.user)["agendapunt"])
    return _post(
        request,
        o,
        form,
        lambda d: services.agendapunt_add(overleg=o, by=request.user, **d),
        _("Casus op de agenda gezet."),
        _("De casus is niet op de agenda gezet."),
    )


@login_required
@require_POST
def overleg_record(request, pk):
    o = _managed(request, pk)
    form = oforms.RecordForm(request.POST, **form_kwargs(o, request.user)["record"])
    return _post(
        request,
        o,
        form,
        lambda d: services.overleg_record(
            overleg=o, by=request.user, verslag=d["verslag"], aanwezig=[x.pk for x in d["aanwezig"]]
        ),
        _("Overleg vastgelegd. Leg nu per casus het verslag en de afspraken vast."),
        _("Het overleg is niet vastgelegd."),
    )


@login_required
@require_POST
def overleg_punt_verslag(request, pk, punt):
    o = _managed(request, pk)
    p = _punt(o, punt)
    form = oforms.PuntVerslagForm(request.POST, prefix=f"p{p.pk}")
    return _post(
        request,
        o,
        form,
        lambda d: services.agendapunt_record(punt=p, by=request.user, **d),
        _("Verslag vastgelegd."),
        _("Het verslag is niet vastgelegd."),
    )


@login_required
@require_POST
def overleg_afspraak_add(request, pk, punt):
    o = _managed(request, pk)
    p = _punt(o, punt)
    form = oforms.AfspraakForm(request.POST, prefix=f"a{p.pk}", **form_kwargs(o, request.user)["afspraak"])
    return _post(
        request,
        o,
        form,
        lambda d: services.afspraak_add(punt=p, by=request.user, **d),
        _("Afspraak vastgelegd; de taak staat bij de eigenaar."),
        _("De afspraak is niet vastgelegd."),
    )


@login_required
@require_POST
def overleg_close(request, pk):
    o = _managed(request, pk)
    return _post(
        request,
        o,
        oforms.ReasonForm(request.POST),
        lambda d: services.overleg_close(overleg=o, by=request.user, reason=d["reason"]),
        _("Verslag afgesloten."),
        _("Het overleg is niet afgesloten."),
    )


@login_required
@require_POST
def overleg_cancel(request, pk):
    o = _managed(request, pk)
    return _post(
        request,
        o,
        oforms.CancelForm(request.POST),
        lambda d: services.overleg_cancel(overleg=o, by=request.user, reason=d["reason"]),
        _("Overleg geannuleerd."),
        _("Het overleg is niet geannuleerd."),
    )


def case_tables(request, case: Case) -> dict:
    """The case-tables block of a route's case page: the meetings of this case the reader may open, and
    whether they may plan one with this case on the agenda."""
    return {
        "case_tables": list(services.overleggen_of_case(case, request.user)),
        "may_plan_case_table": policies.may_plan_overleg(request.user, case.swv_id),
    }
