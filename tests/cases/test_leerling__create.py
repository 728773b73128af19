"""A school (and the consulent) registers a new pupil: through the page "Nieuwe leerling" (also as the dialog
on a case form, answering JSON) and through the API (`POST /api/v1/pupils/`), both via
cases.services.leerlingen.leerling_create. A school only for itself, the consulent for the schools of their
SWV, nobody else; an invalid or duplicate BSN is refused with a Dutch message."""

import datetime as dt

import pytest
from django.urls import reverse

from cases.models import Leerling, Ouder
from cases.roles import Role
from tests.api.helpers import Api, api_client

NEW_BSN = "999990111"
NEW_ONDERWIJSNUMMER = "100000004"


def _data(w, **over):
    data = {
        "voornaam": "Bram",
        "achternaam": "Bos",
        "geboortedatum": "2017-04-03",
        "bsn": NEW_BSN,
        "onderwijsnummer": "",
        "woongemeente": w.gemeente_a.pk,
        "stamschool": w.school_a.pk,
        "ouder_naam": "Els Bos",
        "ouder_email": "els@example.org",
        "ouder_telefoon": "0612345678",
    }
    data.update(over)
    return data


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(dt.datetime(2026, 12, 7, 9, tzinfo=dt.UTC), tick=False)


def test_a_school_adds_its_own_pupil_and_returns_to_the_case_form(client, world):
    client.force_login(world.school_user)
    response = client.post(f"{reverse('leerling_new')}?route=tlv", _data(world))
    leerling = Leerling.objects.get(bsn=NEW_BSN)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('aanvraag_new')}?leerling={leerling.pk}"
    assert (leerling.swv, leerling.stamschool, leerling.woongemeente) == (
        world.swv,
        world.school_a,
        world.gemeente_a,
    )
    ouder = Ouder.objects.get(leerling=leerling)
    assert (ouder.naam, ouder.email, ouder.telefoon) == ("Els Bos", "els@example.org", "0612345678")
    history = leerling.history.get()
    assert history.history_user == world.school_user
    assert "Nieuwe leerling toegevoegd" in history.history_change_reason
    # back on the TLV form the new pupil is selected and may be posted
    form = client.get(response["Location"]).content.decode()
    assert f'value="{leerling.pk}" id="id_leerling_0" checked' in form


def test_the_dialog_gets_the_new_pupil_as_json(client, world):
    client.force_login(world.school_user)
    response = client.post(
        f"{reverse('leerling_new')}?route=tlv&partial=1", _data(world), HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 201
    body = response.json()
    assert body["id"] == Leerling.objects.get(bsn=NEW_BSN).pk
    assert body["label"] == "Bram Bos" and "03-04-2017" in body["detail"] and "*****0111" in body["detail"]


def test_the_form_in_the_dialog_is_the_form_alone(client, world):
    client.force_login(world.school_user)
    html = client.get(f"{reverse('leerling_new')}?route=tlv&partial=1").content.decode()
    assert html.lstrip().startswith("<form") and "<html" not in html


def test_a_school_cannot_add_a_pupil_of_another_school(client, world):
    client.force_login(world.school_user)
    response = client.post(reverse("leerling_new"), _data(world, stamschool=world.school_b.pk))
    assert response.status_code == 400
    assert "geldige keuze" in response.content.decode()
    assert not Leerling.objects.filter(bsn=NEW_BSN).exists()


def test_the_consulent_adds_a_pupil_for_any_school_of_the_swv(client, world, other_world):
    client.force_login(world.consulent)
    ok = client.post(
        f"{reverse('leerling_new')}?route=thuiszitter", _data(world, stamschool=world.school_b.pk)
    )
    assert ok.status_code == 302
    assert Leerling.objects.get(bsn=NEW_BSN).stamschool == world.school_b
    other = client.post(
        reverse("leerling_new"), _data(world, bsn="999990123", stamschool=other_world.school_a.pk)
    )
    assert other.status_code == 400 and not Leerling.objects.filter(bsn="999990123").exists()


@pytest.mark.parametrize("role", ["leerplicht", "deskundige1", "auditor", "beslisser", "cva"])
def test_other_roles_may_not_add_pupils(client, world, role):
    client.force_login(getattr(world, role))
    assert client.get(reverse("leerling_new")).status_code == 403
    assert client.post(reverse("leerling_new"), _data(world)).status_code == 403
    assert not Leerling.objects.filter(bsn=NEW_BSN).exists()


def test_an_invalid_bsn_is_a_field_error(client, world):
    client.force_login(world.school_user)
    response = client.post(reverse("leerling_new"), _data(world, bsn="123456789"))
    assert response.status_code == 400
    assert "Ongeldig BSN: de elfproef klopt niet." in response.content.decode()
    assert not Leerling.objects.filter(bsn="123456789").exists()


def test_an_onderwijsnummer_is_enough_and_one_of_the_two_is_needed(client, world):
    client.force_login(world.school_user)
    none = client.post(reverse("leerling_new"), _data(world, bsn=""))
    assert none.status_code == 400 and "Vul het BSN of het onderwijsnummer" in none.content.decode()
    ok = client.post(reverse("leerling_new"), _data(world, bsn="", onderwijsnummer=NEW_ONDERWIJSNUMMER))
    assert ok.status_code == 302
    assert Leerling.objects.get(onderwijsnummer=NEW_ONDERWIJSNUMMER).bsn == ""


def test_a_date_of_birth_in_the_future_is_refused(client, world):
    client.force_login(world.school_user)
    response = client.post(reverse("leerling_new"), _data(world, geboortedatum="2027-01-01"))
    assert response.status_code == 400 and "te ver in de toekomst" in response.content.decode()


def test_a_duplicate_bsn_in_the_swv_is_refused_without_naming_the_pupil(client, world, other_world):
    client.force_login(world.school_user)
    existing = world.leerling_b  # of school B: the school may not see this pupil
    response = client.post(reverse("leerling_new"), _data(world, bsn=existing.bsn))
    html = response.content.decode()
    assert response.status_code == 400
    assert "Er staat al een leerling met dit BSN in uw samenwerkingsverband" in html
    assert str(existing) not in html and existing.stamschool.name not in html
    assert Leerling.objects.filter(swv=world.swv, bsn=existing.bsn).count() == 1
    # the same BSN in another SWV is no duplicate (and reveals nothing about that SWV)
    Leerling.objects.create(
        swv=other_world.swv,
        voornaam="Elders",
        achternaam="Ingeschreven",
        geboortedatum=dt.date(2016, 1, 1),
        bsn=NEW_BSN,
        woongemeente=other_world.gemeente_a,
        stamschool=other_world.school_a,
    )
    other = client.post(reverse("leerling_new"), _data(world, bsn=NEW_BSN))
    assert other.status_code == 302


def test_the_case_forms_offer_new_pupil_only_to_who_may_add(client, world):
    client.force_login(world.school_user)
    assert reverse("leerling_new") in client.get(reverse("aanvraag_new")).content.decode()
    client.force_login(world.leerplicht)
    assert reverse("leerling_new") not in client.get(reverse("thuiszitter_new")).content.decode()


# --- the API ------------------------------------------------------------------------------------------


def test_api_school_client_creates_a_pupil(world):
    _client, token = api_client(world, Role.SCHOOL)
    response = Api(token).post("/api/v1/pupils/", _data(world))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["bsn"] == NEW_BSN and body["stamschool"] == world.school_a.pk
    assert Leerling.objects.get(pk=body["id"]).ouders.get().naam == "Els Bos"


def test_api_school_client_for_another_school_is_refused(world):
    _client, token = api_client(world, Role.SCHOOL)
    response = Api(token).post("/api/v1/pupils/", _data(world, stamschool=world.school_b.pk))
    assert response.status_code == 400 and response.json()["field"] == "stamschool"
    assert not Leerling.objects.filter(bsn=NEW_BSN).exists()


@pytest.mark.parametrize("role", [Role.LEERPLICHTAMBTENAAR, Role.DESKUNDIGE, Role.BESLISSER])
def test_api_other_roles_are_refused(world, role):
    _client, token = api_client(world, role)
    response = Api(token).post("/api/v1/pupils/", _data(world))
    assert response.status_code == 403
    assert not Leerling.objects.filter(bsn=NEW_BSN).exists()


def test_api_without_write_scope_is_refused(world):
    _client, token = api_client(world, Role.SCHOOL, scopes=["pupils:read"])
    response = Api(token).post("/api/v1/pupils/", _data(world))
    assert response.status_code == 403 and response.json()["code"] == "recht-ontbreekt"


def test_api_invalid_and_duplicate_bsn(world):
    _client, token = api_client(world, Role.CONSULENT)
    api = Api(token)
    invalid = api.post("/api/v1/pupils/", _data(world, bsn="123456789"))
    assert invalid.status_code == 400 and invalid.json()["field"] == "bsn"
    duplicate = api.post("/api/v1/pupils/", _data(world, bsn=world.leerling_a.bsn))
    assert duplicate.status_code == 400
    assert duplicate.json()["code"] == "leerling-bestaat"
    assert "al een leerling met dit BSN" in duplicate.json()["detail"]
