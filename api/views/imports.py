"""Pupils from the schools' own systems through the API: the column mappings per source system, and the
import of a file (a CSV export through a mapping, an EDEXML file, or the fixed CSV). The same services and
rules as the pages (workflows/imports/views.py): a school its own pupils, the beheerder the SWV's schools,
all or nothing, every attempt logged."""

from __future__ import annotations

from django.conf import settings
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from api.forms_adapter import StrictCharField, StrictSerializer
from api.parsers import JSONParser, MultiPartParser
from api.views.base import ApiView
from cases import policies
from cases.errors import ValidationFailed
from cases.models import Gemeente, ImportMapping, PupilField, School, Swv
from cases.models.imports import Delimiter, Encoding, PupilFileFormat
from cases.services import leerling_import


def _school_code(school) -> str | None:
    return f"{school.brin}{school.vestiging}" if school else None


class MappingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    naam = serializers.CharField(
        source="name", help_text="Het bronsysteem, bijv. 'ParnasSys leerlingexport'."
    )
    swv = serializers.CharField(source="swv.code")
    school = serializers.SerializerMethodField(
        help_text="BRIN + vestiging van de eigenaar, of null (heel SWV)."
    )
    scheidingsteken = serializers.ChoiceField(source="delimiter", choices=Delimiter.choices)
    tekenset = serializers.ChoiceField(source="encoding", choices=Encoding.choices)
    kolommen = serializers.DictField(
        source="columns", child=serializers.CharField(), help_text="Leerlingveld → kolomkop in het bestand."
    )
    overslaan = serializers.ListField(source="ignored", child=serializers.CharField())
    in_gebruik = serializers.BooleanField(source="active")

    def get_school(self, obj) -> str | None:
        return _school_code(obj.school)


class MappingInput(StrictSerializer):
    naam = StrictCharField(max_length=120)
    scheidingsteken = serializers.ChoiceField(choices=Delimiter.choices, default=Delimiter.AUTO)
    tekenset = serializers.ChoiceField(choices=Encoding.choices, default=Encoding.UTF8)
    kolommen = serializers.DictField(
        child=StrictCharField(max_length=100, allow_blank=True),
        help_text=f"Leerlingveld → kolomkop. Velden: {', '.join(PupilField.values)}. Verplicht: voornaam, "
        "achternaam, geboortedatum en bsn of onderwijsnummer.",
    )
    overslaan = serializers.ListField(
        child=StrictCharField(max_length=100), required=False, default=list, max_length=200
    )
    in_gebruik = serializers.BooleanField(default=True)


class MappingCreateInput(MappingInput):
    swv = StrictCharField(max_length=20, required=False, help_text="Code van het SWV (zonder school).")
    school = StrictCharField(
        max_length=6,
        required=False,
        help_text="BRIN + vestiging (bijv. 12AB00): een koppeling van die school.",
    )


def _school(user, code: str | None) -> School | None:
    if not code:
        return None
    code = code.strip().upper()
    school = policies.pupil_import_schools(user).filter(brin=code[:4], vestiging=code[4:] or "00").first()
    if school is None:
        raise ValidationFailed(
            "Onbekende school, of niet een van uw scholen.", code="school-onbekend", field="school"
        )
    return school


def _swv(user, code: str | None, school) -> Swv:
    if school is not None:
        return school.swv
    swv = policies.pupil_import_swvs(user).filter(code=code or "").first()
    if swv is None:
        raise ValidationFailed(
            "Geef het samenwerkingsverband (swv) of de school op.", code="swv-onbekend", field="swv"
        )
    return swv


def _values(d: dict) -> dict:
    return {
        "name": d["naam"],
        "delimiter": d["scheidingsteken"],
        "encoding": d["tekenset"],
        "columns": d["kolommen"],
        "ignored": d["overslaan"],
        "active": d["in_gebruik"],
    }


class ImportMappings(ApiView):
    resource = "pupils"
    parser_classes = [JSONParser]

    @extend_schema(tags=["importeren"], summary="Kolomkoppelingen", responses=MappingSerializer(many=True))
    def get(self, request):
        mappings = policies.visible_import_mappings(request.user).select_related("swv", "school")
        return Response(MappingSerializer(mappings, many=True).data)

    @extend_schema(
        tags=["importeren"],
        summary="Nieuwe kolomkoppeling",
        description=(
            "Slaat een koppeling op voor een bronsysteem: welke kolomkop welk leerlingveld bevat. "
            "Met `school` een koppeling van die school (de school zelf of de beheerder), anders van het "
            "SWV (de beheerder). Onbekende velden, dubbele koppen of ontbrekende verplichte velden: 400 "
            "met code `koppeling-ongeldig`. Recht: `pupils:write`."
        ),
        request=MappingCreateInput,
        responses={201: MappingSerializer},
    )
    def post(self, request):
        data = MappingCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        school = _school(request.user, d.get("school"))
        swv = _swv(request.user, d.get("swv"), school)
        mapping = leerling_import.mapping_save(by=request.user, swv=swv, school=school, **_values(d))
        return Response(MappingSerializer(mapping).data, status=status.HTTP_201_CREATED)


class ImportMappingDetail(ApiView):
    resource = "pupils"
    parser_classes = [JSONParser]

    def _mapping(self, request, pk) -> ImportMapping:
        mapping = (
            policies.visible_import_mappings(request.user)
            .select_related("swv", "school")
            .filter(pk=pk)
            .first()
        )
        if mapping is None:
            raise NotFound("Niet gevonden.")
        return mapping

    @extend_schema(tags=["importeren"], summary="Kolomkoppeling", responses=MappingSerializer)
    def get(self, request, pk):
        return Response(MappingSerializer(self._mapping(request, pk)).data)

    @extend_schema(
        tags=["importeren"],
        summary="Kolomkoppeling wijzigen",
        description=(
            "Vervangt de hele koppeling (met historie); de eigenaar verandert niet. Recht: `pupils:write`."
        ),
        request=MappingInput,
        responses={200: MappingSerializer},
    )
    def put(self, request, pk):
        mapping = self._mapping(request, pk)
        data = MappingInput(data=request.data)
        data.is_valid(raise_exception=True)
        mapping = leerling_import.mapping_save(
            by=request.user, swv=mapping.swv, mapping=mapping, **_values(data.validated_data)
        )
        return Response(MappingSerializer(mapping).data)


class RejectionSerializer(serializers.Serializer):
    regel = serializers.IntegerField(source="line", help_text="Regelnummer in het bestand (1 = de kopregel).")
    reden = serializers.CharField(source="reason")
    betreft = serializers.CharField(source="label", help_text="Naam van de leerling, nooit een BSN.")


class ReportSerializer(serializers.Serializer):
    regels = serializers.IntegerField(source="rows")
    nieuw = serializers.IntegerField(source="created")
    bijgewerkt = serializers.IntegerField(source="updated")
    ongewijzigd = serializers.IntegerField(source="unchanged")
    toegepast = serializers.BooleanField(source="applied", help_text="Onwaar bij controleren.")
    meldingen = serializers.ListField(source="notes", child=serializers.CharField())
    afgekeurd = RejectionSerializer(source="rejected", many=True)


IMPORT_REQUEST = {
    "multipart/form-data": {
        "type": "object",
        "properties": {
            "formaat": {"type": "string", "enum": list(PupilFileFormat.values)},
            "file": {"type": "string", "format": "binary", "description": "Het CSV- of EDEXML-bestand."},
            "school": {
                "type": "string",
                "maxLength": 6,
                "description": "BRIN + vestiging van de school (verplicht voor een school).",
            },
            "swv": {
                "type": "string",
                "maxLength": 20,
                "description": "Code van het SWV (beheerder, zonder school).",
            },
            "koppeling": {
                "type": "integer",
                "minimum": 1,
                "description": "Id van de kolomkoppeling (formaat koppeling).",
            },
            "woongemeente": {
                "type": "string",
                "maxLength": 20,
                "description": "CBS-code: woongemeente van nieuwe leerlingen (EDEXML heeft geen adres).",
            },
            "controleren": {"type": "boolean", "description": "Alleen controleren, niets vastleggen."},
        },
        "required": ["formaat", "file"],
    }
}


class ImportInput(StrictSerializer):
    formaat = serializers.ChoiceField(choices=PupilFileFormat.choices)
    file = serializers.FileField()
    school = StrictCharField(max_length=6, required=False, allow_blank=True)
    swv = StrictCharField(max_length=20, required=False, allow_blank=True)
    koppeling = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    woongemeente = StrictCharField(max_length=20, required=False, allow_blank=True)
    controleren = serializers.BooleanField(default=False)


class PupilImport(ApiView):
    resource = "pupils"
    parser_classes = [MultiPartParser]

    @extend_schema(
        tags=["importeren"],
        summary="Leerlingen importeren",
        description=(
            "Eén bestand uit de leerlingadministratie: `koppeling` (CSV-export gelezen via een opgeslagen "
            "kolomkoppeling), `edexml` (het EDEXML-leerlingbestand; een DTD of entiteiten worden geweigerd) "
            "of `vast` (CSV met de vaste kolommen). Alles of niets: met `controleren` wordt niets "
            "vastgelegd; één afgekeurde regel (bijv. een BSN dat niet aan de elfproef voldoet) geeft 400 met "
            "code `import-afgekeurd` en per regel het nummer en de reden in `errors.regels`, en er is niets "
            "vastgelegd. Een school importeert alleen haar eigen leerlingen; de beheerder voor de scholen "
            "van het SWV. Elke poging wordt gelogd. Recht: `pupils:write`."
        ),
        request=IMPORT_REQUEST,
        responses={200: ReportSerializer},
    )
    def post(self, request):
        if len(request.FILES.getlist("file")) > 1:
            raise ValidationFailed(
                "Stuur één bestand per verzoek.", code="een-bestand-per-verzoek", field="file"
            )
        data = ImportInput(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        user = request.user
        school = _school(user, d.get("school"))
        mapping = None
        if d["formaat"] == "koppeling":
            mapping = (
                policies.visible_import_mappings(user).filter(pk=d.get("koppeling") or 0, active=True).first()
            )
            if mapping is None:
                raise ValidationFailed(
                    "Kies een bestaande kolomkoppeling.", code="koppeling-onbekend", field="koppeling"
                )
        swv = mapping.swv if mapping is not None and school is None else _swv(user, d.get("swv"), school)
        gemeente = None
        if d.get("woongemeente"):
            gemeente = Gemeente.objects.filter(swvs=swv, code__iexact=d["woongemeente"].strip()).first()
            if gemeente is None:
                raise ValidationFailed(
                    "Onbekende woongemeente (niet van dit samenwerkingsverband).",
                    code="gemeente-onbekend",
                    field="woongemeente",
                )
        upload = d["file"]
        if upload.size > settings.DOCUMENT_MAX_BYTES:
            raise ValidationFailed("Het bestand is te groot.", code="import-te-groot", field="file")
        report = leerling_import.import_pupils(
            by=user,
            swv=swv,
            school=school,
            file_format=d["formaat"],
            mapping=mapping,
            woongemeente=gemeente,
            upload=upload,
            dry_run=d["controleren"],
        )
        if report.rejected:
            rejected = RejectionSerializer(report.rejected, many=True).data
            return Response(
                {
                    "code": "import-afgekeurd",
                    "detail": f"{len(report.rejected)} regel(s) afgekeurd; er is niets geïmporteerd.",
                    "field": "file",
                    "errors": {"regels": rejected},
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response(ReportSerializer(report).data)
