"""Ouders/verzorgers of a pupil: add, change, remove (the school of the pupil and the SWV's consulent).

Who may is cases.policies.may_manage_ouders; every change is saved with history. Contact details are shown
in full only where cases.policies.may_see_ouder_contact allows (`contact_for` is the one rule for pages and
the API).
"""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from cases import policies
from cases.errors import NotPermitted, ValidationFailed
from cases.models import Leerling, Ouder
from cases.services.common import save_with_history

log = logging.getLogger("cases.services.ouders")

FIELDS = ("naam", "relatie", "gezag", "adres", "email", "telefoon", "voorkeurstaal", "ontvangt_brieven")
CONTACT_FIELDS = ("adres", "email", "telefoon")
PHONE_CHARS = set("0123456789+-() ")


def mask(value: str, field: str) -> str:
    """A contact detail masked: the e-mail's domain and the phone's last two digits stay, an address goes."""
    value = value or ""
    if not value:
        return ""
    if field == "email" and "@" in value:
        local, domain = value.split("@", 1)
        return f"{local[:1]}•••@{domain}"
    if field == "telefoon":
        digits = [c for c in value if c.isdigit()]
        return "••••••" + "".join(digits[-2:])
    return "••••••"


def contact_for(user, ouder: Ouder, field: str) -> str:
    if field not in CONTACT_FIELDS:
        raise ValueError(field)
    value = getattr(ouder, field, "") or ""
    return value if policies.may_see_ouder_contact(user, ouder.leerling) else mask(value, field)


def _refuse(exc, *, by, leerling, action: str):
    log.info("refused %s for pupil %s by %s: %s", action, getattr(leerling, "pk", None), by, exc.code)
    raise exc


def _check_may(by, leerling, action: str) -> None:
    if not policies.may_manage_ouders(by, leerling):
        _refuse(
            NotPermitted(
                _(
                    "Alleen de school van de leerling en de consulent van het samenwerkingsverband "
                    "beheren ouders."
                ),
                code="ouders-niet-toegestaan",
            ),
            by=by,
            leerling=leerling,
            action=action,
        )


def _clean(data: dict) -> dict:
    out = {}
    naam = (data.get("naam") or "").strip()
    if not naam:
        raise ValidationFailed(
            _("Vul de naam van de ouder of verzorger in."), code="ouder-naam", field="naam"
        )
    out["naam"] = naam[:200]
    relatie = data.get("relatie") or Ouder.Relatie.OUDER
    if relatie not in Ouder.Relatie.values:
        raise ValidationFailed(_("Kies een relatie uit de lijst."), code="ouder-relatie", field="relatie")
    out["relatie"] = relatie
    taal = data.get("voorkeurstaal") or Ouder.Taal.NL
    if taal not in Ouder.Taal.values:
        raise ValidationFailed(_("Kies een taal uit de lijst."), code="ouder-taal", field="voorkeurstaal")
    out["voorkeurstaal"] = taal
    for name in ("gezag", "ontvangt_brieven"):
        value = data.get(name, False)
        if not isinstance(value, bool):
            raise ValidationFailed(_("Kies ja of nee."), code="ouder-ja-nee", field=name)
        out[name] = value
    email = (data.get("email") or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise ValidationFailed(
                _("Vul een geldig e-mailadres in."), code="ouder-email", field="email"
            ) from None
    out["email"] = email
    telefoon = (data.get("telefoon") or "").strip()
    if telefoon and (not set(telefoon) <= PHONE_CHARS or sum(c.isdigit() for c in telefoon) < 6):
        raise ValidationFailed(
            _("Vul een telefoonnummer in met alleen cijfers, spaties, +, - en haakjes."),
            code="ouder-telefoon",
            field="telefoon",
        )
    out["telefoon"] = telefoon[:30]
    adres = " ".join((data.get("adres") or "").split())
    out["adres"] = adres[:300]
    if out["ontvangt_brieven"] and not (adres or email):
        raise ValidationFailed(
            _("Wie brieven ontvangt, heeft een adres of een e-mailadres nodig."),
            code="ouder-geen-adres",
            field="adres",
        )
    return out


def ouder_add(*, leerling: Leerling, by, data: dict) -> Ouder:
    """Add an ouder/verzorger to the pupil."""
    _check_may(by, leerling, "ouder toevoegen")
    try:
        values = _clean(data)
    except ValidationFailed as exc:
        _refuse(exc, by=by, leerling=leerling, action="ouder toevoegen")
    with transaction.atomic():
        ouder = Ouder(leerling=leerling, **values)
        save_with_history(ouder, by=by, reason=_("Ouder/verzorger toegevoegd"))
    return ouder


def ouder_change(*, ouder: Ouder, by, data: dict) -> Ouder:
    """Change an ouder's details; fields missing from `data` keep their value."""
    _check_may(by, ouder.leerling, "ouder wijzigen")
    merged = {name: data.get(name, getattr(ouder, name)) for name in FIELDS}
    try:
        values = _clean(merged)
    except ValidationFailed as exc:
        _refuse(exc, by=by, leerling=ouder.leerling, action="ouder wijzigen")
    with transaction.atomic():
        locked = Ouder.objects.select_for_update().get(pk=ouder.pk)
        for name, value in values.items():
            setattr(locked, name, value)
        save_with_history(locked, by=by, reason=_("Gegevens ouder/verzorger gewijzigd"))
    return locked


def ouder_remove(*, ouder: Ouder, by) -> None:
    """Remove an ouder from the pupil (the history keeps the row; consents they gave keep their name)."""
    _check_may(by, ouder.leerling, "ouder verwijderen")
    with transaction.atomic():
        locked = Ouder.objects.select_for_update().filter(pk=ouder.pk).first()
        if locked is None:
            return
        locked._change_reason = _("Ouder/verzorger verwijderd")
        locked._history_user = by
        locked.delete()


def ouders_for_letters(leerling: Leerling):
    """The ouders a letter goes to: with gezag and receiving letters, oldest first."""
    return leerling.ouders.filter(gezag=True, ontvangt_brieven=True).order_by("pk")


def ouder_language(ouder: Ouder | None) -> str:
    """The language the application speaks to this ouder: their preferred language where the application has
    it (Dutch, English), else Dutch."""
    from django.conf import settings

    supported = {code for code, _label in settings.LANGUAGES}
    taal = getattr(ouder, "voorkeurstaal", "") or ""
    return taal if taal in supported else settings.LANGUAGE_CODE
