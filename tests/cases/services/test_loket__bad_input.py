"""Bad input on the loket route: refused with a clear Dutch message, nothing lost, logged on the timeline."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from cases import clock
from cases.errors import Conflict, NotPermitted, ValidationFailed
from cases.models import CaseEvent, Ondersteuningsaanvraag
from cases.services import loket
from tests import loket_steps as steps

AMS = ZoneInfo("Europe/Amsterdam")


@pytest.fixture(autouse=True)
def _march(time_machine):
    time_machine.move_to(dt.datetime(2027, 3, 1, 9, tzinfo=AMS), tick=False)


def test_no_consent_creates_nothing(world):
    with pytest.raises(ValidationFailed) as exc:
        steps.concept(world, toestemming=False)
    assert "toestemming" in exc.value.message
    assert not Ondersteuningsaanvraag.objects.exists()


def test_a_type_the_swv_does_not_offer_is_refused(world):
    steps.types(world)
    world.ia_type.actief = False
    world.ia_type.save()
    with pytest.raises(ValidationFailed) as exc:
        steps.concept(world, type_code="ia")
    assert exc.value.message == "Dit samenwerkingsverband biedt deze soort ondersteuning niet aan."


def test_missing_documents_refused_and_logged(world):
    a = steps.concept(world, type_code="ia")
    with pytest.raises(ValidationFailed) as exc:
        loket.aanvraag_submit(aanvraag=a, by=world.school_user)
    assert "Ontwikkelingsperspectiefplan" in exc.value.message
    a = steps.fresh(a)
    assert a.status == "concept" and a.vraag  # nothing lost
    assert a.case.events.filter(kind=CaseEvent.Kind.REFUSED, action="aanvraag indienen").exists()


def test_another_school_cannot_submit(world):
    a = steps.with_documents(steps.concept(world), world)
    with pytest.raises(NotPermitted):
        loket.aanvraag_submit(aanvraag=a, by=world.school_b_user)


def test_end_before_start_refused(world):
    a = steps.in_behandeling(world)
    today = clock.today()
    with pytest.raises(ValidationFailed) as exc:
        loket.besluit_record(
            aanvraag=a,
            by=world.consulent,
            **steps.toewijzing(
                uren=10, startdatum=today + dt.timedelta(days=30), einddatum=today + dt.timedelta(days=5)
            ),
        )
    assert exc.value.message == "De einddatum ligt niet na de startdatum." and exc.value.field == "einddatum"
    a = steps.fresh(a)
    assert a.status == "in_behandeling" and steps.item(a, "beoordeling")
    assert a.case.events.filter(kind=CaseEvent.Kind.REFUSED).exists()


def test_refusal_without_motivation_refused(world):
    a = steps.in_behandeling(world)
    with pytest.raises(ValidationFailed) as exc:
        loket.besluit_record(aanvraag=a, by=world.consulent, beoordeling="b", besluit="afwijzen")
    assert exc.value.field == "motivering"


def test_hours_type_needs_hours(world):
    a = steps.in_behandeling(world)
    with pytest.raises(ValidationFailed) as exc:
        loket.besluit_record(aanvraag=a, by=world.consulent, **steps.toewijzing())
    assert exc.value.field == "uren"


def test_over_budget_is_not_granted_without_the_second_approval(world):
    steps.budget(world, soort="individueel", bedrag=Decimal("100"))
    a = steps.in_behandeling(world, type_code="ia")
    loket.besluit_record(aanvraag=a, by=world.consulent, **steps.toewijzing(bedrag=Decimal("500")))
    a = steps.fresh(a)
    assert a.status == "tweede_akkoord" and a.boven_budget
    assert not a.case.deadlines.filter(kind__startswith="loket_evaluatie").exists()
    with pytest.raises(NotPermitted) as exc:
        loket.tweede_akkoord_record(aanvraag=a, by=world.consulent, akkoord=True)
    assert "andere persoon" in exc.value.message
    with pytest.raises(NotPermitted):  # a school has no say in it
        loket.tweede_akkoord_record(aanvraag=a, by=world.school_user, akkoord=True)
    with pytest.raises(ValidationFailed):  # no approval without saying why
        loket.tweede_akkoord_record(aanvraag=a, by=world.beslisser, akkoord=False)
    assert steps.fresh(a).status == "tweede_akkoord"


def test_evaluation_of_a_closed_arrangement_refused(world, time_machine):
    from cases.services.deadlines import sweep_deadlines

    a = steps.toegewezen(world)
    time_machine.move_to(dt.datetime.combine(a.tussenevaluatie_op, dt.time(9), tzinfo=AMS), tick=False)
    sweep_deadlines()
    item = steps.item(a, "evaluatie_tussentijds")
    loket.evaluatie_record(
        item=item, by=world.consulent, doelen_bereikt="nee", vervolg="tlv", toelichting="TLV"
    )
    assert steps.fresh(a).status == "afgesloten"
    with pytest.raises(Conflict) as exc:
        loket.evaluatie_record(
            item=item, by=world.consulent, doelen_bereikt="ja", vervolg="stoppen", toelichting="x"
        )
    assert "loopt niet (meer)" in exc.value.message
    assert a.case.events.filter(kind=CaseEvent.Kind.REFUSED, action="evaluatie").exists()
