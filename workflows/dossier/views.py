"""Case pages: list, detail with timeline, the school's aanvraag, documents, and case-level actions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST, require_safe

from audit.services import log_read
from cases import policies
from cases.errors import DomainError
from cases.models import Case, Document
from cases.models.case import Route
from cases.models.tlv import TlvStatus
from cases.selectors import ROUTE_RECORD, phase_label
from cases.services import documents as document_services
from workflows import forms


@login_required
@require_safe
def case_list(request):
    from reports.dashboard import ROUTE_PHASES

    qs = (
        policies.visible_cases(request.user)
        .select_related("leerling", "school", "swv", *ROUTE_RECORD.values())
        .order_by("-opened_at")
    )
    status = request.GET.get("status", "")
    q = request.GET.get("q", "").strip()
    open_only = request.GET.get("open", "")
    route = request.GET.get("route", "")
    fase = request.GET.get("fase", "")
    if route in ROUTE_PHASES:
        qs = qs.filter(route=route)
        lookup, states = ROUTE_PHASES[route]
        if fase in states.values:
            qs = qs.filter(**{lookup: fase})
    else:
        route = fase = ""
    if status:
        qs = qs.filter(tlv__status=status)
    if open_only == "1":
        qs = qs.filter(closed_at__isnull=True)
    if q:
        qs = qs.filter(
            Q(reference__icontains=q)
            | Q(leerling__achternaam__icontains=q)
            | Q(leerling__voornaam__icontains=q)
        )
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "dossier/case_list.html",
        {
            "page": page,
            "rows": [(case, phase_label(case)) for case in page],
            "statuses": TlvStatus.choices,
            "status": status,
            "q": q,
            "open_only": open_only,
            "routes": Route.choices,
            "route": route,
            "fases": ROUTE_PHASES[route][1].choices if route else [],
            "fase": fase,
            "extra": ("&" + query.urlencode()) if query else "",
            "may_create": bool(policies.scope_of(request.user).schools),
        },
    )


def _case_for(request, pk) -> Case:
    case = (
        policies.visible_cases(request.user)
        .filter(pk=pk)
        .select_related("leerling", "school", "swv", "tlv", "leerling__woongemeente")
        .first()
    )
    if case is None:
        raise Http404
    return case


ROUTE_DETAIL = {
    "thuiszitter": "thuiszitter_detail",
    "zorgplicht": "aanmelding_detail",
    "screening": "screening_detail",
    "schakel": "schakel_detail",
    "loket": "loket_detail",
    "overstap": "overstap_detail",
}


@login_required
@require_safe
def case_detail(request, pk):
    case = _case_for(request, pk)
    if case.route in ROUTE_DETAIL:  # other routes have their own page (thuiszitter, zorgplicht)
        return redirect(ROUTE_DETAIL[case.route], case.pk)
    from workflows.tlv.views import tlv_detail

    return tlv_detail(request, case)


def current_documents(case):
    """The case's documents in their latest version (earlier versions are listed on the document's page)."""
    return case.documents.filter(next_version__isnull=True).select_related("uploaded_by")


def may_add_documents(user, case) -> bool:
    return (
        case.closed_at is None
        and policies.can(user, "document.upload", case)
        and bool(policies.document_kinds_for(user, case))
    )


def document_form(user, case, *args):
    return forms.DocumentUploadForm(*args, kinds=policies.document_kinds_for(user, case))


@login_required
@require_POST
def document_upload(request, pk):
    case = _case_for(request, pk)
    form = document_form(request.user, case, request.POST, request.FILES)
    if not form.is_valid():
        if "kind" in form.errors and request.POST.get("kind"):
            messages.error(
                request, _("U kunt geen document van deze soort toevoegen. Kies een andere soort.")
            )
        else:
            messages.error(request, _("Kies een soort en een of meer bestanden."))
        return redirect("case_detail", case.pk)
    try:
        docs = document_services.documents_upload(
            case=case, by=request.user, kind=form.cleaned_data["kind"], files=form.cleaned_data["file"]
        )
        if len(docs) == 1:
            messages.success(request, _("Document toegevoegd."))
        else:
            messages.success(request, _("%(count)s documenten toegevoegd.") % {"count": len(docs)})
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("case_detail", case.pk)


def _document_for(request, pk) -> Document:
    """The document if this user may see its case (else 404, as for a case they cannot see)."""
    doc = get_object_or_404(Document.objects.select_related("case", "uploaded_by"), pk=pk)
    if not policies.can(request.user, "document.view", doc):
        raise Http404
    return doc


def _serve(doc: Document, *, inline: bool) -> FileResponse:
    response = FileResponse(
        doc.file.open("rb"),
        as_attachment=not inline,
        filename=doc.original_name,
        content_type=doc.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_safe
def document_download(request, pk):
    doc = _document_for(request, pk)
    log_read(request, case=doc.case, what=f"document {doc.pk}: {doc.get_kind_display()}")
    return _serve(doc, inline=False)


@login_required
@require_safe
@xframe_options_sameorigin
def document_inline(request, pk):
    """The file shown in the browser (the preview on the document's page): only PDF, PNG and JPG, sandboxed
    (no scripts, no forms, no plugins of its own origin) and never sniffed; logged like a download."""
    doc = _document_for(request, pk)
    if not document_services.may_preview(doc):
        raise Http404(_("Van dit bestand is geen voorbeeld; download het."))
    log_read(request, case=doc.case, what=f"document {doc.pk}: {doc.get_kind_display()} (voorbeeld)")
    response = _serve(doc, inline=True)
    response["Content-Security-Policy"] = (
        "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'"
    )
    return response


@login_required
@require_safe
def document_detail(request, pk):
    """One document: its preview (PDF and images), download, every version, and the vervang action."""
    doc = _document_for(request, pk)
    log_read(request, case=doc.case, what=f"document {doc.pk}: {doc.get_kind_display()}, gegevens")
    case = doc.case
    may_replace = (
        doc.is_current
        and may_add_documents(request.user, case)
        and doc.kind in policies.document_kinds_for(request.user, case)
    )
    return render(
        request,
        "dossier/document_detail.html",
        {
            "doc": doc,
            "case": case,
            "preview": document_services.may_preview(doc),
            "is_image": doc.content_type.startswith("image/"),
            "versions": list(reversed(doc.versions())),
            "replace_form": forms.DocumentReplaceForm() if may_replace else None,
        },
    )


@login_required
@require_POST
def document_replace(request, pk):
    doc = _document_for(request, pk)
    form = forms.DocumentReplaceForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Kies het bestand met de nieuwe versie."))
        return redirect("document_detail", doc.pk)
    try:
        new = document_services.document_replace(
            document=doc, by=request.user, uploaded=form.cleaned_data["file"]
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("document_detail", doc.pk)
    messages.success(
        request,
        _("Nieuwe versie opgeslagen (versie %(version)s); de vorige blijft beschikbaar.")
        % {"version": new.version},
    )
    return redirect("document_detail", new.pk)
