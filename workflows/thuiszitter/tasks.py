"""The thuiszitter's task steps, and those of the zorgplicht aanmelding: node -> (input form, service call).

Node names are a stable API; workflows/registry.py joins every route's task steps.
"""

from __future__ import annotations

from cases.services import thuiszitter
from cases.services import zorgplicht as zorgplicht_services
from workflows.route_specs import TaskSpec, item_kwargs
from workflows.thuiszitter import forms as tforms


def _melding(item):
    return item.case.thuiszitter


TASKS: dict[str, TaskSpec] = {
    "registratie": TaskSpec(
        tforms.RegistratieForm,
        lambda item, user, d: thuiszitter.registratie_record(melding=_melding(item), by=user, **d),
        form_kwargs=item_kwargs,
        name="ThuiszitterRegistratie",
    ),
    "plan_van_aanpak": TaskSpec(
        tforms.PlanForm,
        lambda item, user, d: thuiszitter.plan_record(melding=_melding(item), by=user, **d),
        form_kwargs=item_kwargs,
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
        form_kwargs=item_kwargs,
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

ZORGPLICHT_TASKS: dict[str, TaskSpec] = {
    zorgplicht_services.BESLUIT_NODE: TaskSpec(
        tforms.ZorgplichtBesluitForm,
        lambda item, user, d: zorgplicht_services.besluit_record(
            aanmelding=item.case.aanmelding, by=user, **d
        ),
        form_kwargs=item_kwargs,
        name="ZorgplichtBesluit",
    ),
}
