"""Validators for Dutch person numbers (BSN, onderwijsnummer) and for plausible dates.

Both are 9 digits checked with the same weighted sum ``d1*9 + d2*8 + ... + d8*2 + d9*(-1)``:

* BSN: the sum is divisible by 11 and not 0 (the *elfproef*); 8-digit input is left-padded with a zero.
* Onderwijsnummer: starts with ``10`` and the sum leaves remainder 5 when divided by 11.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases import clock
from cases.errors import ValidationFailed

__all__ = [
    "BIRTH_NOT_BEFORE",
    "EARLIEST_DATE",
    "PlausibleDate",
    "is_valid_bsn",
    "is_valid_onderwijsnummer",
    "plausible_date",
    "validate_bsn",
    "validate_onderwijsnummer",
    "years_ahead",
]

_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)


def _weighted_sum(digits: str) -> int:
    return sum(int(digit) * weight for digit, weight in zip(digits, _WEIGHTS, strict=True))


def _is_nine_digits(value: str) -> bool:
    return len(value) == 9 and value.isascii() and value.isdigit()


def _normalize_bsn(value: object) -> str:
    text = str(value).strip()
    if len(text) == 8 and text.isascii() and text.isdigit():
        text = "0" + text
    return text


def is_valid_bsn(value: str) -> bool:
    """9 digits (8 digits are left-padded with a zero), not all zeros, and passing the elfproef."""
    text = _normalize_bsn(value)
    if not _is_nine_digits(text):
        return False
    total = _weighted_sum(text)
    return total != 0 and total % 11 == 0


def validate_bsn(value: str) -> None:
    """Django validator for a BSN."""
    text = _normalize_bsn(value)
    if not _is_nine_digits(text):
        raise ValidationError(_("Ongeldig BSN: een BSN bestaat uit 9 cijfers."), code="bsn-formaat")
    if not is_valid_bsn(text):
        raise ValidationError(_("Ongeldig BSN: de elfproef klopt niet."), code="bsn-elfproef")


def is_valid_onderwijsnummer(value: str) -> bool:
    """9 digits starting with ``10`` whose weighted sum leaves remainder 5 when divided by 11."""
    text = str(value).strip()
    return _is_nine_digits(text) and text.startswith("10") and _weighted_sum(text) % 11 == 5


def validate_onderwijsnummer(value: str) -> None:
    """Django validator for an onderwijsnummer."""
    text = str(value).strip()
    if not (_is_nine_digits(text) and text.startswith("10")):
        raise ValidationError(
            _("Ongeldig onderwijsnummer: een onderwijsnummer bestaat uit 9 cijfers en begint met 10."),
            code="onderwijsnummer-formaat",
        )
    if not is_valid_onderwijsnummer(text):
        raise ValidationError(
            _("Ongeldig onderwijsnummer: de controle (rest 5 bij deling door 11) klopt niet."),
            code="onderwijsnummer-elfproef",
        )


# --- plausible dates ---------------------------------------------------------------------------------
# Every date a user enters lies in a range that fits what it is: nothing before 2000-01-01 (older than any
# file this system holds, and far before the Wet passend onderwijs of 2014), nothing about a pupil before
# the pupil's birth, and nothing further ahead than that kind of date can be (a hersteltermijn weeks, a TLV
# some years). Besides refusing nonsense this keeps every term computation far from date.max and date.min.
# The services check (the authority, also for the API); the forms use the same rule for a field error.

EARLIEST_DATE = dt.date(2000, 1, 1)
BIRTH_NOT_BEFORE = dt.date(1990, 1, 1)  # a date of birth: pupils up to their twenties, with room


def years_ahead(years: int) -> dt.date:
    """Today (cases.clock) plus whole years; 29 February becomes 28 February."""
    today = clock.today()
    try:
        return today.replace(year=today.year + years)
    except ValueError:
        return today.replace(year=today.year + years, day=28)


def _nl(day: dt.date) -> str:
    return day.strftime("%d-%m-%Y")


def plausible_date(
    value: dt.date | None,
    *,
    field: str,
    label: str = "",
    not_before: dt.date | None = EARLIEST_DATE,
    not_after: dt.date | None = None,
    born: dt.date | None = None,
) -> dt.date | None:
    """`value` when it lies in [max(not_before, born), not_after]; otherwise ValidationFailed for `field`
    with a stable code: datum-te-vroeg, datum-voor-geboorte or datum-te-laat. None passes (optional)."""
    if value is None:
        return None

    def refuse(message: str, code: str):
        text = f"{label}: {message}" if label else message[:1].upper() + message[1:]
        raise ValidationFailed(text, code=code, field=field)

    if born is not None and value < born:
        refuse(
            gettext("de datum %(date)s ligt vóór de geboortedatum van de leerling (%(born)s).")
            % {"date": _nl(value), "born": _nl(born)},
            "datum-voor-geboorte",
        )
    if not_before is not None and value < not_before:
        refuse(
            gettext("de datum %(date)s ligt te ver in het verleden; kies een datum vanaf %(bound)s.")
            % {"date": _nl(value), "bound": _nl(not_before)},
            "datum-te-vroeg",
        )
    if not_after is not None and value > not_after:
        refuse(
            gettext("de datum %(date)s ligt te ver in de toekomst; kies een datum tot en met %(bound)s.")
            % {"date": _nl(value), "bound": _nl(not_after)},
            "datum-te-laat",
        )
    return value


class PlausibleDate:
    """Django validator for a form's DateField: from `not_before` up to `years` years after today (the
    same rule and message as `plausible_date`; the bound moves with cases.clock)."""

    def __init__(self, *, years: int = 1, not_before: dt.date = EARLIEST_DATE):
        self.years = years
        self.not_before = not_before

    def __call__(self, value: dt.date) -> None:
        try:
            plausible_date(value, field="", not_before=self.not_before, not_after=years_ahead(self.years))
        except ValidationFailed as exc:
            raise ValidationError(str(exc.message), code=exc.code) from None

    def __eq__(self, other):  # validators are compared when migrations and forms are deconstructed
        return isinstance(other, PlausibleDate) and (self.years, self.not_before) == (
            other.years,
            other.not_before,
        )
