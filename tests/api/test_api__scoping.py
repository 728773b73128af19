"""The same policies as the UI: another organisation's objects answer 404, lists never show them."""

from __future__ import annotations

import pytest

from audit.models import AccessLog
from cases.models import Document, WorkItem
from cases.roles import Role
from tests import thuiszitter_steps
from tests.api.helpers import Api, api_client


@pytest.fixture
def foreign(other_world, steps):
    a = steps.ingediend(other_world)
    return {
        "case": a.case,
        "item": WorkItem.objects.filter(case=a.case, status="open").first(),
        "doc": Document.objects.filter(case=a.case).first(),
        "pupil": other_world.leerling_a,
    }


def test_another_organisations_ids_are_not_found_on_every_read_and_write(world, foreign):
    _c, token = api_client(world)
    api = Api(token)
    case, item, doc = foreign["case"].pk, foreign["item"].pk, foreign["doc"].pk
    reads = [
        f"/api/v1/cases/{case}/",
        f"/api/v1/cases/tlv/{case}/",
        f"/api/v1/cases/{case}/timeline/",
        f"/api/v1/cases/{case}/deadlines/",
        f"/api/v1/cases/{case}/documents/",
        f"/api/v1/cases/{case}/transitions/",
        f"/api/v1/tasks/{item}/",
        f"/api/v1/documents/{doc}/",
        f"/api/v1/documents/{doc}/content/",
        f"/api/v1/pupils/{foreign['pupil'].pk}/",
    ]
    for url in reads:
        r = api.get(url)
        assert r.status_code == 404, url
        assert r.json()["code"] == "niet-gevonden"
    writes = [
        (f"/api/v1/cases/{case}/transitions/intrekken/", {"reason": "x"}),
        (f"/api/v1/tasks/{item}/claim/", {}),
        (f"/api/v1/tasks/{item}/complete/", {"volledig": True}),
    ]
    for url, body in writes:
        assert api.post(url, body).status_code == 404, url
    assert foreign["case"].tlv.status == "ingediend"
    assert WorkItem.objects.get(pk=item).assignee_id is None
    assert not AccessLog.objects.filter(case_id=case).exists()


def test_lists_show_only_the_own_organisations_objects(world, other_world, steps, foreign):
    own = steps.ingediend(world)
    _c, token = api_client(world)
    api = Api(token)
    ids = {c["id"] for c in api.get("/api/v1/cases/").json()["results"]}
    assert ids == {own.case_id}
    werkvoorraad = api.get("/api/v1/tasks/", {"inbox": "werkvoorraad"}).json()["results"]
    assert {t["case"] for t in werkvoorraad} == {own.case_id}
    pupils = {p["id"] for p in api.get("/api/v1/pupils/").json()["results"]}
    assert foreign["pupil"].pk not in pupils and world.leerling_a.pk in pupils


def test_a_school_client_sees_its_own_pupils_cases_only(world, steps):
    own = steps.ingediend(world)  # school A's case
    _c, token_b = api_client(world, role=Role.SCHOOL, school=world.school_b)
    api = Api(token_b)
    assert api.get(f"/api/v1/cases/{own.case_id}/").status_code == 404
    assert api.get("/api/v1/cases/").json()["results"] == []


def test_a_leerplicht_client_sees_only_its_gemeentes_thuiszitters(world):
    mine = thuiszitter_steps.gemeld(world, leerling=world.leerling_a)  # lives in gemeente A
    other = thuiszitter_steps.gemeld(world, leerling=world.leerling_b, by=world.school_b_user)  # gemeente B
    _c, token = api_client(world, role=Role.LEERPLICHTAMBTENAAR, gemeente=world.gemeente_a)
    api = Api(token)
    ids = {c["id"] for c in api.get("/api/v1/cases/thuiszitter/").json()["results"]}
    assert ids == {mine.case_id}
    assert api.get(f"/api/v1/cases/thuiszitter/{other.case_id}/").status_code == 404


def test_every_case_read_is_logged_like_the_ui_with_via_api(world, steps):
    a = steps.ingediend(world)
    client, token = api_client(world)
    api = Api(token)
    for url in (
        f"/api/v1/cases/{a.case_id}/",
        f"/api/v1/cases/tlv/{a.case_id}/",
        f"/api/v1/cases/{a.case_id}/timeline/",
        f"/api/v1/cases/{a.case_id}/deadlines/",
        f"/api/v1/cases/{a.case_id}/documents/",
    ):
        assert api.get(url).status_code == 200
    logs = AccessLog.objects.filter(case_id=a.case_id)
    assert logs.count() == 5
    assert set(logs.values_list("via", flat=True)) == {"api"}
    assert set(logs.values_list("user_id", flat=True)) == {client.user_id}
    assert logs.first().swv_id == world.swv.pk
