"""Staff pages for a pupil's ouders/verzorgers and consents, reached from the pupil page.

Thin: every lookup goes through cases.policies (visible_leerlingen, may_manage_ouders), every change through
cases/services/ouders.py or consent.py; every opening is logged in the access log.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from audit.services import log_read
from cases import clock, policies
from cases.errors import DomainError
from cases.models import Consent, Ouder
from cases.services import consent as consent_services
from cases.services import ouders as ouder_services
from parents.forms import ConsentForm, OuderForm, WithdrawForm


def _leerling(user, pk):
    leerling = policies.visible_leerlingen(user).filter(pk=pk).select_related("swv").first()
    if leerling is None:
        raise Http404
    return leerling


def _ouder(user, pk) -> Ouder:
    ouder = Ouder.objects.select_related("leerling").filter(pk=pk).first()
    if ouder is None or not policies.visible_leerlingen(user).filter(pk=ouder.leerling_id).exists():
        raise Http404
    return ouder


def _managed(user, leerling):
    if not policies.may_manage_ouders(user, leerling):
        raise PermissionDenied


def _form_errors(form, exc: DomainError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def ouder_new(request, pk):
    leerling = _leerling(request.user, pk)
    _managed(request.user, leerling)
    if request.method != "POST":
        log_read(request, leerling=leerling, what="ouder/verzorger toevoegen")
    form = OuderForm(request.POST or None, initial=OuderForm.initial_for(None))
    if request.method == "POST" and form.is_valid():
        try:
            ouder = ouder_services.ouder_add(leerling=leerling, by=request.user, data=form.cleaned_data)
        except DomainError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Ouder/verzorger %(name)s toegevoegd.") % {"name": ouder.naam})
            return redirect("leerling_detail", leerling.pk)
    return render(
        request,
        "parents/ouder_form.html",
        {"form": form, "leerling": leerling, "ouder": None},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def ouder_edit(request, pk):
    ouder = _ouder(request.user, pk)
    leerling = ouder.leerling
    _managed(request.user, leerling)
    if request.method != "POST":
        log_read(request, leerling=leerling, what="ouder/verzorger wijzigen")
    form = OuderForm(request.POST or None, initial=OuderForm.initial_for(ouder))
    if request.method == "POST" and form.is_valid():
        try:
            ouder_services.ouder_change(ouder=ouder, by=request.user, data=form.cleaned_data)
        except DomainError as exc:
            _form_errors(form, exc)
        else:
            messages.success(
                request, _("Gegevens van %(name)s gewijzigd.") % {"name": form.cleaned_data["naam"]}
            )
            return redirect("leerling_detail", leerling.pk)
    return render(
        request,
        "parents/ouder_form.html",
        {"form": form, "leerling": leerling, "ouder": ouder},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def ouder_remove(request, pk):
    ouder = _ouder(request.user, pk)
    leerling = ouder.leerling
    _managed(request.user, leerling)
    if request.method == "POST":
        try:
            ouder_services.ouder_remove(ouder=ouder, by=request.user)
        except DomainError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("%(name)s is verwijderd als ouder/verzorger.") % {"name": ouder.naam})
        return redirect("leerling_detail", leerling.pk)
    log_read(request, leerling=leerling, what="ouder/verzorger verwijderen")
    return render(request, "parents/ouder_remove.html", {"ouder": ouder, "leerling": leerling})


# --- consents ------------------------------------------------------------------------------------------


def _consent_kwargs(data: dict) -> dict:
    return {
        "purpose": data["purpose"],
        "gever": data["gever"],
        "ouder": data.get("ouder"),
        "gegeven_op": data["gegeven_op"],
        "wijze": data["wijze"],
        "case": data.get("case"),
        "document": data.get("document"),
        "uploaded": data.get("file"),
        "overleg": data.get("overleg", ""),
        "reikwijdte": data.get("reikwijdte", ""),
        "geldig_tot": data.get("geldig_tot"),
    }


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def consent_list(request, pk):
    """The pupil's consent register; those who manage the ouders record a new consent here."""
    leerling = _leerling(request.user, pk)
    may_manage = policies.may_manage_ouders(request.user, leerling)
    form = None
    if may_manage:
        form = ConsentForm(
            request.POST or None,
            request.FILES or None,
            leerling=leerling,
            user=request.user,
            initial={"gegeven_op": clock.today(), "gever": Consent.Gever.OUDER},
        )
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                consent = consent_services.consent_record(
                    leerling=leerling, by=request.user, **_consent_kwargs(form.cleaned_data)
                )
            except DomainError as exc:
                _form_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Toestemming vastgelegd: %(purpose)s.") % {"purpose": consent.get_purpose_display()},
                )
                return redirect("consent_list", leerling.pk)
    else:
        log_read(request, leerling=leerling, what="toestemmingen")
    today = clock.today()
    consents = [
        (c, c.is_valid_on(today))
        for c in leerling.consents.select_related("ouder", "case", "document").order_by("-gegeven_op", "-pk")
    ]
    return render(
        request,
        "parents/consent_list.html",
        {"leerling": leerling, "consents": consents, "form": form, "may_manage": may_manage},
        status=400 if form is not None and form.is_bound else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def consent_withdraw(request, pk):
    consent = Consent.objects.select_related("leerling").filter(pk=pk).first()
    if (
        consent is None
        or not policies.visible_leerlingen(request.user).filter(pk=consent.leerling_id).exists()
    ):
        raise Http404
    _managed(request.user, consent.leerling)
    if request.method != "POST":
        log_read(request, leerling=consent.leerling, what=f"toestemming {consent.pk} intrekken")
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            consent_services.consent_withdraw(
                consent_id=consent.pk, by=request.user, reason=form.cleaned_data["reden"]
            )
        except DomainError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(
                request,
                _("Toestemming ingetrokken: %(purpose)s.") % {"purpose": consent.get_purpose_display()},
            )
        return redirect("consent_list", consent.leerling_id)
    return render(request, "parents/consent_withdraw.html", {"consent": consent, "form": form})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def ouder_link(request, pk):
    """Send an ouder with gezag their personal link to their child's file (by e-mail, to their address)."""
    from cases.services import ouderportaal

    ouder = _ouder(request.user, pk)
    leerling = ouder.leerling
    _managed(request.user, leerling)
    if request.method == "POST":
        try:
            ouderportaal.ouder_link_issue(ouder=ouder, by=request.user)
        except DomainError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(
                request,
                _("Persoonlijke link gemaild naar %(name)s: %(days)s dagen geldig, één keer te gebruiken.")
                % {"name": ouder.naam, "days": ouderportaal.LINK_VALID.days},
            )
        return redirect("leerling_detail", leerling.pk)
    log_read(request, leerling=leerling, what="persoonlijke link voor een ouder")
    return render(request, "parents/ouder_link.html", {"ouder": ouder, "leerling": leerling})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def ouder_link_revoke(request, pk):
    """Revoke an ouder's unused personal link (it then opens nothing); a confirmation page first."""
    from cases.services import ouderportaal

    ouder = _ouder(request.user, pk)
    leerling = ouder.leerling
    _managed(request.user, leerling)
    if request.method == "POST":
        try:
            ouderportaal.ouder_link_revoke(ouder=ouder, by=request.user)
        except DomainError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(
                request, _("De persoonlijke link van %(name)s is ingetrokken.") % {"name": ouder.naam}
            )
        return redirect("leerling_detail", leerling.pk)
    log_read(request, leerling=leerling, what="persoonlijke link intrekken")
    return render(
        request,
        "parents/ouder_link_revoke.html",
        {"ouder": ouder, "leerling": leerling, "toegang": ouderportaal.open_link(ouder)},
    )


# --- the pupil's voice (hoorrecht) ----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def leerling_gehoord(request, pk):
    """The pupil's own view on one case: the entries, and for those who may, a form to record one."""
    from cases.models import LeerlingGehoord
    from cases.services import hoorrecht
    from parents.forms import LeerlingGehoordForm

    case = policies.visible_cases(request.user).select_related("leerling").filter(pk=pk).first()
    if case is None:
        raise Http404
    may_record = hoorrecht.may_record(request.user, case) and case.closed_at is None
    form = LeerlingGehoordForm(request.POST or None, initial={"gehoord_op": clock.today()})
    if request.method == "POST":
        if not may_record:
            raise PermissionDenied
        if form.is_valid():
            try:
                hoorrecht.hoorrecht_record(case=case, by=request.user, **form.cleaned_data)
            except DomainError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("De mening van de leerling is vastgelegd."))
                return redirect("leerling_gehoord", case.pk)
    else:
        log_read(request, case=case, what="mening van de leerling")
    entries = LeerlingGehoord.objects.filter(case=case).order_by("-gehoord_op", "-pk")
    return render(
        request,
        "parents/leerling_gehoord.html",
        {
            "case": case,
            "entries": entries,
            "form": form if may_record else None,
        },
        status=400 if form.is_bound else 200,
    )
