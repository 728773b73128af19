"""Given-up outbox messages are visible to the beheerders of their SWV, who can retry them."""

from django.urls import reverse

from notifications import outbox
from notifications.models import OutboxMessage


def _dead(key, swv):
    msg = outbox.enqueue(topic="test.unknown", key=key, payload={}, swv_id=swv.pk, kick=False)
    msg.status = OutboxMessage.Status.DEAD
    msg.attempts = 10
    msg.last_error = "OSError: ontvanger onbereikbaar"
    msg.save()
    return msg


def test_a_beheerder_sees_and_retries_the_given_up_messages_of_their_own_swv_only(client, world, other_world):
    mine = _dead("mine", world.swv)
    theirs = _dead("theirs", other_world.swv)
    client.force_login(world.beheerder)
    url = reverse("admin:notifications_outboxmessage_changelist")
    page = client.get(url, {"status": "dead"}).content.decode()
    assert "mine" in page and "theirs" not in page
    assert client.get(reverse("admin:notifications_outboxmessage_change", args=[theirs.pk])).status_code in (
        302,
        403,
        404,
    )
    detail = client.get(reverse("admin:notifications_outboxmessage_change", args=[mine.pk]))
    assert "ontvanger onbereikbaar" in detail.content.decode()

    client.post(url, {"action": "retry_messages", "_selected_action": [mine.pk, theirs.pk]})
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.status, mine.attempts) == ("pending", 0)
    assert theirs.status == "dead"  # another SWV's message is out of reach


def test_other_roles_do_not_see_the_outbox(client, world):
    client.force_login(world.consulent)
    response = client.get(reverse("admin:notifications_outboxmessage_changelist"))
    assert response.status_code in (302, 403)
