"""The onvolledig loop (hersteltermijn), the CvA 'meer informatie' pause and buiten behandeling stellen.

Calendar: Monday 1 March 2027 is day 0. Hersteltermijn 2 weeks -> Monday 15 March. The beslistermijn runs
from receipt of the aanvraag (Awb 4:13) and stands still from the day after the request to complete it
(Awb 4:15 lid 1 a). Beslistermijn 6 weeks from Friday 5 March -> Friday 16 April.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from cases import clock, policies
from cases.errors import ValidationFailed
from cases.models import CaseEvent, Deadline, WorkItem
from cases.services import tlv
from cases.services.deadlines import sweep_deadlines
from notifications.models import Notification
from tests.asserts import Snapshot, assert_refused_without_effect

AMS = ZoneInfo("Europe/Amsterdam")


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=AMS)


MON_1_MARCH = dt.date(2027, 3, 1)


@pytest.fixture
def travel():
    with time_machine.travel(at(MON_1_MARCH), tick=False) as traveller:
        yield lambda day: traveller.move_to(at(day))


def herstel_deadline(a):
    return Deadline.objects.filter(case=a.case, kind=tlv.HERSTELTERMIJN).latest("pk")


def beslistermijn(a):
    return Deadline.objects.filter(case=a.case, kind=tlv.BESLISTERMIJN).latest("pk")


def open_item(a, node):
    return WorkItem.objects.get(case=a.case, node=node, status=WorkItem.Status.OPEN)


def werkvoorraad(user):
    return WorkItem.objects.filter(
        policies.werkvoorraad_filter(user), status=WorkItem.Status.OPEN, assignee__isnull=True
    )


def test_onvolledig_starts_a_two_week_hersteltermijn_and_a_school_task(world, steps, travel):
    a = steps.ingediend(world)
    tlv.volledigheid_record(
        aanvraag=a, by=world.consulent, volledig=False, ontbrekende_stukken="OPP-evaluatie"
    )
    a = steps.fresh(a)

    assert a.status == "onvolledig"
    assert a.hersteltermijn_tot == dt.date(2027, 3, 15)
    herstel = herstel_deadline(a)
    assert (herstel.status, herstel.started_on, herstel.due_on) == (
        "running",
        MON_1_MARCH,
        dt.date(2027, 3, 15),
    )
    assert (
        "Gestart op 1 maart 2027 (om aanvulling van het dossier gevraagd); termijn 2 weken (hersteltermijn) "
        "loopt tot en met 15 maart 2027. De termijn telt vanaf de dag erna, 2 maart 2027."
    ) in herstel.explanation
    # the beslistermijn runs from receipt (1 March) and stands still from 2 March; projected with the whole
    # hersteltermijn: pause [2 March, 16 March) = 14 days -> 12 April + 14 = Monday 26 April
    termijn = beslistermijn(a)
    assert (termijn.status, termijn.started_on, termijn.due_on) == (
        "paused",
        MON_1_MARCH,
        dt.date(2027, 4, 26),
    )

    item = open_item(a, "herstel")
    assert (item.role, item.school, item.assignee) == ("school", world.school_a, None)
    assert item.deadline == herstel
    assert item.due_at == clock.end_of_day(dt.date(2027, 3, 15))
    assert "OPP-evaluatie" in item.instructions
    assert item in werkvoorraad(world.school_user)
    assert item not in werkvoorraad(world.school_b_user)
    assert item not in werkvoorraad(world.consulent)
    assert Notification.objects.filter(
        user=world.school_user, key=f"workitem:{item.pk}:u{world.school_user.pk}", kind="new_task"
    ).exists()


def test_herstel_gives_the_consulent_a_new_check_and_volledig_starts_the_beslistermijn(world, steps, travel):
    a = steps.ingediend(world)
    tlv.volledigheid_record(
        aanvraag=a, by=world.consulent, volledig=False, ontbrekende_stukken="OPP-evaluatie"
    )
    first_check = WorkItem.objects.get(case=a.case, node="volledigheidstoets")

    travel(dt.date(2027, 3, 4))
    tlv.herstel_submit(aanvraag=a, by=world.school_user, toelichting="OPP-evaluatie toegevoegd")
    a = steps.fresh(a)
    assert a.status == "onvolledig"
    assert WorkItem.objects.get(case=a.case, node="herstel").status == "done"
    check = open_item(a, "volledigheidstoets")
    assert check.pk != first_check.pk
    assert (check.role, check.assignee) == ("consulent", None)
    assert check in werkvoorraad(world.consulent)
    assert Notification.objects.filter(
        user=world.consulent, key=f"workitem:{check.pk}:u{world.consulent.pk}"
    ).exists()

    complete_on = dt.date(2027, 3, 5)
    travel(complete_on)
    tlv.volledigheid_record(aanvraag=a, by=world.consulent, volledig=True)
    a = steps.fresh(a)
    assert a.status == "deskundigenadvies"
    assert a.volledig_op == dt.date(2027, 3, 4)  # the day the missing items were received, not the check
    assert (a.hersteltermijn_tot, a.ontbrekende_stukken) == (None, "")
    assert herstel_deadline(a).status == "closed"
    # received 1 March, paused [2 March, 4 March) = 2 days: 12 April + 2 = Wednesday 14 April
    termijn = beslistermijn(a)
    assert (termijn.status, termijn.started_on, termijn.due_on) == (
        "running",
        MON_1_MARCH,
        dt.date(2027, 4, 14),
    )
    assert {i.node for i in WorkItem.objects.filter(case=a.case, status="open")} == {
        "deskundigenadvies_1",
        "deskundigenadvies_2",
    }
    assert all(
        i.due_at == clock.end_of_day(dt.date(2027, 4, 14))
        for i in WorkItem.objects.filter(case=a.case, status="open")
    )


def test_a_second_onvolledig_round_replaces_the_hersteltermijn(world, steps, travel):
    a = steps.ingediend(world)
    tlv.volledigheid_record(aanvraag=a, by=world.consulent, volledig=False, ontbrekende_stukken="OPP")
    first = herstel_deadline(a)
    travel(dt.date(2027, 3, 8))
    tlv.herstel_submit(aanvraag=a, by=world.school_user)
    tlv.volledigheid_record(
        aanvraag=a,
        by=world.consulent,
        volledig=False,
        ontbrekende_stukken="Zienswijze",
        hersteltermijn_tot=dt.date(2027, 3, 12),
    )
    a = steps.fresh(a)
    first.refresh_from_db()
    second = herstel_deadline(a)
    assert first.status == "closed"
    assert second.pk != first.pk
    assert (second.status, second.due_on) == ("running", dt.date(2027, 3, 12))
    assert a.hersteltermijn_tot == dt.date(2027, 3, 12)
    item = open_item(a, "herstel")
    assert (item.deadline, item.due_at) == (second, clock.end_of_day(dt.date(2027, 3, 12)))
    assert "Zienswijze" in item.instructions


def test_meer_informatie_pauses_the_beslistermijn_and_resuming_moves_it_by_the_pause(world, steps, travel):
    travel(dt.date(2027, 3, 5))
    a = steps.deskundigenadvies(world)
    assert beslistermijn(a).due_on == dt.date(2027, 4, 16)
    travel(dt.date(2027, 3, 10))
    tlv.deskundigenadvies_record(
        aanvraag=a, by=world.deskundige1, volgorde=1, advies="A1", aanbeveling="toekennen"
    )
    tlv.deskundigenadvies_record(
        aanvraag=a, by=world.deskundige2, volgorde=2, advies="A2", aanbeveling="toekennen"
    )

    travel(dt.date(2027, 3, 12))
    tlv.cva_advies_record(aanvraag=a, by=world.cva, uitkomst="meer_informatie", vraag="MDO-verslag")
    termijn = beslistermijn(a)
    assert steps.fresh(a).status == "meer_informatie"
    # paused from 13 March; answer term 12 March + 2 weeks = 26 March: projected [13, 27 March) = 14 days
    assert (termijn.status, termijn.due_on, termijn.next_action_at) == ("paused", dt.date(2027, 4, 30), None)
    assert "staat stil sinds 13 maart 2027" in termijn.explanation

    travel(dt.date(2027, 3, 22))  # 10 days later
    tlv.informatie_aanvullen(aanvraag=a, by=world.school_user, toelichting="MDO-verslag bijgevoegd")
    termijn = beslistermijn(a)
    assert steps.fresh(a).status == "cva_advies"
    assert termijn.status == "running"
    # [13 March, 22 March) = 9 days: 16 April + 9 = Sunday 25 April -> Monday 26 April (Atw)
    assert termijn.due_on == dt.date(2027, 4, 26)
    assert "Opgeschort van 13 maart 2027 tot 22 maart 2027 (9 dagen)" in termijn.explanation
    assert "CvA/BTO vraagt meer informatie" in termijn.explanation
    assert open_item(a, "cva_advies").due_at == clock.end_of_day(dt.date(2027, 4, 26))


def test_buiten_behandeling_only_after_the_hersteltermijn(world, steps, travel):
    a = steps.onvolledig(world)
    assert a.hersteltermijn_tot == dt.date(2027, 3, 15)

    travel(dt.date(2027, 3, 15))  # the last day of the hersteltermijn: too early
    before = Snapshot.of(a)
    with pytest.raises(ValidationFailed) as info:
        tlv.buiten_behandeling_stellen(aanvraag=a, by=world.consulent, reason="Niet aangevuld")
    assert info.value.code == "condition-not-met"
    assert "hersteltermijn is nog niet verstreken" in str(info.value.message)
    assert_refused_without_effect(a, before, info.value)
    assert a.process.status not in ("CANCELED", "DONE")

    travel(dt.date(2027, 3, 16))
    tlv.buiten_behandeling_stellen(aanvraag=a, by=world.consulent, reason="Niet aangevuld")
    a = steps.fresh(a)
    assert a.status == "buiten_behandeling"
    assert a.case.closed_at == at(dt.date(2027, 3, 16))
    assert a.process.status == "CANCELED"
    assert not WorkItem.objects.filter(case=a.case, status="open").exists()
    assert WorkItem.objects.get(case=a.case, node="herstel").status == "cancelled"
    assert herstel_deadline(a).status == "closed"
    assert (
        CaseEvent.objects.filter(case=a.case, kind="transition", to_state="buiten_behandeling").count() == 1
    )


def test_buiten_behandeling_also_settles_the_hersteltermijn_escalation(world, steps, travel):
    a = steps.onvolledig(world)
    travel(dt.date(2027, 3, 16))
    assert sweep_deadlines() == 1  # the hersteltermijn has no warning point; only the breach
    escalation = WorkItem.objects.get(case=a.case, kind="escalation")
    assert (escalation.role, escalation.status) == ("consulent", "open")

    tlv.buiten_behandeling_stellen(aanvraag=a, by=world.consulent, reason="Niet aangevuld")
    assert not WorkItem.objects.filter(case=a.case, status="open").exists()
    escalation.refresh_from_db()
    assert (escalation.status, escalation.completed_by) == ("cancelled", world.consulent)


def test_items_received_in_time_end_the_hersteltermijn_before_the_check(world, steps, travel):
    # herstel asked Mon 1 March, hersteltermijn to Mon 15 March; the school adds the items on Wed 10 March and
    # the consulent checks only on Wed 17 March: the hersteltermijn was met on 10 March, so the sweep on
    # Tue 16 March escalates nothing (the school is not late, only the check is)
    a = steps.onvolledig(world)
    travel(dt.date(2027, 3, 10))
    tlv.herstel_submit(aanvraag=a, by=world.school_user, toelichting="OPP toegevoegd")
    herstel = herstel_deadline(a)
    assert (herstel.status, herstel.close_reason) == ("closed", "ontbrekende stukken ontvangen")
    assert herstel.closed_at == at(dt.date(2027, 3, 10))
    travel(dt.date(2027, 3, 16))
    sweep_deadlines()
    assert not WorkItem.objects.filter(case=a.case, kind="escalation").exists()
    assert not CaseEvent.objects.filter(case=a.case, action="deadline_breach").exists()
    travel(dt.date(2027, 3, 17))
    tlv.volledigheid_record(aanvraag=a, by=world.consulent, volledig=True)
    # received 1 March, paused [2 March, 10 March) = 8 days: 12 April + 8 = Tue 20 April
    assert beslistermijn(a).due_on == dt.date(2027, 4, 20)
