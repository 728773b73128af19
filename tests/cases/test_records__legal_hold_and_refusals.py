"""Legal hold from the case's page, its archive card and the API (privacy officer, archivaris; with a reason,
history and a timeline line); refused destruction steps on the timeline of the cases they concern; the
default archive rules with their sources on the beheer and records pages."""

import datetime as dt

import pytest
from django.urls import reverse

from cases import archive, clock
from cases.errors import DomainError
from cases.models import Case, CaseEvent
from cases.roles import Role
from cases.services import vernietiging
from tests import tlv_steps
from tests.api.helpers import Api
from tests.factories import make_user


@pytest.fixture
def reviewers(world):
    return (
        make_user(role=Role.PRIVACY_OFFICER, swv=world.swv),
        make_user(role=Role.ARCHIVARIS, swv=world.swv),
    )


@pytest.fixture
def closed(world):
    return tlv_steps.afgewezen(world).case


def _session(user) -> Api:
    api = Api()
    api.http.force_login(user)
    return api


def test_the_archive_card_puts_a_case_on_legal_hold_and_lifts_it(client, world, reviewers, closed):
    privacy, _archivaris = reviewers
    client.force_login(privacy)
    r = client.get(reverse("archief_casus_zoeken"), {"kenmerk": closed.reference}, follow=True)
    html = r.content.decode()
    assert closed.reference in html and "Bewaarplicht opleggen" in html
    url = reverse("archief_bewaarplicht", args=[closed.pk])
    r = client.post(url, {"actie": "opleggen", "bewaarplicht-reason": ""}, follow=True)
    assert "Geef een reden." in r.content.decode()
    closed.refresh_from_db()
    assert not closed.legal_hold
    r = client.post(url, {"actie": "opleggen", "bewaarplicht-reason": "Klacht loopt"}, follow=True)
    closed.refresh_from_db()
    assert closed.legal_hold and closed.legal_hold_reason == "Klacht loopt"
    assert closed.history.first().history_change_reason == "bewaarplicht: Klacht loopt"
    line = CaseEvent.objects.get(case=closed, action="bewaarplicht opleggen")
    assert line.reason == "Klacht loopt" and line.actor == privacy
    # twice: refused, and the refusal is on the timeline
    client.post(url, {"actie": "opleggen", "bewaarplicht-reason": "Nogmaals"})
    assert CaseEvent.objects.filter(case=closed, kind="refused", action="bewaarplicht opleggen").count() == 1
    client.post(url, {"actie": "opheffen", "bewaarplicht-reason": "Klacht afgehandeld"})
    closed.refresh_from_db()
    assert not closed.legal_hold
    assert CaseEvent.objects.filter(case=closed, action="bewaarplicht opheffen", kind="note").count() == 1


def test_the_case_page_shows_the_legal_hold_button_to_a_reviewer_only(client, world, closed):
    client.force_login(world.consulent)
    html = client.get(reverse("case_detail", args=[closed.pk])).content.decode()
    assert reverse("archief_bewaarplicht", args=[closed.pk]) not in html
    both = make_user(role=Role.CONSULENT, swv=world.swv)
    from cases.models import Membership

    Membership.objects.create(user=both, swv=world.swv, role=Role.ARCHIVARIS)
    client.force_login(both)
    html = client.get(reverse("case_detail", args=[closed.pk])).content.decode()
    assert reverse("archief_bewaarplicht", args=[closed.pk]) in html
    client.post(
        reverse("archief_bewaarplicht", args=[closed.pk]),
        {"actie": "opleggen", "bewaarplicht-reason": "Verzoek van de Inspectie"},
    )
    closed.refresh_from_db()
    assert closed.legal_hold


def test_others_do_not_reach_the_archive_card(client, world, other_world, reviewers, closed):
    client.force_login(world.consulent)
    assert client.get(reverse("archief_casus", args=[closed.pk])).status_code == 404
    r = client.post(
        reverse("archief_bewaarplicht", args=[closed.pk]), {"actie": "opleggen", "bewaarplicht-reason": "x"}
    )
    assert r.status_code == 404
    client.force_login(make_user(role=Role.ARCHIVARIS, swv=other_world.swv))  # another SWV's archivaris
    assert client.get(reverse("archief_casus", args=[closed.pk])).status_code == 404
    closed.refresh_from_db()
    assert not closed.legal_hold


def test_the_api_sets_and_lifts_a_legal_hold(world, reviewers, closed):
    privacy, _ = reviewers
    api = _session(privacy)
    url = f"/api/v1/destruction-cases/{closed.pk}/legal-hold/"
    assert api.post(url, {"action": "set", "reason": ""}).status_code == 400
    assert _session(world.consulent).post(url, {"action": "set", "reason": "x"}).status_code == 404
    r = api.post(url, {"action": "set", "reason": "Rechtszaak"})
    assert r.status_code == 200 and r.json()["legal_hold"] is True
    assert api.post(url, {"action": "set", "reason": "Nogmaals"}).status_code == 409
    r = api.post(url, {"action": "lift", "reason": "Afgerond"})
    assert r.status_code == 200 and r.json()["legal_hold"] is False


def test_a_second_approval_by_the_same_person_is_on_the_timeline_of_the_cases_on_the_list(
    world, reviewers, closed
):
    privacy, _ = reviewers
    with clock.travel(clock.start_of_day(closed.archiefactiedatum + dt.timedelta(days=1))):
        lijst = vernietiging.lijst_propose(swv=world.swv, by=privacy)
        vernietiging.lijst_approve(lijst=lijst, by=privacy)
        with pytest.raises(DomainError):
            vernietiging.lijst_approve(lijst=lijst, by=privacy)
    line = CaseEvent.objects.get(case=closed, kind="refused")
    assert line.action == "vernietigingslijst goedkeuren" and line.actor == privacy
    assert "al goedgekeurd" in line.reason and line.data["lijst"] == lijst.pk
    assert lijst.akkoorden.count() == 1


def test_a_held_case_on_a_list_is_refused_on_its_timeline_and_never_proposed(world, reviewers, closed):
    privacy, archivaris = reviewers
    with clock.travel(clock.start_of_day(closed.archiefactiedatum + dt.timedelta(days=1))):
        lijst = vernietiging.lijst_propose(swv=world.swv, by=privacy)
        Case.objects.filter(pk=closed.pk).update(legal_hold=True)  # set outside the review
        with pytest.raises(DomainError):
            vernietiging.lijst_approve(lijst=lijst, by=archivaris)
        line = CaseEvent.objects.get(case=closed, kind="refused")
        assert "bewaarplicht" in line.reason
        item = lijst.items.get()
        with pytest.raises(DomainError):
            vernietiging.item_remove(item=item, by=world.consulent, reason="Niet mijn rol")
        assert CaseEvent.objects.filter(case=closed, kind="refused").count() == 2
        Case.objects.filter(pk=closed.pk).update(legal_hold=False)
        vernietiging.legal_hold_set(case=closed, by=archivaris, reason="Klacht")
        item.refresh_from_db()
        assert item.status == "verwijderd"
        assert vernietiging.lijst_propose(swv=world.swv, by=privacy) is None


def test_every_default_has_its_source_and_the_pages_show_it_to_confirm(client, world, reviewers):
    table = archive.defaults_table()
    assert len(table) == sum(len(e.types) for e in archive.RESULTS.values())
    assert all(str(row["bron"]).strip() for row in table)
    client.force_login(reviewers[1])
    html = client.get(reverse("vernietigingslijsten")).content.decode()
    assert "standaard, te bevestigen" in html and "bekostigingsgegevens" in html
    client.force_login(world.beheerder)
    html = client.get(reverse("admin:cases_archiefregel_changelist")).content.decode()
    assert "door de archivaris te bevestigen" in html and "BW 2:10" in html
