"""The consent register: a giver with gezag (or the pupil from 16), withdrawal from today on, the timeline and
the webhooks, the pages and the API; services that need a consent refuse without one."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from cases import clock
from cases.errors import ValidationFailed
from cases.models import CaseEvent, Consent
from cases.services import consent as consent_services
from tests import thuiszitter_steps
from tests.api.helpers import Api, api_client
from webhooks.models import WebhookDelivery, WebhookSubscription


def _record(world, **kwargs):
    data = {
        "leerling": world.leerling_a,
        "by": world.school_user,
        "purpose": "casusoverleg",
        "gever": "ouder",
        "ouder": world.leerling_a.ouders.get(),
        "gegeven_op": clock.today(),
        "wijze": "overleg",
        "overleg": "Gesprek met de IB'er",
    }
    return consent_services.consent_record(**{**data, **kwargs})


def test_a_consent_without_a_giver_with_gezag_is_refused_and_nothing_is_recorded(world):
    ouder = world.leerling_a.ouders.get()
    ouder.gezag = False
    ouder.save()
    with pytest.raises(ValidationFailed) as exc:
        _record(world, ouder=ouder)
    assert (exc.value.code, exc.value.field) == ("toestemming-zonder-gezag", "ouder")
    with pytest.raises(ValidationFailed) as exc:
        _record(world, ouder=world.leerling_b.ouders.first())  # none, or another pupil's
    assert exc.value.code == "toestemming-gever"
    assert not Consent.objects.exists()


def test_the_pupil_gives_consent_only_from_16(world):
    with pytest.raises(ValidationFailed) as exc:
        _record(world, gever="leerling", ouder=None)
    assert exc.value.code == "toestemming-leerling-te-jong"
    leerling = world.leerling_a
    leerling.geboortedatum = clock.today().replace(year=clock.today().year - 16) - dt.timedelta(days=1)
    leerling.save()
    consent = _record(world, gever="leerling", ouder=None)
    assert consent.gever_naam == f"{leerling.voornaam} {leerling.achternaam}"


def test_a_document_consent_needs_the_signed_document(world):
    with pytest.raises(ValidationFailed) as exc:
        _record(world, wijze="document", overleg="")
    assert exc.value.code == "toestemming-document"
    assert not Consent.objects.exists()


def test_withdrawing_a_consent_that_does_not_exist_or_twice_is_refused(world):
    with pytest.raises(ValidationFailed) as exc:
        consent_services.consent_withdraw(consent_id=987654, by=world.school_user)
    assert exc.value.code == "toestemming-bestaat-niet"
    consent = _record(world)
    consent_services.consent_withdraw(
        consent_id=consent.pk, by=world.school_user, reason="ouders willen niet"
    )
    with pytest.raises(ValidationFailed) as exc:
        consent_services.consent_withdraw(consent_id=consent.pk, by=world.school_user)
    assert exc.value.code == "toestemming-al-ingetrokken"
    assert Consent.history.filter(id=consent.pk).count() == 2  # recorded, withdrawn: nothing more
    # another school may not withdraw it
    with pytest.raises(ValidationFailed):
        consent_services.consent_withdraw(consent_id=_record(world).pk, by=world.school_b_user)


def test_a_withdrawal_stops_the_casusoverleg_and_is_on_the_timeline_and_sent_as_webhook(world):
    WebhookSubscription.objects.create(
        swv=world.swv,
        name="Jeugdhulp",
        url="https://ontvanger.example/hook",
        secret="x" * 32,
        event_types=["consent.given", "consent.withdrawn"],
        created_at=clock.now(),
        created_by=world.beheerder,
    )
    m = thuiszitter_steps.met_plan(world)
    with pytest.raises(ValidationFailed) as exc:
        consent_services.consent_require(leerling=world.leerling_a, purpose="casusoverleg")
    assert "geen geldige toestemming" in str(exc.value.message)
    consent = _record(world, gegeven_op=clock.today() - dt.timedelta(days=3))
    assert consent_services.consent_require(leerling=world.leerling_a, purpose="casusoverleg") == consent
    consent_services.consent_withdraw(consent_id=consent.pk, by=world.consulent)
    with pytest.raises(ValidationFailed) as exc:
        consent_services.consent_require(leerling=world.leerling_a, purpose="casusoverleg")
    assert "ingetrokken" in str(exc.value.message)
    # before the withdrawal it held (a meeting held then may still be recorded)
    yesterday = clock.today() - dt.timedelta(days=1)
    assert consent_services.consent_require(leerling=world.leerling_a, purpose="casusoverleg", on=yesterday)
    actions = list(CaseEvent.objects.filter(case=m.case, kind="note").values_list("action", flat=True))
    assert actions[-2:] == ["consent_given", "consent_withdrawn"]
    assert sorted(WebhookDelivery.objects.values_list("event_type", flat=True)) == [
        "consent.given",
        "consent.withdrawn",
    ]


def test_the_pages_record_and_withdraw_a_consent(client, world):
    ouder = world.leerling_a.ouders.get()
    client.force_login(world.school_user)
    url = reverse("consent_list", args=[world.leerling_a.pk])
    assert client.get(url).status_code == 200
    data = {
        "purpose": "jeugdhulp",
        "gever": "ouder",
        "ouder": ouder.pk,
        "gegeven_op": clock.today().isoformat(),
        "wijze": "overleg",
        "overleg": "Keukentafelgesprek",
    }
    r = client.post(url, {**data, "overleg": ""})
    assert r.status_code == 400 and "Noem het overleg" in r.content.decode()
    assert client.post(url, data).status_code == 302
    consent = Consent.objects.get()
    page = client.get(url).content.decode()
    assert "Gegevens delen met jeugdhulp" in page and "geldig" in page
    r = client.post(reverse("consent_withdraw", args=[consent.pk]), {"reden": "Ouders trekken in"})
    assert r.status_code == 302
    consent.refresh_from_db()
    assert consent.ingetrokken_op == clock.today() and consent.intrekking_reden == "Ouders trekken in"
    # the auditor reads the register but cannot record or withdraw
    client.force_login(world.auditor)
    assert "Toestemming vastleggen" not in client.get(url).content.decode()
    assert client.post(url, data).status_code == 403
    assert Consent.objects.count() == 1


def test_api_consents(world, other_world):
    ouder = world.leerling_a.ouders.get()
    _c, token = api_client(world)
    api = Api(token)
    url = f"/api/v1/pupils/{world.leerling_a.pk}/consents/"
    body = {
        "purpose": "deskundigenonderzoek",
        "gever": "ouder",
        "ouder": ouder.pk,
        "gegeven_op": clock.today().isoformat(),
        "wijze": "overleg",
        "overleg": "MDO",
    }
    r = api.post(url, body)
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    assert r.json()["geldig"] is True
    assert [c["id"] for c in api.get(url).json()] == [pk]
    r = api.post(f"/api/v1/consents/{pk}/withdraw/", {"reden": ""})
    assert r.status_code == 200 and r.json()["geldig"] is False
    r = api.post(f"/api/v1/consents/{pk}/withdraw/", {"reden": ""})
    assert r.status_code == 400 and r.json()["code"] == "toestemming-al-ingetrokken"
    assert api.post("/api/v1/consents/99999/withdraw/", {"reden": ""}).status_code == 404
    _c, other = api_client(other_world)
    assert Api(other).get(f"/api/v1/consents/{pk}/").status_code == 404
