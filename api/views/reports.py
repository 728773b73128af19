"""Report figures as JSON, from the same selectors as the report pages (reports/selectors.py)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from api.serializers import CarrouselReportSerializer, ThuiszitterReportSerializer, ToestroomReportSerializer
from api.views.base import ApiView, query_params
from audit.services import log_read
from cases import clock, policies
from reports import selectors


class PeildatumQuery(serializers.Serializer):
    peildatum = serializers.DateField(
        required=False, help_text="Standaard: het einde van het vorige kwartaal"
    )


class KwartaalQuery(serializers.Serializer):
    jaar = serializers.IntegerField(min_value=2000, max_value=2100, required=False)
    kwartaal = serializers.IntegerField(min_value=1, max_value=4, required=False)


class SchooljaarQuery(serializers.Serializer):
    schooljaar = serializers.IntegerField(
        min_value=2000, max_value=2100, required=False, help_text="Beginjaar, bijv. 2026 voor 2026-2027"
    )


@extend_schema(tags=["rapportages"], parameters=[PeildatumQuery], responses=ThuiszitterReportSerializer)
class ThuiszitterReport(ApiView):
    """Thuiszitters at a peildatum per type, gemeente and board (definition as on the report page)."""

    resource = "reports"

    def get(self, request):
        if not policies.thuiszitter_report_roles(request.user):
            raise PermissionDenied("Deze telling is voor het samenwerkingsverband en de leerplichtambtenaar.")
        params = query_params(request, PeildatumQuery)
        peildatum = params.get("peildatum") or selectors.quarter_end(clock.today())
        rows = selectors.thuiszitter_count(user=request.user, peildatum=peildatum)
        log_read(request, what=f"thuiszitters API peildatum {peildatum:%Y-%m-%d}")
        return Response(
            ThuiszitterReportSerializer(
                {"peildatum": peildatum, "totaal": sum(r.aantal for r in rows), "rijen": rows}
            ).data
        )


@extend_schema(tags=["rapportages"], parameters=[KwartaalQuery], responses=ToestroomReportSerializer)
class ToestroomReport(ApiView):
    """Toestroom zorg → onderwijs per quarter, per herkomst and in total."""

    resource = "reports"

    def get(self, request):
        if not policies.route5_report_roles(request.user):
            raise PermissionDenied("Deze telling is voor het samenwerkingsverband.")
        params = query_params(request, KwartaalQuery)
        last = selectors.quarter_end(clock.today())
        jaar = params.get("jaar") or last.year
        kwartaal = params.get("kwartaal") or (last.month - 1) // 3 + 1
        rows, total = selectors.toestroom(user=request.user, jaar=jaar, kwartaal=kwartaal)
        log_read(request, what=f"toestroom API {jaar} Q{kwartaal}")
        return Response(
            ToestroomReportSerializer(
                {
                    "jaar": jaar,
                    "kwartaal": kwartaal,
                    "definitie": str(selectors.TOESTROOM_DEFINITIE),
                    "rijen": rows,
                    "totaal": total,
                }
            ).data
        )


@extend_schema(tags=["rapportages"], parameters=[SchooljaarQuery], responses=CarrouselReportSerializer)
class CarrouselReport(ApiView):
    """Definitive moves per school year against the SWV's targets."""

    resource = "reports"

    def get(self, request):
        if not policies.route5_report_roles(request.user):
            raise PermissionDenied("Deze telling is voor het samenwerkingsverband.")
        params = query_params(request, SchooljaarQuery)
        schooljaar = params.get("schooljaar") or selectors.schooljaar_of(clock.today())
        rows = selectors.carrousel(user=request.user, schooljaar=schooljaar)
        log_read(request, what=f"carrousel API {schooljaar}")
        return Response(CarrouselReportSerializer({"schooljaar": schooljaar, "rijen": rows}).data)
