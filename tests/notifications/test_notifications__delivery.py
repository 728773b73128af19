"""In-app notifications for new tasks, and their e-mail: once, and only after the transaction commits."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import transaction

from cases.models import WorkItem
from cases.roles import Role
from cases.services import tlv, workitems
from notifications import services
from notifications.models import Notification
from tests.factories import make_user


def task_notifications(item):
    return Notification.objects.filter(
        case=item.case, kind="new_task", key__startswith=f"workitem:{item.pk}:"
    )


def recipients(item):
    return sorted(n.user.username for n in task_notifications(item))


def test_nobody_is_notified_about_a_task_they_created_themselves(world, steps):
    make_user("collega-a", role=Role.SCHOOL, swv=world.swv, school=world.school_a)
    a = steps.concept(world)  # the school starts its own aanvraag: its 'indienen' task is its own
    item = WorkItem.objects.get(case=a.case, node="indienen")
    assert item.assignee == world.school_user
    assert recipients(item) == []


def test_an_assigned_task_notifies_only_its_assignee(world, steps):
    colleague = make_user("collega-a", role=Role.SCHOOL, swv=world.swv, school=world.school_a)
    a = steps.onvolledig(world)
    item = WorkItem.objects.get(case=a.case, node="herstel")
    Notification.objects.filter(case=a.case).delete()
    workitems.workitem_reassign(item=item, by=world.consulent, to=colleague, reason="vervanging")
    n = Notification.objects.get(case=a.case, kind="new_task")
    assert n.user == colleague
    assert n.link == f"/taken/{item.pk}/"
    assert a.case.reference in n.title
    assert n.read_at is None and n.emailed_at is None


def test_assigning_a_task_to_oneself_sends_no_message(world, steps):
    a = steps.ingediend(world)
    item = WorkItem.objects.get(case=a.case, node="volledigheidstoets")
    Notification.objects.filter(case=a.case).delete()
    workitems.workitem_reassign(item=item, by=world.consulent, to=world.consulent, reason="ik pak hem")
    assert not Notification.objects.filter(case=a.case).exists()


def test_a_werkvoorraad_task_notifies_the_members_of_its_role_in_its_swv(world, other_world, steps):
    a = steps.ingediend(world)
    item = WorkItem.objects.get(case=a.case, node="volledigheidstoets")
    assert recipients(item) == [world.consulent.username]


def test_a_school_task_notifies_only_that_schools_users(world, steps):
    colleague = make_user("collega-a", role=Role.SCHOOL, swv=world.swv, school=world.school_a)
    a = steps.onvolledig(world)
    item = WorkItem.objects.get(case=a.case, node="herstel")
    assert recipients(item) == sorted([world.school_user.username, colleague.username])


def test_the_cva_task_also_reaches_the_voorzitter(world, other_world, steps):
    a = steps.cva_advies(world)
    item = WorkItem.objects.get(case=a.case, node="cva_advies")
    assert item.role == "cva_lid"
    assert recipients(item) == sorted(u.username for u in (world.cva, world.cva2, world.voorzitter))


def test_inactive_users_are_not_notified(world, steps):
    world.cva2.is_active = False
    world.cva2.save()
    a = steps.cva_advies(world)
    item = WorkItem.objects.get(case=a.case, node="cva_advies")
    assert world.cva2.username not in recipients(item)


def test_email_goes_out_only_after_commit(world, steps, mailoutbox, django_capture_on_commit_callbacks):
    a = steps.with_documents(world, steps.concept(world))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        tlv.aanvraag_submit(aanvraag=a, by=world.school_user)
    item = WorkItem.objects.get(case=a.case, node="volledigheidstoets")
    n = task_notifications(item).get()
    assert callbacks
    assert mailoutbox == []  # the transaction has not committed yet
    for callback in callbacks:
        callback()

    mail = [m for m in mailoutbox if m.to == [world.consulent.email]]
    assert len(mail) == 1
    assert mail[0].subject == f"[Passend onderwijs] {n.title}"
    assert f"{settings.SITE_URL}/taken/{item.pk}/" in mail[0].body
    assert world.leerling_a.voornaam not in mail[0].subject + mail[0].body  # no personal data in e-mail
    n.refresh_from_db()
    assert n.emailed_at is not None


def test_email_is_sent_through_celery_after_commit(
    world, steps, mailoutbox, django_capture_on_commit_callbacks
):
    a = steps.with_documents(world, steps.concept(world))
    with django_capture_on_commit_callbacks(execute=True):
        tlv.aanvraag_submit(aanvraag=a, by=world.school_user)
    # the consulent's new task, once (the school's own "indienen" task sent it nothing: it created it)
    assert sorted(m.to[0] for m in mailoutbox) == [world.consulent.email]


def test_a_rolled_back_notification_sends_no_email(world, mailoutbox, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.notify(users=[world.consulent], kind="new_task", title="T", key="rollback-test")
        raise RuntimeError("the service failed after notifying")
    assert callbacks == []
    assert mailoutbox == []
    assert not Notification.objects.filter(key__startswith="rollback-test").exists()


def test_deliver_twice_sends_one_email(world, mailoutbox):
    services.notify(users=[world.consulent], kind="new_task", title="Taak", key="deliver-test")
    n = Notification.objects.get(key=f"deliver-test:u{world.consulent.pk}")
    assert services.deliver(n.pk) is True
    assert services.deliver(n.pk) is False
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [world.consulent.email]


def test_deliver_skips_users_without_email_and_unknown_ids(world, mailoutbox):
    world.consulent.email = ""
    world.consulent.save()
    services.notify(users=[world.consulent], kind="new_task", title="Taak", key="no-mail")
    n = Notification.objects.get(key=f"no-mail:u{world.consulent.pk}")
    assert services.deliver(n.pk) is False
    assert services.deliver(10**9) is False
    assert mailoutbox == []
    n.refresh_from_db()
    assert n.emailed_at is None


def test_notify_twice_with_the_same_key_creates_one_row_per_user(world):
    users = [world.consulent, world.beslisser]
    assert services.notify(users=users, kind="besluit", title="Besluit", key="same-key") == 2
    assert services.notify(users=users, kind="besluit", title="Besluit", key="same-key") == 0
    assert (
        services.notify(users=[*users, world.voorzitter], kind="besluit", title="Besluit", key="same-key")
        == 1
    )
    rows = Notification.objects.filter(key__startswith="same-key:")
    assert sorted(rows.values_list("user_id", flat=True)) == sorted(u.pk for u in (*users, world.voorzitter))
    assert services.notify(users=users, kind="besluit", title="Besluit", key="other-key") == 2


def test_notify_twice_inside_one_transaction_keeps_the_first(
    world, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        services.notify(users=[world.consulent], kind="new_task", title="Eerste", key="k")
        services.notify(users=[world.consulent], kind="new_task", title="Tweede", key="k")
    assert list(Notification.objects.filter(key__startswith="k:").values_list("title", flat=True)) == [
        "Eerste"
    ]
    assert len(mailoutbox) == 1
