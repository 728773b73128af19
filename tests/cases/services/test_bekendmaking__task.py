"""The bekendmaking after a besluit is a task in the consulent's werkvoorraad with its own due date, closed
by the bekendmaking, whether it is done from the task or from the case page."""

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine
from django.urls import reverse

from cases.models import WorkItem
from cases.services import bekendmaking
from workflows import selectors

AMS = ZoneInfo("Europe/Amsterdam")


def _task(case):
    return WorkItem.objects.get(case=case, node="bekendmaken")


def test_the_besluit_puts_a_bekendmaken_task_in_the_consulents_werkvoorraad(world, steps):
    with time_machine.travel(dt.datetime(2027, 1, 8, 10, 0, tzinfo=AMS), tick=False):  # a Friday
        a = steps.toegekend(world)
        task = _task(a.case)
        assert (task.status, task.role, task.assignee) == ("open", "consulent", None)
        assert task.due_at.astimezone(AMS).date() == dt.date(2027, 1, 13)  # 3 working days later
        assert selectors.werkvoorraad(world.consulent).filter(pk=task.pk).exists()
        assert not selectors.werkvoorraad(world.school_user).filter(pk=task.pk).exists()


def test_making_it_known_from_the_case_page_closes_the_task(world, steps):
    a = steps.toegekend(world)
    bekendmaking.bekendmaking_record(aanvraag=a, by=world.consulent)
    task = _task(a.case)
    assert (task.status, task.completed_by, task.assignee) == ("done", world.consulent, world.consulent)


def test_completing_the_task_makes_the_besluit_known(client, world, steps):
    a = steps.toegekend(world)
    task = _task(a.case)
    client.force_login(world.consulent)
    page = client.get(reverse("workitem", args=[task.pk])).content.decode()
    assert "gecontroleerd" in page
    r = client.post(reverse("workitem", args=[task.pk]), {})  # the check box is required
    assert r.status_code == 200
    assert bekendmaking.besluit_bekendmaking(a) is None
    r = client.post(reverse("workitem", args=[task.pk]), {"gecontroleerd": "on"}, follow=True)
    assert r.redirect_chain[0][1] == 302
    assert "U heeft de taak opgepakt en afgerond" in r.content.decode()  # complete implies claim, shown
    assert bekendmaking.besluit_bekendmaking(a) is not None
    task = _task(a.case)
    assert (task.status, task.assignee, task.completed_by) == ("done", world.consulent, world.consulent)


def test_the_beslisser_making_it_known_closes_the_consulents_task(world, steps):
    a = steps.toegekend(world)
    bekendmaking.bekendmaking_record(aanvraag=a, by=world.beslisser)
    task = _task(a.case)
    assert (task.status, task.completed_by, task.assignee) == ("done", world.beslisser, None)
