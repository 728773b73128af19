"""Leerplicht scoping: a leerplichtambtenaar of gemeente X sees the thuiszitter and zorgplicht cases,
escalations and counts of pupils living in X, and nothing of gemeente Y, on every surface."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from cases import clock, policies
from cases.models import Membership, WorkItem
from cases.roles import Role
from cases.services import zorgplicht
from cases.services.deadlines import sweep_deadlines
from tests import thuiszitter_steps as steps
from tests.factories import make_user


@pytest.fixture
def two_gemeenten(world):
    """Pupil A lives in gemeente A, pupil B in gemeente B; both at home for 100 days and escalated."""
    w = world
    w.leerplicht_b = make_user(role=Role.LEERPLICHTAMBTENAAR, swv=w.swv, gemeente=w.gemeente_b)
    with time_machine.travel(dt.datetime(2027, 1, 5, 9, tzinfo=dt.UTC), tick=False):
        a = steps.gemeld(w, days_ago=1)
        b = steps.gemeld(w, leerling=w.leerling_b, by=w.school_b_user, days_ago=1)
        zp = zorgplicht.aanmelding_create(
            by=w.school_user, leerling=w.leerling_b, school=w.school_a, aangemeld_op=clock.today()
        )
    with time_machine.travel(dt.datetime(2027, 4, 20, 9, tzinfo=dt.UTC), tick=False):
        sweep_deadlines()
    return a, b, zp


def _surfaces(client, user, case):
    client.force_login(user)
    items = list(WorkItem.objects.filter(case=case))
    detail = "thuiszitter_detail" if case.route == "thuiszitter" else "aanmelding_detail"
    return {
        "list": case.reference in client.get(reverse("thuiszitter_list")).content.decode(),
        "cases": case.reference in client.get(reverse("case_list")).content.decode(),
        "detail": client.get(reverse(detail, args=[case.pk])).status_code == 200,
        "inbox": case.reference in client.get(reverse("inbox")).content.decode(),
        "task": any(client.get(reverse("workitem", args=[i.pk])).status_code == 200 for i in items),
    }


NOTHING = {"list": False, "cases": False, "detail": False, "inbox": False, "task": False}


def test_leerplicht_sees_own_gemeente_only(client, world, two_gemeenten):
    a, b, zp = two_gemeenten
    own = _surfaces(client, world.leerplicht, a.case)
    assert own == {"list": True, "cases": True, "detail": True, "inbox": True, "task": True}
    assert _surfaces(client, world.leerplicht, b.case) == NOTHING
    assert _surfaces(client, world.leerplicht_b, a.case) == NOTHING
    own_b = _surfaces(client, world.leerplicht_b, b.case)
    assert own_b["detail"] and own_b["inbox"] and own_b["task"]
    # zorgplicht of pupil B (living in gemeente B): gemeente B sees it, gemeente A not
    assert _surfaces(client, world.leerplicht, zp.case)["detail"] is False
    assert _surfaces(client, world.leerplicht_b, zp.case)["detail"] is True


def test_leerplicht_escalations_are_scoped_to_the_woongemeente(world, two_gemeenten):
    a, b, _ = two_gemeenten
    esc = WorkItem.objects.filter(kind="escalation", role=Role.LEERPLICHTAMBTENAAR)
    assert {(i.case_id, i.gemeente_id) for i in esc} == {
        (a.case_id, world.gemeente_a.pk),
        (b.case_id, world.gemeente_b.pk),
    }
    for item in esc:
        assert policies.may_claim(world.leerplicht, item) == (item.gemeente_id == world.gemeente_a.pk)
        assert policies.may_claim(world.leerplicht_b, item) == (item.gemeente_id == world.gemeente_b.pk)


def test_leerplicht_counts_only_own_gemeente(client, world, two_gemeenten):
    url = reverse("thuiszitter_count") + "?peildatum=2027-03-31"
    client.force_login(world.leerplicht)
    html = client.get(url).content.decode()
    assert world.gemeente_a.name in html and world.gemeente_b.name not in html
    csv = client.get(url + "&format=csv").content.decode()
    assert world.gemeente_a.name in csv and world.gemeente_b.name not in csv
    client.force_login(world.consulent)
    html = client.get(url).content.decode()
    assert world.gemeente_a.name in html and world.gemeente_b.name in html


def test_schools_see_their_own_pupils_and_other_swvs_nothing(client, world, other_world, two_gemeenten):
    a, b, _ = two_gemeenten
    assert _surfaces(client, world.school_user, a.case)["detail"]
    assert _surfaces(client, world.school_user, b.case) == NOTHING
    for user in (other_world.leerplicht, other_world.consulent, other_world.school_user):
        assert _surfaces(client, user, a.case) == NOTHING
    client.force_login(world.school_user)
    assert client.get(reverse("thuiszitter_count")).status_code == 403


def test_tlv_visibility_of_leerplicht_is_unchanged(world):
    from tests import tlv_steps

    tlv = tlv_steps.concept(world)
    assert not policies.can_view_case(world.leerplicht, tlv.case)


@pytest.fixture
def vo_leerplicht_in_shared_gemeente(world, other_world, two_gemeenten):
    """A VO SWV that shares gemeente A with the PO SWV of `world`, and its leerplichtambtenaar for A."""
    other_world.swv.sector = "vo"
    other_world.swv.save()
    other_world.swv.gemeenten.add(world.gemeente_a)
    return make_user(role=Role.LEERPLICHTAMBTENAAR, swv=other_world.swv, gemeente=world.gemeente_a)


def test_a_vo_leerplicht_membership_reveals_no_po_thuiszitter(
    client, world, vo_leerplicht_in_shared_gemeente
):
    """Nationally every gemeente lies in a PO and a VO SWV: the leerplicht area is (SWV, gemeente)."""
    vo = vo_leerplicht_in_shared_gemeente
    a = world.leerling_a.cases.get(route="thuiszitter")  # PO thuiszitter living in the shared gemeente
    assert _surfaces(client, vo, a) == NOTHING
    assert not policies.visible_cases(vo).filter(pk=a.pk).exists()
    assert not policies.visible_leerlingen(vo).filter(pk=world.leerling_a.pk).exists()
    assert not policies.pickable_leerlingen(vo, route="thuiszitter").filter(pk=world.leerling_a.pk).exists()
    assert not policies.may_report_thuiszitter(vo, world.leerling_a)
    for action in ("leerplicht.act", "leerplicht.consult", "thuiszitter.reopen"):
        assert not policies.can(vo, action, a), action
    escalations = WorkItem.objects.filter(case=a, role=Role.LEERPLICHTAMBTENAAR)
    assert escalations.exists()
    assert not any(policies.may_claim(vo, item) for item in escalations)
    assert not WorkItem.objects.filter(policies.werkvoorraad_filter(vo), case=a).exists()
    # the PO leerplichtambtenaar of the same gemeente still sees it
    assert policies.can(world.leerplicht, "leerplicht.act", a)


def test_a_user_with_leerplicht_in_two_swvs_does_not_mix_their_gemeenten(world, other_world, two_gemeenten):
    """Leerplicht for gemeente B in SWV 1 and for gemeente X in SWV 2: never gemeente B within SWV 2."""
    other_world.swv.gemeenten.add(world.gemeente_b)
    user = make_user(role=Role.LEERPLICHTAMBTENAAR, swv=world.swv, gemeente=world.gemeente_a)
    Membership.objects.create(
        user=user, role=Role.LEERPLICHTAMBTENAAR, swv=other_world.swv, gemeente=other_world.gemeente_a
    )
    _a, b, _zp = two_gemeenten  # pupil B of SWV 1 lives in gemeente B
    assert not policies.can_view_case(user, b.case)
    user2 = make_user(role=Role.LEERPLICHTAMBTENAAR, swv=other_world.swv, gemeente=world.gemeente_b)
    Membership.objects.create(
        user=user2, role=Role.LEERPLICHTAMBTENAAR, swv=world.swv, gemeente=world.gemeente_a
    )
    assert not policies.can_view_case(user2, b.case)  # B is theirs in SWV 2 only; in SWV 1 only gemeente A
    assert not policies.may_report_thuiszitter(user2, world.leerling_b)
