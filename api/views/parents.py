"""A pupil's ouders/verzorgers and consents: the same rules and services as the pages (resource `pupils`)."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from api.forms_adapter import serializer_for
from api.parsers import JSONParser, MultiPartParser
from api.views.base import ApiView, DossierRead, _read, validated_form, visible_case, visible_leerling
from cases import clock, policies
from cases.errors import NotPermitted
from cases.models import (
    Bekendmaking,
    Consent,
    LeerlingGehoord,
    Ontvanger,
    Ouder,
    OuderBericht,
    OuderToegang,
)
from cases.services import consent as consent_services
from cases.services import hoorrecht as hoorrecht_services
from cases.services import ouders as ouder_services
from parents.forms import ConsentForm, LeerlingGehoordForm, OuderForm, WithdrawForm

OuderInput = serializer_for(OuderForm, "Ouder")
ConsentInput = serializer_for(ConsentForm, "Toestemming")
WithdrawInput = serializer_for(WithdrawForm, "ToestemmingIntrekken")

ERRORS = {
    400: OpenApiResponse(description="Ongeldige invoer; `field` noemt het veld, `code` de regel."),
    403: OpenApiResponse(description="Geen recht: niet de school van de leerling of de consulent."),
    404: OpenApiResponse(description="Onbekend, of een leerling die u niet mag zien."),
}


class RemovedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    verwijderd = serializers.BooleanField()


class OuderSerializer(serializers.ModelSerializer):
    adres = serializers.SerializerMethodField(help_text="Gemaskeerd voor rollen die het BSN niet zien.")
    email = serializers.SerializerMethodField(help_text="Gemaskeerd voor rollen die het BSN niet zien.")
    telefoon = serializers.SerializerMethodField(help_text="Gemaskeerd voor rollen die het BSN niet zien.")

    class Meta:
        model = Ouder
        fields = [
            "id",
            "leerling",
            "naam",
            "relatie",
            "gezag",
            "adres",
            "email",
            "telefoon",
            "voorkeurstaal",
            "ontvangt_brieven",
        ]

    def get_adres(self, obj) -> str:
        return ouder_services.contact_for(self.context["request"].user, obj, "adres")

    def get_email(self, obj) -> str:
        return ouder_services.contact_for(self.context["request"].user, obj, "email")

    def get_telefoon(self, obj) -> str:
        return ouder_services.contact_for(self.context["request"].user, obj, "telefoon")


class ConsentSerializer(serializers.ModelSerializer):
    geldig = serializers.SerializerMethodField(
        help_text="Geldig vandaag (gegeven, niet verlopen, niet ingetrokken)."
    )

    class Meta:
        model = Consent
        fields = [
            "id",
            "leerling",
            "purpose",
            "gever",
            "ouder",
            "gever_naam",
            "gegeven_op",
            "wijze",
            "case",
            "document",
            "overleg",
            "reikwijdte",
            "geldig_tot",
            "ingetrokken_op",
            "ingetrokken_door",
            "intrekking_reden",
            "geldig",
        ]

    def get_geldig(self, obj) -> bool:
        return obj.is_valid_on(clock.today())


def _visible_ouder(request, pk) -> Ouder:
    ouder = Ouder.objects.select_related("leerling").filter(pk=pk).first()
    if ouder is None or not policies.visible_leerlingen(request.user).filter(pk=ouder.leerling_id).exists():
        raise Http404
    _read(request, DossierRead(f"ouder/verzorger {ouder.pk}", leerling=ouder.leerling))
    return ouder


def _visible_consent(request, pk) -> Consent:
    consent = Consent.objects.select_related("leerling").filter(pk=pk).first()
    if (
        consent is None
        or not policies.visible_leerlingen(request.user).filter(pk=consent.leerling_id).exists()
    ):
        raise Http404
    _read(request, DossierRead(f"toestemming {consent.pk}", leerling=consent.leerling))
    return consent


class PupilParents(ApiView):
    resource = "pupils"
    read_what = "ouders/verzorgers"

    @extend_schema(
        tags=["ouders"], summary="Ouders/verzorgers van een leerling", responses=OuderSerializer(many=True)
    )
    def get(self, request, pk):
        leerling = visible_leerling(request, pk)
        rows = leerling.ouders.all().order_by("pk")
        return Response(OuderSerializer(rows, many=True, context={"request": request}).data)

    @extend_schema(
        tags=["ouders"],
        summary="Ouder/verzorger toevoegen",
        description="De school van de leerling of de consulent. Recht: `pupils:write`.",
        request=OuderInput,
        responses={201: OuderSerializer, **ERRORS},
    )
    def post(self, request, pk):
        leerling = visible_leerling(request, pk)
        data = validated_form(request, OuderForm, "Ouder", lambda d, f: OuderForm(d))
        ouder = ouder_services.ouder_add(leerling=leerling, by=request.user, data=data)
        return Response(
            OuderSerializer(ouder, context={"request": request}).data, status=status.HTTP_201_CREATED
        )


@extend_schema(tags=["ouders"], responses=OuderSerializer)
class ParentDetail(ApiView):
    resource = "pupils"

    def get(self, request, pk):
        return Response(OuderSerializer(_visible_ouder(request, pk), context={"request": request}).data)


class ParentChange(ApiView):
    resource = "pupils"

    @extend_schema(
        tags=["ouders"],
        summary="Gegevens van een ouder/verzorger wijzigen",
        request=OuderInput,
        responses={200: OuderSerializer, **ERRORS},
    )
    def post(self, request, pk):
        ouder = _visible_ouder(request, pk)
        data = validated_form(request, OuderForm, "Ouder", lambda d, f: OuderForm(d))
        ouder = ouder_services.ouder_change(ouder=ouder, by=request.user, data=data)
        return Response(OuderSerializer(ouder, context={"request": request}).data)


class ParentRemove(ApiView):
    resource = "pupils"

    @extend_schema(
        tags=["ouders"],
        summary="Ouder/verzorger verwijderen",
        request=None,
        responses={200: RemovedSerializer, **ERRORS},
    )
    def post(self, request, pk):
        ouder = _visible_ouder(request, pk)
        ouder_services.ouder_remove(ouder=ouder, by=request.user)
        return Response({"id": pk, "verwijderd": True})


class PupilConsents(ApiView):
    resource = "pupils"
    read_what = "toestemmingen"
    parser_classes = [JSONParser, MultiPartParser]

    @extend_schema(
        tags=["toestemmingen"],
        summary="Toestemmingen van een leerling",
        responses=ConsentSerializer(many=True),
    )
    def get(self, request, pk):
        leerling = visible_leerling(request, pk)
        rows = leerling.consents.all().order_by("-gegeven_op", "-pk")
        return Response(ConsentSerializer(rows, many=True, context={"request": request}).data)

    @extend_schema(
        tags=["toestemmingen"],
        summary="Toestemming vastleggen",
        description=(
            "Per doel, gegeven door een ouder met gezag (`gever=ouder`, `ouder`) of door de leerling "
            "vanaf 16 jaar (`gever=leerling`); `wijze=document` met een `document` uit het dossier "
            "(of een `file` "
            "met `case`), `wijze=overleg` met het `overleg`. Zonder gever met gezag: 400 met code "
            "`toestemming-zonder-gezag`. Stuurt de webhook `consent.given`. Recht: `pupils:write`."
        ),
        request=ConsentInput,
        responses={201: ConsentSerializer, **ERRORS},
    )
    def post(self, request, pk):
        leerling = visible_leerling(request, pk)
        data = validated_form(
            request,
            ConsentForm,
            "Toestemming",
            lambda d, f: ConsentForm(d, f, leerling=leerling, user=request.user),
        )
        consent = consent_services.consent_record(
            leerling=leerling,
            by=request.user,
            purpose=data["purpose"],
            gever=data["gever"],
            ouder=data.get("ouder"),
            gegeven_op=data["gegeven_op"],
            wijze=data["wijze"],
            case=data.get("case"),
            document=data.get("document"),
            uploaded=data.get("file"),
            overleg=data.get("overleg", ""),
            reikwijdte=data.get("reikwijdte", ""),
            geldig_tot=data.get("geldig_tot"),
        )
        return Response(
            ConsentSerializer(consent, context={"request": request}).data, status=status.HTTP_201_CREATED
        )


@extend_schema(tags=["toestemmingen"], responses=ConsentSerializer)
class ConsentDetail(ApiView):
    resource = "pupils"

    def get(self, request, pk):
        return Response(ConsentSerializer(_visible_consent(request, pk), context={"request": request}).data)


class ConsentWithdraw(ApiView):
    resource = "pupils"

    @extend_schema(
        tags=["toestemmingen"],
        summary="Toestemming intrekken",
        description=(
            "Vanaf vandaag; wat de toestemming nodig heeft, wordt daarna geweigerd. Al ingetrokken: 400 met "
            "code `toestemming-al-ingetrokken`. Stuurt de webhook `consent.withdrawn`."
        ),
        request=WithdrawInput,
        responses={200: ConsentSerializer, **ERRORS},
    )
    def post(self, request, pk):
        consent = _visible_consent(request, pk)
        data = validated_form(request, WithdrawForm, "ToestemmingIntrekken", lambda d, f: WithdrawForm(d))
        if not policies.may_manage_ouders(request.user, consent.leerling):
            raise NotPermitted(
                "Alleen de school van de leerling en de consulent trekken toestemmingen in.",
                code="toestemming-niet-toegestaan",
            )
        consent = consent_services.consent_withdraw(
            consent_id=consent.pk, by=request.user, reason=data["reden"]
        )
        return Response(ConsentSerializer(consent, context={"request": request}).data)


class LetterRecipientSerializer(serializers.ModelSerializer):
    ouder = serializers.IntegerField(source="ouder_id", allow_null=True, help_text="De ouder/verzorger.")
    document = serializers.IntegerField(
        source="document_id", allow_null=True, help_text="Het eigen exemplaar (PDF) van deze ontvanger."
    )

    class Meta:
        model = Ontvanger
        fields = ["id", "soort", "naam", "ouder", "verzending", "sent_at", "gedrukt_op", "document"]


class LetterSerializer(serializers.ModelSerializer):
    ontvangers = LetterRecipientSerializer(many=True, read_only=True)
    document = serializers.IntegerField(source="document_id")

    class Meta:
        model = Bekendmaking
        fields = ["id", "soort", "bekendgemaakt_op", "bezwaartermijn_tot", "document", "ontvangers"]


@extend_schema(tags=["casussen"], responses={200: LetterSerializer(many=True), 404: ERRORS[404]})
class CaseLetters(ApiView):
    """The letters of a case (besluit, beslissing op bezwaar, …), each with its recipients and how each was
    sent: `email` (with the PDF), `post` (printed for the post on `gedrukt_op`) or `applicatie`."""

    resource = "cases"
    read_what = "brieven en ontvangers"

    def get(self, request, pk):
        case = visible_case(request, pk)
        letters = case.bekendmakingen.order_by("pk").prefetch_related("ontvangers")
        return Response(LetterSerializer(letters, many=True).data)


# --- the pupil's voice (hoorrecht) per case ---------------------------------------------------------------

LeerlingGehoordInput = serializer_for(LeerlingGehoordForm, "MeningLeerling")


class LeerlingGehoordSerializer(serializers.ModelSerializer):
    class Meta:
        model = LeerlingGehoord
        fields = [
            "id",
            "case",
            "gehoord_op",
            "gehoord_door",
            "wijze",
            "mening",
            "reden_niet_gehoord",
            "recorded_at",
        ]


class CasePupilVoice(ApiView):
    """The pupil's own view on a case (hoorrecht): dated entries with who heard them and how."""

    resource = "cases"
    read_what = "mening van de leerling"

    @extend_schema(
        tags=["casussen"],
        summary="Mening van de leerling (hoorrecht)",
        responses={200: LeerlingGehoordSerializer(many=True), 404: ERRORS[404]},
    )
    def get(self, request, pk):
        case = visible_case(request, pk)
        rows = LeerlingGehoord.objects.filter(case=case).order_by("-gehoord_op", "-pk")
        return Response(LeerlingGehoordSerializer(rows, many=True).data)

    @extend_schema(
        tags=["casussen"],
        summary="Mening van de leerling vastleggen",
        description=(
            "Wanneer, door wie en hoe de leerling is gehoord, met de mening in de eigen woorden; of "
            "`wijze=niet_gehoord` met de `reden_niet_gehoord`. Door de school, de consulent en bij een "
            "screening het screeningsteam. Recht: `cases:write`."
        ),
        request=LeerlingGehoordInput,
        responses={201: LeerlingGehoordSerializer, **ERRORS},
    )
    def post(self, request, pk):
        case = visible_case(request, pk)
        data = validated_form(
            request, LeerlingGehoordForm, "MeningLeerling", lambda d, f: LeerlingGehoordForm(d)
        )
        entry = hoorrecht_services.hoorrecht_record(case=case, by=request.user, **data)
        return Response(LeerlingGehoordSerializer(entry).data, status=status.HTTP_201_CREATED)


# --- notices to the ouders (a statutory term exceeded) ----------------------------------------------------


class OuderBerichtSerializer(serializers.ModelSerializer):
    ouder = serializers.IntegerField(source="ouder_id", allow_null=True, help_text="De ouder/verzorger.")
    document = serializers.IntegerField(
        source="document_id", allow_null=True, help_text="Het eigen exemplaar (PDF) van deze ouder."
    )
    deadline = serializers.IntegerField(source="deadline_id", allow_null=True, help_text="De termijn.")

    class Meta:
        model = OuderBericht
        fields = [
            "id",
            "soort",
            "naam",
            "ouder",
            "deadline",
            "verzending",
            "sent_at",
            "gedrukt_op",
            "document",
        ]


@extend_schema(tags=["casussen"], responses={200: OuderBerichtSerializer(many=True), 404: ERRORS[404]})
class CaseParentNotices(ApiView):
    """The notices of a case to the ouders with gezag (a statutory term that was exceeded), one per ouder,
    with how each was sent: `email` (with the PDF) or `post` (printed for the post on `gedrukt_op`)."""

    resource = "cases"
    read_what = "berichten aan ouders"

    def get(self, request, pk):
        case = visible_case(request, pk)
        return Response(OuderBerichtSerializer(case.ouderberichten.order_by("sent_at", "pk"), many=True).data)


class OuderToegangSerializer(serializers.ModelSerializer):
    uitgegeven_door = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField(
        help_text="`open` (ongebruikt en geldig), `gebruikt`, `verlopen` of `ingetrokken`."
    )

    class Meta:
        model = OuderToegang
        fields = [
            "id",
            "ouder",
            "issued_at",
            "uitgegeven_door",
            "expires_at",
            "used_at",
            "verified_at",
            "revoked_at",
            "status",
        ]

    def get_uitgegeven_door(self, obj) -> str:
        return obj.issued_by.get_full_name() or obj.issued_by.username

    def get_status(self, obj) -> str:
        from cases.services import ouderportaal

        return ouderportaal.link_state(obj)


def _managed_ouder(request, pk) -> Ouder:
    ouder = _visible_ouder(request, pk)
    if not policies.may_manage_ouders(request.user, ouder.leerling):
        raise NotPermitted(
            "Alleen de school van de leerling en de consulent zien en beheren de persoonlijke links.",
            code="ouderlink-niet-toegestaan",
        )
    return ouder


class ParentLinks(ApiView):
    """The personal links issued to an ouder (when, by whom, and whether used, expired or revoked)."""

    resource = "pupils"

    @extend_schema(
        tags=["ouders"],
        summary="Persoonlijke links van een ouder",
        responses={200: OuderToegangSerializer(many=True), **ERRORS},
    )
    def get(self, request, pk):
        from cases.services import ouderportaal

        ouder = _managed_ouder(request, pk)
        rows = ouderportaal.links_for(ouder.leerling).filter(ouder=ouder)
        return Response(OuderToegangSerializer(rows, many=True).data)


class ParentLinkRevoke(ApiView):
    resource = "pupils"

    @extend_schema(
        tags=["ouders"],
        summary="Ongebruikte persoonlijke link intrekken",
        description=(
            "Trekt de ongebruikte, geldige link van de ouder in; daarna opent die niets meer. Zonder zo'n "
            "link: 400 met code `ouderlink-geen-open-link`. Recht: `pupils:write`."
        ),
        request=None,
        responses={200: OuderToegangSerializer, **ERRORS},
    )
    def post(self, request, pk):
        from cases.services import ouderportaal

        ouder = _managed_ouder(request, pk)
        toegang = ouderportaal.ouder_link_revoke(ouder=ouder, by=request.user)
        return Response(OuderToegangSerializer(toegang).data)
