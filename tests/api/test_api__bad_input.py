"""Bad input through the API: each gets a 4xx with a clear message, never a 500, and nothing changes.

Malformed JSON, wrong types and unknown fields are refused before any service runs (no timeline line, no
history row); a step the case's state does not allow is refused by the service with 409 and only that
refusal is logged (the attempt is recorded, as in the UI).
"""

from __future__ import annotations

import pytest
from django.test import override_settings

from cases.models import CaseEvent, Document, TlvAanvraag, WorkItem
from cases.roles import Role
from tests.api.helpers import Api, api_client
from tests.asserts import Snapshot
from tests.factories import pdf


def _unchanged(a, before):
    after = Snapshot.of(a)
    assert after == before, (before, after)


@pytest.fixture
def setup(world, steps):
    a = steps.ingediend(world)
    _c, token = api_client(world)
    item = WorkItem.objects.get(case=a.case, node="volledigheidstoets", status="open")
    return a, Api(token), item


@pytest.mark.parametrize(
    "body",
    ["{bad json", '{"reason": "x",}', "\xff\xfe", "[1, 2", ""],
    ids=["truncated", "trailing-comma", "not-utf8", "unclosed-array", "empty"],
)
def test_malformed_json_is_400_and_changes_nothing(setup, body):
    a, api, _item = setup
    before = Snapshot.of(a)
    r = api.post(f"/api/v1/cases/{a.case_id}/transitions/intrekken/", body.encode("latin-1"))
    assert r.status_code == 400
    assert r.json()["code"] in ("ongeldige-json", "ongeldige-invoer")
    assert r.json()["detail"]
    _unchanged(a, before)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"reason": 12}, "reason"),
        ({"reason": ["a"]}, "reason"),
        ({"reason": {"x": 1}}, "reason"),
        ({"reason": None}, "reason"),
        ({"reason": True}, "reason"),
        ([{"reason": "x"}], None),
        ("just a string", None),
    ],
    ids=["number", "list", "object", "null", "bool", "array-body", "string-body"],
)
def test_wrong_types_are_400_naming_the_field(setup, body, field):
    a, api, _item = setup
    before = Snapshot.of(a)
    r = api.post(
        f"/api/v1/cases/{a.case_id}/transitions/intrekken/", body if field else __import__("json").dumps(body)
    )
    assert r.status_code == 400, r.content
    if field:
        assert r.json()["field"] == field
    _unchanged(a, before)


def test_wrong_types_in_a_task_payload_name_the_field(setup):
    a, api, item = setup
    before = Snapshot.of(a)
    r = api.post(f"/api/v1/tasks/{item.pk}/complete/", {"volledig": "misschien"})
    assert r.status_code == 400
    assert r.json()["field"] == "volledig"
    r = api.post(
        f"/api/v1/tasks/{item.pk}/complete/", {"volledig": False, "hersteltermijn_tot": "31-02-2026"}
    )
    assert r.status_code == 400
    assert r.json()["field"] == "hersteltermijn_tot"
    _unchanged(a, before)


def test_unknown_fields_are_refused_by_name(setup):
    a, api, item = setup
    before = Snapshot.of(a)
    r = api.post(f"/api/v1/tasks/{item.pk}/complete/", {"volledig": True, "volledigheid": True})
    assert r.status_code == 400
    assert r.json()["code"] == "onbekend-veld"
    assert r.json()["field"] == "volledigheid"
    assert "volledigheid" in r.json()["detail"]
    r = api.post(f"/api/v1/cases/{a.case_id}/transitions/intrekken/", {"reason": "x", "status": "toegekend"})
    assert r.status_code == 400 and r.json()["field"] == "status"
    _unchanged(a, before)
    assert WorkItem.objects.get(pk=item.pk).status == "open"


def test_a_business_rule_is_400_with_the_services_message(setup):
    a, api, item = setup
    before = Snapshot.of(a)
    r = api.post(f"/api/v1/tasks/{item.pk}/complete/", {"volledig": False})  # onvolledig without the list
    assert r.status_code == 400
    assert r.json() == {
        "code": "ontbrekend-leeg",
        "detail": "Noem de ontbrekende stukken.",
        "field": "ontbrekende_stukken",
    }
    after = Snapshot.of(a)
    assert (after.status, after.transitions, after.history) == (
        before.status,
        before.transitions,
        before.history,
    )
    assert after.refused == before.refused + 1  # the attempt is logged, as in the UI


def test_a_transition_the_state_does_not_allow_is_409_with_the_dutch_message(setup):
    a, api, _item = setup
    before = Snapshot.of(a)
    r = api.post(f"/api/v1/cases/{a.case_id}/transitions/bekendmaken/", {})
    assert r.status_code == 409
    body = r.json()
    assert body["code"] == "geen-besluit"
    assert "Er is nog geen besluit" in body["detail"]
    after = Snapshot.of(a)
    assert (after.status, after.history, after.transitions) == (
        before.status,
        before.history,
        before.transitions,
    )
    last = CaseEvent.objects.filter(case_id=a.case_id, kind="refused").latest("pk")
    assert last.data == {"code": "geen-besluit"}


def test_an_action_of_another_route_is_409(world, steps):
    from tests import thuiszitter_steps

    m = thuiszitter_steps.gemeld(world)
    _c, token = api_client(world)
    r = Api(token).post(f"/api/v1/cases/{m.case_id}/transitions/intrekken/", {"reason": "x"})
    assert r.status_code == 409
    assert r.json()["code"] == "transition-not-allowed"


def test_completing_a_task_twice_is_409(setup):
    a, api, item = setup
    assert api.post(f"/api/v1/tasks/{item.pk}/complete/", {"volledig": True}).status_code == 200
    before = Snapshot.of(a)
    r = api.post(f"/api/v1/tasks/{item.pk}/complete/", {"volledig": True})
    assert r.status_code == 409
    assert r.json()["code"] == "task-not-open"
    assert Snapshot.of(a) == before


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=64 * 1024)
def test_an_oversized_json_body_is_413_before_it_is_read(setup):
    a, api, _item = setup
    before = Snapshot.of(a)
    r = api.post(f"/api/v1/cases/{a.case_id}/transitions/intrekken/", {"reason": "x" * (100 * 1024)})
    assert r.status_code == 413
    assert r.json()["code"] == "te-groot"
    assert "maximum" in r.json()["detail"]
    _unchanged(a, before)


@override_settings(DOCUMENT_MAX_BYTES=50 * 1024, DATA_UPLOAD_MAX_MEMORY_SIZE=16 * 1024)
def test_an_oversized_upload_is_refused_and_stores_nothing(world, setup):
    a, api, _item = setup
    docs = Document.objects.filter(case=a.case).count()
    r = api.upload(f"/api/v1/cases/{a.case_id}/documents/", {"kind": "overig", "file": pdf(size=200 * 1024)})
    assert r.status_code == 413
    r = api.upload(f"/api/v1/cases/{a.case_id}/documents/", {"kind": "overig", "file": pdf(size=60 * 1024)})
    assert r.status_code == 400
    assert r.json()["code"] == "document-te-groot"
    assert Document.objects.filter(case=a.case).count() == docs


def test_a_request_for_an_unsupported_media_type_is_415(setup):
    a, api, _item = setup
    r = api.http.post(
        f"/api/v1/cases/{a.case_id}/transitions/intrekken/",
        "reason=x",
        content_type="application/x-www-form-urlencoded",
        **api.headers,
    )
    assert r.status_code == 415
    assert TlvAanvraag.objects.get(pk=a.pk).status == "ingediend"


def test_a_pupil_of_another_organisation_cannot_be_picked_for_a_new_case(world, other_world):
    _c, token = api_client(world, role=Role.SCHOOL)
    r = Api(token).post(
        "/api/v1/cases/tlv/",
        {"leerling": other_world.leerling_a.pk, "gevraagde_soort": "so", "gevraagde_cluster": 4},
    )
    assert r.status_code == 400
    assert r.json()["field"] == "leerling"
    assert not TlvAanvraag.objects.filter(case__leerling=other_world.leerling_a).exists()


def test_bad_query_parameters_are_400(world):
    _c, token = api_client(world)
    api = Api(token)
    for params, field in (
        ({"opened_after": "gisteren"}, "opened_after"),
        ({"school": "abc"}, "school"),
        ({"route": "onbekend"}, "route"),
        ({"page_size": "0"}, "page_size"),
    ):
        r = api.get("/api/v1/cases/", params)
        assert r.status_code == 400, params
        assert r.json()["field"] == field
    assert api.get("/api/v1/cases/", {"cursor": "zzz"}).status_code == 404


def test_expired_and_revoked_tokens_are_401_and_change_nothing(world, steps):
    import datetime as dt

    import time_machine

    from api import services as api_services
    from api.models import ApiToken

    a = steps.ingediend(world)
    _c, expired = api_client(world, name="verlopen")
    _c, revoked = api_client(world, name="ingetrokken")
    api_services.token_revoke(token=ApiToken.objects.get(client__name="ingetrokken"), by=world.beheerder)
    before = Snapshot.of(a)
    url = f"/api/v1/cases/{a.case_id}/transitions/intrekken/"
    later = ApiToken.objects.get(client__name="verlopen").expires_at + dt.timedelta(days=1)
    with time_machine.travel(later, tick=False):
        r = Api(expired).post(url, {"reason": "x"})
    assert (r.status_code, r.json()["code"]) == (401, "token-verlopen")
    r = Api(revoked).post(url, {"reason": "x"})
    assert (r.status_code, r.json()["code"]) == (401, "token-ingetrokken")
    assert Snapshot.of(a) == before  # not even a refusal line: the request never reached a service


def test_another_organisations_case_is_404_and_gets_no_timeline_line(world, other_world, steps):
    theirs = steps.ingediend(other_world)
    _c, token = api_client(world)
    before = Snapshot.of(theirs)
    for action, body in (("intrekken", {"reason": "x"}), ("bekendmaken", {}), ("verdagen", {"reason": "x"})):
        r = Api(token).post(f"/api/v1/cases/{theirs.case_id}/transitions/{action}/", body)
        assert r.status_code == 404
    assert Snapshot.of(theirs) == before
