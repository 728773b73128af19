"""Profile services: the only code that changes an SWV's rules (TLV kinds, deskundige rules, decision body,
durations, required documents, terms, indicator targets). Every change is validated by cases/profiles.py,
written with history and frozen as a new `ProfielVersie`; new cases record that version, running cases
keep theirs. A profile file that has an error applies nothing.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cases import clock, loket_criteria, policies, profiles
from cases.errors import NotPermitted
from cases.models import Swv, TermPolicy
from cases.models.profiles import AdviesRegel, IndicatorDoel, ProfielVersie, TlvSoortRegel
from cases.services.common import save_with_history
from cases.system import system_user


def _check_right(by, swv) -> None:
    if not policies.can(by, "profiel.manage", swv):
        raise NotPermitted(
            _("Alleen de beheerder van samenwerkingsverband %(swv)s wijzigt zijn profiel.")
            % {"swv": swv.code},
            code="profiel-geen-recht",
        )


def version_for_new_case(swv):
    """The version a new case records: the latest, or version 1 frozen now from the rows and defaults."""
    latest = profiles.latest_version(swv)
    if latest is not None:
        return latest
    return _freeze(swv, by=system_user(), reason=gettext_noop("eerste versie bij de eerste nieuwe casus"))


def _freeze(swv, *, by, reason: str) -> ProfielVersie:
    latest = profiles.latest_version(swv)
    return ProfielVersie.objects.create(
        swv=swv,
        versie=(latest.versie if latest else 0) + 1,
        data=profiles.data_of(swv),
        at=clock.now(),
        by=by,
        reden=reason[:300],
    )


def profile_import(*, swv: Swv, text: str, by, reason: str = "") -> ProfielVersie | None:
    """Validate the file and apply it whole; None when it equals the profile in force (nothing changes)."""
    _check_right(by, swv)
    data = profiles.parse(text, swv)
    return profile_apply(swv=swv, data=data, by=by, reason=reason or _("profiel ingelezen"))


def profile_apply(*, swv: Swv, data: dict, by, reason: str) -> ProfielVersie | None:
    """Write validated profile data (from `profiles.parse`) to the rows and freeze a new version."""
    _check_right(by, swv)
    with transaction.atomic():
        swv = Swv.objects.select_for_update().get(pk=swv.pk)
        if profiles.data_of(swv) == data and profiles.latest_version(swv) is not None:
            return None
        b, d = data["besluitvorming"], data["tlv_duur"]
        swv.decision_mode = b["beslismodel"]
        swv.tlv_complex_toegestaan = b["complexe_casus_externe_deskundige"]
        swv.bezwaar_commissie = b["bezwaarcommissie"]
        swv.bezwaar_advies_verplicht = b["bezwaar_advies_verplicht"]
        swv.tlv_min_months_vo = d["min_maanden_vo"]
        swv.tlv_max_months_young = d["max_maanden_jong"]
        swv.tlv_max_months = d["max_maanden"]
        swv.required_documents = list(data["verplichte_documenten"])
        swv.reviewers = b["beoordelaars"]
        swv.mandate_role = b["mandaat"]["rol"]
        swv.mandate_people = list(b["mandaat"]["personen"])
        swv.advice_mode = data["adviezen_als"]
        swv.routes_off = [r for r, on in data["routes"].items() if not on]
        swv.case_tables_off = [k for k, on in data["casustafels"].items() if not on]
        save_with_history(swv, by=by, reason=reason)
        _sync(
            TlvSoortRegel.objects.filter(swv=swv),
            key=lambda r: r.soort,
            wanted={s["soort"]: s for s in data["tlv_soorten"]},
            make=lambda s: TlvSoortRegel(swv=swv, soort=s["soort"]),
            fill=_fill_soort,
            by=by,
            reason=reason,
        )
        _sync(
            AdviesRegel.objects.filter(swv=swv),
            key=lambda r: r.volgorde,
            wanted={a["advies"]: a for a in data["deskundigenadvies"]},
            make=lambda a: AdviesRegel(swv=swv, volgorde=a["advies"]),
            fill=_fill_advies,
            by=by,
            reason=reason,
        )
        _sync(
            TermPolicy.objects.filter(swv=swv),
            key=lambda r: r.kind,
            wanted={t["soort"]: t for t in data["termijnen"]},
            make=lambda t: TermPolicy(swv=swv, kind=t["soort"]),
            fill=_fill_term,
            by=by,
            reason=reason,
        )
        _sync(
            IndicatorDoel.objects.filter(swv=swv),
            key=lambda r: (r.schooljaar, r.indicator),
            wanted={(x["schooljaar"], x["indicator"]): x for x in data["indicatordoelen"]},
            make=lambda x: IndicatorDoel(swv=swv, schooljaar=x["schooljaar"], indicator=x["indicator"]),
            fill=_fill_doel,
            by=by,
            reason=reason,
        )
        loket_criteria.apply(swv, data["loket"], by=by, reason=reason)
        return _freeze(swv, by=by, reason=reason)


def _sync(rows, *, key, wanted, make, fill, by, reason):
    existing = {key(r): r for r in rows}
    for k, row in existing.items():
        if k not in wanted:
            row._change_reason = reason
            row._history_user = by
            row.delete()
    for k, values in wanted.items():
        row = existing.get(k) or make(values)
        fill(row, values)
        save_with_history(row, by=by, reason=reason)


def _fill_soort(r, s):
    r.clusters = list(s["clusters"])
    r.categorieen = list(s["categorieen"])
    r.categorie_motivering = list(s["categorie_motivering"])
    r.min_maanden = s["min_maanden"]
    r.max_maanden = s["max_maanden"]
    r.einddatum_regel = s["einddatum"]


def _fill_advies(r, a):
    r.disciplines = list(a["disciplines"])
    r.eigen_school_toegestaan = a["eigen_school_toegestaan"]


def _fill_term(r, t):
    fresh = profiles.term_policy_from(t, r.swv)
    for name in (
        "length",
        "unit",
        "atw",
        "warn_fraction",
        "max_extensions",
        "extension_length",
        "extension_unit",
        "escalate_roles",
        "calendar",
        "starts_from",
    ):
        setattr(r, name, getattr(fresh, name))


def _fill_doel(r, x):
    import datetime as dt
    from decimal import Decimal

    r.richting = x["richting"]
    r.waarde = Decimal(str(x["waarde"]))
    r.peildatum = dt.date.fromisoformat(x["peildatum"]) if x["peildatum"] else None


def profile_change(*, swv: Swv, by, section: str, items, reason: str) -> ProfielVersie | None:
    """Replace one section of the profile (a beheer page or an API call), validated like a whole file:
    the changed profile is dumped and parsed again, so a page accepts exactly what an import accepts."""
    _check_right(by, swv)
    data = profiles.data_of(swv)
    data[section] = items
    text = profiles.dump_data(data, versie=0)
    parsed = profiles.parse(text, swv)
    return profile_apply(swv=swv, data=parsed, by=by, reason=reason)


def profile_row_changed(*, swv: Swv, by, reason: str) -> ProfielVersie:
    """A rule row of the profile changed outside the profile file (a term policy or a carrousel target in the
    admin, saved with its own history): freeze the profile as a new version with who and why, like every
    other profile change, so new cases take it and running cases keep the version they started under."""
    _check_right(by, swv)
    with transaction.atomic():
        swv = Swv.objects.select_for_update().get(pk=swv.pk)
        return _freeze(swv, by=by, reason=reason)
