"""Rule: pupils aged 4 to 8 (8 included) at the ingangsdatum get a TLV of at most 2 years (seed 002: "in de
leeftijd van 4-8 jaar"), through besluit_record. Ingangsdatum Monday 4 January 2027; 24 months later minus a
day is Wednesday 3 January 2029; the asked einddatum 31 July 2029 is longer.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from cases.errors import ValidationFailed
from cases.models import Leerling
from cases.services import tlv
from tests import tlv_steps

INGANG, EIND = dt.date(2027, 1, 4), dt.date(2029, 7, 31)


def bsn(n: int) -> str:
    """A BSN that passes the elfproef, from a small serial number."""
    for check in range(10):
        digits = f"99998{n:03d}{check}"
        total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)) - int(digits[8])
        if total % 11 == 0:
            return digits
    return bsn(n + 500)


# (id, date of birth, age at the ingangsdatum, refused?)
CASES = [
    # 8 on its birthday, 4 January 2027: 8 is included -> at most 2 years: refused
    ("eight-on-the-day", dt.date(2019, 1, 4), 8, True),
    # born 5 January 2018: still 8 on 4 January 2027 (9 the next day): refused
    ("eight-the-day-before-nine", dt.date(2018, 1, 5), 8, True),
    # born 4 January 2018: 9 on the ingangsdatum: the 2-year limit no longer applies
    ("nine", dt.date(2018, 1, 4), 9, False),
    # born 4 January 2021: 6: refused
    ("six", dt.date(2021, 1, 4), 6, True),
]


@pytest.mark.parametrize(("born", "age", "refused"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_the_two_year_limit_counts_the_age_at_the_ingangsdatum_inclusive_of_eight(world, born, age, refused):
    leerling = Leerling.objects.create(
        swv=world.swv,
        voornaam="Kim",
        achternaam="Jong",
        geboortedatum=born,
        bsn=bsn(born.year % 1000 + born.day),
        woongemeente=world.gemeente_a,
        stamschool=world.school_a,
    )
    assert leerling.age_on(INGANG) == age
    a = tlv_steps.besluit_open(SimpleNamespace(**{**vars(world), "leerling_a": leerling}))

    def decide():
        tlv.besluit_record(
            aanvraag=a,
            by=world.beslisser,
            besluit="toekennen",
            soort="so",
            cluster=4,
            categorie="laag",
            ingangsdatum=INGANG,
            einddatum=EIND,
            school=world.special,
            motivering="Besluit",
        )

    if not refused:
        decide()
        assert tlv_steps.fresh(a).status == "toegekend"
        return
    with pytest.raises(ValidationFailed) as info:
        decide()
    assert info.value.code == "duur-te-lang-jong"
    assert f"Voor een leerling van {age} jaar geldt een TLV hoogstens 24 maanden" in str(info.value.message)
    assert "einddatum op of voor 03-01-2029" in str(info.value.message)
