"""Schemathesis against the OpenAPI schema, in-process (WSGI, no network), as a token client with data.

Every documented operation gets a bounded number of generated requests (valid and invalid): none may give a
5xx, and every response must match the schema (status code documented, body shape, content type). Path ids
are mapped onto real objects of the client's own SWV and of another SWV, so the calls reach the services.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from types import SimpleNamespace

import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.checks import CHECKS, load_all_checks
from schemathesis.generation import GenerationMode

from cases import clock
from cases.models import Document, WorkItem
from cases.services import zorgplicht
from tests import (
    loket_steps,
    overstap_steps,
    schakel_steps,
    screening_steps,
    thuiszitter_steps,
    tlv_steps,
)
from tests.api.helpers import api_client
from tests.factories import make_world

MAX_EXAMPLES = 12
IDS: dict[str, list[int]] = {}
READS: dict[tuple[str, int], int] = {}  # (path, status) of the deterministic reads of every object


def _build():
    w, other = make_world(), make_world()
    cases = []
    for make in (tlv_steps.ingediend, tlv_steps.deskundigenadvies, tlv_steps.besluit_open):
        cases.append(make(w).case)
    bekend = tlv_steps.bekendgemaakt(w)
    tlv_steps.bezwaar_ontvangen(w, bekend)
    cases.append(bekend.case)
    cases.append(thuiszitter_steps.gemeld(w).case)
    cases.append(
        zorgplicht.aanmelding_create(
            by=w.school_b_user, leerling=w.leerling_b, school=w.school_b, aangemeld_op=clock.today()
        ).case
    )
    cases.append(screening_steps.aangemeld(w).case)
    cases.append(loket_steps.concept(w).case)
    cases.append(schakel_steps.met_overleg(w, soort="po_vso", huidige_school=w.school_a).case)
    overstap = overstap_steps.geopend(SimpleNamespace(po=w))  # with one document handed over
    handed = overstap_steps.document(w, overstap.case)
    overstap.documenten.add(handed)
    cases.append(overstap.case)
    IDS["handed"] = [handed.pk]
    foreign = tlv_steps.ingediend(other).case
    IDS["cases"] = [c.pk for c in cases] + [foreign.pk, 987654]
    IDS["tasks"] = list(WorkItem.objects.filter(case__in=[*cases, foreign]).values_list("pk", flat=True))
    IDS["documents"] = list(Document.objects.filter(case__in=[*cases, foreign]).values_list("pk", flat=True))
    IDS["pupils"] = [w.leerling_a.pk, w.leerling_b.pk, other.leerling_a.pk]
    _client, token = api_client(w)
    return token


def _map_ids(case):
    """Ids of real objects (own SWV and another SWV) instead of random integers."""
    params = case.path_parameters or {}
    if "id" in params and isinstance(params["id"], int):
        kind = next((k for k in ("tasks", "documents", "pupils") if f"/{k}/" in case.operation.path), "cases")
        ids = IDS[kind] or [1]
        params["id"] = ids[abs(params["id"]) % len(ids)]


def _other_id(name: str) -> int:
    """A path's second id (a handed-over document of the handover read by its first): a real document."""
    return IDS["handed"][0] if name == "doc" else 1


# schema-valid input may still break a business rule (409/400 with a clear message): that is not a failure
load_all_checks()
EXCLUDED = [c for c in CHECKS.get_all() if c.__name__ == "positive_data_acceptance"]
assert EXCLUDED


def _run(operation, token, failures):
    strategy = st.one_of(
        operation.as_strategy(GenerationMode.POSITIVE), operation.as_strategy(GenerationMode.NEGATIVE)
    )

    @given(case=strategy)
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.explicit, Phase.generate],
    )
    def run(case):
        _map_ids(case)
        case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, excluded_checks=EXCLUDED)

    def every_object():
        """Deterministically, every read of an object with each real id (own SWV and another SWV)."""
        if operation.method.upper() != "GET" or "{id}" not in operation.path:
            return
        kind = next((k for k in ("tasks", "documents", "pupils") if f"/{k}/" in operation.path), "cases")
        others = {name: _other_id(name) for name in re.findall(r"{(\w+)}", operation.path) if name != "id"}
        for pk in IDS[kind]:
            case = operation.Case(path_parameters={"id": pk, **others})
            response = case.call_and_validate(
                headers={"Authorization": f"Bearer {token}"}, excluded_checks=EXCLUDED
            )
            READS[(operation.path, response.status_code)] = (
                READS.get((operation.path, response.status_code), 0) + 1
            )

    try:
        run()
        every_object()
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # noqa: BLE001 - collect every operation's failure, then report them all
        failures.append(f"{operation.method.upper()} {operation.path}: {exc}")


@contextmanager
def _connection_kept():
    """Like Django's test client: the WSGI handler must not close the test's connection after a request."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


# the contract is under test here, not the lockout: schemathesis's invalid tokens would lock this address
# after 20 and turn every later answer into a (documented) 429
@override_settings(AXES_IP_FAILURE_LIMIT=1_000_000)
def test_every_operation_answers_without_server_error_and_as_documented(db):
    token = _build()
    failures: list[str] = []
    with _connection_kept():
        schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
        operations = [result.ok() for result in schema.get_all_operations()]
        assert len(operations) > 50
        for operation in operations:
            _run(operation, token, failures)
    assert not failures, "\n\n".join(failures)
    # the reads reached real objects: own ones answer 200, the other SWV's 404
    for path in ("/api/v1/cases/{id}/", "/api/v1/tasks/{id}/", "/api/v1/documents/{id}/content/"):
        assert READS.get((path, 200)) and READS.get((path, 404)), (path, READS)
