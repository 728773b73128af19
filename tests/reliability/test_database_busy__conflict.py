"""SQLite's "database is locked" (the quick start's file, still busy when its timeout ran out) is someone
else's change holding the database: a lost race. The person reads the conflict message of a lost race on
PostgreSQL (409 in the API), never the 503 "database niet bereikbaar"; a real outage keeps its 503, on the
site's own styled page."""

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

from cases.errors import Conflict
from cases.models import CaseEvent, WorkItem
from cases.services import workitems
from tests import tlv_steps as steps
from tests.api.helpers import Api, api_client
from workflows import selectors

pytestmark = pytest.mark.django_db
CONFLICT = str(Conflict.default_message)


@pytest.fixture
def client_no_raise():
    return Client(raise_request_exception=False)


def _locked(*args, **kwargs):
    raise OperationalError("database is locked")


@pytest.fixture
def open_item(world):
    a = steps.ingediend(world)
    return WorkItem.objects.get(case=a.case, node="volledigheidstoets", status="open")


def test_a_locked_database_inside_a_service_reads_as_the_conflict_and_is_logged(
    client_no_raise, world, open_item, monkeypatch
):
    monkeypatch.setattr(workitems, "lock", _locked)
    client_no_raise.force_login(world.consulent)
    response = client_no_raise.post(reverse("workitem_claim", args=[open_item.pk]), follow=True)
    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == [CONFLICT]
    assert CaseEvent.objects.filter(
        case=open_item.case, kind=CaseEvent.Kind.REFUSED, data__code="conflict"
    ).exists()
    open_item.refresh_from_db()
    assert open_item.assignee is None


def test_a_locked_database_inside_a_service_is_409_conflict_in_the_api(world, open_item, monkeypatch):
    monkeypatch.setattr(workitems, "lock", _locked)
    _c, token = api_client(world)
    response = Api(token).post(f"/api/v1/tasks/{open_item.pk}/claim/")
    assert response.status_code == 409
    assert (response.json()["code"], response.json()["detail"]) == ("conflict", CONFLICT)


def test_a_locked_database_outside_a_service_is_a_styled_409_with_the_conflict_message(
    client_no_raise, world, monkeypatch
):
    client_no_raise.force_login(world.consulent)
    monkeypatch.setattr(selectors, "my_tasks", _locked)
    response = client_no_raise.get("/taken/")
    page = response.content.decode()
    assert response.status_code == 409
    assert CONFLICT in page and "niet bereikbaar" not in page
    assert 'href="/static/css/app.css"' in page
    response = client_no_raise.get("/taken/", HTTP_ACCEPT="application/json")
    assert response.status_code == 409 and response.json()["code"] == "conflict"


def test_the_503_page_of_a_real_outage_carries_the_site_style(client_no_raise, world, monkeypatch):
    client_no_raise.force_login(world.consulent)

    def down(*args, **kwargs):
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')

    monkeypatch.setattr(selectors, "my_tasks", down)
    response = client_no_raise.get("/taken/")
    page = response.content.decode()
    assert response.status_code == 503
    assert "De database is even niet bereikbaar" in page
    assert 'href="/static/css/app.css"' in page and 'class="brand"' in page
