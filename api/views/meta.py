"""Who am I, and the deadlines overview."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from api.models import SCOPES, ApiToken
from api.pagination import KeysetPagination
from api.permissions import HasScope
from api.serializers import DeadlineSerializer, MeSerializer
from api.views.base import ApiView, query_params
from cases import policies
from cases.models import Deadline


@extend_schema(tags=["algemeen"], responses=MeSerializer)
class Me(ApiView):
    """The acting user (for a token: the koppeling's service user), its roles and scopes."""

    def get(self, request):
        user = request.user
        client = request.auth.client if isinstance(request.auth, ApiToken) else None
        return Response(
            MeSerializer(
                {
                    "username": user.username,
                    "name": user.get_full_name() or user.username,
                    "api_client": client.name if client else None,
                    "scopes": list(client.scopes) if client else list(SCOPES),
                    "roles": sorted(policies.scope_of(user).roles),
                }
            ).data
        )


class DeadlineFilter(serializers.Serializer):
    status = serializers.ChoiceField(choices=Deadline.Status.values, required=False)
    due_before = serializers.DateField(required=False, help_text="Uiterste datum op of voor")
    breached = serializers.BooleanField(required=False, allow_null=True, default=None)


@extend_schema(tags=["termijnen"], parameters=[DeadlineFilter])
class DeadlineList(generics.ListAPIView):
    """Terms of the cases this user may see, each with its explanation."""

    permission_classes = [HasScope]
    resource = "deadlines"
    serializer_class = DeadlineSerializer
    pagination_class = KeysetPagination

    def get_queryset(self):
        params = query_params(self.request, DeadlineFilter)
        qs = Deadline.objects.filter(case__in=policies.visible_cases(self.request.user))
        if params.get("status"):
            qs = qs.filter(status=params["status"])
        if params.get("due_before"):
            qs = qs.filter(due_on__lte=params["due_before"])
        if params.get("breached") is not None:
            qs = qs.filter(breached_at__isnull=not params["breached"])
        return qs


@extend_schema(exclude=True)
class NotFoundView(ApiView):
    """Any path under /api/ that is not an operation: a JSON 404 for every method."""

    permission_classes = []
    authentication_classes = []

    def _not_found(self, request, *args, **kwargs):
        raise NotFound("Deze API-route bestaat niet. Zie /api/docs/.")

    get = post = put = patch = delete = head = options = _not_found
