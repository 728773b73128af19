"""Tasks: my inbox, the werkvoorraad, claim, release and complete with the node's payload; escalations."""

from __future__ import annotations

import datetime as dt

from django.db.models import DateTimeField, Q, Value
from django.db.models.functions import Coalesce
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response

from api.forms_adapter import serializer_for
from api.pagination import KeysetPagination
from api.permissions import HasScope
from api.serializers import TaskSerializer
from api.views.base import ApiView, query_params, validated_form, visible_item
from cases import policies
from cases.errors import Conflict
from cases.models import WorkItem
from cases.roles import Role
from cases.services import workitems
from workflows import registry, selectors

FAR_FUTURE = dt.datetime(9999, 12, 31, tzinfo=dt.UTC)


class InboxPagination(KeysetPagination):
    ordering = ("due_sort", "pk")  # most urgent first; tasks without a term last


class TaskFilter(serializers.Serializer):
    inbox = serializers.ChoiceField(
        choices=["mine", "werkvoorraad", "team"],
        default="mine",
        help_text="mine: mijn taken; werkvoorraad: wat ik mag oppakken; team: alle open taken van mijn SWV "
        "(consulent)",
    )
    kind = serializers.ChoiceField(choices=WorkItem.Kind.values, required=False)


@extend_schema(tags=["taken"], parameters=[TaskFilter])
class TaskList(generics.ListAPIView):
    """Open tasks: my inbox (default), the werkvoorraad of my role and organisation, or my team's."""

    permission_classes = [HasScope]
    resource = "tasks"
    serializer_class = TaskSerializer
    pagination_class = InboxPagination

    def get_queryset(self):
        params = query_params(self.request, TaskFilter)
        user = self.request.user
        qs = {
            "mine": selectors.my_tasks,
            "werkvoorraad": selectors.werkvoorraad,
            "team": selectors.team_tasks,
        }[params["inbox"]](user)
        if params.get("kind"):
            qs = qs.filter(kind=params["kind"])
        return qs.annotate(due_sort=Coalesce("due_at", Value(FAR_FUTURE, output_field=DateTimeField())))


@extend_schema(tags=["taken"], responses=TaskSerializer)
class TaskDetail(ApiView):
    resource = "tasks"

    def get(self, request, pk):
        item = visible_item(request, pk)
        return Response(TaskSerializer(item).data)


@extend_schema(tags=["taken"], request=None, responses=TaskSerializer)
class TaskClaim(ApiView):
    """Take a task from the werkvoorraad (409 when someone else was first)."""

    resource = "tasks"

    def post(self, request, pk):
        item = workitems.workitem_claim(item=visible_item(request, pk), by=request.user)
        return Response(TaskSerializer(item).data)


@extend_schema(tags=["taken"], request=None, responses=TaskSerializer)
class TaskRelease(ApiView):
    """Give a task back to the werkvoorraad."""

    resource = "tasks"

    def post(self, request, pk):
        item = workitems.workitem_release(item=visible_item(request, pk), by=request.user)
        return Response(TaskSerializer(item).data)


TASK_INPUT = PolymorphicProxySerializer(
    component_name="TaskInput",
    serializers=[serializer_for(spec.form, spec.name) for spec in registry.all_specs()],
    resource_type_field_name=None,
)


@extend_schema(
    tags=["taken"],
    request=TASK_INPUT,
    responses=TaskSerializer,
    description="Rond de taak af met de invoer van haar stap: het schema staat in `input_schema` van de taak "
    "(components/schemas/<naam>). Dezelfde controles als op de taakpagina; 409 als de taak al is "
    "afgerond of door iemand anders is opgepakt.",
)
class TaskComplete(ApiView):
    resource = "tasks"

    def post(self, request, pk):
        item = visible_item(request, pk)
        spec = registry.spec_for(item)
        if spec is None:
            raise Conflict("Deze taak kan niet via de API worden afgerond.", code="taak-onbekend")
        if item.status != WorkItem.Status.OPEN:
            raise Conflict("Deze taak is al afgerond of vervallen.", code="task-not-open")
        data = validated_form(
            request, spec.form, spec.name, lambda d, f: registry.make_form(item, d, f or None)
        )
        registry.complete(item=item, by=request.user, data=data)
        item.refresh_from_db()
        return Response(TaskSerializer(item).data)


class EscalationFilter(serializers.Serializer):
    status = serializers.ChoiceField(choices=WorkItem.Status.values, default=WorkItem.Status.OPEN)


@extend_schema(tags=["escalaties"], parameters=[EscalationFilter])
class EscalationList(generics.ListAPIView):
    """Escalations this user may see: their own, their role's werkvoorraad, and (consulent, beheerder) all
    of their SWV."""

    permission_classes = [HasScope]
    resource = "escalations"
    serializer_class = TaskSerializer
    pagination_class = KeysetPagination

    def get_queryset(self):
        params = query_params(self.request, EscalationFilter)
        user = self.request.user
        scope = policies.scope_of(user)
        staff_swvs = set(scope.swvs_by_role.get(Role.CONSULENT, ())) | set(
            scope.swvs_by_role.get(Role.BEHEERDER, ())
        )
        visible = (
            Q(assignee=user)
            | policies.werkvoorraad_filter(user)
            | Q(swv_id__in=staff_swvs, case__in=policies.visible_cases(user))
        )
        return WorkItem.objects.filter(
            visible, kind=WorkItem.Kind.ESCALATION, status=params["status"]
        ).select_related("case", "deadline", "assignee")
