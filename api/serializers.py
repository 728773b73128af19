"""Output serializers (read-only): what the API shows. Input comes from the UI's forms (forms_adapter)."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cases import policies
from cases.models import (
    Aanmelding,
    Case,
    CaseEvent,
    Deadline,
    Document,
    Leerling,
    Ondersteuningsaanvraag,
    Overstap,
    Schakeltraject,
    School,
    ThuiszitterMelding,
    TlvAanvraag,
    WorkItem,
    ZorgOnderwijsScreening,
)
from cases.models.case import Route
from cases.services import deadlines as deadline_services
from workflows import registry, selectors


class SchoolSerializer(serializers.ModelSerializer):
    class Meta:
        model = School
        fields = ["id", "name", "brin", "vestiging", "soort", "cluster", "swv", "bestuur", "gemeente"]


class PupilSerializer(serializers.ModelSerializer):
    bsn = serializers.SerializerMethodField(help_text="Alleen voor rollen die het BSN mogen zien.")
    bsn_masked = serializers.CharField(read_only=True)
    onderwijsnummer = serializers.SerializerMethodField(
        help_text="Volledig voor rollen die het BSN mogen zien, anders gemaskeerd (laatste vier cijfers)."
    )

    class Meta:
        model = Leerling
        fields = [
            "id",
            "swv",
            "voornaam",
            "achternaam",
            "geboortedatum",
            "bsn",
            "bsn_masked",
            "onderwijsnummer",
            "woongemeente",
            "stamschool",
            "huidige_plaatsing",
        ]

    @extend_schema_field(OpenApiTypes.STR)
    def get_bsn(self, obj):
        return obj.bsn if policies.may_see_bsn(self.context["request"].user, obj) else ""

    @extend_schema_field(OpenApiTypes.STR)
    def get_onderwijsnummer(self, obj):
        return policies.person_number_for(self.context["request"].user, obj, "onderwijsnummer")


class CaseSerializer(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True, help_text="De status van het routerecord.")
    url = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = [
            "id",
            "reference",
            "route",
            "status",
            "swv",
            "school",
            "leerling",
            "opened_at",
            "closed_at",
            "resultaat",
            "archiefnominatie",
            "archiefactiedatum",
            "legal_hold",
            "url",
        ]
        read_only_fields = ["resultaat", "archiefnominatie", "archiefactiedatum", "legal_hold"]
        extra_kwargs = {
            "resultaat": {"help_text": "Het resultaat van de afgesloten casus (per route een vaste lijst)."},
            "archiefnominatie": {"help_text": "bewaren of vernietigen, vastgesteld bij het afsluiten."},
            "archiefactiedatum": {"help_text": "Vanaf deze dag komt de casus op een vernietigingslijst."},
            "legal_hold": {"help_text": "Bewaarplicht: de casus wordt niet vernietigd."},
        }

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj):
        from django.urls import reverse

        return self.context["request"].build_absolute_uri(reverse("api:case-detail", args=[obj.pk]))


class TlvAanvraagSerializer(serializers.ModelSerializer):
    class Meta:
        model = TlvAanvraag
        fields = [
            "status",
            "gevraagde_soort",
            "gevraagde_cluster",
            "gevraagde_categorie",
            "onderbouwing",
            "ingediend_op",
            "volledig_op",
            "ontbrekende_stukken",
            "hersteltermijn_tot",
            "cva_uitkomst",
            "cva_soort",
            "cva_categorie",
            "cva_motivering",
            "cva_vraag",
            "besluit_soort",
            "besluit_cluster",
            "besluit_categorie",
            "ingangsdatum",
            "einddatum",
            "plaatsingsschool",
            "beoogde_school",
            "besluit_motivering",
            "besloten_op",
        ]


class ThuiszitterSerializer(serializers.ModelSerializer):
    class Meta:
        model = ThuiszitterMelding
        fields = [
            "status",
            "melder",
            "type",
            "officieel",
            "risico",
            "gemeld_op",
            "eerste_verzuimdag",
            "toelichting",
            "gemeente",
            "bestuur",
            "stamschool",
            "nieuwkomer",
            "verhuisleerling",
            "periode_nr",
            "monitoring_tot",
            "inspectie_gemeld_op",
            "vrijstelling_op",
            "afgesloten_op",
        ]


class ZorgplichtSerializer(serializers.ModelSerializer):
    class Meta:
        model = Aanmelding
        fields = [
            "status",
            "aangemeld_op",
            "toelichting",
            "verlengd_op",
            "plek_school",
            "plek_omschrijving",
            "besloten_op",
        ]


class ScreeningSerializer(serializers.ModelSerializer):
    class Meta:
        model = ZorgOnderwijsScreening
        fields = [
            "status",
            "herkomst",
            "herkomst_toelichting",
            "vrijstelling",
            "toestemming_ouders",
            "toestemming_op",
            "aangemeld_op",
            "advies",
            "uren_onderwijs",
            "uren_zorg",
            "herscreening_op",
            "ouders_geinformeerd_op",
            "bestuur_geinformeerd_op",
            "plaatsing",
            "advies_gevolgd",
            "afgesloten_op",
        ]


class SchakelSerializer(serializers.ModelSerializer):
    class Meta:
        model = Schakeltraject
        fields = [
            "status",
            "soort",
            "bron",
            "signaal_op",
            "huidige_school",
            "ontvangende_school",
            "tlv",
            "proef_start",
            "proef_verlengd",
            "uitkomst",
            "besluit_op",
            "afgesloten_op",
        ]


class LoketSerializer(serializers.ModelSerializer):
    aanvraag_type = serializers.SlugRelatedField(slug_field="code", read_only=True)
    evaluaties = serializers.SerializerMethodField()

    class Meta:
        model = Ondersteuningsaanvraag
        fields = [
            "status",
            "aanvraag_type",
            "vorige",
            "vraag",
            "ingezet",
            "toestemming_op",
            "aangemaakt_op",
            "ingediend_op",
            "urgent",
            "triage_toelichting",
            "beoordeling",
            "besluit",
            "arrangement_soort",
            "uren",
            "bedrag",
            "aanbieder",
            "startdatum",
            "einddatum",
            "tussenevaluatie_op",
            "doelen",
            "motivering",
            "besloten_op",
            "boven_budget",
            "budget_toelichting",
            "tweede_akkoord_op",
            "afgesloten_op",
            "evaluaties",
        ]

    @extend_schema_field(
        serializers.ListField(
            child=serializers.DictField(),
            help_text=(
                "De evaluaties: moment, doelen_bereikt, vervolg, toelichting, uren_gebruikt, "
                "bedrag_gebruikt, at"
            ),
        )
    )
    def get_evaluaties(self, obj):
        return [
            {
                "moment": e.moment,
                "doelen_bereikt": e.doelen_bereikt,
                "vervolg": e.vervolg,
                "toelichting": e.toelichting,
                "uren_gebruikt": e.uren_gebruikt,
                "bedrag_gebruikt": str(e.bedrag_gebruikt) if e.bedrag_gebruikt is not None else None,
                "at": e.at.isoformat(),
            }
            for e in obj.evaluaties.all()
        ]


class OverstapSerializer(serializers.ModelSerializer):
    """The handover as both sides see it: its status, the receiving side and the outcome, plus the
    handed-over facts and documents while the reader may read them (cases.policies.may_read_handover)."""

    HANDED_OVER = (
        "ondersteuningsbehoeften",
        "wat_werkte",
        "stem_leerling",
        "advies_vo",
        "deskundige_advies",
        "documenten",
    )

    class Meta:
        model = Overstap
        fields = [
            "status",
            "soort",
            "groep",
            "schooljaar_vo",
            "vo_school",
            "vo_swv",
            "verzonden_op",
            "ontvangen_op",
            "overleg_op",
            "geplaatst_op",
            "afsluiting",
            "afgesloten_op",
            "toegang_ingetrokken_op",
            "ondersteuningsbehoeften",
            "wat_werkte",
            "stem_leerling",
            "advies_vo",
            "deskundige_advies",
            "documenten",
        ]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is not None and not policies.may_read_handover(request.user, instance):
            for name in self.HANDED_OVER:
                data[name] = [] if name == "documenten" else ""
        return data


ROUTE_RECORDS = {
    Route.TLV: ("tlv", TlvAanvraagSerializer),
    Route.THUISZITTER: ("thuiszitter", ThuiszitterSerializer),
    Route.ZORGPLICHT: ("aanmelding", ZorgplichtSerializer),
    Route.SCREENING: ("screening", ScreeningSerializer),
    Route.SCHAKEL: ("schakeltraject", SchakelSerializer),
    Route.LOKET: ("ondersteuningsaanvraag", LoketSerializer),
    Route.OVERSTAP: ("overstap", OverstapSerializer),
}
# where the case's record is read when it is not the attribute of the same name: both sides of a handover
RECORD_SOURCES = {Route.OVERSTAP: "overstap_record"}


def route_case_serializer(route: str) -> type[serializers.Serializer]:
    """Case + its route record (`tlv`, `thuiszitter`, ...) for the per-route detail and create answers."""
    attr, record = ROUTE_RECORDS[route]
    return type(
        f"{route.title()}CaseSerializer",
        (CaseSerializer,),
        {
            attr: record(read_only=True, source=RECORD_SOURCES[route], allow_null=True)
            if route in RECORD_SOURCES
            else record(read_only=True),
            "Meta": type("Meta", (CaseSerializer.Meta,), {"fields": [*CaseSerializer.Meta.fields, attr]}),
            "__module__": __name__,
        },
    )


class DeadlineSerializer(serializers.ModelSerializer):
    light = serializers.SerializerMethodField(help_text="groen/oranje/rood zoals in de inbox")
    label = serializers.CharField(source="display_label", read_only=True)
    explanation = serializers.CharField(source="display_explanation", read_only=True)

    class Meta:
        model = Deadline
        fields = [
            "id",
            "case",
            "kind",
            "label",
            "status",
            "started_on",
            "due_on",
            "warn_on",
            "explanation",
            "warned_at",
            "breached_at",
            "closed_at",
            "light",
        ]

    @extend_schema_field(serializers.ChoiceField(choices=["green", "amber", "red", "paused", "none"]))
    def get_light(self, obj):
        return deadline_services.deadline_light(obj)


class TaskSerializer(serializers.ModelSerializer):
    title = serializers.CharField(source="display_title", read_only=True)
    case_reference = serializers.CharField(source="case.reference", read_only=True)
    route = serializers.CharField(source="case.route", read_only=True)
    light = serializers.SerializerMethodField()
    input_schema = serializers.SerializerMethodField(
        help_text="Het invoerschema voor 'complete' (components/schemas/<naam>); leeg: geen invoer."
    )

    class Meta:
        model = WorkItem
        fields = [
            "id",
            "case",
            "case_reference",
            "route",
            "kind",
            "node",
            "title",
            "role",
            "assignee",
            "status",
            "due_at",
            "light",
            "priority",
            "instructions",
            "created_at",
            "completed_at",
            "follow_up_at",
            "input_schema",
        ]

    @extend_schema_field(serializers.ChoiceField(choices=["green", "amber", "red", "paused", "none"]))
    def get_light(self, obj):
        return selectors.light_for(obj)

    @extend_schema_field(OpenApiTypes.STR)
    def get_input_schema(self, obj):
        from api.forms_adapter import component_name

        spec = registry.spec_for(obj)
        return component_name(spec.form, spec.name) if spec else ""


class EventSerializer(serializers.ModelSerializer):
    actor = serializers.SerializerMethodField()
    summary = serializers.SerializerMethodField(help_text="de regel van de tijdlijn, in de taal van de lezer")

    class Meta:
        model = CaseEvent
        fields = ["id", "at", "kind", "actor", "from_state", "to_state", "action", "summary", "reason"]

    @extend_schema_field(OpenApiTypes.STR)
    def get_actor(self, obj):
        return (obj.actor.get_full_name() or obj.actor.username) if obj.actor else ""

    @extend_schema_field(OpenApiTypes.STR)
    def get_summary(self, obj):
        from cases.event_text import event_text

        return event_text(obj)


class DocumentSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()
    replaced_by = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = [
            "id",
            "case",
            "kind",
            "original_name",
            "content_type",
            "size",
            "sha256",
            "uploaded_at",
            "uploaded_by",
            "version",
            "previous",
            "replaced_by",
            "download_url",
        ]

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_replaced_by(self, obj):
        """The id of the version that replaced this one, or null for the current version."""
        return Document.objects.filter(previous_id=obj.pk).values_list("pk", flat=True).first()

    @extend_schema_field(OpenApiTypes.URI)
    def get_download_url(self, obj):
        from django.urls import reverse

        return self.context["request"].build_absolute_uri(reverse("api:document-content", args=[obj.pk]))


class ActionSerializer(serializers.Serializer):
    action = serializers.CharField()
    label = serializers.CharField()
    description = serializers.CharField()
    url = serializers.URLField()
    input_schema = serializers.CharField()


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    name = serializers.CharField()
    api_client = serializers.CharField(allow_null=True)
    scopes = serializers.ListField(child=serializers.CharField())
    roles = serializers.ListField(child=serializers.CharField())


# --- reports -----------------------------------------------------------------------------------------


class ThuiszitterCountSerializer(serializers.Serializer):
    type = serializers.CharField()
    type_label = serializers.CharField()
    gemeente = serializers.CharField()
    bestuur = serializers.CharField()
    aantal = serializers.IntegerField()
    officieel = serializers.IntegerField()


class ThuiszitterReportSerializer(serializers.Serializer):
    peildatum = serializers.DateField()
    totaal = serializers.IntegerField()
    rijen = ThuiszitterCountSerializer(many=True)


class ToestroomRowSerializer(serializers.Serializer):
    herkomst = serializers.CharField()
    herkomst_label = serializers.CharField()
    afgesloten = serializers.IntegerField()
    volledig = serializers.IntegerField()
    gedeeltelijk = serializers.IntegerField()
    niet = serializers.IntegerField()
    geplaatst = serializers.IntegerField()
    percentage = serializers.FloatField(allow_null=True)


class ToestroomReportSerializer(serializers.Serializer):
    jaar = serializers.IntegerField()
    kwartaal = serializers.IntegerField()
    definitie = serializers.CharField()
    rijen = ToestroomRowSerializer(many=True)
    totaal = ToestroomRowSerializer()


class CarrouselRowSerializer(serializers.Serializer):
    swv = serializers.CharField()
    soort = serializers.CharField()
    soort_label = serializers.CharField()
    aantal = serializers.IntegerField()
    richting = serializers.CharField()
    richting_label = serializers.CharField()
    doel = serializers.IntegerField(allow_null=True)
    gehaald = serializers.BooleanField(allow_null=True)


class CarrouselReportSerializer(serializers.Serializer):
    schooljaar = serializers.IntegerField()
    rijen = CarrouselRowSerializer(many=True)


# --- the combined quarterly report (reports/quarterly.py, page Kwartaalrapportage) ---


class QuarterlyTlvRowSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="sbo, so3, so4, vso_laag, vso_midden, vso_hoog, pro, ...")
    label = serializers.CharField()
    aantal = serializers.IntegerField()


class QuarterlySchakelRowSerializer(serializers.Serializer):
    soort = serializers.CharField()
    label = serializers.CharField()
    gestart = serializers.IntegerField()
    definitief = serializers.IntegerField()
    terug = serializers.IntegerField()
    schooljaar_definitief = serializers.IntegerField()
    richting_label = serializers.CharField()
    doel = serializers.IntegerField(allow_null=True)
    gehaald = serializers.BooleanField(allow_null=True)


class QuarterlyDoelRowSerializer(serializers.Serializer):
    indicator = serializers.CharField(help_text="tlv_daling, binnen_termijn of thuiszitters")
    label = serializers.CharField()
    waarde = serializers.FloatField(allow_null=True, help_text="Gemeten: een aantal of een percentage.")
    uitleg = serializers.CharField(help_text="Hoe de waarde is gemeten.")
    richting_label = serializers.CharField()
    doel = serializers.FloatField()
    gehaald = serializers.BooleanField(allow_null=True)


class QuarterlyTermRowSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    besluiten = serializers.IntegerField(help_text="besluiten in de periode met een termijn")
    binnen = serializers.IntegerField(help_text="waarvan binnen de termijn")
    percentage = serializers.FloatField(allow_null=True)


class QuarterlyDurationRowSerializer(serializers.Serializer):
    route = serializers.CharField()
    label = serializers.CharField()
    step = serializers.CharField(help_text="leeg voor de hele route")
    aantal = serializers.IntegerField()
    mediaan_dagen = serializers.FloatField(allow_null=True)


class TargetTrendPointSerializer(serializers.Serializer):
    label = serializers.CharField(help_text="De maand")
    day = serializers.DateField(
        help_text="De laatste getelde dag van de maand (vandaag voor de lopende maand)"
    )
    actual = serializers.FloatField(allow_null=True, help_text="De werkelijke stand (tot vandaag)")
    projected = serializers.FloatField(allow_null=True, help_text="De prognose (vanaf vandaag)")
    doel = serializers.FloatField(allow_null=True)
    basis = serializers.FloatField(
        allow_null=True, help_text="Het basisjaar (alleen bij de daling van TLV's)"
    )


class TargetDrillSerializer(serializers.Serializer):
    reeks = serializers.CharField(help_text="Code van het cijfer, voor /api/v1/reports/targets/cases/")
    label = serializers.CharField()
    n = serializers.IntegerField(help_text="Aantal casussen dat het cijfer telt")


class TargetRowSerializer(serializers.Serializer):
    indicator = serializers.CharField()
    label = serializers.CharField()
    definitie = serializers.CharField()
    richting = serializers.CharField()
    doel = serializers.FloatField()
    doel_schooljaar = serializers.IntegerField(help_text="Het schooljaar waarvoor het doel is vastgesteld")
    eenheid = serializers.CharField(help_text="'%' of leeg (een aantal)")
    waarde = serializers.FloatField(allow_null=True, help_text="De stand tot nu")
    uitleg = serializers.CharField()
    projectie = serializers.FloatField(allow_null=True, help_text="De prognose op 31 juli")
    projectie_uitleg = serializers.CharField()
    methode = serializers.ChoiceField(choices=["seizoen", "lineair"])
    gehaald = serializers.BooleanField(allow_null=True, help_text="De stand tot nu tegen het doel")
    op_koers = serializers.BooleanField(allow_null=True, help_text="De prognose tegen het doel")
    waarschuwing = serializers.BooleanField(help_text="De prognose haalt het doel niet")
    drill = TargetDrillSerializer(many=True)
    trend = TargetTrendPointSerializer(many=True)
    trend_eenheid = serializers.CharField()


class QuarterlyLoketRowSerializer(serializers.Serializer):
    soort = serializers.CharField(help_text="de soort aanvraag van het SWV")
    ingediend = serializers.IntegerField(help_text="ingediend in de periode")
    toegewezen = serializers.IntegerField(help_text="toegewezen in de periode")
    afgewezen = serializers.IntegerField(help_text="afgewezen in de periode")
    lopend = serializers.IntegerField(help_text="arrangementen die op de peildatum lopen")


class QuarterlyAdviesvragenSerializer(serializers.Serializer):
    gesteld = serializers.IntegerField(help_text="advies- en consultatievragen gesteld in de periode")
    beantwoord = serializers.IntegerField(help_text="beantwoord in de periode")
    binnen_termijn = serializers.IntegerField(help_text="waarvan binnen de antwoordtermijn")


class ShareSerializer(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()
    n = serializers.IntegerField()
    percentage = serializers.FloatField(allow_null=True)


class SchoolCountSerializer(serializers.Serializer):
    school = serializers.CharField()
    n = serializers.IntegerField()


class KengetalRijSerializer(serializers.Serializer):
    categorie = serializers.CharField()
    label = serializers.CharField()
    waarde = serializers.FloatField(allow_null=True, help_text="Leeg als het SWV dit cijfer niet invoerde")
    respondenten = serializers.IntegerField(allow_null=True)
    bron = serializers.CharField()


class KengetalBlokSerializer(serializers.Serializer):
    soort = serializers.ChoiceField(choices=["vrijstelling", "symbiose", "tevredenheid"])
    label = serializers.CharField()
    definitie = serializers.CharField()
    rijen = KengetalRijSerializer(many=True)
    totaal = serializers.FloatField(allow_null=True, help_text="De som van de aantallen (niet bij cijfers)")


class QuarterlyReportSerializer(serializers.Serializer):
    swv = serializers.CharField(source="swv.code")
    periode = serializers.CharField(source="period.label")
    soort_periode = serializers.CharField(source="period.kind")
    begin = serializers.DateField(source="period.start")
    einde = serializers.DateField(source="period.end")
    peildatum = serializers.DateField()
    tlv = QuarterlyTlvRowSerializer(many=True)
    tlv_totaal = serializers.IntegerField()
    thuiszitters = ThuiszitterCountSerializer(many=True)
    thuiszitters_totaal = serializers.IntegerField()
    toestroom = ToestroomRowSerializer(many=True)
    toestroom_totaal = ToestroomRowSerializer(allow_null=True)
    schakel = QuarterlySchakelRowSerializer(many=True)
    schooljaar = serializers.CharField(source="schooljaar_label")
    termijnen = QuarterlyTermRowSerializer(many=True)
    doorlooptijd_routes = QuarterlyDurationRowSerializer(many=True)
    doorlooptijd_stappen = QuarterlyDurationRowSerializer(many=True)
    doelen = QuarterlyDoelRowSerializer(
        many=True,
        help_text="De eigen doelen van het samenwerkingsverband voor het schooljaar (zijn profiel).",
    )
    prognose = TargetRowSerializer(
        many=True,
        help_text="Per eigen doel de stand in het schooljaar tot de peildatum en de prognose op 31 juli "
        "(als /api/v1/reports/targets/).",
    )
    loket = QuarterlyLoketRowSerializer(many=True)
    adviesvragen = QuarterlyAdviesvragenSerializer(allow_null=True)
    deelname = ShareSerializer(
        source="deelname.shares",
        many=True,
        help_text="Uit de laatste leerlingtelling op of vóór de peildatum",
    )
    kengetallen = KengetalBlokSerializer(
        many=True, help_text="Vrijstellingen, symbiose en tevredenheid in het schooljaar van de peildatum"
    )
    definities = serializers.DictField(child=serializers.CharField())


# --- the breach forecast (reports/forecast.py, page Vooruitblik termijnen) ---


class ForecastWeekSerializer(serializers.Serializer):
    index = serializers.IntegerField(help_text="0 = de week die vandaag begint")
    start = serializers.DateField()
    end = serializers.DateField()


class ForecastRoleSerializer(serializers.Serializer):
    role = serializers.CharField(help_text="Rolcode; leeg = zaken zonder open taak")
    label = serializers.CharField()
    per_week = serializers.ListField(
        child=serializers.IntegerField(), help_text="Aflopende termijnen per week"
    )
    escalations_per_week = serializers.ListField(
        child=serializers.IntegerField(), help_text="Verwachte escalaties naar deze rol per week (de ladder)"
    )
    overdue = serializers.IntegerField(help_text="Termijnen die al verlopen zijn")


class ForecastBreachSerializer(serializers.Serializer):
    deadline_id = serializers.IntegerField()
    case_id = serializers.IntegerField()
    reference = serializers.CharField()
    kind = serializers.CharField()
    term = serializers.CharField()
    due_on = serializers.DateField()
    week = serializers.IntegerField(help_text="-1 = al verlopen")
    role = serializers.CharField()
    role_label = serializers.CharField()
    assignee_id = serializers.IntegerField(allow_null=True)
    assignee_name = serializers.CharField()
    action = serializers.CharField(help_text="De open taak die vóór de datum af moet; leeg = geen open taak")
    escalates_to = serializers.ListField(child=serializers.CharField())
    why = serializers.CharField(help_text="De voorspelling in woorden")
    explanation = serializers.CharField(help_text="Hoe de datum is berekend")


class ForecastPersonSerializer(serializers.Serializer):
    user_id = serializers.IntegerField()
    name = serializers.CharField()
    role = serializers.CharField()
    role_label = serializers.CharField()
    open_tasks = serializers.IntegerField()
    due_in_horizon = serializers.IntegerField()
    done_recently = serializers.IntegerField(help_text="Afgeronde taken in de afgelopen vier weken")
    throughput_per_week = serializers.FloatField()
    weeks_to_clear = serializers.FloatField(allow_null=True)
    absent = serializers.BooleanField()
    needs_cover = serializers.BooleanField()
    suggestion_id = serializers.IntegerField(allow_null=True)
    suggestion_name = serializers.CharField()


class ForecastSerializer(serializers.Serializer):
    swv_id = serializers.IntegerField()
    today = serializers.DateField()
    weeks = ForecastWeekSerializer(many=True)
    roles = ForecastRoleSerializer(many=True)
    breaches = ForecastBreachSerializer(many=True)
    paused = ForecastBreachSerializer(many=True)
    people = ForecastPersonSerializer(many=True)


# --- capacity and waiting lists (reports/capacity.py, page Capaciteit en wachtlijsten) ---


class WaitingPupilSerializer(serializers.Serializer):
    case_id = serializers.IntegerField()
    reference = serializers.CharField()
    since = serializers.DateField(help_text="Ingangsdatum van de TLV")
    days = serializers.IntegerField(help_text="Wachtdagen tot vandaag")
    over_norm = serializers.BooleanField()


class SchoolCapacitySerializer(serializers.Serializer):
    school_id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()
    capacity = serializers.IntegerField(
        allow_null=True, help_text="Plaatsen dit schooljaar; leeg = niet vastgelegd"
    )
    capacity_next = serializers.IntegerField(allow_null=True)
    placed = serializers.IntegerField()
    free = serializers.IntegerField(allow_null=True)
    waiting = WaitingPupilSerializer(many=True)
    inflow_tlv = serializers.IntegerField()
    inflow_schakel = serializers.IntegerField()
    outflow_tlv = serializers.IntegerField()
    outflow_schakel = serializers.IntegerField()
    forecast_next = serializers.IntegerField()
    short_next = serializers.IntegerField(allow_null=True, help_text="Tekort (positief) of over (negatief)")


class OpenRequestsSerializer(serializers.Serializer):
    kind = serializers.CharField()
    n = serializers.IntegerField()


class CapacityReportSerializer(serializers.Serializer):
    swv_id = serializers.IntegerField()
    today = serializers.DateField()
    schooljaar = serializers.IntegerField()
    norm_days = serializers.IntegerField(allow_null=True)
    schools = SchoolCapacitySerializer(many=True)
    open_requests = serializers.SerializerMethodField()

    def get_open_requests(self, report) -> list[dict]:
        return OpenRequestsSerializer([{"kind": k, "n": n} for k, n in report.open_requests], many=True).data


class MonthRowSerializer(serializers.Serializer):
    month = serializers.DateField(help_text="De eerste dag van de maand")
    received = serializers.IntegerField()
    advised = serializers.IntegerField()
    toegekend = serializers.IntegerField()
    afgewezen = serializers.IntegerField()
    within_term = serializers.IntegerField()


class MonthlyReportSerializer(serializers.Serializer):
    swv_id = serializers.IntegerField()
    schooljaar = serializers.IntegerField()
    definitie = serializers.CharField()
    rijen = MonthRowSerializer(many=True)


class IndicatorsSerializer(serializers.Serializer):
    swv_id = serializers.IntegerField()
    peildatum = serializers.DateField()
    telling_peildatum = serializers.DateField(allow_null=True, help_text="De gebruikte leerlingtelling")
    leerlingen_totaal = serializers.IntegerField(allow_null=True)
    deelname = ShareSerializer(many=True)
    deelname_definitie = serializers.CharField()
    thuiszitters_per_school = SchoolCountSerializer(many=True)
    thuiszitters_definitie = serializers.CharField()
    schooljaar = serializers.IntegerField(help_text="Het schooljaar van de peildatum (beginjaar)")
    kengetallen = KengetalBlokSerializer(
        many=True, help_text="Vrijstellingen, symbiose en tevredenheid: cijfers die het SWV zelf invoert"
    )


class LoketAanvragenRowSerializer(serializers.Serializer):
    soort = serializers.CharField(help_text="Naam van de soort aanvraag")
    school = serializers.CharField()
    aantal = serializers.IntegerField()


class LoketBeslistijdRowSerializer(serializers.Serializer):
    soort = serializers.CharField()
    aantal = serializers.IntegerField()
    toegewezen = serializers.IntegerField()
    afgewezen = serializers.IntegerField()
    binnen_termijn = serializers.IntegerField(
        help_text="Besloten op of voor de einddatum van de beslistermijn"
    )
    gemiddeld_dagen = serializers.FloatField(
        allow_null=True, help_text="Gemiddeld aantal dagen van indienen tot besluit"
    )


class LoketEvaluatieRowSerializer(serializers.Serializer):
    moment = serializers.ChoiceField(choices=["tussentijds", "eind"])
    vervolg = serializers.ChoiceField(choices=["doorgaan", "verlengen", "stoppen", "tlv"])
    aantal = serializers.IntegerField()


class LoketReportSerializer(serializers.Serializer):
    jaar = serializers.IntegerField()
    kwartaal = serializers.IntegerField()
    van = serializers.DateField()
    tot = serializers.DateField()
    aanvragen = LoketAanvragenRowSerializer(
        many=True, help_text="Ingediend in het kwartaal, per soort en school"
    )
    beslistijden = LoketBeslistijdRowSerializer(many=True, help_text="Besluiten in het kwartaal, per soort")
    lopend = serializers.IntegerField(
        help_text="Toegewezen arrangementen die aan het einde van het kwartaal lopen"
    )
    eindigend = serializers.IntegerField(help_text="Toegewezen arrangementen die in het kwartaal eindigen")
    evaluaties = LoketEvaluatieRowSerializer(
        many=True, help_text="Evaluaties in het kwartaal per moment en vervolg"
    )


class LoketBudgetRowSerializer(serializers.Serializer):
    swv = serializers.CharField()
    schooljaar = serializers.IntegerField()
    arrangement_soort = serializers.CharField()
    school = serializers.CharField(
        allow_null=True, help_text="Leeg: het budget van het hele samenwerkingsverband"
    )
    budget_uren = serializers.IntegerField(allow_null=True)
    budget_bedrag = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    toegewezen_uren = serializers.IntegerField()
    toegewezen_bedrag = serializers.DecimalField(max_digits=12, decimal_places=2)
    gebruikt_uren = serializers.IntegerField()
    gebruikt_bedrag = serializers.DecimalField(max_digits=12, decimal_places=2)
    resterend_uren = serializers.IntegerField(allow_null=True)
    resterend_bedrag = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)


class TargetsReportSerializer(serializers.Serializer):
    swv_id = serializers.IntegerField()
    schooljaar = serializers.IntegerField()
    peildatum = serializers.DateField()
    methode = serializers.CharField(help_text="Hoe de prognose wordt berekend")
    rijen = TargetRowSerializer(many=True)


class TargetCaseSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    route = serializers.CharField()


class TargetCasesSerializer(serializers.Serializer):
    indicator = serializers.CharField()
    reeks = serializers.CharField()
    label = serializers.CharField()
    n = serializers.IntegerField(help_text="Aantal casussen dat het cijfer telt")
    casussen = TargetCaseSerializer(many=True, help_text="De casussen die u mag openen (hoogstens 500)")
