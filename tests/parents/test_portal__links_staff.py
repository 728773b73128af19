"""Staff see the personal links issued to a pupil's ouders on the ouders card (sent when, by whom, and
whether used, expired or revoked) and revoke an unused one (service, history, audit chain, page and API);
a revoked link opens nothing; revoking when there is nothing to revoke, or by another school, is refused and
changes nothing."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.urls import reverse

from audit.models import AuditEvent
from cases import clock
from cases.models import OuderToegang
from cases.services import ouderportaal as portal
from tests.api.helpers import Api, api_client
from tests.parents.test_portal__parent_view import sign_in


def _card(client, world) -> str:
    html = client.get(reverse("leerling_detail", args=[world.leerling_a.pk])).content.decode()
    return html[html.index('id="h-ouders"') :]


def test_the_ouders_card_lists_the_links_and_an_unused_one_is_revoked(client, world):
    ouder = world.leerling_a.ouders.get()
    sign_in(client, world)  # one link used
    portal.ouder_link_issue(ouder=ouder, by=world.school_user, send=False)  # one still open
    client = client.__class__()
    client.force_login(world.school_user)
    card = _card(client, world)
    assert "Persoonlijke links" in card
    links = card[card.index('id="h-ouderlinks"') :]
    assert links.count("<tr><td>Ouder A</td>") == 2
    assert "gebruikt op" in card and "(aangemeld)" in card and "ongebruikt, geldig tot" in card
    revoke_url = reverse("ouder_link_revoke", args=[ouder.pk])
    assert revoke_url in card
    assert client.get(revoke_url).status_code == 200
    response = client.post(revoke_url, follow=True)
    assert "is ingetrokken" in response.content.decode()
    toegang = OuderToegang.objects.filter(verified_at=None).get()
    assert toegang.revoked_at is not None
    assert toegang.history.first().history_change_reason == "Persoonlijke link ingetrokken"
    assert toegang.history.first().history_user == world.school_user
    assert AuditEvent.objects.filter(action="ouderlink_ingetrokken").count() == 1
    card = _card(client, world)
    assert "vervallen op" in card and revoke_url not in card
    # nothing left to revoke: refused with a clear message, nothing changes
    before = toegang.history.count()
    response = client.post(revoke_url, follow=True)
    assert "niets in te trekken" in response.content.decode()
    assert toegang.history.count() == before


def test_a_revoked_link_opens_nothing(client, world):
    ouder = world.leerling_a.ouders.get()
    token = portal.ouder_link_issue(ouder=ouder, by=world.school_user, send=False)
    portal.ouder_link_revoke(ouder=ouder, by=world.consulent)
    response = client.post(reverse("portal_link", args=[token]))
    assert response.status_code == 400 and "verlopen" in response.content.decode()
    assert OuderToegang.objects.get().used_at is None


def test_an_expired_link_shows_as_expired_and_cannot_be_revoked(client, world):
    ouder = world.leerling_a.ouders.get()
    portal.ouder_link_issue(ouder=ouder, by=world.school_user, send=False)
    with time_machine.travel(clock.now() + portal.LINK_VALID + dt.timedelta(hours=1), tick=False):
        client.force_login(world.school_user)
        card = _card(client, world)
        assert "verlopen op" in card and reverse("ouder_link_revoke", args=[ouder.pk]) not in card
        refused = client.post(reverse("ouder_link_revoke", args=[ouder.pk]), follow=True)
        assert "niets in te trekken" in refused.content.decode()
    assert OuderToegang.objects.get().revoked_at is None


def test_another_school_neither_sees_nor_revokes_the_links(client, world):
    ouder = world.leerling_a.ouders.get()
    portal.ouder_link_issue(ouder=ouder, by=world.school_user, send=False)
    client.force_login(world.school_b_user)
    assert client.post(reverse("ouder_link_revoke", args=[ouder.pk])).status_code in (403, 404)
    assert OuderToegang.objects.get().revoked_at is None


def test_the_links_through_the_api(world):
    ouder = world.leerling_a.ouders.get()
    portal.ouder_link_issue(ouder=ouder, by=world.school_user, send=False)
    _c, token = api_client(world)
    api = Api(token)
    (row,) = api.get(f"/api/v1/parents/{ouder.pk}/links/").json()
    assert row["status"] == "open" and row["used_at"] is None
    revoked = api.post(f"/api/v1/parents/{ouder.pk}/link/revoke/", {})
    assert revoked.status_code == 200 and revoked.json()["status"] == "ingetrokken"
    again = api.post(f"/api/v1/parents/{ouder.pk}/link/revoke/", {})
    assert again.status_code == 400 and again.json()["code"] == "ouderlink-geen-open-link"
    _c2, other = api_client(world, role="school", school=world.school_b, name="Andere school")
    assert Api(other).get(f"/api/v1/parents/{ouder.pk}/links/").status_code == 404
    assert Api(other).post(f"/api/v1/parents/{ouder.pk}/link/revoke/", {}).status_code == 404
