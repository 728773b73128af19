"""Advice and consultation questions to the loket: anonymous until the ouders consent, answered within the
term, converted into a full request; a question with a BSN in it is refused and the attempt logged; each
role sees only its own."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from audit.models import AuditEvent
from cases import policies
from cases.errors import Conflict, NotPermitted, ValidationFailed
from cases.models import Adviesvraag, Ondersteuningsaanvraag
from cases.models.loket import AdviesvraagStatus
from cases.services import loket
from tests import loket_steps as steps
from tests.factories import give_consent

AMS = ZoneInfo("Europe/Amsterdam")


def _ask(w, **kwargs):
    return loket.adviesvraag_create(
        by=w.school_user,
        school=w.school_a,
        soort=kwargs.pop("soort", "advies"),
        vraag=kwargs.pop("vraag", "Leerling in groep 6 met veel faalangst: welke aanpak past?"),
        **kwargs,
    )


@pytest.mark.parametrize(
    "text,found",
    [
        ("BSN 111222333 van de leerling", True),  # 9*1+8*1+7*1+6*2+5*2+4*2+3*3+2*3-1*3 = 66 = 6*11
        ("nummer 111.222.333", True),
        ("nummer 111 22 23 33", True),
        ("nummer 111222334", False),  # elfproef fails
        ("telefoon 0612345678", False),  # ten digits: no BSN
        ("groep 6, 12 jaar", False),
    ],
)
def test_contains_bsn(text, found):
    assert loket.contains_bsn(text) is found


def test_anonymous_question_answered_within_term_and_converted(world, time_machine):
    time_machine.move_to(dt.datetime(2027, 3, 1, 9, tzinfo=AMS), tick=False)  # a Monday
    steps.types(world)
    v = _ask(world)
    assert v.anoniem and v.leerling is None and v.status == AdviesvraagStatus.GESTELD
    assert v.reference.startswith(f"AV-{world.swv.code}-2027-")
    # 2 weeks from Monday 1 March: Monday 15 March
    assert v.antwoord_uiterlijk == dt.date(2027, 3, 15)
    assert "15" in v.termijn_uitleg and "maart" in v.termijn_uitleg
    # the school cannot answer its own question; the loket can
    with pytest.raises(NotPermitted):
        loket.adviesvraag_answer(vraag=v, by=world.school_user, antwoord="zelf")
    time_machine.move_to(dt.datetime(2027, 3, 10, 9, tzinfo=AMS), tick=False)
    v = loket.adviesvraag_answer(
        vraag=v, by=world.consulent, antwoord="Doe een aanvraag ambulante begeleiding."
    )
    assert v.status == AdviesvraagStatus.BEANTWOORD and not v.te_laat
    with pytest.raises(Conflict):
        loket.adviesvraag_answer(vraag=v, by=world.consulent, antwoord="nog eens")
    # converting needs the ouders' consent in the register: refused without, nothing made
    with pytest.raises(ValidationFailed):
        loket.adviesvraag_convert(
            vraag=v,
            by=world.school_user,
            leerling=world.leerling_a,
            aanvraag_type=world.ab_type,
            ingezet="IB",
        )
    assert not Ondersteuningsaanvraag.objects.exists()
    assert Adviesvraag.objects.get(pk=v.pk).leerling is None
    give_consent(world.leerling_a, "gegevensdeling")
    a = loket.adviesvraag_convert(
        vraag=v, by=world.school_user, leerling=world.leerling_a, aanvraag_type=world.ab_type, ingezet="IB"
    )
    v = Adviesvraag.objects.get(pk=v.pk)
    assert v.status == AdviesvraagStatus.OMGEZET and v.aanvraag == a and v.leerling == world.leerling_a
    assert v.reference in a.vraag and "Doe een aanvraag" in a.vraag
    assert a.case.events.filter(action="adviesvraag_omgezet").exists()
    with pytest.raises(Conflict):
        loket.adviesvraag_convert(
            vraag=v,
            by=world.school_user,
            leerling=world.leerling_a,
            aanvraag_type=world.ab_type,
            ingezet="IB",
        )
    assert v.history.count() == 3  # gesteld, beantwoord, omgezet


def test_question_with_a_bsn_is_refused_and_logged_without_the_number(world):
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationFailed) as exc:
        _ask(world, vraag="Het gaat om de leerling met BSN 111222333, wat nu?")
    assert exc.value.code == "bsn-in-vraag" and "burgerservicenummer" in str(exc.value.message)
    assert not Adviesvraag.objects.exists()
    events = AuditEvent.objects.order_by("seq")[before:]
    assert [e.action for e in events] == ["loket.adviesvraag.geweigerd"]
    assert "111222333" not in str(events[0].payload)


def test_late_answer_and_named_question_need_consent(world, time_machine):
    time_machine.move_to(dt.datetime(2027, 3, 1, 9, tzinfo=AMS), tick=False)
    with pytest.raises(ValidationFailed):  # naming a pupil without consent
        _ask(world, leerling=world.leerling_a)
    give_consent(world.leerling_a, "gegevensdeling")
    v = _ask(world, leerling=world.leerling_a, soort="consultatie")
    assert not v.anoniem
    time_machine.move_to(dt.datetime(2027, 3, 16, 9, tzinfo=AMS), tick=False)
    assert Adviesvraag.objects.get(pk=v.pk).te_laat
    v = loket.adviesvraag_answer(vraag=v, by=world.consulent, antwoord="laat")
    assert v.te_laat
    # a named question converts only for its own pupil
    steps.types(world)
    with pytest.raises(ValidationFailed):
        loket.adviesvraag_convert(
            vraag=v, by=world.school_user, leerling=world.leerling_b, aanvraag_type=world.ab_type, ingezet="x"
        )


def test_each_role_sees_only_its_own_questions(world, other_world):
    v = _ask(world)
    assert v in policies.visible_adviesvragen(world.school_user)
    assert v in policies.visible_adviesvragen(world.consulent)
    assert v not in policies.visible_adviesvragen(world.school_b_user)
    assert v not in policies.visible_adviesvragen(other_world.consulent)
    assert v not in policies.visible_adviesvragen(other_world.school_user)
    assert not policies.can(other_world.consulent, "adviesvraag.answer", v)
    assert not policies.can(world.school_b_user, "adviesvraag.convert", v)
    with pytest.raises(NotPermitted):
        loket.adviesvraag_create(by=world.school_b_user, school=world.school_a, soort="advies", vraag="x")


def test_a_question_about_a_group_or_the_school_names_no_pupil_and_is_not_converted(world):
    steps.types(world)
    with pytest.raises(ValidationFailed):  # a group needs its name
        _ask(world, soort="consultatie", betreft="groep")
    v = _ask(world, soort="consultatie", betreft="groep", groep=" groep 5/6 ")
    assert v.groep == "groep 5/6" and v.leerling is None
    school = _ask(world, soort="consultatie", betreft="school", groep="genegeerd")
    assert school.groep == ""
    give_consent(world.leerling_a, "gegevensdeling")
    with pytest.raises(ValidationFailed):  # a group question never names a pupil
        _ask(world, betreft="groep", groep="7b", leerling=world.leerling_a)
    with pytest.raises(ValidationFailed) as exc:
        loket.adviesvraag_convert(
            vraag=v, by=world.school_user, leerling=world.leerling_a, aanvraag_type=world.ab_type, ingezet="x"
        )
    assert exc.value.code == "vraag-niet-om-te-zetten"
    assert not Ondersteuningsaanvraag.objects.exists()
