"""The thuiszitter escalation ladder, with the clock moved exactly at its boundaries.

The first day of absence is day 0 of the count "days at home" and day 1 of the terms: the 4-week
escalation comes on day 28 (not 27), the 8-week one on day 56 (not 55), the 3-month breach on the day
after the 3-month date, counted from the first day of absence (months clamp at the end of the month).
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from cases import policies
from cases.models import ThuiszitterMelding, WorkItem
from cases.roles import Role
from cases.services import thuiszitter
from cases.services.deadlines import sweep_deadlines
from tests import thuiszitter_steps as steps
from tests.factories import make_user

AMS = ZoneInfo("Europe/Amsterdam")


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=AMS)


def escalations(m, **filters):
    return WorkItem.objects.filter(case=m.case, kind=WorkItem.Kind.ESCALATION, **filters)


@pytest.fixture
def travel():
    with time_machine.travel(at(dt.date(2027, 1, 4)), tick=False) as traveller:
        yield lambda day, hour=9: traveller.move_to(at(day, hour))


def _melding(w, first_day, travel):
    travel(first_day + dt.timedelta(days=1))
    return steps.gemeld(w, eerste_verzuimdag=first_day)


@pytest.mark.parametrize(
    "day_before, day_of, kind", [(27, 28, "thuiszitter_plan"), (55, 56, "thuiszitter_aanbod")]
)
def test_weeks_boundaries(world, travel, day_before, day_of, kind):
    first = dt.date(2027, 1, 4)
    m = _melding(world, first, travel)
    travel(first + dt.timedelta(days=day_before), 23)
    sweep_deadlines()
    assert not escalations(m, node=f"escalatie_{kind}").exists()
    travel(first + dt.timedelta(days=day_of), 0)
    sweep_deadlines()
    assert escalations(m, node=f"escalatie_{kind}").exists()


def test_four_weeks_goes_to_the_consulent(world, travel):
    first = dt.date(2027, 1, 4)
    m = _melding(world, first, travel)
    travel(first + dt.timedelta(days=28))
    sweep_deadlines()
    (item,) = escalations(m)
    assert item.role == Role.CONSULENT and item.node == "escalatie_thuiszitter_plan"


def test_eight_weeks_goes_to_leerplicht_the_stamschool_and_its_board(world, travel):
    first = dt.date(2027, 1, 4)
    m = _melding(world, first, travel)
    travel(first + dt.timedelta(days=56))
    sweep_deadlines()
    lp = escalations(m, node="escalatie_thuiszitter_aanbod", role=Role.LEERPLICHTAMBTENAAR).get()
    assert lp.gemeente == world.leerling_a.woongemeente
    school = escalations(m, node="escalatie_thuiszitter_aanbod", role=Role.SCHOOL).get()
    assert school.school == world.school_a
    board = escalations(m, node="escalatie_thuiszitter_aanbod", role=Role.SCHOOLBESTUUR).get()
    assert board.school == world.school_a  # the stamschool: its board holds the item (000:L445)
    # the board of school A has it in its werkvoorraad and sees the case; the board of school B does not
    own = make_user("bestuur-a", role=Role.SCHOOLBESTUUR, swv=world.swv, bestuur=world.school_a.bestuur)
    other = make_user("bestuur-b", role=Role.SCHOOLBESTUUR, swv=world.swv, bestuur=world.school_b.bestuur)
    assert WorkItem.objects.filter(policies.werkvoorraad_filter(own), pk=board.pk).exists()
    assert policies.may_claim(own, board)
    assert policies.visible_cases(own).filter(pk=m.case_id).exists()
    assert not WorkItem.objects.filter(policies.werkvoorraad_filter(other), pk=board.pk).exists()
    assert not policies.may_claim(other, board)
    assert not policies.visible_cases(other).filter(pk=m.case_id).exists()
    # the plan (4 weeks) escalated too, in the same sweep
    assert escalations(m, node="escalatie_thuiszitter_plan").count() == 1


def test_plan_in_time_closes_the_first_rung(world, travel):
    first = dt.date(2027, 1, 4)
    travel(first + dt.timedelta(days=1))
    m = steps.met_plan(world, eerste_verzuimdag=first)
    travel(first + dt.timedelta(days=40))
    sweep_deadlines()
    assert not escalations(m).exists()


@pytest.mark.parametrize(
    "first_day, last_day_in_term",
    [
        (dt.date(2025, 11, 30), dt.date(2026, 2, 28)),  # 30 November → 28 February
        (dt.date(2027, 11, 30), dt.date(2028, 2, 29)),  # leap year: → 29 February
        (dt.date(2027, 12, 1), dt.date(2028, 2, 29)),  # 1 December: the 29th is the last day at home
        (dt.date(2026, 12, 31), dt.date(2027, 3, 30)),
        (dt.date(2027, 5, 31), dt.date(2027, 8, 30)),
    ],
)
def test_three_months_over_month_ends(world, travel, first_day, last_day_in_term):
    m = _melding(world, first_day, travel)
    d = m.case.deadlines.get(kind="thuiszitter_3_maanden")
    assert d.due_on == last_day_in_term
    travel(last_day_in_term, 23)
    sweep_deadlines()
    assert not escalations(m, node="escalatie_thuiszitter_3_maanden").exists()
    assert ThuiszitterMelding.objects.get(pk=m.pk).inspectie_gemeld_op is None
    travel(last_day_in_term + dt.timedelta(days=1), 0)
    sweep_deadlines()
    roles = set(escalations(m, node="escalatie_thuiszitter_3_maanden").values_list("role", flat=True))
    assert roles == {Role.LEERPLICHTAMBTENAAR, Role.BESLISSER}
    assert ThuiszitterMelding.objects.get(pk=m.pk).inspectie_gemeld_op is not None


def test_aanbod_closes_the_ladder_and_no_escalation_follows(world, travel):
    first = dt.date(2027, 1, 4)
    travel(first + dt.timedelta(days=1))
    m = steps.met_aanbod(world, eerste_verzuimdag=first)
    assert set(m.case.deadlines.values_list("status", flat=True)) == {"closed"}
    travel(first + dt.timedelta(days=120))
    assert sweep_deadlines() == 0
    assert not escalations(m).exists()


def test_sweep_twice_does_not_double_escalations(world, travel):
    first = dt.date(2027, 1, 4)
    m = _melding(world, first, travel)
    travel(first + dt.timedelta(days=100))
    sweep_deadlines()
    n = escalations(m).count()
    assert n == 6  # plan: consulent; aanbod: leerplicht + school + its board; 3 months: leerplicht + director
    sweep_deadlines()
    assert escalations(m).count() == n


def test_escalations_sit_in_the_inbox_of_the_right_people_only(world, other_world, travel, client):
    from django.urls import reverse

    from tests.factories import make_user

    first = dt.date(2027, 1, 4)
    m = _melding(world, first, travel)
    other_lp = make_user(role=Role.LEERPLICHTAMBTENAAR, swv=world.swv, gemeente=world.gemeente_b)
    travel(first + dt.timedelta(days=56))
    sweep_deadlines()
    client.force_login(world.leerplicht)
    assert m.case.reference in client.get(reverse("inbox")).content.decode()
    for user in (other_lp, world.school_b_user, other_world.leerplicht):
        client.force_login(user)
        assert m.case.reference not in client.get(reverse("inbox")).content.decode()
    client.force_login(world.school_user)
    assert m.case.reference in client.get(reverse("inbox")).content.decode()
    # the board of the stamschool has it in its werkvoorraad (000:L445), the other board not
    own = make_user(role=Role.SCHOOLBESTUUR, swv=world.swv, bestuur=world.school_a.bestuur)
    other = make_user(role=Role.SCHOOLBESTUUR, swv=world.swv, bestuur=world.school_b.bestuur)
    client.force_login(own)
    assert m.case.reference in client.get(reverse("inbox")).content.decode()
    client.force_login(other)
    assert m.case.reference not in client.get(reverse("inbox")).content.decode()


def test_the_ladder_is_configurable_per_swv(world, travel):
    from cases.models import TermPolicy

    TermPolicy.objects.create(
        swv=world.swv,
        kind="thuiszitter_plan",
        length=3,
        unit="weeks",
        atw=False,
        escalate_roles=["beslisser"],
    )
    first = dt.date(2027, 1, 4)
    m = _melding(world, first, travel)
    travel(first + dt.timedelta(days=21))
    sweep_deadlines()
    assert escalations(m, node="escalatie_thuiszitter_plan", role=Role.BESLISSER).exists()
    assert thuiszitter.LADDER[0] == "thuiszitter_plan"


def test_breached_case_is_on_the_inspectie_list_page(world, travel, client):
    from django.urls import reverse

    first = dt.date(2027, 1, 4)
    m = _melding(world, first, travel)
    travel(dt.date(2027, 2, 1))
    other = steps.gemeld(world, leerling=world.leerling_b, by=world.school_b_user, days_ago=0)
    travel(dt.date(2027, 4, 5))
    sweep_deadlines()
    client.force_login(world.beslisser)
    html = client.get(reverse("thuiszitter_list") + "?inspectie=1").content.decode()
    assert m.case.reference in html and other.case.reference not in html
