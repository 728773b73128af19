"""An SWV's profile (its rules as data) through the API: read it, import a whole file, change one section.
The same services as the beheer pages and `manage.py swv_profile` (cases/services/profiles.py)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from api.parsers import JSONParser
from api.views.base import ApiView, query_params
from cases import policies, profiles
from cases.models import Swv
from cases.services import profiles as profile_services

SECTIONS = [
    "tlv_soorten",
    "deskundigenadvies",
    "termijnen",
    "indicatordoelen",
    "verplichte_documenten",
    "besluitvorming",
    "adviezen_als",
    "routes",
]


class SwvQuery(serializers.Serializer):
    swv = serializers.CharField(
        max_length=20, help_text="Code van het samenwerkingsverband, bijv. 'VO 31-02'."
    )


class ProfileErrorSerializer(serializers.Serializer):
    line = serializers.IntegerField(help_text="Regelnummer in het bestand (1 = eerste regel).")
    path = serializers.CharField(help_text="Waar in het profiel, bijv. 'tlv_soorten.0.soort'.")
    message = serializers.CharField()


class ProfileSerializer(serializers.Serializer):
    swv = serializers.CharField()
    versie = serializers.IntegerField(help_text="De geldende profielversie (0: nog geen versie vastgelegd).")
    bestand = serializers.CharField(help_text="Het profiel als YAML-bestand, zoals het wordt ge-exporteerd.")
    profiel = serializers.JSONField(help_text="Hetzelfde profiel als gegevens.")


class ImportInput(serializers.Serializer):
    swv = serializers.CharField(max_length=20)
    bestand = serializers.CharField(max_length=200_000, help_text="Het profiel als YAML of JSON.")
    controleren = serializers.BooleanField(default=False, help_text="Alleen controleren, niets toepassen.")
    reden = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class ChangeInput(serializers.Serializer):
    swv = serializers.CharField(max_length=20)
    onderdeel = serializers.ChoiceField(choices=SECTIONS)
    regels = serializers.JSONField(
        help_text="De nieuwe inhoud van het onderdeel, als in het bestand: een lijst, of voor besluitvorming "
        "en routes een object, voor adviezen_als de tekst taken of documenten."
    )
    reden = serializers.CharField(max_length=300)


class ResultSerializer(serializers.Serializer):
    gewijzigd = serializers.BooleanField(help_text="Onwaar als het profiel al zo was (of bij controleren).")
    versie = serializers.IntegerField(help_text="De profielversie die nu geldt voor nieuwe casussen.")
    fouten = ProfileErrorSerializer(many=True)


def _swv(user, code: str, action: str) -> Swv:
    swv = Swv.objects.filter(code=code).first()
    if swv is None or not policies.can(user, action, swv):
        raise NotFound("Niet gevonden.")  # another SWV's profile is not found, not forbidden
    return swv


def _version(swv) -> int:
    v = profiles.latest_version(swv)
    return v.versie if v else 0


def _invalid(exc: profiles.ProfileInvalid, swv) -> Response:
    return Response(
        {
            "code": exc.code,
            "detail": str(exc.message),
            "field": None,
            "errors": {
                "profiel": [{"line": e.line, "path": e.path, "message": e.message} for e in exc.errors]
            },
        },
        status=400,
    )


@extend_schema(
    tags=["profiel"], parameters=[SwvQuery], responses=ProfileSerializer, summary="Profiel van een SWV"
)
class ProfileDetail(ApiView):
    """The profile in force: the SWV's staff read it, its beheerder changes it."""

    resource = "profiles"

    def get(self, request):
        swv = _swv(request.user, query_params(request, SwvQuery)["swv"], "profiel.view")
        return Response(
            ProfileSerializer(
                {
                    "swv": swv.code,
                    "versie": _version(swv),
                    "bestand": profiles.dump(swv),
                    "profiel": profiles.data_of(swv),
                }
            ).data
        )


class ProfileImport(ApiView):
    resource = "profiles"
    parser_classes = [JSONParser]

    @extend_schema(
        tags=["profiel"],
        summary="Profiel inlezen",
        description=(
            "Leest een heel profielbestand in (YAML of JSON). Elke fout komt terug met regelnummer en "
            "reden (code `profiel-ongeldig`, `errors.profiel`); dan is er niets gewijzigd. Een bestand "
            "gelijk aan het geldende profiel wijzigt niets. Anders geldt een nieuwe versie voor nieuwe "
            "casussen; lopende casussen houden hun versie. Alleen de beheerder van het "
            "samenwerkingsverband. Recht: `profiles:write`."
        ),
        request=ImportInput,
        responses={200: ResultSerializer},
    )
    def post(self, request):
        data = ImportInput(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        swv = _swv(request.user, d["swv"], "profiel.manage")
        try:
            if d["controleren"]:
                profiles.parse(d["bestand"], swv)
                return Response({"gewijzigd": False, "versie": _version(swv), "fouten": []})
            version = profile_services.profile_import(
                swv=swv, text=d["bestand"], by=request.user, reason=d["reden"] or "profiel ingelezen (API)"
            )
        except profiles.ProfileInvalid as exc:
            return _invalid(exc, swv)
        return Response({"gewijzigd": version is not None, "versie": _version(swv), "fouten": []})


class ProfileChange(ApiView):
    resource = "profiles"
    parser_classes = [JSONParser]

    @extend_schema(
        tags=["profiel"],
        summary="Eén onderdeel van het profiel wijzigen",
        description=(
            "Vervangt één onderdeel (TLV-soorten, deskundigenadvies, termijnen, indicatordoelen of "
            "verplichte documenten), gecontroleerd als een heel profiel; de beheerpagina's doen "
            "hetzelfde. Een fout: code `profiel-ongeldig` met per fout de plaats en reden, en niets "
            "gewijzigd. Recht: `profiles:write`."
        ),
        request=ChangeInput,
        responses={200: ResultSerializer},
    )
    def post(self, request):
        data = ChangeInput(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        swv = _swv(request.user, d["swv"], "profiel.manage")
        try:
            version = profile_services.profile_change(
                swv=swv, by=request.user, section=d["onderdeel"], items=d["regels"], reason=d["reden"]
            )
        except profiles.ProfileInvalid as exc:
            return _invalid(exc, swv)
        return Response({"gewijzigd": version is not None, "versie": _version(swv), "fouten": []})
