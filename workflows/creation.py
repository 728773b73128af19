"""Opening a case on a route: route -> (input form with the pupils/schools this user may pick, service).

The "new" pages of every route and the REST API (`POST /api/v1/cases/<route>/`) both go through here, so
who may pick which pupil and school is decided once (through cases.policies scopes).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cases import policies
from cases.errors import NotPermitted
from cases.models import Leerling, School
from cases.roles import Role
from cases.services import loket, overstap, schakel, screening, thuiszitter, tlv
from cases.services import zorgplicht as zorgplicht_services
from workflows import forms as shared_forms
from workflows.loket import forms as lforms
from workflows.overstap import forms as oforms
from workflows.schakel import forms as kforms
from workflows.screening import forms as sforms
from workflows.thuiszitter import forms as tforms
from workflows.tlv import forms as tlv_forms


@dataclass(frozen=True)
class CreationSpec:
    route: str
    form: type[forms.Form]
    form_kwargs: Callable[[Any], dict]  # (user) -> querysets the user may pick from
    perform: Callable[[Any, dict], Any]  # (user, cleaned data) -> the route record
    allowed: Callable[[Any], bool]  # may this user open a case on this route at all
    refusal: str = ""


# --- TLV: the stamschool applies; for praktijkonderwijs the receiving PrO school ------------


def _pro_school(user):
    return School.objects.filter(pk__in=policies.scope_of(user).schools, soort=School.Soort.PRO).first()


def _identify(user, route):
    """The identification callback of IdentifyPupilMixin, or None where this user only picks from a list."""
    if not policies.may_identify_leerling(user, route=route):
        return None
    return lambda nummer, geboortedatum: policies.identify_leerling(
        user, route=route, nummer=nummer, geboortedatum=geboortedatum
    )


class TlvAanvraagNieuwForm(shared_forms.IdentifyPupilMixin, tlv_forms.AanvraagForm):
    pass


class ZorgplichtAanmeldingForm(shared_forms.IdentifyPupilMixin, tforms.AanmeldingForm):
    pass


class ScreeningAanmeldingForm(shared_forms.IdentifyPupilMixin, sforms.AanmeldingForm):
    leerling = forms.ModelChoiceField(
        queryset=Leerling.objects.none(), required=False, label=_("Kind (leerling)")
    )


def _tlv_kwargs(user):
    return {"leerlingen": policies.pickable_leerlingen(user, route="tlv"), "identify": _identify(user, "tlv")}


def _tlv_create(user, data):
    data = dict(data)
    leerling = data.pop("leerling")
    school = _pro_school(user) or leerling.stamschool
    if school is None:
        raise NotPermitted("Deze leerling heeft geen stamschool; alleen de stamschool kan een TLV aanvragen.")
    return tlv.aanvraag_create(by=user, leerling=leerling, school=school, **data)


# --- thuiszitter: the pupil's school, the leerplicht of the woongemeente, or the SWV -------------------


def _melding_kwargs(user):
    leerlingen = policies.pickable_leerlingen(user, route="thuiszitter")
    return {
        "leerlingen": leerlingen,
        "scholen": School.objects.filter(swv_id__in=leerlingen.values("swv_id")),
    }


def _melding_create(user, data):
    data = dict(data)
    data["gemeld_op"] = data.get("gemeld_op") or None
    return thuiszitter.melding_create(by=user, **data)


def _may_report(user):
    scope = policies.scope_of(user)
    return bool(scope.schools or scope.gemeenten or scope.swvs_by_role.get(Role.CONSULENT))


# --- zorgplicht and screening: the school registers a pupil of its SWV --------------------------------


def _school_kwargs(route):
    def kwargs(user):
        return {
            "leerlingen": policies.pickable_leerlingen(user, route=route),
            "scholen": School.objects.filter(pk__in=policies.scope_of(user).schools),
            "identify": _identify(user, route),
        }

    return kwargs


def _is_school(user):
    return bool(policies.scope_of(user).schools)


# --- schakel: the consulent or the current school -----------------------------------------------------


def _schakel_kwargs(user):
    scope = policies.scope_of(user)
    consulent_swvs = scope.swvs_by_role.get(Role.CONSULENT, frozenset())
    leerlingen = policies.pickable_leerlingen(user, route="schakel")
    scholen = School.objects.filter(Q(swv_id__in=consulent_swvs) | Q(swv_id__in=leerlingen.values("swv_id")))
    return {"leerlingen": leerlingen, "scholen": scholen}


def _may_signal(user):
    scope = policies.scope_of(user)
    return bool(scope.schools or scope.swvs_by_role.get(Role.CONSULENT))


# --- loket: the school prepares a support request for one of its pupils ---------------------------------


def _loket_kwargs(user):
    from cases.models import AanvraagType

    scholen = policies.loket_request_schools(user)
    return {
        "leerlingen": policies.pickable_leerlingen(user, route="loket"),
        "scholen": scholen,
        "typen": AanvraagType.objects.filter(swv_id__in=scholen.values("swv_id"), actief=True).order_by(
            "naam"
        ),
    }


# --- overstap: the PO school (or the PO SWV's consulent) opens a handover for a pupil in groep 7 or 8 ---


def _overstap_kwargs(user):
    from cases.models import Swv

    scope = policies.scope_of(user)
    consulent_swvs = scope.swvs_by_role.get(Role.CONSULENT, frozenset())
    leerlingen = policies.pickable_leerlingen(user, route="overstap")
    scholen = School.objects.filter(
        Q(pk__in=scope.schools) | Q(swv_id__in=consulent_swvs), swv__sector=Swv.Sector.PO
    )
    return {"leerlingen": leerlingen, "scholen": scholen}


def _may_open_overstap(user):
    return bool(_overstap_kwargs(user)["scholen"].exists())


CREATION: dict[str, CreationSpec] = {
    "tlv": CreationSpec(
        "tlv",
        TlvAanvraagNieuwForm,
        _tlv_kwargs,
        _tlv_create,
        _is_school,
        "Alleen een school kan een TLV aanvragen.",
    ),
    "thuiszitter": CreationSpec(
        "thuiszitter",
        tforms.MeldingForm,
        _melding_kwargs,
        _melding_create,
        _may_report,
        "Alleen een school, de leerplichtambtenaar of de consulent kan een thuiszitter melden.",
    ),
    "zorgplicht": CreationSpec(
        "zorgplicht",
        ZorgplichtAanmeldingForm,
        _school_kwargs("zorgplicht"),
        lambda user, d: zorgplicht_services.aanmelding_create(by=user, **d),
        _is_school,
        "Alleen een school legt een schriftelijke aanmelding vast.",
    ),
    "screening": CreationSpec(
        "screening",
        ScreeningAanmeldingForm,
        _school_kwargs("screening"),
        lambda user, d: screening.aanmelding_create(by=user, **d),
        _is_school,
        "Alleen een school kan een kind aanmelden voor screening.",
    ),
    "schakel": CreationSpec(
        "schakel",
        kforms.SignaalForm,
        _schakel_kwargs,
        lambda user, d: schakel.signaal_create(by=user, **d),
        _may_signal,
        "Alleen de consulent of de huidige school kan een schakelsignaal vastleggen.",
    ),
    "loket": CreationSpec(
        "loket",
        lforms.AanvraagForm,
        _loket_kwargs,
        lambda user, d: loket.aanvraag_create(by=user, **d),
        _is_school,
        "Alleen een school kan een ondersteuningsaanvraag doen.",
    ),
    "overstap": CreationSpec(
        "overstap",
        oforms.OverstapForm,
        _overstap_kwargs,
        lambda user, d: overstap.overstap_create(by=user, **d),
        _may_open_overstap,
        "Alleen een PO-school of de consulent van het PO-samenwerkingsverband opent een overstap.",
    ),
}


def make_form(route: str, user, data=None) -> forms.Form:
    spec = CREATION[route]
    return spec.form(data, **spec.form_kwargs(user))


def create(*, route: str, by, data: dict):
    """Open a case on `route` with validated input (a form's cleaned_data): the one service call."""
    spec = CREATION[route]
    if not spec.allowed(by):
        raise NotPermitted(spec.refusal)
    return spec.perform(by, data)


# --- the "new" pages: the form with search pickers for pupil and school ---------------------------------
# The page of each route (URL name); "Nieuwe leerling" returns there with the new pupil selected.
PAGES = {
    "tlv": "aanvraag_new",
    "thuiszitter": "thuiszitter_new",
    "zorgplicht": "aanmelding_new",
    "screening": "screening_new",
    "schakel": "schakel_new",
    "loket": "loket_new",
    "overstap": "overstap_new",
}
PICKER_SEARCH = "picker_zoek"  # the name of a picker's "Zoeken" button (search without JavaScript)


def make_page_form(route: str, request) -> forms.Form:
    """The creation form of a page: bound to a POST, pre-filled from the query string (e.g. ?leerling=12
    after "Nieuwe leerling"), with search pickers. A POST by a picker's "Zoeken" button only searches: the
    form comes back unbound, filled in with what was typed, and with the matches to choose from."""
    from workflows import pickers

    data = request.POST if request.method == "POST" else None
    if data is not None and PICKER_SEARCH in data:
        form = make_form(route, request.user)
        form.initial.update({k: v for k, v in data.items() if k in form.fields})
        query = data
    else:
        form = make_form(route, request.user, data)
        if data is None:
            form.initial.update({k: v for k, v in request.GET.items() if k in form.fields})
        query = data if data is not None else request.GET
    return pickers.enhance(form, route=route, user=request.user, query=query)
