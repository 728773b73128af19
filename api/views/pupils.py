"""Pupils (and schools) this user may see, through cases/policies.py."""

from __future__ import annotations

from django.db.models import Q
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response

from api.pagination import KeysetPagination
from api.permissions import HasScope
from api.serializers import PupilSerializer
from api.views.base import ApiView, query_params, visible_leerling
from cases import policies
from cases.errors import NotPermitted


class PupilFilter(serializers.Serializer):
    q = serializers.CharField(required=False, max_length=100, help_text="Naam")
    school = serializers.IntegerField(required=False, min_value=1, help_text="Stamschool of plaatsing")
    bsn = serializers.RegexField(r"^\d{9}$", required=False, help_text="Zoeken op BSN (9 cijfers)")


@extend_schema(tags=["leerlingen"], parameters=[PupilFilter])
class PupilList(generics.ListAPIView):
    permission_classes = [HasScope]
    resource = "pupils"
    serializer_class = PupilSerializer
    pagination_class = KeysetPagination

    def get_queryset(self):
        params = query_params(self.request, PupilFilter)
        qs = policies.visible_leerlingen(self.request.user)
        if params.get("q"):
            qs = qs.filter(Q(achternaam__icontains=params["q"]) | Q(voornaam__icontains=params["q"]))
        if params.get("school"):
            qs = qs.filter(Q(stamschool_id=params["school"]) | Q(huidige_plaatsing_id=params["school"]))
        if params.get("bsn"):
            if not policies.may_search_bsn(self.request.user):  # a match would confirm a masked number
                raise NotPermitted(policies.BSN_SEARCH_REFUSED, code="bsn-search-not-permitted")
            qs = qs.filter(bsn=params["bsn"])
        return qs


@extend_schema(tags=["leerlingen"], responses=PupilSerializer)
class PupilDetail(ApiView):
    resource = "pupils"

    def get(self, request, pk):
        leerling = visible_leerling(request, pk)
        return Response(PupilSerializer(leerling, context={"request": request}).data)
