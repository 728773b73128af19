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
from cases.errors import Conflict, ValidationFailed
from cases.models import Afwezigheid, WorkItem
from cases.roles import Role
from cases.services import afwezigheid as afwezigheid_services
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


# --- reassign, wedervoorlegging and afwezigheid: the rules of the inbox pages --------------------------


def _user(pk: int, field: str):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(pk=pk, is_active=True).first()
    if user is None:
        raise ValidationFailed(
            "Deze medewerker bestaat niet of is niet actief.", code="onbekende-medewerker", field=field
        )
    return user


class ReassignInput(serializers.Serializer):
    to = serializers.IntegerField(min_value=1, help_text="De id van de medewerker die de taak krijgt.")
    reason = serializers.CharField(max_length=200, help_text="Waarom de taak wordt toegewezen (verplicht).")


@extend_schema(
    tags=["taken"],
    request=ReassignInput,
    responses=TaskSerializer,
    description="Wijs de taak toe aan een medewerker (consulent of beheerder van het SWV). De medewerker "
    "moet de rol en organisatie van de taak hebben; de geschiedenis van de taak houdt de oude en de nieuwe "
    "behandelaar en de reden vast. 403 zonder het recht om toe te wijzen, 400 bij een medewerker zonder de "
    "rol of zonder reden, 409 als de taak al is afgerond.",
)
class TaskReassign(ApiView):
    resource = "tasks"

    def post(self, request, pk):
        data = _valid(ReassignInput, request)
        item = visible_item(request, pk)
        item = workitems.workitem_reassign(
            item=item, by=request.user, to=_user(data["to"], "to"), reason=data["reason"]
        )
        return Response(TaskSerializer(item).data)


class BulkReassignInput(ReassignInput):
    tasks = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        min_length=1,
        max_length=workitems.BULK_REASSIGN_MAX,
        help_text=f"De ids van de taken (hoogstens {workitems.BULK_REASSIGN_MAX}).",
    )


class TaskBulkReassign(ApiView):
    resource = "tasks"

    @extend_schema(
        tags=["taken"],
        operation_id="tasks_bulk_reassign",
        request=BulkReassignInput,
        responses=TaskSerializer(many=True),
        description="Wijs meerdere open taken tegelijk toe aan één medewerker, met één reden: alle of geen. "
        "Dezelfde regels als per taak; een taak die u niet mag zien, geeft 404 en wijzigt niets.",
    )
    def post(self, request):
        data = _valid(BulkReassignInput, request)
        ids = list(dict.fromkeys(data["tasks"]))
        items = [visible_item(request, pk) for pk in ids]
        done = workitems.workitems_reassign(
            items=items, by=request.user, to=_user(data["to"], "to"), reason=data["reason"]
        )
        return Response(TaskSerializer(done, many=True).data)


class FollowUpInput(serializers.Serializer):
    on = serializers.DateField(
        allow_null=True,
        help_text="De dag waarop de taak terugkomt in de lijst (na vandaag); null heft de wedervoorlegging "
        "op.",
    )
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


@extend_schema(
    tags=["taken"],
    request=FollowUpInput,
    responses=TaskSerializer,
    description="Stel een wedervoorlegging in: de taak verdwijnt uit 'mine' tot de gekozen dag en komt dan "
    "terug (follow_up_at). Alleen voor wie de taak heeft of diens vervanger; een datum vandaag of eerder "
    "geeft 400, een taak zonder behandelaar 400, een afgeronde taak 409.",
)
class TaskFollowUp(ApiView):
    resource = "tasks"

    def post(self, request, pk):
        data = _valid(FollowUpInput, request)
        item = visible_item(request, pk)
        item = workitems.workitem_follow_up(item=item, by=request.user, on=data["on"], reason=data["reason"])
        return Response(TaskSerializer(item).data)


def _valid(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class AbsenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Afwezigheid
        fields = [
            "id",
            "user",
            "vervanger",
            "starts_on",
            "ends_on",
            "reason",
            "created_by",
            "created_at",
            "ended_at",
        ]
        read_only_fields = fields


class AbsenceInput(serializers.Serializer):
    user = serializers.IntegerField(
        min_value=1, help_text="De afwezige (uzelf, of als coördinator een medewerker)."
    )
    vervanger = serializers.IntegerField(
        min_value=1, help_text="De vervanger; moet de rollen van de afwezige hebben."
    )
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(help_text="Laatste dag van de afwezigheid (tot en met).")
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


@extend_schema(tags=["afwezigheid"])
class AbsenceList(generics.ListAPIView):
    """Lopende en geplande afwezigheden die u ziet: uw eigen, die waarin u vervanger bent, en (consulent,
    beheerder) die van medewerkers van uw SWV."""

    permission_classes = [HasScope]
    resource = "tasks"
    serializer_class = AbsenceSerializer
    pagination_class = KeysetPagination

    def get_queryset(self):
        from cases import clock

        return policies.visible_absences(self.request.user).filter(
            ended_at__isnull=True, ends_on__gte=clock.today()
        )

    @extend_schema(
        request=AbsenceInput,
        responses={201: AbsenceSerializer},
        description="Leg een afwezigheid met vervanger vast. Dezelfde regels als op de pagina: 403 voor de "
        "afwezigheid van een ander zonder coördinatorrol; 400 bij een vervanger zonder de rol, een "
        "periode in het verleden of een overlap.",
    )
    def post(self, request):
        data = _valid(AbsenceInput, request)
        absence = afwezigheid_services.afwezigheid_record(
            user=_user(data["user"], "user"),
            vervanger=_user(data["vervanger"], "vervanger"),
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            reason=data["reason"],
            by=request.user,
        )
        return Response(AbsenceSerializer(absence).data, status=201)
