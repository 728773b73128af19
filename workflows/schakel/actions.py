"""The schakeltraject's case actions (from the case page or the API, not a task).

Action names are a stable API (`POST /api/v1/cases/{id}/transitions/<action>/`); workflows/actions.py
performs them.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cases.services import schakel
from workflows import forms as shared_forms
from workflows.route_specs import ActionSpec

ACTIONS = [
    ActionSpec(
        "schakel_heropenen",
        "schakel",
        _("Schakeltraject heropenen"),
        shared_forms.ReasonForm,
        lambda case, user, d, target=None: schakel.traject_reopen(traject=case.schakeltraject, by=user, **d),
        description=_(
            "Een afgesloten traject begint opnieuw bij het signaal (nieuw schakeloverleg); alleen de "
            "consulent of de beslisser, met een reden, zolang de bewaartermijn loopt."
        ),
    ),
]
