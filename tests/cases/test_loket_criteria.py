"""LWOO / PrO criteria as data: the assessment of test results, one line per criterion, against VO 31-02's
own LWOO criteria (003:L946-961, bijlage 2 L2466-2486: DLE 30-45 on at least two of four domains, one of
them begrijpend lezen or rekenen, no IQ criterion) and a PrO-like rule with an IQ range."""

import pytest

from cases import loket_criteria

LWOO = {
    "instrumenten": ["Cito LVS", "IEP"],
    "dle_min": 30,
    "dle_max": 45,
    "min_domeinen": 2,
    "een_van": ["begrijpend_lezen", "inzichtelijk_rekenen"],
    "iq_min": None,
    "iq_max": None,
}
PRO = {**LWOO, "dle_min": 0, "dle_max": 29, "iq_min": 55, "iq_max": 80}


def _u(domein, dle, instrument="IEP"):
    return {"domein": domein, "instrument": instrument, "dle": dle}


@pytest.mark.parametrize(
    "uitslagen, expected",
    [
        # rekenen 40 and spellen 35 in range: two domains, one of them rekenen -> all pass
        ([_u("spellen", 35), _u("inzichtelijk_rekenen", 40), _u("technisch_lezen", 50)], [True, True, True]),
        # the bounds count: 30 and 45
        ([_u("begrijpend_lezen", 30), _u("spellen", 45)], [True, True, True]),
        # two domains but neither begrijpend lezen nor rekenen
        ([_u("technisch_lezen", 33), _u("spellen", 35)], [True, True, False]),
        # one domain only
        ([_u("inzichtelijk_rekenen", 40), _u("spellen", 50)], [True, False, True]),
        # DLE 29 is too far behind for LWOO (PrO range), 46 not far enough
        ([_u("begrijpend_lezen", 29), _u("spellen", 46)], [True, False, False]),
        # an instrument that is not allowed: flagged and not counted
        ([_u("begrijpend_lezen", 35, "Eigen toets"), _u("spellen", 40)], [False, False, False]),
    ],
)
def test_lwoo_assessment_per_criterion(uitslagen, expected):
    lines = loket_criteria.assess(LWOO, uitslagen=uitslagen, iq=None)
    assert [line["voldaan"] for line in lines] == expected  # no IQ line: the criterion was dropped
    assert loket_criteria.passes(lines) is all(expected)


def test_iq_criterion_where_the_rules_have_one():
    uitslagen = [_u("begrijpend_lezen", 20), _u("inzichtelijk_rekenen", 25)]
    assert [x["voldaan"] for x in loket_criteria.assess(PRO, uitslagen=uitslagen, iq=70)] == [True] * 4
    assert loket_criteria.assess(PRO, uitslagen=uitslagen, iq=81)[-1]["voldaan"] is False
    assert loket_criteria.assess(PRO, uitslagen=uitslagen, iq=None)[-1]["uitleg"] == "geen IQ opgegeven"
    assert not loket_criteria.passes(loket_criteria.assess(PRO, uitslagen=[], iq=70))
