"""Records management: the vernietigingslijsten (privacy officer, archivaris) with the rules of their pages:
review, approve (two different people), carry out, and the verklaring van vernietiging."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response

from api.pagination import KeysetPagination
from api.permissions import HasScope
from api.views.base import ApiView
from cases import policies
from cases.errors import ValidationFailed
from cases.letters import render_pdf
from cases.models import Case, VernietigingsAkkoord, VernietigingsItem, Vernietigingslijst
from cases.services import vernietiging


class ItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = VernietigingsItem
        fields = [
            "id", "reference", "route", "resultaat", "opened_on", "closed_on", "archiefactiedatum", "status",
            "reason", "at",
        ]  # fmt: skip
        read_only_fields = fields


class ApprovalSerializer(serializers.ModelSerializer):
    class Meta:
        model = VernietigingsAkkoord
        fields = ["by", "role", "at"]
        read_only_fields = fields


class ListSerializer(serializers.ModelSerializer):
    items = ItemSerializer(many=True, read_only=True)
    approvals = ApprovalSerializer(many=True, read_only=True, source="akkoorden")

    class Meta:
        model = Vernietigingslijst
        fields = ["id", "swv", "status", "due_on", "created_at", "executed_at", "items", "approvals"]
        read_only_fields = fields


def _lijst(request, pk) -> Vernietigingslijst:
    lijst = policies.visible_destruction_lists(request.user).filter(pk=pk).first()
    if lijst is None:
        raise Http404
    return lijst


@extend_schema(tags=["archief"])
class DestructionListList(generics.ListAPIView):
    """De vernietigingslijsten van uw SWV (privacy officer, archivaris); voor andere rollen leeg."""

    permission_classes = [HasScope]
    resource = "cases"
    serializer_class = ListSerializer
    pagination_class = KeysetPagination

    def get_queryset(self):
        return policies.visible_destruction_lists(self.request.user).prefetch_related("items", "akkoorden")


@extend_schema(tags=["archief"], responses=ListSerializer)
class DestructionListDetail(ApiView):
    resource = "cases"

    def get(self, request, pk):
        return Response(ListSerializer(_lijst(request, pk)).data)


@extend_schema(
    tags=["archief"],
    request=None,
    responses=ListSerializer,
    description="Keur de lijst goed. Na twee goedkeuringen door twee verschillende personen (privacy "
    "officer, archivaris) is zij goedgekeurd. 400 als u haar al goedkeurde of als er een casus onder "
    "bewaarplicht op staat; 409 als zij al is goedgekeurd of uitgevoerd.",
)
class DestructionListApprove(ApiView):
    resource = "cases"

    def post(self, request, pk):
        lijst = vernietiging.lijst_approve(lijst=_lijst(request, pk), by=request.user)
        return Response(ListSerializer(lijst).data)


@extend_schema(
    tags=["archief"],
    request=None,
    responses=ListSerializer,
    description="Voer een goedgekeurde lijst uit: de casussen met alles wat erbij hoort worden in "
    "porties vernietigd; van iedere casus blijft een grafsteen in de auditketen. Een casus die inmiddels "
    "onder bewaarplicht staat, blijft. 409 als de lijst niet goedgekeurd is.",
)
class DestructionListExecute(ApiView):
    resource = "cases"

    def post(self, request, pk):
        lijst = _lijst(request, pk)
        vernietiging.lijst_execute(lijst=lijst, by=request.user)
        lijst.refresh_from_db()
        return Response(ListSerializer(lijst).data)


class ReviewInput(serializers.Serializer):
    item = serializers.IntegerField(min_value=1, help_text="De id van de casus op de lijst (items[].id).")
    action = serializers.ChoiceField(
        choices=["remove", "legal_hold"],
        help_text="remove: van de lijst halen; legal_hold: bewaarplicht opleggen (ook van de lijst af).",
    )
    reason = serializers.CharField(max_length=300, help_text="De reden (verplicht).")


@extend_schema(
    tags=["archief"],
    request=ReviewInput,
    responses=ListSerializer,
    description="Beoordeel een casus op de lijst: van de lijst halen of een bewaarplicht opleggen, met "
    "reden. Een wijziging vraagt de goedkeuringen opnieuw. 409 als de lijst al is goedgekeurd.",
)
class DestructionListReview(ApiView):
    resource = "cases"

    def post(self, request, pk):
        serializer = ReviewInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        lijst = _lijst(request, pk)
        item = VernietigingsItem.objects.filter(lijst=lijst, pk=data["item"]).select_related("case").first()
        if item is None:
            raise ValidationFailed(
                "Deze casus staat niet op de lijst.", code="vernietiging-item", field="item"
            )
        if data["action"] == "remove":
            vernietiging.item_remove(item=item, by=request.user, reason=data["reason"])
        else:
            if item.case is None:
                raise ValidationFailed(
                    "Deze casus bestaat niet meer.", code="vernietiging-item", field="item"
                )
            vernietiging.legal_hold_set(case=item.case, by=request.user, reason=data["reason"])
        lijst.refresh_from_db()
        return Response(ListSerializer(lijst).data)


@extend_schema(
    tags=["archief"],
    responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="De verklaring.")},
    description="De verklaring van vernietiging (PDF) van een uitgevoerde lijst; 404 zolang zij niet is "
    "uitgevoerd.",
)
class DestructionListCertificate(ApiView):
    resource = "cases"

    def get(self, request, pk):
        lijst = _lijst(request, pk)
        if lijst.status != Vernietigingslijst.Status.UITGEVOERD:
            raise Http404
        pdf = render_pdf(
            "verklaring_vernietiging.html",
            {
                "lijst": lijst,
                "vernietigd": lijst.items.filter(status="vernietigd").order_by("reference"),
                "niet": lijst.items.exclude(status="vernietigd").order_by("reference"),
                "akkoorden": lijst.akkoorden.select_related("by").order_by("at"),
            },
        )
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="verklaring-van-vernietiging-{lijst.pk}.pdf"'
        return response


# --- one case's legal hold (the case page's and the archive card's button) ----------------------------------


class ArchiveCardSerializer(serializers.ModelSerializer):
    class Meta:
        model = Case
        fields = [
            "id", "reference", "route", "resultaat", "archiefnominatie", "brondatum", "archiefactiedatum",
            "legal_hold", "legal_hold_reason",
        ]  # fmt: skip
        read_only_fields = fields


class LegalHoldInput(serializers.Serializer):
    action = serializers.ChoiceField(
        choices=["set", "lift"], help_text="set: bewaarplicht opleggen; lift: bewaarplicht opheffen."
    )
    reason = serializers.CharField(max_length=300, help_text="De reden (verplicht).")


@extend_schema(
    tags=["archief"],
    request=LegalHoldInput,
    responses=ArchiveCardSerializer,
    description="Leg een bewaarplicht (legal hold) op een casus of hef haar op, met reden (privacy officer, "
    "archivaris van het SWV). Een casus onder bewaarplicht wordt nooit voorgesteld of vernietigd; opleggen "
    "haalt haar van een lijst in beoordeling. 404 buiten uw SWV; 409 als de casus al (niet) onder "
    "bewaarplicht staat.",
)
class CaseLegalHold(ApiView):
    resource = "cases"

    def post(self, request, pk):
        serializer = LegalHoldInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        case = Case.objects.filter(pk=pk, swv_id__in=policies.destruction_swvs(request.user)).first()
        if case is None:
            raise Http404
        if data["action"] == "set":
            case = vernietiging.legal_hold_set(case=case, by=request.user, reason=data["reason"])
        else:
            case = vernietiging.legal_hold_lift(case=case, by=request.user, reason=data["reason"])
        return Response(ArchiveCardSerializer(case).data)


class ArchiveRuleSerializer(serializers.Serializer):
    swv = serializers.IntegerField()
    route = serializers.CharField()
    resultaat = serializers.CharField(source="code")
    label = serializers.CharField()
    archiefnominatie = serializers.CharField()
    termijn_jaren = serializers.IntegerField()
    brondatum = serializers.CharField()
    bron = serializers.CharField()
    eigen = serializers.CharField(
        help_text="De eigen regel van het SWV als die afwijkt van de standaard; leeg als niet."
    )
    bevestigd = serializers.CharField(
        help_text="Door wie en wanneer de archivaris de regel bevestigde; leeg als nog niet."
    )


def _rules(swv_id: int) -> list[dict]:
    from cases import archive
    from cases.models import ArchiefRegel

    own = ArchiefRegel.objects.filter(swv_id=swv_id).select_related("bevestigd_door")
    return [{**row, "swv": swv_id} for row in archive.defaults_table(own)]


@extend_schema(
    tags=["archief"],
    responses=ArchiveRuleSerializer(many=True),
    description="De archiefregels per resultaat van de SWV's waarvan u de vernietigingslijsten beoordeelt "
    "(privacy officer, archivaris): de standaard met haar bron, de eigen regel van het SWV en of de "
    "archivaris haar bevestigde. Leeg voor andere rollen.",
)
class ArchiveRuleList(ApiView):
    resource = "cases"

    def get(self, request):
        rows = [row for swv_id in sorted(policies.destruction_swvs(request.user)) for row in _rules(swv_id)]
        return Response(ArchiveRuleSerializer(rows, many=True).data)


class ArchiveRuleConfirmInput(serializers.Serializer):
    swv = serializers.IntegerField(
        required=False, help_text="Het SWV; alleen nodig als u archivaris bent van meer dan één SWV."
    )
    route = serializers.CharField(max_length=20)
    resultaat = serializers.CharField(max_length=30)


@extend_schema(
    tags=["archief"],
    request=ArchiveRuleConfirmInput,
    responses=ArchiveRuleSerializer,
    description="Bevestig als archivaris de archiefregel van één resultaat: de eigen regel van het SWV zoals "
    "zij is, of anders de standaard (die dan de regel van het SWV wordt). 403 voor andere rollen; 400 bij "
    "een onbekend resultaat; 409 als de regel al bevestigd is.",
)
class ArchiveRuleConfirm(ApiView):
    resource = "cases"

    def post(self, request):
        from cases.errors import NotPermitted
        from cases.models import Swv
        from cases.services import archief

        serializer = ArchiveRuleConfirmInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        swvs = policies.archive_rule_swvs(request.user)
        swv_id = data.get("swv")
        if swv_id is None and len(swvs) == 1:
            swv_id = next(iter(swvs))
        if swv_id is None and len(swvs) > 1:
            raise ValidationFailed("Kies het samenwerkingsverband.", field="swv")
        if swv_id not in swvs:
            raise NotPermitted(
                "Alleen de archivaris van het samenwerkingsverband bevestigt de archiefregels."
            )
        regel = archief.regel_bevestigen(
            swv=Swv.objects.get(pk=swv_id), route=data["route"], resultaat=data["resultaat"], by=request.user
        )
        row = next(r for r in _rules(swv_id) if (r["route"], r["code"]) == (regel.route, regel.resultaat))
        return Response(ArchiveRuleSerializer(row).data)
