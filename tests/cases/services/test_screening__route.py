"""The screening route through its services: advice, informing, placement, the term and re-screening."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from cases.models import CaseEvent, WorkItem
from cases.services import screening
from cases.services.deadlines import sweep_deadlines
from tests import screening_steps as steps

AMS = ZoneInfo("Europe/Amsterdam")


def at(day, hour=9):
    return dt.datetime.combine(day, dt.time(hour), tzinfo=AMS)


@pytest.fixture
def travel():
    with time_machine.travel(at(dt.date(2027, 3, 1)), tick=False) as traveller:
        yield lambda day, hour=9: traveller.move_to(at(day, hour))


def test_happy_path_records_advice_informing_and_placement(world, travel):
    s = steps.geplaatst(world, advies="gedeeltelijk")
    assert s.status == "afgesloten"
    assert (s.advies, s.uren_onderwijs, s.uren_zorg) == ("gedeeltelijk", 12, 10)
    assert s.advies_gevolgd is True and s.plaatsing_school == world.special
    assert s.vrijstelling == "gedeeltelijk"
    assert s.case.closed_at is not None
    assert s.case.deadlines.get(kind="screening_termijn").status == "closed"
    transitions = list(
        CaseEvent.objects.filter(case=s.case, kind="transition").values_list("to_state", flat=True)
    )
    assert transitions == ["aangemeld", "geadviseerd", "geinformeerd", "afgesloten"]
    assert s.history.count() >= 4
    # a partial placement leaves a partial vrijstelling: a re-screen after 6 months
    assert s.case.deadlines.get(kind="screening_herscreening").due_on == dt.date(2027, 9, 1)


def test_deviation_from_the_advice_must_be_motivated(world, travel):
    s = steps.geinformeerd(world, advies="volledig")
    with pytest.raises(screening.ValidationFailed) as exc:
        screening.plaatsing_record(screening=s, by=world.so_user, plaatsing="niet")
    assert exc.value.code == "afwijking-motivering"
    screening.plaatsing_record(
        screening=s, by=world.so_user, plaatsing="niet", afwijking_motivering="Geen plek in de groep"
    )
    s = steps.fresh(s)
    assert s.advies_gevolgd is False and s.afwijking_motivering == "Geen plek in de groep"


def test_screening_term_warns_then_escalates_to_the_screeningsteam(world, travel):
    s = steps.aangemeld(
        world
    )  # 1 Mar 2027 + 6 weeks = 12 Apr 2027; warning at ceil(0.75 × 42) = day 32 = 2 Apr
    travel(dt.date(2027, 4, 1))
    sweep_deadlines()
    assert not CaseEvent.objects.filter(case=s.case, action="deadline_warning").exists()
    travel(dt.date(2027, 4, 2))
    sweep_deadlines()
    assert CaseEvent.objects.filter(case=s.case, action="deadline_warning").count() == 1
    travel(dt.date(2027, 4, 12), 23)
    sweep_deadlines()
    assert not WorkItem.objects.filter(case=s.case, kind="escalation").exists()
    travel(dt.date(2027, 4, 13), 0)
    sweep_deadlines()
    sweep_deadlines()  # idempotent
    esc = WorkItem.objects.get(case=s.case, kind="escalation")
    assert (esc.role, esc.node) == ("screeningsteam", "escalatie_screening_termijn")


def test_nog_niet_gets_a_rescreen_task_on_the_advised_day(world, travel):
    s = steps.aangemeld(world)
    screening.advies_record(
        screening=s,
        by=world.screeningsteam,
        deelnemers="team",
        bevindingen="Nog te belast",
        advies="nog_niet",
        herscreening_op=dt.date(2027, 6, 1),
    )
    s = steps.fresh(s)
    screening.informeren_record(
        screening=s, by=world.screeningsteam, ouders_op=dt.date(2027, 3, 1), bestuur_op=dt.date(2027, 3, 1)
    )
    screening.plaatsing_record(screening=steps.fresh(s), by=world.so_user, plaatsing="niet")
    travel(dt.date(2027, 5, 31), 23)
    sweep_deadlines()
    assert not WorkItem.objects.filter(case=s.case, node="herscreening").exists()
    travel(dt.date(2027, 6, 1), 8)
    sweep_deadlines()
    sweep_deadlines()
    item = WorkItem.objects.get(case=s.case, node="herscreening")
    assert (item.role, item.status) == ("screeningsteam", "open")
    # the screeningsteam registers the child again, with fresh consent: a new screening, linked
    new = screening.herscreening_record(
        item=item,
        by=world.screeningsteam,
        opnieuw_aanmelden=True,
        toelichting="Nu wel",
    )
    assert new.vorige_id == s.pk and new.status == "aangemeld"
    assert WorkItem.objects.get(pk=item.pk).status == "done"
    assert WorkItem.objects.filter(case=new.case, node="screening", status="open").exists()


def test_full_placement_without_vrijstelling_has_no_rescreen(world, travel):
    s = steps.geplaatst(world, advies="volledig")
    assert not s.case.deadlines.filter(kind="screening_herscreening").exists()


def test_rescreen_interval_is_configurable(world, travel):
    from cases.models import TermPolicy

    TermPolicy.objects.create(
        swv=world.swv, kind="screening_herscreening", length=3, unit="months", atw=False, warn_fraction=1.0
    )
    s = steps.geplaatst(world, advies="gedeeltelijk")
    assert s.case.deadlines.get(kind="screening_herscreening").due_on == dt.date(2027, 6, 1)
