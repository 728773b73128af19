"""The TLV's task steps: node -> (input form, service call), for the work-item page and the API.

Node names are a stable API; workflows/registry.py joins every route's task steps.
"""

from __future__ import annotations

from django.http import Http404

from cases.models import School
from cases.services import bekendmaking, tlv, tlv_lifecycle, tlv_variants
from cases.services import bezwaar as bezwaar_services
from workflows.route_specs import NoInputForm, TaskSpec
from workflows.tlv import forms as tlv_forms


def _special_schools(item):
    return {"scholen": School.objects.filter(swv=item.case.swv_id).exclude(soort="regulier")}


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


TASKS: dict[str, TaskSpec] = {
    "indienen": TaskSpec(
        NoInputForm,
        lambda item, user, d: tlv.aanvraag_submit(aanvraag=_aanvraag(item), by=user),
        name="TlvIndienen",
    ),
    "volledigheidstoets": TaskSpec(
        tlv_forms.VolledigheidForm,
        lambda item, user, d: tlv.volledigheid_record(aanvraag=_aanvraag(item), by=user, **d),
        name="TlvVolledigheidstoets",
    ),
    "herstel": TaskSpec(
        tlv_forms.ToelichtingForm,
        lambda item, user, d: tlv.herstel_submit(aanvraag=_aanvraag(item), by=user, **d),
        name="TlvHerstel",
    ),
    **{
        f"deskundigenadvies_{n}": TaskSpec(
            tlv_forms.DeskundigenAdviesForm,
            lambda item, user, d, n=n: tlv.deskundigenadvies_record(
                aanvraag=_aanvraag(item), by=user, volgorde=n, **d
            ),
            name="TlvDeskundigenadvies",
        )
        for n in (1, 2)
    },
    **{
        f"bto_review_{n}": TaskSpec(
            tlv_forms.BtoReviewForm,
            lambda item, user, d, n=n: tlv.bto_review_record(
                aanvraag=_aanvraag(item), by=user, volgorde=n, **d
            ),
            name="TlvBtoReview",
        )
        for n in (1, 2)
    },
    "cva_advies": TaskSpec(
        tlv_forms.CvaAdviesForm,
        lambda item, user, d: tlv.cva_advies_record(aanvraag=_aanvraag(item), by=user, **d),
        initial=_cva_initial,
        name="TlvCvaAdvies",
    ),
    "cva_aanvulling": TaskSpec(
        tlv_forms.ToelichtingForm,
        lambda item, user, d: tlv.informatie_aanvullen(aanvraag=_aanvraag(item), by=user, **d),
        name="TlvCvaAanvulling",
    ),
    "besluit": TaskSpec(
        tlv_forms.BesluitForm,
        lambda item, user, d: tlv.besluit_record(aanvraag=_aanvraag(item), by=user, **d),
        form_kwargs=_special_schools,
        initial=_besluit_initial,
        name="TlvBesluit",
    ),
    # Tasks after the besluit (no viewflow task of their own)
    "bekendmaken": TaskSpec(
        tlv_forms.BekendmakenForm,
        lambda item, user, d: bekendmaking.bekendmaking_record(aanvraag=_aanvraag(item), by=user),
        name="TlvBekendmaken",
    ),
    "externe_zienswijze": TaskSpec(
        tlv_forms.ZienswijzeForm,
        lambda item, user, d: tlv_variants.zienswijze_record(aanvraag=_aanvraag(item), by=user, **d),
        name="TlvExterneZienswijze",
    ),
    "bezwaar_ontvankelijkheid": TaskSpec(
        tlv_forms.OntvankelijkheidForm,
        lambda item, user, d: bezwaar_services.ontvankelijkheid_record(
            bezwaar=_open_bezwaar(item), by=user, **d
        ),
        name="BezwaarOntvankelijkheid",
    ),
    "bezwaar_hoorzitting": TaskSpec(
        tlv_forms.HoorzittingForm,
        lambda item, user, d: bezwaar_services.hoorzitting_record(bezwaar=_open_bezwaar(item), by=user, **d),
        name="BezwaarHoorzitting",
    ),
    "bezwaar_advies": TaskSpec(
        tlv_forms.AdviesForm,
        lambda item, user, d: bezwaar_services.advies_record(bezwaar=_open_bezwaar(item), by=user, **d),
        name="BezwaarAdvies",
    ),
    "bezwaar_beslissing": TaskSpec(
        tlv_forms.BeslissingForm,
        lambda item, user, d: bezwaar_services.beslissing_record(bezwaar=_open_bezwaar(item), by=user, **d),
        form_kwargs=_special_schools,
        name="BezwaarBeslissing",
    ),
    **{
        node: TaskSpec(
            tlv_forms.ReviewForm,
            lambda item, user, d: tlv_lifecycle.review_complete(item=item, by=user, **d),
            name="TlvEinddatumReview",
        )
        for node in ("tlv_verlenging_review", "tlv_vso_vo_review")
    },
}
