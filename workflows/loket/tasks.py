"""The loket's task steps: node -> (input form, service call), joined in workflows/registry.py."""

from __future__ import annotations

from cases.services import loket
from workflows.loket import forms as lforms
from workflows.route_specs import TaskSpec


def _aanvraag(item):
    return item.case.ondersteuningsaanvraag


def _item_kwargs(item):
    return {"item": item}


def _besluit_initial(item):
    a = _aanvraag(item)
    return {"arrangement_soort": a.arrangement_soort or a.aanvraag_type.arrangement_soort}


TASKS = {
    "aanvullen_indienen": TaskSpec(
        lforms.IndienenForm,
        lambda item, user, d: loket.aanvraag_submit(aanvraag=_aanvraag(item), by=user, **d),
        name="LoketIndienen",
    ),
    "triage": TaskSpec(
        lforms.TriageForm,
        lambda item, user, d: loket.triage_record(aanvraag=_aanvraag(item), by=user, **d),
        form_kwargs=_item_kwargs,
        name="LoketTriage",
    ),
    "beoordeling": TaskSpec(
        lforms.BesluitForm,
        lambda item, user, d: loket.besluit_record(aanvraag=_aanvraag(item), by=user, **d),
        initial=_besluit_initial,
        name="LoketBesluit",
    ),
    "tweede_akkoord": TaskSpec(
        lforms.TweedeAkkoordForm,
        lambda item, user, d: loket.tweede_akkoord_record(aanvraag=_aanvraag(item), by=user, **d),
        name="LoketTweedeAkkoord",
    ),
    **{
        node: TaskSpec(
            lforms.EvaluatieForm,
            lambda item, user, d: loket.evaluatie_record(item=item, by=user, **d),
            name="LoketEvaluatie",
        )
        for node in loket.EVALUATIE_NODES.values()
    },
}
