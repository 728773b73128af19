"""Refused screening steps: nothing changes but the refusal on the timeline."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from cases.errors import DomainError
from cases.models import Case, CaseEvent, ScreeningInstelling
from cases.services import screening
from tests import screening_steps as steps

AMS = ZoneInfo("Europe/Amsterdam")


@pytest.fixture(autouse=True)
def _march_2027():
    with time_machine.travel(dt.datetime(2027, 3, 1, 9, tzinfo=AMS), tick=False):
        yield


def test_registration_without_consent_in_the_register_is_refused(world):
    with pytest.raises(DomainError) as exc:
        steps.aangemeld(world, toestemming=False)
    assert (exc.value.code, exc.value.field) == ("geen-toestemming", "toestemming")
    assert "Screening zorg naar onderwijs" in str(exc.value.message)
    assert not Case.objects.filter(route="screening").exists()


def test_placement_before_the_advice_is_refused(world):
    s = steps.aangemeld(world)
    with pytest.raises(DomainError) as exc:
        screening.plaatsing_record(screening=s, by=world.so_user, plaatsing="volledig")
    assert exc.value.code == "plaatsing-voor-advies"
    s = steps.fresh(s)
    assert s.status == "aangemeld" and not s.plaatsing
    last = CaseEvent.objects.filter(case=s.case, kind="refused").latest("pk")
    assert last.data == {"code": "plaatsing-voor-advies"}


def test_regular_school_may_register_only_where_the_swv_allows_it(world):
    from cases.roles import Role
    from tests.factories import give_consent, make_user

    regular = make_user(role=Role.SCHOOL, swv=world.swv, school=world.school_a)
    kwargs = dict(leerling=world.leerling_a, school=world.school_a, herkomst="kdc")
    give_consent(world.leerling_a, "screening")
    with pytest.raises(DomainError) as exc:
        screening.aanmelding_create(by=regular, **kwargs)
    assert exc.value.code == "school-soort"
    ScreeningInstelling.objects.create(swv=world.swv, school_soorten=["so", "sbo", "regulier"])
    assert screening.aanmelding_create(by=regular, **kwargs).status == "aangemeld"


def test_partial_advice_needs_hours(world):
    s = steps.aangemeld(world)
    with pytest.raises(DomainError) as exc:
        screening.advies_record(
            screening=s, by=world.screeningsteam, deelnemers="team", bevindingen="b", advies="gedeeltelijk"
        )
    assert exc.value.code == "arrangement-uren"


def test_the_school_cannot_advise_and_the_team_cannot_place(world):
    s = steps.aangemeld(world)
    with pytest.raises(DomainError):
        screening.advies_record(
            screening=s, by=world.so_user, deelnemers="x", bevindingen="y", advies="volledig"
        )
    s = steps.geinformeerd(world, leerling=world.leerling_b)
    with pytest.raises(DomainError):
        screening.plaatsing_record(screening=s, by=world.screeningsteam, plaatsing="volledig")
