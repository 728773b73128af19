"""Case pages: list, detail with timeline, the school's aanvraag, documents, and case-level actions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from audit.services import log_read
from cases import clock, policies
from cases.deadlines import format_date_nl
from cases.errors import DomainError
from cases.models import Case, Document, TlvAanvraag, WorkItem
from cases.models.case import Route
from cases.models.tlv import TlvStatus
from cases.selectors import ROUTE_RECORD, phase_label
from cases.services import deadlines as deadline_services
from cases.services import documents as document_services
from cases.services import tlv
from cases.views_lifecycle import lifecycle_context
from workflows import actions, creation, forms, selectors


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
        "cases/case_list.html",
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
}


@login_required
@require_safe
def case_detail(request, pk):
    case = _case_for(request, pk)
    if case.route in ROUTE_DETAIL:  # other routes have their own page (thuiszitter, zorgplicht)
        return redirect(ROUTE_DETAIL[case.route], case.pk)
    a: TlvAanvraag = case.tlv
    user = request.user
    log_read(request, case=case, what="dossier")
    deadlines = [(d, deadline_services.deadline_light(d)) for d in case.deadlines.all().order_by("pk")]
    open_items = case.work_items.filter(status=WorkItem.Status.OPEN).select_related("assignee")
    indienen_item = open_items.filter(node="indienen").first()
    ctx = {
        "case": case,
        "aanvraag": a,
        "deadlines": deadlines,
        "events": case.events.select_related("actor").order_by("at", "pk"),
        "documents": current_documents(case),
        "open_items": selectors.rows(open_items),
        "adviezen": a.adviezen.select_related("deskundige"),
        "bto_reviews": a.bto_reviews.select_related("member"),
        "may_upload": may_add_documents(user, case),
        "may_submit": a.status == TlvStatus.CONCEPT
        and policies.can(user, "tlv.submit", a)
        and indienen_item is not None,
        "may_withdraw": a.is_open and policies.can(user, "tlv.withdraw", a),
        "may_extend": a.is_open
        and (policies.can(user, "tlv.decide", a) or policies.can(user, "tlv.check", a)),
        "may_buiten_behandeling": a.status == TlvStatus.ONVOLLEDIG and policies.can(user, "tlv.check", a),
        "missing": tlv.missing_documents(a) if a.status == TlvStatus.CONCEPT else [],
        "document_form": document_form(user, case),
        "edit_form": forms.AanvraagEditForm(
            initial={
                "gevraagde_soort": a.gevraagde_soort,
                "gevraagde_categorie": a.gevraagde_categorie,
                "gevraagde_cluster": a.gevraagde_cluster,
                "onderbouwing": a.onderbouwing,
            }
        )
        if a.status == TlvStatus.CONCEPT and policies.can(user, "tlv.submit", a)
        else None,
        "extend_form": forms.ReasonForm(prefix="verdagen"),
        "buiten_form": forms.ReasonForm(prefix="buiten"),
        "withdraw_form": forms.ReasonForm(prefix="intrekken"),
    }
    ctx.update(lifecycle_context(request, case))  # bekendmaking, bezwaar, verlenging
    return render(request, "cases/case_detail.html", ctx)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def aanvraag_new(request):
    if not policies.scope_of(request.user).schools:
        messages.error(request, _("Alleen een school kan een TLV aanvragen."))
        return redirect("case_list")
    form = creation.make_page_form("tlv", request)
    if request.method == "POST" and form.is_valid():
        try:
            a = creation.create(route="tlv", by=request.user, data=form.cleaned_data)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("Aanvraag %(ref)s aangemaakt. Voeg de documenten toe en dien in.")
                % {"ref": a.case.reference},
            )
            return redirect("case_detail", a.case_id)
    return render(request, "cases/aanvraag_new.html", {"form": form})


@login_required
@require_POST
def aanvraag_edit(request, pk):
    case = _case_for(request, pk)
    form = forms.AanvraagEditForm(request.POST)
    if form.is_valid():
        try:
            tlv.aanvraag_update(aanvraag=case.tlv, by=request.user, **form.cleaned_data)
            messages.success(request, _("Aanvraag opgeslagen."))
        except DomainError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, _("Controleer de velden van de aanvraag."))
    return redirect("case_detail", case.pk)


@login_required
@require_POST
def aanvraag_submit(request, pk):
    case = _case_for(request, pk)
    try:
        actions.perform(name="indienen", case=case, by=request.user, data={})
        messages.success(request, _("De aanvraag is ingediend bij het samenwerkingsverband."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("case_detail", case.pk)


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
        "cases/document_detail.html",
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


def _reason_action(request, pk, action, success, prefix):
    case = _case_for(request, pk)
    form = actions.make_form(actions.ACTIONS[action], case, request.POST, prefix=prefix)
    if not form.is_valid():
        messages.error(request, _("Geef een reden."))
        return redirect("case_detail", case.pk)
    try:
        actions.perform(name=action, case=case, by=request.user, data=form.cleaned_data)
        messages.success(request, success)
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("case_detail", case.pk)


@login_required
@require_POST
def aanvraag_withdraw(request, pk):
    return _reason_action(request, pk, "intrekken", _("De aanvraag is ingetrokken."), "intrekken")


@login_required
@require_POST
def aanvraag_verdagen(request, pk):
    return _reason_action(request, pk, "verdagen", _("De beslistermijn is verdaagd."), "verdagen")


@login_required
@require_POST
def aanvraag_buiten_behandeling(request, pk):
    return _reason_action(
        request, pk, "buiten_behandeling", _("De aanvraag is buiten behandeling gesteld."), "buiten"
    )


@login_required
@require_safe
def besluit_print(request, pk):
    case = _case_for(request, pk)
    a = case.tlv
    if a.status not in (TlvStatus.TOEGEKEND, TlvStatus.AFGEWEZEN):
        messages.error(request, _("Er is nog geen besluit."))
        return redirect("case_detail", case.pk)
    log_read(request, case=case, what="besluit (afdrukversie)")
    from cases.services import bekendmaking

    announced = bekendmaking.besluit_bekendmaking(a)
    if announced is not None:  # the letter as it went out
        context = bekendmaking.besluit_letter(a, datum=announced.bekendgemaakt_op)[2]
        note = _("Dit is de brief zoals die op %(datum)s is bekendgemaakt.") % {
            "datum": format_date_nl(announced.bekendgemaakt_op)
        }
    else:  # the letter as it would go out today: the same template as the PDF
        context = bekendmaking.besluit_letter(a, datum=clock.today())[2]
        note = _("Voorbeeld: zo gaat de brief uit als het besluit vandaag wordt bekendgemaakt.")
    context.update(letter_frame="letters/preview.html", preview_note=note)
    with translation.override("nl"):  # letters are Dutch, as the PDF
        return render(request, f"letters/{context['letter_template']}", context)
