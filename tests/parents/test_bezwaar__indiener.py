"""A bezwaar records who lodged it (one ouder, both, the school) and the beslissing op bezwaar goes to
exactly them, plus the school; the case page and the API show per letter each recipient and how it went."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from api.models import SCOPES
from cases import clock
from cases.errors import ValidationFailed
from cases.models import Bekendmaking, Ouder
from cases.services import bezwaar
from tests.api.helpers import Api, api_client


def _beslist(w, b):
    bezwaar.ontvankelijkheid_record(bezwaar=b, by=w.consulent, ontvankelijk=True)
    bezwaar.hoorzitting_record(bezwaar=b, by=w.consulent, op=clock.today(), verslag="Gehoord.")
    bezwaar.advies_record(bezwaar=b, by=w.consulent, uitkomst="ongegrond", tekst="Advies", op=clock.today())
    bezwaar.beslissing_record(bezwaar=b, by=w.beslisser, uitkomst="ongegrond", motivering="Zorgvuldig.")
    return Bekendmaking.objects.get(aanvraag=b.aanvraag, soort="beslissing_op_bezwaar")


def _register(w, a, **kwargs):
    return bezwaar.bezwaar_register(
        aanvraag=a, by=w.consulent, ontvangen_op=clock.today(), gronden="Te laag.", **kwargs
    )


@pytest.fixture
def second_ouder(world):
    return Ouder.objects.create(
        leerling=world.leerling_a, naam="Tweede ouder", adres="Molenweg 2, Emmen", gezag=True
    )


def test_a_bezwaar_of_one_ouder_is_decided_to_that_ouder_and_the_school_only(world, steps, second_ouder):
    a = steps.bekendgemaakt(world)
    b = _register(world, a, indiener="ouder", ouder=second_ouder)
    assert (b.indiener, b.ingediend_door) == ("ouder", "Tweede ouder")
    bk = _beslist(world, b)
    rows = {(o.soort, o.naam): o for o in bk.ontvangers.all()}
    assert set(rows) == {("ouder", "Tweede ouder"), ("school", world.school_a.name)}
    copy = rows[("ouder", "Tweede ouder")]
    assert (copy.verzending, copy.gedrukt_op, copy.ouder) == ("post", clock.today(), second_ouder)


def test_a_bezwaar_of_both_ouders_goes_to_each_with_gezag(world, steps, second_ouder):
    Ouder.objects.create(leerling=world.leerling_a, naam="Zonder gezag", gezag=False)
    a = steps.bekendgemaakt(world)
    b = _register(world, a, indiener="ouders")
    assert b.ingediend_door == "Ouder A en Tweede ouder"
    names = {o.naam for o in _beslist(world, b).ontvangers.all()}
    assert names == {"Ouder A", "Tweede ouder", world.school_a.name}


def test_a_bezwaar_of_the_school_goes_to_the_school(world, steps, second_ouder):
    a = steps.bekendgemaakt(world)
    b = _register(world, a, indiener="school")
    assert b.ingediend_door == world.school_a.name and not b.indienende_ouders.exists()
    assert [o.soort for o in _beslist(world, b).ontvangers.all()] == ["school"]


def test_an_ouder_of_another_pupil_or_none_is_refused(world, steps):
    a = steps.bekendgemaakt(world)
    other = Ouder.objects.create(leerling=world.leerling_b, naam="Ander kind")
    with pytest.raises(ValidationFailed) as e:
        _register(world, a, indiener="ouder", ouder=other)
    assert e.value.field == "ouder" and "hoort niet bij de leerling" in e.value.message
    with pytest.raises(ValidationFailed):
        _register(world, a, indiener="ouder")
    assert not a.case.bezwaren.exists()


def test_the_form_the_case_page_and_the_api_show_the_indiener_and_each_recipients_delivery(
    client, world, steps, second_ouder
):
    a = steps.bekendgemaakt(world)
    client.force_login(world.consulent)
    r = client.post(
        reverse("bezwaar_new", args=[a.case.pk]),
        {
            "ontvangen_op": dt.date.today().isoformat(),
            "indiener": "ouder",
            "ouder": second_ouder.pk,
            "gronden": "Te laag.",
        },
    )
    b = a.case.bezwaren.get()
    assert r.status_code == 302 and b.indiener == "ouder"
    assert list(b.indienende_ouders.all()) == [second_ouder]
    page = client.get(reverse("case_detail", args=[a.case.pk])).content.decode()
    assert "per e-mail met de brief als PDF" in page  # Ouder A's besluit
    assert "afgedrukt voor de post op" in page  # the second ouder has no e-mail address
    _c, token = api_client(world, scopes=SCOPES)
    letters = Api(token).get(f"/api/v1/cases/{a.case.pk}/letters/").json()
    besluit = letters[0]
    deliveries = {r["naam"]: r["verzending"] for r in besluit["ontvangers"]}
    assert deliveries["Ouder A"] == "email" and deliveries["Tweede ouder"] == "post"
    assert deliveries[world.school_a.name] == "applicatie"
    # another SWV's client does not see the case
    assert Api(token + "x").get(f"/api/v1/cases/{a.case.pk}/letters/").status_code == 401


@pytest.mark.parametrize(
    ("text", "indiener", "ouders"),
    [("Tweede ouder", "ouder", ["Tweede ouder"]), ("Ouders van Sam", "ouders", ["Ouder A", "Tweede ouder"])],
)
def test_existing_bezwaren_get_an_indiener_from_their_text(
    world, steps, second_ouder, text, indiener, ouders
):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("cases.migrations.0026_bezwaar_indiener")
    a = steps.bekendgemaakt(world)
    b = _register(world, a, indiener="school")
    type(b).objects.filter(pk=b.pk).update(ingediend_door=text)
    migration.indiener_from_text(apps, None)
    b = type(b).objects.get(pk=b.pk)
    assert b.indiener == indiener
    assert sorted(o.naam for o in b.indienende_ouders.all()) == ouders
