"""Leak test of the parent's own view: with a parent's session, every URL of config.urls (pages, downloads,
the admin and every API path) is requested with the ids of another child, a child of another SWV that
shares the pupil's gemeente (and whose ouder has the same name and e-mail address). Nothing of that child
appears in any answer; a staff page or API path answers as to an anonymous visitor; a portal URL with the
other child's id answers 404 (as a missing id) and the attempt is logged; nothing changes."""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RoutePattern

from audit.models import AuditEvent
from cases.models import CaseEvent, Consent, Document, Ontvanger
from cases.services.ouderberichten import escalation_notices_send
from tests import tlv_steps
from tests.factories import give_consent, make_world
from tests.parents.test_portal__parent_view import sign_in

# pages anyone may open without signing in (they show no dossier data)
PUBLIC = {
    "inloggen/",
    "healthz",
    "favicon.ico",
    "ouders/aanmelden/",
    "ouders/link/<str:token>/",
    "api/schema/",
    "api/docs/",
    "beheer/login/",
}


def _routes():
    def walk(patterns, prefix):
        for p in patterns:
            if not isinstance(p.pattern, RoutePattern):
                continue
            route = prefix + str(p.pattern)
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, route)
            elif isinstance(p, URLPattern):
                yield route

    return sorted(set(walk(get_resolver().url_patterns, "")))


def _fill(route: str, value: int) -> str:
    return "/" + re.sub(
        r"<(?:(\w+):)?\w+>",
        lambda m: str(value) if (m.group(1) or "str") == "int" else {"path": "1"}.get(m.group(1), "x"),
        route,
    )


def _reached(route: str, status: int) -> bool:
    """Did a parent session get further than an anonymous visitor (or, in the portal, than a missing id)?"""
    if route.startswith("ouders/") and "<int:" in route:
        return status != 404
    if route.startswith("api/v1/"):
        return status not in (401, 403, 404, 405)
    return status == 200 and route not in PUBLIC and not route.startswith("ouders/")


@pytest.fixture
def two_swvs(db, django_capture_on_commit_callbacks):
    own, other = make_world(), make_world()
    # the second SWV shares the first's gemeente; its pupil lives there and has an ouder of the same name
    own.gemeente_a.swvs.add(other.swv)
    theirs = other.leerling_a
    theirs.voornaam, theirs.achternaam, theirs.woongemeente = "Zwaantje", "Anderswaar", own.gemeente_a
    theirs.save()
    mine = tlv_steps.with_documents(own, tlv_steps.concept(own))
    give_consent(own.leerling_a, "casusoverleg")
    with django_capture_on_commit_callbacks(execute=True):
        foreign = tlv_steps.bekendgemaakt(other)
    foreign_consent = give_consent(theirs, "casusoverleg")
    ids = {
        foreign.case.pk,
        theirs.pk,
        theirs.ouders.get().pk,
        foreign_consent.pk,
        *Document.objects.filter(case=foreign.case).values_list("pk", flat=True),
        *Ontvanger.objects.filter(bekendmaking__aanvraag=foreign).values_list("pk", flat=True),
        *foreign.case.work_items.values_list("pk", flat=True),
        *[
            n.pk
            for n in escalation_notices_send(
                deadline=foreign.case.deadlines.get(kind="tlv_beslistermijn"), by=other.consulent
            )
        ],
    }
    # an id of the other child that is also an id of one of the own child's objects is left out
    leerling = own.leerling_a
    mine_ids = {
        leerling.pk,
        *leerling.cases.values_list("pk", flat=True),
        *leerling.consents.values_list("pk", flat=True),
        *leerling.ouders.values_list("pk", flat=True),
        *Document.objects.filter(case__leerling=leerling).values_list("pk", flat=True),
        *Ontvanger.objects.filter(ouder__leerling=leerling).values_list("pk", flat=True),
    }
    return own, other, mine, foreign, sorted(ids - mine_ids)


def test_a_parent_reaches_nothing_of_another_child_on_any_url_or_api_path(client, two_swvs):
    own, other, mine, foreign, ids = two_swvs
    sign_in(client, own)
    secrets = ["Zwaantje", "Anderswaar", foreign.case.reference, other.leerling_a.bsn]
    before = (
        CaseEvent.objects.filter(case=foreign.case).count(),
        Consent.objects.filter(ingetrokken_op__isnull=False).count(),
        Document.objects.count(),
    )
    opened, leaks, reached = 0, [], []
    for route in _routes():
        values = ids if "<int:" in route else [0]
        for value in values:
            path = _fill(route, value)
            response = client.get(path)
            opened += 1
            assert response.status_code < 500, (path, response.status_code)
            body = b"" if response.streaming else response.content
            if any(s.encode() in body for s in secrets):
                leaks.append(path)
            if _reached(route, response.status_code):
                reached.append((path, response.status_code))
    assert opened > 300
    assert leaks == []
    assert reached == []
    # POSTs to the portal with the other child's ids: refused, logged, nothing changed
    for route in [r for r in _routes() if r.startswith("ouders/") and "<int:" in r]:
        for value in ids:
            assert client.post(_fill(route, value), {}).status_code in (404, 405)
    assert AuditEvent.objects.filter(action="ouderportaal_geweigerd").count() >= len(ids)
    after = (
        CaseEvent.objects.filter(case=foreign.case).count(),
        Consent.objects.filter(ingetrokken_op__isnull=False).count(),
        Document.objects.count(),
    )
    assert after == before
    # and the parent's own child is reachable in the same session
    assert client.get(reverse("portal_case", args=[mine.case.pk])).status_code == 200


def test_staff_without_a_parent_session_are_sent_to_the_portal_start(client, two_swvs):
    own, _other, mine, _foreign, _ids = two_swvs
    client.force_login(own.consulent)
    for name, args in (("portal_home", []), ("portal_case", [mine.case.pk]), ("portal_access", [])):
        response = client.get(reverse(name, args=args))
        assert (response.status_code, response["Location"]) == (302, reverse("portal_start"))
