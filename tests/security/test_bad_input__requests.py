"""Bad input in the request itself answers 400 with a clear Dutch message, never a 500: a NUL byte in any
query or form parameter (PostgreSQL text cannot hold one), a user name longer than any account's at login,
JSON nested deeper than the API's limit, and Django's own refusals (too many fields) on the site's page."""

from __future__ import annotations

import json

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from api.parsers import MAX_JSON_DEPTH
from cases.models import CaseEvent, TlvAanvraag
from tests.api.helpers import Api, api_client

LIST_PAGES = [
    "/casussen/",
    "/leerlingen/",
    "/taken/",
    "/termijnen/",
    "/tlv-register/",
    "/thuiszitters/",
    "/screenings/",
    "/schakeltrajecten/",
    "/audit/casussen/",
    "/beheer/cases/leerling/",
    "/beheer/cases/school/",
    "/beheer/auth/user/",
]


def _is_styled_400(response):
    body = response.content.decode()
    return response.status_code == 400 and "css/app.css" in body and 'role="alert"' in body


@pytest.mark.parametrize("url", LIST_PAGES)
def test_a_nul_byte_in_a_query_parameter_is_a_styled_400(client, world, url):
    client.force_login(world.beheerder if url.startswith("/beheer/") else world.consulent)
    if url.startswith("/audit/"):
        client.force_login(world.auditor)
    response = client.get(url + "?q=ab%00cd")
    assert _is_styled_400(response), response.status_code
    assert "nul-teken" in response.content.decode()
    assert response["Cache-Control"] == "no-store"


def test_a_nul_byte_in_a_parameter_name_or_second_value_is_refused_too(client, world):
    client.force_login(world.consulent)
    assert client.get("/casussen/?q%00=x").status_code == 400
    assert client.get("/casussen/?q=ok&q=n%00").status_code == 400
    assert client.get("/casussen/?q=ok").status_code == 200


def test_a_nul_byte_in_a_posted_form_field_is_refused_before_the_view(client, world, steps):
    a = steps.concept(world)
    client.force_login(world.school_user)
    for content_type in ("application/x-www-form-urlencoded", None):
        if content_type:
            response = client.post(
                reverse("aanvraag_withdraw", args=[a.case_id]), "reason=weg%00", content_type=content_type
            )
        else:
            response = client.post(reverse("aanvraag_withdraw", args=[a.case_id]), {"reason": "weg\x00"})
        assert _is_styled_400(response)
    assert TlvAanvraag.objects.get(pk=a.pk).status == "concept"


def test_the_api_answers_a_nul_byte_with_json(world):
    _c, token = api_client(world)
    response = Api(token).get("/api/v1/cases/", {"q": "a\x00"})
    assert response.status_code == 400
    assert response.json()["code"] == "ongeldige-invoer"
    assert "nul-teken" in response.json()["detail"]


def test_a_user_name_longer_than_any_account_is_a_form_error_not_a_500(client, db):
    response = client.post(reverse("login"), {"username": "x" * 300, "password": "geheim"})
    assert response.status_code == 200
    assert "hoogstens 150 tekens" in response.content.decode()
    assert not AccessAttempt.objects.exists()


def test_too_many_fields_is_the_sites_400_page(client, world):
    client.force_login(world.consulent)
    response = client.get("/casussen/?" + "&".join(f"f{i}=1" for i in range(1200)))
    assert _is_styled_400(response)


@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 100_000])
def test_deeply_nested_json_is_400_with_its_own_code(world, steps, depth):
    a = steps.concept(world)
    _c, token = api_client(world, role="school")
    body = '{"reason": ' + "[" * depth + "]" * depth + "}"
    response = Api(token).post(f"/api/v1/cases/{a.case_id}/transitions/intrekken/", body)
    assert response.status_code == 400
    assert response.json()["code"] == "json-te-diep"


def test_nesting_within_the_limit_and_brackets_inside_strings_still_parse(world, steps):
    a = steps.concept(world)
    _c, token = api_client(world, role="school")
    body = json.dumps({"reason": "[" * 200 + "{" * 200})
    response = Api(token).post(f"/api/v1/cases/{a.case_id}/transitions/intrekken/", body)
    assert response.status_code == 200, response.content
    # the history row holds the first 100 characters (its column's size); the timeline the whole reason
    assert TlvAanvraag.history.filter(id=a.pk).latest("history_date").history_change_reason.endswith("…")
    assert CaseEvent.objects.filter(case=a.case, reason="[" * 200 + "{" * 200).exists()
