"""Rule: a pupil aged 4 to 8 (8 included) at the ingangsdatum gets a recorded beoogde reguliere school (seed
002: "in de leeftijd van 4-8 jaar ... een review met een beoogde reguliere school") and a review task for the
consulent before the einddatum, naming that school, through besluit_record, the bekendmaking and the sweep.

Ingangsdatum Monday 4 January 2027, einddatum Monday 31 July 2028 (within the 2-year limit of 3 January
2029). The review point is 3 months before the einddatum: 30 April 2028 (31 April does not exist).
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from api.models import SCOPES
from cases.errors import ValidationFailed
from cases.models import CaseEvent, Leerling, Tlv, WorkItem
from cases.roles import Role
from cases.services import bekendmaking, tlv
from cases.services.deadlines import sweep_deadlines
from tests import tlv_steps
from tests.api.helpers import Api, api_client

AMS = ZoneInfo("Europe/Amsterdam")
INGANG, EIND = dt.date(2027, 1, 4), dt.date(2028, 7, 31)


def _pupil(world, born: dt.date) -> Leerling:
    return Leerling.objects.create(
        swv=world.swv,
        voornaam="Kim",
        achternaam="Jong",
        geboortedatum=born,
        bsn="999990019",
        woongemeente=world.gemeente_a,
        stamschool=world.school_a,
    )


def _decide(world, a, beoogde):
    return tlv.besluit_record(
        aanvraag=a,
        by=world.beslisser,
        besluit="toekennen",
        soort="so",
        cluster=4,
        categorie="laag",
        ingangsdatum=INGANG,
        einddatum=EIND,
        school=world.special,
        beoogde_school=beoogde,
        motivering="Besluit",
    )


def _open(world, born):
    leerling = _pupil(world, born)
    return tlv_steps.besluit_open(SimpleNamespace(**{**vars(world), "leerling_a": leerling}))


# (id, date of birth, age at 4 January 2027, beoogde school ("regulier", "so" or None), refusal code or
# None, the school recorded)
CASES = [
    # born 4 January 2021: 6 on the ingangsdatum, no beoogde school: refused
    ("six-without-school", dt.date(2021, 1, 4), 6, None, "beoogde-school-ontbreekt", None),
    # born 4 January 2019: 8 on its birthday, 8 included: refused without a school
    ("eight-on-the-day-without-school", dt.date(2019, 1, 4), 8, None, "beoogde-school-ontbreekt", None),
    # born 5 January 2018: still 8 the day before turning 9; an SO school is not a regular school: refused
    ("eight-with-special-school", dt.date(2018, 1, 5), 8, "so", "beoogde-school-niet-regulier", None),
    # born 4 January 2021: 6, a regular school: recorded
    ("six-with-regular-school", dt.date(2021, 1, 4), 6, "regulier", None, "regulier"),
    # born 4 January 2023: 4 on the ingangsdatum, the lower bound included: recorded
    ("four-with-regular-school", dt.date(2023, 1, 4), 4, "regulier", None, "regulier"),
    # born 4 January 2018: 9 on the ingangsdatum: no school needed
    ("nine-without-school", dt.date(2018, 1, 4), 9, None, None, None),
    # 9 with a school given anyway: not recorded (the rule is for 4 to 8)
    ("nine-with-school-not-recorded", dt.date(2018, 1, 4), 9, "regulier", None, None),
]


@pytest.mark.parametrize(
    ("born", "age", "given", "code", "recorded"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_young_pupils_need_a_regular_beoogde_school(world, born, age, given, code, recorded):
    schools = {"regulier": world.school_b, "so": world.special, None: None}
    a = _open(world, born)
    assert a.case.leerling.age_on(INGANG) == age
    if code:
        with pytest.raises(ValidationFailed) as info:
            _decide(world, a, schools[given])
        assert info.value.code == code
        assert info.value.field == "beoogde_school"
        a = tlv_steps.fresh(a)
        assert a.status == "cva_advies" and a.beoogde_school is None  # the case is unchanged
        assert CaseEvent.objects.filter(case=a.case, action__contains="besluit").exists()  # attempt logged
        if code == "beoogde-school-ontbreekt":
            assert f"Voor een leerling van {age} jaar op de ingangsdatum" in str(info.value.message)
        else:
            assert "moet een reguliere school zijn" in str(info.value.message)
        return
    _decide(world, a, schools[given])
    a = tlv_steps.fresh(a)
    assert a.status == "toegekend"
    assert a.beoogde_school == schools[recorded]


def at(day, hour=8):
    return time_machine.travel(dt.datetime.combine(day, dt.time(hour, 0), tzinfo=AMS), tick=False)


def test_the_review_task_names_the_beoogde_school_before_the_einddatum(world):
    a = _open(world, dt.date(2021, 1, 4))
    _decide(world, a, world.school_b)
    bekendmaking.bekendmaking_record(aanvraag=a, by=world.consulent)
    verklaring = Tlv.objects.get(aanvraag=a)
    assert verklaring.beoogde_school == world.school_b
    review = a.case.deadlines.get(kind="tlv_jong_review_signaal")
    assert review.due_on == EIND
    with at(dt.date(2028, 4, 29), hour=23):
        sweep_deadlines()
    assert not WorkItem.objects.filter(case=a.case, deadline=review).exists()
    for _ in range(2):  # a doubled run changes nothing
        with at(dt.date(2028, 4, 30)):
            sweep_deadlines()
    item = WorkItem.objects.get(case=a.case, deadline=review)
    assert (item.role, item.status) == (Role.CONSULENT, "open")
    assert world.school_b.name in item.title and "31-07-2028" in item.title
    assert world.school_b.name in item.instructions
    assert item.due_at.astimezone(AMS).date() == EIND


def test_an_older_pupil_gets_no_review_deadline(world, steps):
    a = steps.bekendgemaakt(world)  # leerling_a is 9 on the ingangsdatum
    assert not a.case.deadlines.filter(kind="tlv_jong_review_signaal").exists()


def test_the_case_page_and_the_api_show_the_beoogde_school(world, client):
    a = _open(world, dt.date(2021, 1, 4))
    _decide(world, a, world.school_b)
    client.force_login(world.consulent)
    page = client.get(reverse("case_detail", args=[a.case.pk]))
    assert page.status_code == 200
    assert f"Beoogde reguliere school: {world.school_b.name}" in page.content.decode()
    _c, token = api_client(world, role=Role.CONSULENT, scopes=SCOPES)
    r = Api(token).get(f"/api/v1/cases/tlv/{a.case.pk}/")
    assert r.status_code == 200, r.content
    assert r.json()["tlv"]["beoogde_school"] == world.school_b.pk
