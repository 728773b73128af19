"""Ouders/verzorgers: managed by the pupil's school and the consulent, in the pages and the API; contact
details masked for roles that do not see the BSN; every change with history; bad input changes nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from audit.models import AccessLog
from cases.errors import NotPermitted, ValidationFailed
from cases.models import Ouder
from cases.services import ouders
from tests.api.helpers import Api, api_client

NEW = {
    "naam": "Petra de Vries",
    "relatie": "moeder",
    "gezag": "1",
    "adres": "Kerklaan 4, Emmen",
    "email": "petra@example.org",
    "telefoon": "06 1234 5678",
    "voorkeurstaal": "nl",
    "ontvangt_brieven": "1",
}


def test_the_school_adds_a_parent_from_the_pupil_page(client, world):
    client.force_login(world.school_user)
    page = client.get(reverse("leerling_detail", args=[world.leerling_a.pk])).content.decode()
    assert reverse("ouder_new", args=[world.leerling_a.pk]) in page
    r = client.post(reverse("ouder_new", args=[world.leerling_a.pk]), NEW)
    assert r.status_code == 302
    ouder = world.leerling_a.ouders.get(naam="Petra de Vries")
    assert (ouder.relatie, ouder.gezag, ouder.ontvangt_brieven) == ("moeder", True, True)
    assert ouder.history.get().history_user == world.school_user
    page = client.get(reverse("leerling_detail", args=[world.leerling_a.pk])).content.decode()
    assert "petra@example.org" in page and "Kerklaan 4, Emmen" in page


def test_change_and_remove_go_through_the_pages_with_history(client, world):
    ouder = world.leerling_a.ouders.get()
    client.force_login(world.consulent)
    r = client.post(reverse("ouder_edit", args=[ouder.pk]), {**NEW, "naam": "Ouder A", "gezag": "0"})
    assert r.status_code == 302
    ouder.refresh_from_db()
    assert ouder.gezag is False and ouder.email == "petra@example.org"
    assert client.post(reverse("ouder_remove", args=[ouder.pk])).status_code == 302
    assert not Ouder.objects.filter(pk=ouder.pk).exists()
    assert [h.history_type for h in Ouder.history.filter(id=ouder.pk).order_by("history_id")] == [
        "+",
        "~",
        "-",
    ]


def test_roles_without_the_bsn_see_contact_details_masked_and_the_read_is_logged(client, world):
    ouder = world.leerling_a.ouders.get()
    ouders.ouder_change(ouder=ouder, by=world.consulent, data={"telefoon": "06 1234 5678", "adres": "Laan 1"})
    client.force_login(world.auditor)
    page = client.get(reverse("leerling_detail", args=[world.leerling_a.pk])).content.decode()
    assert "Ouder A" in page
    assert "ouder@test.example" not in page and "o•••@test.example" in page
    assert "Laan 1" not in page and "••••••78" in page
    assert reverse("ouder_new", args=[world.leerling_a.pk]) not in page  # auditors read, never act
    assert client.get(reverse("ouder_new", args=[world.leerling_a.pk])).status_code == 403
    assert AccessLog.objects.filter(user=world.auditor, leerling_id=world.leerling_a.pk).exists()


def test_another_school_cannot_reach_the_parents_of_a_pupil_not_its_own(client, world):
    ouder = world.leerling_a.ouders.get()
    client.force_login(world.school_b_user)
    assert client.get(reverse("ouder_new", args=[world.leerling_a.pk])).status_code == 404
    assert client.post(reverse("ouder_edit", args=[ouder.pk]), NEW).status_code == 404
    assert client.post(reverse("ouder_remove", args=[ouder.pk])).status_code == 404
    ouder.refresh_from_db()
    assert ouder.naam == "Ouder A"
    with pytest.raises(NotPermitted):
        ouders.ouder_add(
            leerling=world.leerling_a, by=world.school_b_user, data={"naam": "X", "email": "x@y.nl"}
        )


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"naam": " "}, "naam", "ouder-naam"),
        ({"email": "geen-adres"}, "email", "ouder-email"),
        ({"telefoon": "bel mij"}, "telefoon", "ouder-telefoon"),
        ({"relatie": "buurman"}, "relatie", "ouder-relatie"),
        ({"adres": "", "email": "", "ontvangt_brieven": True}, "adres", "ouder-geen-adres"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(world, change, field, code):
    data = {"naam": "P", "email": "p@example.org", "gezag": True, "ontvangt_brieven": True, **change}
    with pytest.raises(ValidationFailed) as exc:
        ouders.ouder_add(leerling=world.leerling_a, by=world.school_user, data=data)
    assert (exc.value.field, exc.value.code) == (field, code)
    assert world.leerling_a.ouders.count() == 1


def test_the_form_shows_the_refusal_at_the_field(client, world):
    client.force_login(world.school_user)
    r = client.post(reverse("ouder_new", args=[world.leerling_a.pk]), {**NEW, "adres": "", "email": ""})
    assert r.status_code == 400 and "adres of een e-mailadres" in r.content.decode()
    assert world.leerling_a.ouders.count() == 1


def test_api_parents_list_add_change_remove(world):
    _c, token = api_client(world)
    api = Api(token)
    url = f"/api/v1/pupils/{world.leerling_a.pk}/parents/"
    body = {**NEW, "gezag": True, "ontvangt_brieven": True}
    r = api.post(url, body)
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    assert r.json()["email"] == "petra@example.org"
    assert len(api.get(url).json()) == 2
    r = api.post(f"/api/v1/parents/{pk}/change/", {**body, "gezag": False})
    assert r.status_code == 200 and r.json()["gezag"] is False
    r = api.post(f"/api/v1/parents/{pk}/change/", {**body, "email": "fout"})
    assert r.status_code == 400
    assert Ouder.objects.get(pk=pk).email == "petra@example.org"
    assert api.post(f"/api/v1/parents/{pk}/remove/").json() == {"id": pk, "verwijderd": True}
    assert not Ouder.objects.filter(pk=pk).exists()
    assert AccessLog.objects.filter(leerling_id=world.leerling_a.pk, via="api").exists()


def test_api_masks_contact_details_for_roles_without_the_bsn_and_hides_other_pupils(world, other_world):
    from cases.roles import Role

    _c, token = api_client(world, role=Role.AUDITOR)
    rows = Api(token).get(f"/api/v1/pupils/{world.leerling_a.pk}/parents/").json()
    assert rows[0]["email"] == "o•••@test.example"
    _c, other = api_client(other_world)
    assert Api(other).get(f"/api/v1/pupils/{world.leerling_a.pk}/parents/").status_code == 404
    ouder = world.leerling_a.ouders.get()
    assert Api(other).get(f"/api/v1/parents/{ouder.pk}/").status_code == 404
    assert Api(other).post(f"/api/v1/parents/{ouder.pk}/remove/").status_code == 404
    assert Ouder.objects.filter(pk=ouder.pk).exists()
