"""Pupils (and schools) this user may see, through cases/policies.py."""

from __future__ import annotations

from django.db.models import Q
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response

from api.forms_adapter import serializer_for
from api.pagination import KeysetPagination
from api.permissions import HasScope
from api.serializers import PupilSerializer
from api.views.base import ApiView, query_params, validated_form, visible_leerling
from cases import policies
from cases.errors import NotPermitted
from cases.services.leerlingen import leerling_create
from workflows.pupils.forms import LeerlingNieuwForm

PupilInput = serializer_for(LeerlingNieuwForm, "LeerlingNieuw")


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

    @extend_schema(
        summary="Nieuwe leerling",
        description=(
            "Registreert een leerling met de eigen school als stamschool (de consulent: een school van het "
            "eigen samenwerkingsverband), met BSN (elfproef) of onderwijsnummer en optioneel een ouder of "
            "verzorger. Een BSN of onderwijsnummer dat al in het samenwerkingsverband voorkomt wordt "
            "geweigerd met 400 en code `leerling-bestaat`, ook als twee verzoeken dezelfde leerling "
            "tegelijk toevoegen: er komt dan één leerling bij. Recht: `pupils:write`."
        ),
        request=PupilInput,
        responses={
            201: PupilSerializer,
            400: OpenApiResponse(
                description="Ongeldige invoer (bijv. BSN voldoet niet aan de elfproef), of de leerling "
                "bestaat al: het BSN of onderwijsnummer staat al in het samenwerkingsverband (code "
                "`leerling-bestaat`); `field` noemt het veld."
            ),
            403: OpenApiResponse(
                description="Geen recht: geen school van de gebruiker, of recht `pupils:write` ontbreekt."
            ),
        },
        operation_id="pupils_create",
    )
    def post(self, request):
        if not policies.leerling_create_schools(request.user).exists():
            raise NotPermitted(
                "Alleen een school of de consulent kan een leerling toevoegen.",
                code="leerling-niet-toegestaan",
            )
        data = validated_form(
            request, LeerlingNieuwForm, "LeerlingNieuw", lambda d, f: LeerlingNieuwForm(d, user=request.user)
        )
        leerling = leerling_create(by=request.user, data=data)
        return Response(
            PupilSerializer(leerling, context={"request": request}).data, status=status.HTTP_201_CREATED
        )


@extend_schema(tags=["leerlingen"], responses=PupilSerializer)
class PupilDetail(ApiView):
    resource = "pupils"

    def get(self, request, pk):
        leerling = visible_leerling(request, pk)
        return Response(PupilSerializer(leerling, context={"request": request}).data)
