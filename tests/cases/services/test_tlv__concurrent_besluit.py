"""Races on one aanvraag: two beslissers deciding, two deskundigen taking the same advice task."""

from __future__ import annotations

import datetime as dt

import pytest

from cases.errors import Conflict, TransitionNotAllowed
from cases.models import CaseEvent, Deskundige, DeskundigenAdvies, TlvAanvraag, WorkItem
from cases.roles import Role
from cases.services import tlv
from cases.services.workitems import workitem_claim
from tests.concurrency import run_concurrently
from tests.factories import make_user

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def assert_one_winner(outcomes):
    winners = [o for o in outcomes if o.ok]
    losers = [o for o in outcomes if not o.ok]
    assert len(winners) == 1, [o.error for o in outcomes]
    assert len(losers) == 1
    assert isinstance(losers[0].error, (Conflict, TransitionNotAllowed)), losers[0].error
    assert losers[0].error.http_status == 409
    return outcomes.index(winners[0])


def independent_deskundige(w, name="desk3"):
    user = make_user(f"{w.swv.code}-{name}", role=Role.DESKUNDIGE, swv=w.swv)
    Deskundige.objects.create(user=user, naam=name, discipline="psycholoog", swv=w.swv)
    return user


def test_two_beslissers_decide_at_once_exactly_one_besluit(world, steps):
    a = steps.besluit_open(world)
    beslisser2 = make_user("beslisser-2", role=Role.BESLISSER, swv=world.swv)
    users = [world.beslisser, beslisser2]

    def decide(user):
        return lambda: tlv.besluit_record(
            aanvraag=TlvAanvraag.objects.select_related("case").get(pk=a.pk),
            by=user,
            besluit="toekennen",
            soort="so",
            cluster=4,
            categorie="laag",
            ingangsdatum=dt.date(2027, 1, 4),
            einddatum=dt.date(2028, 7, 31),
            school=world.special,
            motivering=f"Besluit van {user.username}",
        )

    outcomes = run_concurrently(decide(users[0]), decide(users[1]))

    winner = users[assert_one_winner(outcomes)]
    a = steps.fresh(a)
    assert (a.status, a.besloten_door) == ("toegekend", winner)
    assert CaseEvent.objects.filter(case=a.case, kind="transition", to_state="toegekend").count() == 1
    refused = CaseEvent.objects.filter(case=a.case, kind="refused", action="besluit")
    assert refused.count() == 1
    assert refused.get().actor != winner
    besluit = WorkItem.objects.get(case=a.case, node="besluit")
    assert (besluit.status, besluit.completed_by) == ("done", winner)
    assert a.process.status == "DONE"


def test_two_deskundigen_claim_the_same_task_exactly_one_gets_it(world, steps):
    a = steps.deskundigenadvies(world)
    users = [world.deskundige1, independent_deskundige(world)]
    item = WorkItem.objects.get(case=a.case, node="deskundigenadvies_1", status="open")

    outcomes = run_concurrently(*(lambda u=u: workitem_claim(item=item, by=u) for u in users))

    winner = users[assert_one_winner(outcomes)]
    item.refresh_from_db()
    assert item.assignee == winner
    assert item.task.owner == winner
    assert CaseEvent.objects.filter(case=a.case, action="workitem_claim").count() == 1


def test_two_deskundigen_complete_the_same_advice_exactly_one_is_recorded(world, steps):
    a = steps.deskundigenadvies(world)
    users = [world.deskundige1, independent_deskundige(world)]

    def advise(user):
        return lambda: tlv.deskundigenadvies_record(
            aanvraag=TlvAanvraag.objects.select_related("case").get(pk=a.pk),
            by=user,
            volgorde=1,
            advies=f"Advies van {user.username}",
            aanbeveling="toekennen",
        )

    outcomes = run_concurrently(advise(users[0]), advise(users[1]))

    winner = users[assert_one_winner(outcomes)]
    assert DeskundigenAdvies.objects.filter(aanvraag=a).count() == 1
    assert DeskundigenAdvies.objects.get(aanvraag=a).by == winner
    item = WorkItem.objects.get(case=a.case, node="deskundigenadvies_1")
    assert (item.status, item.completed_by) == ("done", winner)
    assert steps.fresh(a).status == "deskundigenadvies"
