"""The overstap's own API paths beside the route's generic ones (`/api/v1/cases/overstap/`, the tasks and
the `overstap_vervolg` transition): the handed-over file of either side, a handed-over document, the PO/VO
meeting overview and the figures per school year. Every read goes through cases/policies.py; a read by the
receiving side is logged in both SWVs' access logs."""

from __future__ import annotations

from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response

from api.serializers import OverstapSerializer
from api.views.base import ApiView, query_params
from api.views.documents import AnyAccept
from api.views.reports import SchooljaarQuery
from audit.services import log_read
from cases import policies
from cases.models.case import Route
from cases.services import documents as document_services
from cases.services import overstap as services
from reports import overstap as report


def _overstap_for(request, pk):
    """The handover of visible case `pk` (either side) that this user may read; 404 otherwise."""
    case = policies.visible_cases(request.user).filter(pk=pk, route=Route.OVERSTAP).first()
    if case is None:
        raise NotFound("Deze overstap bestaat niet of u heeft er geen toegang toe.")
    o = services.overstap_of_case(case)
    return case, o


def _log(request, case, o, what: str) -> None:
    log_read(request, case=case, what=f"{what} (API)")
    if case.pk != o.case_id:  # the receiving side reads from the PO case: the sending SWV's log too
        log_read(request, case=o.case, what=f"{what} (API, gelezen door {o.vo_swv.code})")


class HandoverDocumentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    original_name = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    sha256 = serializers.CharField()


class HandoverSerializer(serializers.Serializer):
    case = serializers.IntegerField(help_text="De casus waarlangs gelezen wordt (verzendende of ontvangende)")
    reference = serializers.CharField()
    side = serializers.ChoiceField(choices=["po", "vo"], help_text="po = verzendende kant, vo = ontvangende")
    overstap = OverstapSerializer()
    documents = HandoverDocumentSerializer(many=True)


@extend_schema(tags=["route overstap"], responses=HandoverSerializer)
class HandoverDetail(ApiView):
    """What was handed over (facts and selected documents) as the reader's side sees it: the sending side
    always, the receiving side from sending until the ouders withdraw their consent."""

    resource = "cases"

    def get(self, request, pk):
        case, o = _overstap_for(request, pk)
        readable = policies.may_read_handover(request.user, o)
        _log(request, case, o, "overdrachtsdossier")
        docs = o.documenten.all().order_by("pk") if readable else []
        return Response(
            HandoverSerializer(
                {
                    "case": case.pk,
                    "reference": case.reference,
                    "side": "po" if case.pk == o.case_id else "vo",
                    "overstap": o,
                    "documents": [
                        {
                            "id": d.pk,
                            "kind": d.kind,
                            "original_name": d.original_name,
                            "content_type": d.content_type,
                            "size": d.size,
                            "sha256": d.sha256,
                        }
                        for d in docs
                    ],
                },
                context={"request": request},
            ).data
        )


@extend_schema(
    tags=["route overstap"],
    responses={
        (200, content_type): OpenApiResponse(OpenApiTypes.BINARY, description="Het bestand (als bijlage)")
        for content_type in sorted({ct for ct, _magic in document_services.ALLOWED.values()})
    },
)
class HandoverDocument(ApiView):
    """A handed-over document, through the handover only (never the PO case's document paths)."""

    resource = "documents"
    content_negotiation_class = AnyAccept

    def get(self, request, pk, doc):
        case, o = _overstap_for(request, pk)
        if not policies.may_read_handover(request.user, o):
            raise NotFound("Dit document is niet (meer) overgedragen.")
        document = o.documenten.filter(pk=doc).first()
        if document is None:
            raise NotFound("Dit document is niet (meer) overgedragen.")
        _log(request, case, o, f"overgedragen document {document.pk}")
        response = FileResponse(
            document.file.open("rb"),
            as_attachment=True,
            filename=document.original_name,
            content_type=document.content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


class MeetingRowSerializer(serializers.Serializer):
    case = serializers.IntegerField(source="case_id")
    reference = serializers.CharField()
    leerling = serializers.CharField()
    po_school = serializers.CharField(source="overstap.case.school.name")
    vo_school = serializers.CharField(source="overstap.vo_school.name")
    status = serializers.CharField(source="overstap.status")
    status_label = serializers.CharField(source="status")
    term_due_on = serializers.DateField(source="term.due_on", allow_null=True, default=None)
    term_label = serializers.CharField(source="term.display_label", allow_null=True, default=None)
    next_step = serializers.CharField()


class MeetingPairSerializer(serializers.Serializer):
    po_swv = serializers.CharField(source="po.code")
    vo_swv = serializers.CharField(source="vo.code")
    rows = MeetingRowSerializer(many=True)


@extend_schema(tags=["route overstap"], responses=MeetingPairSerializer(many=True))
class MeetingOverview(ApiView):
    """Per pair of PO and VO SWV: the pupils in transition with status, term and next step (as on the page
    *Overstap PO-VO → PO/VO-overleg*)."""

    resource = "cases"

    def get(self, request):
        if not policies.overstap_pair_swvs(request.user):
            raise PermissionDenied("Dit overzicht is voor de medewerkers van het samenwerkingsverband.")
        log_read(request, what="overzicht overstappen PO-VO (API)")
        return Response(MeetingPairSerializer(report.pairs(request.user), many=True).data)


class YearSerializer(serializers.Serializer):
    schooljaar = serializers.IntegerField()
    gestart = serializers.IntegerField()
    overgedragen = serializers.IntegerField()
    op_tijd_geplaatst = serializers.IntegerField(help_text="geplaatst uiterlijk 1 oktober")
    te_laat = serializers.IntegerField()
    po_vso = serializers.IntegerField()
    po_pro = serializers.IntegerField()


@extend_schema(tags=["rapportages"], parameters=[SchooljaarQuery], responses=YearSerializer(many=True))
class OverstapReport(ApiView):
    """Handovers per first VO school year: started, handed over, placed by 1 October, late, PO→VSO and
    PO→PrO (as on the page *Overstap PO-VO → Rapportage*)."""

    resource = "reports"

    def get(self, request):
        if not policies.overstap_pair_swvs(request.user):
            raise PermissionDenied("Deze rapportage is voor het samenwerkingsverband.")
        params = query_params(request, SchooljaarQuery)
        log_read(request, what="overstappen per schooljaar (API)")
        rows = report.per_school_year(request.user, schooljaar=params.get("schooljaar"))
        return Response(YearSerializer(rows, many=True).data)
