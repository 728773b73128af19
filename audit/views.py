"""Auditor views (read-only): cases and their full timeline, exports, and the read-access log."""

from __future__ import annotations

import io

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from audit import selectors
from audit.selectors import _aware
from audit.services import log_read
from cases import policies
from cases.models import Leerling, School
from cases.models.case import Route
from cases.validators import PlausibleDate
from reports import exports
from workflows.widgets import DateInput


class PeriodForm(forms.Form):
    van = forms.DateField(
        validators=[PlausibleDate(years=1)],
        label=gettext_lazy("Van"),
        required=False,
        widget=DateInput(),
    )
    tot = forms.DateField(
        validators=[PlausibleDate(years=1)],
        label=gettext_lazy("Tot en met"),
        required=False,
        widget=DateInput(),
    )


class CaseFilterForm(PeriodForm):
    route = forms.ChoiceField(label=gettext_lazy("Route"), required=False)
    school = forms.ModelChoiceField(
        label=gettext_lazy("Organisatie (school)"), queryset=School.objects.none(), required=False
    )
    user = forms.ModelChoiceField(
        label=gettext_lazy("Gebruiker"), queryset=get_user_model().objects.none(), required=False
    )

    def __init__(self, *args, swvs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["route"].choices = [("", "---------"), *Route.choices]
        schools = School.objects.order_by("name")
        users = get_user_model().objects.order_by("username")
        if swvs is not None:
            schools = schools.filter(swv_id__in=swvs)
            users = users.filter(memberships__swv_id__in=swvs).distinct()
        self.fields["school"].queryset = schools
        self.fields["user"].queryset = users


class AccessFilterForm(PeriodForm):
    gebruiker = forms.CharField(label=gettext_lazy("Gebruikersnaam"), required=False)
    kenmerk = forms.CharField(label=gettext_lazy("Kenmerk casus"), required=False)


def _require_auditor(user):
    swvs = policies.audit_swvs(user)
    if swvs is not None and not swvs:
        raise Http404
    return swvs


def _require_access_log(user):
    swvs = policies.access_log_swvs(user)
    if swvs is not None and not swvs:
        raise Http404
    return swvs


@login_required
@require_safe
def case_list(request):
    swvs = _require_auditor(request.user)
    form = CaseFilterForm(request.GET or None, swvs=swvs)
    qs = policies.audit_cases(request.user).select_related("leerling", "school", "swv").order_by("-opened_at")
    if form.is_bound and form.is_valid():
        params = {k: v for k, v in form.cleaned_data.items() if v}
        params = {k: getattr(v, "pk", v) for k, v in params.items()}
        qs = selectors.filter_cases(qs, params)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "audit/case_list.html", {"form": form, "page": page, "query": query.urlencode()})


def _audit_case(request, pk):
    case = (
        policies.audit_cases(request.user).filter(pk=pk).select_related("leerling", "school", "swv").first()
    )
    if case is None:
        raise Http404
    return case


@login_required
@require_safe
def case_timeline(request, pk):
    _require_auditor(request.user)
    case = _audit_case(request, pk)
    form = PeriodForm(request.GET or None)
    van = tot = None
    if form.is_bound and form.is_valid():
        van, tot = form.cleaned_data["van"], form.cleaned_data["tot"]
    user_id = request.GET.get("user")
    user_id = int(user_id) if user_id and user_id.isdigit() else None
    lines = selectors.timeline(case, van=van, tot=tot, user_id=user_id)
    fmt = request.GET.get("format", "")
    deadlines = case.deadlines.order_by("pk")
    if fmt == "csv":
        log_read(request, case=case, what="audit: casushistorie export CSV")
        header = [_("Tijdstip"), _("Soort"), _("Wie"), _("Wat"), _("Toelichting")]
        rows = (
            [timezone.localtime(li.at).isoformat(timespec="seconds"), li.source, li.who, li.what, li.detail]
            for li in lines
        )
        return exports.csv_response(f"historie-{case.reference}", [header, *rows])
    ctx = {"case": case, "lines": lines, "deadlines": deadlines, "form": form}
    if fmt == "pdf":
        from xhtml2pdf import pisa

        log_read(request, case=case, what="audit: casushistorie export PDF")
        html = render_to_string("audit/case_timeline_pdf.html", ctx, request=request)
        buf = io.BytesIO()
        pisa.CreatePDF(html, dest=buf, encoding="utf-8")
        response = HttpResponse(buf.getvalue(), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="historie-{case.reference}.pdf"'
        response["Cache-Control"] = "private, no-store"
        return response
    log_read(request, case=case, what="audit: volledige casushistorie")
    ctx["reads"] = (
        policies.visible_access_log(request.user).filter(case_id=case.pk).select_related("user")[:200]
    )
    return render(request, "audit/case_timeline.html", ctx)


def _access_rows(request, qs):
    form = AccessFilterForm(request.GET or None)
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        if d["van"]:
            qs = qs.filter(at__gte=_aware(d["van"]))
        if d["tot"]:
            qs = qs.filter(at__lte=_aware(d["tot"], end=True))
        if d["gebruiker"]:
            qs = qs.filter(user__username__icontains=d["gebruiker"])
        if d["kenmerk"]:
            qs = qs.filter(case_reference__icontains=d["kenmerk"])
    page = Paginator(qs.select_related("user"), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return form, page, query.urlencode()


@login_required
@require_safe
def access_log(request):
    _require_access_log(request.user)
    form, page, query = _access_rows(request, policies.visible_access_log(request.user))
    return render(request, "audit/access_log.html", {"form": form, "page": page, "query": query})


@login_required
@require_safe
def pupil_access(request, pk):
    _require_access_log(request.user)
    leerling = Leerling.objects.filter(pk=pk).first()
    if leerling is None or not policies.may_view_pupil_access(request.user, leerling):
        raise Http404
    log_read(request, leerling=leerling, what="inzagerapport leerling")
    qs = policies.visible_access_log(request.user).filter(leerling_id=leerling.pk)
    form, page, query = _access_rows(request, qs)
    return render(
        request, "audit/access_log.html", {"form": form, "page": page, "query": query, "leerling": leerling}
    )


@login_required
@require_safe
def pupil_inzage_export(request, pk):
    """AVG art. 15: everything held about one pupil as JSON, for the privacy officer (and auditors)."""
    import json

    from audit.privacy import leerling_inzage

    _require_access_log(request.user)
    leerling = Leerling.objects.filter(pk=pk).first()
    if leerling is None or not policies.may_view_pupil_access(request.user, leerling):
        raise Http404
    log_read(request, leerling=leerling, what="AVG-inzage export (JSON)")
    inzage = leerling_inzage(leerling=leerling, user=request.user)  # person numbers by the one rule
    body = json.dumps(inzage, ensure_ascii=False, indent=2, default=str)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="inzage-leerling-{leerling.pk}.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_safe
def membership_changes(request):
    """For the privacy officer: every change to a membership of a privileged role in their SWV (who gave
    whom which role, when), from the memberships' history."""
    swvs = policies.membership_changes_swvs(request.user)
    if swvs is not None and not swvs:
        raise Http404
    page = Paginator(policies.membership_changes(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "audit/membership_changes.html", {"page": page})
