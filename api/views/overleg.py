"""Case tables: list and plan, a meeting with the agenda items the caller may see, and every action of the
meeting's page (participant, agenda item, record, minutes, agreement, close, cancel). The input of each is
the page's own form (same fields, same checks); an agreement's task is completed at /tasks/<id>/complete/."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.response import Response

from api.forms_adapter import serializer_for
from api.pagination import KeysetPagination
from api.permissions import HasScope
from api.views.base import ApiView, validated_form
from audit.services import log_read
from cases import policies
from cases.models import Agendapunt, Overleg, OverlegAfspraak, OverlegDeelnemer
from cases.services import overleg as services
from workflows.overleg import forms as oforms
from workflows.overleg import views as pages

TAG = ["casustafels"]


class DeelnemerSerializer(serializers.ModelSerializer):
    class Meta:
        model = OverlegDeelnemer
        fields = ["id", "user", "naam", "rol", "organisatie", "school", "gemeente", "aanwezig"]
        read_only_fields = fields


class AfspraakSerializer(serializers.ModelSerializer):
    eigenaar_label = serializers.CharField(read_only=True, help_text="Wie de afspraak uitvoert, in woorden.")

    class Meta:
        model = OverlegAfspraak
        fields = [
            "id", "omschrijving", "eigenaar", "eigenaar_rol", "eigenaar_school", "eigenaar_gemeente",
            "eigenaar_label", "uiterlijk", "status", "work_item", "uitkomst", "afgerond_op",
        ]  # fmt: skip
        read_only_fields = fields


class AgendapuntSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(source="case.reference", read_only=True)
    route = serializers.CharField(source="case.route", read_only=True)
    afspraken = AfspraakSerializer(many=True, read_only=True)

    class Meta:
        model = Agendapunt
        fields = [
            "id", "volgorde", "case", "reference", "route", "vraag", "anoniem", "consent",
            "consent_checked_at", "ouders_aanwezig", "verslag", "terugkoppeling_op", "afspraken",
        ]  # fmt: skip
        read_only_fields = fields


class OverlegListSerializer(serializers.ModelSerializer):
    class Meta:
        model = Overleg
        fields = ["id", "swv", "soort", "status", "datum", "tijd", "plaats", "voorzitter", "vervolg_weken"]
        read_only_fields = fields


class OverlegSerializer(serializers.ModelSerializer):
    deelnemers = DeelnemerSerializer(many=True, read_only=True)
    agendapunten = serializers.SerializerMethodField(
        help_text="De agendapunten die u mag inzien (een school alleen die van haar eigen leerlingen)."
    )

    class Meta:
        model = Overleg
        fields = [
            "id", "swv", "soort", "status", "datum", "tijd", "plaats", "voorzitter", "vervolg_weken",
            "verslag", "recorded_at", "closed_at", "close_reason", "deelnemers", "agendapunten",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(AgendapuntSerializer(many=True))
    def get_agendapunten(self, obj):
        return AgendapuntSerializer(self.context["punten"], many=True).data


def _visible(request, pk) -> Overleg:
    o = policies.visible_overleggen(request.user).filter(pk=pk).first()
    if o is None:
        raise Http404
    return o


def _detail(request, o: Overleg, *, log: bool = False) -> dict:
    o = Overleg.objects.get(pk=o.pk)
    punten = pages.agenda_rows(request.user, o)
    if log:
        log_read(request, what=f"casustafel {o.pk} (API)", swv_id=o.swv_id)
        for p in punten:
            log_read(request, case=p.case, what=f"agendapunt casustafel {o.pk} (API)")
    return OverlegSerializer(o, context={"punten": punten}).data


def _managed(request, pk) -> Overleg:
    o = _visible(request, pk)
    if not policies.may_manage_overleg(request.user, o):
        from cases.errors import NotPermitted

        raise NotPermitted(
            "Alleen de voorzitter of een consulent van het samenwerkingsverband kan dit overleg bijwerken."
        )
    return o


@extend_schema(tags=TAG)
class OverlegList(generics.ListAPIView):
    """De casustafels die u mag inzien (SWV-medewerkers alle van hun SWV; anderen die waaraan zij of hun
    organisatie deelnemen)."""

    permission_classes = [HasScope]
    resource = "cases"
    serializer_class = OverlegListSerializer
    pagination_class = KeysetPagination

    def get_queryset(self):
        return policies.visible_overleggen(self.request.user)


@extend_schema(
    tags=TAG,
    request=serializer_for(oforms.PlanForm, "OverlegPlan"),
    responses={201: OverlegSerializer},
    description="Plan een overleg met de casussen op de agenda. Een casus zonder geldige toestemming van de "
    "ouders voor het doel van het overleg wordt geweigerd (400, code geen-toestemming), tenzij de soort "
    "geanonimiseerd bespreken toestaat en `anoniem` aan staat.",
)
class OverlegPlan(ApiView):
    resource = "cases"

    def post(self, request):
        if not pages.plan_swvs(request.user).exists():
            from cases.errors import NotPermitted

            raise NotPermitted("U kunt geen overleg plannen.")
        data = validated_form(
            request, oforms.PlanForm, "OverlegPlan", lambda d, f: pages._plan_form(request, d)
        )
        o = pages.plan_from_form(request.user, data)
        return Response(_detail(request, o), status=status.HTTP_201_CREATED)


@extend_schema(tags=TAG, responses=OverlegSerializer)
class OverlegDetail(ApiView):
    """Een overleg met deelnemers, de agendapunten die u mag inzien, verslagen en afspraken."""

    resource = "cases"

    def get(self, request, pk):
        return Response(_detail(request, _visible(request, pk), log=True))


def _action(form_class, name: str, kwargs_key: str | None, description: str, perform, *, punt=False):
    """An API view for one action of the meeting's page: the page's form as input, its one service call.
    With `punt` the path's id is that of an agenda item (/case-table-items/<id>/...), else of the meeting."""

    @extend_schema(
        tags=TAG,
        request=serializer_for(form_class, name),
        responses=OverlegSerializer,
        description=description,
    )
    class View(ApiView):
        resource = "cases"

        def post(self, request, pk):
            target = None
            if punt:
                target = Agendapunt.objects.select_related("case", "overleg").filter(pk=pk).first()
                if target is None:
                    raise Http404
                pk = target.overleg_id
            o = _managed(request, pk)
            if punt and not policies.visible_agendapunten(request.user, o).filter(pk=target.pk).exists():
                raise Http404
            kwargs = pages.form_kwargs(o, request.user)[kwargs_key] if kwargs_key else {}
            data = validated_form(request, form_class, name, lambda d, f: form_class(d, **kwargs))
            perform(o, target, request.user, data)
            return Response(_detail(request, o))

    View.__name__ = View.__qualname__ = name
    return View


OverlegDeelnemerAdd = _action(
    oforms.DeelnemerForm,
    "OverlegDeelnemer",
    "deelnemer",
    "Voeg een deelnemer toe (een gebruiker of een naam, met rol en organisatie).",
    lambda o, p, user, d: services.deelnemer_add(overleg=o, by=user, **d),
)
OverlegAgendapuntAdd = _action(
    oforms.AgendapuntForm,
    "OverlegAgendapunt",
    "agendapunt",
    "Zet een casus op de agenda; de toestemming van de ouders wordt gecontroleerd (400 geen-toestemming).",
    lambda o, p, user, d: services.agendapunt_add(overleg=o, by=user, **d),
)
OverlegRecord = _action(
    oforms.RecordForm,
    "OverlegVastleggen",
    "record",
    "Leg vast dat het overleg is gehouden (op of na de datum): algemeen verslag en aanwezigheid. Per casus "
    "start de termijn voor de terugkoppeling. 409 als het overleg niet gepland is.",
    lambda o, p, user, d: services.overleg_record(
        overleg=o, by=user, verslag=d["verslag"], aanwezig=[x.pk for x in d["aanwezig"]]
    ),
)
OverlegPuntVerslag = _action(
    oforms.PuntVerslagForm,
    "OverlegPuntVerslag",
    None,
    "Het verslag van een agendapunt en of de ouders aanwezig waren (na het vastleggen van het overleg).",
    lambda o, p, user, d: services.agendapunt_record(punt=p, by=user, **d),
    punt=True,
)
OverlegAfspraakAdd = _action(
    oforms.AfspraakForm,
    "OverlegAfspraakNieuw",
    "afspraak",
    "Een afspraak over de casus van een agendapunt, met eigenaar (een persoon, of een rol) en datum: zij "
    "komt als taak in de werkbak van de eigenaar (node overleg_afspraak).",
    lambda o, p, user, d: services.afspraak_add(punt=p, by=user, **d),
    punt=True,
)
OverlegClose = _action(
    oforms.ReasonForm,
    "OverlegAfsluiten",
    None,
    "Sluit het verslag af; open afspraken blijven bij hun eigenaar. 409 als het overleg niet gehouden is.",
    lambda o, p, user, d: services.overleg_close(overleg=o, by=user, reason=d["reason"]),
)
OverlegCancel = _action(
    oforms.CancelForm,
    "OverlegAnnuleren",
    None,
    "Annuleer een gepland overleg, met reden. 409 als het niet meer gepland is.",
    lambda o, p, user, d: services.overleg_cancel(overleg=o, by=user, reason=d["reason"]),
)
