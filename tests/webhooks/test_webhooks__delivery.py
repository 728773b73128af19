"""Outbound webhooks: written with the state change, signed, delivered once, retried with backoff."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json

import pytest
import time_machine
from django.db import transaction

from cases import clock
from cases.services import tlv
from tests.webhooks.receiver import Receiver
from webhooks import services
from webhooks.models import WebhookDelivery
from webhooks.tasks import deliver_due_webhooks

ALL = ["case.created", "case.transition", "case.escalation", "case.besluit"]


@pytest.fixture
def receiver():
    with Receiver() as r:
        yield r


def subscribe(w, url, events=ALL):
    sub, secret = services.subscription_create(
        by=w.beheerder, swv=w.swv, name="Dashboard", url=url, event_types=events
    )
    return sub, secret


def test_events_of_a_case_are_delivered_signed_to_the_swvs_subscription(
    world, other_world, steps, receiver, django_capture_on_commit_callbacks
):
    _sub, secret = subscribe(world, receiver.url)
    subscribe(other_world, receiver.url + "/other")
    with django_capture_on_commit_callbacks(execute=True):
        a = steps.ingediend(world)
    types = [json.loads(r["body"])["type"] for r in receiver.requests]
    assert types == ["case.created", "case.transition"]  # created, concept -> ingediend
    assert all(r["path"] == "/hook" for r in receiver.requests)  # never the other SWV's receiver
    request = receiver.requests[1]
    headers = {k.lower(): v for k, v in request["headers"].items()}
    expected = hmac.new(
        secret.encode(), f"{headers['x-passend-timestamp']}.".encode() + request["body"], hashlib.sha256
    )
    assert headers["x-passend-signature"] == f"sha256={expected.hexdigest()}"
    body = json.loads(request["body"])
    assert headers["x-passend-event-id"] == body["id"]
    assert body["case"]["id"] == a.case_id and body["data"]["to"] == "ingediend"
    assert "leerling" not in json.dumps(body).lower()  # no personal data; fetch the case through the API
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {"delivered"}


def test_only_the_subscribed_event_types_are_written(world, steps):
    subscribe(world, "http://127.0.0.1:9/none", events=["case.besluit"])
    steps.ingediend(world)
    assert not WebhookDelivery.objects.exists()


def test_the_delivery_is_written_in_the_same_transaction_as_the_state_change(world, steps):
    subscribe(world, "http://127.0.0.1:9/none")
    a = steps.concept(world)
    before = WebhookDelivery.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        tlv.aanvraag_withdraw(aanvraag=a, by=world.school_user, reason="dubbel")
        assert WebhookDelivery.objects.count() == before + 1
        raise RuntimeError("rollback")
    assert WebhookDelivery.objects.count() == before


def test_a_delivered_row_is_never_sent_again(world, steps, receiver):
    subscribe(world, receiver.url)
    steps.concept(world)
    d = WebhookDelivery.objects.get()
    assert services.deliver(d.pk) == "delivered"
    assert services.deliver(d.pk) == "delivered"
    assert deliver_due_webhooks() == 0
    assert len(receiver.requests) == 1


def test_failures_are_retried_with_exponential_backoff_then_given_up(world, steps, settings):
    settings.WEBHOOK_MAX_ATTEMPTS = 3
    with Receiver(statuses=[500, 503, 502]) as r:
        subscribe(world, r.url)
        start = clock.now()
        with time_machine.travel(start, tick=False) as t:
            steps.concept(world)
            d = WebhookDelivery.objects.get()
            assert services.deliver(d.pk) == "pending"
            d.refresh_from_db()
            assert (d.attempts, d.last_status_code, d.last_response) == (1, 500, "kapot")
            assert d.next_attempt_at == start + dt.timedelta(seconds=30)
            assert services.deliver(d.pk) == "pending"  # not due yet: nothing is sent
            assert len(r.requests) == 1
            t.move_to(start + dt.timedelta(seconds=31))
            assert deliver_due_webhooks() == 1
            d.refresh_from_db()
            assert d.attempts == 2 and d.next_attempt_at == clock.now() + dt.timedelta(seconds=60)
            t.move_to(clock.now() + dt.timedelta(seconds=61))
            deliver_due_webhooks()
            d.refresh_from_db()
            assert (d.status, d.attempts, d.next_attempt_at) == ("failed", 3, None)
            assert len(r.requests) == 3
            assert len({req["headers"]["X-Passend-Event-Id"] for req in r.requests}) == 1


def test_an_unreachable_receiver_is_logged_and_retried(world, steps):
    subscribe(world, "http://127.0.0.1:9/niemand")  # discard port: connection refused
    steps.concept(world)
    d = WebhookDelivery.objects.get()
    services.deliver(d.pk)
    d.refresh_from_db()
    assert d.status == "pending" and d.last_status_code is None and "Error" in d.last_error


def test_with_the_broker_down_the_row_waits_for_the_periodic_task(
    world, steps, receiver, monkeypatch, django_capture_on_commit_callbacks
):
    from webhooks import tasks

    def broker_down(*args, **kwargs):
        raise ConnectionError("redis down")

    monkeypatch.setattr(tasks.deliver_webhook, "delay", broker_down)
    subscribe(world, receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        a = steps.concept(world)
    assert a.status == "concept" and WebhookDelivery.objects.get().status == "pending"
    assert receiver.requests == []
    assert deliver_due_webhooks() == 1
    assert len(receiver.requests) == 1


def test_escalation_and_besluit_events(world, steps, receiver):
    from cases.services import deadlines as deadline_services
    from tests import thuiszitter_steps

    subscribe(world, receiver.url, events=["case.escalation", "case.besluit"])
    thuiszitter_steps.gemeld(world, days_ago=40)
    deadline_services.sweep_deadlines()
    steps.toegekend(world)
    types = sorted(set(WebhookDelivery.objects.values_list("event_type", flat=True)))
    assert types == ["case.besluit", "case.escalation"]
    besluit = WebhookDelivery.objects.get(event_type="case.besluit")
    assert besluit.payload["data"] == {"besluit": "toekennen", "status": "toegekend"}


def test_private_networks_are_refused_when_configured(world, steps, receiver, settings):
    settings.WEBHOOK_BLOCK_PRIVATE_NETWORKS = True
    subscribe(world, receiver.url)
    steps.concept(world)
    d = WebhookDelivery.objects.get()
    services.deliver(d.pk)
    d.refresh_from_db()
    assert "privé" in d.last_error and receiver.requests == []


def test_the_delivery_log_is_visible_to_the_swvs_beheerder_only(client, world, other_world, steps):
    subscribe(world, "http://127.0.0.1:9/mine")
    subscribe(other_world, "http://127.0.0.1:9/theirs")
    steps.concept(world)
    steps.concept(other_world)
    for d in WebhookDelivery.objects.all():
        services.deliver(d.pk)
    client.force_login(world.beheerder)
    page = client.get("/beheer/webhooks/webhookdelivery/").content.decode()
    mine = WebhookDelivery.objects.get(subscription__swv=world.swv)
    theirs = WebhookDelivery.objects.get(subscription__swv=other_world.swv)
    assert f"/beheer/webhooks/webhookdelivery/{mine.pk}/" in page
    assert f"/beheer/webhooks/webhookdelivery/{theirs.pk}/" not in page
    detail = client.get(f"/beheer/webhooks/webhookdelivery/{mine.pk}/change/")
    assert detail.status_code == 200 and "refused" in detail.content.decode()
