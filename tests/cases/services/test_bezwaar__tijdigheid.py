"""Rule: a bezwaarschrift by post, too early or excusably late (Awb 6:9, 6:10, 6:11), through the services.

Besluit and bekendmaking on Monday 1 March 2027: the bezwaartermijn is 6 weeks from the day after, to Monday
12 April 2027 (Awb 6:7, 6:8); a week after it is Monday 19 April. Registered on Wednesday 21 April.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.template.loader import render_to_string
from django.urls import reverse

from cases.errors import ValidationFailed
from cases.models import Bezwaar, CaseEvent
from cases.services import bekendmaking, bezwaar
from tests.asserts import Snapshot, assert_refused_without_effect

AMS = ZoneInfo("Europe/Amsterdam")
D = dt.date


def at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(9), tzinfo=AMS)


@pytest.fixture
def travel():
    with time_machine.travel(at(D(2027, 3, 1)), tick=False) as traveller:
        yield lambda day: traveller.move_to(at(day))


def register(world, a, ontvangen_op, verzonden_op=None):
    return bezwaar.bezwaar_register(
        aanvraag=a,
        by=world.consulent,
        ontvangen_op=ontvangen_op,
        verzonden_op=verzonden_op,
        ingediend_door="Ouder A",
        gronden="De categorie is te laag.",
    )


# (id, received, posted, on time?, the reason in the timeline)
CASES = [
    # received on the last day, Mon 12 April: on time (6:9 lid 1).
    (
        "received-on-the-last-day",
        D(2027, 4, 12),
        None,
        True,
        "binnen de bezwaartermijn, die liep tot en met 12 april 2027 (Awb 6:7, 6:9 lid 1)",
    ),
    # posted on 12 April (postmark), received Mon 19 April = 12 April + 7 days: on time (6:9 lid 2).
    (
        "posted-in-time-received-within-a-week",
        D(2027, 4, 19),
        D(2027, 4, 12),
        True,
        "per post verzonden op "
        "12 april 2027, vóór het einde van de bezwaartermijn op 12 april 2027, en ontvangen binnen een week "
        "daarna (uiterlijk 19 april 2027); dus op tijd (Awb 6:9 lid 2)",
    ),
    # posted on 12 April, received Tue 20 April: one day more than a week after the term: late.
    (
        "posted-in-time-received-after-a-week",
        D(2027, 4, 20),
        D(2027, 4, 12),
        False,
        "na de bezwaartermijn, die "
        "liep tot en met 12 april 2027, verzonden op 12 april 2027; alleen ontvankelijk als de "
        "termijnoverschrijding verschoonbaar is (Awb 6:11)",
    ),
    # posted Tue 13 April (after the term), received Wed 14 April: late, the week does not help.
    (
        "posted-late",
        D(2027, 4, 14),
        D(2027, 4, 13),
        False,
        "na de bezwaartermijn, die liep tot en met 12 april 2027, verzonden op 13 april 2027",
    ),
    # received by e-mail on Tue 13 April without a posting date: late.
    (
        "received-a-day-late",
        D(2027, 4, 13),
        None,
        False,
        "na de bezwaartermijn, die liep tot en met 12 april 2027;",
    ),
]


@pytest.mark.parametrize(
    ("ontvangen_op", "verzonden_op", "tijdig", "reason"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_timeliness_from_receipt_and_posting_date(
    world, steps, travel, client, ontvangen_op, verzonden_op, tijdig, reason
):
    a = steps.bekendgemaakt(world)
    travel(D(2027, 4, 21))
    b = register(world, a, ontvangen_op, verzonden_op)
    assert (b.tijdig, b.verzonden_op) == (tijdig, verzonden_op)
    event = CaseEvent.objects.filter(case=a.case, action="bezwaar_register").get()
    assert reason in event.summary
    client.force_login(world.consulent)
    assert reason in client.get(reverse("case_detail", args=[a.case_id])).content.decode()
    timeline = client.get(f"/api/v1/cases/{a.case_id}/timeline/").json()
    assert any(reason in str(line.get("summary", "")) for line in timeline)
    page = client.get(reverse("bezwaar_detail", args=[b.pk])).content.decode()
    if verzonden_op:
        assert f"Per post verzonden op (poststempel)</dt><dd>{verzonden_op.day} april 2027" in page
    else:
        assert "Per post verzonden op" not in page


def test_a_bezwaar_received_before_the_bekendmaking_counts_as_lodged_at_it(world, steps, travel):
    # besluit Mon 1 March, bekendmaking Mon 8 March (bezwaartermijn to Mon 19 April); the bezwaarschrift
    # arrived on Thu 4 March, between the two: not refused, on time (6:10).
    a = steps.toegekend(world)
    travel(D(2027, 3, 8))
    bekendmaking.bekendmaking_record(aanvraag=a, by=world.consulent)
    b = register(world, steps.fresh(a), D(2027, 3, 4))
    assert b.tijdig is True
    assert "vóór de bekendmaking op 8 maart 2027; het geldt als ingediend op de dag van de bekendmaking" in (
        CaseEvent.objects.get(case=a.case, action="bezwaar_register").summary
    )


# (id, received, posted, code, message)
BAD = [
    # posted on Thu 15 April but received on Wed 14 April: impossible.
    (
        "posted-after-received",
        D(2027, 4, 14),
        D(2027, 4, 15),
        "verzending-na-ontvangst",
        "De verzenddatum (poststempel, 15 april 2027) ligt na de ontvangstdatum (14 april 2027)",
    ),
    # received Sun 28 February, before the besluit of 1 March.
    (
        "received-before-the-besluit",
        D(2027, 2, 28),
        None,
        "ontvangst-voor-besluit",
        "De ontvangstdatum (28 februari 2027) ligt vóór het besluit van 1 maart 2027",
    ),
]


@pytest.mark.parametrize(
    ("ontvangen_op", "verzonden_op", "code", "message"), [c[1:] for c in BAD], ids=[c[0] for c in BAD]
)
def test_impossible_dates_are_refused(world, steps, travel, ontvangen_op, verzonden_op, code, message):
    a = steps.bekendgemaakt(world)
    travel(D(2027, 4, 21))
    before = Snapshot.of(a)
    with pytest.raises(ValidationFailed) as info:
        register(world, a, ontvangen_op, verzonden_op)
    assert info.value.code == code
    assert message in str(info.value.message)
    assert_refused_without_effect(a, before, info.value)
    assert not Bezwaar.objects.filter(case=a.case).exists()


def test_a_late_bezwaar_is_admissible_only_when_excusable_with_a_reason(world, steps, travel):
    a = steps.bekendgemaakt(world)
    travel(D(2027, 4, 21))
    b = register(world, a, D(2027, 4, 20), D(2027, 4, 12))
    with pytest.raises(ValidationFailed) as info:
        bezwaar.ontvankelijkheid_record(bezwaar=b, by=world.consulent, ontvankelijk=True)
    assert info.value.code == "bezwaar-te-laat"
    with pytest.raises(ValidationFailed) as info:
        bezwaar.ontvankelijkheid_record(bezwaar=b, by=world.consulent, ontvankelijk=True, verschoonbaar=True)
    assert info.value.code == "verschoonbaar-motivering"
    bezwaar.ontvankelijkheid_record(
        bezwaar=b, by=world.consulent, ontvankelijk=True, verschoonbaar=True, motivering="Post vertraagd"
    )
    b = Bezwaar.objects.get(pk=b.pk)
    assert (b.verschoonbaar, b.ontvankelijkheid_motivering) == (True, "Post vertraagd")


def test_the_bezwaarclausule_says_what_article_6_9_says(world):
    text = render_to_string(
        "letters/_bezwaarclausule.html", {"bezwaar_tot": "12 april 2027", "case": None, "commissie": "LBT"}
    )
    assert "op tijd als wij het uiterlijk op 12 april 2027 hebben ontvangen" in text
    assert (
        "uiterlijk op 12 april 2027 op de post hebt gedaan en wij het niet later dan een week daarna" in text
    )
    assert "artikel 6:9 Algemene wet bestuursrecht" in text
