"""A replaced document keeps its earlier version: "vervangen" makes a new version linked to the previous one,
which stays downloadable in the version list; only the latest version can be replaced (page and API)."""

import pytest
from django.urls import reverse

from cases.errors import Conflict, NotPermitted
from cases.models import CaseEvent, Document
from cases.services.documents import document_replace, document_upload
from tests.api.helpers import Api, api_client
from tests.factories import pdf


@pytest.fixture
def opp(world, steps):
    case = steps.concept(world).case
    return document_upload(case=case, by=world.school_user, kind="opp", uploaded=pdf("opp-v1.pdf"))


def test_replacing_makes_version_2_linked_to_version_1_which_stays(world, opp):
    new = document_replace(document=opp, by=world.school_user, uploaded=pdf("opp-v2.pdf"))
    opp.refresh_from_db()
    assert (new.previous, new.version, new.kind) == (opp, 2, "opp")
    assert not opp.is_current and new.is_current
    assert [d.original_name for d in opp.versions()] == ["opp-v1.pdf", "opp-v2.pdf"]
    assert opp.file.read()  # the earlier file is still stored
    event = CaseEvent.objects.get(case=opp.case, action="document_replace")
    assert "versie 2 (opp-v2.pdf) vervangt versie 1 (opp-v1.pdf)" in event.summary
    assert new.history.first().history_change_reason == "nieuwe versie van een document"


def test_an_earlier_version_cannot_be_replaced_again(world, opp):
    document_replace(document=opp, by=world.school_user, uploaded=pdf("opp-v2.pdf"))
    with pytest.raises(Conflict) as exc:
        document_replace(document=opp, by=world.school_user, uploaded=pdf("opp-v2b.pdf"))
    assert exc.value.code == "document-al-vervangen"
    assert Document.objects.filter(case=opp.case).count() == 2


def test_only_a_role_that_may_add_the_kind_replaces_it(world, steps, opp):
    with pytest.raises(NotPermitted):
        document_replace(document=opp, by=world.auditor, uploaded=pdf("x.pdf"))
    with pytest.raises(NotPermitted):
        document_replace(document=opp, by=world.school_b_user, uploaded=pdf("x.pdf"))
    assert Document.objects.filter(case=opp.case).count() == 1


def test_the_case_page_lists_the_latest_version_and_the_document_page_every_version(client, world, opp):
    new = document_replace(document=opp, by=world.school_user, uploaded=pdf("opp-v2.pdf"))
    client.force_login(world.consulent)
    case_page = client.get(reverse("case_detail", args=[opp.case_id]))
    assert [d.pk for d in case_page.context["documents"]] == [new.pk]
    page = client.get(reverse("document_detail", args=[new.pk]))
    assert [v.pk for v in page.context["versions"]] == [new.pk, opp.pk]
    html = page.content.decode()
    assert reverse("document_download", args=[opp.pk]) in html
    assert client.get(reverse("document_download", args=[opp.pk])).status_code == 200


def test_vervangen_from_the_page(client, world, opp):
    client.force_login(world.school_user)
    page = client.get(reverse("document_detail", args=[opp.pk]))
    assert page.context["replace_form"] is not None
    r = client.post(reverse("document_replace", args=[opp.pk]), {"file": pdf("opp-nieuw.pdf")}, follow=True)
    new = Document.objects.get(previous=opp)
    assert r.redirect_chain[-1][0] == reverse("document_detail", args=[new.pk])
    assert [str(m) for m in r.context["messages"]] == [
        "Nieuwe versie opgeslagen (versie 2); de vorige blijft beschikbaar."
    ]
    # the earlier version's page offers no second replacement; a second post is refused clearly
    assert client.get(reverse("document_detail", args=[opp.pk])).context["replace_form"] is None
    r = client.post(reverse("document_replace", args=[opp.pk]), {"file": pdf("nog-een.pdf")}, follow=True)
    assert [str(m) for m in r.context["messages"]] == [
        "Dit document is al vervangen door een nieuwere versie. Ververs de pagina."
    ]


def test_a_role_that_cannot_see_the_case_gets_404_on_replace(client, other_world, opp):
    client.force_login(other_world.consulent)
    r = client.post(reverse("document_replace", args=[opp.pk]), {"file": pdf("x.pdf")})
    assert r.status_code == 404
    assert Document.objects.filter(case=opp.case).count() == 1


def test_a_besluitbrief_is_not_offered_for_replacement(client, world, opp):
    from cases.services.bekendmaking import store_pdf

    letter = store_pdf(case=opp.case, by=world.beslisser, name="besluit.pdf", content=pdf().read())
    client.force_login(world.consulent)
    assert client.get(reverse("document_detail", args=[letter.pk])).context["replace_form"] is None


def test_the_api_lists_versions_and_replaces(world, opp):
    _client, token = api_client(world)
    api = Api(token)
    r = api.upload(f"/api/v1/documents/{opp.pk}/versions/", {"file": pdf("opp-api.pdf")})
    assert r.status_code == 201, r.content
    body = r.json()
    assert (body["version"], body["previous"], body["replaced_by"]) == (2, opp.pk, None)
    r = api.get(f"/api/v1/documents/{opp.pk}/versions/")
    assert [(d["id"], d["version"]) for d in r.json()] == [(opp.pk, 1), (body["id"], 2)]
    assert api.get(f"/api/v1/documents/{opp.pk}/").json()["replaced_by"] == body["id"]
    r = api.upload(f"/api/v1/documents/{opp.pk}/versions/", {"file": pdf("opp-api2.pdf")})
    assert r.status_code == 409 and r.json()["code"] == "document-al-vervangen"


def test_the_purge_after_the_bewaartermijn_removes_every_version(world, opp):
    import datetime as dt

    from django.utils import timezone

    from audit.privacy import case_purge
    from cases.models import Case

    document_replace(document=opp, by=world.school_user, uploaded=pdf("opp-v2.pdf"))
    now = timezone.make_aware(dt.datetime(2030, 6, 1, 12, 0))
    Case.objects.filter(pk=opp.case_id).update(closed_at=now - dt.timedelta(days=2 * 365 + 10))
    assert (
        case_purge(case=Case.objects.get(pk=opp.case_id), by=world.beheerder, now=now)["documents_removed"]
        == 2
    )
    assert not Document.objects.filter(case_id=opp.case_id).exists()
