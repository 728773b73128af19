"""Advice and consultation questions to the loket through the API: the same services and policies as the
pages under /loket/vragen/ (cases/services/loket.py, cases/policies.py visible_adviesvragen)."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response

from api.pagination import KeysetPagination
from api.permissions import HasScope
from api.views.base import ApiView, visible_case
from audit.services import log_read
from cases import loket_criteria, policies
from cases.errors import NotPermitted, ValidationFailed
from cases.models import AanvraagType, Adviesvraag
from cases.models.loket import AdviesvraagSoort, Betreft, Toetsdomein
from cases.services import loket


class AdviesvraagSerializer(serializers.ModelSerializer):
    anoniem = serializers.BooleanField(read_only=True, help_text="Waar zolang er geen leerling is genoemd.")
    te_laat = serializers.BooleanField(
        read_only=True, help_text="Na de antwoordtermijn (nog niet) beantwoord."
    )
    aanvraag_case = serializers.IntegerField(
        source="aanvraag.case_id", read_only=True, allow_null=True, help_text="De casus van de aanvraag."
    )

    class Meta:
        model = Adviesvraag
        fields = [
            "id", "reference", "swv", "school", "soort", "betreft", "groep", "leerling", "anoniem", "vraag",
            "status",
            "gesteld_op", "antwoord_uiterlijk", "termijn_uitleg", "te_laat", "antwoord", "beantwoord_op",
            "aanvraag_case",
        ]  # fmt: skip
        read_only_fields = fields


class AskInput(serializers.Serializer):
    school = serializers.IntegerField(min_value=1, help_text="De id van de vragende school.")
    soort = serializers.ChoiceField(choices=AdviesvraagSoort.choices)
    betreft = serializers.ChoiceField(choices=Betreft.choices, default=Betreft.LEERLING)
    groep = serializers.CharField(
        max_length=100,
        required=False,
        allow_blank=True,
        default="",
        help_text="Bij een vraag over een groep.",
    )
    vraag = serializers.CharField(max_length=5000, help_text="De vraag; een BSN erin wordt geweigerd.")
    leerling = serializers.IntegerField(
        min_value=1, required=False, allow_null=True, default=None, help_text="Leeg: een anonieme vraag."
    )


class AnswerInput(serializers.Serializer):
    antwoord = serializers.CharField(max_length=10000)


class ConvertInput(serializers.Serializer):
    leerling = serializers.IntegerField(min_value=1, help_text="De leerling (de ouders gaven toestemming).")
    aanvraag_type = serializers.IntegerField(min_value=1, help_text="De soort aanvraag (id).")
    ingezet = serializers.CharField(max_length=5000, help_text="Wat de school al heeft ingezet.")


class ConvertedSerializer(serializers.Serializer):
    vraag = AdviesvraagSerializer()
    case = serializers.IntegerField(help_text="De casus van de nieuwe ondersteuningsaanvraag.")
    reference = serializers.CharField(help_text="Het kenmerk van de nieuwe aanvraag.")


def _vraag(request, pk) -> Adviesvraag:
    vraag = policies.visible_adviesvragen(request.user).filter(pk=pk).select_related("aanvraag").first()
    if vraag is None:
        raise Http404
    return vraag


def _pick(qs, pk, field: str, message: str):
    obj = qs.filter(pk=pk).first() if pk else None
    if pk and obj is None:
        raise ValidationFailed(message, field=field)
    return obj


@extend_schema(tags=["loket"])
class AdviesvraagList(generics.ListAPIView):
    """Advies- en consultatievragen: die van uw school, of alle van uw SWV (loket, beslisser, auditor)."""

    permission_classes = [HasScope]
    resource = "cases"
    serializer_class = AdviesvraagSerializer
    pagination_class = KeysetPagination

    def get_queryset(self):
        return policies.visible_adviesvragen(self.request.user).select_related("aanvraag")

    @extend_schema(
        request=AskInput,
        responses={201: AdviesvraagSerializer},
        description="Stel een vraag aan het loket, anoniem (zonder leerling) of over een leerling van uw "
        "school (dan is toestemming van de ouders nodig). 400 bij een BSN in de vraag.",
    )
    def post(self, request):
        data = AskInput(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        school = _pick(
            policies.loket_request_schools(request.user), d["school"], "school", "Onbekende school."
        )
        leerling = _pick(
            policies.pickable_leerlingen(request.user, route="loket"),
            d["leerling"],
            "leerling",
            "Onbekende leerling.",
        )
        vraag = loket.adviesvraag_create(
            by=request.user,
            school=school,
            soort=d["soort"],
            vraag=d["vraag"],
            leerling=leerling,
            betreft=d["betreft"],
            groep=d["groep"],
        )
        return Response(AdviesvraagSerializer(vraag).data, status=201)


@extend_schema(tags=["loket"], responses=AdviesvraagSerializer)
class AdviesvraagDetail(ApiView):
    resource = "cases"

    def get(self, request, pk):
        vraag = _vraag(request, pk)
        log_read(
            request, leerling=vraag.leerling, swv_id=vraag.swv_id, what=f"adviesvraag {vraag.reference} (API)"
        )
        return Response(AdviesvraagSerializer(vraag).data)


@extend_schema(
    tags=["loket"],
    request=AnswerInput,
    responses=AdviesvraagSerializer,
    description="Beantwoord de vraag (consulent van het SWV). 409 als zij al is beantwoord.",
)
class AdviesvraagAnswer(ApiView):
    resource = "cases"

    def post(self, request, pk):
        data = AnswerInput(data=request.data)
        data.is_valid(raise_exception=True)
        vraag = loket.adviesvraag_answer(vraag=_vraag(request, pk), by=request.user, **data.validated_data)
        return Response(AdviesvraagSerializer(vraag).data)


@extend_schema(
    tags=["loket"],
    request=ConvertInput,
    responses=ConvertedSerializer,
    description="Zet de vraag om in een ondersteuningsaanvraag voor een leerling (de vragende school; de "
    "toestemming van de ouders staat in het register). 409 als zij al is omgezet.",
)
class AdviesvraagConvert(ApiView):
    resource = "cases"

    def post(self, request, pk):
        data = ConvertInput(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        vraag = _vraag(request, pk)
        if not policies.can(request.user, "adviesvraag.convert", vraag):
            raise NotPermitted("Alleen de vragende school zet de vraag om in een aanvraag.")
        leerling = _pick(
            policies.pickable_leerlingen(request.user, route="loket"),
            d["leerling"],
            "leerling",
            "Onbekende leerling.",
        )
        soort = _pick(
            AanvraagType.objects.filter(swv_id=vraag.swv_id, actief=True),
            d["aanvraag_type"],
            "aanvraag_type",
            "Dit samenwerkingsverband biedt deze soort ondersteuning niet aan.",
        )
        aanvraag = loket.adviesvraag_convert(
            vraag=vraag, by=request.user, leerling=leerling, aanvraag_type=soort, ingezet=d["ingezet"]
        )
        vraag = Adviesvraag.objects.get(pk=vraag.pk)  # the state field is protected: read it anew
        return Response(
            ConvertedSerializer(
                {"vraag": vraag, "case": aanvraag.case_id, "reference": aanvraag.case.reference}
            ).data
        )


class UitslagInput(serializers.Serializer):
    domein = serializers.ChoiceField(choices=Toetsdomein.choices)
    instrument = serializers.CharField(max_length=80, help_text="Het toetsinstrument, bijv. 'IEP'.")
    dle = serializers.IntegerField(min_value=0, max_value=120, help_text="Didactische leeftijdsequivalent.")


class ToetsgegevensInput(serializers.Serializer):
    uitslagen = UitslagInput(many=True, help_text="Per getoetst domein één uitslag.")
    iq = serializers.IntegerField(min_value=30, max_value=160, required=False, allow_null=True, default=None)


class CriteriumSerializer(serializers.Serializer):
    criterium = serializers.CharField()
    voldaan = serializers.BooleanField()
    uitleg = serializers.CharField()


class ToetsingSerializer(serializers.Serializer):
    toetsgegevens = serializers.JSONField(help_text="De vastgelegde uitslagen en het IQ.")
    criteria = serializers.JSONField(help_text="De criteria van het SWV waaraan is getoetst.")
    toetsing = CriteriumSerializer(many=True, help_text="Per criterium: voldaan of niet, en waarom.")
    voldaan = serializers.BooleanField(help_text="Waar als aan alle criteria is voldaan.")


def _toetsing(a) -> dict:
    lines = loket.assessment(a)
    return {
        "toetsgegevens": a.toetsgegevens,
        "criteria": a.criteria_toets,
        "toetsing": lines,
        "voldaan": loket_criteria.passes(lines),
    }


@extend_schema(
    tags=["loket"],
    request=ToetsgegevensInput,
    responses=ToetsingSerializer,
    description="LWOO / PrO: leg de toetsuitslagen vast (de school bij een concept, de consulent bij een "
    "aanvraag in behandeling); het antwoord toont de toetsing aan de criteria van het SWV per criterium. "
    "400 zonder eigen criteria van het SWV of bij een ongeldige uitslag; 409 na de triage of het besluit.",
)
class AanvraagToetsgegevens(ApiView):
    resource = "cases"

    def get(self, request, pk):
        case = visible_case(request, pk, route="loket")
        return Response(ToetsingSerializer(_toetsing(case.ondersteuningsaanvraag)).data)

    def post(self, request, pk):
        data = ToetsgegevensInput(data=request.data)
        data.is_valid(raise_exception=True)
        case = visible_case(request, pk, route="loket")
        a = loket.toetsgegevens_record(
            aanvraag=case.ondersteuningsaanvraag, by=request.user, **data.validated_data
        )
        return Response(ToetsingSerializer(_toetsing(a)).data)
