"""The pages every route has, written once: its list, its "new" page and its case page.

A route's views.py fills them in with its own record, filters, template and labels; what a route's page
shows beyond this (its record's fields, its own forms) stays in that views.py.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render

from audit.services import log_read
from cases import policies
from cases.errors import DomainError
from cases.models import WorkItem
from cases.services import deadlines as deadline_services
from workflows import actions, creation, listing, selectors


def list_context(request, qs, *, closed_status, filter_param: str, filter_field: str, filter_values) -> dict:
    """A route's list: open records only unless `alle=1`, one choice filter, search and pagination."""
    alle = request.GET.get("alle") == "1"
    if not alle:
        qs = qs.exclude(status=closed_status)
    value = request.GET.get(filter_param, "")
    if value in filter_values:
        qs = qs.filter(**{filter_field: value})
    q = request.GET.get("q", "").strip()
    page, extra = listing.paginate(request, listing.search_cases(qs, q))
    return {"page": page, "extra": extra, "q": q, filter_param: value, "alle": alle}


def new_case_page(request, route: str, *, template: str, success: str, detail_url: str):
    """Open a case on `route` through workflows/creation.py (the API's path too); `success` has %(ref)s."""
    if not creation.CREATION[route].allowed(request.user):
        raise PermissionDenied
    form = creation.make_page_form(route, request)
    if request.method == "POST" and form.is_valid():
        try:
            record = creation.create(route=route, by=request.user, data=form.cleaned_data)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        else:
            messages.success(request, success % {"ref": record.case.reference})
            return redirect(detail_url, record.case_id)
    return render(request, template, {"form": form})


def route_case_or_404(request, pk, route: str):
    """The case `pk` on `route` if this user may see it; 404 otherwise (no hint that it exists)."""
    case = policies.visible_cases(request.user).filter(pk=pk, route=route).first()
    if case is None:
        raise Http404
    return case


def case_page_context(request, case, *, what: str) -> dict:
    """What every route's case page shows: the terms with their light, the open work items and the
    timeline. Logs the read as `what`."""
    log_read(request, case=case, what=what)
    open_items = case.work_items.filter(status=WorkItem.Status.OPEN).select_related("assignee")
    return {
        "case": case,
        "deadlines": [(d, deadline_services.deadline_light(d)) for d in case.deadlines.all().order_by("pk")],
        "open_items": selectors.rows(open_items),
        "events": case.events.select_related("actor").order_by("at", "pk"),
    }


def case_action(
    request, case, action: str, *, invalid: str, success: str, detail_url: str, detail_pk, **form
):
    """A case action posted from a route's case page: the action's form, then the action (its one service
    call, workflows.actions); the outcome is a message on the case page it came from."""
    bound = actions.make_form(actions.ACTIONS[action], case, request.POST, **form)
    if not bound.is_valid():
        messages.error(request, invalid)
        return redirect(detail_url, detail_pk)
    try:
        actions.perform(name=action, case=case, by=request.user, data=bound.cleaned_data)
        messages.success(request, success)
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(detail_url, detail_pk)
