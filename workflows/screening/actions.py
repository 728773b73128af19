"""The screening's case actions (from the case page or the API, not a task).

Action names are a stable API (`POST /api/v1/cases/{id}/transitions/<action>/`); workflows/actions.py
performs them.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cases.services import screening
from workflows import forms as shared_forms
from workflows.route_specs import ActionSpec

ACTIONS = [
    ActionSpec(
        "screening_heropenen",
        "screening",
        _("Screening heropenen"),
        shared_forms.ReasonForm,
        lambda case, user, d, target=None: screening.screening_reopen(screening=case.screening, by=user, **d),
        description=_(
            "Een afgesloten screening begint opnieuw (nieuwe screeningstermijn); alleen de consulent, de "
            "beslisser of het screeningsteam, met een reden, zolang de bewaartermijn loopt."
        ),
    ),
]
