"""Every page that opens one dossier object (case, route record, task, document, pupil, its ouders and
consents, audit timeline) writes the read-access log: a walk over the URL conf's pages with an object id, as
consulent, school and auditor."""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

from audit.models import AccessLog
from cases import clock
from cases.models import WorkItem
from cases.services import zorgplicht
from tests import loket_steps, schakel_steps, screening_steps, thuiszitter_steps
from tests.factories import give_consent

# pages with an id that show no dossier data (a form only, or an action)
NOT_DOSSIER = {"leerlingen/<int:pk>/uitschrijven/"}


def _pk_pages():
    def walk(patterns, prefix):
        for p in patterns:
            if not isinstance(p.pattern, RoutePattern):
                continue
            route = prefix + str(p.pattern)
            if route.startswith(("api/", "beheer/")):
                continue
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, route)
            elif isinstance(p, URLPattern) and re.search(r"<int:\w+>", route):
                yield route

    return sorted(set(walk(get_resolver().url_patterns, "")) - NOT_DOSSIER)


@pytest.fixture
def objects(world, steps):
    tlv = steps.with_documents(world, steps.concept(world)).case
    return {
        "casussen": tlv.pk,
        "documenten": tlv.documents.first().pk,
        "taken": 0,  # filled in below: a task of one of these cases
        "leerlingen": world.leerling_a.pk,
        "thuiszitters": thuiszitter_steps.gemeld(world).case_id,
        "aanmeldingen": zorgplicht.aanmelding_create(
            by=world.school_b_user,
            leerling=world.leerling_b,
            school=world.school_b,
            aangemeld_op=clock.today(),
        ).case_id,
        "screenings": screening_steps.aangemeld(world).case_id,
        "schakeltrajecten": schakel_steps.signaal(
            world, soort="po_vso", huidige_school=world.school_a
        ).case_id,
        "loket": loket_steps.concept(world).case_id,
        "audit/casussen": tlv.pk,
        "audit/leerlingen": world.leerling_a.pk,
        "leerlingen/ouders": world.leerling_a.ouders.order_by("pk").first().pk,
        "leerlingen/toestemmingen": give_consent(world.leerling_a, "screening").pk,
    }


def _task_for(client, objects) -> int:
    """A task page this user can open (tasks are per role), else 0."""
    for pk in WorkItem.objects.order_by("pk").values_list("pk", flat=True):
        if client.get(f"/taken/{pk}/").status_code == 200:
            return pk
    return 0


def _path(route, objects):
    key = max((k for k in objects if route.startswith(k + "/")), key=len, default=None)
    if key is None:
        return None
    return "/" + re.sub(r"<int:\w+>", str(objects[key]), route)


def test_every_page_that_opens_a_dossier_object_logs_the_read(client, world, objects):
    opened = []
    for user in (world.consulent, world.school_user, world.auditor):
        client.force_login(user)
        objects["taken"] = _task_for(client, objects)
        for route in _pk_pages():
            path = _path(route, objects)
            if path is None:
                continue
            before = AccessLog.objects.filter(user=user, path=path).count()
            r = client.get(path)
            if r.status_code != 200:
                continue  # not this user's page, or not for this object's state (e.g. no besluit yet)
            rows = AccessLog.objects.filter(user=user, path=path).count() - before
            assert rows == 1, f"{user.username} opened {path} and the access log has {rows} lines"
            opened.append(route)
    for expected in (
        "casussen/<int:pk>/",
        "documenten/<int:pk>/",
        "taken/<int:pk>/",
        "leerlingen/<int:pk>/",
        "thuiszitters/<int:pk>/",
        "aanmeldingen/<int:pk>/",
        "screenings/<int:pk>/",
        "schakeltrajecten/<int:pk>/",
        "loket/<int:pk>/",
        "casussen/<int:pk>/proces/",
        "audit/casussen/<int:pk>/",
        "leerlingen/<int:pk>/ouders/nieuw/",
        "leerlingen/ouders/<int:pk>/wijzigen/",
        "leerlingen/ouders/<int:pk>/verwijderen/",
        "leerlingen/<int:pk>/toestemmingen/",
        "leerlingen/toestemmingen/<int:pk>/intrekken/",
    ):
        assert expected in opened, expected
