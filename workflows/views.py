"""Inbox and task views: thin, they call services and show the DomainError messages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.services import log_read
from cases import policies
from cases.errors import DomainError
from cases.models import School, WorkItem
from cases.services import escalations, tlv, workitems
from workflows import forms, lifecycle_tasks, pagination, selectors


def task_view(request, *args, **kwargs):
    """viewflow's node view: we route to our own work-item page instead."""
    task_pk = kwargs.get("task_pk")
    item = get_object_or_404(WorkItem, task_id=task_pk)
    return redirect("workitem", item.pk)


def _page_size(request) -> int:
    try:
        n = int(request.GET.get("n", pagination.DEFAULT_PAGE_SIZE))
    except ValueError:
        return pagination.DEFAULT_PAGE_SIZE
    return n if n in pagination.PAGE_SIZES else pagination.DEFAULT_PAGE_SIZE


def _page(request, qs, prefix: str) -> pagination.KeysetPage:
    """A keyset page of one inbox list; `<prefix>_na` / `<prefix>_voor` hold its cursor (issue 9)."""
    page = pagination.keyset_page(
        qs,
        size=_page_size(request),
        after_cursor=request.GET.get(f"{prefix}_na"),
        before_cursor=request.GET.get(f"{prefix}_voor"),
    )

    def url(**cursor):
        params = request.GET.copy()
        for key in (f"{prefix}_na", f"{prefix}_voor"):
            params.pop(key, None)
        params.update(cursor)
        return f"?{params.urlencode()}" if params else "?"

    if page.prev_cursor:
        page.urls["first"] = url()
        page.urls["prev"] = url(**{f"{prefix}_voor": page.prev_cursor})
    if page.next_cursor:
        page.urls["next"] = url(**{f"{prefix}_na": page.next_cursor})
    return page


def _size_links(request) -> list[tuple[int, str, bool]]:
    current = _page_size(request)
    links = []
    for n in pagination.PAGE_SIZES:
        params = request.GET.copy()
        for key in list(params):
            if key.endswith(("_na", "_voor")):
                params.pop(key)  # a new page size starts at the first page
        params["n"] = str(n)
        links.append((n, f"?{params.urlencode()}", n == current))
    return links


@login_required
def inbox(request):
    mine = _page(request, selectors.my_tasks(request.user), "mijn")
    pool = _page(request, selectors.werkvoorraad(request.user), "voorraad")
    team = None
    if policies.scope_of(request.user).swvs_by_role.get("consulent"):
        team = _page(request, selectors.team_tasks(request.user).filter(assignee__isnull=False), "team")
    return render(
        request,
        "workflows/inbox.html",
        {
            "mine": mine,
            "mine_rows": selectors.rows(mine),
            "pool": pool,
            "pool_rows": selectors.rows(pool),
            "team": team,
            "team_rows": selectors.rows(team) if team is not None else [],
            "page_sizes": _size_links(request),
        },
    )


def _item_for(request, pk) -> WorkItem:
    item = get_object_or_404(
        WorkItem.objects.select_related("case", "case__leerling", "case__school", "deadline", "assignee"),
        pk=pk,
    )
    if not policies.can_see_workitem(request.user, item):
        raise Http404  # do not reveal that it exists
    return item


NODE_FORMS = {
    "volledigheidstoets": forms.VolledigheidForm,
    "herstel": forms.ToelichtingForm,
    "deskundigenadvies_1": forms.DeskundigenAdviesForm,
    "deskundigenadvies_2": forms.DeskundigenAdviesForm,
    "bto_review_1": forms.BtoReviewForm,
    "bto_review_2": forms.BtoReviewForm,
    "cva_advies": forms.CvaAdviesForm,
    "cva_aanvulling": forms.ToelichtingForm,
    "besluit": forms.BesluitForm,
}


def _form_class(item):
    if item.kind == WorkItem.Kind.ESCALATION:
        return forms.EscalatieForm
    if item.case.route in ROUTE_VIEWS:  # thuiszitter / zorgplicht tasks (workflows/views_thuiszitter.py)
        return ROUTE_VIEWS[item.case.route]().NODE_FORMS.get(item.node)
    if item.node in lifecycle_tasks.FORMS:  # after the TLV besluit: bezwaar, verlenging (issue 3)
        return lifecycle_tasks.FORMS[item.node]
    return NODE_FORMS.get(item.node)


def _thuiszitter_views():
    from workflows import views_thuiszitter

    return views_thuiszitter


def _screening_views():
    from workflows import views_screening

    return views_screening


def _schakel_views():
    from workflows import views_schakel

    return views_schakel


ROUTE_VIEWS = {
    "thuiszitter": _thuiszitter_views,
    "zorgplicht": _thuiszitter_views,
    "screening": _screening_views,  # issue 5
    "schakel": _schakel_views,  # issue 5
}


def _make_form(item, data=None):
    cls = _form_class(item)
    if cls is None:
        return None
    if item.kind == WorkItem.Kind.TASK and item.node in lifecycle_tasks.FORMS:
        return lifecycle_tasks.make_form(item, data)
    if getattr(cls, "needs_item", False):
        return cls(data, item=item)
    if cls is forms.BesluitForm:
        scholen = School.objects.filter(swv=item.case.swv_id).exclude(soort="regulier")
        form = cls(data, scholen=scholen)
        if data is None:
            a = item.case.tlv
            form.initial.update(
                soort=a.cva_soort,
                categorie=a.cva_categorie,
                cluster=a.gevraagde_cluster,
                besluit="toekennen" if a.cva_uitkomst == "toekennen" else "afwijzen",
            )
        return form
    if cls is forms.CvaAdviesForm and data is None:
        a = item.case.tlv
        return cls(
            initial={
                "soort": a.gevraagde_soort,
                "categorie": a.gevraagde_categorie,
                "cluster": a.gevraagde_cluster,
            }
        )
    return cls(data)


def _complete(item, user, data):
    a = getattr(item.case, "tlv", None)
    node = item.node
    if item.kind == WorkItem.Kind.ESCALATION:
        return escalations.escalation_resolve(item=item, by=user, action_taken=data["action_taken"])
    if item.case.route in ROUTE_VIEWS:
        return ROUTE_VIEWS[item.case.route]().complete(item, user, data)
    if node in lifecycle_tasks.FORMS:
        return lifecycle_tasks.complete(item, user, data)
    if node == "volledigheidstoets":
        return tlv.volledigheid_record(aanvraag=a, by=user, **data)
    if node == "herstel":
        return tlv.herstel_submit(aanvraag=a, by=user, toelichting=data["toelichting"])
    if node.startswith("deskundigenadvies_"):
        return tlv.deskundigenadvies_record(aanvraag=a, by=user, volgorde=int(node[-1]), **data)
    if node.startswith("bto_review_"):
        return tlv.bto_review_record(aanvraag=a, by=user, volgorde=int(node[-1]), **data)
    if node == "cva_advies":
        return tlv.cva_advies_record(aanvraag=a, by=user, **data)
    if node == "cva_aanvulling":
        return tlv.informatie_aanvullen(aanvraag=a, by=user, toelichting=data["toelichting"])
    if node == "besluit":
        return tlv.besluit_record(aanvraag=a, by=user, **data)
    raise Http404


def _form_error(form, exc: DomainError):
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, str(exc.message))


@login_required
def workitem(request, pk):
    item = _item_for(request, pk)
    if item.node == "indienen" and item.status == WorkItem.Status.OPEN:
        return redirect("case_detail", item.case_id)
    form = _make_form(item, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form is not None:
        if item.status != WorkItem.Status.OPEN:
            messages.error(request, _("Deze taak is al afgerond of vervallen."))
            return redirect("workitem", item.pk)
        if form.is_valid():
            try:
                _complete(item, request.user, form.cleaned_data)
            except DomainError as exc:
                _form_error(form, exc)
                messages.error(request, exc.message)
            else:
                messages.success(request, _("Taak afgerond: %(title)s") % {"title": item.display_title})
                return redirect("inbox")
    reassign_form = None
    if item.status == WorkItem.Status.OPEN and policies.can(request.user, "workitem.reassign", item):
        reassign_form = forms.ReassignForm(candidates=_candidates(item))
    log_read(request, case=item.case, what=f"taak {item.pk}: {item.display_title}")
    return render(
        request,
        "workflows/workitem.html",
        {
            "item": item,
            "form": form,
            "case": item.case,
            "aanvraag": getattr(item.case, "tlv", None),
            "light": selectors.light_for(item),
            "may_act": policies.may_act_on_workitem(request.user, item),
            "reassign_form": reassign_form,
            "adviezen": item.case.tlv.adviezen.all() if hasattr(item.case, "tlv") else [],
            "bto_reviews": item.case.tlv.bto_reviews.all() if hasattr(item.case, "tlv") else [],
            "documents": item.case.documents.all(),
        },
    )


def _candidates(item):
    users = get_user_model().objects.filter(is_active=True, memberships__swv_id=item.swv_id).distinct()
    return users.filter(pk__in=[u.pk for u in users if policies.may_claim(u, item)])


@login_required
@require_POST
def workitem_claim(request, pk):
    item = _item_for(request, pk)
    try:
        workitems.workitem_claim(item=item, by=request.user)
        messages.success(request, _("U heeft de taak opgepakt."))
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("inbox")
    return redirect("workitem", item.pk)


@login_required
@require_POST
def workitem_release(request, pk):
    item = _item_for(request, pk)
    try:
        workitems.workitem_release(item=item, by=request.user)
        messages.success(request, _("De taak staat weer in de werkvoorraad."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("inbox")


@login_required
@require_POST
def workitem_reassign(request, pk):
    item = _item_for(request, pk)
    form = forms.ReassignForm(request.POST, candidates=_candidates(item))
    if not form.is_valid():
        messages.error(request, _("Kies een medewerker en geef een reden."))
        return redirect("workitem", item.pk)
    try:
        workitems.workitem_reassign(
            item=item, by=request.user, to=form.cleaned_data["to"], reason=form.cleaned_data["reason"]
        )
        messages.success(request, _("De taak is toegewezen."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("workitem", item.pk)
