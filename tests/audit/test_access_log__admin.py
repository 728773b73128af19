"""Opening a dossier object in beheer (the Django admin) is a dossier read like on the pages and in the API:
the change page and the history page of a pupil, a case, its route record, a term and a task each write one
access-log line; a refused or missing object writes none."""

from __future__ import annotations

import pytest
from django.urls import reverse

from audit.models import AccessLog
from cases.models import Deadline, WorkItem


@pytest.fixture
def dossier(world, steps):
    a = steps.deskundigenadvies(world)  # submitted: the beslistermijn runs, advice tasks are open
    case = a.case
    return {
        "leerling": world.leerling_a,
        "case": case,
        "tlvaanvraag": a,
        "deadline": Deadline.objects.filter(case=case).first(),
        "workitem": WorkItem.objects.filter(case=case).first(),
    }


@pytest.mark.parametrize("model", ["leerling", "case", "tlvaanvraag", "deadline", "workitem"])
@pytest.mark.parametrize("page", ["change", "history"])
def test_a_beheerder_opening_a_dossier_object_in_beheer_is_logged(client, world, dossier, model, page):
    obj = dossier[model]
    assert obj is not None, model
    client.force_login(world.beheerder)
    url = reverse(f"admin:cases_{model}_{page}", args=[obj.pk])
    response = client.get(url)
    assert response.status_code == 200, url
    [row] = AccessLog.objects.filter(user=world.beheerder, path=url)
    assert row.leerling_id == world.leerling_a.pk
    assert row.case_id == (None if model == "leerling" else dossier["case"].pk)
    assert row.swv_id == world.swv.pk and row.what.endswith("(beheer)") and row.via == "ui"


def test_another_swvs_object_and_a_missing_one_write_no_line(client, world, other_world, dossier):
    client.force_login(other_world.beheerder)
    for url in (
        reverse("admin:cases_leerling_change", args=[world.leerling_a.pk]),
        reverse("admin:cases_case_change", args=[dossier["case"].pk]),
        reverse("admin:cases_case_change", args=[987654321]),
    ):
        assert client.get(url).status_code in (302, 404), url
    assert not AccessLog.objects.filter(user=other_world.beheerder).exists()
