"""Case tables through the API: plan (consent checked), record, an agreement that becomes a task, the owner
completes it at /tasks/<id>/complete/, close; another SWV's client finds nothing; domain conflicts are 409."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from cases.models import Overleg, OverlegAfspraak, WorkItem
from cases.roles import Role
from tests import overleg_steps as steps
from tests.api.helpers import Api, api_client

AMS = ZoneInfo("Europe/Amsterdam")


@pytest.fixture
def at_march(time_machine):
    time_machine.move_to(dt.datetime(2027, 3, 1, 9, tzinfo=AMS), tick=False)
    return time_machine


def test_plan_record_agree_and_complete_through_the_api(world, other_world, at_march):
    case_a, case_b = steps.cases(world)
    _c, token = api_client(world, Role.CONSULENT)
    api = Api(token)
    body = {
        "swv": world.swv.pk,
        "soort": "doa_6plus",
        "datum": "2027-03-01",
        "tijd": "14:00",
        "voorzitter": world.consulent.pk,
        "vervolg_weken": 4,
        "casussen": [case_a.pk, case_b.pk],
    }
    r = api.post("/api/v1/case-tables/plan/", {**body, "onbekend": 1})
    assert r.status_code == 400 and "onbekend" in r.json()["errors"]
    r = api.post("/api/v1/case-tables/plan/", body)
    assert r.status_code == 201, r.content
    data = r.json()
    pk = data["id"]
    assert [p["reference"] for p in data["agendapunten"]] == [case_a.reference, case_b.reference]
    assert api.get("/api/v1/case-tables/").json()["results"][0]["id"] == pk
    r = api.post(f"/api/v1/case-tables/{pk}/record/", {"verslag": "Besproken", "aanwezig": []})
    assert r.status_code == 200 and r.json()["status"] == "gehouden"
    assert api.post(f"/api/v1/case-tables/{pk}/record/", {"verslag": ""}).status_code == 409
    punt = Overleg.objects.get(pk=pk).agendapunten.get(case=case_a)
    r = api.post(
        f"/api/v1/case-table-items/{punt.pk}/agreements/",
        {"omschrijving": "Huisbezoek", "eigenaar_rol": "leerplichtambtenaar", "uiterlijk": "2027-03-08"},
    )
    assert r.status_code == 200, r.content
    afspraak = r.json()["agendapunten"][0]["afspraken"][0]
    assert afspraak["eigenaar_rol"] == "leerplichtambtenaar" and afspraak["work_item"]
    r = api.post(
        f"/api/v1/case-table-items/{punt.pk}/minutes/", {"verslag": "Verzuim", "ouders_aanwezig": "1"}
    )
    assert r.status_code == 200 and r.json()["agendapunten"][0]["ouders_aanwezig"] is True
    # the leerplichtambtenaar's client completes the task
    _l, lp_token = api_client(world, Role.LEERPLICHTAMBTENAAR)
    item = WorkItem.objects.get(pk=afspraak["work_item"])
    r = Api(lp_token).post(f"/api/v1/tasks/{item.pk}/complete/", {"uitkomst": "Huisbezoek gedaan"})
    assert r.status_code == 200, r.content
    assert OverlegAfspraak.objects.get().uitkomst == "Huisbezoek gedaan"
    # another SWV: not found
    _o, other_token = api_client(other_world, Role.CONSULENT)
    assert Api(other_token).get(f"/api/v1/case-tables/{pk}/").status_code == 404
    assert Api(other_token).post(f"/api/v1/case-tables/{pk}/close/", {"reason": ""}).status_code == 404
    assert api.post(f"/api/v1/case-tables/{pk}/close/", {"reason": "klaar"}).json()["status"] == "afgesloten"
    assert api.post(f"/api/v1/case-tables/{pk}/cancel/", {"reason": "x"}).status_code == 409


def test_no_consent_is_400_with_its_code(world, at_march):
    case_a, _case_b = steps.cases(world, consent=False)
    _c, token = api_client(world, Role.CONSULENT)
    r = Api(token).post(
        "/api/v1/case-tables/plan/",
        {
            "swv": world.swv.pk,
            "soort": "doa_6min",
            "datum": "2027-03-01",
            "voorzitter": world.consulent.pk,
            "vervolg_weken": 4,
            "casussen": [case_a.pk],
        },
    )
    assert r.status_code == 400 and r.json()["code"] == "geen-toestemming"
    assert not Overleg.objects.exists()
