"""Documents: upload with the same content checks as the UI, download through the permission check."""

from __future__ import annotations

from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.response import Response

from api.parsers import JSONParser, MultiPartParser
from api.serializers import DocumentSerializer
from api.views.base import ApiView, validated_form, visible_case, visible_document
from cases.errors import ValidationFailed
from cases.services import documents as document_services
from workflows.forms import DocumentForm, DocumentReplaceForm


class CaseDocuments(ApiView):
    resource = "documents"
    parser_classes = [MultiPartParser, JSONParser]
    read_what = "documentenlijst"

    @extend_schema(tags=["documenten"], responses=DocumentSerializer(many=True))
    def get(self, request, pk):
        case = visible_case(request, pk)
        return Response(
            DocumentSerializer(case.documents.all(), many=True, context={"request": request}).data
        )

    @extend_schema(
        tags=["documenten"],
        request={
            "multipart/form-data": {
                "type": "object",
                "properties": {
                    "kind": {
                        "type": "string",
                        "enum": [k for k, _ in DocumentForm.base_fields["kind"].choices],
                    },
                    "file": {"type": "string", "format": "binary"},
                },
                "required": ["kind", "file"],
            }
        },
        responses={201: DocumentSerializer},
        description=(
            "Eén bestand per verzoek (PDF, DOCX, JPG of PNG), gecontroleerd op inhoud (niet alleen op naam) "
            "en grootte. Meerdere bestanden: één verzoek per bestand; een verzoek met meer dan één `file` "
            "wordt geweigerd (400, code `een-bestand-per-verzoek`). Elke rol kan alleen de soorten toevoegen "
            "die bij die rol horen (een school bijvoorbeeld geen besluitbrief): een andere soort geeft 403 "
            "met code `document-soort-niet-toegestaan`. Een nieuwe versie van een bestaand document: "
            "`POST /api/v1/documents/{id}/versions/`."
        ),
    )
    def post(self, request, pk):
        case = visible_case(request, pk)
        _one_file(request)
        data = validated_form(request, DocumentForm, "Document", lambda d, f: DocumentForm(d, f))
        doc = document_services.document_upload(
            case=case, by=request.user, kind=data["kind"], uploaded=data["file"]
        )
        return Response(
            DocumentSerializer(doc, context={"request": request}).data, status=status.HTTP_201_CREATED
        )


def _one_file(request) -> None:
    if len(request.FILES.getlist("file")) > 1:
        raise ValidationFailed(
            "Stuur één bestand per verzoek; voor meerdere bestanden doet u meerdere verzoeken.",
            code="een-bestand-per-verzoek",
            field="file",
        )


class DocumentVersions(ApiView):
    """Every version of a document (oldest first), and a new version replacing the current one."""

    resource = "documents"
    parser_classes = [MultiPartParser, JSONParser]
    read_what = "{subject}, versies"

    @extend_schema(tags=["documenten"], responses=DocumentSerializer(many=True))
    def get(self, request, pk):
        doc = visible_document(request, pk)
        return Response(DocumentSerializer(doc.versions(), many=True, context={"request": request}).data)

    @extend_schema(
        tags=["documenten"],
        request={
            "multipart/form-data": {
                "type": "object",
                "properties": {"file": {"type": "string", "format": "binary"}},
                "required": ["file"],
            }
        },
        responses={201: DocumentSerializer},
        description=(
            "Vervang het document door een nieuwe versie (zelfde soort, dezelfde controles als bij "
            "toevoegen); de vorige versie blijft bewaard en te downloaden. Alleen de nieuwste versie kan "
            "worden vervangen (anders 409, code `document-al-vervangen`)."
        ),
    )
    def post(self, request, pk):
        doc = visible_document(request, pk)
        _one_file(request)
        data = validated_form(
            request, DocumentReplaceForm, "DocumentVersie", lambda d, f: DocumentReplaceForm(d, f)
        )
        new = document_services.document_replace(document=doc, by=request.user, uploaded=data["file"])
        return Response(
            DocumentSerializer(new, context={"request": request}).data, status=status.HTTP_201_CREATED
        )


class AnyAccept(DefaultContentNegotiation):
    """A download answers with the file whatever the client's Accept header says (errors stay JSON)."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


@extend_schema(tags=["documenten"], responses=DocumentSerializer)
class DocumentDetail(ApiView):
    """The document's metadata (kind, original file name, size, checksum); the read is logged."""

    resource = "documents"
    read_what = "{subject}, gegevens"

    def get(self, request, pk):
        doc = visible_document(request, pk)
        return Response(DocumentSerializer(doc, context={"request": request}).data)


@extend_schema(
    tags=["documenten"],
    responses={
        (200, content_type): OpenApiResponse(OpenApiTypes.BINARY, description="Het bestand (als bijlage)")
        for content_type in sorted({ct for ct, _magic in document_services.ALLOWED.values()})
    },
)
class DocumentContent(ApiView):
    """The file itself, as an attachment; the download is logged like the UI's."""

    resource = "documents"
    content_negotiation_class = AnyAccept

    def get(self, request, pk):
        doc = visible_document(request, pk)
        response = FileResponse(
            doc.file.open("rb"), as_attachment=True, filename=doc.original_name, content_type=doc.content_type
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response
