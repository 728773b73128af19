"""Report figures as JSON, from the same selectors as the report pages (reports/selectors.py)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response

from api.serializers import (
    CapacityReportSerializer,
    CarrouselReportSerializer,
    ForecastSerializer,
    IndicatorsSerializer,
    LoketBudgetRowSerializer,
    LoketReportSerializer,
    MonthlyReportSerializer,
    QuarterlyReportSerializer,
    TargetCasesSerializer,
    TargetsReportSerializer,
    ThuiszitterReportSerializer,
    ToestroomReportSerializer,
)
from api.views.base import ApiView, query_params
from audit.services import log_read
from cases import clock, policies
from cases.models.profiles import Indicator
from cases.roles import Role
from reports import selectors
from reports.loket import budget_use, loket_report


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


class QuarterlyQuery(serializers.Serializer):
    swv = serializers.IntegerField(
        required=False, help_text="Id van het SWV; standaard het eerste dat u mag zien"
    )
    periode = serializers.ChoiceField(choices=["kwartaal", "schooljaar"], required=False, default="kwartaal")
    jaar = serializers.IntegerField(min_value=2000, max_value=2100, required=False)
    kwartaal = serializers.IntegerField(min_value=1, max_value=4, required=False)
    schooljaar = serializers.IntegerField(
        min_value=2000, max_value=2100, required=False, help_text="Beginjaar, bijv. 2025 voor 2025-2026"
    )


@extend_schema(tags=["rapportages"], parameters=[QuarterlyQuery], responses=QuarterlyReportSerializer)
class QuarterlyReport(ApiView):
    """Every figure of the page Kwartaalrapportage for one SWV and a quarter or school year (standaard: het
    laatste volledige kwartaal), with the definition of each figure."""

    resource = "reports"

    def get(self, request):
        from reports.forms import QuarterlyReportForm
        from reports.quarterly import DEFINITIONS, quarterly_report

        swvs = policies.report_swvs(request.user)
        if not swvs.exists():
            raise PermissionDenied("De kwartaalrapportage is voor het samenwerkingsverband en de auditor.")
        params = query_params(request, QuarterlyQuery)
        if "swv" in params and not swvs.filter(pk=params["swv"]).exists():
            raise NotFound("Dit samenwerkingsverband bestaat niet of u mag er niet over rapporteren.")
        swv = swvs.get(pk=params["swv"]) if "swv" in params else swvs.order_by("name").first()
        data = {**QuarterlyReportForm.defaults(swv), **params, "swv": swv.pk}
        form = QuarterlyReportForm(data, swvs=swvs)
        if not form.is_valid():
            raise serializers.ValidationError(
                {(k if k != "__all__" else "periode"): [str(m) for m in v] for k, v in form.errors.items()}
            )
        report = quarterly_report(swv=swv, period=form.cleaned_data["period"], now=clock.now())
        log_read(request, swv_id=swv.pk, what=f"kwartaalrapportage API {swv.code} {report.period.label}")
        report.definities = {key: str(text) for key, text in DEFINITIONS.items()}
        return Response(QuarterlyReportSerializer(report).data)


class ForecastQuery(serializers.Serializer):
    swv = serializers.IntegerField(
        required=False, help_text="Id van het SWV; standaard het eerste dat u mag zien"
    )
    rol = serializers.ChoiceField(
        choices=[r.value for r in Role if r not in (Role.AUDITOR, Role.PRIVACY_OFFICER, Role.BEHEERDER)],
        required=False,
        help_text="Alleen deze rol; standaard alle rollen",
    )


@extend_schema(tags=["rapportages"], parameters=[ForecastQuery], responses=ForecastSerializer)
class ForecastReport(ApiView):
    """The terms that fall due in the next four weeks per role and week, what must happen by when, and each
    person's load (the page Vooruitblik termijnen)."""

    resource = "reports"

    def get(self, request):
        from reports.forecast import breach_forecast

        swvs = policies.forecast_swvs(request.user)
        if not swvs.exists():
            raise PermissionDenied("De vooruitblik is voor de coördinatoren van het samenwerkingsverband.")
        params = query_params(request, ForecastQuery)
        if "swv" in params and not swvs.filter(pk=params["swv"]).exists():
            raise NotFound("Dit samenwerkingsverband bestaat niet of u mag de vooruitblik niet zien.")
        swv = swvs.get(pk=params["swv"]) if "swv" in params else swvs.first()
        result = breach_forecast(swv_id=swv.pk, role=params.get("rol") or None)
        log_read(
            request,
            swv_id=swv.pk,
            what=f"vooruitblik termijnen API {swv.code} {params.get('rol') or 'alle rollen'}",
        )
        return Response(ForecastSerializer(result).data)


class SwvQuery(serializers.Serializer):
    swv = serializers.IntegerField(
        required=False, help_text="Id van het SWV; standaard het eerste dat u mag zien"
    )


@extend_schema(tags=["rapportages"], parameters=[SwvQuery], responses=CapacityReportSerializer)
class CapacityReport(ApiView):
    """Capacity, placements, waiting list and next school year's forecast per specialised school (the page
    Capaciteit en wachtlijsten)."""

    resource = "reports"

    def get(self, request):
        from reports.capacity import capacity_report

        swvs = policies.report_swvs(request.user).order_by("code")
        if not swvs.exists():
            raise PermissionDenied("Deze rapportage is voor het samenwerkingsverband en de auditor.")
        params = query_params(request, SwvQuery)
        if "swv" in params and not swvs.filter(pk=params["swv"]).exists():
            raise NotFound("Dit samenwerkingsverband bestaat niet of u mag er niet over rapporteren.")
        swv = swvs.get(pk=params["swv"]) if "swv" in params else swvs.first()
        report = capacity_report(swv_id=swv.pk)
        log_read(request, swv_id=swv.pk, what=f"capaciteit en wachtlijsten API {swv.code} {report.label}")
        return Response(CapacityReportSerializer(report).data)


class SwvSchooljaarQuery(SwvQuery):
    schooljaar = serializers.IntegerField(
        min_value=2000, max_value=2100, required=False, help_text="Beginjaar, bijv. 2026 voor 2026-2027"
    )


@extend_schema(tags=["rapportages"], parameters=[SwvSchooljaarQuery], responses=MonthlyReportSerializer)
class MonthlyReport(ApiView):
    """TLV requests received, CvA/BTO advices and besluiten per month of a school year (the page
    Maandoverzicht CvA/BTO), with the definition."""

    resource = "reports"

    def get(self, request):
        from reports.monthly import DEFINITION, monthly_overview

        swvs = policies.report_swvs(request.user).order_by("code")
        if not swvs.exists():
            raise PermissionDenied("Deze rapportage is voor het samenwerkingsverband en de auditor.")
        params = query_params(request, SwvSchooljaarQuery)
        if "swv" in params and not swvs.filter(pk=params["swv"]).exists():
            raise NotFound("Dit samenwerkingsverband bestaat niet of u mag er niet over rapporteren.")
        swv = swvs.get(pk=params["swv"]) if "swv" in params else swvs.first()
        schooljaar = params.get("schooljaar") or selectors.schooljaar_of(clock.today())
        rows = monthly_overview(swv_id=swv.pk, schooljaar=schooljaar)
        log_read(request, swv_id=swv.pk, what=f"maandoverzicht API {swv.code} {schooljaar}-{schooljaar + 1}")
        data = {"swv_id": swv.pk, "schooljaar": schooljaar, "definitie": str(DEFINITION), "rijen": rows}
        return Response(MonthlyReportSerializer(data).data)


class SwvPeildatumQuery(SwvQuery):
    peildatum = serializers.DateField(required=False, help_text="Standaard: vandaag")


@extend_schema(tags=["rapportages"], parameters=[SwvPeildatumQuery], responses=IndicatorsSerializer)
class IndicatorsReport(ApiView):
    """The deelnamepercentages from the SWV's pupil count, the thuiszitters per school on a peildatum, and the
    school year's vrijstellingen, symbiose and satisfaction figures the SWV records (the page Indicatoren),
    with their definitions."""

    resource = "reports"

    def get(self, request):
        from cases.errors import ValidationFailed
        from cases.validators import plausible_date, years_ahead
        from reports.indicators import (
            DEELNAME_DEFINITIE,
            THUISZITTERS_DEFINITIE,
            deelname,
            kengetallen,
            thuiszitters_per_school,
        )
        from reports.selectors import schooljaar_of

        swvs = policies.report_swvs(request.user).order_by("code")
        if not swvs.exists():
            raise PermissionDenied("Deze rapportage is voor het samenwerkingsverband en de auditor.")
        params = query_params(request, SwvPeildatumQuery)
        if "swv" in params and not swvs.filter(pk=params["swv"]).exists():
            raise NotFound("Dit samenwerkingsverband bestaat niet of u mag er niet over rapporteren.")
        swv = swvs.get(pk=params["swv"]) if "swv" in params else swvs.first()
        peildatum = params.get("peildatum") or clock.today()
        try:
            plausible_date(peildatum, field="peildatum", label="Peildatum", not_after=years_ahead(5))
        except ValidationFailed as exc:
            raise serializers.ValidationError({"peildatum": [exc.message]}) from exc
        share = deelname(swv_id=swv.pk, peildatum=peildatum)
        per_school = thuiszitters_per_school(swv_id=swv.pk, peildatum=peildatum)
        log_read(request, swv_id=swv.pk, what=f"indicatoren API {swv.code} peildatum {peildatum:%Y-%m-%d}")
        data = {
            "swv_id": swv.pk,
            "peildatum": peildatum,
            "telling_peildatum": share.peildatum,
            "leerlingen_totaal": share.totaal,
            "deelname": share.shares,
            "deelname_definitie": str(DEELNAME_DEFINITIE),
            "thuiszitters_per_school": [{"school": name, "n": n} for name, n in per_school],
            "thuiszitters_definitie": str(THUISZITTERS_DEFINITIE),
            "schooljaar": schooljaar_of(peildatum),
            "kengetallen": kengetallen(swv_id=swv.pk, schooljaar=schooljaar_of(peildatum)),
        }
        return Response(IndicatorsSerializer(data).data)


@extend_schema(tags=["rapportages"], parameters=[KwartaalQuery], responses=LoketReportSerializer)
class LoketReport(ApiView):
    """Loket figures for a quarter: requests per type and school, decision times against the beslistermijn,
    arrangements running and ending, evaluation outcomes (as on the page *Loket → Rapportage*)."""

    resource = "reports"

    def get(self, request):
        if not policies.loket_staff_swvs(request.user):
            raise PermissionDenied("Deze rapportage is voor het samenwerkingsverband.")
        params = query_params(request, KwartaalQuery)
        last = selectors.quarter_end(clock.today())
        jaar = params.get("jaar") or last.year
        kwartaal = params.get("kwartaal") or (last.month - 1) // 3 + 1
        data = loket_report(user=request.user, jaar=jaar, kwartaal=kwartaal)
        log_read(request, what=f"loket API {jaar} Q{kwartaal}")
        return Response(LoketReportSerializer(data).data)


@extend_schema(
    tags=["rapportages"], parameters=[SchooljaarQuery], responses=LoketBudgetRowSerializer(many=True)
)
class LoketBudgets(ApiView):
    """Per budget (SWV-wide or per school) of a school year: granted, used and remaining (as on the page
    *Loket → Budgetten*)."""

    resource = "reports"

    def get(self, request):
        if not policies.loket_staff_swvs(request.user):
            raise PermissionDenied("Deze rapportage is voor het samenwerkingsverband.")
        params = query_params(request, SchooljaarQuery)
        from cases.services.loket import schooljaar_of

        schooljaar = params.get("schooljaar") or schooljaar_of(clock.today())
        log_read(request, what=f"loket budgetten API {schooljaar}")
        return Response(
            LoketBudgetRowSerializer(budget_use(user=request.user, schooljaar=schooljaar), many=True).data
        )


def _report_swv(request, params):
    swvs = policies.report_swvs(request.user).order_by("code")
    if not swvs.exists():
        raise PermissionDenied("Deze rapportage is voor het samenwerkingsverband en de auditor.")
    if "swv" in params and not swvs.filter(pk=params["swv"]).exists():
        raise NotFound("Dit samenwerkingsverband bestaat niet of u mag er niet over rapporteren.")
    return swvs.get(pk=params["swv"]) if "swv" in params else swvs.first()


def _target_data(row) -> dict:
    return {**vars(row), "waarschuwing": row.waarschuwing}


@extend_schema(tags=["rapportages"], parameters=[SwvSchooljaarQuery], responses=TargetsReportSerializer)
class TargetsReport(ApiView):
    """The SWV's policy targets against the school year's figure so far and the projection to 31 July, with
    a warning where the projection misses, the trend per month and the figures behind each target (the page
    Beleidsdoelen)."""

    resource = "reports"

    def get(self, request):
        from reports.targets import METHOD_TEXT, targets_report

        params = query_params(request, SwvSchooljaarQuery)
        swv = _report_swv(request, params)
        schooljaar = params.get("schooljaar") or selectors.schooljaar_of(clock.today())
        report = targets_report(swv=swv, schooljaar=schooljaar, today=clock.today())
        log_read(request, swv_id=swv.pk, what=f"doelen API {swv.code} {report.label}")
        data = {
            "swv_id": swv.pk,
            "schooljaar": schooljaar,
            "peildatum": report.peildatum,
            "methode": str(METHOD_TEXT),
            "rijen": [_target_data(r) for r in report.rows],
        }
        return Response(TargetsReportSerializer(data).data)


class TargetCasesQuery(SwvSchooljaarQuery):
    indicator = serializers.ChoiceField(choices=[c for c, _label in Indicator.choices])
    reeks = serializers.CharField(max_length=30, help_text="De code van het cijfer (`drill[].reeks`)")


@extend_schema(tags=["rapportages"], parameters=[TargetCasesQuery], responses=TargetCasesSerializer)
class TargetCases(ApiView):
    """The cases behind one figure of a policy target, as far as the user may open them."""

    resource = "reports"

    def get(self, request):
        from reports.targets import figure_cases, targets_report

        params = query_params(request, TargetCasesQuery)
        swv = _report_swv(request, params)
        schooljaar = params.get("schooljaar") or selectors.schooljaar_of(clock.today())
        indicator, reeks, today = params["indicator"], params["reeks"], clock.today()
        cases = figure_cases(swv=swv, schooljaar=schooljaar, indicator=indicator, reeks=reeks, today=today)
        if cases is None:
            raise NotFound("Dit samenwerkingsverband heeft geen doel met dit cijfer in dit schooljaar.")
        row = next(
            r
            for r in targets_report(swv=swv, schooljaar=schooljaar, today=today).rows
            if r.indicator == indicator
        )
        drill = next(d for d in row.drill if d.reeks == reeks)
        visible = cases.filter(pk__in=policies.visible_cases(request.user).values("pk")).order_by(
            "-opened_at", "-pk"
        )
        log_read(
            request, swv_id=swv.pk, what=f"doelen API {swv.code} {schooljaar} {indicator} {reeks} casussen"
        )
        data = {
            "indicator": indicator,
            "reeks": reeks,
            "label": drill.label,
            "n": drill.n,
            "casussen": list(visible.values("id", "reference", "route")[:500]),
        }
        return Response(TargetCasesSerializer(data).data)
