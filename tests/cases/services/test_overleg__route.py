"""Case tables through their services: plan with consent → record with minutes and agreements (each a task
in its owner's inbox) → the owner completes it → the chair's follow-up task after the set weeks → close."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from cases import clock
from cases.errors import Conflict, NotPermitted, ValidationFailed
from cases.models import CaseEvent, Deadline, Overleg, OverlegAfspraak, WorkItem
from cases.services import consent as consent_services
from cases.services import overleg
from cases.services.deadlines import sweep_deadlines
from tests import overleg_steps as steps
from workflows import registry

AMS = ZoneInfo("Europe/Amsterdam")


@pytest.fixture
def at_march(time_machine):
    time_machine.move_to(dt.datetime(2027, 3, 1, 9, tzinfo=AMS), tick=False)
    return time_machine


def _sweep(time_machine, day):
    time_machine.move_to(dt.datetime.combine(day, dt.time(9), tzinfo=AMS), tick=False)
    sweep_deadlines()


def test_doa_agreements_become_tasks_and_the_chair_gets_the_follow_up(world, at_march):
    case_a, case_b = steps.cases(world)
    o = steps.plan_doa(world, case_a, case_b)
    assert o.status == "gepland"
    assert [p.case for p in o.agendapunten.all()] == [case_a, case_b]
    assert all(p.consent is not None and p.consent_checked_at for p in o.agendapunten.all())
    # the chair is a participant by right: 4 named + the chair
    assert o.deelnemers.count() == 5
    assert case_a.events.filter(action="overleg_agenda").count() == 1
    punt_a, punt_b = o.agendapunten.all()
    overleg.overleg_record(
        overleg=o,
        by=world.consulent,
        verslag="Beide casussen besproken.",
        aanwezig=[d.pk for d in o.deelnemers.exclude(naam="J. de Vries")],
        punten=[
            {
                "agendapunt": punt_a,
                "verslag": "School zet ambulante begeleiding in.",
                "ouders_aanwezig": True,
                "afspraken": [
                    {
                        "omschrijving": "Plan van aanpak opstellen",
                        "uiterlijk": dt.date(2027, 3, 15),
                        "eigenaar": world.school_user,
                    },
                    {
                        "omschrijving": "Gesprek met ouders",
                        "uiterlijk": dt.date(2027, 3, 22),
                        "eigenaar_rol": "consulent",
                    },
                ],
            },
            {
                "agendapunt": punt_b,
                "verslag": "Leerplicht gaat op huisbezoek.",
                "ouders_aanwezig": False,
                "afspraken": [
                    {
                        "omschrijving": "Huisbezoek",
                        "uiterlijk": dt.date(2027, 3, 8),
                        "eigenaar_rol": "leerplichtambtenaar",
                    },
                ],
            },
        ],
    )
    o = Overleg.objects.get(pk=o.pk)
    assert o.status == "gehouden" and o.recorded_by == world.consulent
    assert o.deelnemers.filter(aanwezig=False).count() == 1
    # three agreements, three tasks: one on a named person, two in a role's werkvoorraad
    own = WorkItem.objects.get(case=case_a, node="overleg_afspraak", assignee=world.school_user)
    assert (own.assignee, own.role, own.due_at.date()) == (world.school_user, "school", dt.date(2027, 3, 15))
    pool = WorkItem.objects.get(case=case_a, node="overleg_afspraak", assignee=None)
    assert pool.role == "consulent"
    leerplicht = steps.item(case_b)
    assert (leerplicht.role, leerplicht.gemeente) == ("leerplichtambtenaar", world.gemeente_b)
    # each case's timeline has the meeting and its agreements
    assert case_a.events.filter(action="overleg_afspraak").count() == 2
    assert case_b.events.filter(action="overleg_gehouden").count() == 1
    # the owner completes it through the shared task step (the inbox and the API use this one)
    assert registry.spec_for(own).name == "OverlegAfspraak"
    registry.complete(item=own, by=world.school_user, data={"uitkomst": "Plan staat, gedeeld met ouders."})
    a = OverlegAfspraak.objects.get(work_item=own)
    assert (a.status, a.uitkomst, a.afgerond_door) == (
        "uitgevoerd",
        "Plan staat, gedeeld met ouders.",
        world.school_user,
    )
    assert WorkItem.objects.get(pk=own.pk).status == "done"
    assert case_a.events.filter(action="overleg_afspraak_uitgevoerd").count() == 1
    # the follow-up after 4 weeks (1 March + 28 days = 29 March): nothing the day before, the task on the day
    term = Deadline.objects.get(case=case_a, kind="overleg_terugkoppeling")
    assert term.due_on == dt.date(2027, 3, 29)
    _sweep(at_march, dt.date(2027, 3, 28))
    assert not WorkItem.objects.filter(node="overleg_terugkoppeling").exists()
    _sweep(at_march, dt.date(2027, 3, 29))
    chair = WorkItem.objects.get(case=case_a, node="overleg_terugkoppeling")
    assert chair.assignee == world.consulent and chair.status == "open"
    assert WorkItem.objects.filter(node="overleg_terugkoppeling").count() == 2  # one per case
    sweep_deadlines()  # a second run makes no second task
    assert WorkItem.objects.filter(node="overleg_terugkoppeling").count() == 2
    registry.complete(item=chair, by=world.consulent, data={"toelichting": "Afspraken lopen."})
    assert case_a.events.filter(action="overleg_terugkoppeling").count() == 1
    assert Deadline.objects.get(pk=term.pk).status == "closed"
    overleg.overleg_close(overleg=o, by=world.consulent, reason="verslag compleet")
    assert Overleg.objects.get(pk=o.pk).status == "afgesloten"
    with pytest.raises(Conflict):
        overleg.afspraak_add(
            punt=punt_a,
            by=world.consulent,
            omschrijving="Nog iets",
            uiterlijk=dt.date(2027, 4, 1),
            eigenaar=world.consulent,
        )
    assert o.history.count() >= 3


def test_a_case_without_the_parents_consent_is_refused_and_logged(world, at_march):
    case_a, case_b = steps.cases(world, consent=False)
    with pytest.raises(ValidationFailed) as exc:
        steps.plan_doa(world, case_a, case_b)
    assert exc.value.code == "geen-toestemming" and case_a.reference in str(exc.value.message)
    assert not Overleg.objects.exists()
    assert case_a.events.filter(kind=CaseEvent.Kind.REFUSED, action="overleg plannen").count() == 1


def test_anonymised_only_where_the_kind_allows_it(world, at_march):
    case_a, case_b = steps.cases(world, consent=False)
    with pytest.raises(ValidationFailed) as exc:
        overleg.overleg_plan(
            by=world.consulent,
            swv=world.swv,
            soort="doa_6min",
            datum=clock.today(),
            voorzitter=world.consulent,
            agenda=[{"case": case_a, "anoniem": True}],
        )
    assert exc.value.code == "anoniem-niet-toegestaan"
    o = overleg.overleg_plan(
        by=world.consulent,
        swv=world.swv,
        soort="bto_consultatie",
        datum=clock.today(),
        voorzitter=world.consulent,
        agenda=[{"case": case_a, "anoniem": True}],
    )
    punt = o.agendapunten.get()
    assert punt.anoniem and punt.consent is None


def test_a_consent_withdrawn_before_the_meeting_stops_recording(world, at_march):
    case_a, case_b = steps.cases(world)
    o = steps.plan_doa(world, case_a, case_b)
    c = consent_services.valid_consent(world.leerling_b, "casusoverleg")
    c.ingetrokken_op = clock.today()
    c.save()
    with pytest.raises(ValidationFailed) as exc:
        overleg.overleg_record(overleg=o, by=world.consulent)
    assert exc.value.code == "geen-toestemming"
    assert Overleg.objects.get(pk=o.pk).status == "gepland"
    assert not Deadline.objects.filter(kind="overleg_terugkoppeling").exists()


def test_bad_input_is_refused_with_nothing_half_done(world, at_march):
    case_a, case_b = steps.cases(world)
    with pytest.raises(NotPermitted):
        steps_plan = dict(
            by=world.school_user,
            swv=world.swv,
            soort="doa_6plus",
            datum=clock.today(),
            voorzitter=world.consulent,
            agenda=[{"case": case_a}],
        )
        overleg.overleg_plan(**steps_plan)
    with pytest.raises(ValidationFailed):  # no agenda
        overleg.overleg_plan(
            by=world.consulent,
            swv=world.swv,
            soort="doa_6plus",
            datum=clock.today(),
            voorzitter=world.consulent,
            agenda=[],
        )
    future = steps.plan_doa(world, case_a, case_b, datum=clock.today() + dt.timedelta(days=7))
    with pytest.raises(ValidationFailed) as exc:  # not held yet
        overleg.overleg_record(overleg=future, by=world.consulent)
    assert exc.value.code == "overleg-toekomst"
    o = steps.plan_doa(world, case_a, case_b)
    overleg.overleg_record(overleg=o, by=world.consulent)
    punt = o.agendapunten.first()
    with pytest.raises(ValidationFailed) as exc:  # due before the meeting
        overleg.afspraak_add(
            punt=punt,
            by=world.consulent,
            omschrijving="X",
            uiterlijk=dt.date(2027, 2, 1),
            eigenaar=world.consulent,
        )
    assert exc.value.code == "afspraak-datum-voor-overleg"
    with pytest.raises(ValidationFailed):  # no owner
        overleg.afspraak_add(punt=punt, by=world.consulent, omschrijving="X", uiterlijk=dt.date(2027, 3, 9))
    with pytest.raises(NotPermitted):  # a school does not add agreements to the SWV's meeting
        overleg.afspraak_add(
            punt=punt,
            by=world.school_user,
            omschrijving="X",
            uiterlijk=dt.date(2027, 3, 9),
            eigenaar=world.school_user,
        )
    assert not OverlegAfspraak.objects.exists()
    assert not WorkItem.objects.filter(node="overleg_afspraak").exists()
    with pytest.raises(Conflict):  # recorded once
        overleg.overleg_record(overleg=o, by=world.consulent)
    done = WorkItem.objects.filter(node="overleg_afspraak")
    assert not done.exists()
