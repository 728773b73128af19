"""Each role is offered only the document kinds it may add (policies.DOCUMENT_KIND_ROLES), on the page's form,
and the service refuses any other kind (page and API): a school never adds a besluitbrief."""

import pytest
from django.urls import reverse

from cases import policies
from cases.errors import NotPermitted
from cases.models import CaseEvent, Document, DocumentKind
from cases.roles import Role
from cases.services.documents import document_upload
from tests.api.helpers import Api, api_client
from tests.factories import pdf


def test_the_mapping_names_every_document_kind():
    assert set(policies.DOCUMENT_KIND_ROLES) == set(DocumentKind.values)


def test_school_and_consulent_are_offered_their_own_kinds(world, steps):
    case = steps.concept(world).case
    school = policies.document_kinds_for(world.school_user, case)
    consulent = policies.document_kinds_for(world.consulent, case)
    assert school == [
        "opp",
        "groeidocument",
        "zienswijze_ouders",
        "instemming_ouders",
        "interventies",
        "handelingsplan",
        "ondertekening",
        "overig",
    ]
    assert "besluitbrief" not in consulent
    assert {"deskundigenadvies", "bezwaarschrift"} <= set(consulent)
    assert policies.document_kinds_for(world.auditor, case) == []
    assert policies.document_kinds_for(world.leerplicht, case) == []


def test_the_page_form_offers_a_school_no_besluitbrief(client, world, steps):
    case = steps.concept(world).case
    client.force_login(world.school_user)
    page = client.get(reverse("case_detail", args=[case.pk]))
    offered = [k for k, _label in page.context["document_form"].fields["kind"].choices if k]
    assert "besluitbrief" not in offered and "deskundigenadvies" not in offered
    assert 'value="besluitbrief"' not in page.content.decode()
    assert "opp" in offered


def test_the_service_refuses_a_kind_the_role_may_not_add_and_logs_the_refusal(world, steps):
    case = steps.concept(world).case
    with pytest.raises(NotPermitted) as exc:
        document_upload(case=case, by=world.school_user, kind="besluitbrief", uploaded=pdf("besluit.pdf"))
    assert exc.value.code == "document-soort-niet-toegestaan"
    assert "Besluitbrief" in str(exc.value.message)
    assert not Document.objects.filter(case=case).exists()
    assert CaseEvent.objects.filter(
        case=case, kind=CaseEvent.Kind.REFUSED, action="document toevoegen"
    ).exists()


def test_a_school_posting_a_besluitbrief_on_the_page_adds_nothing(client, world, steps):
    case = steps.concept(world).case
    client.force_login(world.school_user)
    r = client.post(
        reverse("document_upload", args=[case.pk]),
        {"kind": "besluitbrief", "file": pdf("b.pdf")},
        follow=True,
    )
    shown = [str(m) for m in r.context["messages"]]
    assert shown == ["U kunt geen document van deze soort toevoegen. Kies een andere soort."]
    assert not Document.objects.filter(case=case).exists()


def test_the_api_refuses_a_school_a_besluitbrief_with_403(world, steps):
    case = steps.concept(world).case
    _client, token = api_client(world, Role.SCHOOL)
    r = Api(token).upload(
        f"/api/v1/cases/{case.pk}/documents/", {"kind": "besluitbrief", "file": pdf("b.pdf")}
    )
    assert r.status_code == 403, r.content
    assert r.json()["code"] == "document-soort-niet-toegestaan"
    r = Api(token).upload(f"/api/v1/cases/{case.pk}/documents/", {"kind": "opp", "file": pdf("opp.pdf")})
    assert r.status_code == 201, r.content
    assert list(Document.objects.filter(case=case).values_list("kind", flat=True)) == ["opp"]
