"""A beheerder manages the API clients of their own SWV in the admin; a token is shown once."""

from __future__ import annotations

from api.models import ApiClient, ApiToken
from cases.models import Membership
from tests.api.helpers import Api, api_client


def test_a_beheerder_creates_a_client_and_issues_a_token_that_works(client, world):
    client.force_login(world.beheerder)
    r = client.post(
        "/beheer/api/apiclient/add/",
        {
            "name": "Leerlingadministratie A",
            "swv": world.swv.pk,
            "role": "school",
            "school": world.school_a.pk,
            "scopes": ["cases:read", "pupils:read"],
            "active": "on",
        },
    )
    assert r.status_code == 302, r.content[:2000]
    api_client_row = ApiClient.objects.get(name="Leerlingadministratie A")
    assert Membership.objects.filter(user=api_client_row.user, role="school", school=world.school_a).exists()
    assert api_client_row.history.earliest().history_user == world.beheerder
    r = client.post(
        "/beheer/api/apiclient/",
        {"action": "issue_token", "_selected_action": [api_client_row.pk]},
        follow=True,
    )
    shown = next(str(m) for m in r.context["messages"] if "pce_" in str(m))
    plain = shown.split(": ")[-1].strip()
    assert Api(plain).get("/api/v1/pupils/").status_code == 200
    assert Api(plain).get("/api/v1/tasks/").status_code == 403  # not granted


def test_another_swvs_clients_are_invisible_in_the_admin(client, world, other_world):
    theirs, _token = api_client(other_world, name="Systeem van een ander SWV")
    client.force_login(world.beheerder)
    assert client.get(f"/beheer/api/apiclient/{theirs.pk}/change/").status_code in (302, 404)
    r = client.get("/beheer/api/apiclient/")
    assert r.status_code == 200
    assert "Systeem van een ander SWV" not in r.content.decode()


def test_revoking_from_the_admin_stops_the_token(client, world):
    mine, token = api_client(world)
    client.force_login(world.beheerder)
    client.post("/beheer/api/apiclient/", {"action": "revoke_tokens", "_selected_action": [mine.pk]})
    assert ApiToken.objects.get(client=mine).revoked_at is not None
    assert Api(token).get("/api/v1/me/").status_code == 401
