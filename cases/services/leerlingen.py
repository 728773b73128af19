"""Registering a new pupil: by its school (as stamschool) or by the consulent of the school's SWV.

The page "Nieuwe leerling" (reachable from every case form that picks a pupil) and the API
(`POST /api/v1/pupils/`) both call `leerling_create`; who may register for which school is decided in
cases.policies.leerling_create_schools.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from cases import clock, policies
from cases.errors import NotPermitted, ValidationFailed
from cases.models import Gemeente, Leerling, Ouder, School
from cases.services.common import save_with_history
from cases.validators import BIRTH_NOT_BEFORE, is_valid_bsn, is_valid_onderwijsnummer, plausible_date


def normalise_number(value: str) -> str:
    """A BSN or onderwijsnummer as typed (spaces, dots) to its 9 digits; 8-digit BSNs get a leading zero."""
    text = (value or "").replace(" ", "").replace(".", "").strip()
    if len(text) == 8 and text.isascii() and text.isdigit():
        text = "0" + text
    return text


def _check_numbers(bsn: str, onderwijsnummer: str) -> None:
    if not bsn and not onderwijsnummer:
        raise ValidationFailed(
            _("Vul het BSN of het onderwijsnummer van de leerling in."), code="leerling-id", field="bsn"
        )
    if bsn and not is_valid_bsn(bsn):
        raise ValidationFailed(
            _("Ongeldig BSN: controleer het nummer (9 cijfers, de elfproef klopt niet)."),
            code="bsn-elfproef",
            field="bsn",
        )
    if onderwijsnummer and not is_valid_onderwijsnummer(onderwijsnummer):
        raise ValidationFailed(
            _("Ongeldig onderwijsnummer: 9 cijfers, beginnend met 10, en de controle moet kloppen."),
            code="onderwijsnummer-elfproef",
            field="onderwijsnummer",
        )


def _already_registered(field: str) -> ValidationFailed:
    """The message for a number already registered in the SWV. It names no pupil: the user learns only
    that the number is already registered in their own SWV."""
    if field == "onderwijsnummer":
        message = _(
            "Er staat al een leerling met dit onderwijsnummer in uw samenwerkingsverband. Zoek de "
            "leerling op in de keuzelijst, of neem contact op met de consulent."
        )
    else:
        message = _(
            "Er staat al een leerling met dit BSN in uw samenwerkingsverband. Zoek de leerling op in "
            "de keuzelijst, of neem contact op met de consulent als u de leerling niet kunt vinden."
        )
    return ValidationFailed(message, code="leerling-bestaat", field=field)


def _check_unique(swv_id: int, bsn: str, onderwijsnummer: str) -> None:
    """One pupil per BSN (and per onderwijsnummer) within an SWV: the check that answers at once. Two
    registrations at the same moment both pass it; the database's unique constraints stop the second."""
    existing = Leerling.objects.filter(swv_id=swv_id)
    if bsn and existing.filter(bsn=bsn).exists():
        raise _already_registered("bsn")
    if onderwijsnummer and existing.filter(onderwijsnummer=onderwijsnummer).exists():
        raise _already_registered("onderwijsnummer")


# the unique constraints of Leerling, as PostgreSQL names them and as SQLite names their columns
_DUPLICATE_FIELDS = {
    "onderwijsnummer": ("leerling_swv_onderwijsnummer_uniq", "cases_leerling.onderwijsnummer"),
    "bsn": ("leerling_swv_bsn_uniq", "cases_leerling.bsn"),
}


def _duplicate_field(exc: IntegrityError) -> str | None:
    """Which number an IntegrityError says is already registered, or None for another integrity error."""
    text = str(exc)
    for field, markers in _DUPLICATE_FIELDS.items():
        if any(marker in text for marker in markers):
            return field
    return None


def leerling_create(*, by, data: dict) -> Leerling:
    """Register a pupil with `data["stamschool"]` as stamschool, and optionally one ouder/verzorger.

    data: voornaam, achternaam, geboortedatum, bsn and/or onderwijsnummer, woongemeente (Gemeente),
    stamschool (School), and ouder_naam, ouder_email, ouder_telefoon (optional).
    """
    school = data.get("stamschool")
    if (
        not isinstance(school, School)
        or not policies.leerling_create_schools(by).filter(pk=school.pk).exists()
    ):
        raise NotPermitted(
            _(
                "U kunt alleen een leerling van uw eigen school toevoegen (de consulent: van een school "
                "van het eigen samenwerkingsverband)."
            ),
            code="leerling-school-niet-toegestaan",
        )
    voornaam = (data.get("voornaam") or "").strip()
    achternaam = (data.get("achternaam") or "").strip()
    if not voornaam or not achternaam:
        raise ValidationFailed(
            _("Vul de voornaam en de achternaam van de leerling in."),
            code="leerling-naam",
            field="achternaam" if voornaam else "voornaam",
        )
    geboortedatum = data.get("geboortedatum")
    if geboortedatum is None:
        raise ValidationFailed(
            _("Vul de geboortedatum van de leerling in."), code="geboortedatum", field="geboortedatum"
        )
    plausible_date(
        geboortedatum,
        field="geboortedatum",
        label=_("Geboortedatum"),
        not_before=BIRTH_NOT_BEFORE,
        not_after=clock.today(),
    )
    woongemeente = data.get("woongemeente")
    if not isinstance(woongemeente, Gemeente):
        raise ValidationFailed(
            _("Kies de woongemeente van de leerling."), code="woongemeente", field="woongemeente"
        )
    bsn = normalise_number(data.get("bsn", ""))
    onderwijsnummer = normalise_number(data.get("onderwijsnummer", ""))
    _check_numbers(bsn, onderwijsnummer)
    ouder_naam = (data.get("ouder_naam") or "").strip()
    if not ouder_naam and (data.get("ouder_email") or data.get("ouder_telefoon")):
        raise ValidationFailed(
            _("Vul ook de naam van de ouder of verzorger in."), code="ouder-naam", field="ouder_naam"
        )

    reason = _("Nieuwe leerling toegevoegd door %(who)s voor %(school)s") % {
        "who": by.get_full_name() or by.get_username(),
        "school": school.name,
    }
    with transaction.atomic():
        _check_unique(school.swv_id, bsn, onderwijsnummer)
        leerling = Leerling(
            swv_id=school.swv_id,
            voornaam=voornaam,
            achternaam=achternaam,
            geboortedatum=geboortedatum,
            bsn=bsn,
            onderwijsnummer=onderwijsnummer,
            woongemeente=woongemeente,
            stamschool=school,
        )
        # a savepoint: someone else registering the same pupil at this moment makes the insert fail on a
        # unique constraint (PostgreSQL first waits for their transaction); the savepoint keeps the
        # transaction usable, and the caller gets the message of a pupil that was already there
        try:
            with transaction.atomic():
                save_with_history(leerling, by=by, reason=reason)
        except IntegrityError as exc:
            field = _duplicate_field(exc)
            if field is None:
                raise
            raise _already_registered(field) from exc
        if ouder_naam:
            ouder = Ouder(
                leerling=leerling,
                naam=ouder_naam,
                email=(data.get("ouder_email") or "").strip(),
                telefoon=(data.get("ouder_telefoon") or "").strip(),
            )
            save_with_history(ouder, by=by, reason=reason)
    return leerling
