"""The schakeltraject's task steps: node -> (input form, service call), for the work-item page and the API.

Node names are a stable API; workflows/registry.py joins every route's task steps.
"""

from __future__ import annotations

from cases.services import schakel
from workflows.route_specs import TaskSpec, item_kwargs
from workflows.schakel import forms as kforms

TASKS: dict[str, TaskSpec] = {
    "schakeloverleg": TaskSpec(
        kforms.OverlegForm,
        lambda item, user, d: schakel.overleg_record(traject=item.case.schakeltraject, by=user, **d),
        form_kwargs=item_kwargs,
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
