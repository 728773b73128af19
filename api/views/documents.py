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
from cases.services import documents as document_services
from workflows.forms import DocumentForm


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
        description="PDF, DOCX, JPG of PNG; gecontroleerd op inhoud (niet alleen op naam) en grootte.",
    )
    def post(self, request, pk):
        case = visible_case(request, pk)
        data = validated_form(request, DocumentForm, "Document", lambda d, f: DocumentForm(d, f))
        doc = document_services.document_upload(
            case=case, by=request.user, kind=data["kind"], uploaded=data["file"]
        )
        return Response(
            DocumentSerializer(doc, context={"request": request}).data, status=status.HTTP_201_CREATED
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
