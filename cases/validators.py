"""Validators for Dutch person numbers: BSN (burgerservicenummer) and onderwijsnummer.

Both are 9 digits checked with the same weighted sum ``d1*9 + d2*8 + ... + d8*2 + d9*(-1)``:

* BSN: the sum is divisible by 11 and not 0 (the *elfproef*); 8-digit input is left-padded with a zero.
* Onderwijsnummer: starts with ``10`` and the sum leaves remainder 5 when divided by 11.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

__all__ = ["is_valid_bsn", "is_valid_onderwijsnummer", "validate_bsn", "validate_onderwijsnummer"]

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
