"""The TLV's case actions (transitions a user starts from the case page or the API, not from a task).

Action names are a stable API (`POST /api/v1/cases/{id}/transitions/<action>/`); workflows/actions.py
performs them.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cases.errors import Conflict
from cases.models import Tlv
from cases.services import bekendmaking, plaatsing, tlv, tlv_lifecycle, tlv_variants
from cases.services import bezwaar as bezwaar_services
from workflows import forms as shared_forms
from workflows.route_specs import ActionSpec, NoInputForm
from workflows.tlv.forms import (
    BezwaarForm,
    ComplexForm,
    CorrectieForm,
    EindeForm,
    IntrekkenBezwaarForm,
    IntrekkingForm,
    PlaatsingForm,
    ProCriteriaForm,
    VerdagingForm,
)


def _verklaring(case) -> Tlv:
    t = Tlv.objects.filter(case=case).first()
    if t is None:
        raise Conflict("Er is (nog) geen toegekende TLV bij deze casus.", code="geen-tlv")
    return t


def _open_bezwaar(case, target=None):
    b = target or bezwaar_services.open_bezwaar(case)
    if b is None:
        raise Conflict("Er is geen lopend bezwaar bij deze casus.", code="geen-bezwaar")
    return b


def _without_empty(data: dict) -> dict:
    return {k: v for k, v in data.items() if v not in (None, "")}


def _correct(case, user, data, target=None):
    data = dict(data)
    reason = data.pop("reason")
    return bekendmaking.besluit_correct(aanvraag=case.tlv, by=user, reason=reason, **_without_empty(data))


def _bezwaar_register(case, user, data, target=None):
    data = dict(data)
    uploaded = data.pop("file", None)
    return bezwaar_services.bezwaar_register(
        aanvraag=case.tlv, by=user, uploads=[uploaded] if uploaded else [], **data
    )


ACTIONS = [
    # --- TLV aanvraag ---------------------------------------------------------------------------
    ActionSpec(
        "indienen",
        "tlv",
        _("Aanvraag indienen"),
        NoInputForm,
        lambda case, user, d, target=None: tlv.aanvraag_submit(aanvraag=case.tlv, by=user),
        description=_("De school dient de aanvraag in bij het samenwerkingsverband (dossier compleet)."),
    ),
    ActionSpec(
        "intrekken",
        "tlv",
        _("Aanvraag intrekken"),
        shared_forms.ReasonForm,
        lambda case, user, d, target=None: tlv.aanvraag_withdraw(aanvraag=case.tlv, by=user, **d),
    ),
    ActionSpec(
        "tlv_heropenen",
        "tlv",
        _("Aanvraag heropenen"),
        shared_forms.ReasonForm,
        lambda case, user, d, target=None: tlv.aanvraag_reopen(aanvraag=case.tlv, by=user, **d),
        description=_(
            "Een ingetrokken of buiten behandeling gestelde aanvraag gaat als concept terug naar de school; "
            "alleen de consulent of de beslisser, met een reden, zolang de bewaartermijn loopt."
        ),
    ),
    ActionSpec(
        "verdagen",
        "tlv",
        _("Beslistermijn verdagen"),
        shared_forms.ReasonForm,
        lambda case, user, d, target=None: tlv.verdaging_record(aanvraag=case.tlv, by=user, **d),
        description=_("Eenmalig, met een reden (Awb 4:14); de indiener krijgt bericht."),
    ),
    ActionSpec(
        "buiten_behandeling",
        "tlv",
        _("Buiten behandeling stellen"),
        shared_forms.ReasonForm,
        lambda case, user, d, target=None: tlv.buiten_behandeling_stellen(aanvraag=case.tlv, by=user, **d),
        description=_("Alleen na een verstreken hersteltermijn."),
    ),
    # --- after the besluit ----------------------------------------------------------------
    ActionSpec(
        "bekendmaken",
        "tlv",
        _("Besluit bekendmaken"),
        NoInputForm,
        lambda case, user, d, target=None: bekendmaking.bekendmaking_record(aanvraag=case.tlv, by=user),
        description=_("Brief aan de ouders en de school; start de bezwaartermijn."),
    ),
    ActionSpec("besluit_corrigeren", "tlv", _("Besluit corrigeren"), CorrectieForm, _correct),
    ActionSpec(
        "complexe_casus",
        "tlv",
        _("Complexe casus: externe deskundige"),
        ComplexForm,
        lambda case, user, d, target=None: tlv_variants.complex_start(aanvraag=case.tlv, by=user, **d),
        form_kwargs=lambda case: {"case": case},
    ),
    ActionSpec(
        "pro_criteria",
        "tlv",
        _("Criteria praktijkonderwijs vastleggen"),
        ProCriteriaForm,
        lambda case, user, d, target=None: tlv_variants.pro_criteria_record(aanvraag=case.tlv, by=user, **d),
    ),
    ActionSpec(
        "bezwaar_registreren",
        "tlv",
        _("Bezwaar registreren"),
        BezwaarForm,
        _bezwaar_register,
        form_kwargs=lambda case: {"case": case},
    ),
    ActionSpec(
        "bezwaar_verdagen",
        "tlv",
        _("Beslistermijn op bezwaar verdagen"),
        VerdagingForm,
        lambda case, user, d, target=None: bezwaar_services.verdaging_record(
            bezwaar=_open_bezwaar(case, target), by=user, **d
        ),
    ),
    ActionSpec(
        "bezwaar_intrekken",
        "tlv",
        _("Bezwaar ingetrokken"),
        IntrekkenBezwaarForm,
        lambda case, user, d, target=None: bezwaar_services.bezwaar_intrekken(
            bezwaar=_open_bezwaar(case, target), by=user, **d
        ),
    ),
    ActionSpec(
        "verlenging_aanvragen",
        "tlv",
        _("Verlenging aanvragen"),
        NoInputForm,
        lambda case, user, d, target=None: tlv_lifecycle.verlenging_aanvragen(tlv=_verklaring(case), by=user),
        description=_("Een nieuwe aanvraag, gekoppeld aan deze TLV."),
    ),
    ActionSpec(
        "tlv_beeindigen",
        "tlv",
        _("TLV beëindigen"),
        EindeForm,
        lambda case, user, d, target=None: tlv_lifecycle.tlv_beeindigen(tlv=_verklaring(case), by=user, **d),
    ),
    ActionSpec(
        "plaatsing_bevestigen",
        "tlv",
        _("Plaatsing bevestigen"),
        PlaatsingForm,
        lambda case, user, d, target=None: plaatsing.plaatsing_bevestigen(
            tlv=_verklaring(case), by=user, **d
        ),
        description=_("De leerling staat ingeschreven op de school van plaatsing: de wachttijd stopt."),
    ),
    ActionSpec(
        "tlv_intrekken",
        "tlv",
        _("TLV intrekken"),
        IntrekkingForm,
        lambda case, user, d, target=None: tlv_lifecycle.tlv_intrekken(tlv=_verklaring(case), by=user, **d),
    ),
]
