"""Races after the besluit: a double bekendmaking, two beslissers deciding one bezwaar at once."""

from __future__ import annotations

import pytest

from cases.errors import Conflict, TransitionNotAllowed
from cases.models import Bekendmaking, Bezwaar, TlvAanvraag
from cases.roles import Role
from cases.services import bekendmaking, bezwaar
from tests.concurrency import run_concurrently
from tests.factories import make_user

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _one_winner(outcomes):
    winners = [o for o in outcomes if o.ok]
    assert len(winners) == 1, [o.error for o in outcomes]
    loser = next(o for o in outcomes if not o.ok)
    assert isinstance(loser.error, (Conflict, TransitionNotAllowed)), loser.error
    assert loser.error.http_status == 409


def test_double_bekendmaking_sends_one_letter(world, steps):
    a = steps.toegekend(world)

    def announce(user):
        return lambda: bekendmaking.bekendmaking_record(
            aanvraag=TlvAanvraag.objects.select_related("case").get(pk=a.pk), by=user
        )

    _one_winner(run_concurrently(announce(world.consulent), announce(world.beslisser)))
    assert Bekendmaking.objects.filter(aanvraag=a).count() == 1
    # one set of letters: the letter of the record and each ouder's own copy, none twice
    record = Bekendmaking.objects.get(aanvraag=a)
    copies = ({o.document_id for o in record.ontvangers.all()} | {record.document_id}) - {None}
    letters = set(a.case.documents.filter(kind="besluitbrief").values_list("pk", flat=True))
    assert letters == copies and len(letters) == 2


def test_two_beslissers_decide_one_bezwaar(world, steps):
    b = steps.bezwaar_te_beslissen(world)
    beslisser2 = make_user("beslisser-bz-2", role=Role.BESLISSER, swv=world.swv)

    def decide(user):
        return lambda: bezwaar.beslissing_record(
            bezwaar=Bezwaar.objects.select_related("case").get(pk=b.pk),
            by=user,
            uitkomst="ongegrond",
            motivering="Blijft staan",
        )

    _one_winner(run_concurrently(decide(world.beslisser), decide(beslisser2)))
    assert Bezwaar.objects.get(pk=b.pk).status == "ongegrond"
    assert Bekendmaking.objects.filter(aanvraag=b.aanvraag, soort="beslissing_op_bezwaar").count() == 1
