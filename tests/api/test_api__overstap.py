"""The overstap through the API, every page action: open, consent, transfer file, send, receipt, warm
handover, placement, check, a linked follow-up; bad input answers 400/409 with a Dutch message."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from cases.models import Case, Overstap, WorkItem
from cases.roles import Role
from tests import overstap_steps as steps
from tests.api.helpers import Api, api_client

AMS = ZoneInfo("Europe/Amsterdam")


@pytest.fixture(autouse=True)
def _march_2027(time_machine):
    time_machine.move_to(dt.datetime(2027, 3, 1, 9, tzinfo=AMS), tick=False)


@pytest.fixture
def t(db):
    return steps.two_swvs()


def _task(case_id, node):
    return WorkItem.objects.get(case_id=case_id, node=node, status="open").pk


def _complete(api, case_id, node, payload, code=200):
    r = api.post(f"/api/v1/tasks/{_task(case_id, node)}/complete/", payload)
    assert r.status_code == code, r.content
    return r


def test_a_handover_end_to_end_through_the_api(t):
    po, vo = t.po, t.vo
    _c, tok = api_client(po, role=Role.SCHOOL)
    po_school = Api(tok)
    _c, tok = api_client(po, role=Role.CONSULENT)
    po_consulent = Api(tok)
    _c, tok = api_client(vo, role=Role.CONSULENT)
    vo_consulent = Api(tok)
    _c, tok = api_client(vo, role=Role.SCHOOL)
    vo_school = Api(tok)

    r = po_school.post(
        "/api/v1/cases/overstap/", {"leerling": po.leerling_a.pk, "school": po.school_a.pk, "groep": 8}
    )
    assert r.status_code == 201, r.content
    case_id = r.json()["id"]
    assert r.json()["overstap"]["status"] == "concept"
    # no consent yet: refused with the consent register's message
    r = po_school.post(f"/api/v1/tasks/{_task(case_id, 'toestemming')}/complete/", {})
    assert r.status_code in (400, 409) and "geen geldige toestemming" in r.content.decode()
    ouder = po.leerling_a.ouders.get()
    _complete(po_school, case_id, "toestemming", {"ouder": ouder.pk, "gegeven_op": "2027-03-01"})
    doc = steps.document(po, Case.objects.get(pk=case_id))
    # a PO school as the VO school: refused, nothing stored
    r = po_school.post(
        f"/api/v1/tasks/{_task(case_id, 'dossier')}/complete/",
        {"vo_school": po.school_b.pk, "ondersteuningsbehoeften": "S", "advies_vo": "A"},
    )
    assert r.status_code == 400, r.content
    _complete(
        po_school,
        case_id,
        "dossier",
        {
            "vo_school": vo.school_a.pk,
            "ondersteuningsbehoeften": "Structuur",
            "advies_vo": "Mentor",
            "documenten": [doc.pk],
        },
    )
    _complete(po_consulent, case_id, "verzenden", {})
    o = Overstap.objects.get(case_id=case_id)
    assert list(o.documenten.values_list("pk", flat=True)) == [doc.pk]
    vo_case = o.ontvangst_case_id

    # the VO side finds its own case, not the PO one
    detail = vo_consulent.get(f"/api/v1/cases/overstap/{vo_case}/").json()
    assert detail["overstap"]["ondersteuningsbehoeften"] == "Structuur"
    assert vo_consulent.get(f"/api/v1/cases/overstap/{case_id}/").status_code == 404
    _complete(vo_consulent, vo_case, "ontvangst", {"opmerking": ""})
    _complete(
        vo_consulent, vo_case, "warme_overdracht", {"datum": "2027-03-01", "deelnemers": "PO\nVO\nouders"}
    )
    # the follow-up link: only a TLV or loket case of the pupil in the VO SWV
    r = vo_consulent.post(f"/api/v1/cases/{vo_case}/transitions/overstap_vervolg/", {"vervolg_case": case_id})
    assert r.status_code == 400, r.content
    _complete(vo_school, vo_case, "plaatsing", {"geplaatst_op": "2027-08-30"})
    _complete(vo_consulent, vo_case, "controle", {"toelichting": "Zit goed"})
    record = po_school.get(f"/api/v1/cases/overstap/{case_id}/").json()["overstap"]
    assert (record["status"], record["geplaatst_op"]) == ("afgesloten", "2027-08-30")
