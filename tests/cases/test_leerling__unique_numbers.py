"""One pupil per BSN and per onderwijsnummer within an SWV, held by the database (conditional unique
constraints: an empty number is no number) and turned by cases.services.leerlingen.leerling_create into the
same Dutch refusal as a duplicate it found itself, also when its own check saw nothing (a registration
that was not committed yet when the check ran)."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from cases.errors import ValidationFailed
from cases.models import Leerling
from cases.services import leerlingen


def _pupil(w, swv=None, **numbers):
    return Leerling(
        swv=swv or w.swv,
        voornaam="Noor",
        achternaam="Jansen",
        geboortedatum=dt.date(2016, 1, 1),
        woongemeente=w.gemeente_a,
        stamschool=w.school_a,
        **numbers,
    )


@pytest.mark.parametrize("field", ["bsn", "onderwijsnummer"])
def test_the_database_refuses_a_second_pupil_with_a_number_in_one_swv(world, field):
    value = {"bsn": "999990111", "onderwijsnummer": "100000004"}[field]
    _pupil(world, **{field: value}).save()
    with pytest.raises(IntegrityError), transaction.atomic():
        _pupil(world, **{field: value}).save()


def test_empty_numbers_and_other_swvs_are_no_duplicates(world, other_world):
    _pupil(world, bsn="999990111").save()
    _pupil(world, bsn="999990123").save()  # both without onderwijsnummer
    _pupil(world, onderwijsnummer="100000004").save()
    _pupil(world, onderwijsnummer="100000016").save()  # both without BSN
    other = _pupil(world, swv=other_world.swv, bsn="999990111", onderwijsnummer="100000004")
    other.woongemeente, other.stamschool = other_world.gemeente_a, other_world.school_a
    other.save()
    assert Leerling.objects.filter(bsn="999990111").count() == 2


@pytest.mark.parametrize(("field", "value"), [("bsn", "999990111"), ("onderwijsnummer", "100000004")])
def test_a_duplicate_the_check_did_not_see_gets_the_same_message(world, monkeypatch, field, value):
    data = {
        "voornaam": "Bram",
        "achternaam": "Bos",
        "geboortedatum": dt.date(2017, 4, 3),
        "bsn": "",
        "onderwijsnummer": "",
        "woongemeente": world.gemeente_a,
        "stamschool": world.school_a,
        "ouder_naam": "Els Bos",
        field: value,
    }
    first = leerlingen.leerling_create(by=world.school_user, data=data)
    with pytest.raises(ValidationFailed) as seen:
        leerlingen._check_unique(world.swv.pk, data["bsn"], data["onderwijsnummer"])
    expected = seen.value
    monkeypatch.setattr(leerlingen, "_check_unique", lambda *args: None)  # as if it ran before `first`
    with pytest.raises(ValidationFailed) as raised:
        leerlingen.leerling_create(by=world.consulent, data=data)
    assert (raised.value.code, raised.value.field, raised.value.message) == (
        "leerling-bestaat",
        field,
        expected.message,
    )
    assert list(Leerling.objects.filter(swv=world.swv, **{field: value})) == [first]
    assert first.ouders.count() == 1  # the refused registration left no ouder behind either
