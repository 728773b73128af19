"""The full TLV route through the web views (Django test client), role by role."""

import datetime as dt

from django.urls import reverse

from cases.models import CaseEvent, TlvAanvraag, WorkItem
from tests.factories import pdf


def _item(case, node):
    return WorkItem.objects.get(case=case, node=node, status="open")


def _complete(client, user, item, data, follow_ok=True):
    client.force_login(user)
    response = client.post(reverse("workitem", args=[item.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


def test_concept_to_besluit_through_the_views(client, world):
    w = world
    # the school creates the aanvraag, adds the documents and submits
    client.force_login(w.school_user)
    r = client.post(
        reverse("aanvraag_new"),
        {
            "leerling": w.leerling_a.pk,
            "gevraagde_soort": "so",
            "gevraagde_cluster": "4",
            "gevraagde_categorie": "laag",
            "onderbouwing": "De interventies hebben onvoldoende effect.",
        },
    )
    assert r.status_code == 302
    a = TlvAanvraag.objects.get(case__leerling=w.leerling_a)
    case = a.case
    assert a.status == "concept"
    assert WorkItem.objects.get(case=case, node="indienen").assignee == w.school_user
    # submitting without documents is refused with a clear message, nothing changes
    r = client.post(reverse("aanvraag_submit", args=[case.pk]), follow=True)
    assert "mist verplichte stukken" in r.content.decode()
    assert TlvAanvraag.objects.get(pk=a.pk).status == "concept"
    for kind in ("opp", "zienswijze_ouders", "instemming_ouders", "interventies"):
        r = client.post(
            reverse("document_upload", args=[case.pk]), {"kind": kind, "file": pdf(f"{kind}.pdf")}
        )
        assert r.status_code == 302
    assert case.documents.count() == 4
    client.post(reverse("aanvraag_submit", args=[case.pk]))
    assert TlvAanvraag.objects.get(pk=a.pk).status == "ingediend"

    # the consulent sees it in the werkvoorraad, claims and declares it complete
    client.force_login(w.consulent)
    inbox = client.get(reverse("inbox")).content.decode()
    assert case.reference in inbox and "Volledigheid van het dossier toetsen" in inbox
    item = _item(case, "volledigheidstoets")
    client.post(reverse("workitem_claim", args=[item.pk]))
    assert WorkItem.objects.get(pk=item.pk).assignee == w.consulent
    _complete(client, w.consulent, item, {"volledig": "1"})
    a = TlvAanvraag.objects.get(pk=a.pk)
    assert a.status == "deskundigenadvies"
    assert case.deadlines.get(kind="tlv_beslistermijn").status == "running"

    # two deskundigen, in parallel; the first is the orthopedagoog
    client.force_login(w.deskundige1)
    assert case.reference in client.get(reverse("inbox")).content.decode()
    _complete(
        client,
        w.deskundige1,
        _item(case, "deskundigenadvies_1"),
        {"advies": "Specialistische aanpak nodig.", "aanbeveling": "toekennen"},
    )
    _complete(
        client,
        w.deskundige2,
        _item(case, "deskundigenadvies_2"),
        {"advies": "Eens.", "aanbeveling": "toekennen"},
    )
    assert TlvAanvraag.objects.get(pk=a.pk).status == "cva_advies"

    # CvA advises, the beslisser decides
    _complete(
        client,
        w.cva,
        _item(case, "cva_advies"),
        {"uitkomst": "toekennen", "soort": "so", "cluster": "4", "categorie": "laag", "motivering": "Past."},
    )
    client.force_login(w.beslisser)
    assert "Besluit nemen" in client.get(reverse("inbox")).content.decode()
    _complete(
        client,
        w.beslisser,
        _item(case, "besluit"),
        {
            "besluit": "toekennen",
            "soort": "so",
            "cluster": "4",
            "categorie": "laag",
            "ingangsdatum": "2027-01-04",
            "einddatum": "2028-07-31",
            "school": w.special.pk,
            "motivering": "De leerling is aangewezen op SO cluster 4.",
        },
    )
    a = TlvAanvraag.objects.get(pk=a.pk)
    assert a.status == "toegekend"
    assert a.einddatum == dt.date(2028, 7, 31)
    page = client.get(reverse("besluit_print", args=[case.pk])).content.decode()
    assert "toegekend" in page and "bezwaar" in page.lower() and w.special.name in page
    # the case page shows one timeline from concept to besluit
    detail = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert "Tijdlijn" in detail and "Advies CvA/BTO → Toegekend" in detail
    states = list(CaseEvent.objects.filter(case=case, kind="transition").values_list("to_state", flat=True))
    assert states == [
        "concept",
        "ingediend",
        "in_behandeling",
        "deskundigenadvies",
        "cva_advies",
        "cva_advies",
        "toegekend",
    ]


def test_wrong_role_gets_clear_message_and_nothing_changes(client, world, steps):
    a = steps.besluit_open(world)
    item = _item(a.case, "besluit")
    client.force_login(world.consulent)  # sees the case, but may not decide
    r = client.post(
        reverse("workitem", args=[item.pk]), {"besluit": "afwijzen", "motivering": "Nee."}, follow=True
    )
    assert r.status_code == 200
    assert "hoort niet bij uw rol" in r.content.decode()
    assert TlvAanvraag.objects.get(pk=a.pk).status == "cva_advies"
    assert CaseEvent.objects.filter(case=a.case, kind="refused").exists()


def test_deskundige_of_requesting_school_is_refused_in_the_ui(client, world, steps):
    from cases import profiles
    from cases.services import profiles as profile_services

    independent = [
        {"advies": 1, "disciplines": profiles.LAW_FIRST_ADVICE, "eigen_school_toegestaan": False},
        {"advies": 2, "disciplines": profiles.DISCIPLINES, "eigen_school_toegestaan": False},
    ]
    profile_services.profile_change(
        swv=world.swv,
        by=world.beheerder,
        section="deskundigenadvies",
        items=independent,
        reason="onafhankelijk",
    )
    a = steps.deskundigenadvies(world)
    item = _item(a.case, "deskundigenadvies_2")
    client.force_login(world.deskundige_a)
    r = client.post(reverse("workitem_claim", args=[item.pk]), follow=True)
    assert "onafhankelijk" in r.content.decode()
    assert WorkItem.objects.get(pk=item.pk).assignee is None


def test_consulent_reassigns_a_task(client, world, steps):
    a = steps.deskundigenadvies(world)
    item = _item(a.case, "deskundigenadvies_1")
    client.force_login(world.consulent)
    r = client.post(
        reverse("workitem_reassign", args=[item.pk]), {"to": world.deskundige1.pk, "reason": "Expertise"}
    )
    assert r.status_code == 302
    assert WorkItem.objects.get(pk=item.pk).assignee == world.deskundige1
    client.force_login(world.deskundige1)
    assert a.case.reference in client.get(reverse("inbox")).content.decode()


def test_claim_and_release(client, world, steps):
    a = steps.ingediend(world)
    item = _item(a.case, "volledigheidstoets")
    client.force_login(world.consulent)
    client.post(reverse("workitem_claim", args=[item.pk]))
    assert WorkItem.objects.get(pk=item.pk).assignee == world.consulent
    client.post(reverse("workitem_release", args=[item.pk]))
    assert WorkItem.objects.get(pk=item.pk).assignee is None


def test_every_page_renders_for_every_role(client, world, steps):
    a = steps.toegekend(world)
    for role, user in world.roles.items():
        client.force_login(user)
        for name in ("inbox", "case_list", "notifications"):
            assert client.get(reverse(name)).status_code == 200, (role, name)
        status = client.get(reverse("case_detail", args=[a.case_id])).status_code
        assert status in (200, 404), role
