"""Every API path that reads dossier data writes the read-access log: a walk over all detail paths of the
URL conf (case, route record, timeline, deadlines, letters, documents, document metadata and content, task,
pupil, its ouders and consents, an ouder, a consent)."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

from api.urls import urlpatterns
from audit.models import AccessLog
from cases import clock
from cases.models import Document, WorkItem
from cases.models.case import Route
from cases.services import loket, zorgplicht
from cases.services.overstap import overstap_of_case
from tests import (
    loket_steps,
    overleg_steps,
    overstap_steps,
    schakel_steps,
    screening_steps,
    thuiszitter_steps,
)
from tests.api.helpers import Api, api_client
from tests.factories import give_consent


def _detail_paths():
    """(pattern, view class) of every API path with an object id that answers GET."""
    out = []
    for p in urlpatterns:
        pattern = str(p.pattern)
        view = getattr(p.callback, "view_class", None)
        if pattern.startswith("v1/destruction-lists/"):
            continue  # a destruction list names cases by reference, result and dates: no dossier content
        if pattern.startswith("v1/imports/mappings/"):
            continue  # an import mapping is column names and a delimiter: no pupil data
        if "<int:pk>" in pattern and view is not None and hasattr(view, "get"):
            out.append((pattern, view))
    return out


@pytest.fixture
def dossiers(world, steps):
    tlv = steps.with_documents(world, steps.concept(world)).case
    today = clock.today()
    overstap = overstap_steps.geopend(SimpleNamespace(po=world))  # opened by the PO school
    overstap.documenten.add(overstap_steps.document(world, overstap.case))
    return {
        Route.TLV: tlv,
        Route.THUISZITTER: thuiszitter_steps.gemeld(world).case,
        Route.ZORGPLICHT: zorgplicht.aanmelding_create(
            by=world.school_b_user, leerling=world.leerling_b, school=world.school_b, aangemeld_op=today
        ).case,
        Route.SCREENING: screening_steps.aangemeld(world).case,
        Route.SCHAKEL: schakel_steps.signaal(world, soort="po_vso", huidige_school=world.school_a).case,
        Route.LOKET: loket_steps.concept(world, leerling=world.leerling_b).case,
        Route.OVERSTAP: overstap.case,
    }


def _target(pattern, world, dossiers):
    """The id to GET and the (case, pupil) of every log line it must write."""
    tlv = dossiers[Route.TLV]
    route = re.match(r"v1/cases/([a-z]+)/<int:pk>/$", pattern)
    if route:
        case = dossiers[route.group(1)]
        return case.pk, [(case.pk, case.leerling_id)]
    if pattern.startswith("v1/cases/"):
        return tlv.pk, [(tlv.pk, tlv.leerling_id)]
    if pattern.startswith("v1/documents/"):
        return Document.objects.filter(case=tlv).first().pk, [(tlv.pk, tlv.leerling_id)]
    if pattern.startswith("v1/tasks/"):
        item = WorkItem.objects.filter(case=tlv).first()
        return item.pk, [(tlv.pk, tlv.leerling_id)]
    if pattern.startswith("v1/pupils/"):
        return world.leerling_a.pk, [(None, world.leerling_a.pk)]
    if pattern.startswith("v1/parents/"):  # an ouder of leerling_a (the world gives it one)
        return world.leerling_a.ouders.order_by("pk").first().pk, [(None, world.leerling_a.pk)]
    if pattern.startswith("v1/consents/"):
        consent = give_consent(world.leerling_a, "screening")
        return consent.pk, [(None, world.leerling_a.pk)]
    if pattern.startswith("v1/loket/vragen/"):  # a school's question about one of its pupils
        give_consent(world.leerling_a, "gegevensdeling")
        vraag = loket.adviesvraag_create(
            by=world.school_user,
            school=world.school_a,
            soort="advies",
            vraag="Hoe nu verder?",
            leerling=world.leerling_a,
        )
        return vraag.pk, [(None, world.leerling_a.pk)]
    if pattern.startswith("v1/loket/"):  # the LWOO/PrO test data of a support request
        case = dossiers[Route.LOKET]
        return case.pk, [(case.pk, case.leerling_id)]
    if pattern.startswith("v1/overstap/"):  # the handed-over file, read on the sending side
        case = dossiers[Route.OVERSTAP]
        return case.pk, [(case.pk, case.leerling_id)]
    if pattern.startswith("v1/case-tables/"):  # the meeting itself, then each case on its agenda
        case_a, case_b = overleg_steps.cases(world)
        o = overleg_steps.plan_doa(world, case_a, case_b)
        return o.pk, [(None, None), (case_a.pk, case_a.leerling_id), (case_b.pk, case_b.leerling_id)]
    raise AssertionError(f"no object for the API path {pattern}: add it to this test")


def test_every_api_detail_read_writes_one_access_log_line(world, dossiers):
    _client, token = api_client(world)
    api = Api(token)
    walked = []
    for pattern, view in _detail_paths():
        pk, expected = _target(pattern, world, dossiers)
        path = "/api/" + pattern.replace("<int:pk>", str(pk))
        if "<int:doc>" in pattern:  # a document handed over with the PO→VO file
            doc = overstap_of_case(dossiers[Route.OVERSTAP]).documenten.get()
            path = path.replace("<int:doc>", str(doc.pk))
        r = api.get(path)
        assert r.status_code == 200, (path, r.status_code)
        rows = list(AccessLog.objects.filter(path=path).order_by("pk"))
        assert len(rows) == len(expected), f"{path} ({view.__name__}) wrote {len(rows)} access log lines"
        assert [(row.case_id, row.leerling_id) for row in rows] == expected, path
        assert {row.via for row in rows} == {"api"} and all(row.what.endswith("(API)") for row in rows)
        walked.append(pattern)
    assert "v1/documents/<int:pk>/" in walked  # the document metadata (original file name)
    assert {"v1/parents/<int:pk>/", "v1/consents/<int:pk>/"} <= set(walked)  # ouders and consents
    assert len(walked) >= 9 + len(Route.values)


def test_document_metadata_read_is_logged_and_a_refused_read_is_not(world, other_world, steps):
    doc = steps.with_documents(world, steps.concept(world)).case.documents.first()
    foreign = steps.with_documents(other_world, steps.concept(other_world)).case.documents.first()
    _client, token = api_client(world)
    api = Api(token)
    assert api.get(f"/api/v1/documents/{doc.pk}/").status_code == 200
    assert api.get(f"/api/v1/documents/{foreign.pk}/").status_code == 404
    row = AccessLog.objects.get()
    assert row.case_id == doc.case_id
    assert row.what == f"document {doc.pk}: {doc.get_kind_display()}, gegevens (API)"
    assert row.view == "api:document-detail"
