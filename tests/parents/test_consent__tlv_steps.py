"""The TLV's steps and the consent register: a TLV aanvraag goes on with a valid consent in the register or
(when the register holds none for it) the ouders' signed toestemmingsverklaring in the dossier; a withdrawn
consent stops the indienen and the deskundigenonderzoek from then on, with a clear Dutch refusal in the
service, the page and the API, until a new consent is recorded."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cases.errors import ValidationFailed
from cases.models import CaseEvent, DeskundigenAdvies, TlvAanvraag, TlvStatus
from cases.services import consent as consent_services
from cases.services import documents, tlv
from tests.api.helpers import Api, api_client
from tests.factories import give_consent, pdf
from tests.tlv_steps import REQUIRED, concept, deskundigenadvies, fresh


def _withdrawn(world, purpose):
    consent = give_consent(world.leerling_a, purpose)
    consent_services.consent_withdraw(
        consent_id=consent.pk, by=world.school_user, reason="Ouders willen het niet"
    )
    return consent


def _ready(world):
    a = concept(world)
    for kind in REQUIRED:
        documents.document_upload(case=a.case, by=world.school_user, kind=kind, uploaded=pdf(f"{kind}.pdf"))
    return a


def test_a_withdrawn_tlv_consent_refuses_the_indienen_until_a_new_one_is_recorded(world):
    a = _ready(world)
    _withdrawn(world, "tlv_aanvraag")
    with pytest.raises(ValidationFailed) as exc:
        tlv.aanvraag_submit(aanvraag=a, by=world.school_user)
    assert exc.value.code == "geen-toestemming" and "ingetrokken" in str(exc.value.message)
    assert fresh(a).status == TlvStatus.CONCEPT
    assert CaseEvent.objects.filter(case=a.case, kind="refused", action="indienen").exists()
    give_consent(world.leerling_a, "tlv_aanvraag")
    tlv.aanvraag_submit(aanvraag=a, by=world.school_user)
    assert fresh(a).status == TlvStatus.INGEDIEND


def test_without_the_signed_document_and_without_a_consent_the_indienen_is_refused(world):
    world.swv.required_documents = ["opp|groeidocument"]
    world.swv.save()
    a = concept(world)
    documents.document_upload(case=a.case, by=world.school_user, kind="opp", uploaded=pdf("opp.pdf"))
    with pytest.raises(ValidationFailed) as exc:
        tlv.aanvraag_submit(aanvraag=a, by=world.school_user)
    assert exc.value.code == "geen-toestemming" and "Er is geen geldige toestemming" in str(exc.value.message)
    give_consent(world.leerling_a, "tlv_aanvraag")
    tlv.aanvraag_submit(aanvraag=a, by=world.school_user)
    assert fresh(a).status == TlvStatus.INGEDIEND


def test_the_page_shows_the_refusal_in_dutch(client, world):
    a = _ready(world)
    _withdrawn(world, "tlv_aanvraag")
    client.force_login(world.school_user)
    page = client.post(reverse("aanvraag_submit", args=[a.case.pk]), follow=True).content.decode()
    assert "De toestemming voor &#x27;Aanvraag toelaatbaarheidsverklaring&#x27; is ingetrokken" in page
    assert fresh(a).status == TlvStatus.CONCEPT


def test_the_api_refuses_with_the_code(world):
    _withdrawn(world, "tlv_aanvraag")
    _c, token = api_client(world, role="school")
    api = Api(token)
    r = api.post(
        "/api/v1/cases/tlv/",
        {
            "leerling": world.leerling_a.pk,
            "gevraagde_soort": "so",
            "gevraagde_cluster": 4,
            "gevraagde_categorie": "laag",
            "onderbouwing": "Onderbouwing",
        },
    )
    case_id = r.json()["id"]
    for kind in REQUIRED:
        assert (
            api.upload(
                f"/api/v1/cases/{case_id}/documents/", {"kind": kind, "file": pdf(f"{kind}.pdf")}
            ).status_code
            == 201
        )
    r = api.post(f"/api/v1/cases/{case_id}/transitions/indienen/", {})
    assert r.json()["code"] == "geen-toestemming", r.content
    assert r.status_code == 400 and "ingetrokken" in r.json()["detail"]
    assert TlvAanvraag.objects.get(case_id=case_id).status == TlvStatus.CONCEPT


def test_a_withdrawn_deskundigenonderzoek_consent_stops_the_advice(world):
    a = deskundigenadvies(world)
    _withdrawn(world, "deskundigenonderzoek")
    with pytest.raises(ValidationFailed) as exc:
        tlv.deskundigenadvies_record(
            aanvraag=a, by=world.deskundige1, volgorde=1, advies="Advies", aanbeveling="toekennen"
        )
    assert exc.value.code == "geen-toestemming" and "Deskundigenonderzoek" in str(exc.value.message)
    assert not DeskundigenAdvies.objects.filter(aanvraag=a).exists()
    give_consent(world.leerling_a, "deskundigenonderzoek")
    tlv.deskundigenadvies_record(
        aanvraag=fresh(a), by=world.deskundige1, volgorde=1, advies="Advies", aanbeveling="toekennen"
    )
    assert DeskundigenAdvies.objects.filter(aanvraag=a).count() == 1
