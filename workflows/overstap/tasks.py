"""The overstap's task steps: node -> (input form, service call), for the work-item page and the API.

The PO side's nodes work on the sending case, the VO side's on the receiving case; both reach the same
record. Node names are a stable API; workflows/registry.py joins every route's task steps.
"""

from __future__ import annotations

from functools import partial

from cases.services import overstap
from workflows.overstap import forms as oforms
from workflows.route_specs import TaskSpec, item_kwargs, record_step

_step = partial(record_step, record=("overstap", lambda item: overstap.overstap_of_case(item.case)))

TASKS: dict[str, TaskSpec] = {
    "toestemming": _step(
        oforms.ToestemmingForm, overstap.toestemming_record, "OverstapToestemming", form_kwargs=item_kwargs
    ),
    "dossier": _step(oforms.DossierForm, overstap.dossier_record, "OverstapDossier", form_kwargs=item_kwargs),
    "verzenden": _step(
        oforms.VerzendenForm, overstap.verzenden_record, "OverstapVerzenden", form_kwargs=item_kwargs
    ),
    "ontvangst": _step(oforms.OntvangstForm, overstap.ontvangst_record, "OverstapOntvangst"),
    "warme_overdracht": _step(
        oforms.WarmeOverdrachtForm, overstap.overdracht_record, "OverstapWarmeOverdracht"
    ),
    "plaatsing": _step(oforms.PlaatsingForm, overstap.plaatsing_record, "OverstapPlaatsing"),
    "controle": _step(oforms.ControleForm, overstap.controle_record, "OverstapControle"),
}
