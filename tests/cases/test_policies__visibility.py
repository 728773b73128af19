"""Scoping: a user sees only the cases, tasks, documents and escalations that their role and organisation
give them, on every surface (lists, details, inboxes, downloads). Refusals do not reveal existence (404)."""

import pytest
from django.urls import reverse

from cases import policies
from cases.models import WorkItem
from cases.services import deadlines as deadline_services
from tests import tlv_steps
from tests.factories import make_world


@pytest.fixture
def two_schools(world):
    """A case of school A (with documents and an escalation) and a case of school B."""
    a = tlv_steps.deskundigenadvies(world)
    b = tlv_steps.with_documents(
        world_b_user(world), tlv_steps.concept(world_b_user(world), world.leerling_b)
    )
    termijn = a.case.deadlines.get(kind="tlv_beslistermijn")
    from cases.services.escalations import term_breach

    term_breach(deadline=termijn, by=world.consulent)
    return a, b


def world_b_user(w):
    """tlv_steps helpers act as w.school_user; a view on the world where school B is the school."""
    from types import SimpleNamespace

    return SimpleNamespace(**{**vars(w), "school_user": w.school_b_user})


def _surfaces(client, user, case):
    client.force_login(user)
    doc = case.documents.first()
    items = list(WorkItem.objects.filter(case=case))
    return {
        "list": case.reference in client.get(reverse("case_list")).content.decode(),
        "detail": client.get(reverse("case_detail", args=[case.pk])).status_code == 200,
        "inbox": case.reference in client.get(reverse("inbox")).content.decode(),
        "download": doc is not None
        and client.get(reverse("document_download", args=[doc.pk])).status_code == 200,
        "task": any(client.get(reverse("workitem", args=[i.pk])).status_code == 200 for i in items),
    }


def test_school_a_sees_nothing_of_school_b(client, world, two_schools):
    a, b = two_schools
    own = _surfaces(client, world.school_user, a.case)
    other = _surfaces(client, world.school_user, b.case)
    assert own["list"] and own["detail"] and own["download"]
    assert other == {"list": False, "detail": False, "inbox": False, "download": False, "task": False}
    # and the other way round
    other = _surfaces(client, world.school_b_user, a.case)
    assert other == {"list": False, "detail": False, "inbox": False, "download": False, "task": False}


def test_other_swv_sees_nothing(client, world, two_schools, db):
    a, _ = two_schools
    elsewhere = make_world()
    for role, user in elsewhere.roles.items():
        seen = _surfaces(client, user, a.case)
        assert not any(seen.values()), (role, seen)


# who sees the school-A case (in deskundigenadvies, with an escalation to beslisser and voorzitter)
EXPECTED_DETAIL = {
    "school": True,
    "consulent": True,
    "deskundige": True,  # the deskundigenadvies tasks are in the deskundigen's werkvoorraad
    "cva_lid": False,  # not yet at the CvA
    "cva_voorzitter": True,  # has the escalation
    "beslisser": True,
    "leerplichtambtenaar": False,
    "auditor": True,
    "beheerder": True,
}


@pytest.mark.parametrize("role", sorted(EXPECTED_DETAIL))
def test_visibility_per_role(client, world, two_schools, role):
    a, b = two_schools
    user = world.roles[role]
    seen = _surfaces(client, user, a.case)
    assert seen["detail"] == EXPECTED_DETAIL[role]
    assert seen["list"] == EXPECTED_DETAIL[role]
    assert policies.visible_cases(user).filter(pk=a.case.pk).exists() == EXPECTED_DETAIL[role]
    # school B's concept reaches no role except its own school and the SWV-wide readers
    expected_b = role in ("consulent", "beslisser", "auditor", "beheerder")
    assert _surfaces(client, user, b.case)["detail"] == expected_b


def test_escalations_reach_only_their_roles(client, world, two_schools):
    a, _ = two_schools
    escalations = WorkItem.objects.filter(case=a.case, kind="escalation")
    assert {e.role for e in escalations} == {"beslisser", "cva_voorzitter"}
    for role, user in world.roles.items():
        client.force_login(user)
        inbox = client.get(reverse("inbox")).content.decode()
        assert ("Termijn overschreden" in inbox) == (role in ("beslisser", "cva_voorzitter")), role


def test_auditor_reads_but_cannot_act(world, two_schools):
    a, _ = two_schools
    assert policies.can(world.auditor, "case.view", a.case)
    for action in ("tlv.check", "tlv.decide", "tlv.advise", "tlv.withdraw", "document.upload"):
        assert not policies.can(world.auditor, action, a.case)


def test_deadline_light_is_computed(world, two_schools):
    a, _ = two_schools
    termijn = a.case.deadlines.get(kind="tlv_beslistermijn")
    assert deadline_services.deadline_light(termijn) in ("green", "amber", "red")
