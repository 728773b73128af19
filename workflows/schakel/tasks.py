"""The schakeltraject's task steps: node -> (input form, service call), for the work-item page and the API.

Node names are a stable API; workflows/registry.py joins every route's task steps.
"""

from __future__ import annotations

from functools import partial

from cases.services import schakel
from workflows.route_specs import TaskSpec, item_kwargs, record_step
from workflows.schakel import forms as kforms

_step = partial(record_step, record=("traject", lambda item: item.case.schakeltraject))

TASKS: dict[str, TaskSpec] = {
    "schakeloverleg": _step(
        kforms.OverlegForm, schakel.overleg_record, "SchakelOverleg", form_kwargs=item_kwargs
    ),
    "schakelplan": _step(kforms.PlanForm, schakel.plan_record, "SchakelPlan"),
    "besluit": _step(kforms.BesluitForm, schakel.besluit_record, "SchakelBesluit"),
    **{
        f"nazorg_{months}": _step(
            kforms.NazorgForm, schakel.checkpoint_record, "SchakelNazorg", fixed={"maanden": months}
        )
        for months in (3, 12)
    },
}
