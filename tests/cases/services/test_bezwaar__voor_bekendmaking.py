"""Rule: a bezwaarschrift received after the besluit was taken but before its bekendmaking is not refused
(Awb 6:10): it is registered and counts as lodged on the day of the bekendmaking, through the services.

Besluit on Monday 1 March 2027, bekendmaking on Monday 8 March: the bezwaartermijn runs from the day after
(Awb 6:8), 6 weeks, to Monday 19 April 2027; the beslistermijn on the bezwaar counts from there (Awb 7:10).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from cases.errors import ValidationFailed
from cases.models import Bezwaar, CaseEvent
from cases.services import bekendmaking, bezwaar

AMS = ZoneInfo("Europe/Amsterdam")
D = dt.date
AWB_6_10 = "ontvangen vóór de bekendmaking; geldt als ingediend op de dag van bekendmaking (Awb 6:10)"


def at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(9), tzinfo=AMS)


@pytest.fixture
def travel():
    with time_machine.travel(at(D(2027, 3, 1)), tick=False) as traveller:
        yield lambda day: traveller.move_to(at(day))


def register(world, a, ontvangen_op):
    return bezwaar.bezwaar_register(
        aanvraag=a,
        by=world.consulent,
        ontvangen_op=ontvangen_op,
        ingediend_door="Ouder A",
        gronden="De categorie is te laag.",
    )


# (id, registered on, received on)
CASES = [
    # received on the day of the besluit itself, Mon 1 March, registered that day: not refused
    ("received-on-the-day-of-the-besluit", D(2027, 3, 1), D(2027, 3, 1)),
    # received Thu 4 March, between the besluit and the bekendmaking of Mon 8 March
    ("received-between-besluit-and-bekendmaking", D(2027, 3, 5), D(2027, 3, 4)),
]


@pytest.mark.parametrize(("registered", "received"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_a_bezwaar_before_the_bekendmaking_is_registered_and_lodged_at_it(
    world, steps, travel, registered, received
):
    a = steps.toegekend(world)
    travel(registered)
    b = register(world, steps.fresh(a), received)
    assert (b.tijdig, b.bekendmaking) == (True, None)
    assert AWB_6_10 in CaseEvent.objects.get(case=a.case, action="bezwaar_register").summary
    # no bezwaartermijn yet, so no beslistermijn on the bezwaar either
    assert not a.case.deadlines.filter(kind="beslistermijn_bezwaar").exists()

    travel(D(2027, 3, 8))
    bk = bekendmaking.bekendmaking_record(aanvraag=steps.fresh(a), by=world.consulent)
    assert bk.bezwaartermijn_tot == D(2027, 4, 19)  # 9 March + 6 weeks - 1 day
    b = Bezwaar.objects.get(pk=b.pk)
    assert b.bekendmaking == bk and b.tijdig is True
    termijn = a.case.deadlines.get(kind="beslistermijn_bezwaar")
    assert termijn.started_on == D(2027, 4, 19)
    line = CaseEvent.objects.get(case=a.case, action="bezwaar_ingediend_bij_bekendmaking").summary
    assert f"Bezwaar ontvangen op {received:%d-%m-%Y}, vóór de bekendmaking op 08-03-2027" in line
    assert "geldt als ingediend op de dag van bekendmaking (Awb 6:10)" in line


def test_a_bezwaar_before_the_besluit_is_still_refused(world, steps, travel):
    # received Sun 28 February, before the besluit of Mon 1 March (not yet made known): refused
    a = steps.toegekend(world)
    with pytest.raises(ValidationFailed) as info:
        register(world, steps.fresh(a), D(2027, 2, 28))
    assert info.value.code == "ontvangst-voor-besluit"
    assert not Bezwaar.objects.filter(case=a.case).exists()
