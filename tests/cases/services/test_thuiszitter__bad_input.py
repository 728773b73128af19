"""Bad input on the thuiszitter route: each refused with a clear message and no effect."""

import datetime as dt

import pytest

from cases import clock
from cases.errors import DomainError, NotPermitted, ValidationFailed
from cases.models import Case, CaseEvent, Leerling, PlanVanAanpak, ThuiszitterMelding
from cases.services import thuiszitter
from tests import thuiszitter_steps as steps
from tests.factories import give_consent


def _leerling_aged(w, years: int, days: int = 0) -> Leerling:
    today = clock.today()
    born = today.replace(year=today.year - years) - dt.timedelta(days=days)
    return Leerling.objects.create(
        swv=w.swv,
        voornaam="Leeftijd",
        achternaam=f"{years}",
        geboortedatum=born,
        onderwijsnummer="",
        bsn="",
        woongemeente=w.gemeente_a,
        stamschool=w.school_a,
    )


def _melden(w, leerling, **kwargs):
    return thuiszitter.melding_create(
        by=w.school_user,
        leerling=leerling,
        type="relatief",
        eerste_verzuimdag=kwargs.pop("eerste_verzuimdag", clock.today() - dt.timedelta(days=3)),
        **kwargs,
    )


@pytest.mark.parametrize("years, ok", [(4, False), (5, True), (18, True), (19, False)])
def test_age_5_to_18(world, years, ok):
    leerling = _leerling_aged(world, years, days=10)
    if ok:
        assert _melden(world, leerling, eerste_verzuimdag=clock.today())
    else:
        with pytest.raises(ValidationFailed) as exc:
            _melden(world, leerling, eerste_verzuimdag=clock.today())
        assert exc.value.code == "leeftijd"
        assert "jaar" in str(exc.value.message)
        assert not Case.objects.filter(leerling=leerling).exists()


def test_first_day_of_absence_in_the_future(world):
    with pytest.raises(ValidationFailed) as exc:
        _melden(world, world.leerling_a, eerste_verzuimdag=clock.today() + dt.timedelta(days=1))
    assert exc.value.code == "datum-toekomst" and exc.value.field == "eerste_verzuimdag"
    assert not ThuiszitterMelding.objects.exists()


def test_melding_date_in_the_future(world):
    with pytest.raises(ValidationFailed) as exc:
        _melden(world, world.leerling_a, gemeld_op=clock.today() + dt.timedelta(days=2))
    assert exc.value.code == "datum-toekomst" and exc.value.field == "gemeld_op"


def test_first_day_of_absence_after_the_melding(world):
    with pytest.raises(ValidationFailed) as exc:
        _melden(
            world,
            world.leerling_a,
            gemeld_op=clock.today() - dt.timedelta(days=5),
            eerste_verzuimdag=clock.today() - dt.timedelta(days=2),
        )
    assert exc.value.code == "verzuim-na-melding"
    assert not ThuiszitterMelding.objects.exists()


def test_second_open_melding_is_refused_pointing_to_the_open_one(world):
    first = steps.gemeld(world)
    with pytest.raises(ValidationFailed) as exc:
        steps.gemeld(world, by=world.consulent)
    assert exc.value.code == "melding-bestaat"
    assert first.case.reference in str(exc.value.message)
    assert exc.value.existing == first
    assert ThuiszitterMelding.objects.count() == 1
    refused = CaseEvent.objects.get(case=first.case, kind=CaseEvent.Kind.REFUSED)
    assert refused.data == {"code": "melding-bestaat"}


def test_plan_van_aanpak_without_an_owner(world):
    m = steps.geregistreerd(world)
    with pytest.raises(ValidationFailed) as exc:
        thuiszitter.plan_record(melding=m, by=world.school_user, eigenaar=None, inhoud="Plan")
    assert exc.value.code == "plan-eigenaar"
    assert "eigenaar" in str(exc.value.message)
    assert not PlanVanAanpak.objects.exists()
    assert steps.fresh(m).status == "geregistreerd"
    assert CaseEvent.objects.filter(case=m.case, kind="refused").count() == 1


def test_registration_needs_a_stamschool_unless_nieuwkomer(world):
    m = steps.gemeld(world)
    with pytest.raises(ValidationFailed) as exc:
        thuiszitter.registratie_record(
            melding=m, by=world.consulent, type="relatief", officieel=True, risico=False, stamschool=None
        )
    assert "stamschool" in str(exc.value.message)
    assert steps.fresh(m).status == "gemeld"
    thuiszitter.registratie_record(
        melding=m,
        by=world.consulent,
        type="absoluut",
        officieel=False,
        risico=True,
        stamschool=None,
        nieuwkomer=True,
    )
    assert steps.fresh(m).status == "geregistreerd"


def test_casusoverleg_needs_an_independent_chair_and_complete_agreements(world):
    m = steps.met_plan(world)
    give_consent(m.case.leerling, "casusoverleg")
    base = dict(
        melding=m,
        by=world.consulent,
        datum=clock.today(),
        voorzitter="X",
        deelnemers="school",
        afspraken=[{"omschrijving": "a", "eigenaar": "b", "uiterlijk": clock.today()}],
    )
    with pytest.raises(ValidationFailed) as exc:
        thuiszitter.casusoverleg_record(**{**base, "voorzitter_onafhankelijk": False})
    assert exc.value.code == "voorzitter"
    with pytest.raises(ValidationFailed) as exc:
        thuiszitter.casusoverleg_record(
            **{**base, "voorzitter_onafhankelijk": True, "afspraken": [{"omschrijving": "a", "eigenaar": ""}]}
        )
    assert exc.value.code == "afspraak-onvolledig"
    assert steps.fresh(m).status == "plan_van_aanpak"


def test_only_the_pupils_school_leerplicht_or_swv_may_report(world, other_world):
    for user in (world.school_b_user, other_world.consulent, other_world.leerplicht, world.auditor):
        with pytest.raises(NotPermitted):
            steps.gemeld(world, by=user)
    assert steps.gemeld(world, by=world.leerplicht).melder == "leerplicht"


def test_a_step_out_of_order_is_refused(world):
    m = steps.gemeld(world)
    with pytest.raises(DomainError):
        thuiszitter.aanbod_record(
            melding=m, by=world.consulent, soort="onderwijs", omschrijving="x", startdatum=clock.today()
        )
    assert steps.fresh(m).status == "gemeld"
