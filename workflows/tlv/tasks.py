"""The TLV's task steps: node -> (input form, service call), for the work-item page and the API.

Node names are a stable API; workflows/registry.py joins every route's task steps.
"""

from __future__ import annotations

from functools import partial

from django.http import Http404

from cases.models import School
from cases.services import bekendmaking, tlv, tlv_lifecycle, tlv_variants
from cases.services import bezwaar as bezwaar_services
from workflows.route_specs import NoInputForm, TaskSpec, item_step, record_step
from workflows.tlv import forms as tlv_forms


def _special_schools(item):
    """Placement: any special school of the national register (a TLV may place outside the region; the
    service checks the school's type against the soort); the beoogde reguliere school: one of the SWV."""
    return {
        "scholen": School.objects.exclude(soort="regulier").select_related("swv").order_by("name", "pk"),
        "reguliere_scholen": School.objects.filter(swv=item.case.swv_id, soort="regulier"),
    }


def _besluit_initial(item):
    a = item.case.tlv
    return {
        "soort": a.cva_soort,
        "categorie": a.cva_categorie,
        "cluster": a.gevraagde_cluster,
        "besluit": "toekennen" if a.cva_uitkomst == "toekennen" else "afwijzen",
    }


def _cva_initial(item):
    a = item.case.tlv
    return {"soort": a.gevraagde_soort, "categorie": a.gevraagde_categorie, "cluster": a.gevraagde_cluster}


def _aanvraag(item):
    return item.case.tlv


def _open_bezwaar(item):
    b = bezwaar_services.open_bezwaar(item.case)
    if b is None:
        raise Http404
    return b


_step = partial(record_step, record=("aanvraag", _aanvraag))
_bezwaar_step = partial(record_step, record=("bezwaar", _open_bezwaar))

TASKS: dict[str, TaskSpec] = {
    "indienen": _step(NoInputForm, tlv.aanvraag_submit, "TlvIndienen"),
    "volledigheidstoets": _step(tlv_forms.VolledigheidForm, tlv.volledigheid_record, "TlvVolledigheidstoets"),
    "herstel": _step(tlv_forms.ToelichtingForm, tlv.herstel_submit, "TlvHerstel"),
    **{
        f"deskundigenadvies_{n}": _step(
            tlv_forms.DeskundigenAdviesForm,
            tlv.deskundigenadvies_record,
            "TlvDeskundigenadvies",
            fixed={"volgorde": n},
        )
        for n in (1, 2)
    },
    **{
        f"bto_review_{n}": _step(
            tlv_forms.BtoReviewForm, tlv.bto_review_record, "TlvBtoReview", fixed={"volgorde": n}
        )
        for n in (1, 2)
    },
    "cva_advies": _step(tlv_forms.CvaAdviesForm, tlv.cva_advies_record, "TlvCvaAdvies", initial=_cva_initial),
    "cva_aanvulling": _step(tlv_forms.ToelichtingForm, tlv.informatie_aanvullen, "TlvCvaAanvulling"),
    "besluit": _step(
        tlv_forms.BesluitForm,
        tlv.besluit_record,
        "TlvBesluit",
        form_kwargs=_special_schools,
        initial=_besluit_initial,
    ),
    # Tasks after the besluit (no viewflow task of their own)
    "bekendmaken": TaskSpec(
        tlv_forms.BekendmakenForm,
        lambda item, user, d: bekendmaking.bekendmaking_record(aanvraag=_aanvraag(item), by=user),
        name="TlvBekendmaken",
    ),
    "externe_zienswijze": _step(
        tlv_forms.ZienswijzeForm, tlv_variants.zienswijze_record, "TlvExterneZienswijze"
    ),
    "bezwaar_ontvankelijkheid": _bezwaar_step(
        tlv_forms.OntvankelijkheidForm, bezwaar_services.ontvankelijkheid_record, "BezwaarOntvankelijkheid"
    ),
    "bezwaar_hoorzitting": _bezwaar_step(
        tlv_forms.HoorzittingForm, bezwaar_services.hoorzitting_record, "BezwaarHoorzitting"
    ),
    "bezwaar_advies": _bezwaar_step(tlv_forms.AdviesForm, bezwaar_services.advies_record, "BezwaarAdvies"),
    "bezwaar_beslissing": _bezwaar_step(
        tlv_forms.BeslissingForm,
        bezwaar_services.beslissing_record,
        "BezwaarBeslissing",
        form_kwargs=_special_schools,
    ),
    **{
        node: item_step(tlv_forms.ReviewForm, tlv_lifecycle.review_complete, "TlvEinddatumReview")
        for node in ("tlv_verlenging_review", "tlv_vso_vo_review")
    },
}
