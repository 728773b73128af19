"""The TLV's pages: the aanvraag, its case page and actions, the besluit letter, and after the besluit the
bekendmaking, bezwaar, verlenging, einde and the register."""

from __future__ import annotations

import contextlib

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from audit.services import log_read
from cases import clock, policies
from cases.deadlines import format_date_nl
from cases.errors import DomainError
from cases.models import Bezwaar, ComplexeCasus, ProCriteria, School, Tlv, TlvAanvraag, TlvStatus, WorkItem
from cases.models.tlv import TlvCategorie, TlvSoort
from cases.models.tlv_lifecycle import LetterSoort, RegisterStatus, TlvStatusGeldig
from cases.services import bezwaar as bezwaar_services
from cases.services import deadlines as deadline_services
from cases.services import tlv, tlv_variants
from reports import exports
from workflows import actions, creation, menu, route_pages
from workflows.dossier.views import _case_for, current_documents, document_form, may_add_documents
from workflows.forms import ReasonForm
from workflows.tlv.forms import (
    AanvraagEditForm,
    BeroepForm,
    BezwaarForm,
    ComplexForm,
    CorrectieForm,
    EindeForm,
    IntrekkenBezwaarForm,
    IntrekkingForm,
    PlaatsingForm,
    ProCriteriaForm,
    UitspraakForm,
    VerdagingForm,
)


def lifecycle_context(request, case) -> dict:
    """The case page's section on the bekendmaking, the TLV in force and its bezwaren."""
    a = case.tlv
    user = request.user
    today = clock.today()
    bekendmakingen = list(case.bekendmakingen.select_related("document").prefetch_related("ontvangers"))
    besluit_bk = next(
        (b for b in bekendmakingen if b.soort in (LetterSoort.BESLUIT, LetterSoort.AFWIJZING)), None
    )
    verklaring = (
        Tlv.objects.filter(aanvraag=a).select_related("plaatsingsschool", "verlenging_aanvraag__case").first()
    )
    vorige = Tlv.objects.filter(verlenging_aanvraag=a).select_related("case").first()
    besloten = a.status in (TlvStatus.TOEGEKEND, TlvStatus.AFGEWEZEN)
    actief = verklaring is not None and verklaring.is_actief(today)
    pro = a.gevraagde_soort == TlvSoort.PRO
    criteria = ProCriteria.objects.filter(aanvraag=a).first() if pro else None
    may_pro = pro and a.status == TlvStatus.CONCEPT and policies.can(user, "tlv.submit", a)
    complexe = ComplexeCasus.objects.filter(aanvraag=a).select_related("externe_deskundige").first()
    may_complex = (
        complexe is None
        and case.swv.tlv_complex_toegestaan
        and a.status in (TlvStatus.DESKUNDIGENADVIES, TlvStatus.CVA_ADVIES)
        and policies.can(user, "tlv.advise", a)
    )
    return {
        "complexe_casus": complexe,
        "complex_form": ComplexForm(case=case) if may_complex else None,
        "pro_criteria": criteria,
        "pro_unmet": tlv_variants.pro_criteria_unmet(criteria, case.swv) if pro else [],
        "pro_form": ProCriteriaForm(
            initial={f: getattr(criteria, f) for f in ProCriteriaForm.base_fields} if criteria else None
        )
        if may_pro
        else None,
        "bekendmakingen": bekendmakingen,
        "besluit_bekendmaking": besluit_bk,
        "verklaring": verklaring,
        "verklaring_status": verklaring.status_label(today) if verklaring else "",
        "vorige_tlv": vorige,
        "bezwaren": case.bezwaren.order_by("pk"),
        "may_announce": besloten and besluit_bk is None and policies.can(user, "tlv.announce", a),
        "correctie_form": CorrectieForm()
        if besloten and besluit_bk is None and policies.can(user, "tlv.correct", a)
        else None,
        "may_register_bezwaar": besluit_bk is not None
        and bezwaar_services.open_bezwaar(case) is None
        and policies.can(user, "bezwaar.handle", a),
        "bezwaar_form": BezwaarForm(initial={"ontvangen_op": today}, case=case),
        "may_verlengen": actief
        and not verklaring.verlenging_aanvraag_id
        and policies.can(user, "tlv.extend_request", case),
        "may_end": actief and policies.can(user, "tlv.end", case),
        "may_revoke": actief and policies.can(user, "tlv.revoke", case),
        "einde_form": EindeForm(initial={"per": today}),
        "may_place": actief
        and verklaring.case.leerling.huidige_plaatsing_id != verklaring.plaatsingsschool_id
        and policies.can(user, "tlv.place", case),
        "plaatsing_form": PlaatsingForm(initial={"op": today}),
        "intrekking_form": IntrekkingForm(),
    }


def _perform(request, name, case, data, target=None):
    """The case action `name` through workflows/actions.py (the same mapping the API uses)."""
    return lambda: actions.perform(name=name, case=case, by=request.user, data=data, target=target)


def _act(request, case, call, success):
    try:
        result = call()
        messages.success(request, success)
        return result
    except DomainError as exc:
        messages.error(request, exc.message)
        return None


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def tlv_bekendmaken(request, pk):
    """Bekendmaken asks first: the page shows who receives the letter and links the letter itself; only a
    POST with the confirmation makes the besluit known."""
    case = _case_for(request, pk)
    a = case.tlv
    if request.method != "POST" or request.POST.get("bevestigd") != "1":
        from cases.services import bekendmaking

        besloten = a.status in (TlvStatus.TOEGEKEND, TlvStatus.AFGEWEZEN)
        if not besloten or bekendmaking.besluit_bekendmaking(a) is not None:
            messages.error(request, _("Er is geen besluit dat nog bekendgemaakt moet worden."))
            return redirect("case_detail", case.pk)
        if not policies.can(request.user, "tlv.announce", a):
            raise Http404
        soort, ontvangers, context, termijn = bekendmaking.besluit_letter(a, datum=clock.today())
        return render(
            request,
            "tlv/bekendmaken_confirm.html",
            {
                "case": case,
                "aanvraag": a,
                "ontvangers": ontvangers,
                "betreft": context["betreft"],
                "bezwaar_tot": termijn.due_on,
            },
        )
    _act(
        request,
        case,
        lambda: actions.perform(name="bekendmaken", case=case, by=request.user, data={}),
        _("Het besluit is bekendgemaakt aan de ouders en de school; de brief staat bij de documenten."),
    )
    return redirect("case_detail", case.pk)


@login_required
@require_POST
def besluit_corrigeren(request, pk):
    case = _case_for(request, pk)
    form = actions.make_form(actions.ACTIONS["besluit_corrigeren"], case, request.POST)
    if not form.is_valid():
        messages.error(request, _("Geef een reden voor de correctie."))
        return redirect("case_detail", case.pk)
    _act(
        request,
        case,
        _perform(request, "besluit_corrigeren", case, form.cleaned_data),
        _("Het besluit is gecorrigeerd."),
    )
    return redirect("case_detail", case.pk)


@login_required
@require_POST
def complex_start(request, pk):
    case = _case_for(request, pk)
    form = actions.make_form(actions.ACTIONS["complexe_casus"], case, request.POST)
    if not form.is_valid():
        messages.error(request, _("Vul de reden, de externe deskundige en de ontvangende school in."))
    else:
        _act(
            request,
            case,
            _perform(request, "complexe_casus", case, form.cleaned_data),
            _("De externe deskundige is toegevoegd; de voorzitter beslist."),
        )
    return redirect("case_detail", case.pk)


@login_required
@require_POST
def pro_criteria(request, pk):
    case = _case_for(request, pk)
    form = actions.make_form(actions.ACTIONS["pro_criteria"], case, request.POST)
    if not form.is_valid():
        messages.error(request, _("Vul alle criteria in."))
    else:
        _act(
            request,
            case,
            _perform(request, "pro_criteria", case, form.cleaned_data),
            _("De criteria voor praktijkonderwijs zijn opgeslagen."),
        )
    return redirect("case_detail", case.pk)


@login_required
@require_POST
def bezwaar_new(request, pk):
    case = _case_for(request, pk)
    form = actions.make_form(actions.ACTIONS["bezwaar_registreren"], case, request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Vul de ontvangstdatum, de indiener en de gronden in."))
        return redirect("case_detail", case.pk)
    b = _act(
        request,
        case,
        _perform(request, "bezwaar_registreren", case, form.cleaned_data),
        _("Het bezwaar is geregistreerd; de ontvankelijkheid staat in de werkvoorraad."),
    )
    if b is not None:
        return redirect("bezwaar_detail", b.pk)
    return redirect("case_detail", case.pk)


def _bezwaar_for(request, pk) -> Bezwaar:
    b = Bezwaar.objects.filter(pk=pk).select_related("case", "bekendmaking").first()
    if b is None or not policies.can_view_case(request.user, b.case):
        raise Http404
    return b


@login_required
@require_safe
def bezwaar_detail(request, pk):
    b = _bezwaar_for(request, pk)
    deadlines = [
        (d, deadline_services.deadline_light(d))
        for d in b.case.deadlines.filter(
            kind__in=[bezwaar_services.BESLISTERMIJN, bezwaar_services.ADVIESTERMIJN]
        )
        .prefetch_related("extensions")
        .order_by("pk")
    ]
    decided = not b.is_open and b.status != "ingetrokken"
    log_read(request, case=b.case, what=f"bezwaar {b.pk}")
    return render(
        request,
        "tlv/bezwaar_detail.html",
        {
            "bezwaar": b,
            "case": b.case,
            "deadlines": deadlines,
            "open_items": b.case.work_items.filter(status="open", node__startswith="bezwaar_"),
            "beroepen": b.beroepen.all(),
            "may_extend": b.is_open and policies.can(request.user, "bezwaar.extend", b),
            "may_withdraw": b.is_open and policies.can(request.user, "bezwaar.handle", b),
            "may_beroep": decided and policies.can(request.user, "bezwaar.handle", b),
            "verdaging_form": VerdagingForm(),
            "intrekken_form": IntrekkenBezwaarForm(),
            "beroep_form": BeroepForm(),
            "uitspraak_form": UitspraakForm(),
        },
    )


def _bezwaar_action(request, pk, form_class, call, success):
    b = _bezwaar_for(request, pk)
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, _("Controleer de velden."))
    else:
        _act(request, b.case, lambda: call(b, form.cleaned_data), success)
    return redirect("bezwaar_detail", b.pk)


@login_required
@require_POST
def bezwaar_verdagen(request, pk):
    return _bezwaar_action(
        request,
        pk,
        VerdagingForm,
        lambda b, d: _perform(request, "bezwaar_verdagen", b.case, d, target=b)(),
        _("De beslistermijn op het bezwaar is verdaagd."),
    )


@login_required
@require_POST
def bezwaar_intrekken(request, pk):
    return _bezwaar_action(
        request,
        pk,
        IntrekkenBezwaarForm,
        lambda b, d: _perform(request, "bezwaar_intrekken", b.case, d, target=b)(),
        _("Het bezwaar is als ingetrokken vastgelegd."),
    )


@login_required
@require_POST
def beroep_new(request, pk):
    return _bezwaar_action(
        request,
        pk,
        BeroepForm,
        lambda b, d: bezwaar_services.beroep_record(bezwaar=b, by=request.user, **d),
        _("Het beroep is vastgelegd."),
    )


@login_required
@require_POST
def beroep_uitspraak(request, pk, beroep_pk):
    b = _bezwaar_for(request, pk)
    beroep = b.beroepen.filter(pk=beroep_pk).first()
    if beroep is None:
        raise Http404
    return _bezwaar_action(
        request,
        pk,
        UitspraakForm,
        lambda b, d: bezwaar_services.beroep_uitspraak_record(beroep=beroep, by=request.user, **d),
        _("De uitspraak is vastgelegd."),
    )


def _verklaring_for(request, pk) -> Tlv:
    case = _case_for(request, pk)
    t = Tlv.objects.filter(case=case).select_related("case").first()
    if t is None:
        raise Http404
    return t


@login_required
@require_POST
def tlv_verlengen(request, pk):
    t = _verklaring_for(request, pk)
    new = _act(
        request,
        t.case,
        lambda: actions.perform(name="verlenging_aanvragen", case=t.case, by=request.user, data={}),
        _("De verlenging is aangemaakt als nieuwe aanvraag; vul haar aan en dien haar in."),
    )
    return redirect("case_detail", new.case_id if new else t.case_id)


tlv_plaatsing = route_pages.action_view(
    _verklaring_for,
    "plaatsing_bevestigen",
    invalid=gettext_lazy("Vul de datum van inschrijving in."),
    success=gettext_lazy("De plaatsing is vastgelegd: de leerling staat niet meer op de wachtlijst."),
    detail_url="case_detail",
)


@login_required
@require_POST
def tlv_beeindigen(request, pk):
    t = _verklaring_for(request, pk)
    form = actions.make_form(actions.ACTIONS["tlv_beeindigen"], t.case, request.POST)
    if form.is_valid():
        _act(
            request,
            t.case,
            _perform(request, "tlv_beeindigen", t.case, form.cleaned_data),
            _("De TLV is beëindigd."),
        )
    else:
        messages.error(request, _("Vul de datum en de reden in."))
    return redirect("case_detail", t.case_id)


@login_required
@require_POST
def tlv_intrekken(request, pk):
    t = _verklaring_for(request, pk)
    form = actions.make_form(actions.ACTIONS["tlv_intrekken"], t.case, request.POST)
    if form.is_valid():
        _act(
            request,
            t.case,
            _perform(request, "tlv_intrekken", t.case, form.cleaned_data),
            _("De TLV is ingetrokken; de brief staat bij de documenten."),
        )
    else:
        messages.error(request, _("Motiveer de intrekking."))
    return redirect("case_detail", t.case_id)


# --- the TLV register --------------------------------------------------------------------------


def register_rows(user, params, today):
    """The filtered register for `user` (a queryset through cases.policies), newest einddatum last."""
    qs = (
        policies.visible_tlvs(user)
        .select_related("case", "case__leerling", "case__school", "case__swv", "plaatsingsschool")
        .order_by("einddatum", "pk")
    )
    status = params.get("status", "")
    if status == RegisterStatus.ACTIEF:
        qs = qs.filter(status=TlvStatusGeldig.ACTIEF, einddatum__gte=today)
    elif status == RegisterStatus.VERLOPEN:
        qs = qs.filter(status=TlvStatusGeldig.ACTIEF, einddatum__lt=today)
    elif status in (RegisterStatus.BEEINDIGD, RegisterStatus.INGETROKKEN):
        qs = qs.filter(status=status)
    if params.get("soort") in TlvSoort.values:
        qs = qs.filter(soort=params["soort"])
    if params.get("categorie") in TlvCategorie.values:
        qs = qs.filter(categorie=params["categorie"])
    school = params.get("school", "")
    if school.isdigit():
        qs = qs.filter(Q(plaatsingsschool_id=int(school)) | Q(case__school_id=int(school)))
    for name, lookup in (("eind_van", "einddatum__gte"), ("eind_tot", "einddatum__lte")):
        value = params.get(name, "")
        if value:
            with contextlib.suppress(forms.ValidationError):
                qs = qs.filter(**{lookup: forms.DateField().clean(value)})
    q = params.get("q", "").strip()
    if q:
        qs = qs.filter(
            Q(case__reference__icontains=q)
            | Q(case__leerling__achternaam__icontains=q)
            | Q(case__leerling__voornaam__icontains=q)
        )
    return qs


EXPORT_HEADER = [
    "kenmerk",
    "leerling",
    "status",
    "soort",
    "cluster",
    "categorie",
    "ingangsdatum",
    "einddatum",
    "school van plaatsing",
    "aanvragende school",
    "samenwerkingsverband",
]


def _export_row(t: Tlv, today) -> list:
    return [
        t.case.reference,
        str(t.case.leerling),
        t.status_label(today),
        t.get_soort_display(),
        t.cluster or "",
        t.get_categorie_display() if t.categorie else "",
        t.ingangsdatum.isoformat(),
        t.einddatum.isoformat(),
        t.plaatsingsschool.name,
        t.case.school.name,
        t.case.swv.code,
    ]


def _log_export(user, count, fmt):
    import logging

    logging.getLogger("audit.export").info("TLV-register export %s by %s: %d rows", fmt, user, count)


@login_required
@require_safe
def tlv_register(request):
    if not menu.may_open_tlv_register(request.user):
        raise Http404
    scope = policies.scope_of(request.user)
    swvs = policies.tlv_register_swvs(request.user)
    today = clock.today()
    qs = register_rows(request.user, request.GET, today)
    fmt = request.GET.get("export", "")
    if fmt in ("csv", "xlsx"):
        rows = [_export_row(t, today) for t in qs]
        _log_export(request.user, len(rows), fmt)
        log_read(request, what=f"TLV-register export {fmt} ({len(rows)} rijen)")
        filename = f"tlv-register-{today:%Y%m%d}"
        if fmt == "csv":
            return exports.csv_response(filename, [EXPORT_HEADER, *rows])
        return exports.xlsx_response(filename, [("TLV-register", [EXPORT_HEADER, *rows])])
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    rows = [(t, t.status_label(today)) for t in page]
    schools = School.objects.exclude(soort="regulier")
    if swvs is not None:
        schools = schools.filter(Q(swv_id__in=swvs) | Q(pk__in=scope.schools))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("export", None)
    return render(
        request,
        "tlv/register.html",
        {
            "page": page,
            "rows": rows,
            "statuses": RegisterStatus.choices,
            "soorten": TlvSoort.choices,
            "categorieen": TlvCategorie.choices,
            "schools": schools.order_by("name"),
            "params": request.GET,
            "query": query.urlencode(),
            "extra": ("&" + query.urlencode()) if query else "",
        },
    )


def tlv_detail(request, case):
    """The TLV's case page (the shared case_detail URL sends the other routes to their own page)."""
    a: TlvAanvraag = case.tlv
    user = request.user
    page = route_pages.case_page_context(request, case, what="dossier")
    indienen_item = case.work_items.filter(status=WorkItem.Status.OPEN, node="indienen").first()
    ctx = {
        **page,
        "aanvraag": a,
        "documents": current_documents(case),
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
        "edit_form": AanvraagEditForm(
            initial={
                "gevraagde_soort": a.gevraagde_soort,
                "gevraagde_categorie": a.gevraagde_categorie,
                "gevraagde_cluster": a.gevraagde_cluster,
                "onderbouwing": a.onderbouwing,
            }
        )
        if a.status == TlvStatus.CONCEPT and policies.can(user, "tlv.submit", a)
        else None,
        "extend_form": ReasonForm(prefix="verdagen"),
        "buiten_form": ReasonForm(prefix="buiten"),
        "withdraw_form": ReasonForm(prefix="intrekken"),
    }
    ctx.update(lifecycle_context(request, case))  # bekendmaking, bezwaar, verlenging
    return render(request, "tlv/detail.html", ctx)


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
    return render(request, "tlv/aanvraag_new.html", {"form": form})


@login_required
@require_POST
def aanvraag_edit(request, pk):
    case = _case_for(request, pk)
    form = AanvraagEditForm(request.POST)
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


def _reason_action(request, pk, action, success, prefix):
    case = _case_for(request, pk)
    return route_pages.case_action(
        request,
        case,
        action,
        invalid=_("Geef een reden."),
        success=success,
        detail_url="case_detail",
        detail_pk=case.pk,
        prefix=prefix,
    )


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
