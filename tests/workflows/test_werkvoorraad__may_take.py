"""The werkvoorraad lists only tasks the user may actually take: the SQL filter (policies.werkvoorraad_filter)
and the claim (policies.may_claim, the claim service) follow the same deskundige rules: independence from
the requesting school, an orthopedagoog or psycholoog for the first advice, not both advices of one case."""

import pytest
from django.urls import reverse

from cases import policies
from cases.errors import DomainError
from cases.models import WorkItem
from cases.services import workitems
from tests import tlv_steps
from workflows import selectors


def _pool_nodes(user, case):
    return set(selectors.werkvoorraad(user).filter(case=case).values_list("node", flat=True))


def _agree(user, case):
    """The SQL list and the per-item rule give the same answer for every open item of the case."""
    listed = set(selectors.werkvoorraad(user).filter(case=case).values_list("pk", flat=True))
    for item in WorkItem.objects.filter(case=case, status="open", assignee__isnull=True):
        assert (item.pk in listed) == policies.may_claim(user, item), item.node


def _independent_deskundigen(world):
    """The SWV's rule that no deskundige of the requesting school advises (the law's default allows it)."""
    from cases import profiles
    from cases.services import profiles as profile_services

    profile_services.profile_change(
        swv=world.swv,
        by=world.beheerder,
        section="deskundigenadvies",
        items=[
            {"advies": 1, "disciplines": profiles.LAW_FIRST_ADVICE, "eigen_school_toegestaan": False},
            {"advies": 2, "disciplines": profiles.DISCIPLINES, "eigen_school_toegestaan": False},
        ],
        reason="onafhankelijk",
    )


def test_the_deskundige_of_the_requesting_school_does_not_see_its_tasks(world):
    _independent_deskundigen(world)
    a = tlv_steps.deskundigenadvies(world)  # aanvraag of school A; deskundige_a works for school A
    assert _pool_nodes(world.deskundige_a, a.case) == set()
    _agree(world.deskundige_a, a.case)
    item = WorkItem.objects.get(case=a.case, node="deskundigenadvies_2", status="open")
    with pytest.raises(DomainError) as exc:
        workitems.workitem_claim(item=item, by=world.deskundige_a)
    assert "onafhankelijk" in str(exc.value.message)


def test_a_kinderpsychiater_sees_only_the_second_advice(world):
    a = tlv_steps.deskundigenadvies(world)
    assert _pool_nodes(world.deskundige2, a.case) == {"deskundigenadvies_2"}
    assert _pool_nodes(world.deskundige1, a.case) == {"deskundigenadvies_1", "deskundigenadvies_2"}
    _agree(world.deskundige2, a.case)
    _agree(world.deskundige1, a.case)


def test_who_holds_one_advice_does_not_see_the_other(world):
    a = tlv_steps.deskundigenadvies(world)
    first = WorkItem.objects.get(case=a.case, node="deskundigenadvies_1", status="open")
    workitems.workitem_claim(item=first, by=world.deskundige1)
    assert _pool_nodes(world.deskundige1, a.case) == set()
    _agree(world.deskundige1, a.case)
    home = selectors.task_counts(world.deskundige1)
    assert home.pool == selectors.werkvoorraad(world.deskundige1).count()


def test_the_inbox_page_lists_only_takeable_tasks(client, world):
    _independent_deskundigen(world)
    a = tlv_steps.deskundigenadvies(world)
    client.force_login(world.deskundige_a)
    html = client.get(reverse("inbox")).content.decode()
    assert a.case.reference not in html
