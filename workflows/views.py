"""Inbox and task views: thin, they call services and show the DomainError messages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from audit.services import log_read
from cases import policies
from cases.errors import DomainError
from cases.models import WorkItem
from cases.models.case import Route
from cases.services import workitems
from workflows import forms, pagination, registry, selectors


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
        selectors.for_inbox_page(qs),
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


INBOX_FILTERS = ("licht", "soort", "route", "q")  # issue 7: filters on every list


@login_required
@require_safe
def inbox(request):
    params = {k: request.GET.get(k, "").strip() for k in INBOX_FILTERS}

    days_by_swv = selectors.warning_days_of(request.user) if params["licht"] else None

    def filtered(qs):
        return selectors.filter_items(
            qs,
            light=params["licht"],
            kind=params["soort"],
            route=params["route"],
            q=params["q"],
            days_by_swv=days_by_swv,
        )

    mine = _page(request, filtered(selectors.my_tasks(request.user)), "mijn")
    pool = _page(request, filtered(selectors.werkvoorraad(request.user)), "voorraad")
    team = None
    if policies.scope_of(request.user).swvs_by_role.get("consulent"):
        team = _page(
            request, filtered(selectors.team_tasks(request.user).filter(assignee__isnull=False)), "team"
        )
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
            "params": params,
            "filtered": any(params.values()),
            "lights": selectors.LIGHT_FILTER_CHOICES,
            "kinds": WorkItem.Kind.choices,
            "routes": Route.choices,
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


def _form_error(form, exc: DomainError):
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, str(exc.message))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def workitem(request, pk):
    item = _item_for(request, pk)
    if item.node == "indienen" and item.status == WorkItem.Status.OPEN:
        return redirect("case_detail", item.case_id)
    form = registry.make_form(item, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form is not None:
        if item.status != WorkItem.Status.OPEN:
            messages.error(request, _("Deze taak is al afgerond of vervallen."))
            return redirect("workitem", item.pk)
        if form.is_valid():
            try:
                registry.complete(item=item, by=request.user, data=form.cleaned_data)
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
            "documents": item.case.documents.filter(next_version__isnull=True),
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
