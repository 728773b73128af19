"""Reopening a closed arrangement: it runs again as granted until a new end date, with its evaluations anew
(the earlier run's evaluations stay); a refusal is a besluit and is not reopened; bad dates are refused in
Dutch, logged, and change nothing."""

import datetime as dt

import pytest

from cases import clock
from cases.errors import Conflict, NotPermitted, ValidationFailed
from cases.models import CaseEvent, Deadline
from cases.services import loket
from tests import loket_steps as steps


def test_a_closed_arrangement_runs_again_until_the_new_end_date(world):
    steps.budget(world, uren=100)
    a = steps.afgesloten(world)
    assert a.status == "afgesloten" and a.case.archiefactiedatum is not None
    einde = clock.today() + dt.timedelta(days=90)
    loket.aanvraag_reopen(aanvraag=a, by=world.consulent, reason="Te vroeg afgesloten", einddatum=einde)
    a = steps.fresh(a)
    assert (a.status, a.einddatum, a.afgesloten_op, a.uren) == ("toegewezen", einde, None, 40)
    assert a.case.closed_at is None and a.case.archiefactiedatum is None
    d = Deadline.objects.get(case=a.case, kind="loket_evaluatie_eind", status="running")
    assert d.due_on == einde
    event = a.case.events.get(kind=CaseEvent.Kind.TRANSITION, to_state="toegewezen", from_state="afgesloten")
    assert event.reason == "Te vroeg afgesloten" and event.actor == world.consulent
    # the new end evaluation is recorded although the earlier run had one; the case closes again
    (task,) = loket.on_signal_warning(deadline=d, by=world.consulent)
    loket.evaluatie_record(
        item=task, by=world.consulent, doelen_bereikt="ja", vervolg="stoppen", toelichting="Nu klaar"
    )
    a = steps.fresh(a)
    assert a.status == "afgesloten" and a.case.archiefactiedatum is not None
    assert a.evaluaties.filter(moment="eind").count() == 2


def test_a_refused_request_is_a_besluit_and_is_not_reopened(world):
    a = steps.in_behandeling(world)
    loket.besluit_record(
        aanvraag=a, by=world.consulent, beoordeling="Niet passend", besluit="afwijzen", motivering="Cascade"
    )
    a = steps.fresh(a)
    with pytest.raises(Conflict) as exc:
        loket.aanvraag_reopen(
            aanvraag=a, by=world.consulent, reason="Toch", einddatum=clock.today() + dt.timedelta(days=30)
        )
    assert exc.value.code == "heropenen-besluit" and "bezwaar" in exc.value.message
    assert steps.fresh(a).status == "afgewezen"
    assert a.case.events.filter(kind="refused", action="heropenen").exists()


@pytest.mark.parametrize(
    ("days", "field"),
    [(None, "einddatum"), (0, "einddatum"), (-10, "einddatum"), (365 * 9, "einddatum")],
)
def test_an_implausible_end_date_is_refused_and_changes_nothing(world, days, field):
    a = steps.afgesloten(world)
    einde = None if days is None else clock.today() + dt.timedelta(days=days)
    with pytest.raises(ValidationFailed) as exc:
        loket.aanvraag_reopen(aanvraag=a, by=world.consulent, reason="Opnieuw", einddatum=einde)
    assert exc.value.field == field
    a = steps.fresh(a)
    assert a.status == "afgesloten" and a.case.closed_at is not None
    assert a.case.events.filter(kind="refused", action="heropenen").exists()


def test_the_school_does_not_reopen(world):
    a = steps.afgesloten(world)
    with pytest.raises(NotPermitted):
        loket.aanvraag_reopen(
            aanvraag=a, by=world.school_user, reason="Wij", einddatum=clock.today() + dt.timedelta(days=30)
        )
    assert steps.fresh(a).status == "afgesloten"
