"""Races: many attempts at once on the same task or decision; exactly one wins, every loser gets a
409-type refusal that is logged, and what the round leaves behind equals what one lone attempt leaves behind:
one transition, one history row, one timeline line, one notification per recipient, one chain link each.

Short in `make test` (one round of 8 per scenario, the four in one test); `make reliability` runs 25 rounds
of 40 per scenario (4 x 1 000 attempts). At most 40 database connections are open at once (the main one
is closed during a round): the PostgreSQL server is shared.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection

from cases import clock
from cases.errors import DomainError
from cases.models import TlvAanvraag, WorkItem
from cases.roles import Role
from cases.services import deadlines as deadline_services
from cases.services import tlv, workitems
from cases.services.deadlines import sweep_deadlines
from notifications import outbox
from tests import tlv_steps as steps
from tests.concurrency import run_concurrently
from tests.factories import make_user
from tests.reliability.harness import FULL, RESULTS, chain_problems, delta, footprint, refused, scale

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROUNDS = scale(1, 25)
CONCURRENCY = scale(8, 40)


@dataclass
class Target:
    case: Any
    call: Callable[[Any], Any]  # one attempt by a user


@dataclass
class Scenario:
    name: str
    prepare: Callable[[Any], Target]
    actors: Callable[[Any], list]
    won: Callable[[Any], bool] = lambda value: True
    is_decision: bool = False
    losers_refused: bool = True  # a loser's attempt leaves a "refused" timeline line


def _aanvraag(a):
    return TlvAanvraag.objects.select_related("case").get(pk=a.pk)


def prepare_completion(w) -> Target:
    a = steps.ingediend(w)
    return Target(a.case, lambda user: tlv.volledigheid_record(aanvraag=_aanvraag(a), by=user, volledig=True))


def prepare_besluit(w) -> Target:
    a = steps.besluit_open(w)

    def decide(user):
        return tlv.besluit_record(
            aanvraag=_aanvraag(a),
            by=user,
            besluit="toekennen",
            soort="so",
            cluster=4,
            categorie="laag",
            ingangsdatum=dt.date(2027, 1, 4),
            einddatum=dt.date(2028, 7, 31),
            school=w.special,
            motivering=f"Besluit van {user.username}",
        )

    return Target(a.case, decide)


def prepare_claim(w) -> Target:
    a = steps.ingediend(w)
    item = WorkItem.objects.get(case=a.case, node="volledigheidstoets", status="open")
    return Target(
        a.case, lambda user: workitems.workitem_claim(item=WorkItem.objects.get(pk=item.pk), by=user)
    )


def prepare_sweep(w) -> Target:
    a = steps.concept(w)
    deadline_services.deadline_start(
        case=a.case,
        kind="tlv_beslistermijn",
        started_on=clock.today() - dt.timedelta(days=120),
        by=w.consulent,
    )
    return Target(a.case, lambda user: sweep_deadlines(now=clock.now(), batch_size=5))


SCENARIOS = [
    Scenario("complete the same work item", prepare_completion, lambda w: w.consulenten, is_decision=True),
    Scenario("record the same besluit", prepare_besluit, lambda w: w.beslissers, is_decision=True),
    Scenario("claim the same work item", prepare_claim, lambda w: w.consulenten),
    Scenario(
        "sweep the same due deadline",
        prepare_sweep,
        lambda w: [None] * CONCURRENCY,
        won=lambda steps_taken: steps_taken > 0,
        losers_refused=False,
    ),
]


@pytest.fixture
def crowd(world):
    """The world with CONCURRENCY consulenten and beslissers: distinct people racing, not one double click."""
    world.consulenten = [world.consulent] + [
        make_user(f"{world.swv.code}-cons{i}", role=Role.CONSULENT, swv=world.swv)
        for i in range(CONCURRENCY - 1)
    ]
    world.beslissers = [world.beslisser] + [
        make_user(f"{world.swv.code}-besl{i}", role=Role.BESLISSER, swv=world.swv)
        for i in range(CONCURRENCY - 1)
    ]
    return world


def _round(scenario: Scenario, w, n: int):
    target = scenario.prepare(w)
    before = footprint(target.case)
    actors = scenario.actors(w)[:n]
    connection.close()  # the main connection stays closed while the n attempts hold theirs
    outcomes = run_concurrently(*(lambda u=u: target.call(u) for u in actors))
    outbox.relay()  # anything a thread left for the relay (nothing, normally: links are chained inline)
    return outcomes, delta(footprint(target.case), before)


def _winner_effect(effect):
    """The round's effect without the losers' refusal lines (their chain links were taken out already)."""
    return {k: v for k, v in effect.items() if k[:2] != ("event", "refused") and v}


def _compare(effect, reference) -> tuple[int, int, list[str]]:
    lost = duplicated = 0
    diffs = []
    for key in set(effect) | set(reference):
        got, want = effect.get(key, 0), reference.get(key, 0)
        if got > want:
            duplicated += got - want
        elif got < want:
            lost += want - got
        if got != want:
            diffs.append(f"{key}: {got} instead of {want}")
    return lost, duplicated, diffs


def _run(scenario: Scenario, crowd) -> list[str]:
    # what one lone attempt leaves behind
    solo, reference = _round(scenario, crowd, 1)
    assert solo[0].ok and scenario.won(solo[0].value), solo[0].error
    reference[("audit links",)] -= refused(reference)
    reference_effect = _winner_effect(reference)

    totals = {"attempts": 0, "winners": 0, "lost": 0, "duplicated": 0, "double": 0, "unexpected": 0}
    problems: list[str] = []
    for round_no in range(ROUNDS):
        outcomes, effect = _round(scenario, crowd, CONCURRENCY)
        winners = [o for o in outcomes if o.ok and scenario.won(o.value)]
        losers = [o for o in outcomes if o not in winners]
        unexpected = [
            o.error
            for o in losers
            if o.error is not None and not (isinstance(o.error, DomainError) and o.error.http_status == 409)
        ]
        n_refused = refused(effect)
        effect[("audit links",)] -= n_refused
        effect = _winner_effect(effect)
        lost, duplicated, diffs = _compare(effect, reference_effect)
        if scenario.losers_refused and n_refused != len(losers):
            problems.append(f"round {round_no}: {n_refused} refusals logged for {len(losers)} losers")
        totals["attempts"] += len(outcomes)
        totals["winners"] += len(winners)
        totals["lost"] += lost + (1 if not winners else 0)
        totals["duplicated"] += duplicated
        totals["double"] += max(len(winners) - 1, 0) if scenario.is_decision else 0
        totals["unexpected"] += len(unexpected)
        problems += [f"round {round_no}: {d}" for d in diffs]
        problems += [f"round {round_no}: unexpected {type(e).__name__}: {e}" for e in unexpected[:3]]
        if len(winners) != 1:
            problems.append(f"round {round_no}: {len(winners)} winners")
    problems += chain_problems()
    if totals["winners"] != ROUNDS:
        problems.append(f"{totals['winners']} winners in {ROUNDS} rounds")

    RESULTS.attempts += totals["attempts"]
    RESULTS.lost += totals["lost"]
    RESULTS.duplicated += totals["duplicated"]
    RESULTS.double_decisions += totals["double"]
    RESULTS.note(
        f"races / {scenario.name}: {ROUNDS} round(s) x {CONCURRENCY} = {totals['attempts']} attempts, "
        f"{totals['winners']} winner(s), {totals['lost']} lost, {totals['duplicated']} duplicated, "
        f"{totals['double']} double decisions, {totals['unexpected']} unexpected errors"
    )
    return [f"{scenario.name}: {p}" for p in problems]


# short: the four scenarios in one test (one world, one database flush); full: one test per scenario
@pytest.mark.parametrize(
    "scenarios",
    [[s] for s in SCENARIOS] if FULL else [SCENARIOS],
    ids=lambda group: group[0].name.replace(" ", "-") if len(group) == 1 else "all-scenarios",
)
def test_concurrent_attempts_exactly_one_wins_and_nothing_is_half_written(scenarios, crowd):
    problems = [p for scenario in scenarios for p in _run(scenario, crowd)]
    assert problems == [], problems[:20]
