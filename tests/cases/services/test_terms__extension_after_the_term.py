"""Rule: an extension is notified within the term, for every term that has one (Awb 4:14 lid 3 for the TLV,
see test_tlv__verdaging.py; Awb 7:10 lid 3 for the beslistermijn op bezwaar; the zorgplicht's one extension of
at most 4 weeks). On the last day it is still in time; the day after it is refused with a Dutch message and a
stable code, nothing changes and the refusal is on the timeline. Through the services.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from cases.errors import ValidationFailed
from cases.models import Aanmelding, CaseEvent, Deadline, DeadlineExtension
from cases.services import bekendmaking, bezwaar, zorgplicht

AMS = ZoneInfo("Europe/Amsterdam")
D = dt.date


def at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(10), tzinfo=AMS)


def refusals(case) -> int:
    return CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.REFUSED).count()


# (id, day of the extension, expected due date, or the refusal's text when refused)
ZORGPLICHT = [
    # aanmelding Mon 1 March 2027: 6 weeks -> Mon 12 April; extended on that last day: + 4 weeks = Mon 10 May
    ("on-the-last-day", D(2027, 4, 12), D(2027, 5, 10)),
    # Tue 13 April, the day after: refused, the term stays 12 April
    (
        "the-day-after",
        D(2027, 4, 13),
        "Verdagen kan niet meer: de termijn is al verstreken op 12 april 2027.",
    ),
]


@pytest.mark.parametrize(("day", "expected"), [c[1:] for c in ZORGPLICHT], ids=[c[0] for c in ZORGPLICHT])
def test_the_zorgplicht_term_is_extended_only_within_it(world, day, expected):
    with time_machine.travel(at(D(2027, 3, 1)), tick=False) as traveller:
        a = zorgplicht.aanmelding_create(
            by=world.school_user, leerling=world.leerling_b, school=world.school_a, aangemeld_op=D(2027, 3, 1)
        )
        traveller.move_to(at(day))
        before = refusals(a.case)
        if isinstance(expected, dt.date):
            zorgplicht.verlengen(aanmelding=a, by=world.school_user, kennisgeving="Brief aan ouders")
            assert a.case.deadlines.get(kind="zorgplicht").due_on == expected
            return
        with pytest.raises(ValidationFailed) as info:
            zorgplicht.verlengen(aanmelding=a, by=world.school_user, kennisgeving="Brief aan ouders")
    assert info.value.code == "verdaging-na-termijn"
    assert expected in str(info.value.message)
    termijn = a.case.deadlines.get(kind="zorgplicht")
    assert (termijn.due_on, DeadlineExtension.objects.filter(deadline=termijn).count()) == (D(2027, 4, 12), 0)
    assert Aanmelding.objects.get(pk=a.pk).verlengd_op is None
    assert refusals(a.case) == before + 1


BEZWAAR = [
    # bekendmaking Tue 22 Dec 2026 -> bezwaartermijn to Tue 2 Feb 2027; 12 weeks -> Tue 27 April, Koningsdag
    # -> Wed 28 April (Atw). Verdaging on Wed 28 April: 27 April + 6 weeks = Tue 8 June.
    ("on-the-last-day", D(2027, 4, 28), D(2027, 6, 8)),
    # Thu 29 April: refused, the term stays 28 April
    (
        "the-day-after",
        D(2027, 4, 29),
        "Verdagen kan niet meer: de beslistermijn is al verstreken op 28 april 2027.",
    ),
]


@pytest.mark.parametrize(("day", "expected"), [c[1:] for c in BEZWAAR], ids=[c[0] for c in BEZWAAR])
def test_the_beslistermijn_op_bezwaar_is_extended_only_within_it(world, steps, day, expected):
    with time_machine.travel(at(D(2026, 12, 22)), tick=False) as traveller:
        a = steps.toegekend(world)
        bekendmaking.bekendmaking_record(aanvraag=a, by=world.consulent)
        traveller.move_to(at(D(2027, 1, 20)))
        b = steps.bezwaar_ontvangen(world, steps.fresh(a))
        traveller.move_to(at(day))
        before = refusals(a.case)
        if isinstance(expected, dt.date):
            bezwaar.verdaging_record(bezwaar=b, by=world.beslisser, reason="Hoorzitting later")
            assert Deadline.objects.get(case=a.case, kind="beslistermijn_bezwaar").due_on == expected
            return
        with pytest.raises(ValidationFailed) as info:
            bezwaar.verdaging_record(bezwaar=b, by=world.beslisser, reason="Hoorzitting later")
    assert info.value.code == "verdaging-na-termijn"
    assert expected in str(info.value.message)
    termijn = Deadline.objects.get(case=a.case, kind="beslistermijn_bezwaar")
    assert (termijn.due_on, DeadlineExtension.objects.filter(deadline=termijn).count()) == (D(2027, 4, 28), 0)
    assert not CaseEvent.objects.filter(case=a.case, action="verdaging_kennisgeving").exists()
    assert refusals(a.case) == before + 1
