"""The loket route through its services: request → triage → besluit (within or over budget, or refused with
a letter) → evaluations on their dates → closed; an extension is a new request linked to the old one."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from cases import clock
from cases.models import CaseEvent, Deadline, Document, WorkItem
from cases.services import loket
from cases.services.deadlines import sweep_deadlines
from tests import loket_steps as steps

AMS = ZoneInfo("Europe/Amsterdam")


@pytest.fixture
def at_march(time_machine):
    time_machine.move_to(dt.datetime(2027, 3, 1, 9, tzinfo=AMS), tick=False)
    return time_machine


def _sweep(time_machine, day):
    time_machine.move_to(dt.datetime.combine(day, dt.time(9), tzinfo=AMS), tick=False)
    sweep_deadlines()


def test_request_to_grant_to_evaluations_to_closed(world, at_march):
    a = steps.concept(world)
    assert a.status == "concept" and a.case.reference.startswith("OA-")
    assert steps.item(a, "aanvullen_indienen").role == "school"
    a = steps.with_documents(a, world)
    loket.aanvraag_submit(aanvraag=a, by=world.school_user)
    a = steps.fresh(a)
    assert a.status == "ingediend" and a.ingediend_op == clock.today()
    kinds = set(a.case.deadlines.exclude(status="closed").values_list("kind", flat=True))
    assert kinds == {"loket_triagetermijn", "loket_beslistermijn"}
    loket.triage_record(aanvraag=a, by=world.consulent, volledig=True, urgent=True, toelichting="ok")
    a = steps.fresh(a)
    assert (a.status, a.urgent) == ("in_behandeling", True)
    assert steps.item(a, "beoordeling").role == "consulent"
    steps.budget(world, uren=100)
    loket.besluit_record(aanvraag=a, by=world.consulent, **steps.toewijzing(uren=40))
    a = steps.fresh(a)
    assert (a.status, a.boven_budget, a.arrangement_soort) == ("toegewezen", False, "ambulante_begeleiding")
    assert a.tussenevaluatie_op == a.startdatum + (a.einddatum - a.startdatum) / 2
    assert Deadline.objects.get(case=a.case, kind="loket_beslistermijn").status == "closed"
    # a letter to each ouder and to the school
    assert a.case.events.filter(action="besluitbrief").exists()
    assert Document.objects.filter(case=a.case, kind="besluitbrief").count() >= 2
    # nothing before the evaluation date; the task on the day
    _sweep(at_march, a.tussenevaluatie_op - dt.timedelta(days=1))
    assert not WorkItem.objects.filter(case=a.case, node="evaluatie_tussentijds").exists()
    _sweep(at_march, a.tussenevaluatie_op)
    task = steps.item(a, "evaluatie_tussentijds")
    assert task.role == "consulent"
    loket.evaluatie_record(
        item=task,
        by=world.consulent,
        doelen_bereikt="deels",
        vervolg="doorgaan",
        toelichting="op koers",
        uren_gebruikt=18,
    )
    assert steps.fresh(a).status == "toegewezen"
    _sweep(at_march, a.einddatum)
    task = steps.item(a, "evaluatie_eind")
    loket.evaluatie_record(
        item=task,
        by=world.consulent,
        doelen_bereikt="ja",
        vervolg="stoppen",
        toelichting="doelen bereikt",
        uren_gebruikt=38,
    )
    a = steps.fresh(a)
    assert a.status == "afgesloten" and a.case.closed_at is not None
    assert (a.case.resultaat, a.case.archiefnominatie) == ("toegewezen", "vernietigen")
    assert [e.moment for e in a.evaluaties.all()] == ["tussentijds", "eind"]
    # history: every transition on the timeline and in the history table
    states = list(a.case.events.filter(kind=CaseEvent.Kind.TRANSITION).values_list("to_state", flat=True))
    assert states == ["concept", "ingediend", "in_behandeling", "toegewezen", "afgesloten"]
    assert a.history.count() >= 5


def test_incomplete_goes_back_to_the_school_and_pauses_the_term(world, at_march):
    a = steps.ingediend(world)
    loket.triage_record(aanvraag=a, by=world.consulent, volledig=False, toelichting="OPP ontbreekt")
    a = steps.fresh(a)
    assert a.status == "concept"
    assert steps.item(a, "aanvullen_indienen").role == "school"
    assert Deadline.objects.get(case=a.case, kind="loket_beslistermijn").status == "paused"
    at_march.move_to(dt.datetime(2027, 3, 5, 9, tzinfo=AMS), tick=False)
    loket.aanvraag_submit(aanvraag=a, by=world.school_user)
    a = steps.fresh(a)
    assert a.status == "ingediend"
    d = Deadline.objects.get(case=a.case, kind="loket_beslistermijn")
    assert d.status == "running" and d.pauses.count() == 1
    assert steps.item(a, "triage")


def test_refusal_sends_a_motivated_letter_with_a_bezwaarclausule(world, at_march):
    a = steps.in_behandeling(world, type_code="ia")
    loket.besluit_record(
        aanvraag=a,
        by=world.consulent,
        beoordeling="De school heeft de basisondersteuning nog niet benut.",
        besluit="afwijzen",
        motivering="Eerst de basisondersteuning inzetten; zie het ondersteuningsplan.",
    )
    a = steps.fresh(a)
    assert a.status == "afgewezen" and a.case.closed_at is not None
    event = a.case.events.get(action="besluitbrief")
    assert "bezwaarclausule" in event.summary and "bezwaar" in event.data["explanation"].lower()
    assert Document.objects.filter(case=a.case, kind="besluitbrief").exists()
    assert not WorkItem.objects.filter(case=a.case, status="open").exists()


def test_over_budget_needs_a_second_approval_by_another_person(world, at_march):
    steps.budget(world, soort="individueel", bedrag=Decimal("5000"))
    a = steps.in_behandeling(world, type_code="ia")
    loket.besluit_record(
        aanvraag=a, by=world.consulent, **steps.toewijzing(bedrag=Decimal("6000"), aanbieder="OPDC")
    )
    a = steps.fresh(a)
    assert a.status == "tweede_akkoord" and a.boven_budget and "1000.00" in a.budget_toelichting
    assert not a.case.deadlines.filter(kind__startswith="loket_evaluatie").exists()
    task = steps.item(a, "tweede_akkoord")
    assert task.role == "beslisser"
    # the one who decided cannot approve it (even with the role)
    from cases.errors import NotPermitted

    with pytest.raises(NotPermitted):
        loket.tweede_akkoord_record(aanvraag=a, by=world.consulent, akkoord=True)
    loket.tweede_akkoord_record(aanvraag=a, by=world.beslisser, akkoord=True, toelichting="akkoord")
    a = steps.fresh(a)
    assert a.status == "toegewezen" and a.tweede_akkoord_door == world.beslisser
    assert a.case.deadlines.filter(kind="loket_evaluatie_eind").exists()
    overview = loket.budget_overview(world.swv, loket.schooljaar_of(clock.today()))
    assert overview[0]["granted"]["bedrag"] == Decimal("6000") and overview[0]["remaining_bedrag"] == -1000
    assert [(r["school"], r["bedrag"], r["aantal"]) for r in overview[0]["per_school"]] == [
        (world.school_a.name, Decimal("6000"), 1)
    ]


def test_refused_second_approval_goes_back_to_the_consulent(world, at_march):
    steps.budget(world, uren=10)
    a = steps.in_behandeling(world)
    loket.besluit_record(aanvraag=a, by=world.consulent, **steps.toewijzing(uren=40))
    loket.tweede_akkoord_record(aanvraag=a, by=world.beslisser, akkoord=False, toelichting="te veel uren")
    a = steps.fresh(a)
    assert a.status == "in_behandeling"
    loket.besluit_record(aanvraag=a, by=world.consulent, **steps.toewijzing(uren=10))
    assert steps.fresh(a).status == "toegewezen"


def test_per_school_budget_is_used_before_the_swv_pool(world, at_march):
    steps.budget(world, uren=1000)
    steps.budget(world, uren=5, school=world.school_a)
    a = steps.in_behandeling(world)
    loket.besluit_record(aanvraag=a, by=world.consulent, **steps.toewijzing(uren=6))
    assert steps.fresh(a).status == "tweede_akkoord"


def test_extension_is_a_new_request_linked_to_the_previous(world, at_march):
    a = steps.toegewezen(world)
    _sweep(at_march, a.einddatum)
    loket.evaluatie_record(
        item=steps.item(a, "evaluatie_eind"),
        by=world.consulent,
        doelen_bereikt="deels",
        vervolg="verlengen",
        toelichting="nog een half jaar",
    )
    a = steps.fresh(a)
    assert a.status == "afgesloten"
    new = a.verlengingen.get()
    assert new.status == "concept" and new.case.school == a.case.school and new.vorige == a
    assert steps.item(new, "aanvullen_indienen").school_id == a.case.school_id


def test_sweep_is_idempotent_for_evaluation_tasks(world, at_march):
    a = steps.toegewezen(world)
    _sweep(at_march, a.tussenevaluatie_op)
    sweep_deadlines()
    assert WorkItem.objects.filter(case=a.case, node="evaluatie_tussentijds").count() == 1
