"""The vernietigingslijsten through the API: the rules of the pages (two different approvals, legal hold,
only reviewers), the certificate as PDF."""

import datetime as dt

import pytest

from cases import clock
from cases.models import Case
from cases.roles import Role
from cases.services import vernietiging
from tests import tlv_steps
from tests.api.helpers import Api
from tests.factories import make_user

pytestmark = pytest.mark.postgres


def _session(user) -> Api:
    api = Api()
    api.http.force_login(user)
    return api


def test_review_approve_execute_and_certificate_through_the_api(world):
    privacy = make_user(role=Role.PRIVACY_OFFICER, swv=world.swv)
    archivaris = make_user(role=Role.ARCHIVARIS, swv=world.swv)
    granted = tlv_steps.toegekend(world).case
    rejected = tlv_steps.afgewezen(world).case
    granted.refresh_from_db()
    with clock.travel(clock.start_of_day(granted.archiefactiedatum + dt.timedelta(days=1))):
        lijst = vernietiging.lijst_propose(swv=world.swv, by=privacy)
        p, a = _session(privacy), _session(archivaris)
        assert _session(world.consulent).get(f"/api/v1/destruction-lists/{lijst.pk}/").status_code == 404
        body = p.get(f"/api/v1/destruction-lists/{lijst.pk}/").json()
        held = next(i for i in body["items"] if i["reference"] == rejected.reference)
        r = p.post(
            f"/api/v1/destruction-lists/{lijst.pk}/review/",
            {"item": held["id"], "action": "legal_hold", "reason": ""},
        )
        assert r.status_code == 400
        r = p.post(
            f"/api/v1/destruction-lists/{lijst.pk}/review/",
            {"item": held["id"], "action": "legal_hold", "reason": "WOO-verzoek"},
        )
        assert r.status_code == 200, r.content
        assert p.post(f"/api/v1/destruction-lists/{lijst.pk}/execute/").status_code == 409  # not approved
        assert p.post(f"/api/v1/destruction-lists/{lijst.pk}/approve/").status_code == 200
        r = p.post(f"/api/v1/destruction-lists/{lijst.pk}/approve/")
        assert r.status_code == 400 and "al goedgekeurd" in r.content.decode()
        assert a.post(f"/api/v1/destruction-lists/{lijst.pk}/approve/").json()["status"] == "goedgekeurd"
        assert (
            a.get(f"/api/v1/destruction-lists/{lijst.pk}/certificate/").status_code == 404
        )  # not yet carried out
        assert a.post(f"/api/v1/destruction-lists/{lijst.pk}/execute/").json()["status"] == "uitgevoerd"
        r = a.get(f"/api/v1/destruction-lists/{lijst.pk}/certificate/")
        assert (
            r.status_code == 200 and r["Content-Type"] == "application/pdf" and r.content.startswith(b"%PDF")
        )
    assert not Case.objects.filter(pk=granted.pk).exists() and Case.objects.get(pk=rejected.pk).legal_hold
