"""Outbound webhooks through the outbox: each delivery row is promised as an outbox message in the state
change's transaction, relayed signed, delivered once, retried with the outbox's back-off (every attempt
logged on the row) and then given up; a beheerder sees and retries the deliveries of their own SWV."""

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
from notifications import outbox
from notifications.models import OutboxMessage
from notifications.tasks import relay_outbox
from tests.webhooks.receiver import Receiver
from webhooks import services
from webhooks.models import WebhookDelivery

ALL = ["case.created", "case.transition", "case.escalation", "case.besluit"]
DELIVERIES = "/beheer/webhooks/webhookdelivery/"


@pytest.fixture
def receiver():
    with Receiver() as r:
        yield r


def subscribe(w, url, events=ALL, name="Dashboard"):
    sub, secret = services.subscription_create(
        by=w.beheerder, swv=w.swv, name=name, url=url, event_types=events
    )
    return sub, secret


def message_of(delivery: WebhookDelivery) -> OutboxMessage:
    return OutboxMessage.objects.get(key=f"webhook:{delivery.pk}")


def test_events_of_a_case_are_delivered_signed_to_the_swvs_subscription(
    world, other_world, steps, receiver, django_capture_on_commit_callbacks
):
    _sub, secret = subscribe(world, receiver.url)
    subscribe(other_world, receiver.url + "/other")
    with django_capture_on_commit_callbacks(execute=True):  # the kick after the commit relays (eager here)
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
    for d in WebhookDelivery.objects.all():
        assert d.status == "delivered" and d.attempts == 1 and d.last_status_code == 200
        assert headers["x-passend-delivery"] == str(d.pk) or d.event_type == "case.created"
        assert message_of(d).status == "sent"


def test_only_the_subscribed_event_types_are_written(world, steps):
    subscribe(world, "http://127.0.0.1:9/none", events=["case.besluit"])
    steps.ingediend(world)
    assert not WebhookDelivery.objects.exists()
    assert not OutboxMessage.objects.filter(topic="webhook").exists()


def test_each_delivery_is_promised_in_the_outbox_and_one_kick_follows_the_commit(
    world, steps, django_capture_on_commit_callbacks
):
    first, _ = subscribe(world, "http://127.0.0.1:9/one")
    second, _ = subscribe(world, "http://127.0.0.1:9/two", name="Leerplicht")
    a = steps.concept(world)
    WebhookDelivery.objects.all().delete()
    OutboxMessage.objects.filter(topic="webhook").delete()
    with django_capture_on_commit_callbacks() as callbacks:
        assert services.emit(event="case.transition", case=a.case, data={"to": "x"}) == 2
    assert len(callbacks) == 1  # one relay kick for both deliveries
    deliveries = WebhookDelivery.objects.order_by("pk")
    assert [d.subscription_id for d in deliveries] == [first.pk, second.pk]
    assert len({d.event_id for d in deliveries}) == 1  # one event, one id for every receiver
    for d in deliveries:
        message = message_of(d)
        assert (message.topic, message.payload, message.swv_id) == (
            "webhook",
            {"delivery": d.pk},
            world.swv.pk,
        )
        assert (message.status, d.status) == ("pending", "pending")


def test_a_rollback_of_the_state_change_leaves_neither_delivery_nor_message(world, steps):
    subscribe(world, "http://127.0.0.1:9/none")
    a = steps.concept(world)
    before = (WebhookDelivery.objects.count(), OutboxMessage.objects.filter(topic="webhook").count())
    with pytest.raises(RuntimeError), transaction.atomic():
        tlv.aanvraag_withdraw(aanvraag=a, by=world.school_user, reason="dubbel")
        d = WebhookDelivery.objects.latest("pk")
        assert d.event_type == "case.transition" and message_of(d).status == "pending"  # same transaction
        raise RuntimeError("rollback")
    assert (WebhookDelivery.objects.count(), OutboxMessage.objects.filter(topic="webhook").count()) == before
    assert steps.fresh(a).status == "concept"


def test_a_delivered_row_is_never_posted_again(world, steps, receiver):
    subscribe(world, receiver.url)
    steps.concept(world)
    d = WebhookDelivery.objects.get()
    message = message_of(d)
    message.attempts, message.last_attempt_at = 1, clock.now()
    services.deliver({"delivery": d.pk}, message)  # a relay that posted, committed the row, then died
    assert message_of(d).status == "pending" and len(receiver.requests) == 1

    outbox.relay()  # the next relay finds the row delivered: nothing is posted, the message is marked sent
    outbox.relay()
    assert len(receiver.requests) == 1
    d.refresh_from_db()
    assert (d.status, d.attempts) == ("delivered", 1)
    assert (message_of(d).status, message_of(d).attempts) == ("sent", 1)


def test_failures_are_retried_with_the_outbox_backoff_each_attempt_logged_then_given_up(
    world, steps, settings
):
    settings.OUTBOX_MAX_ATTEMPTS = 3
    settings.OUTBOX_RETRY_BASE_SECONDS = 30
    with Receiver(statuses=[500, 503, 502]) as r:
        subscribe(world, r.url)
        start = clock.now()
        with time_machine.travel(start, tick=False) as t:
            steps.concept(world)
            d = WebhookDelivery.objects.get()
            assert outbox.relay().failed == 1
            d.refresh_from_db()
            message = message_of(d)
            assert (d.status, d.attempts, d.last_status_code, d.last_error) == ("pending", 1, 500, "")
            assert d.last_attempt_at == start
            assert d.next_attempt_at == start + dt.timedelta(seconds=30) == message.next_attempt_at
            assert (message.status, message.attempts, message.last_error) == ("pending", 1, "HTTP 500")
            outbox.relay()  # not due yet: nothing is sent
            assert len(r.requests) == 1 and message_of(d).attempts == 1

            t.move_to(start + dt.timedelta(seconds=31))
            assert relay_outbox() == 0  # what beat runs every minute; the attempt failed again
            d.refresh_from_db()
            assert (d.attempts, d.last_status_code) == (2, 503)
            assert (
                d.next_attempt_at == clock.now() + dt.timedelta(seconds=60) == message_of(d).next_attempt_at
            )

            t.move_to(clock.now() + dt.timedelta(seconds=61))
            assert outbox.relay().dead == 1
            d.refresh_from_db()
            assert (d.status, d.attempts, d.last_status_code, d.next_attempt_at) == ("failed", 3, 502, None)
            assert (message_of(d).status, message_of(d).attempts) == ("dead", 3)
            t.move_to(clock.now() + dt.timedelta(days=1))
            outbox.relay()
            assert message_of(d).status == "dead"  # given up: it waits for a beheerder
        assert len(r.requests) == 3
        assert len({req["headers"]["X-Passend-Event-Id"] for req in r.requests}) == 1


def test_an_unreachable_receiver_is_logged_and_retried(world, steps):
    subscribe(world, "http://127.0.0.1:9/niemand")  # discard port: connection refused
    steps.concept(world)
    assert outbox.relay().failed == 1
    d = WebhookDelivery.objects.get()
    assert d.status == "pending" and d.last_status_code is None and "Error" in d.last_error
    assert message_of(d).last_error == d.last_error


def test_with_the_broker_down_the_state_change_commits_and_the_periodic_relay_delivers(
    world, steps, receiver, monkeypatch, django_capture_on_commit_callbacks
):
    def broker_down(*args, **kwargs):
        raise ConnectionError("redis down")

    monkeypatch.setitem(relay_outbox.app.conf, "task_always_eager", False)
    monkeypatch.setattr(relay_outbox, "apply_async", broker_down)
    monkeypatch.setattr(outbox, "_broker_down_until", 0.0)
    subscribe(world, receiver.url)
    with django_capture_on_commit_callbacks(execute=True):  # the kick fails and is logged
        a = steps.concept(world)
    d = WebhookDelivery.objects.get()
    assert steps.fresh(a).status == "concept" and d.status == "pending" and message_of(d).status == "pending"
    assert receiver.requests == []
    assert relay_outbox() >= 1  # beat, once the broker is back
    assert len(receiver.requests) == 1
    d.refresh_from_db()
    assert d.status == "delivered"


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
    assert OutboxMessage.objects.filter(topic="webhook").count() == WebhookDelivery.objects.count()


def test_an_address_no_longer_allowed_is_refused_at_delivery_and_retried(world, steps, receiver, settings):
    subscribe(world, receiver.url)  # allowed when it was saved
    settings.WEBHOOK_ALLOWED_NETWORKS = []  # the operator withdraws the local network
    steps.concept(world)
    assert outbox.relay().failed == 1
    d = WebhookDelivery.objects.get()
    assert "adres geweigerd" in d.last_error and "openbare adressen" in d.last_error
    assert receiver.requests == []
    assert d.status == "pending" and d.attempts == 1


def test_a_deactivated_subscription_gives_its_deliveries_up_at_once(world, steps, receiver):
    sub, _ = subscribe(world, receiver.url)
    steps.concept(world)
    sub.active = False
    sub.save()
    assert outbox.relay().dead == 1
    d = WebhookDelivery.objects.get()
    assert (d.status, d.attempts, d.last_error) == ("failed", 1, "abonnement is gedeactiveerd")
    assert message_of(d).status == "dead" and receiver.requests == []


def test_the_delivery_log_is_visible_to_the_swvs_beheerder_only(client, world, other_world, steps):
    subscribe(world, "http://127.0.0.1:9/mine")
    subscribe(other_world, "http://127.0.0.1:9/theirs")
    steps.concept(world)
    steps.concept(other_world)
    assert outbox.relay().failed == 2
    client.force_login(world.beheerder)
    page = client.get(DELIVERIES).content.decode()
    mine = WebhookDelivery.objects.get(subscription__swv=world.swv)
    theirs = WebhookDelivery.objects.get(subscription__swv=other_world.swv)
    assert f"{DELIVERIES}{mine.pk}/" in page
    assert f"{DELIVERIES}{theirs.pk}/" not in page
    detail = client.get(f"{DELIVERIES}{mine.pk}/change/")
    assert detail.status_code == 200 and "refused" in detail.content.decode()
    assert client.get(f"{DELIVERIES}{theirs.pk}/change/").status_code in (302, 403, 404)


def test_a_beheerder_retries_a_given_up_delivery_through_its_outbox_message(
    client, world, other_world, steps, settings
):
    settings.OUTBOX_MAX_ATTEMPTS = 1
    with Receiver(statuses=[500, 500]) as r:
        subscribe(world, r.url)
        subscribe(other_world, r.url + "/theirs")
        steps.concept(world)
        steps.concept(other_world)
        assert outbox.relay().dead == 2
        mine = WebhookDelivery.objects.get(subscription__swv=world.swv)
        theirs = WebhookDelivery.objects.get(subscription__swv=other_world.swv)
        assert mine.status == theirs.status == "failed"

        client.force_login(world.beheerder)
        client.post(DELIVERIES, {"action": "retry", "_selected_action": [mine.pk, theirs.pk]})
        mine.refresh_from_db()
        assert (mine.status, mine.attempts) == ("pending", 0)
        assert (message_of(mine).status, message_of(mine).attempts) == ("pending", 0)
        assert message_of(theirs).status == "dead"  # another SWV's delivery is out of reach

        outbox.relay()
        mine.refresh_from_db()
        assert (mine.status, mine.attempts, mine.last_status_code) == ("delivered", 1, 200)
        assert [req["path"] for req in r.requests] == ["/hook", "/hook/theirs", "/hook"]
        assert (
            r.requests[0]["headers"]["X-Passend-Event-Id"] == r.requests[2]["headers"]["X-Passend-Event-Id"]
        )


def test_a_retry_whose_outbox_message_was_removed_promises_the_delivery_anew(world, steps, settings):
    settings.OUTBOX_MAX_ATTEMPTS = 1
    with Receiver(statuses=[500]) as r:
        subscribe(world, r.url)
        steps.concept(world)
        outbox.relay()
        d = WebhookDelivery.objects.get()
        assert d.status == "failed"
        message_of(d).delete()  # removed by hand from the outbox
        services.retry(delivery=d, by=world.beheerder)
        assert (message_of(d).status, message_of(d).attempts) == ("pending", 0)
        outbox.relay()
        d.refresh_from_db()
        assert (d.status, len(r.requests)) == ("delivered", 2)
