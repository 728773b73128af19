"""The parent's own view under /ouders/: a personal link plus the pupil's date of birth open a session that
reaches only their own child's cases (cases.policies.parent_visible_cases / parent_can).

The session carries a ParentPrincipal, not a Django user: staff pages and the API see an anonymous visitor.
Every page a parent opens is logged in the access log (via "ouder"); another child's id answers 404 exactly
like an id that does not exist, and the attempt is logged.
"""

from __future__ import annotations

import datetime as dt
import logging

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from audit.models import AccessLog
from audit.services import audit_append
from cases import clock, policies
from cases.errors import DomainError
from cases.models import Consent, Deadline, Document, Membership, Ontvanger, Ouder, OuderBericht
from cases.services import consent as consent_services
from cases.services import ouderportaal as portal
from cases.services.ouders import ouder_language
from parents.plain import plain_status
from workflows.widgets import DateInput

log = logging.getLogger("parents.portal")
SESSION_KEY = "ouderportaal"
PENDING_KEY = "ouderportaal_wacht"


# --- the session -------------------------------------------------------------------------------------


def principal_of(request) -> policies.ParentPrincipal | None:
    data = request.session.get(SESSION_KEY)
    if not data:
        return None
    try:
        until = dt.datetime.fromisoformat(data["until"])
        principal = policies.ParentPrincipal(
            ouder_id=int(data["ouder"]), leerling_id=int(data["leerling"]), swv_id=int(data["swv"])
        )
    except (KeyError, TypeError, ValueError):
        request.session.pop(SESSION_KEY, None)
        return None
    if clock.now() >= until or not portal.principal_still_valid(principal):
        request.session.pop(SESSION_KEY, None)
        return None
    return principal


def _start(request, principal: policies.ParentPrincipal) -> None:
    request.session.cycle_key()  # a new session id for the signed-in parent
    ouder = Ouder.objects.filter(pk=principal.ouder_id).first()
    request.session[SESSION_KEY] = {
        "ouder": principal.ouder_id,
        "leerling": principal.leerling_id,
        "swv": principal.swv_id,
        "until": (clock.now() + portal.SESSION_VALID).isoformat(),
        "taal": ouder_language(ouder),
    }


def _speak(request, taal: str | None):
    """The portal speaks the ouder's preferred language, unless the visitor chose one with the language
    switch (its cookie wins). Returns the language used."""
    supported = {code for code, _label in settings.LANGUAGES}
    if request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) in supported or taal not in supported:
        return request.LANGUAGE_CODE
    translation.activate(taal)
    request.LANGUAGE_CODE = taal
    return taal


def _in_language(view):
    """Render `view` in the language `_speak` chose and say so in Content-Language."""

    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.headers["Content-Language"] = request.LANGUAGE_CODE
        return response

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def parent_required(view):
    def wrapped(request, *args, **kwargs):
        principal = principal_of(request)
        if principal is None:
            return redirect("portal_start")
        request.parent = principal
        _speak(request, (request.session.get(SESSION_KEY) or {}).get("taal"))
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return never_cache(_in_language(wrapped))


def _log_read(request, *, what: str, case=None) -> None:
    principal = request.parent
    match = getattr(request, "resolver_match", None)
    AccessLog.objects.create(
        user=portal.portal_user(),
        at=clock.now(),
        swv_id=principal.swv_id,
        case_id=getattr(case, "pk", None),
        case_reference=getattr(case, "reference", "") or "",
        leerling_id=principal.leerling_id,
        what=str(what)[:200],
        view=(match.view_name if match else "")[:100],
        path=request.get_full_path()[:500],
        ip=request.META.get("REMOTE_ADDR") or None,
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
        via="ouder",
        ouder_id=principal.ouder_id,
    )


def _not_theirs(request, what: str, pk) -> Http404:
    """Another child's object (or none): 404 like a missing id, and the attempt is logged."""
    log.info("parent %s refused %s %s", request.parent.ouder_id, what, pk)
    audit_append(
        action="ouderportaal_geweigerd",
        payload={
            "ouder": request.parent.ouder_id,
            "wat": what,
            "id": str(pk)[:30],
            "pad": request.path[:200],
        },
    )
    return Http404()


def _case(request, pk):
    case = (
        policies.parent_visible_cases(request.parent)
        .select_related("swv", "school", "leerling")
        .filter(pk=pk)
        .first()
    )
    if case is None:
        raise _not_theirs(request, "casus", pk)
    return case


# --- signing in ----------------------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "HEAD"])
def portal_start(request):
    """The start page: open your personal link from the e-mail (no session, or it ended)."""
    if principal_of(request) is not None:
        return redirect("portal_home")
    return render(request, "parents/portal/start.html", status=200)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def portal_link(request, token):
    """GET shows a button (a mail scanner that follows the link does not spend it); POST spends it."""
    if request.method != "POST":
        return render(request, "parents/portal/link.html", {"token": token})
    try:
        toegang = portal.ouder_link_open(token=token)
    except DomainError as exc:
        return render(request, "parents/portal/start.html", {"error": exc.message}, status=400)
    request.session.pop(SESSION_KEY, None)
    request.session[PENDING_KEY] = toegang.pk
    return redirect("portal_verify")


class VerifyForm(forms.Form):
    geboortedatum = forms.DateField(
        label=gettext_lazy("Geboortedatum van uw kind"),
        widget=DateInput(),
        input_formats=["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"],
        error_messages={
            "invalid": gettext_lazy("Vul een datum in als dag-maand-jaar, bijvoorbeeld 14-03-2015.")
        },
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@_in_language
def portal_verify(request):
    toegang_id = request.session.get(PENDING_KEY)
    if not toegang_id:
        return redirect("portal_start")
    _speak(request, ouder_language(Ouder.objects.filter(toegangen__pk=toegang_id).first()))
    form = VerifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            principal = portal.ouder_link_verify(
                toegang_id=toegang_id, geboortedatum=form.cleaned_data["geboortedatum"]
            )
        except DomainError as exc:
            if exc.code != "ouderlink-controle" or "vervallen" in str(exc.message):
                request.session.pop(PENDING_KEY, None)
            form.add_error("geboortedatum" if exc.field else None, str(exc.message))
        else:
            request.session.pop(PENDING_KEY, None)
            _start(request, principal)
            return redirect("portal_home")
    return render(request, "parents/portal/verify.html", {"form": form}, status=400 if form.errors else 200)


@require_http_methods(["POST"])
def portal_logout(request):
    request.session.pop(SESSION_KEY, None)
    request.session.pop(PENDING_KEY, None)
    messages.info(request, _("U bent afgemeld."))
    return redirect("portal_start")


# --- what a signed-in parent sees -----------------------------------------------------------------------


@require_http_methods(["GET", "HEAD"])
@parent_required
def portal_home(request):
    principal = request.parent
    ouder = Ouder.objects.select_related("leerling").get(pk=principal.ouder_id)
    cases = [
        (case, plain_status(case))
        for case in policies.parent_visible_cases(principal).select_related(*_RECORDS).order_by("-opened_at")
    ]
    consents = Consent.objects.filter(leerling_id=principal.leerling_id).select_related("ouder")
    today = clock.today()
    _log_read(request, what=_("Ouderportaal: overzicht"))
    return render(
        request,
        "parents/portal/home.html",
        {
            "ouder": ouder,
            "leerling": ouder.leerling,
            "cases": cases,
            "consents": [(c, c.is_valid_on(today)) for c in consents],
        },
    )


_RECORDS = ("tlv", "thuiszitter", "aanmelding", "screening", "schakeltraject")


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Soort"),
        choices=[(k.value, k.label) for k in portal.PARENT_DOCUMENT_KINDS],
    )
    file = forms.FileField(label=gettext_lazy("Bestand (PDF, DOCX, JPG of PNG)"))


@require_http_methods(["GET", "HEAD", "POST"])
@parent_required
def portal_case(request, pk):
    case = _case(request, pk)
    principal = request.parent
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            portal.ouder_document_upload(
                principal=principal,
                case=case,
                kind=form.cleaned_data["kind"],
                uploaded=form.cleaned_data["file"],
            )
        except DomainError as exc:
            form.add_error("file" if exc.field == "file" else None, str(exc.message))
        else:
            messages.success(
                request, _("Uw document is toegevoegd. De school en het samenwerkingsverband zien het.")
            )
            return redirect("portal_case", pk=case.pk)
    deadlines = Deadline.objects.filter(case=case).exclude(status=Deadline.Status.CLOSED).order_by("due_on")
    letters = (
        Ontvanger.objects.filter(ouder_id=principal.ouder_id, bekendmaking__case=case, document__isnull=False)
        .select_related("bekendmaking", "document")
        .order_by("sent_at")
    )
    own_documents = Document.objects.filter(case=case, ouder_id=principal.ouder_id).order_by("uploaded_at")
    notices = OuderBericht.objects.filter(
        case=case, ouder_id=principal.ouder_id, document__isnull=False
    ).order_by("sent_at", "pk")
    _log_read(request, what=_("Ouderportaal: casus"), case=case)
    return render(
        request,
        "parents/portal/case.html",
        {
            "case": case,
            "status": plain_status(case),
            "deadlines": deadlines,
            "letters": letters,
            "notices": notices,
            "own_documents": own_documents,
            "form": form if case.closed_at is None else None,
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "HEAD"])
@parent_required
def portal_letter(request, pk):
    """The PDF of a letter addressed to this parent (their own copy), nothing else."""
    row = (
        Ontvanger.objects.filter(pk=pk, ouder_id=request.parent.ouder_id, document__isnull=False)
        .select_related("document__case", "bekendmaking")
        .first()
    )
    if row is None or not policies.parent_can(request.parent, "case.view", row.document.case):
        raise _not_theirs(request, "brief", pk)
    doc = row.document
    _log_read(request, what=_("Ouderportaal: brief %(name)s") % {"name": doc.original_name}, case=doc.case)
    response = FileResponse(doc.file.open("rb"), content_type=doc.content_type)
    response["Content-Disposition"] = f'attachment; filename="{doc.original_name}"'
    return response


@require_http_methods(["GET", "HEAD"])
@parent_required
def portal_notice(request, pk):
    """The PDF of a notice addressed to this parent (a term that was exceeded), nothing else."""
    row = (
        OuderBericht.objects.filter(pk=pk, ouder_id=request.parent.ouder_id, document__isnull=False)
        .select_related("document__case")
        .first()
    )
    if row is None or not policies.parent_can(request.parent, "case.view", row.document.case):
        raise _not_theirs(request, "bericht", pk)
    doc = row.document
    _log_read(request, what=_("Ouderportaal: bericht %(name)s") % {"name": doc.original_name}, case=doc.case)
    response = FileResponse(doc.file.open("rb"), content_type=doc.content_type)
    response["Content-Disposition"] = f'attachment; filename="{doc.original_name}"'
    return response


@require_http_methods(["GET", "HEAD", "POST"])
@parent_required
def portal_consent_withdraw(request, pk):
    """Withdraw a consent: one click, then a confirmation page; refused (404) for another child's."""
    consent = Consent.objects.filter(pk=pk).first() if str(pk).isdigit() else None
    if consent is None or not policies.parent_can(request.parent, "consent.withdraw", consent):
        raise _not_theirs(request, "toestemming", pk)
    if request.method == "POST":
        try:
            consent_services.consent_withdraw(
                consent_id=consent.pk, principal=request.parent, reason=_("Ingetrokken door de ouder")
            )
        except DomainError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(
                request,
                _("De toestemming voor '%(purpose)s' is ingetrokken.")
                % {"purpose": consent.get_purpose_display()},
            )
        return redirect("portal_home")
    _log_read(request, what=_("Ouderportaal: toestemming intrekken"))
    return render(request, "parents/portal/consent_withdraw.html", {"consent": consent})


@require_http_methods(["GET", "HEAD"])
@parent_required
def portal_access(request):
    """Who opened my child's file: organisations and roles from the access log, never persons' names."""
    principal = request.parent
    rows = (
        AccessLog.objects.filter(leerling_id=principal.leerling_id)
        .exclude(via="ouder")
        .order_by("-at", "-pk")[:200]
    )
    user_ids = {r.user_id for r in rows}
    orgs: dict[int, str] = {}
    for m in Membership.objects.filter(user_id__in=user_ids, swv_id=principal.swv_id).select_related(
        "school", "gemeente", "swv"
    ):
        org = m.school or m.gemeente or m.swv
        orgs.setdefault(m.user_id, f"{m.get_role_display()}, {org.name}")
    lines = [
        (r.at, orgs.get(r.user_id, _("Samenwerkingsverband (systeem of koppeling)")), r.what) for r in rows
    ]
    _log_read(request, what=_("Ouderportaal: wie opende het dossier"))
    return render(request, "parents/portal/access.html", {"lines": lines})
