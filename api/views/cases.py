"""Cases: per route (list with filters, create, detail), the timeline, deadlines and transitions."""

from __future__ import annotations

from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.response import Response

from api.forms_adapter import component_name, serializer_for
from api.pagination import KeysetPagination
from api.permissions import HasScope
from api.serializers import (
    RECORD_SOURCES,
    ROUTE_RECORDS,
    ActionSerializer,
    CaseSerializer,
    DeadlineSerializer,
    EventSerializer,
    route_case_serializer,
)
from api.views.base import ApiView, query_params, validated_form, visible_case
from cases import policies
from cases.models import Case
from cases.models.case import Route
from workflows import actions, creation

STATUS = Coalesce(
    "tlv__status",
    "thuiszitter__status",
    "aanmelding__status",
    "screening__status",
    "schakeltraject__status",
    "ondersteuningsaanvraag__status",
    "overstap__status",  # the sending (PO) case
    "overstap_ontvangst__status",  # the receiving (VO) case: the same handover
)


def camel(name: str) -> str:
    return "".join(part.title() for part in name.replace("-", "_").split("_"))


class CaseFilter(serializers.Serializer):
    route = serializers.ChoiceField(choices=Route.values, required=False, help_text="tlv, thuiszitter, …")
    status = serializers.CharField(required=False, max_length=40, help_text="Status van het routerecord")
    open = serializers.BooleanField(required=False, allow_null=True, default=None)
    school = serializers.IntegerField(required=False, min_value=1)
    leerling = serializers.IntegerField(required=False, min_value=1)
    q = serializers.CharField(required=False, max_length=100, help_text="Kenmerk of naam van de leerling")
    opened_after = serializers.DateField(required=False)
    opened_before = serializers.DateField(required=False)


def filtered_cases(request, route: str | None = None):
    params = query_params(request, CaseFilter)
    qs = policies.visible_cases(request.user).annotate(status=STATUS)
    route = route or params.get("route")
    if route:
        qs = qs.filter(route=route)
    if params.get("status"):
        qs = qs.filter(status=params["status"])
    if params.get("open") is not None:
        qs = qs.filter(closed_at__isnull=params["open"])
    if params.get("school"):
        qs = qs.filter(school_id=params["school"])
    if params.get("leerling"):
        qs = qs.filter(leerling_id=params["leerling"])
    if params.get("q"):
        q = params["q"]
        qs = qs.filter(
            Q(reference__icontains=q)
            | Q(leerling__achternaam__icontains=q)
            | Q(leerling__voornaam__icontains=q)
        )
    if params.get("opened_after"):
        qs = qs.filter(opened_at__date__gte=params["opened_after"])
    if params.get("opened_before"):
        qs = qs.filter(opened_at__date__lte=params["opened_before"])
    return qs


@extend_schema(tags=["casussen"], parameters=[CaseFilter])
class CaseList(generics.ListAPIView):
    """All cases this user may see, every route; keyset pagination (newest first)."""

    permission_classes = [HasScope]
    resource = "cases"
    serializer_class = CaseSerializer
    pagination_class = KeysetPagination

    def get_queryset(self):
        return filtered_cases(self.request)


class CaseDetailSerializer(CaseSerializer):
    record = serializers.SerializerMethodField(help_text="Het routerecord, zoals bij /cases/<route>/{id}/.")

    class Meta(CaseSerializer.Meta):
        fields = [*CaseSerializer.Meta.fields, "record"]

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_record(self, obj):
        attr, record_serializer = ROUTE_RECORDS[obj.route]
        record = getattr(obj, RECORD_SOURCES.get(obj.route, attr), None)
        return record_serializer(record, context=self.context).data if record is not None else None


@extend_schema(tags=["casussen"], responses=CaseDetailSerializer)
class CaseDetail(ApiView):
    """One case with its route record. The read is logged like the case page's."""

    resource = "cases"
    read_what = "dossier"

    def get(self, request, pk):
        case = visible_case(request, pk)
        case.status = Case.objects.filter(pk=case.pk).annotate(s=STATUS).values_list("s", flat=True).first()
        return Response(CaseDetailSerializer(case, context={"request": request}).data)


def route_views(route: str):
    """List + create and detail views for one route, each documented with the route's own schemas."""
    output = route_case_serializer(route)
    spec = creation.CREATION[route]
    input_serializer = serializer_for(spec.form, f"{camel(route)}Nieuw")
    attr, _record = ROUTE_RECORDS[route]

    def _answer(request, case, code=status.HTTP_200_OK):
        case = Case.objects.annotate(status=STATUS).select_related(attr).get(pk=case.pk)
        return Response(output(case, context={"request": request}).data, status=code)

    @extend_schema(tags=[f"route {route}"])
    class ListCreate(generics.ListAPIView):
        permission_classes = [HasScope]
        resource = "cases"
        serializer_class = output
        pagination_class = KeysetPagination

        def get_queryset(self):
            return filtered_cases(self.request, route=route).select_related(attr)

        @extend_schema(
            summary=f"Casussen van de route {route}",
            parameters=[CaseFilter],
            operation_id=f"cases_{route}_list",
        )
        def get(self, request, *args, **kwargs):
            return super().get(request, *args, **kwargs)

        @extend_schema(
            summary=f"Nieuwe casus op de route {route}",
            request=input_serializer,
            responses={201: output},
            operation_id=f"cases_{route}_create",
        )
        def post(self, request):
            data = validated_form(
                request,
                spec.form,
                f"{camel(route)}Nieuw",
                lambda d, f: creation.make_form(route, request.user, d),
            )
            record = creation.create(route=route, by=request.user, data=data)
            return _answer(request, record.case, status.HTTP_201_CREATED)

    class Detail(ApiView):
        resource = "cases"
        read_what = f"dossier {route}"

        @extend_schema(tags=[f"route {route}"], responses=output, operation_id=f"cases_{route}_retrieve")
        def get(self, request, pk):
            case = visible_case(request, pk, route=route)
            return _answer(request, case)

    ListCreate.__name__ = f"{camel(route)}CaseListCreate"
    Detail.__name__ = f"{camel(route)}CaseDetail"
    return ListCreate, Detail


ROUTE_VIEWS = {route: route_views(route) for route in Route.values}


@extend_schema(tags=["casussen"], responses=EventSerializer(many=True))
class CaseTimeline(ApiView):
    """The case's timeline (every state change, refusal, task, document, term and notification)."""

    resource = "cases"
    read_what = "tijdlijn"

    def get(self, request, pk):
        case = visible_case(request, pk)
        events = case.events.select_related("actor").order_by("at", "pk")
        return Response(EventSerializer(events, many=True).data)


@extend_schema(tags=["termijnen"], responses=DeadlineSerializer(many=True))
class CaseDeadlines(ApiView):
    """The case's terms, each with its explanation (start, length, pauses, extensions, Atw)."""

    resource = "deadlines"
    read_what = "termijnen"

    def get(self, request, pk):
        case = visible_case(request, pk)
        deadlines = case.deadlines.order_by("pk")
        return Response(DeadlineSerializer(deadlines, many=True).data)


def _action_data(request, case, spec):
    return {
        "action": spec.name,
        "label": str(spec.label),
        "description": str(spec.description or ""),
        "url": request.build_absolute_uri(reverse(f"api:case-transition-{spec.name}", args=[case.pk])),
        "input_schema": component_name(spec.form, f"Actie{camel(spec.name)}"),
    }


@extend_schema(tags=["overgangen"], responses=ActionSerializer(many=True))
class CaseTransitions(ApiView):
    """The actions of this case's route (POST to their url; the services decide whether it may now)."""

    resource = "cases"
    read_what = "acties"

    def get(self, request, pk):
        case = visible_case(request, pk)
        return Response([_action_data(request, case, spec) for spec in actions.for_route(case.route)])


CONFLICT_NOTE = (
    "Een stap die in de huidige status niet kan, geeft 409 met de Nederlandse melding en de foutcode."
)


class ActionResultSerializer(serializers.Serializer):
    case = CaseSerializer()
    result_type = serializers.CharField(allow_null=True, help_text="bijv. 'Bezwaar' of 'TlvAanvraag'")
    result_id = serializers.IntegerField(allow_null=True)


def transition_view(spec: actions.ActionSpec):
    name = f"Actie{camel(spec.name)}"
    input_serializer = serializer_for(spec.form, name)

    class Transition(ApiView):
        resource = "cases"

        @extend_schema(
            tags=["overgangen"],
            summary=f"{spec.label} ({spec.route})",
            description=f"{spec.description or ''} {CONFLICT_NOTE}".strip(),
            request={
                "application/json": input_serializer,
                "multipart/form-data": input_serializer,
            }
            if "file" in spec.form.base_fields
            else input_serializer,
            responses=ActionResultSerializer,
            operation_id=f"cases_transition_{spec.name}",
        )
        def post(self, request, pk):
            case = visible_case(request, pk)
            data = validated_form(
                request, spec.form, name, lambda d, f: actions.make_form(spec, case, d, f or None)
            )
            result = actions.perform(name=spec.name, case=case, by=request.user, data=data)
            case = Case.objects.annotate(status=STATUS).get(pk=case.pk)
            return Response(
                {
                    "case": CaseSerializer(case, context={"request": request}).data,
                    "result_type": type(result).__name__ if result is not None else None,
                    "result_id": getattr(result, "pk", None),
                }
            )

    Transition.__name__ = f"Transition{camel(spec.name)}"
    return Transition


TRANSITION_VIEWS = {name: transition_view(spec) for name, spec in actions.ACTIONS.items()}
