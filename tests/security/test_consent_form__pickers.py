"""The consent form offers, and accepts, only what belongs to its pupil and what the user may see: the
pupil's own ouders with gezag, the pupil's cases the user may open, and documents of those cases. Another
pupil's ouder, case or document (of the own SWV or of another SWV that shares a gemeente) is a field error on
the page and in the API, and nothing is recorded."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cases import clock
from cases.models import Consent, Ouder
from tests import tlv_steps
from tests.api.helpers import Api, api_client


@pytest.fixture
def dossiers(world, other_world):
    other_world.swv.gemeenten.add(world.gemeente_a)  # a gemeente lies in a PO and a VO SWV
    own = tlv_steps.with_documents(world, tlv_steps.concept(world)).case  # leerling_a, school A
    other_school = tlv_steps.with_documents(
        _as_school_b(world), tlv_steps.concept(_as_school_b(world), world.leerling_b)
    ).case
    other_swv = tlv_steps.with_documents(other_world, tlv_steps.concept(other_world)).case
    ouder_b = Ouder.objects.create(leerling=world.leerling_b, naam="Ouder B")
    return own, other_school, other_swv, ouder_b


def _as_school_b(w):
    from types import SimpleNamespace

    return SimpleNamespace(**{**vars(w), "school_user": w.school_b_user})


def _data(world, **extra):
    return {
        "purpose": "jeugdhulp",
        "gever": "ouder",
        "ouder": world.leerling_a.ouders.get().pk,
        "gegeven_op": clock.today().isoformat(),
        "wijze": "overleg",
        "overleg": "Keukentafelgesprek",
        **extra,
    }


@pytest.mark.parametrize("user_attr", ["school_user", "consulent"])
def test_the_page_offers_only_the_pupils_own_ouders_cases_and_documents(client, world, dossiers, user_attr):
    own, other_school, other_swv, ouder_b = dossiers
    client.force_login(getattr(world, user_attr))
    form = client.get(reverse("consent_list", args=[world.leerling_a.pk])).context["form"]
    assert set(form.fields["ouder"].queryset) == set(world.leerling_a.ouders.all())
    assert set(form.fields["case"].queryset) == {own}
    assert set(form.fields["document"].queryset) == set(own.documents.all())


@pytest.mark.parametrize("user_attr", ["school_user", "consulent"])
def test_a_posted_ouder_case_or_document_of_another_pupil_is_a_field_error(
    client, world, dossiers, user_attr
):
    own, other_school, other_swv, ouder_b = dossiers
    client.force_login(getattr(world, user_attr))
    url = reverse("consent_list", args=[world.leerling_a.pk])
    for field, value in (
        ("ouder", ouder_b.pk),
        ("case", other_school.pk),
        ("case", other_swv.pk),
        ("document", other_school.documents.first().pk),
        ("document", other_swv.documents.first().pk),
    ):
        response = client.post(url, _data(world, **{field: value}))
        assert response.status_code == 400, (field, value)
        assert field in response.context["form"].errors, (field, value)
    assert not Consent.objects.exists()
    assert client.post(url, _data(world, case=own.pk)).status_code == 302  # the form itself works


def test_the_api_refuses_another_pupils_case_or_document(world, dossiers):
    own, other_school, other_swv, ouder_b = dossiers
    _client, token = api_client(world)
    url = f"/api/v1/pupils/{world.leerling_a.pk}/consents/"
    for field, value in (
        ("ouder", ouder_b.pk),
        ("case", other_swv.pk),
        ("document", other_swv.documents.first().pk),
    ):
        response = Api(token).post(url, _data(world, **{field: value}))
        assert response.status_code == 400, (field, response.content)
        assert field in response.content.decode()
    assert not Consent.objects.exists()
