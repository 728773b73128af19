"""The API's reassign, follow-up and absence endpoints: the rules of the inbox pages, refusals in Dutch with
their status, nothing changed on a refusal."""

import datetime as dt

from cases import clock
from cases.models import Afwezigheid, CaseEvent, WorkItem
from cases.roles import Role
from cases.services import workitems
from tests import tlv_steps
from tests.api.helpers import Api
from tests.factories import make_user


def _session(user) -> Api:
    api = Api()
    api.http.force_login(user)
    return api


def _task(w, case, assignee, n=0):
    return workitems.workitem_create(
        case=case,
        node=f"opvolging_{n}",
        title=f"Opvolging {n}",
        role=Role.CONSULENT,
        assignee=assignee,
        by=w.consulent,
    )


def test_follow_up_through_the_api(world):
    case = tlv_steps.ingediend(world).case
    item = _task(world, case, world.consulent)
    api = _session(world.consulent)
    r = api.post(f"/api/v1/tasks/{item.pk}/follow-up/", {"on": clock.today().isoformat()})
    assert r.status_code == 400 and "na vandaag" in r.content.decode()
    day = clock.today() + dt.timedelta(days=5)
    r = api.post(f"/api/v1/tasks/{item.pk}/follow-up/", {"on": day.isoformat(), "reason": "wacht"})
    assert r.status_code == 200, r.content
    assert r.json()["follow_up_at"] is not None
    ids = [t["id"] for t in api.get("/api/v1/tasks/").json()["results"]]
    assert item.pk not in ids
    r = api.post(f"/api/v1/tasks/{item.pk}/follow-up/", {"on": None})
    assert r.status_code == 200 and r.json()["follow_up_at"] is None


def test_reassign_and_bulk_reassign_through_the_api(world):
    case = tlv_steps.ingediend(world).case
    old = make_user(role=Role.CONSULENT, swv=world.swv)
    new = make_user(role=Role.CONSULENT, swv=world.swv)
    items = [_task(world, case, old, n) for n in range(20)]
    api = _session(world.consulent)
    r = api.post(f"/api/v1/tasks/{items[0].pk}/reassign/", {"to": new.pk, "reason": ""})
    assert r.status_code == 400
    r = api.post(
        "/api/v1/tasks/reassign/", {"tasks": [i.pk for i in items], "to": world.school_user.pk, "reason": "x"}
    )
    assert r.status_code == 400 and "heeft niet de rol" in r.content.decode()
    assert WorkItem.objects.filter(pk__in=[i.pk for i in items], assignee=old).count() == 20
    r = api.post(
        "/api/v1/tasks/reassign/", {"tasks": [i.pk for i in items], "to": new.pk, "reason": "verdeling"}
    )
    assert r.status_code == 200, r.content
    assert len(r.json()) == 20
    assert CaseEvent.objects.filter(case=case, action="workitem_reassign").count() == 20
    school = _session(world.school_user)
    r = school.post(f"/api/v1/tasks/{items[0].pk}/reassign/", {"to": old.pk, "reason": "x"})
    assert r.status_code in (403, 404)
    assert WorkItem.objects.get(pk=items[0].pk).assignee == new


def test_absence_through_the_api(world):
    api = _session(world.cva)
    today = clock.today().isoformat()
    r = api.post(
        "/api/v1/absences/",
        {"user": world.cva.pk, "vervanger": world.school_user.pk, "starts_on": today, "ends_on": today},
    )
    assert r.status_code == 400 and "heeft niet de rol" in r.content.decode()
    assert not Afwezigheid.objects.exists()
    r = api.post(
        "/api/v1/absences/",
        {"user": world.cva2.pk, "vervanger": world.voorzitter.pk, "starts_on": today, "ends_on": today},
    )
    assert r.status_code == 403  # another's absence: only a coordinator
    r = api.post(
        "/api/v1/absences/",
        {"user": world.cva.pk, "vervanger": world.cva2.pk, "starts_on": today, "ends_on": today},
    )
    assert r.status_code == 201, r.content
    listed = _session(world.cva2).get("/api/v1/absences/").json()["results"]
    assert [a["user"] for a in listed] == [world.cva.pk]
    assert _session(world.school_user).get("/api/v1/absences/").json()["results"] == []
