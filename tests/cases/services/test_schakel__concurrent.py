"""A race on one schakeltraject: two consulenten extend the trial at the same moment: it is extended once."""

from __future__ import annotations

import pytest

from cases.errors import DomainError
from cases.roles import Role
from cases.services import schakel
from tests import schakel_steps as steps
from tests.concurrency import run_concurrently
from tests.factories import make_user

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_extensions_at_once_extend_once(world):
    t = steps.in_proef(world, soort="po_vso", huidige_school=world.school_a)
    second = make_user(role=Role.CONSULENT, swv=world.swv)
    outcomes = run_concurrently(
        lambda: schakel.besluit_record(traject=t, by=world.consulent, besluit="verlengen", motivering="a"),
        lambda: schakel.besluit_record(traject=t, by=second, besluit="verlengen", motivering="b"),
    )
    assert sorted(o.ok for o in outcomes) == [False, True]
    loser = next(o for o in outcomes if not o.ok)
    assert isinstance(loser.error, DomainError) and loser.error.code == "proef-al-verlengd"
    assert t.case.deadlines.get(kind="schakel_proefperiode").extensions.count() == 1
