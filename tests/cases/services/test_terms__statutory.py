"""Rules: the statutory ceiling of the beslistermijn (Awb 4:13 lid 2) and statutory terms that an SWV cannot
configure (bezwaartermijn Awb 6:7, beslistermijn op bezwaar 7:10, zorgplicht 6 + 4 weeks); term kinds are a
closed list. Through the services; the explanation names the rule that applied.

The aanvraag is received (and complete) on Monday 1 March 2027; 8 weeks later is Monday 26 April 2027.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from cases.models import Deadline, TermPolicy
from cases.services import tlv
from cases.terms import term_for

AMS = ZoneInfo("Europe/Amsterdam")
D = dt.date
MAXIMUM = "8 weken na ontvangst (Awb 4:13 lid 2)"

# (id, SWV policy (length, unit) or None, due_on, the "Termijn volgens" sentence)
CASES = [
    # no SWV term: the default 6 weeks, 1 March + 42 days = Mon 12 April
    (
        "default",
        None,
        D(2027, 4, 12),
        "Termijn volgens: standaardtermijn, binnen het wettelijk maximum van 8 "
        "weken na ontvangst (Awb 4:13).",
    ),
    # seed 002: 3 weeks, 1 March + 21 days = Mon 22 March: shorter is allowed
    (
        "swv-shorter",
        (3, "weeks"),
        D(2027, 3, 22),
        "Termijn volgens: eigen termijn van het samenwerkingsverband, "
        f"binnen het wettelijk maximum van {MAXIMUM}.",
    ),
    # exactly 8 weeks = 56 days: 26 April, allowed
    (
        "swv-at-the-maximum",
        (56, "calendar_days"),
        D(2027, 4, 26),
        "eigen termijn van het samenwerkingsverband",
    ),
    # a stored 10-week policy (from before this rule): 1 March + 70 days = 10 May, capped at 26 April
    (
        "swv-longer-is-capped",
        (10, "weeks"),
        D(2027, 4, 26),
        f"Termijn volgens: wettelijk maximum van {MAXIMUM}; "
        "de eigen termijn van het samenwerkingsverband (10 weken) is langer en geldt daarom niet.",
    ),
    # 3 months: 1 June > 26 April, capped
    ("swv-months-capped", (3, "months"), D(2027, 4, 26), "(3 maanden) is langer en geldt daarom niet"),
]


@pytest.mark.parametrize(("policy", "due_on", "sentence"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_the_beslistermijn_is_never_longer_than_eight_weeks(world, steps, client, policy, due_on, sentence):
    if policy:
        # stored directly: a row from before the ceiling was checked in the form
        TermPolicy.objects.create(swv=world.swv, kind=tlv.BESLISTERMIJN, length=policy[0], unit=policy[1])
    with time_machine.travel(dt.datetime(2027, 3, 1, 9, tzinfo=AMS), tick=False):
        a = steps.deskundigenadvies(world)
        termijn = Deadline.objects.get(case=a.case, kind=tlv.BESLISTERMIJN)
        client.force_login(world.consulent)
        api = client.get(f"/api/v1/cases/{a.case_id}/deadlines/").json()
    assert termijn.due_on == due_on
    assert sentence in termijn.explanation
    assert sentence in next(d for d in api if d["kind"] == tlv.BESLISTERMIJN)["explanation"]


def test_an_swv_cannot_shorten_the_bezwaartermijn(world, steps):
    # a stored policy of 4 weeks without the Atw is ignored: 1 March + 6 weeks = Mon 12 April (Awb 6:7)
    TermPolicy.objects.create(swv=world.swv, kind="bezwaartermijn", length=4, unit="weeks", atw=False)
    with time_machine.travel(dt.datetime(2027, 3, 1, 9, tzinfo=AMS), tick=False):
        a = steps.bekendgemaakt(world)
    assert a.bekendmakingen.get().bezwaartermijn_tot == D(2027, 4, 12)


@pytest.mark.parametrize(
    ("kind", "length", "max_extensions", "extension_length"),
    [("zorgplicht", 8, 2, 6), ("beslistermijn_bezwaar", 6, 3, 12)],
)
def test_statutory_terms_ignore_a_stored_policy_but_keep_its_ladder(
    world, kind, length, max_extensions, extension_length
):
    TermPolicy.objects.create(
        swv=world.swv,
        kind=kind,
        length=length,
        unit="weeks",
        atw=False,
        max_extensions=max_extensions,
        extension_length=extension_length,
        warn_fraction=0.5,
        escalate_roles=["consulent"],
    )
    term = term_for(world.swv, kind)
    expected = {"zorgplicht": (6, 1, 4), "beslistermijn_bezwaar": (12, 1, 6)}[kind]
    assert (term.rule.length, term.max_extensions, term.extension_length) == expected
    assert term.rule.atw is True
    assert (term.rule.warn_fraction, term.escalate_roles) == (0.5, ("consulent",))


# (id, kind, length, unit, atw, error code or None)
CLEAN = [
    ("bezwaartermijn-shorter", "bezwaartermijn", 4, "weeks", True, "termijn-wettelijk"),
    ("zorgplicht-without-atw", "zorgplicht", 6, "weeks", False, "termijn-wettelijk"),
    ("bezwaartermijn-as-the-law", "bezwaartermijn", 6, "weeks", True, None),
    ("beslistermijn-9-weeks", "tlv_beslistermijn", 9, "weeks", True, "termijn-te-lang"),
    ("beslistermijn-57-days", "tlv_beslistermijn", 57, "calendar_days", True, "termijn-te-lang"),
    ("beslistermijn-2-months", "tlv_beslistermijn", 2, "months", True, "termijn-te-lang"),
    ("beslistermijn-8-weeks", "tlv_beslistermijn", 8, "weeks", True, None),
    ("beslistermijn-3-weeks", "tlv_beslistermijn", 3, "weeks", True, None),
    ("typo-in-the-kind", "tlv_beslisternijn", 3, "weeks", True, "termijn-soort"),
]


@pytest.mark.parametrize(
    ("kind", "length", "unit", "atw", "code"), [c[1:] for c in CLEAN], ids=[c[0] for c in CLEAN]
)
def test_the_term_policy_form_refuses_what_the_law_does_not_allow(world, kind, length, unit, atw, code):
    policy = TermPolicy(swv=world.swv, kind=kind, length=length, unit=unit, atw=atw)
    if code is None:
        policy.full_clean()
        return
    with pytest.raises(ValidationError) as info:
        policy.full_clean()
    messages = {
        "termijn-soort": "Kies een soort termijn uit de lijst.",
        "termijn-wettelijk": "is een wettelijke termijn",
        "termijn-te-lang": "mag niet langer zijn dan 8 weken na ontvangst van de aanvraag (Awb 4:13 lid 2)",
    }
    assert messages[code] in str(info.value)


def test_the_capped_term_keeps_the_atw_when_the_swv_switched_it_off(world, steps):
    # received Tue 2 March 2027; a stored 10-week policy without the Atw is capped at 8 weeks: 2 March + 56
    # days = Tue 27 April, Koningsdag -> Wed 28 April: the statutory term ends as the Atw says
    TermPolicy.objects.create(swv=world.swv, kind=tlv.BESLISTERMIJN, length=10, unit="weeks", atw=False)
    with time_machine.travel(dt.datetime(2027, 3, 2, 9, tzinfo=AMS), tick=False):
        a = steps.deskundigenadvies(world)
    termijn = Deadline.objects.get(case=a.case, kind=tlv.BESLISTERMIJN)
    assert termijn.due_on == D(2027, 4, 28)
    shift = "Verschoven van di 27 april 2027 naar wo 28 april 2027 (Algemene termijnenwet)."
    assert shift in termijn.explanation
