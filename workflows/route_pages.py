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


def visible_records(request, model, *related: str):
    """The route records (one per case) of the cases this user may see, with what the page shows."""
    return model.objects.filter(case__in=policies.visible_cases(request.user)).select_related(*related)


def list_page(request, qs, *, template: str, rows: str, filter_choices, extra: dict, **filters):
    """A route's list page: `qs` filtered and paged by `list_context` (`filters`: closed_status,
    filter_param, filter_field), its page of records as `rows` and the filter's choices as
    `filter_choices` (name, choices), plus the route's own `extra` context."""
    choices_name, choices = filter_choices
    ctx = list_context(request, qs, filter_values=[value for value, _label in choices], **filters)
    return render(request, template, {**ctx, rows: ctx["page"], choices_name: choices, **extra})


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


def record_page(request, pk, route: str, qs, *, template: str, record: str, what: str, extra) -> object:
    """A route's case page: the case (404 unless visible), its route record from `qs` as `record`, what
    every case page shows (`case_page_context`, the read logged as `what`) and `extra(record)`."""
    case = route_case_or_404(request, pk, route)
    obj = qs.get(case=case)
    return render(
        request, template, {**case_page_context(request, case, what=what), record: obj, **extra(obj)}
    )


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
