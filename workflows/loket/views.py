"""Loket pages: the list of support requests, a new request, the case page and the budget overview. Thin:
services change state, cases/policies.py decides what is visible. Tasks are completed on the generic
work-item page (workflows/inbox/views.py), which completes them through workflows/registry.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from cases import clock, loket_criteria, policies
from cases.errors import DomainError
from cases.models import Ondersteuningsaanvraag, Swv
from cases.models.case import Route
from cases.models.loket import CRITERIA_SOORTEN, AanvraagStatus, AanvraagType, AdviesvraagStatus, Toetsdomein
from cases.services import loket
from workflows import route_pages
from workflows.dossier.views import current_documents, document_form, may_add_documents
from workflows.loket import forms as lforms


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
    toetsing = loket.assessment(a)
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
            "toetsing": toetsing,
            "toetsing_voldaan": loket_criteria.passes(toetsing),
            "toetsuitslagen": [
                {**u, "label": Toetsdomein(u["domein"]).label}
                for u in (a.toetsgegevens or {}).get("uitslagen", [])
            ],
            "toets_form": lforms.ToetsgegevensForm(initial=_toets_initial(a))
            if _may_record_tests(request.user, a)
            else None,
            "documents": current_documents(case),
            "may_upload": may_add_documents(request.user, case),
            "document_form": document_form(request.user, case),
        },
    )


def _may_record_tests(user, a) -> bool:
    if a.aanvraag_type.arrangement_soort not in CRITERIA_SOORTEN:
        return False
    if a.status == AanvraagStatus.CONCEPT:
        return policies.can(user, "loket.submit", a)
    return a.status == AanvraagStatus.IN_BEHANDELING and policies.can(user, "loket.decide", a)


def _toets_initial(a) -> dict:
    initial = {"iq": (a.toetsgegevens or {}).get("iq")}
    for u in (a.toetsgegevens or {}).get("uitslagen", []):
        initial[f"instrument_{u['domein']}"] = u["instrument"]
        initial[f"dle_{u['domein']}"] = u["dle"]
    return initial


@login_required
@require_http_methods(["POST"])
def loket_toetsgegevens(request, pk):
    """LWOO / PrO: record the test results from the request's page."""
    case = route_pages.route_case_or_404(request, pk, Route.LOKET)
    a = Ondersteuningsaanvraag.objects.select_related("case", "aanvraag_type").get(case=case)
    form = lforms.ToetsgegevensForm(request.POST)
    if not form.is_valid():
        errors = "; ".join(str(e) for errs in form.errors.values() for e in errs)
        messages.error(request, _("Controleer de invoer: %(errors)s") % {"errors": errors})
        return redirect("loket_detail", case.pk)
    try:
        loket.toetsgegevens_record(aanvraag=a, by=request.user, **form.service_data())
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Toetsgegevens vastgelegd en getoetst aan de criteria."))
    return redirect("loket_detail", case.pk)


def _report_period(request):
    from reports.selectors import quarter_end
    from workflows.schakel.forms import KwartaalForm

    form = KwartaalForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return form, form.cleaned_data["jaar"], form.cleaned_data["kwartaal"]
    last = quarter_end(clock.today())
    jaar, kwartaal = last.year, (last.month - 1) // 3 + 1
    return KwartaalForm(initial={"jaar": jaar, "kwartaal": kwartaal}), jaar, kwartaal


@login_required
@require_safe
def loket_report_page(request):
    """Requests per type and school, decision times against the term, arrangements running and ending,
    evaluation outcomes: one quarter, for SWV staff and auditors."""
    from audit.services import log_read
    from reports.loket import loket_report

    if not policies.loket_staff_swvs(request.user):
        raise PermissionDenied
    form, jaar, kwartaal = _report_period(request)
    log_read(request, what=f"loket rapportage {jaar}-Q{kwartaal}")
    return render(
        request,
        "loket/report.html",
        {
            "form": form,
            "report": loket_report(user=request.user, jaar=jaar, kwartaal=kwartaal),
            "export_query": f"jaar={jaar}&kwartaal={kwartaal}",
        },
    )


@login_required
@require_safe
def loket_report_export(request):
    """The loket report of one quarter as a CSV file (the same figures as the page)."""
    from audit.services import log_read
    from reports import exports
    from reports.loket import loket_report, loket_report_table

    if not policies.loket_staff_swvs(request.user):
        raise PermissionDenied
    _form, jaar, kwartaal = _report_period(request)
    log_read(request, what=f"loket rapportage {jaar}-Q{kwartaal} (CSV)")
    table = loket_report_table(loket_report(user=request.user, jaar=jaar, kwartaal=kwartaal))
    return exports.csv_response(f"loket-rapportage-{jaar}-Q{kwartaal}", table)


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


# --- advice and consultation questions ------------------------------------------------------------------


def _vraag_or_404(request, pk):
    vraag = (
        policies.visible_adviesvragen(request.user)
        .select_related("swv", "school", "leerling", "gesteld_door", "beantwoord_door", "aanvraag__case")
        .filter(pk=pk)
        .first()
    )
    if vraag is None:
        raise Http404
    return vraag


def _vraag_form_kwargs(user) -> dict:
    return {
        "scholen": policies.loket_request_schools(user),
        "leerlingen": policies.pickable_leerlingen(user, route="loket"),
    }


def _convert_form_kwargs(user, vraag) -> dict:
    leerlingen = policies.pickable_leerlingen(user, route="loket")
    if vraag.leerling_id:
        leerlingen = leerlingen.filter(pk=vraag.leerling_id)
    return {"leerlingen": leerlingen, "typen": AanvraagType.objects.filter(swv=vraag.swv, actief=True)}


@login_required
@require_safe
def vraag_list(request):
    """The questions this user may see: the school's own, or all of the SWV for its staff."""
    qs = policies.visible_adviesvragen(request.user).select_related("school", "aanvraag__case")
    status = request.GET.get("status", "")
    if status in AdviesvraagStatus.values:
        qs = qs.filter(status=status)
    return render(
        request,
        "loket/vragen.html",
        {
            "vragen": qs.order_by("status", "antwoord_uiterlijk", "-pk")[:500],
            "status": status,
            "statussen": AdviesvraagStatus.choices,
            "may_ask": bool(policies.loket_request_schools(request.user).exists()),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def vraag_new(request):
    kwargs = _vraag_form_kwargs(request.user)
    if not kwargs["scholen"].exists():
        raise PermissionDenied
    form = lforms.AdviesvraagForm(request.POST or None, **kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            vraag = loket.adviesvraag_create(by=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        else:
            messages.success(
                request,
                _("Vraag gesteld: %(ref)s. Het loket antwoordt uiterlijk %(due)s.")
                % {"ref": vraag.reference, "due": date_format(vraag.antwoord_uiterlijk, "j F Y")},
            )
            return redirect("loket_vraag_detail", vraag.pk)
    return render(request, "loket/vraag_new.html", {"form": form})


@login_required
@require_safe
def vraag_detail(request, pk):
    from audit.services import log_read

    vraag = _vraag_or_404(request, pk)
    log_read(request, leerling=vraag.leerling, swv_id=vraag.swv_id, what=f"adviesvraag {vraag.reference}")
    may_answer = vraag.status == AdviesvraagStatus.GESTELD and policies.can(
        request.user, "adviesvraag.answer", vraag
    )
    may_convert = (
        vraag.status != AdviesvraagStatus.OMGEZET
        and vraag.betreft == "leerling"
        and policies.can(request.user, "adviesvraag.convert", vraag)
    )
    return render(
        request,
        "loket/vraag_detail.html",
        {
            "vraag": vraag,
            "answer_form": lforms.AntwoordForm() if may_answer else None,
            "convert_form": lforms.OmzettenForm(**_convert_form_kwargs(request.user, vraag))
            if may_convert
            else None,
        },
    )


def _vraag_action(request, pk, form, perform, success):
    """A question's action posted from its page: the form, the one service call, a message on the page."""
    vraag = _vraag_or_404(request, pk)
    bound = form(request.POST, vraag)
    if not bound.is_valid():
        errors = "; ".join(str(e) for errs in bound.errors.values() for e in errs)
        messages.error(request, _("Controleer de invoer: %(errors)s") % {"errors": errors})
        return redirect("loket_vraag_detail", vraag.pk)
    try:
        result = perform(vraag, bound.cleaned_data)
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return redirect("loket_vraag_detail", vraag.pk)
    return success(vraag, result)


@login_required
@require_http_methods(["POST"])
def vraag_answer(request, pk):
    def done(vraag, _result):
        messages.success(request, _("Antwoord vastgelegd."))
        return redirect("loket_vraag_detail", vraag.pk)

    return _vraag_action(
        request,
        pk,
        lambda data, _vraag: lforms.AntwoordForm(data),
        lambda vraag, d: loket.adviesvraag_answer(vraag=vraag, by=request.user, **d),
        done,
    )


@login_required
@require_http_methods(["POST"])
def vraag_convert(request, pk):
    def done(_vraag, aanvraag):
        messages.success(
            request,
            _("Omgezet in ondersteuningsaanvraag %(ref)s. Voeg de documenten toe en dien de aanvraag in.")
            % {"ref": aanvraag.case.reference},
        )
        return redirect("loket_detail", aanvraag.case_id)

    return _vraag_action(
        request,
        pk,
        lambda data, vraag: lforms.OmzettenForm(data, **_convert_form_kwargs(request.user, vraag)),
        lambda vraag, d: loket.adviesvraag_convert(vraag=vraag, by=request.user, **d),
        done,
    )
