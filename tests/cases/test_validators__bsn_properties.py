"""Properties of the BSN elfproef: generated valid numbers pass; any single-digit change and any
swap of two adjacent different digits fails; BSN and onderwijsnummer never overlap."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from hypothesis import assume, given
from hypothesis import strategies as st

from cases.validators import is_valid_bsn, is_valid_onderwijsnummer, validate_bsn

WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)


@st.composite
def valid_bsns(draw, leading_zero=False):
    """Eight digits and the check digit the elfproef asks for (drawn again when it would be 10, or when the
    weighted sum would be 0, which the elfproef refuses)."""
    head = draw(st.lists(st.integers(0, 9), min_size=8, max_size=8))
    if leading_zero:
        head[0] = 0
    weighted = sum(d * w for d, w in zip(head, WEIGHTS, strict=False))
    check = weighted % 11
    assume(check <= 9 and weighted != check)
    return "".join(map(str, head)) + str(check)


@given(bsn=valid_bsns())
def test_generated_valid_bsns_are_accepted(bsn):
    assert is_valid_bsn(bsn)
    validate_bsn(bsn)
    assert is_valid_bsn(f"  {bsn} ")


@given(bsn=valid_bsns(), position=st.integers(0, 8), digit=st.integers(0, 9))
def test_any_single_digit_change_is_rejected(bsn, position, digit):
    assume(int(bsn[position]) != digit)
    changed = bsn[:position] + str(digit) + bsn[position + 1 :]
    assert not is_valid_bsn(changed)
    with pytest.raises(ValidationError):
        validate_bsn(changed)


@given(bsn=valid_bsns(), position=st.integers(0, 7))
def test_swapping_two_adjacent_different_digits_is_rejected(bsn, position):
    assume(bsn[position] != bsn[position + 1])
    swapped = bsn[:position] + bsn[position + 1] + bsn[position] + bsn[position + 2 :]
    assert not is_valid_bsn(swapped)


@given(bsn=valid_bsns(leading_zero=True))
def test_an_eight_digit_bsn_is_the_nine_digit_one_with_a_leading_zero(bsn):
    assert is_valid_bsn(bsn[1:])


@given(text=st.text(max_size=12))
def test_the_validator_agrees_with_the_check_and_never_crashes(text):
    if is_valid_bsn(text):
        validate_bsn(text)
    else:
        with pytest.raises(ValidationError):
            validate_bsn(text)


@given(number=st.from_regex(r"\A[0-9]{9}\Z"))
def test_no_number_is_both_a_bsn_and_an_onderwijsnummer(number):
    assert not (is_valid_bsn(number) and is_valid_onderwijsnummer(number))
