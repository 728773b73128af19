"""The search endpoint of the pupil and school pickers, and the page "Nieuwe leerling"."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from cases import policies
from cases.errors import DomainError
from cases.services.leerlingen import leerling_create
from workflows import creation, pickers
from workflows.pupils.forms import LeerlingNieuwForm


@login_required
@require_safe
def picker_search(request, route, field):
    """`?q=` -> the matching options of one picker field of a route's creation form (JSON). The list is the
    form's own queryset (cases.policies.pickable_leerlingen for pupils), so nothing outside it is found."""
    spec = creation.CREATION.get(route)
    if spec is None:
        raise Http404
    if not spec.allowed(request.user):
        raise PermissionDenied
    form_field = creation.make_form(route, request.user).fields.get(field)
    if form_field is None or not pickers.is_picker_field(form_field):
        raise Http404
    answer = pickers.results(form_field.queryset, request.GET.get("q", ""), user=request.user)
    return JsonResponse(answer, headers={"Cache-Control": "no-store"})


def _route(request) -> str:
    route = request.GET.get("route", "")
    return route if route in creation.PAGES else ""


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def leerling_new(request):
    """Register a pupil of the user's own school (the consulent: of a school of their SWV). From a case form
    (`?route=tlv`) the page returns to that form with the new pupil selected; with `?partial=1` it answers
    the form alone (the dialog on the case form), and a POST asking for JSON gets the new pupil's option."""
    if not policies.leerling_create_schools(request.user).exists():
        raise PermissionDenied
    route = _route(request)
    wants_json = "application/json" in request.headers.get("Accept", "")
    form = LeerlingNieuwForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            leerling = leerling_create(by=request.user, data=form.cleaned_data)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        else:
            if wants_json:
                return JsonResponse(pickers.option(leerling), status=201)
            messages.success(request, _("Leerling %(name)s toegevoegd.") % {"name": leerling})
            if route:
                return redirect(f"{reverse(creation.PAGES[route])}?leerling={leerling.pk}")
            return redirect("leerling_detail", leerling.pk)
    back = reverse(creation.PAGES[route]) if route else reverse("leerling_search")
    template = (
        "pupils/_leerling_new_form.html" if request.GET.get("partial") == "1" else "pupils/leerling_new.html"
    )
    return render(
        request,
        template,
        {"form": form, "route": route, "back": back},
        status=400 if form.is_bound else 200,
    )
