"""The pages every route has, written once: its list, its "new" page and its case page.

A route's views.py fills them in with its own record, filters, template and labels; what a route's page
shows beyond this (its record's fields, its own forms) stays in that views.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from audit.services import log_read
from cases import policies, profiles
from cases.errors import DomainError
from cases.models import WorkItem
from cases.services import deadlines as deadline_services
from workflows import actions, creation, listing, selectors
from workflows.forms import ReasonForm

CLOSED = "afgesloten"  # the closed state of every route record


@dataclass(frozen=True)
class ChoiceFilter:
    """A list page's one choice filter: `?<param>=` filters `field`; its choices are `choices_name` in the
    template."""

    param: str
    field: str
    choices_name: str
    choices: list


def visible_records(request, model, *related: str):
    """The route records (one per case) of the cases this user may see, with what the page shows."""
    return model.objects.filter(case__in=policies.visible_cases(request.user)).select_related(*related)


def list_page(request, route: str, qs, rows: str, choice_filter: ChoiceFilter, extra: dict):
    """A route's list page (`<route>/list.html`): open records only unless `alle=1`, the choice filter,
    search and pagination; the page of records is `rows` in the template, with the route's own `extra`."""
    alle = request.GET.get("alle") == "1"
    if not alle:
        qs = qs.exclude(status=CLOSED)
    value = request.GET.get(choice_filter.param, "")
    if value in {code for code, _label in choice_filter.choices}:
        qs = qs.filter(**{choice_filter.field: value})
    q = request.GET.get("q", "").strip()
    page, more = listing.paginate(request, listing.search_cases(qs, q))
    context = {"page": page, "extra": more, "q": q, choice_filter.param: value, "alle": alle, rows: page}
    return render(
        request, f"{route}/list.html", {**context, choice_filter.choices_name: choice_filter.choices, **extra}
    )


def new_case_view(route: str, success):
    """The view of a route's "new" page (`new_case_page`), for its URL; `success` is a lazy message."""

    @login_required
    @require_http_methods(["GET", "HEAD", "POST"])
    def view(request):
        return new_case_page(request, route, success)

    view.__name__ = view.__qualname__ = f"{route}_new"
    return view


def new_case_page(request, route: str, success: str):
    """Open a case on `route` through workflows/creation.py (the API's path too) from `<route>/new.html`;
    `success` has %(ref)s; then the case's page `<route>_detail`."""
    if not creation.CREATION[route].allowed(request.user):
        raise PermissionDenied
    if not profiles.route_offered(request.user, route):
        raise Http404  # the SWV has switched this route off: it is not offered
    form = creation.make_page_form(route, request)
    if request.method == "POST" and form.is_valid():
        try:
            record = creation.create(route=route, by=request.user, data=form.cleaned_data)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        else:
            messages.success(request, success % {"ref": record.case.reference})
            return redirect(f"{route}_detail", record.case_id)
    return render(request, f"{route}/new.html", {"form": form})


def route_case_or_404(request, pk, route: str):
    """The case `pk` on `route` if this user may see it; 404 otherwise (no hint that it exists)."""
    case = policies.visible_cases(request.user).filter(pk=pk, route=route).first()
    if case is None:
        raise Http404
    return case


def record_page(request, pk, route: str, qs, record: str, what: str, extra):
    """A route's case page (`<route>/detail.html`): the case (404 unless visible), its route record from `qs`
    as `record`, what every case page shows (`case_page_context`, the read logged as `what`) and
    `extra(record)`."""
    case = route_case_or_404(request, pk, route)
    obj = qs.get(case=case)
    context = {**case_page_context(request, case, what=what), record: obj, **extra(obj)}
    return render(request, f"{route}/detail.html", context)


def case_page_context(request, case, *, what: str) -> dict:
    """What every route's case page shows: the terms with their light, the open work items, the case tables
    it was discussed at and the timeline. Logs the read as `what`."""
    log_read(request, case=case, what=what)
    from workflows.overleg.views import case_tables

    open_items = case.work_items.filter(status=WorkItem.Status.OPEN).select_related("assignee")
    return {
        **case_tables(request, case),
        "case": case,
        "deadlines": [(d, deadline_services.deadline_light(d)) for d in case.deadlines.all().order_by("pk")],
        "open_items": selectors.rows(open_items),
        "events": case.events.select_related("actor").order_by("at", "pk"),
        **archive_context(request.user, case),
    }


def archive_context(user, case) -> dict:
    """The archive card's forms on a case page (includes/case_archive.html): reopening a closed case (the
    route's `<route>_heropenen` action, for who may) and the legal hold (privacy officer, archivaris)."""
    action = actions.REOPEN.get(case.route)
    may_reopen = (
        action is not None and case.closed_at is not None and policies.can(user, f"{case.route}.reopen", case)
    )
    may_hold = case.swv_id in policies.destruction_swvs(user)
    return {
        "reopen_form": actions.make_form(actions.ACTIONS[action], case, prefix="heropenen")
        if may_reopen
        else None,
        "legal_hold_form": ReasonForm(prefix="bewaarplicht") if may_hold else None,
    }


@login_required
@require_http_methods(["POST"])
def reopen(request, pk):
    """Reopen a closed case with a reason (its route's `<route>_heropenen` action, as the API does); back to
    the case's page with the outcome."""
    case = policies.visible_cases(request.user).filter(pk=pk).first()
    if case is None or case.route not in actions.REOPEN:
        raise Http404
    form = actions.make_form(
        actions.ACTIONS[actions.REOPEN[case.route]], case, request.POST, prefix="heropenen"
    )
    if not form.is_valid():
        messages.error(
            request,
            _("Geef een reden voor het heropenen.")
            if "reason" in form.errors
            else _("Controleer de gegevens voor het heropenen: %(fouten)s")
            % {"fouten": "; ".join(str(e) for errors in form.errors.values() for e in errors)},
        )
    else:
        try:
            actions.perform(
                name=actions.REOPEN[case.route], case=case, by=request.user, data=form.cleaned_data
            )
            messages.success(request, _("De casus is heropend."))
        except DomainError as exc:
            messages.error(request, exc.message)
    return redirect("case_detail", case.pk)


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


def action_view(record_for, action: str, *, invalid, success, detail_url: str):
    """The POST view of one case action on a route's case page: `record_for(request, pk)` finds the route
    record through the policy (404 otherwise); the outcome shows on the case page (`detail_url`)."""

    @login_required
    @require_POST
    def view(request, pk):
        record = record_for(request, pk)
        return case_action(
            request,
            record.case,
            action,
            invalid=invalid,
            success=success,
            detail_url=detail_url,
            detail_pk=record.case_id,
        )

    view.__name__ = view.__qualname__ = f"{action}_view"
    return view
