"""The overstap's case action: the VO SWV links its follow-up (a TLV or a support request) to the
receiving case. Action names are a stable API (`POST /api/v1/cases/{id}/transitions/<action>/`);
workflows/actions.py performs them.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cases.services import overstap
from workflows.overstap import forms as oforms
from workflows.route_specs import ActionSpec

ACTIONS = [
    ActionSpec(
        "overstap_vervolg",
        "overstap",
        _("Vervolg koppelen (TLV of ondersteuningsaanvraag)"),
        oforms.VervolgForm,
        lambda case, user, d, target=None: overstap.vervolg_koppelen(
            overstap=overstap.overstap_of_case(case), by=user, **d
        ),
        form_kwargs=lambda case: {"case": case},
    ),
]
