"""Several files in one upload on the page: one kind for all, each file checked by check_upload, all or
nothing, with a Dutch message naming each refused file; the API keeps one file per request and says so."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.errors import ValidationFailed
from cases.models import CaseEvent, Document
from cases.services.documents import DOCUMENT_MAX_FILES, documents_upload
from tests.api.helpers import Api, api_client
from tests.factories import pdf


def _html(name="pagina.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.7\n<html><script>alert(1)</script></html>")


def test_the_page_form_takes_several_files(client, world, steps):
    case = steps.concept(world).case
    client.force_login(world.school_user)
    page = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert 'type="file" name="file" multiple' in page


def test_several_files_of_one_kind_are_added_at_once_from_the_page(client, world, steps):
    case = steps.concept(world).case
    client.force_login(world.school_user)
    r = client.post(
        reverse("document_upload", args=[case.pk]),
        {"kind": "overig", "file": [pdf("een.pdf"), pdf("twee.pdf"), pdf("drie.pdf")]},
        follow=True,
    )
    assert [str(m) for m in r.context["messages"]] == ["3 documenten toegevoegd."]
    docs = Document.objects.filter(case=case).order_by("pk")
    assert [(d.kind, d.original_name) for d in docs] == [
        ("overig", "een.pdf"),
        ("overig", "twee.pdf"),
        ("overig", "drie.pdf"),
    ]
    assert CaseEvent.objects.filter(case=case, action="document_upload").count() == 3


def test_one_bad_file_adds_none_and_the_message_names_each_bad_file(client, world, steps):
    case = steps.concept(world).case
    client.force_login(world.school_user)
    r = client.post(
        reverse("document_upload", args=[case.pk]),
        {
            "kind": "opp",
            "file": [pdf("goed.pdf"), _html("nep.pdf"), SimpleUploadedFile("script.exe", b"MZ")],
        },
        follow=True,
    )
    (shown,) = [str(m) for m in r.context["messages"]]
    assert shown.startswith("Er is niets toegevoegd: 2 van de 3 bestanden is niet in orde.")
    assert "nep.pdf: 'nep.pdf' is geen leesbaar PDF-bestand" in shown
    assert "script.exe: Bestandstype '.exe' is niet toegestaan" in shown
    assert "goed.pdf" not in shown
    assert not Document.objects.filter(case=case).exists()
    refused = CaseEvent.objects.get(case=case, kind=CaseEvent.Kind.REFUSED)
    assert "nep.pdf" in refused.reason


def test_the_service_refuses_more_than_the_maximum_number_of_files(world, steps):
    case = steps.concept(world).case
    files = [pdf(f"{i}.pdf") for i in range(DOCUMENT_MAX_FILES + 1)]
    with pytest.raises(ValidationFailed) as exc:
        documents_upload(case=case, by=world.school_user, kind="overig", files=files)
    assert exc.value.code == "document-te-veel-bestanden"
    assert not Document.objects.filter(case=case).exists()


def test_a_page_post_without_files_asks_for_them(client, world, steps):
    case = steps.concept(world).case
    client.force_login(world.school_user)
    r = client.post(reverse("document_upload", args=[case.pk]), {"kind": "opp"}, follow=True)
    assert [str(m) for m in r.context["messages"]] == ["Kies een soort en een of meer bestanden."]


def test_the_api_takes_one_file_per_request_and_refuses_several_clearly(world, steps):
    case = steps.ingediend(world).case
    before = Document.objects.filter(case=case).count()
    _client, token = api_client(world)
    r = Api(token).upload(
        f"/api/v1/cases/{case.pk}/documents/", {"kind": "overig", "file": [pdf("a.pdf"), pdf("b.pdf")]}
    )
    assert r.status_code == 400, r.content
    assert (r.json()["code"], r.json()["field"]) == ("een-bestand-per-verzoek", "file")
    assert Document.objects.filter(case=case).count() == before
    r = Api(token).upload(f"/api/v1/cases/{case.pk}/documents/", {"kind": "overig", "file": pdf("a.pdf")})
    assert r.status_code == 201, r.content
