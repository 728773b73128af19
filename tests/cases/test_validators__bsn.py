"""BSN and onderwijsnummer validation; every expected value is worked out in the comment."""

import pytest
from django.core.exceptions import ValidationError

from cases.validators import is_valid_bsn, is_valid_onderwijsnummer, validate_bsn, validate_onderwijsnummer

# weights 9, 8, 7, 6, 5, 4, 3, 2, -1


@pytest.mark.parametrize(
    "value",
    [
        "111222333",  # 9+8+7+12+10+8+9+6-3 = 66 = 6 * 11
        "123456782",  # 9+16+21+24+25+24+21+16-2 = 154 = 14 * 11
        "12345672",  # padded to 012345672: 0+8+14+18+20+20+18+14-2 = 110 = 10 * 11
        " 123456782 ",  # surrounding whitespace is ignored
    ],
)
def test_valid_bsn(value):
    assert is_valid_bsn(value)
    validate_bsn(value)  # does not raise


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("123456789", "bsn-elfproef"),  # 156 - 9 = 147 = 13 * 11 + 4
        ("123456783", "bsn-elfproef"),  # 156 - 3 = 153 = 13 * 11 + 10
        ("000000000", "bsn-elfproef"),  # sum 0 is refused
        ("00000000", "bsn-elfproef"),  # padded to 000000000
        ("1234567", "bsn-formaat"),  # too short
        ("1234567820", "bsn-formaat"),  # too long
        ("12345678a", "bsn-formaat"),  # letter
        ("12345-782", "bsn-formaat"),
        ("", "bsn-formaat"),
        ("１２３４５６７８２", "bsn-formaat"),  # full-width digits are not ASCII digits
    ],
)
def test_invalid_bsn(value, code):
    assert not is_valid_bsn(value)
    with pytest.raises(ValidationError) as excinfo:
        validate_bsn(value)
    assert excinfo.value.code == code


@pytest.mark.parametrize(
    "value",
    [
        "100000004",  # 9 + 0 - 4 = 5 -> remainder 5
        "100000016",  # 9 + 1*2 - 6 = 5
        "101234564",  # 9+0+7+12+15+16+15+12-4 = 82 = 7 * 11 + 5
    ],
)
def test_valid_onderwijsnummer(value):
    assert is_valid_onderwijsnummer(value)
    validate_onderwijsnummer(value)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("100000005", "onderwijsnummer-elfproef"),  # 9 - 5 = 4
        ("101234567", "onderwijsnummer-elfproef"),  # 86 - 7 = 79 = 7 * 11 + 2
        ("200000002", "onderwijsnummer-formaat"),  # remainder 5 (18 - 2 = 16) but does not start with 10
        ("123456782", "onderwijsnummer-formaat"),  # a valid BSN is no onderwijsnummer
        ("10000004", "onderwijsnummer-formaat"),  # 8 digits: no padding for onderwijsnummers
        ("10000000x", "onderwijsnummer-formaat"),
    ],
)
def test_invalid_onderwijsnummer(value, code):
    assert not is_valid_onderwijsnummer(value)
    with pytest.raises(ValidationError) as excinfo:
        validate_onderwijsnummer(value)
    assert excinfo.value.code == code
