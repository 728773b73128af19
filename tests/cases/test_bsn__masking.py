"""One rule for a pupil's BSN and onderwijsnummer (cases.policies.may_see_bsn), on every surface: pages,
admin (change page, write-only input, history), the AVG inzage export and the API."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from cases import person_numbers
from cases.models import Leerling
from cases.roles import Role
from cases.validators import is_valid_bsn, is_valid_onderwijsnummer
from tests.api.helpers import Api, api_client
from tests.factories import make_user


def _valid(check, start: int) -> str:
    n = start
    while not check(str(n)):
        n += 1
    return str(n)


@pytest.fixture
def pupil(world):
    """leerling_b with both numbers (no parent, so the admin form has an empty inline)."""
    leerling = world.leerling_b
    leerling.onderwijsnummer = _valid(is_valid_onderwijsnummer, 104_000_000)
    leerling.save()
    return leerling


def _no_full_numbers(body: str, leerling):
    assert leerling.bsn not in body
    assert leerling.onderwijsnummer not in body
    assert person_numbers.mask(leerling.bsn) in body


# --- pages -----------------------------------------------------------------------------------------------


def test_pages_mask_the_numbers_for_a_beheerder_and_show_them_to_the_consulent(client, world, steps):
    pupil = world.leerling_a
    pupil.onderwijsnummer = _valid(is_valid_onderwijsnummer, 105_000_000)
    pupil.save()
    a = steps.concept(world, leerling=pupil)
    pages = [
        reverse("case_detail", args=[a.case_id]),
        reverse("leerling_detail", args=[pupil.pk]),
        reverse("leerling_search") + f"?q={pupil.achternaam}",
    ]
    client.force_login(world.beheerder)
    for url in pages:
        r = client.get(url)
        assert r.status_code == 200, url
        _no_full_numbers(r.content.decode(), pupil)
    client.force_login(world.consulent)
    for url in pages:
        assert pupil.bsn in client.get(url).content.decode(), url


# --- admin -----------------------------------------------------------------------------------------------


def _change_url(leerling):
    return reverse("admin:cases_leerling_change", args=[leerling.pk])


def _form_data(leerling, **extra):
    return {
        "swv": leerling.swv_id,
        "voornaam": leerling.voornaam,
        "achternaam": leerling.achternaam,
        "geboortedatum": leerling.geboortedatum.isoformat(),
        "woongemeente": leerling.woongemeente_id,
        "stamschool": leerling.stamschool_id or "",
        "huidige_plaatsing": "",
        "ouders-TOTAL_FORMS": "0",
        "ouders-INITIAL_FORMS": "0",
        "ouders-MIN_NUM_FORMS": "0",
        "ouders-MAX_NUM_FORMS": "1000",
        "_save": "Opslaan",
        **extra,
    }


def test_admin_change_page_shows_a_beheerder_the_numbers_masked_and_read_only(client, world, pupil):
    client.force_login(world.beheerder)
    r = client.get(_change_url(pupil))
    assert r.status_code == 200
    body = r.content.decode()
    _no_full_numbers(body, pupil)
    assert 'name="bsn"' not in body and 'name="onderwijsnummer"' not in body
    assert 'name="nieuw_bsn"' in body


def test_a_beheerder_records_a_bsn_write_only(client, world, pupil):
    client.force_login(world.beheerder)
    old = pupil.bsn
    r = client.post(_change_url(pupil), _form_data(pupil))
    assert r.status_code == 302, r.content.decode()[:2000]
    assert Leerling.objects.get(pk=pupil.pk).bsn == old  # left empty: unchanged

    r = client.post(_change_url(pupil), _form_data(pupil, nieuw_bsn="123456789"))
    assert r.status_code == 200  # elfproef fails: a field error, nothing saved
    assert "elfproef" in r.content.decode()
    assert Leerling.objects.get(pk=pupil.pk).bsn == old

    new = _valid(is_valid_bsn, int(old) + 1)
    r = client.post(_change_url(pupil), _form_data(pupil, nieuw_bsn=new))
    assert r.status_code == 302
    assert Leerling.objects.get(pk=pupil.pk).bsn == new


def test_the_admin_history_page_masks_number_changes_for_a_beheerder(client, world, pupil):
    old = pupil.bsn
    pupil.bsn = _valid(is_valid_bsn, int(old) + 1)
    pupil.save()
    client.force_login(world.beheerder)
    r = client.get(reverse("admin:cases_leerling_history", args=[pupil.pk]))
    assert r.status_code == 200
    body = r.content.decode()
    assert old not in body and pupil.bsn not in body
    assert person_numbers.mask(pupil.bsn) in body


def test_a_superuser_gets_the_plain_fields(client, world, pupil):
    client.force_login(make_user(is_superuser=True, is_staff=True))
    body = client.get(_change_url(pupil)).content.decode()
    assert 'name="bsn"' in body and pupil.bsn in body


# --- AVG inzage export -----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.PRIVACY_OFFICER, Role.AUDITOR])
def test_the_inzage_export_masks_the_numbers_for_privacy_officer_and_auditor(client, world, pupil, role):
    old = pupil.bsn
    pupil.bsn = _valid(is_valid_bsn, int(old) + 1)
    pupil.save()  # a correction: the history holds the old number too
    client.force_login(make_user(role=role, swv=world.swv))
    r = client.get(reverse("audit_pupil_inzage_export", args=[pupil.pk]))
    assert r.status_code == 200
    body = r.content.decode()
    _no_full_numbers(body, pupil)
    assert old not in body
    data = json.loads(body)
    assert data["leerling"]["bsn"] == person_numbers.mask(pupil.bsn)
    changes = [c for row in data["correctiehistorie"] for c in row["wijzigingen"] if c["veld"] == "bsn"]
    assert changes == [
        {"veld": "bsn", "oud": person_numbers.mask(old), "nieuw": person_numbers.mask(pupil.bsn)}
    ]


# --- API -------------------------------------------------------------------------------------------------


def test_the_api_masks_both_numbers_for_a_role_without_the_bsn_right(world, pupil):
    _c, token = api_client(world, role=Role.AUDITOR)
    data = Api(token).get(f"/api/v1/pupils/{pupil.pk}/").json()
    assert data["bsn"] == ""
    assert data["bsn_masked"] == person_numbers.mask(pupil.bsn)
    assert data["onderwijsnummer"] == person_numbers.mask(pupil.onderwijsnummer)
    _c, token = api_client(world, role=Role.CONSULENT, name="SWV")
    data = Api(token).get(f"/api/v1/pupils/{pupil.pk}/").json()
    assert (data["bsn"], data["onderwijsnummer"]) == (pupil.bsn, pupil.onderwijsnummer)


# --- the ouders' contact details follow the same rule ------------------------------------------------------

OUDER_CONTACT = {
    "adres": "Kerkstraat 12, 1234 AB Dorp",
    "email": "janna@voorbeeld.example",
    "telefoon": "0612345678",
}


@pytest.fixture
def ouder(pupil):
    from cases.models import Ouder

    return Ouder.objects.create(leerling=pupil, naam="Janna Ouder", **OUDER_CONTACT)


def _no_ouder_contact(body: str):
    for value in OUDER_CONTACT.values():
        assert value not in body, value


@pytest.mark.parametrize("role", [Role.PRIVACY_OFFICER, Role.AUDITOR])
def test_the_inzage_export_masks_the_ouders_contact_details(client, world, pupil, ouder, role):
    from cases.services.ouders import mask

    client.force_login(make_user(role=role, swv=world.swv))
    body = client.get(reverse("audit_pupil_inzage_export", args=[pupil.pk])).content.decode()
    _no_ouder_contact(body)
    [row] = json.loads(body)["ouders"]
    assert row["naam"] == "Janna Ouder"
    assert {f: row[f] for f in OUDER_CONTACT} == {f: mask(v, f) for f, v in OUDER_CONTACT.items()}


def test_the_admin_shows_a_beheerder_the_ouders_masked_and_read_only(client, world, pupil, ouder):
    client.force_login(world.beheerder)
    body = client.get(_change_url(pupil)).content.decode()
    assert "Janna Ouder" in body
    _no_ouder_contact(body)
    assert 'name="ouders-0-email"' not in body and 'name="ouders-0-naam"' not in body
    data = _form_data(pupil, **{"ouders-TOTAL_FORMS": "1", "ouders-INITIAL_FORMS": "1"})
    data.update({"ouders-0-id": ouder.pk, "ouders-0-leerling": pupil.pk, "ouders-0-email": "x@evil.example"})
    assert client.post(_change_url(pupil), data).status_code == 302
    ouder.refresh_from_db()
    assert ouder.email == OUDER_CONTACT["email"]  # ouders change on the pupil page, through the services


def test_a_superuser_gets_the_ouders_plain_in_the_admin(client, world, pupil, ouder):
    client.force_login(make_user(is_superuser=True, is_staff=True))
    body = client.get(_change_url(pupil)).content.decode()
    assert 'name="ouders-0-email"' in body and OUDER_CONTACT["email"] in body
