"""The thuiszitter's task steps, and those of the zorgplicht aanmelding: node -> (input form, service call).

Node names are a stable API; workflows/registry.py joins every route's task steps.
"""

from __future__ import annotations

from functools import partial

from cases.services import thuiszitter
from cases.services import zorgplicht as zorgplicht_services
from workflows.route_specs import TaskSpec, item_kwargs, item_step, record_step
from workflows.thuiszitter import forms as tforms

_step = partial(record_step, record=("melding", lambda item: item.case.thuiszitter))

TASKS: dict[str, TaskSpec] = {
    "registratie": _step(
        tforms.RegistratieForm,
        thuiszitter.registratie_record,
        "ThuiszitterRegistratie",
        form_kwargs=item_kwargs,
    ),
    "plan_van_aanpak": _step(
        tforms.PlanForm, thuiszitter.plan_record, "ThuiszitterPlanVanAanpak", form_kwargs=item_kwargs
    ),
    "casusoverleg": _step(
        tforms.CasusoverlegForm, thuiszitter.casusoverleg_record, "ThuiszitterCasusoverleg"
    ),
    "passend_aanbod": _step(
        tforms.AanbodForm, thuiszitter.aanbod_record, "ThuiszitterPassendAanbod", form_kwargs=item_kwargs
    ),
    "terugkeer": _step(tforms.TerugkeerForm, thuiszitter.terugkeer_record, "ThuiszitterTerugkeer"),
    "monitoring": _step(tforms.ToelichtingForm, thuiszitter.afsluiten, "ThuiszitterMonitoring"),
    thuiszitter.VOORTGANG_NODE: item_step(
        tforms.ToelichtingForm, thuiszitter.voortgang_record, "ThuiszitterVoortgangscheck"
    ),
}

ZORGPLICHT_TASKS: dict[str, TaskSpec] = {
    zorgplicht_services.BESLUIT_NODE: record_step(
        tforms.ZorgplichtBesluitForm,
        zorgplicht_services.besluit_record,
        "ZorgplichtBesluit",
        record=("aanmelding", lambda item: item.case.aanmelding),
        form_kwargs=item_kwargs,
    ),
}
