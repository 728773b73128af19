"""Zorgplicht: 6 weeks from the written aanmelding, once + 4 weeks with a notice to the ouders;
when it runs out without a place, a thuiszitter risk melding and escalations to board and consulent."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from cases.errors import ValidationFailed
from cases.models import Aanmelding, CaseEvent, ThuiszitterMelding, WorkItem
from cases.roles import Role
from cases.services import zorgplicht
from cases.services.deadlines import sweep_deadlines

AMS = ZoneInfo("Europe/Amsterdam")
MON = dt.date(2027, 3, 1)  # a Monday: 6 weeks → Monday 12 April, +4 weeks → Monday 10 May


def at(day, hour=9):
    return dt.datetime.combine(day, dt.time(hour), tzinfo=AMS)


@pytest.fixture
def travel():
    with time_machine.travel(at(MON), tick=False) as traveller:
        yield lambda day, hour=9: traveller.move_to(at(day, hour))


def _aanmelding(w):
    return zorgplicht.aanmelding_create(
        by=w.school_user, leerling=w.leerling_b, school=w.school_a, aangemeld_op=MON
    )


def test_six_weeks_then_risk_melding_and_escalations(world, travel):
    a = _aanmelding(world)
    d = a.case.deadlines.get(kind="zorgplicht")
    assert d.due_on == dt.date(2027, 4, 12)
    besluit = WorkItem.objects.get(case=a.case, node="zorgplicht_besluit")
    assert besluit.role == Role.SCHOOL and besluit.school == world.school_a
    travel(dt.date(2027, 4, 12), 23)
    sweep_deadlines()
    assert Aanmelding.objects.get(pk=a.pk).status == "aangemeld"
    assert not ThuiszitterMelding.objects.exists()
    travel(dt.date(2027, 4, 13), 0)
    sweep_deadlines()
    a = Aanmelding.objects.get(pk=a.pk)
    assert a.status == "geen_plek"
    melding = a.thuiszitter_melding
    assert melding.risico and not melding.officieel and melding.melder == "zorgplicht"
    assert melding.eerste_verzuimdag == dt.date(2027, 4, 13)
    assert melding.case.leerling == world.leerling_b
    items = WorkItem.objects.filter(case=a.case, kind="escalation")
    assert {(i.role, i.school_id) for i in items} == {
        (Role.SCHOOL, world.school_a.pk),
        (Role.CONSULENT, None),
    }
    assert WorkItem.objects.get(case=a.case, node="zorgplicht_besluit").status == "cancelled"


def test_extended_once_by_four_weeks_with_notice(world, travel):
    a = _aanmelding(world)
    with pytest.raises(ValidationFailed) as exc:
        zorgplicht.verlengen(aanmelding=a, by=world.school_user, kennisgeving="  ")
    assert exc.value.code == "condition-not-met"
    zorgplicht.verlengen(aanmelding=a, by=world.school_user, kennisgeving="Brief aan ouders van 20 maart")
    a = Aanmelding.objects.get(pk=a.pk)
    assert a.verlengd_op and "20 maart" in a.verlenging_kennisgeving
    assert a.case.deadlines.get(kind="zorgplicht").due_on == dt.date(2027, 5, 10)
    # a second extension is refused
    with pytest.raises(ValidationFailed) as exc:
        zorgplicht.verlengen(aanmelding=a, by=world.school_user, kennisgeving="Nog een brief")
    assert exc.value.code == "verdaging-maximum"
    assert a.case.deadlines.get(kind="zorgplicht").extensions.count() == 1
    assert CaseEvent.objects.filter(case=a.case, kind="refused").count() == 2
    travel(dt.date(2027, 5, 10), 23)
    sweep_deadlines()
    assert Aanmelding.objects.get(pk=a.pk).status == "aangemeld"
    travel(dt.date(2027, 5, 11), 0)
    sweep_deadlines()
    assert Aanmelding.objects.get(pk=a.pk).status == "geen_plek"


@pytest.mark.parametrize("uitkomst", ["toegelaten", "elders_geplaatst", "geen_plek"])
def test_outcomes_close_the_term(world, travel, uitkomst):
    a = _aanmelding(world)
    zorgplicht.besluit_record(
        aanmelding=a, by=world.school_user, uitkomst=uitkomst, school=world.special, omschrijving="motivering"
    )
    a = Aanmelding.objects.get(pk=a.pk)
    assert a.status == uitkomst
    assert a.case.deadlines.get(kind="zorgplicht").status == "closed"
    travel(dt.date(2027, 6, 1))
    sweep_deadlines()
    assert not ThuiszitterMelding.objects.exists()
    assert not WorkItem.objects.filter(case=a.case, kind="escalation").exists()


def test_no_second_melding_when_one_is_open(world, travel):
    from tests import thuiszitter_steps as steps

    open_one = steps.gemeld(world, leerling=world.leerling_b, by=world.school_b_user, days_ago=0)
    a = _aanmelding(world)
    travel(dt.date(2027, 4, 13))
    sweep_deadlines()
    assert Aanmelding.objects.get(pk=a.pk).thuiszitter_melding == open_one
    assert ThuiszitterMelding.objects.count() == 1
