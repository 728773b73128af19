"""Case actions (transitions a user starts from a case, not from a task): action -> (input form, service).

The case pages (workflows/tlv/views.py, workflows/thuiszitter/views.py) and the REST API
(`POST /api/v1/cases/{id}/transitions/<action>/`) both perform an action through `perform`, so the UI and
the API cannot drift apart. Action names are a stable API. Each route lists its own in
workflows/<route>/actions.py.
"""

from __future__ import annotations

from django import forms

from cases.errors import Conflict
from workflows.loket.actions import ACTIONS as LOKET_ACTIONS
from workflows.overstap.actions import ACTIONS as OVERSTAP_ACTIONS
from workflows.route_specs import ActionSpec, NoInputForm
from workflows.schakel.actions import ACTIONS as SCHAKEL_ACTIONS
from workflows.screening.actions import ACTIONS as SCREENING_ACTIONS
from workflows.thuiszitter.actions import ACTIONS as THUISZITTER_ACTIONS
from workflows.tlv.actions import ACTIONS as TLV_ACTIONS

__all__ = [
    "ACTIONS",
    "REOPEN",
    "ActionSpec",
    "NoInputForm",
    "check_route",
    "for_route",
    "make_form",
    "perform",
]

_ACTIONS = [
    *TLV_ACTIONS,
    *THUISZITTER_ACTIONS,
    *SCREENING_ACTIONS,
    *SCHAKEL_ACTIONS,
    *OVERSTAP_ACTIONS,
    *LOKET_ACTIONS,
]

# route -> the action that reopens its closed case (a route adds its own `<route>_heropenen` action; the
# case page's "Heropenen" form and workflows/route_pages.reopen perform it)
REOPEN = {a.route: a.name for a in _ACTIONS if a.name.endswith("_heropenen")}

ACTIONS: dict[str, ActionSpec] = {a.name: a for a in _ACTIONS}


def for_route(route: str) -> list[ActionSpec]:
    return [a for a in _ACTIONS if a.route == route]


def check_route(spec: ActionSpec, case) -> None:
    """An action only applies to a case of its own route: otherwise a 409, before any form is built."""
    if spec.route != case.route:
        raise Conflict(f"De actie '{spec.label}' hoort niet bij deze route.", code="transition-not-allowed")


def make_form(spec: ActionSpec, case, data=None, files=None, **overrides) -> forms.Form:
    check_route(spec, case)
    kwargs = {**spec.form_kwargs(case), **overrides}
    return spec.form(data, files, **kwargs)


def perform(*, name: str, case, by, data: dict, target=None):
    """Perform the action with validated input (a form's cleaned_data): the one service call."""
    spec = ACTIONS[name]
    check_route(spec, case)
    return spec.perform(case, by, data, target)
