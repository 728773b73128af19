"""A timeline line in the reader's language, rendered from the codes an event stores.

A status change stores its action (the transition method) and the from/to state codes; its stored summary
("Besluit nemen: cva_advies → besloten") is the record of the moment, not what a person reads. The line
shown is built here at display time from the route records' transition labels and state labels, so it is
Dutch in the Dutch interface and English in the English one, and never shows a code.
"""

from __future__ import annotations

from functools import cache

from django.apps import apps
from django.utils.translation import gettext as _
from django_fsm import FSMField

from cases.roles import Role
from cases.texts import render


@cache
def _transitions() -> dict[str, list[tuple[dict, object]]]:
    """action (transition method name) -> [(state code -> label, transition label)] over every FSM model."""
    out: dict[str, list[tuple[dict, object]]] = {}
    for model in apps.get_app_config("cases").get_models():
        fields = [f for f in model._meta.concrete_fields if isinstance(f, FSMField)]
        if not fields:
            continue
        states = dict(fields[0].choices or ())
        for name in dir(model):
            meta = getattr(getattr(model, name, None), "_django_fsm", None)
            if meta is None:
                continue
            labels = [(t.custom or {}).get("label") for t in meta.transitions.values()]
            label = next((lbl for lbl in labels if lbl), None)
            out.setdefault(name, []).append((states, label))
    return out


def transition_text(action: str, from_state: str, to_state: str) -> str | None:
    """'Label: Van → Naar' (or the label alone when the state stays), None when the action is unknown."""
    for states, label in _transitions().get(action, ()):
        if from_state in states and to_state in states:
            label_text = str(label) if label else ""
            if from_state == to_state:
                return label_text or str(states[to_state])
            change = _("%(from)s → %(to)s") % {"from": states[from_state], "to": states[to_state]}
            return f"{label_text}: {change}" if label_text else change
    return None


def is_rendered_transition(event) -> bool:
    """Is this a status change whose line is built from its state labels?"""
    return bool(event.kind == "transition" and event.action and _transition_text_of(event))


def _transition_text_of(event) -> str | None:
    return transition_text(event.action, event.from_state, event.to_state)


def _new_task_text(event) -> str | None:
    """A new work item in a role's werkvoorraad: the role's label instead of its code."""
    code = (event.data or {}).get("role")
    if code not in Role.values:
        return None
    suffix = f"(werkvoorraad {code})"
    if not event.summary.endswith(suffix):
        return None
    return event.summary[: -len(suffix)] + "(" + _("werkvoorraad %(role)s") % {"role": Role(code).label} + ")"


def _refused_text(event) -> str | None:
    """A refused attempt: the action's label when it is a status change, else the stored line."""
    for _states, label in _transitions().get(event.action, ()):
        if label:
            return _("Geweigerd: %(action)s") % {"action": label}
    return None


def event_text(event) -> str:
    """What a timeline shows for one CaseEvent."""
    if event.kind == "transition" and event.action:
        text = _transition_text_of(event)
        if text:
            return text
    stored = (event.data or {}).get("text") if isinstance(event.data, dict) else None
    if stored:
        return render(stored)
    if event.kind == "refused" and event.action:
        text = _refused_text(event)
        if text:
            return text
    if event.action == "workitem_create":
        text = _new_task_text(event)
        if text:
            return text
    return event.summary
