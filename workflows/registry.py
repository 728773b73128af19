"""What completing a work item means, in one place: node -> (input form, service call).

The work-item page (workflows/inbox/views.py) and the REST API (api/views/tasks.py) both ask here: the form is
the input schema (the API derives its request serializer from it) and `perform` is the one service call.
Each route lists its own task steps in workflows/<route>/tasks.py; this module joins them by route. A work
item is looked up by its case's route and its node; escalations of every route share one spec
(workflows/route_specs.py), and so do the case table's tasks (an agreement, the chair's follow-up:
workflows/overleg/tasks.py), looked up by node on a case of any route. Node names are a stable API (see
workflows/flows.py).
"""

from __future__ import annotations

from django import forms
from django.http import Http404

from cases.models import WorkItem
from workflows.loket import tasks as loket_tasks
from workflows.overleg import tasks as overleg_tasks
from workflows.overstap import tasks as overstap_tasks
from workflows.route_specs import ESCALATION, TaskSpec
from workflows.schakel import tasks as schakel_tasks
from workflows.screening import tasks as screening_tasks
from workflows.thuiszitter import tasks as thuiszitter_tasks
from workflows.tlv import tasks as tlv_tasks

__all__ = [
    "ESCALATION",
    "SHARED_TASKS",
    "TASKS_BY_ROUTE",
    "TaskSpec",
    "all_specs",
    "complete",
    "make_form",
    "spec_for",
]

TASKS_BY_ROUTE: dict[str, dict[str, TaskSpec]] = {
    "tlv": tlv_tasks.TASKS,
    "thuiszitter": thuiszitter_tasks.TASKS,
    "zorgplicht": thuiszitter_tasks.ZORGPLICHT_TASKS,
    "screening": screening_tasks.TASKS,
    "schakel": schakel_tasks.TASKS,
    "loket": loket_tasks.TASKS,
    "overstap": overstap_tasks.TASKS,
}

# Task steps on a case of any route (node -> spec): the case table's agreements and follow-up
SHARED_TASKS: dict[str, TaskSpec] = overleg_tasks.TASKS


def spec_for(item: WorkItem) -> TaskSpec | None:
    if item.kind == WorkItem.Kind.ESCALATION:
        return ESCALATION
    if item.node in SHARED_TASKS:
        return SHARED_TASKS[item.node]
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
    routes = (s for route in TASKS_BY_ROUTE.values() for s in route.values())
    for spec in [ESCALATION, *SHARED_TASKS.values(), *routes]:
        if spec.name not in seen:
            seen.add(spec.name)
            out.append(spec)
    return out
