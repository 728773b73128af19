"""The shape a route fills in for its case actions: name, route, label, input form and service call.

workflows/<route>/actions.py lists a route's actions; workflows/actions.py joins them and performs them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms


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
