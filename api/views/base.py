"""Shared pieces of the API views: object lookups through cases/policies.py, and the input pipeline
(strict serializer from the UI's form -> the form itself -> cleaned data for the one service call)."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404
from rest_framework import serializers
from rest_framework.views import APIView

from api.forms_adapter import form_errors, serializer_for, to_form_data
from api.permissions import HasScope
from audit.services import log_read
from cases import policies
from cases.models import Case, Document, Leerling, WorkItem


@dataclass
class DossierRead:
    """A dossier object that a lookup below handed to the view: the response logs it as a read."""

    subject: str  # what was opened, e.g. "document 12: Onderwijskundig rapport"
    case: Case | None = None
    leerling: Leerling | None = None


class ApiView(APIView):
    """Every API view. A successful GET or HEAD that looked up a dossier object through the lookups below
    (a case, task, document or pupil) writes one line in the read-access log, in this one place: a view
    cannot read a dossier without it being logged. `read_what` names what was read ("{subject}" is the
    object the lookup found)."""

    permission_classes = [HasScope]
    resource: str | None = None
    read_what: str = "{subject}"

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        reads = getattr(request._request, "dossier_reads", None)
        if reads and request.method in ("GET", "HEAD") and 200 <= response.status_code < 300:
            for read in reads:
                what = self.read_what.format(subject=read.subject)
                log_read(request, case=read.case, leerling=read.leerling, what=f"{what} (API)")
            reads.clear()
        return response


def _read(request, read: DossierRead) -> None:
    http_request = getattr(request, "_request", request)
    if not hasattr(http_request, "dossier_reads"):
        http_request.dossier_reads = []
    http_request.dossier_reads.append(read)


def visible_case(request, pk, route: str | None = None) -> Case:
    qs = policies.visible_cases(request.user).select_related("leerling", "school", "swv")
    if route:
        qs = qs.filter(route=route)
    case = qs.filter(pk=pk).first()
    if case is None:
        raise Http404
    _read(request, DossierRead("dossier", case=case))
    return case


def visible_item(request, pk) -> WorkItem:
    item = (
        WorkItem.objects.select_related("case", "case__leerling", "case__school", "deadline", "assignee")
        .filter(pk=pk)
        .first()
    )
    if item is None or not policies.can_see_workitem(request.user, item):
        raise Http404  # another organisation's task is not found, not forbidden
    _read(request, DossierRead(f"taak {item.pk}: {item.display_title}", case=item.case))
    return item


def visible_document(request, pk) -> Document:
    doc = Document.objects.select_related("case").filter(pk=pk).first()
    if doc is None or not policies.can(request.user, "document.view", doc):
        raise Http404
    _read(request, DossierRead(f"document {doc.pk}: {doc.get_kind_display()}", case=doc.case))
    return doc


def visible_leerling(request, pk) -> Leerling:
    leerling = policies.visible_leerlingen(request.user).filter(pk=pk).first()
    if leerling is None:
        raise Http404
    _read(request, DossierRead("leerling", leerling=leerling))
    return leerling


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
