"""Rule: which calendar. A working-day term skips Saturdays, Sundays and the feestdagen of the calendar the
SWV chooses: by default the Atw list (5 May every year, no Good Friday), the holidays package's NL list
(with Good Friday, 5 May only in lustrum years) only where chosen. The explanation names the calendar.
Through the services: an SWV beslistermijn in working days, received (and complete) on the given day.

2027: Goede Vrijdag 26 March, tweede Paasdag Monday 29 March, Koningsdag Tuesday 27 April, 5 May Wednesday
(not a lustrum year), Hemelvaart Thursday 6 May.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from cases.models import Deadline, TermPolicy
from cases.services import tlv

AMS = ZoneInfo("Europe/Amsterdam")
D = dt.date
ATW = "Werkdagen volgens: de feestdagen van de Algemene termijnenwet (5 mei elk jaar, geen Goede Vrijdag)."
NL = (
    "Werkdagen volgens: de Nederlandse feestdagen van de holidays-lijst (met Goede Vrijdag; 5 mei alleen in "
    "lustrumjaren)."
)

# (id, calendar (None = the default), received, working days, due_on, calendar sentence)
CASES = [
    # Atw: Fri 19 (1), Mon 22-Thu 25 (2-5), Good Friday 26 counts (6), Easter Monday 29 skipped, Tue 30 (7),
    # Wed 31 (8), Thu 1 April (9), Fri 2 April (10)
    ("atw-by-default-good-friday-counts", None, D(2027, 3, 18), 10, D(2027, 4, 2), ATW),
    # NL list: Good Friday skipped too: ... Thu 1 April (8), Fri 2 (9), Mon 5 April (10)
    ("nl-holidays-skips-good-friday", "nl_holidays", D(2027, 3, 18), 10, D(2027, 4, 5), NL),
    # Atw: Fri 30 April (1), Mon 3 (2), Tue 4 (3), 5 May skipped, Hemelvaart 6 skipped, Fri 7 (4), Mon 10 (5)
    ("atw-skips-5-may-every-year", "atw", D(2027, 4, 29), 5, D(2027, 5, 10), ATW),
    # NL list in 2027: 5 May is a working day: Fri 30 (1), Mon 3 (2), Tue 4 (3), Wed 5 (4), Fri 7 May (5)
    ("nl-holidays-5-may-only-in-lustrum-years", "nl_holidays", D(2027, 4, 29), 5, D(2027, 5, 7), NL),
]


@pytest.mark.parametrize(
    ("calendar", "received", "length", "due_on", "sentence"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_working_days_follow_the_chosen_calendar(
    world, steps, client, calendar, received, length, due_on, sentence
):
    extra = {"calendar": calendar} if calendar else {}
    TermPolicy.objects.create(
        swv=world.swv, kind=tlv.BESLISTERMIJN, length=length, unit="working_days", **extra
    )
    with time_machine.travel(dt.datetime.combine(received, dt.time(9), tzinfo=AMS), tick=False):
        a = steps.deskundigenadvies(world)
        termijn = Deadline.objects.get(case=a.case, kind=tlv.BESLISTERMIJN)
        client.force_login(world.consulent)
        api = client.get(f"/api/v1/cases/{a.case_id}/deadlines/").json()
    assert termijn.due_on == due_on
    assert sentence in termijn.explanation
    assert sentence in next(d for d in api if d["kind"] == tlv.BESLISTERMIJN)["explanation"]
