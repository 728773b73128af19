"""Awb 6:7 (bezwaartermijn) and 7:10 (beslistermijn op bezwaar, with verdaging), with the clock moved."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from cases.errors import ValidationFailed
from cases.models import Bekendmaking, Deadline
from cases.services import bekendmaking, bezwaar

AMS = ZoneInfo("Europe/Amsterdam")


def at(day, hour=10):
    return time_machine.travel(dt.datetime.combine(day, dt.time(hour, 0), tzinfo=AMS), tick=False)


@pytest.mark.parametrize(
    ("bekendgemaakt_op", "bezwaartermijn_tot", "why"),
    [
        (dt.date(2026, 11, 19), dt.date(2026, 12, 31), "six weeks from the day after: Thu → Thu"),
        (dt.date(2026, 11, 13), dt.date(2026, 12, 28), "ends on 1e Kerstdag → Mon after the weekend"),
        (dt.date(2027, 3, 24), dt.date(2027, 5, 7), "ends on 5 May → Hemelvaartsdag 6 May → Fri 7 May"),
        (dt.date(2027, 1, 2), dt.date(2027, 2, 15), "ends on Saturday → Monday"),
    ],
)
def test_bezwaartermijn_6_7(world, bekendgemaakt_op, bezwaartermijn_tot, why):
    assert bekendmaking.bezwaartermijn(world.swv, bekendgemaakt_op).due_on == bezwaartermijn_tot, why


def _bekendgemaakt_on(world, steps, day):
    a = steps.toegekend(world)
    with at(day):
        bekendmaking.bekendmaking_record(aanvraag=a, by=world.consulent)
    return steps.fresh(a)


def test_beslistermijn_7_10_runs_from_the_end_of_the_bezwaartermijn_and_is_extended_once(world, steps):
    # bekendmaking Tue 22 Dec 2026 → bezwaartermijn t/m Tue 2 Feb 2027
    a = _bekendgemaakt_on(world, steps, dt.date(2026, 12, 22))
    assert Bekendmaking.objects.get(aanvraag=a).bezwaartermijn_tot == dt.date(2027, 2, 2)
    with at(dt.date(2027, 1, 20)):
        b = steps.bezwaar_ontvangen(world, a)
    d = Deadline.objects.get(case=a.case, kind="beslistermijn_bezwaar")
    # 2 Feb + 12 weeks = Tue 27 Apr 2027, Koningsdag → Wed 28 Apr (Atw)
    assert d.started_on == dt.date(2027, 2, 2)
    assert d.due_on == dt.date(2027, 4, 28)
    assert "Algemene termijnenwet" in d.explanation
    # the verdaging: once, 6 weeks, counted from the end before the roll-forward: 27 Apr + 6 weeks = 8 Jun
    with at(dt.date(2027, 4, 1)):
        bezwaar.verdaging_record(bezwaar=b, by=world.beslisser, reason="Hoorzitting later door ziekte")
    d.refresh_from_db()
    assert d.due_on == dt.date(2027, 6, 8)
    assert "Verdaagd met 6 weken" in d.explanation
    with at(dt.date(2027, 4, 2)), pytest.raises(ValidationFailed) as exc:
        bezwaar.verdaging_record(bezwaar=b, by=world.beslisser, reason="nog eens")
    assert exc.value.code == "verdaging-maximum"


def test_beslistermijn_breach_escalates_to_the_beslisser(world, steps):
    from cases.models import WorkItem
    from cases.services.deadlines import sweep_deadlines

    a = _bekendgemaakt_on(world, steps, dt.date(2026, 12, 22))
    with at(dt.date(2027, 1, 20)):
        steps.bezwaar_ontvangen(world, a)
    with at(dt.date(2027, 4, 28), hour=23):
        sweep_deadlines()
    assert not WorkItem.objects.filter(case=a.case, kind="escalation").exists()
    with at(dt.date(2027, 4, 29), hour=1):
        sweep_deadlines()
        sweep_deadlines()  # idempotent
    items = WorkItem.objects.filter(case=a.case, kind="escalation")
    assert [(i.role, i.node) for i in items] == [("beslisser", "escalatie_beslistermijn_bezwaar")]


def test_late_bezwaar_is_recorded_as_late_and_its_term_runs_from_receipt(world, steps):
    a = _bekendgemaakt_on(world, steps, dt.date(2026, 11, 19))  # bezwaartermijn t/m 31 Dec 2026
    with at(dt.date(2026, 12, 31), hour=16):
        on_time = steps.bezwaar_ontvangen(world, a)
    assert on_time.tijdig
    bezwaar.bezwaar_intrekken(bezwaar=on_time, by=world.consulent, reason="Ouders trekken in (brief 1-1)")
    with at(dt.date(2027, 1, 4)):
        late = steps.bezwaar_ontvangen(world, a)
    assert not late.tijdig
    d = Deadline.objects.filter(case=a.case, kind="beslistermijn_bezwaar").latest("pk")
    assert d.started_on == dt.date(2027, 1, 4)
