"""The thuiszitter route through the services: melding to afgesloten, reopening, leerplicht actions,
and the uitschrijving guard."""

import datetime as dt

import pytest
import time_machine

from cases import clock
from cases.errors import NotPermitted, ValidationFailed
from cases.models import CaseEvent, Leerling, ThuiszitterPeriode, Uitschrijving, WorkItem
from cases.services import thuiszitter
from tests import thuiszitter_steps as steps
from tests.factories import give_consent


def test_melding_to_afgesloten_and_reopened_on_one_line(world):
    w = world
    m = steps.gemeld(w, days_ago=20)
    assert m.status == "gemeld"
    assert m.gemeente == w.leerling_a.woongemeente and m.bestuur == w.school_a.bestuur
    assert steps.item(m, "registratie").role == "consulent"
    assert {d.kind for d in m.case.deadlines.all()} == {
        "thuiszitter_plan",
        "thuiszitter_aanbod",
        "thuiszitter_3_maanden",
    }
    thuiszitter.registratie_record(
        melding=m, by=w.consulent, type="zorgwekkend", officieel=True, risico=True, stamschool=w.school_a
    )
    m = steps.fresh(m)
    plan_item = steps.item(m, "plan_van_aanpak")
    assert plan_item.role == "school" and plan_item.school == w.school_a
    assert plan_item.deadline.kind == "thuiszitter_plan"
    thuiszitter.plan_record(melding=m, by=w.school_user, eigenaar=w.school_a, inhoud="Opbouw rooster")
    assert m.case.deadlines.get(kind="thuiszitter_plan").status == "closed"
    give_consent(m.case.leerling, "casusoverleg")
    thuiszitter.casusoverleg_record(
        melding=steps.fresh(m),
        by=w.consulent,
        datum=clock.today(),
        voorzitter="Onafhankelijk voorzitter",
        voorzitter_onafhankelijk=True,
        deelnemers="school\nouders",
        afspraken=[
            {"omschrijving": "Intake jeugdhulp", "eigenaar": "wijkteam", "uiterlijk": clock.today()},
            {"omschrijving": "Proefplaatsing", "eigenaar": "SO", "uiterlijk": clock.today()},
        ],
    )
    m = steps.fresh(m)
    overleg = m.overleggen.get()
    assert overleg.afspraken.count() == 2
    check = steps.item(m, thuiszitter.VOORTGANG_NODE)
    assert check.due_at.date() == clock.today() + dt.timedelta(days=28)
    thuiszitter.voortgang_record(item=check, by=w.consulent, toelichting="Afspraken lopen")
    thuiszitter.aanbod_record(
        melding=m, by=w.consulent, soort="zorg", omschrijving="Dagbehandeling", startdatum=clock.today()
    )
    m = steps.fresh(m)
    assert m.status == "passend_aanbod" and m.days_at_home(clock.today()) is None
    thuiszitter.terugkeer_record(melding=m, by=w.school_user, terugkeer_op=clock.today())
    m = steps.fresh(m)
    assert m.status == "monitoring" and m.monitoring_tot == clock.today() + dt.timedelta(weeks=8)
    # closing during the monitoring period is refused
    with pytest.raises(ValidationFailed) as exc:
        thuiszitter.afsluiten(melding=m, by=w.consulent, toelichting="gaat goed")
    assert exc.value.code == "monitoring-loopt"
    with time_machine.travel(clock.now() + dt.timedelta(weeks=8, days=1), tick=False):
        thuiszitter.afsluiten(melding=m, by=w.consulent, toelichting="Gaat goed")
        m = steps.fresh(m)
        assert m.status == "afgesloten" and m.case.closed_at is not None
        assert not WorkItem.objects.filter(case=m.case, status="open").exists()
        # the pupil drops out again: same case, same record, a second period
        thuiszitter.heropenen(
            melding=m, by=w.leerplicht, eerste_verzuimdag=clock.today(), reason="Weer thuis sinds vandaag"
        )
        m = steps.fresh(m)
    assert m.status == "geregistreerd" and m.periode_nr == 2 and m.case.closed_at is None
    assert ThuiszitterPeriode.objects.filter(melding=m).count() == 2
    assert steps.item(m, "plan_van_aanpak")  # registration is not repeated
    assert m.case.deadlines.filter(kind="thuiszitter_3_maanden", status="running").count() == 1
    assert m.history.count() > 5
    kinds = list(CaseEvent.objects.filter(case=m.case, kind="transition").values_list("to_state", flat=True))
    assert kinds[:2] == ["gemeld", "geregistreerd"] and kinds[-1] == "geregistreerd"


def test_leerplicht_actions_and_vrijstelling_only_after_swv_consultation(world, other_world):
    w = world
    m = steps.gemeld(w)
    for soort in ("gesprek", "waarschuwing", "melding"):
        thuiszitter.leerplicht_actie_record(
            melding=m, by=w.leerplicht, soort=soort, datum=clock.today(), toelichting=f"{soort} gevoerd"
        )
    assert m.leerplicht_acties.count() == 3
    with pytest.raises(ValidationFailed) as exc:
        thuiszitter.leerplicht_actie_record(
            melding=m,
            by=w.leerplicht,
            soort="vrijstelling_5a",
            datum=clock.today(),
            toelichting="vrijstelling",
        )
    assert exc.value.code == "vrijstelling-zonder-consultatie"
    assert steps.fresh(m).vrijstelling_op is None
    # the consulent may record the consultation, not the leerplicht actions
    with pytest.raises(NotPermitted):
        thuiszitter.leerplicht_actie_record(
            melding=m, by=w.consulent, soort="waarschuwing", datum=clock.today(), toelichting="x"
        )
    thuiszitter.leerplicht_actie_record(
        melding=m, by=w.consulent, soort="swv_consultatie", datum=clock.today(), toelichting="SWV adviseert"
    )
    thuiszitter.leerplicht_actie_record(
        melding=m, by=w.leerplicht, soort="vrijstelling_5a", datum=clock.today(), toelichting="verleend"
    )
    assert steps.fresh(m).vrijstelling_op == clock.today()
    # a leerplichtambtenaar of another gemeente may not act
    for user in (other_world.leerplicht, w.school_user):
        with pytest.raises(NotPermitted):
            thuiszitter.leerplicht_actie_record(
                melding=m, by=user, soort="gesprek", datum=clock.today(), toelichting="x"
            )


def test_uitschrijving_without_vervolgplek_is_refused(world):
    w = world
    m = steps.gemeld(w)
    with pytest.raises(ValidationFailed) as exc:
        thuiszitter.uitschrijving_record(leerling=w.leerling_a, by=w.school_user, datum=clock.today())
    assert exc.value.code == "uitschrijving-zonder-vervolgplek"
    assert "vervolgplek" in str(exc.value.message)
    assert Leerling.objects.get(pk=w.leerling_a.pk).stamschool == w.school_a
    assert not Uitschrijving.objects.exists()
    assert CaseEvent.objects.filter(case=m.case, kind="refused", action="uitschrijven").count() == 1


def test_uitschrijving_with_vervolgplek(world):
    w = world
    thuiszitter.uitschrijving_record(
        leerling=w.leerling_a, by=w.school_user, datum=clock.today(), vervolgplek_school=w.special
    )
    assert Leerling.objects.get(pk=w.leerling_a.pk).stamschool == w.special
    assert Uitschrijving.objects.get().vervolgplek_school == w.special


def test_only_the_stamschool_may_uitschrijven(world):
    with pytest.raises(NotPermitted):
        thuiszitter.uitschrijving_record(
            leerling=world.leerling_a,
            by=world.school_b_user,
            datum=clock.today(),
            vervolgplek_omschrijving="x",
        )


def test_double_submit_of_a_task_is_a_conflict(world):
    from cases.errors import Conflict

    m = steps.geregistreerd(world)
    thuiszitter.plan_record(melding=m, by=world.school_user, eigenaar=world.school_a, inhoud="Plan")
    with pytest.raises(Conflict):
        thuiszitter.plan_record(melding=m, by=world.school_user, eigenaar=world.school_a, inhoud="Plan")
    assert m.plannen.count() == 1


def test_monitoring_task_is_due_at_the_end_of_the_monitoring_period(world):
    m = steps.met_aanbod(world)
    return_day = clock.today() - dt.timedelta(days=3)
    thuiszitter.terugkeer_record(melding=m, by=world.school_user, terugkeer_op=return_day)
    item = steps.item(m, "monitoring")
    assert item.due_at.date() == return_day + dt.timedelta(weeks=8)
    assert not m.case.deadlines.filter(kind="thuiszitter_monitoring").exists()
