"""Shared pieces of the API views: object lookups through cases/policies.py, and the input pipeline
(strict serializer from the UI's form -> the form itself -> cleaned data for the one service call)."""

from __future__ import annotations

from django.http import Http404
from rest_framework import serializers
from rest_framework.views import APIView

from api.forms_adapter import form_errors, serializer_for, to_form_data
from api.permissions import HasScope
from cases import policies
from cases.models import Case, WorkItem


class ApiView(APIView):
    permission_classes = [HasScope]
    resource: str | None = None


def visible_case(request, pk, route: str | None = None) -> Case:
    qs = policies.visible_cases(request.user).select_related("leerling", "school", "swv")
    if route:
        qs = qs.filter(route=route)
    case = qs.filter(pk=pk).first()
    if case is None:
        raise Http404
    return case


def visible_item(request, pk) -> WorkItem:
    item = (
        WorkItem.objects.select_related("case", "case__leerling", "case__school", "deadline", "assignee")
        .filter(pk=pk)
        .first()
    )
    if item is None or not policies.can_see_workitem(request.user, item):
        raise Http404  # another organisation's task is not found, not forbidden
    return item


def validated_form(request, form_class, name: str, make_form):
    """Validate request.data against the form's strict serializer, then bind and validate the form built by
    `make_form(data, files)`; return its cleaned_data or raise a 400 naming the field."""
    serializer = serializer_for(form_class, name)(data=request.data)
    serializer.is_valid(raise_exception=True)
    data, files = to_form_data(form_class, serializer.validated_data)
    form = make_form(data, files)
    if not form.is_valid():
        raise form_errors(form)
    return form.cleaned_data


def query_params(request, serializer_class) -> dict:
    """Validated query parameters (wrong types answer 400 naming the parameter)."""
    params = {k: v for k, v in request.query_params.items() if k in serializer_class().fields}
    serializer = serializer_class(data=params)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class EmptySerializer(serializers.Serializer):
    pass
