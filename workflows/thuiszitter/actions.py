"""The case actions of the thuiszitter and zorgplicht routes (from the case page or the API, not a task).

Action names are a stable API (`POST /api/v1/cases/{id}/transitions/<action>/`); workflows/actions.py
performs them.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cases.services import thuiszitter
from cases.services import zorgplicht as zorgplicht_services
from workflows.route_specs import ActionSpec
from workflows.thuiszitter import forms as tforms

ACTIONS = [
    ActionSpec(
        "leerplicht_actie",
        "thuiszitter",
        _("Leerplichtactie vastleggen"),
        tforms.LeerplichtActieForm,
        lambda case, user, d, target=None: thuiszitter.leerplicht_actie_record(
            melding=case.thuiszitter, by=user, **d
        ),
    ),
    ActionSpec(
        "heropenen",
        "thuiszitter",
        _("Melding heropenen"),
        tforms.HeropenenForm,
        lambda case, user, d, target=None: thuiszitter.heropenen(melding=case.thuiszitter, by=user, **d),
    ),
    ActionSpec(
        "zorgplicht_verlengen",
        "zorgplicht",
        _("Zorgplichttermijn verlengen"),
        tforms.VerlengenForm,
        lambda case, user, d, target=None: zorgplicht_services.verlengen(
            aanmelding=case.aanmelding, by=user, **d
        ),
        description=_("Eenmalig met 4 weken, met de schriftelijke kennisgeving aan de ouders."),
    ),
]
