"""Records management pages: the vernietigingslijsten of the privacy officer and the archivaris (review:
take a case off with a reason, put a case on legal hold; approve; carry out), and the verklaring van
vernietiging as PDF. Thin: every change is a service call, every list goes through cases/policies.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from audit.services import log_read
from cases import archive, policies
from cases.errors import DomainError
from cases.letters import render_pdf
from cases.models import ArchiefRegel, Case, Swv, VernietigingsItem
from cases.models.case import Route
from cases.services import archief, vernietiging
from workflows.forms import ReasonForm


def _lijst_for(request, pk):
    lijst = policies.visible_destruction_lists(request.user).select_related("swv").filter(pk=pk).first()
    if lijst is None:
        raise Http404
    return lijst


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def lijsten(request):
    swvs = policies.destruction_swvs(request.user)
    if not swvs:
        raise Http404
    if request.method == "POST" and request.POST.get("actie") == "voorstellen":
        made = 0
        for swv in Swv.objects.filter(pk__in=swvs).order_by("pk"):
            if vernietiging.lijst_propose(swv=swv, by=request.user) is not None:
                made += 1
        if made:
            messages.success(
                request,
                ngettext("%(n)d lijst voorgesteld.", "%(n)d lijsten voorgesteld.", made) % {"n": made},
            )
        else:
            messages.info(request, _("Er zijn geen casussen die nu voor vernietiging in aanmerking komen."))
        return redirect("vernietigingslijsten")
    rows = policies.visible_destruction_lists(request.user).select_related("swv")[:200]
    own = (
        ArchiefRegel.objects.filter(swv_id__in=swvs).select_related("bevestigd_door")
        if len(swvs) == 1
        else ArchiefRegel.objects.none()
    )
    return render(
        request,
        "records/lijsten.html",
        {
            "lijsten": rows,
            "archiefregels": archive.defaults_table(own),
            "may_confirm_rules": len(swvs) == 1 and swvs <= policies.archive_rule_swvs(request.user),
        },
    )


@login_required
@require_http_methods(["POST"])
def archiefregel_bevestigen(request):
    """The archivaris confirms the archive rule of one result for their SWV (the default as it is, or the
    SWV's own rule); back to the vernietigingslijsten page with the outcome."""
    swvs = policies.archive_rule_swvs(request.user)
    if not swvs:
        raise Http404
    if len(swvs) > 1:
        messages.error(request, _("U bent archivaris van meer samenwerkingsverbanden: bevestig via de API."))
        return redirect("vernietigingslijsten")
    swv = Swv.objects.get(pk=next(iter(swvs)))
    try:
        regel = archief.regel_bevestigen(
            swv=swv,
            route=request.POST.get("route", "")[:20],
            resultaat=request.POST.get("resultaat", "")[:30],
            by=request.user,
        )
        messages.success(
            request,
            _("Archiefregel bevestigd: %(route)s, %(resultaat)s.")
            % {
                "route": Route(regel.route).label,
                "resultaat": archive.RESULTS[regel.route].types[regel.resultaat].label,
            },
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("vernietigingslijsten")


def _action(request, lijst):
    actie = request.POST.get("actie", "")
    item_pk = request.POST.get("item", "")
    item = None
    if item_pk.isdigit() and len(item_pk) < 16:
        item = VernietigingsItem.objects.filter(lijst=lijst, pk=int(item_pk)).select_related("case").first()
    reason = request.POST.get("reden", "").strip()[:300]
    if actie == "goedkeuren":
        lijst = vernietiging.lijst_approve(lijst=lijst, by=request.user)
        return (
            _("U heeft de lijst goedgekeurd.")
            if lijst.status == "voorgesteld"
            else _("De lijst is goedgekeurd (twee akkoorden) en kan worden uitgevoerd.")
        )
    if actie == "uitvoeren":
        n = vernietiging.lijst_execute(lijst=lijst, by=request.user)
        return ngettext("%(n)d casus vernietigd.", "%(n)d casussen vernietigd.", n) % {"n": n}
    if actie in ("verwijderen", "bewaarplicht") and item is None:
        raise DomainError(_("Deze casus staat niet op de lijst."))
    if actie == "verwijderen":
        vernietiging.item_remove(item=item, by=request.user, reason=reason)
        return _("De casus is van de lijst gehaald.")
    if actie == "bewaarplicht":
        if item.case is None:
            raise DomainError(_("Deze casus bestaat niet meer."))
        vernietiging.legal_hold_set(case=item.case, by=request.user, reason=reason)
        return _("De casus staat onder bewaarplicht en is van de lijst gehaald.")
    raise DomainError(_("Onbekende actie."))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def lijst(request, pk):
    lijst = _lijst_for(request, pk)
    if request.method == "POST":
        try:
            messages.success(request, _action(request, lijst))
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("vernietigingslijst", lijst.pk)
    items = lijst.items.select_related("by", "case").order_by("status", "archiefactiedatum", "pk")
    return render(
        request,
        "records/lijst.html",
        {
            "lijst": lijst,
            "items": items,
            "akkoorden": lijst.akkoorden.select_related("by").order_by("at"),
            "approved_by_me": lijst.akkoorden.filter(by=request.user).exists(),
            "needed": vernietiging.APPROVALS_NEEDED,
        },
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def verklaring(request, pk):
    lijst = _lijst_for(request, pk)
    if lijst.status != "uitgevoerd":
        raise Http404
    pdf = render_pdf(
        "verklaring_vernietiging.html",
        {
            "lijst": lijst,
            "vernietigd": lijst.items.filter(status="vernietigd").order_by("reference"),
            "niet": lijst.items.exclude(status="vernietigd").order_by("reference"),
            "akkoorden": lijst.akkoorden.select_related("by").order_by("at"),
        },
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="verklaring-van-vernietiging-{lijst.pk}.pdf"'
    return response


# --- one case's archive card: its archive dates and its legal hold ------------------------------------------


def _archived_case(request, pk):
    """A case of an SWV whose records this user manages (privacy officer, archivaris): its archive card shows
    reference, route, result and dates, never the dossier."""
    case = Case.objects.filter(pk=pk, swv_id__in=policies.destruction_swvs(request.user)).first()
    if case is None:
        raise Http404
    return case


@login_required
@require_http_methods(["GET", "HEAD"])
def casus_zoeken(request):
    """Find a case's archive card by its kenmerk (from the vernietigingslijsten page)."""
    swvs = policies.destruction_swvs(request.user)
    if not swvs:
        raise Http404
    kenmerk = request.GET.get("kenmerk", "").strip()[:40]
    case = Case.objects.filter(swv_id__in=swvs, reference__iexact=kenmerk).first() if kenmerk else None
    if case is None:
        messages.error(request, _("Geen casus met dit kenmerk in uw samenwerkingsverband."))
        return redirect("vernietigingslijsten")
    return redirect("archief_casus", case.pk)


@login_required
@require_http_methods(["GET", "HEAD"])
def casus(request, pk):
    case = _archived_case(request, pk)
    log_read(request, case=case, what="archiefkaart")
    items = VernietigingsItem.objects.filter(case=case).select_related("lijst").order_by("-pk")
    return render(
        request,
        "records/casus.html",
        {
            "case": case,
            "items": items,
            "legal_hold_form": ReasonForm(prefix="bewaarplicht"),
            "may_view_dossier": policies.can_view_case(request.user, case),
        },
    )


@login_required
@require_http_methods(["POST"])
def bewaarplicht(request, pk):
    """Put a case on legal hold or lift it, with a reason (`actie` opleggen / opheffen); back to the case's
    page when this user may read it, else to its archive card."""
    case = _archived_case(request, pk)
    form = ReasonForm(request.POST, prefix="bewaarplicht")
    actie = request.POST.get("actie", "")
    if not form.is_valid():
        messages.error(request, _("Geef een reden."))
    elif actie not in ("opleggen", "opheffen"):
        messages.error(request, _("Onbekende actie."))
    else:
        reason = form.cleaned_data["reason"]
        try:
            if actie == "opleggen":
                vernietiging.legal_hold_set(case=case, by=request.user, reason=reason)
                messages.success(request, _("De casus staat onder bewaarplicht; zij wordt niet vernietigd."))
            else:
                vernietiging.legal_hold_lift(case=case, by=request.user, reason=reason)
                messages.success(request, _("De bewaarplicht is opgeheven."))
        except DomainError as exc:
            messages.error(request, exc.message)
    if policies.can_view_case(request.user, case):
        return redirect("case_detail", case.pk)
    return redirect("archief_casus", case.pk)
