"""What completing a work item means, in one place: node -> (input form, service call).

The work-item page (workflows/inbox/views.py) and the REST API (api/views/tasks.py) both ask here: the form is
the input schema (the API derives its request serializer from it) and `perform` is the one service call.
A work item is looked up by its case's route and its node; escalations of every route share one spec.
Node names are a stable API (see workflows/flows.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.http import Http404

from cases.models import School, WorkItem
from cases.services import (
    bekendmaking,
    escalations,
    schakel,
    screening,
    thuiszitter,
    tlv,
    tlv_lifecycle,
    tlv_variants,
)
from cases.services import bezwaar as bezwaar_services
from cases.services import zorgplicht as zorgplicht_services
from workflows import forms as shared_forms
from workflows.schakel import forms as kforms
from workflows.screening import forms as sforms
from workflows.thuiszitter import forms as tforms
from workflows.tlv import forms as tlv_forms


class NoInputForm(forms.Form):
    """A task that needs no input (submitting the aanvraag is done from the case page in the UI)."""


@dataclass(frozen=True)
class TaskSpec:
    form: type[forms.Form]
    perform: Callable[[WorkItem, Any, dict], Any]  # (item, user, cleaned data) -> the service's result
    form_kwargs: Callable[[WorkItem], dict] = field(default=lambda item: {})
    initial: Callable[[WorkItem], dict] | None = None
    name: str = ""  # the schema component name in the API docs (e.g. "TlvBesluit")


def _item_kwargs(item):
    return {"item": item}


def _special_schools(item):
    return {"scholen": School.objects.filter(swv=item.case.swv_id).exclude(soort="regulier")}


def _besluit_initial(item):
    a = item.case.tlv
    return {
        "soort": a.cva_soort,
        "categorie": a.cva_categorie,
        "cluster": a.gevraagde_cluster,
        "besluit": "toekennen" if a.cva_uitkomst == "toekennen" else "afwijzen",
    }


def _cva_initial(item):
    a = item.case.tlv
    return {"soort": a.gevraagde_soort, "categorie": a.gevraagde_categorie, "cluster": a.gevraagde_cluster}


def _aanvraag(item):
    return item.case.tlv


def _open_bezwaar(item):
    b = bezwaar_services.open_bezwaar(item.case)
    if b is None:
        raise Http404
    return b


ESCALATION = TaskSpec(
    shared_forms.EscalatieForm,
    lambda item, user, d: escalations.escalation_resolve(item=item, by=user, action_taken=d["action_taken"]),
    name="Escalatie",
)

TLV_TASKS = {
    "indienen": TaskSpec(
        NoInputForm,
        lambda item, user, d: tlv.aanvraag_submit(aanvraag=_aanvraag(item), by=user),
        name="TlvIndienen",
    ),
    "volledigheidstoets": TaskSpec(
        tlv_forms.VolledigheidForm,
        lambda item, user, d: tlv.volledigheid_record(aanvraag=_aanvraag(item), by=user, **d),
        name="TlvVolledigheidstoets",
    ),
    "herstel": TaskSpec(
        tlv_forms.ToelichtingForm,
        lambda item, user, d: tlv.herstel_submit(aanvraag=_aanvraag(item), by=user, **d),
        name="TlvHerstel",
    ),
    **{
        f"deskundigenadvies_{n}": TaskSpec(
            tlv_forms.DeskundigenAdviesForm,
            lambda item, user, d, n=n: tlv.deskundigenadvies_record(
                aanvraag=_aanvraag(item), by=user, volgorde=n, **d
            ),
            name="TlvDeskundigenadvies",
        )
        for n in (1, 2)
    },
    **{
        f"bto_review_{n}": TaskSpec(
            tlv_forms.BtoReviewForm,
            lambda item, user, d, n=n: tlv.bto_review_record(
                aanvraag=_aanvraag(item), by=user, volgorde=n, **d
            ),
            name="TlvBtoReview",
        )
        for n in (1, 2)
    },
    "cva_advies": TaskSpec(
        tlv_forms.CvaAdviesForm,
        lambda item, user, d: tlv.cva_advies_record(aanvraag=_aanvraag(item), by=user, **d),
        initial=_cva_initial,
        name="TlvCvaAdvies",
    ),
    "cva_aanvulling": TaskSpec(
        tlv_forms.ToelichtingForm,
        lambda item, user, d: tlv.informatie_aanvullen(aanvraag=_aanvraag(item), by=user, **d),
        name="TlvCvaAanvulling",
    ),
    "besluit": TaskSpec(
        tlv_forms.BesluitForm,
        lambda item, user, d: tlv.besluit_record(aanvraag=_aanvraag(item), by=user, **d),
        form_kwargs=_special_schools,
        initial=_besluit_initial,
        name="TlvBesluit",
    ),
    # Tasks after the besluit (no viewflow task of their own)
    "bekendmaken": TaskSpec(
        tlv_forms.BekendmakenForm,
        lambda item, user, d: bekendmaking.bekendmaking_record(aanvraag=_aanvraag(item), by=user),
        name="TlvBekendmaken",
    ),
    "externe_zienswijze": TaskSpec(
        tlv_forms.ZienswijzeForm,
        lambda item, user, d: tlv_variants.zienswijze_record(aanvraag=_aanvraag(item), by=user, **d),
        name="TlvExterneZienswijze",
    ),
    "bezwaar_ontvankelijkheid": TaskSpec(
        tlv_forms.OntvankelijkheidForm,
        lambda item, user, d: bezwaar_services.ontvankelijkheid_record(
            bezwaar=_open_bezwaar(item), by=user, **d
        ),
        name="BezwaarOntvankelijkheid",
    ),
    "bezwaar_hoorzitting": TaskSpec(
        tlv_forms.HoorzittingForm,
        lambda item, user, d: bezwaar_services.hoorzitting_record(bezwaar=_open_bezwaar(item), by=user, **d),
        name="BezwaarHoorzitting",
    ),
    "bezwaar_advies": TaskSpec(
        tlv_forms.AdviesForm,
        lambda item, user, d: bezwaar_services.advies_record(bezwaar=_open_bezwaar(item), by=user, **d),
        name="BezwaarAdvies",
    ),
    "bezwaar_beslissing": TaskSpec(
        tlv_forms.BeslissingForm,
        lambda item, user, d: bezwaar_services.beslissing_record(bezwaar=_open_bezwaar(item), by=user, **d),
        form_kwargs=_special_schools,
        name="BezwaarBeslissing",
    ),
    **{
        node: TaskSpec(
            tlv_forms.ReviewForm,
            lambda item, user, d: tlv_lifecycle.review_complete(item=item, by=user, **d),
            name="TlvEinddatumReview",
        )
        for node in ("tlv_verlenging_review", "tlv_vso_vo_review")
    },
}


def _melding(item):
    return item.case.thuiszitter


THUISZITTER_TASKS = {
    "registratie": TaskSpec(
        tforms.RegistratieForm,
        lambda item, user, d: thuiszitter.registratie_record(melding=_melding(item), by=user, **d),
        form_kwargs=_item_kwargs,
        name="ThuiszitterRegistratie",
    ),
    "plan_van_aanpak": TaskSpec(
        tforms.PlanForm,
        lambda item, user, d: thuiszitter.plan_record(melding=_melding(item), by=user, **d),
        form_kwargs=_item_kwargs,
        name="ThuiszitterPlanVanAanpak",
    ),
    "casusoverleg": TaskSpec(
        tforms.CasusoverlegForm,
        lambda item, user, d: thuiszitter.casusoverleg_record(melding=_melding(item), by=user, **d),
        name="ThuiszitterCasusoverleg",
    ),
    "passend_aanbod": TaskSpec(
        tforms.AanbodForm,
        lambda item, user, d: thuiszitter.aanbod_record(melding=_melding(item), by=user, **d),
        form_kwargs=_item_kwargs,
        name="ThuiszitterPassendAanbod",
    ),
    "terugkeer": TaskSpec(
        tforms.TerugkeerForm,
        lambda item, user, d: thuiszitter.terugkeer_record(melding=_melding(item), by=user, **d),
        name="ThuiszitterTerugkeer",
    ),
    "monitoring": TaskSpec(
        tforms.ToelichtingForm,
        lambda item, user, d: thuiszitter.afsluiten(melding=_melding(item), by=user, **d),
        name="ThuiszitterMonitoring",
    ),
    thuiszitter.VOORTGANG_NODE: TaskSpec(
        tforms.ToelichtingForm,
        lambda item, user, d: thuiszitter.voortgang_record(item=item, by=user, **d),
        name="ThuiszitterVoortgangscheck",
    ),
}

ZORGPLICHT_TASKS = {
    zorgplicht_services.BESLUIT_NODE: TaskSpec(
        tforms.ZorgplichtBesluitForm,
        lambda item, user, d: zorgplicht_services.besluit_record(
            aanmelding=item.case.aanmelding, by=user, **d
        ),
        form_kwargs=_item_kwargs,
        name="ZorgplichtBesluit",
    ),
}

SCREENING_TASKS = {
    "screening": TaskSpec(
        sforms.AdviesForm,
        lambda item, user, d: screening.advies_record(screening=item.case.screening, by=user, **d),
        name="ScreeningAdvies",
    ),
    "informeren": TaskSpec(
        sforms.InformerenForm,
        lambda item, user, d: screening.informeren_record(screening=item.case.screening, by=user, **d),
        name="ScreeningInformeren",
    ),
    "plaatsing": TaskSpec(
        sforms.PlaatsingForm,
        lambda item, user, d: screening.plaatsing_record(screening=item.case.screening, by=user, **d),
        name="ScreeningPlaatsing",
    ),
    screening.HERSCREENING_NODE: TaskSpec(
        sforms.HerscreeningForm,
        lambda item, user, d: screening.herscreening_record(item=item, by=user, **d),
        name="ScreeningHerscreening",
    ),
}

SCHAKEL_TASKS = {
    "schakeloverleg": TaskSpec(
        kforms.OverlegForm,
        lambda item, user, d: schakel.overleg_record(traject=item.case.schakeltraject, by=user, **d),
        form_kwargs=_item_kwargs,
        name="SchakelOverleg",
    ),
    "schakelplan": TaskSpec(
        kforms.PlanForm,
        lambda item, user, d: schakel.plan_record(traject=item.case.schakeltraject, by=user, **d),
        name="SchakelPlan",
    ),
    "besluit": TaskSpec(
        kforms.BesluitForm,
        lambda item, user, d: schakel.besluit_record(traject=item.case.schakeltraject, by=user, **d),
        name="SchakelBesluit",
    ),
    **{
        f"nazorg_{months}": TaskSpec(
            kforms.NazorgForm,
            lambda item, user, d, months=months: schakel.checkpoint_record(
                traject=item.case.schakeltraject, by=user, maanden=months, **d
            ),
            name="SchakelNazorg",
        )
        for months in (3, 12)
    },
}

TASKS_BY_ROUTE: dict[str, dict[str, TaskSpec]] = {
    "tlv": TLV_TASKS,
    "thuiszitter": THUISZITTER_TASKS,
    "zorgplicht": ZORGPLICHT_TASKS,
    "screening": SCREENING_TASKS,
    "schakel": SCHAKEL_TASKS,
}


def spec_for(item: WorkItem) -> TaskSpec | None:
    if item.kind == WorkItem.Kind.ESCALATION:
        return ESCALATION
    return TASKS_BY_ROUTE.get(item.case.route, {}).get(item.node)


def make_form(item: WorkItem, data=None, files=None) -> forms.Form | None:
    """The input form of this work item, bound to `data` when given (initial values otherwise)."""
    spec = spec_for(item)
    if spec is None:
        return None
    form = (
        spec.form(data, files, **spec.form_kwargs(item))
        if files is not None
        else spec.form(data, **spec.form_kwargs(item))
    )
    if data is None and spec.initial is not None:
        form.initial.update(spec.initial(item))
    return form


def complete(*, item: WorkItem, by, data: dict):
    """Complete the work item with validated input (a form's cleaned_data): the one service call."""
    spec = spec_for(item)
    if spec is None:
        raise Http404
    return spec.perform(item, by, data)


def all_specs() -> list[TaskSpec]:
    """Every distinct spec (the API documents one request schema per spec name)."""
    seen, out = set(), []
    for spec in [ESCALATION, *(s for route in TASKS_BY_ROUTE.values() for s in route.values())]:
        if spec.name not in seen:
            seen.add(spec.name)
            out.append(spec)
    return out
