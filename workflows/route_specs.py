"""The shapes a route fills in: its case actions (name, route, label, input form, service call) and its task
steps (input form, service call), plus the task step every route shares (the escalation).

workflows/<route>/actions.py lists a route's actions, workflows/actions.py joins them and performs them;
workflows/<route>/tasks.py lists a route's task steps, workflows/registry.py joins them and completes them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms

from cases.services import escalations
from workflows import forms as shared_forms


class NoInputForm(forms.Form):
    """An action without input."""


@dataclass(frozen=True)
class ActionSpec:
    name: str
    route: str
    label: Any
    form: type[forms.Form]
    perform: Callable[..., Any]  # (case, user, cleaned data, target) -> the service's result
    form_kwargs: Callable[[Any], dict] = field(default=lambda case: {})
    description: Any = ""


@dataclass(frozen=True)
class TaskSpec:
    """A task step of a route: the work item's input form and the one service call that completes it."""

    form: type[forms.Form]
    perform: Callable[..., Any]  # (item, user, cleaned data) -> the service's result
    form_kwargs: Callable[[Any], dict] = field(default=lambda item: {})
    initial: Callable[[Any], dict] | None = None
    name: str = ""  # the schema component name in the API docs (e.g. "TlvBesluit")


def item_kwargs(item) -> dict:
    """Form kwargs for a task form that needs its work item (to offer the case's own choices)."""
    return {"item": item}


ESCALATION = TaskSpec(
    shared_forms.EscalatieForm,
    lambda item, user, d: escalations.escalation_resolve(item=item, by=user, action_taken=d["action_taken"]),
    name="Escalatie",
)


def record_step(form, service, name: str, *, record: tuple[str, Callable], fixed: dict | None = None, **spec):
    """A task step whose service takes the route record: `service(<keyword>=get(item), by=user, **fixed,
    **cleaned data)`, with `record` = (keyword, get). A route binds its record once (functools.partial)."""
    keyword, get = record
    fixed = fixed or {}
    return TaskSpec(
        form, lambda item, user, d: service(**{keyword: get(item)}, by=user, **fixed, **d), name=name, **spec
    )


def item_step(form, service, name: str, **spec):
    """A task step whose service takes the work item itself: `service(item=item, by=user, **cleaned data)`."""
    return TaskSpec(form, lambda item, user, d: service(item=item, by=user, **d), name=name, **spec)
