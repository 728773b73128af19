"""Every TLV service action in every reachable state, and who may perform each step.

The state matrix calls each action as the *right* user, so a refusal can only come from the state.
The role matrix calls each step in its own state as every role (and as the same role of another SWV),
so a refusal can only come from the permission.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine

from cases.errors import Conflict, DomainError, NotPermitted, TransitionNotAllowed, ValidationFailed
from cases.models import CaseEvent
from cases.services import tlv
from tests import tlv_steps
from tests.asserts import Snapshot, assert_refused_without_effect
from tests.factories import make_world

AMS = ZoneInfo("Europe/Amsterdam")


def _after_hersteltermijn(a):
    """A moment after the hersteltermijn of `a` (2 weeks) has run out."""
    return dt.datetime.combine(a.hersteltermijn_tot + dt.timedelta(days=1), dt.time(9, 0), tzinfo=AMS)


# --- the actions, each called with a chosen user --------------------------------------------------


def submit(a, by):
    return tlv.aanvraag_submit(aanvraag=a, by=by)


def volledigheid(a, by):
    return tlv.volledigheid_record(aanvraag=a, by=by, volledig=True)


def herstel(a, by):
    return tlv.herstel_submit(aanvraag=a, by=by, toelichting="OPP-evaluatie toegevoegd")


def deskundigenadvies(a, by):
    return tlv.deskundigenadvies_record(
        aanvraag=a, by=by, volgorde=1, advies="Advies", aanbeveling="toekennen"
    )


def cva_advies(a, by):
    return tlv.cva_advies_record(
        aanvraag=a,
        by=by,
        uitkomst="toekennen",
        soort="so",
        cluster=4,
        categorie="laag",
        motivering="Past bij cluster 4",
    )


def informatie(a, by):
    return tlv.informatie_aanvullen(aanvraag=a, by=by, toelichting="MDO-verslag toegevoegd")


def besluit(a, by):
    return tlv.besluit_record(
        aanvraag=a,
        by=by,
        besluit="toekennen",
        soort="so",
        cluster=4,
        categorie="laag",
        ingangsdatum=dt.date(2027, 1, 4),
        einddatum=dt.date(2028, 7, 31),
        school=a.case.swv.scholen.get(soort="so"),
        motivering="Besluit",
    )


def withdraw(a, by):
    return tlv.aanvraag_withdraw(aanvraag=a, by=by, reason="Ouders trekken de aanvraag in")


def buiten_behandeling(a, by):
    return tlv.buiten_behandeling_stellen(aanvraag=a, by=by, reason="Niet aangevuld binnen de hersteltermijn")


# action -> (call, the role that performs it)
ACTIONS = {
    "aanvraag_submit": (submit, "school"),
    "volledigheid_record": (volledigheid, "consulent"),
    "herstel_submit": (herstel, "school"),
    "deskundigenadvies_record": (deskundigenadvies, "deskundige"),
    "cva_advies_record": (cva_advies, "cva_lid"),
    "informatie_aanvullen": (informatie, "school"),
    "besluit_record": (besluit, "beslisser"),
    "aanvraag_withdraw": (withdraw, "school"),
    "buiten_behandeling_stellen": (buiten_behandeling, "consulent"),
}


def concept_with_documents(w):
    return tlv_steps.with_documents(w, tlv_steps.concept(w))


STATES = {
    "concept": concept_with_documents,
    "ingediend": tlv_steps.ingediend,
    "onvolledig": tlv_steps.onvolledig,
    "deskundigenadvies": tlv_steps.deskundigenadvies,
    "cva_advies": tlv_steps.cva_advies,
    "meer_informatie": tlv_steps.meer_informatie,
    "besluit_open": tlv_steps.besluit_open,
    "toegekend": tlv_steps.toegekend,
}

OK = "ok"
TASK_NOT_OPEN = (Conflict, "task-not-open")  # no open task for this step: someone must act first
WRONG_STATE = (Conflict, "transition-not-allowed")  # the service's own state check
FSM_REFUSES = (TransitionNotAllowed, "transition-not-allowed")  # the state machine refuses
TOO_EARLY = (ValidationFailed, "condition-not-met")  # hersteltermijn not yet over

# state -> action -> (status afterwards) or (error class, code)
MATRIX = {
    "concept": {
        "aanvraag_submit": (OK, "ingediend"),
        "volledigheid_record": TASK_NOT_OPEN,
        "herstel_submit": WRONG_STATE,
        "deskundigenadvies_record": WRONG_STATE,
        "cva_advies_record": TASK_NOT_OPEN,
        "informatie_aanvullen": TASK_NOT_OPEN,
        "besluit_record": WRONG_STATE,
        "aanvraag_withdraw": (OK, "ingetrokken"),
        "buiten_behandeling_stellen": FSM_REFUSES,
    },
    "ingediend": {
        "aanvraag_submit": TASK_NOT_OPEN,
        "volledigheid_record": (OK, "deskundigenadvies"),
        "herstel_submit": WRONG_STATE,
        "deskundigenadvies_record": WRONG_STATE,
        "cva_advies_record": TASK_NOT_OPEN,
        "informatie_aanvullen": TASK_NOT_OPEN,
        "besluit_record": WRONG_STATE,
        "aanvraag_withdraw": (OK, "ingetrokken"),
        "buiten_behandeling_stellen": FSM_REFUSES,
    },
    "onvolledig": {
        "aanvraag_submit": TASK_NOT_OPEN,
        "volledigheid_record": TASK_NOT_OPEN,  # the school must first submit the herstel
        "herstel_submit": (OK, "onvolledig"),
        "deskundigenadvies_record": WRONG_STATE,
        "cva_advies_record": TASK_NOT_OPEN,
        "informatie_aanvullen": TASK_NOT_OPEN,
        "besluit_record": WRONG_STATE,
        "aanvraag_withdraw": (OK, "ingetrokken"),
        "buiten_behandeling_stellen": TOO_EARLY,
    },
    "deskundigenadvies": {
        "aanvraag_submit": TASK_NOT_OPEN,
        "volledigheid_record": TASK_NOT_OPEN,
        "herstel_submit": WRONG_STATE,
        "deskundigenadvies_record": (OK, "deskundigenadvies"),  # waits for the second advice
        "cva_advies_record": TASK_NOT_OPEN,
        "informatie_aanvullen": TASK_NOT_OPEN,
        "besluit_record": WRONG_STATE,
        "aanvraag_withdraw": (OK, "ingetrokken"),
        "buiten_behandeling_stellen": FSM_REFUSES,
    },
    "cva_advies": {
        "aanvraag_submit": TASK_NOT_OPEN,
        "volledigheid_record": TASK_NOT_OPEN,
        "herstel_submit": WRONG_STATE,
        "deskundigenadvies_record": WRONG_STATE,
        "cva_advies_record": (OK, "cva_advies"),  # advice recorded; the besluit task opens
        "informatie_aanvullen": TASK_NOT_OPEN,
        "besluit_record": TASK_NOT_OPEN,  # no CvA advice yet
        "aanvraag_withdraw": (OK, "ingetrokken"),
        "buiten_behandeling_stellen": FSM_REFUSES,
    },
    "meer_informatie": {
        "aanvraag_submit": TASK_NOT_OPEN,
        "volledigheid_record": TASK_NOT_OPEN,
        "herstel_submit": WRONG_STATE,
        "deskundigenadvies_record": WRONG_STATE,
        "cva_advies_record": TASK_NOT_OPEN,
        "informatie_aanvullen": (OK, "cva_advies"),
        "besluit_record": WRONG_STATE,
        "aanvraag_withdraw": (OK, "ingetrokken"),
        "buiten_behandeling_stellen": FSM_REFUSES,
    },
    "besluit_open": {
        "aanvraag_submit": TASK_NOT_OPEN,
        "volledigheid_record": TASK_NOT_OPEN,
        "herstel_submit": WRONG_STATE,
        "deskundigenadvies_record": WRONG_STATE,
        "cva_advies_record": TASK_NOT_OPEN,
        "informatie_aanvullen": TASK_NOT_OPEN,
        "besluit_record": (OK, "toegekend"),
        "aanvraag_withdraw": (OK, "ingetrokken"),
        "buiten_behandeling_stellen": FSM_REFUSES,
    },
    "toegekend": {
        "aanvraag_submit": TASK_NOT_OPEN,
        "volledigheid_record": TASK_NOT_OPEN,
        "herstel_submit": WRONG_STATE,
        "deskundigenadvies_record": WRONG_STATE,
        "cva_advies_record": TASK_NOT_OPEN,
        "informatie_aanvullen": TASK_NOT_OPEN,
        "besluit_record": WRONG_STATE,
        "aanvraag_withdraw": FSM_REFUSES,
        "buiten_behandeling_stellen": FSM_REFUSES,
    },
}


@pytest.fixture(scope="module")
def built(module_db):
    """One world (and a second SWV) with one aanvraag per state, built once for this module."""
    with module_db():
        w = make_world()
        yield SimpleNamespace(
            world=w, other=make_world(), aanvragen={s: build(w) for s, build in STATES.items()}
        )


@pytest.fixture
def world(built, db):
    return built.world


@pytest.fixture
def aanvraag_in(built, db):
    return lambda state: tlv_steps.fresh(built.aanvragen[state])


def test_matrix_is_complete():
    assert set(MATRIX) == set(STATES)
    for row in MATRIX.values():
        assert set(row) == set(ACTIONS)


@pytest.mark.parametrize(("state", "action"), [(s, a) for s in MATRIX for a in ACTIONS], ids=lambda v: v)
def test_action_in_state(world, aanvraag_in, state, action):
    a = aanvraag_in(state)
    call, role = ACTIONS[action]
    expected = MATRIX[state][action]
    before = Snapshot.of(a)

    if expected[0] == OK:
        call(a, world.roles[role])
        after = Snapshot.of(a)
        assert after.status == expected[1]
        assert after.refused == before.refused
        assert after.open_items != before.open_items  # the step's task is done, the next one opened
        if after.status != before.status:
            assert after.transitions > before.transitions
        return

    error, code = expected
    with pytest.raises(DomainError) as info:
        call(a, world.roles[role])
    assert type(info.value) is error
    assert info.value.code == code
    assert info.value.http_status == (409 if error in (Conflict, TransitionNotAllowed) else 400)
    assert_refused_without_effect(a, before, info.value)


def test_buiten_behandeling_allowed_once_hersteltermijn_has_passed(world, aanvraag_in):
    a = aanvraag_in("onvolledig")
    with time_machine.travel(_after_hersteltermijn(a), tick=False):
        tlv.buiten_behandeling_stellen(aanvraag=a, by=world.consulent, reason="Niet aangevuld")
    assert Snapshot.of(a).status == "buiten_behandeling"


@pytest.mark.parametrize("state", [s for s in STATES if s != "toegekend"])
def test_withdraw_closes_the_whole_case(world, aanvraag_in, state):
    a = aanvraag_in(state)
    tlv.aanvraag_withdraw(aanvraag=a, by=world.consulent, reason="Leerling verhuisd")
    a = tlv_steps.fresh(a)
    assert (a.status, a.intrekking_reden) == ("ingetrokken", "Leerling verhuisd")
    assert a.case.closed_at is not None
    assert a.process.status == "CANCELED"
    assert not a.case.work_items.filter(status="open").exists()
    assert not a.case.deadlines.exclude(status="closed").exists()


# --- who may perform each step -----------------------------------------------------------------

# step -> (state builder, action, roles that may perform it)
ROLE_CASES = {
    "indienen": ("concept", "aanvraag_submit", {"school"}),
    "volledigheidstoets": ("ingediend", "volledigheid_record", {"consulent"}),
    "herstel": ("onvolledig", "herstel_submit", {"school"}),
    "deskundigenadvies": ("deskundigenadvies", "deskundigenadvies_record", {"deskundige"}),
    # the voorzitter is also a CvA member (ROLE_IMPLIES)
    "cva_advies": ("cva_advies", "cva_advies_record", {"cva_lid", "cva_voorzitter"}),
    "cva_aanvulling": ("meer_informatie", "informatie_aanvullen", {"school"}),
    "besluit": ("besluit_open", "besluit_record", {"beslisser"}),
    "intrekken": ("ingediend", "aanvraag_withdraw", {"school", "consulent"}),
    "buiten_behandeling": ("onvolledig", "buiten_behandeling_stellen", {"consulent"}),
}
ROLES = [
    "school",
    "consulent",
    "deskundige",
    "cva_lid",
    "cva_voorzitter",
    "beslisser",
    "leerplichtambtenaar",
    "auditor",
    "beheerder",
]


def _attempt(step, a, user):
    _, action, _ = ROLE_CASES[step]
    call, _ = ACTIONS[action]
    if step == "buiten_behandeling":  # only possible once the hersteltermijn has passed
        with time_machine.travel(_after_hersteltermijn(a), tick=False):
            return call(a, user)
    return call(a, user)


def _assert_refused(step, a, user):
    before = Snapshot.of(a)
    with pytest.raises(DomainError) as info:
        _attempt(step, a, user)
    if step == "indienen":  # the task is assigned to the user who created the aanvraag
        assert (type(info.value), info.value.code) == (Conflict, "conflict")
    else:
        assert type(info.value) is NotPermitted
        assert info.value.http_status == 403
    assert_refused_without_effect(a, before, info.value)
    refusal = CaseEvent.objects.filter(case_id=a.case_id, kind="refused").latest("pk")
    assert refusal.actor == user


def test_world_roles_are_the_roles_tested(world):
    assert set(world.roles) == set(ROLES)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("step", list(ROLE_CASES))
def test_only_the_right_role_performs_the_step(world, aanvraag_in, step, role):
    state, _, allowed = ROLE_CASES[step]
    a = aanvraag_in(state)
    user = world.roles[role]
    if role in allowed:
        before = Snapshot.of(a)
        _attempt(step, a, user)
        after = Snapshot.of(a)
        assert after.refused == before.refused
        assert after.open_items != before.open_items
    else:
        _assert_refused(step, a, user)


@pytest.mark.parametrize("step", list(ROLE_CASES))
def test_the_right_role_of_another_swv_is_refused(built, world, aanvraag_in, step):
    state, _, allowed = ROLE_CASES[step]
    a = aanvraag_in(state)
    for role in sorted(allowed):
        _assert_refused(step, a, built.other.roles[role])
    # and the right user of this SWV still can
    _attempt(step, a, world.roles[sorted(allowed)[0]])


@pytest.mark.parametrize("step", ["indienen", "herstel", "cva_aanvulling", "intrekken"])
def test_a_school_user_of_another_school_is_refused(world, aanvraag_in, step):
    state, _, _ = ROLE_CASES[step]
    a = aanvraag_in(state)
    _assert_refused(step, a, world.school_b_user)
