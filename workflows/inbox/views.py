"""Inbox and task views: thin, they call services and show the DomainError messages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db.models import F, Q
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from audit.services import log_read
from cases import clock, policies
from cases.errors import DomainError
from cases.models import WorkItem
from cases.models.case import Route
from cases.roles import Role
from cases.services import afwezigheid as afwezigheid_services
from cases.services import workitems
from workflows import forms, pagination, registry, selectors
from workflows.form_errors import is_lost_race, show_domain_error
from workflows.inbox import forms as inbox_forms
from workflows.models import SavedFilter


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


def _page(request, qs, prefix: str, sort: str) -> pagination.KeysetPage:
    """A keyset page of one inbox list; `<prefix>_na` / `<prefix>_voor` hold its cursor."""
    page = pagination.keyset_page(
        selectors.for_inbox_page(qs),
        size=_page_size(request),
        after_cursor=request.GET.get(f"{prefix}_na"),
        before_cursor=request.GET.get(f"{prefix}_voor"),
        sort=sort,
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


def _without_cursors(request) -> QueryDict:
    params = request.GET.copy()
    for key in list(params):
        if key.endswith(("_na", "_voor")):
            params.pop(key)  # a new page size or order starts at the first page
    return params


def _size_links(request) -> list[tuple[int, str, bool]]:
    current = _page_size(request)
    links = []
    for n in pagination.PAGE_SIZES:
        params = _without_cursors(request)
        params["n"] = str(n)
        links.append((n, f"?{params.urlencode()}", n == current))
    return links


def _sort_headers(request, current: str) -> dict[str, dict]:
    """Per sortable column of the inbox tables: the link of its header (ascending, or descending when it is
    already sorted ascending), and `aria-sort` and the arrow of the column the lists are sorted by. The
    other filters and the page size stay; every list starts again at its first page."""
    headers = {}
    for key in pagination.COLUMNS:
        state = "ascending" if current == key else "descending" if current == f"-{key}" else ""
        params = _without_cursors(request)
        params["sortering"] = f"-{key}" if state == "ascending" else key
        headers[key] = {"url": f"?{params.urlencode()}", "aria_sort": state}
    return headers


INBOX_FILTERS = ("licht", "soort", "route", "q", "sortering")  # filters on every list


def _filter_query(data) -> str:
    """The inbox's own filter parameters of `data` (nothing else is ever stored or replayed)."""
    query = QueryDict(mutable=True)
    for key in INBOX_FILTERS:
        value = str(data.get(key, "")).strip()
        if key == "sortering" and value not in pagination.SORTS:
            continue  # an unknown order is the default one: nothing to store
        if value:
            query[key] = value
    return query.urlencode()


def _saved_filter_post(request):
    """Save the current filters under a name, or delete one of the user's saved filters."""
    if request.POST.get("actie") == "filter_verwijderen":
        pk = request.POST.get("filter", "")
        pk = int(pk) if pk.isdigit() and len(pk) < 16 else 0
        SavedFilter.objects.filter(pk=pk, user=request.user).delete()
        messages.success(request, _("Het filter is verwijderd."))
        return redirect("inbox")
    name = request.POST.get("naam", "").strip()
    query = _filter_query(request.POST)
    fits = len(query) <= SavedFilter._meta.get_field("query").max_length
    back = redirect(f"{reverse('inbox')}?{query}" if query and fits else reverse("inbox"))
    error = None
    if not name:
        error = _("Geef het filter een naam.")
    elif any(ord(c) < 32 or ord(c) == 127 for c in name):
        error = _("De naam mag geen stuurtekens bevatten.")
    elif len(name) > SavedFilter._meta.get_field("name").max_length:
        error = _("Kies een kortere naam (hoogstens 80 tekens).")
    elif not fits:
        error = _("Dit filter is te lang om te bewaren.")
    elif request.user.saved_filters.count() >= SavedFilter.MAX_PER_USER:
        error = _("U heeft al %(n)s filters bewaard; verwijder er eerst een.") % {
            "n": SavedFilter.MAX_PER_USER
        }
    if error:
        messages.error(request, error)
        return back
    SavedFilter.objects.update_or_create(user=request.user, name=name, defaults={"query": query})
    messages.success(request, _("Filter bewaard: %(name)s") % {"name": name})
    return back


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def inbox(request):
    if request.method == "POST":
        return _saved_filter_post(request)
    params = {k: request.GET.get(k, "").strip() for k in INBOX_FILTERS}
    if params["sortering"] not in pagination.SORTS:
        params["sortering"] = ""  # an unknown order: the default one
    sort = pagination.sort_for(params["sortering"])

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

    mine = _page(request, filtered(selectors.my_tasks(request.user)), "mijn", sort)
    pool = _page(request, filtered(selectors.werkvoorraad(request.user)), "voorraad", sort)
    team = None
    if policies.scope_of(request.user).swvs_by_role.get("consulent"):
        team = _page(
            request,
            filtered(selectors.team_tasks(request.user).filter(assignee__isnull=False)),
            "team",
            sort,
        )
    return render(
        request,
        "inbox/inbox.html",
        {
            "mine": mine,
            "mine_rows": selectors.rows(mine, viewer=request.user),
            "waiting_rows": selectors.rows(selectors.waiting_tasks(request.user)[:50], viewer=request.user),
            "vervanging": policies.active_absences().filter(vervanger=request.user).select_related("user"),
            "may_reassign": bool(policies.absence_swvs(request.user)),
            "pool": pool,
            "pool_rows": selectors.rows(pool),
            "team": team,
            "team_rows": selectors.rows(team) if team is not None else [],
            "params": params,
            "filtered": any(v for k, v in params.items() if k != "sortering"),
            "lights": selectors.LIGHT_FILTER_CHOICES,
            "kinds": WorkItem.Kind.choices,
            "routes": Route.choices,
            "page_sizes": _size_links(request),
            "sorts": [
                (key, s.label)
                for key, s in pagination.SORTS.items()
                if team is not None or key.lstrip("-") != "bij"  # "bij" only where a list shows it
            ],
            "sort": sort,
            "headers": _sort_headers(request, sort),
            "saved_filters": list(request.user.saved_filters.all()),
            "current_query": _filter_query(request.GET),
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
                show_domain_error(request, None if is_lost_race(exc) else form, exc)
                if is_lost_race(exc):
                    return redirect("workitem", item.pk)  # show the task as it is now, not a stale form
            else:
                if item.assignee_id is None:  # completing a werkvoorraad task claimed it first
                    text = _("U heeft de taak opgepakt en afgerond: %(title)s")
                else:
                    text = _("Taak afgerond: %(title)s")
                messages.success(request, text % {"title": item.display_title})
                return redirect("inbox")
    reassign_form = None
    if item.status == WorkItem.Status.OPEN and policies.can(request.user, "workitem.reassign", item):
        reassign_form = forms.ReassignForm(candidates=_candidates(item))
    log_read(request, case=item.case, what=f"taak {item.pk}: {item.display_title}")
    return render(
        request,
        "inbox/workitem.html",
        {
            "item": item,
            "form": form,
            "case": item.case,
            "aanvraag": getattr(item.case, "tlv", None),
            "light": selectors.light_for(item),
            "may_act": policies.may_act_on_workitem(request.user, item),
            "reassign_form": reassign_form,
            "follow_up_form": inbox_forms.FollowUpForm()
            if item.status == WorkItem.Status.OPEN
            and item.assignee_id
            and policies.may_act_on_workitem(request.user, item)
            else None,
            "namens": workitems.on_behalf_of(item, request.user),
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


# --- wedervoorlegging, afwezigheid and reassigning several tasks at once --------------------------------


@login_required
@require_POST
def workitem_follow_up(request, pk):
    item = _item_for(request, pk)
    if request.POST.get("opheffen"):
        on, reason = None, ""
    else:
        form = inbox_forms.FollowUpForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Kies een geldige datum voor de wedervoorlegging."))
            return redirect("workitem", item.pk)
        on, reason = form.cleaned_data["on"], form.cleaned_data["reason"]
    try:
        workitems.workitem_follow_up(item=item, by=request.user, on=on, reason=reason)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("workitem", item.pk)
    if on is None:
        messages.success(request, _("De wedervoorlegging is opgeheven; de taak staat weer in uw lijst."))
        return redirect("workitem", item.pk)
    messages.success(
        request,
        _("De taak komt op %(date)s terug in uw lijst.") % {"date": date_format(on, "j F Y")},
    )
    return redirect("inbox")


def _absence_form(request, data=None):
    people = get_user_model().objects.order_by("last_name", "first_name", "username")
    staff = policies.staff_of(request.user).values("pk")
    colleagues = policies.colleagues_of(request.user).values("pk")
    return inbox_forms.AfwezigheidForm(
        data,
        users=people.filter(Q(pk=request.user.pk) | Q(pk__in=staff)),
        vervangers=people.filter(Q(pk__in=colleagues) | Q(pk__in=staff)),
        initial={"user": request.user.pk, "starts_on": clock.today()},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def afwezigheid(request):
    """Record an absence with a vervanger (one's own, or as coordinator for a member of the SWV), or end
    one early."""
    form = _absence_form(request)
    if request.method == "POST" and request.POST.get("actie") == "beeindigen":
        pk = request.POST.get("afwezigheid", "")
        absence = policies.visible_absences(request.user).filter(
            pk=int(pk) if pk.isdigit() and len(pk) < 16 else 0
        )
        absence = absence.first()
        if absence is None:
            messages.error(request, _("Deze afwezigheid bestaat niet (meer)."))
            return redirect("afwezigheid")
        try:
            afwezigheid_services.afwezigheid_end(absence=absence, by=request.user)
            messages.success(request, _("De afwezigheid is beëindigd."))
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("afwezigheid")
    if request.method == "POST":
        form = _absence_form(request, request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                afwezigheid_services.afwezigheid_record(
                    user=data["user"],
                    vervanger=data["vervanger"],
                    starts_on=data["starts_on"],
                    ends_on=data["ends_on"],
                    reason=data["reason"],
                    by=request.user,
                )
            except DomainError as exc:
                show_domain_error(request, form, exc)
            else:
                messages.success(request, _("De afwezigheid is vastgelegd."))
                return redirect("afwezigheid")
        else:
            messages.error(request, _("Controleer de gemarkeerde velden."))
    today = clock.today()
    absences = (
        policies.visible_absences(request.user)
        .filter(ended_at__isnull=True, ends_on__gte=today)
        .select_related("user", "vervanger", "created_by")
        .order_by("starts_on", "pk")[:200]
    )
    return render(
        request,
        "inbox/afwezigheid.html",
        {"form": form, "absences": absences, "today": today},
    )


BULK_FILTERS = ("route", "rol", "bij", "q")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def workitems_reassign(request):
    """A coordinator reassigns several open tasks at once: filter, select, pick a colleague, give a reason."""
    if not policies.absence_swvs(request.user):
        raise Http404
    params = {k: request.GET.get(k, "").strip()[:60] for k in BULK_FILTERS}
    items = policies.reassignable_items(request.user)
    if params["route"] in Route.values:
        items = items.filter(case__route=params["route"])
    if params["rol"] in Role.values:
        items = items.filter(role=params["rol"])
    if params["bij"] == "voorraad":
        items = items.filter(assignee__isnull=True)
    elif params["bij"].isdigit() and len(params["bij"]) < 16:
        items = items.filter(assignee_id=int(params["bij"]))
    if params["q"]:
        items = items.filter(case__reference__icontains=params["q"])
    items = items.select_related("case", "case__leerling", "assignee").order_by(
        F("due_at").asc(nulls_last=True), "pk"
    )
    candidates = policies.staff_of(request.user)
    form = inbox_forms.BulkReassignForm(
        tasks=policies.reassignable_items(request.user), candidates=candidates
    )
    if request.method == "POST":
        form = inbox_forms.BulkReassignForm(
            request.POST, tasks=policies.reassignable_items(request.user), candidates=candidates
        )
        if not form.is_valid():
            messages.error(request, _("Kies een of meer taken, een medewerker en geef een reden."))
        else:
            data = form.cleaned_data
            try:
                done = workitems.workitems_reassign(
                    items=list(data["tasks"].order_by("pk")),
                    by=request.user,
                    to=data["to"],
                    reason=data["reason"],
                )
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(n)d taak toegewezen aan %(name)s.",
                        "%(n)d taken toegewezen aan %(name)s.",
                        len(done),
                    )
                    % {"n": len(done), "name": data["to"].get_full_name() or data["to"].username},
                )
                return redirect(f"{reverse('workitems_reassign')}?{request.GET.urlencode()}")
    rows = list(items[: workitems.BULK_REASSIGN_MAX])
    return render(
        request,
        "inbox/reassign.html",
        {
            "form": form,
            "rows": rows,
            "params": params,
            "routes": Route.choices,
            "roles": Role.choices,
            "staff": candidates,
            "max": workitems.BULK_REASSIGN_MAX,
            "selected": {int(v) for v in request.POST.getlist("tasks") if v.isdigit() and len(v) < 16},
        },
    )
