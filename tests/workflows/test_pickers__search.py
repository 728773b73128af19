"""Pickers that scale: the pupil and school pickers of the case forms search as you type through one JSON
endpoint whose list is the form's own (cases.policies.pickable_leerlingen for pupils), show enough to tell two
pupils of the same name apart, and work without JavaScript (the "Zoeken" button); the form still validates
the chosen id."""

import datetime as dt

import pytest
from django.urls import reverse

from cases import policies
from cases.models import Case, Leerling, School
from workflows import pickers


def _search(client, route, field, q):
    response = client.get(reverse("picker_search", args=[route, field]), {"q": q})
    assert response.status_code == 200, response.content
    return response.json()


@pytest.fixture
def two_bram_bos(world):
    """Two pupils named Bram Bos at school A, told apart by date of birth and BSN."""
    common = {"swv": world.swv, "voornaam": "Bram", "achternaam": "Bos", "woongemeente": world.gemeente_a}
    one = Leerling.objects.create(
        **common, geboortedatum=dt.date(2016, 1, 2), bsn="999990111", stamschool=world.school_a
    )
    two = Leerling.objects.create(
        **common, geboortedatum=dt.date(2017, 5, 6), bsn="999990123", stamschool=world.school_a
    )
    other_school = Leerling.objects.create(
        **common, geboortedatum=dt.date(2016, 8, 9), bsn="999990135", stamschool=world.school_b
    )
    return one, two, other_school


def test_two_pupils_of_the_same_name_are_told_apart(client, world, two_bram_bos):
    one, two, other_school = two_bram_bos
    client.force_login(world.school_user)
    rows = {row["id"]: row for row in _search(client, "tlv", "leerling", "bram bos")["results"]}
    assert set(rows) == {one.pk, two.pk}  # not the Bram Bos of school B
    assert rows[one.pk]["label"] == rows[two.pk]["label"] == "Bram Bos"
    assert rows[one.pk]["detail"] == f"geboren 02-01-2016 · {world.school_a.name} · BSN *****0111"
    assert rows[two.pk]["detail"] == f"geboren 06-05-2017 · {world.school_a.name} · BSN *****0123"


def test_search_by_date_of_birth_school_and_last_bsn_digits(client, world, two_bram_bos):
    one, two, _other = two_bram_bos
    client.force_login(world.school_user)
    assert [r["id"] for r in _search(client, "tlv", "leerling", "06-05-2017")["results"]] == [two.pk]
    assert [r["id"] for r in _search(client, "tlv", "leerling", "bos 0111")["results"]] == [one.pk]
    by_school = {r["id"] for r in _search(client, "tlv", "leerling", world.school_a.name)["results"]}
    assert by_school == {one.pk, two.pk, world.leerling_a.pk}


def test_the_consulent_finds_the_pupils_of_the_swv_and_no_other(client, world, other_world, two_bram_bos):
    client.force_login(world.consulent)
    found = {r["id"] for r in _search(client, "thuiszitter", "leerling", "bram")["results"]}
    assert found == {p.pk for p in two_bram_bos} | {world.leerling_b.pk}
    assert other_world.leerling_b.pk not in found


def test_the_leerplichtambtenaar_finds_only_pupils_of_the_gemeente(client, world, two_bram_bos):
    client.force_login(world.leerplicht)  # gemeente A: all three Bram Bos live there, world.leerling_b not
    found = {r["id"] for r in _search(client, "thuiszitter", "leerling", "bram")["results"]}
    assert found == {p.pk for p in two_bram_bos}


def test_bsn_digits_are_no_search_for_roles_that_see_bsns_masked(world, two_bram_bos):
    qs = Leerling.objects.filter(swv=world.swv)
    assert not policies.may_search_bsn(world.deskundige1)
    matches, message = pickers.search(qs, "0111", user=world.deskundige1)
    assert not matches.exists() and "Zoeken op BSN" in message
    matches, message = pickers.search(qs, "0111", user=world.school_user)
    assert list(matches) == [two_bram_bos[0]] and message == ""


def test_many_matches_are_cut_with_a_hint(client, world):
    for i in range(pickers.LIMIT + 3):
        Leerling.objects.create(
            swv=world.swv,
            voornaam="Kim",
            achternaam=f"Jansen {i}",
            geboortedatum=dt.date(2015, 1, 1),
            onderwijsnummer="",
            bsn="",
            woongemeente=world.gemeente_a,
            stamschool=world.school_a,
        )
    client.force_login(world.school_user)
    answer = _search(client, "tlv", "leerling", "jansen")
    assert len(answer["results"]) == pickers.LIMIT and answer["more"] is True
    assert "typ verder" in answer["message"]


def test_the_school_picker_searches_the_schools_the_form_offers(client, world, other_world):
    client.force_login(world.consulent)
    found = {r["id"] for r in _search(client, "thuiszitter", "school", "school")["results"]}
    assert {world.school_a.pk, world.school_b.pk} <= found
    assert not found & set(School.objects.filter(swv=other_world.swv).values_list("pk", flat=True))
    row = _search(client, "thuiszitter", "school", world.school_b.brin)["results"][0]
    assert row["id"] == world.school_b.pk and world.gemeente_b.name in row["detail"]


def test_the_endpoint_refuses_unknown_routes_fields_and_roles(client, world):
    client.force_login(world.school_user)
    assert client.get(reverse("picker_search", args=["nope", "leerling"]), {"q": "a"}).status_code == 404
    assert client.get(reverse("picker_search", args=["tlv", "motivering"]), {"q": "a"}).status_code == 404
    client.force_login(world.deskundige1)
    assert client.get(reverse("picker_search", args=["tlv", "leerling"]), {"q": "a"}).status_code == 403
    client.logout()
    assert client.get(reverse("picker_search", args=["tlv", "leerling"]), {"q": "a"}).status_code == 302


def test_hostile_queries_are_answered_not_crashed(client, world):
    client.force_login(world.consulent)
    for q in ("", " ", "%", "_", "'; drop table", "31-02-2020", "9" * 500, "é" * 200):
        answer = _search(client, "thuiszitter", "leerling", q)
        assert isinstance(answer["results"], list)


# --- the form: no list of names, a search without JavaScript, and the chosen id validated --------------


def test_the_form_lists_no_names_until_searched_without_javascript(client, world, two_bram_bos):
    one, two, other_school = two_bram_bos
    client.force_login(world.school_user)
    page = client.get(reverse("aanvraag_new")).content.decode()
    assert "Bram Bos" not in page and 'role="group"' in page
    searched = client.post(
        reverse("aanvraag_new"),
        {"picker_zoek": "leerling", "leerling_zoek": "bram", "motivering": "kept"},
    )
    html = searched.content.decode()
    assert searched.status_code == 200 and not Case.objects.exists()
    assert f'value="{one.pk}"' in html and f'value="{two.pk}"' in html
    assert f'value="{other_school.pk}"' not in html
    assert "geboren 02-01-2016" in html
    assert "errorlist" not in html  # a search is no failed submit


def test_the_chosen_pupil_is_validated_against_the_picker(client, world, two_bram_bos):
    _one, two, other_school = two_bram_bos
    client.force_login(world.school_user)
    refused = client.post(reverse("aanvraag_new"), {"leerling": other_school.pk, "gevraagde_soort": "sbo"})
    assert refused.status_code == 200 and "geldige keuze" in str(refused.context["form"].errors)
    ok = client.post(reverse("aanvraag_new"), {"leerling": two.pk, "gevraagde_soort": "sbo"})
    assert ok.status_code == 302
    assert Case.objects.get().leerling == two


def test_a_hostile_preselected_pupil_is_ignored(client, world):
    client.force_login(world.school_user)
    for value in ("9" * 30, "-1", "abc", str(world.leerling_b.pk)):  # leerling_b: not the school's own
        response = client.get(reverse("aanvraag_new"), {"leerling": value})
        assert response.status_code == 200
        assert f'value="{world.leerling_b.pk}" id="id_leerling_0"' not in response.content.decode()
