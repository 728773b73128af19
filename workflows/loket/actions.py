"""The loket's case actions (from the case page or the API, not a task).

Action names are a stable API (`POST /api/v1/cases/{id}/transitions/<action>/`); workflows/actions.py
performs them.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cases.services import loket
from workflows.loket import forms
from workflows.route_specs import ActionSpec

ACTIONS = [
    ActionSpec(
        "loket_heropenen",
        "loket",
        _("Arrangement heropenen"),
        forms.HeropenenForm,
        lambda case, user, d, target=None: loket.aanvraag_reopen(
            aanvraag=case.ondersteuningsaanvraag, by=user, **d
        ),
        description=_(
            "Een afgesloten arrangement loopt weer zoals toegewezen (zelfde toewijzing en budget) tot een "
            "nieuwe einddatum, met opnieuw de evaluaties; alleen de consulent of de beslisser, met een "
            "reden, zolang de bewaartermijn loopt. Een afwijzing is een besluit en wordt niet heropend."
        ),
    ),
]
