"""Bad input is refused with a stable code and a clear message, and changes nothing."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from cases import clock, profiles
from cases.errors import DomainError, ValidationFailed
from cases.models import CaseEvent, Document, Leerling, WorkItem
from cases.services import documents, tlv
from cases.services import profiles as profile_services
from cases.services.workitems import workitem_claim
from tests import tlv_steps
from tests.asserts import Snapshot, assert_refused_without_effect
from tests.factories import make_world, pdf


@pytest.fixture(scope="module")
def built(module_db):
    with module_db():
        w = make_world(mode="cva", sector="po")
        vo = make_world(mode="bto", sector="vo")
        # this SWV's rule: no deskundige of the requesting school gives an advice (the law has no such rule)
        profile_services.profile_change(
            swv=w.swv,
            by=w.beheerder,
            section="deskundigenadvies",
            items=[
                {
                    "advies": 1,
                    "disciplines": ["orthopedagoog", "psycholoog"],
                    "eigen_school_toegestaan": False,
                },
                {"advies": 2, "disciplines": list(profiles.DISCIPLINES), "eigen_school_toegestaan": False},
            ],
            reason="onafhankelijke deskundigen",
        )
        young = Leerling.objects.create(
            swv=w.swv,
            voornaam="Yara",
            achternaam="Jong",
            geboortedatum=dt.date(2020, 6, 1),
            bsn="999990044",
            woongemeente=w.gemeente_a,
            stamschool=w.school_a,
        )
        w_young = SimpleNamespace(**{**vars(w), "leerling_a": young})  # the steps use w.leerling_a
        yield SimpleNamespace(
            world=w,
            vo=vo,
            young=young,
            concept=tlv_steps.concept(w),
            ingediend=tlv_steps.ingediend(w),
            deskundigenadvies=tlv_steps.deskundigenadvies(w),
            besluit_po=tlv_steps.besluit_open(w),
            besluit_vo=tlv_steps.besluit_open(vo),
            besluit_young=tlv_steps.besluit_open(w_young),
        )


@pytest.fixture
def b(built, db):
    return built


def refused(a, call, code, *, error=ValidationFailed):
    """Call, expect the domain error with `code`, and check that nothing but the refusal was recorded."""
    a = tlv_steps.fresh(a)
    before = Snapshot.of(a)
    with pytest.raises(DomainError) as info:
        call(a)
    assert type(info.value) is error
    assert info.value.code == code
    assert_refused_without_effect(a, before, info.value)
    return info.value


# --- indienen and documents -----------------------------------------------------------------------


def test_submit_without_documents_names_every_missing_item(b):
    exc = refused(
        b.concept, lambda a: tlv.aanvraag_submit(aanvraag=a, by=b.world.school_user), "aanvraag-onvolledig"
    )
    for label in (
        "Ontwikkelingsperspectiefplan (OPP) of Groeidocument",
        "Zienswijze van de ouders",
        "Instemming/toestemmingsverklaring van de ouders",
        "Overzicht van de al ingezette interventies",
    ):
        assert label in str(exc.message)


def test_submit_names_only_what_is_still_missing(b):
    documents.document_upload(
        case=b.concept.case, by=b.world.school_user, kind="groeidocument", uploaded=pdf("groeidocument.pdf")
    )
    documents.document_upload(
        case=b.concept.case, by=b.world.school_user, kind="interventies", uploaded=pdf("interventies.pdf")
    )
    exc = refused(
        b.concept, lambda a: tlv.aanvraag_submit(aanvraag=a, by=b.world.school_user), "aanvraag-onvolledig"
    )
    assert str(exc.message) == (
        "Het dossier mist verplichte stukken: Zienswijze van de ouders; "
        "Instemming/toestemmingsverklaring van de ouders (regel verplichte documenten van "
        f"samenwerkingsverband {b.world.swv.code})."
    )


@pytest.mark.parametrize(
    ("name", "body", "code"),
    [
        ("stuk.pdf", pdf().read() + b"0" * 2000, "document-te-groot"),
        ("virus.exe", b"MZ\x90\x00" + b"0" * 100, "document-type"),
        ("geen-extensie", b"%PDF-1.4\n", "document-type"),
        ("nep.pdf", b"MZ\x90\x00 this is not a PDF", "document-inhoud"),
        ("nep.png", b"%PDF-1.4 a pdf named png", "document-inhoud"),
        ("leeg.pdf", b"", "document-leeg"),
    ],
    ids=["too-large", "exe", "no-extension", "pdf-not-pdf", "png-not-png", "empty"],
)
def test_bad_upload_is_refused_and_stores_nothing(b, settings, name, body, code):
    settings.DOCUMENT_MAX_BYTES = 1024
    case = b.concept.case
    before_docs = Document.objects.count()
    before_events = CaseEvent.objects.filter(case=case).count()
    with pytest.raises(ValidationFailed) as info:
        documents.document_upload(
            case=case,
            by=b.world.school_user,
            kind="opp",
            uploaded=SimpleUploadedFile(name, body, content_type="application/pdf"),
        )
    assert info.value.code == code
    assert info.value.field == "file"
    assert Document.objects.count() == before_docs
    events = CaseEvent.objects.filter(case=case).order_by("pk")
    assert events.count() == before_events + 1
    assert (events.last().kind, events.last().data) == ("refused", {"code": code})
    root = settings.DOCUMENT_ROOT
    assert not root.exists() or not any(p.is_file() for p in root.rglob("*"))


def test_upload_at_the_size_limit_is_accepted(b, settings):
    settings.DOCUMENT_MAX_BYTES = 1024
    doc = documents.document_upload(
        case=b.concept.case, by=b.world.school_user, kind="opp", uploaded=pdf("opp.pdf", size=1024)
    )
    assert (doc.size, doc.content_type) == (1024, "application/pdf")


# --- besluit: duration and category ---------------------------------------------------------------


def besluit(w, *, ingang, eind, soort="so", cluster=4, categorie="laag", categorie_motivering=""):
    return lambda a: tlv.besluit_record(
        aanvraag=a,
        by=w.beslisser,
        besluit="toekennen",
        soort=soort,
        cluster=cluster,
        categorie=categorie,
        categorie_motivering=categorie_motivering,
        ingangsdatum=ingang,
        einddatum=eind,
        school=w.special,
        beoogde_school=w.school_a,  # recorded for young pupils, ignored for older ones
        motivering="Besluit",
    )


@pytest.mark.parametrize("eind", [dt.date(2027, 1, 3), dt.date(2027, 1, 4)], ids=["before", "same-day"])
def test_einddatum_not_after_ingangsdatum(b, eind):
    exc = refused(
        b.besluit_po, besluit(b.world, ingang=dt.date(2027, 1, 4), eind=eind), "einddatum-voor-ingang"
    )
    assert exc.field == "einddatum"


def test_vo_tlv_shorter_than_a_year_is_refused(b):
    # 1 August 2027 + 12 months - 1 day = 31 July 2028
    vso = {"soort": "vso", "cluster": None}
    exc = refused(
        b.besluit_vo,
        besluit(b.vo, ingang=dt.date(2027, 8, 1), eind=dt.date(2028, 7, 30), **vso),
        "duur-te-kort",
    )
    assert "31-07-2028" in str(exc.message)
    besluit(b.vo, ingang=dt.date(2027, 8, 1), eind=dt.date(2028, 7, 31), **vso)(tlv_steps.fresh(b.besluit_vo))
    assert tlv_steps.fresh(b.besluit_vo).status == "toegekend"


def test_po_tlv_shorter_than_a_year_is_fine(b):
    besluit(b.world, ingang=dt.date(2027, 1, 4), eind=dt.date(2027, 7, 31))(tlv_steps.fresh(b.besluit_po))
    assert tlv_steps.fresh(b.besluit_po).status == "toegekend"


def test_young_pupil_tlv_longer_than_two_years_is_refused(b):
    # born 1 June 2020: 6 years old on 4 January 2027; at most 24 months -> 3 January 2029
    assert b.young.age_on(dt.date(2027, 1, 4)) == 6
    exc = refused(
        b.besluit_young,
        besluit(b.world, ingang=dt.date(2027, 1, 4), eind=dt.date(2029, 1, 4)),
        "duur-te-lang-jong",
    )
    assert "6 jaar" in str(exc.message) and "03-01-2029" in str(exc.message)
    besluit(b.world, ingang=dt.date(2027, 1, 4), eind=dt.date(2029, 1, 3))(tlv_steps.fresh(b.besluit_young))
    assert tlv_steps.fresh(b.besluit_young).status == "toegekend"


def test_older_pupil_may_have_a_longer_tlv(b):
    assert b.world.leerling_a.age_on(dt.date(2027, 1, 4)) == 9
    besluit(b.world, ingang=dt.date(2027, 1, 4), eind=dt.date(2030, 7, 31))(tlv_steps.fresh(b.besluit_po))
    assert tlv_steps.fresh(b.besluit_po).status == "toegekend"


@pytest.mark.parametrize("categorie", ["midden", "hoog"])
def test_vso_midden_or_hoog_needs_a_categorie_motivering(b, categorie):
    call = besluit(
        b.vo,
        ingang=dt.date(2027, 8, 1),
        eind=dt.date(2029, 7, 31),
        soort="vso",
        cluster=None,
        categorie=categorie,
    )
    exc = refused(b.besluit_vo, call, "categorie-motivering")
    assert exc.field == "categorie_motivering"
    besluit(
        b.vo,
        ingang=dt.date(2027, 8, 1),
        eind=dt.date(2029, 7, 31),
        soort="vso",
        cluster=None,
        categorie=categorie,
        categorie_motivering="Intensieve begeleiding",
    )(tlv_steps.fresh(b.besluit_vo))
    a = tlv_steps.fresh(b.besluit_vo)
    assert (a.status, a.besluit_categorie) == ("toegekend", categorie)
    assert "Motivering categorie: Intensieve begeleiding" in a.besluit_motivering


# --- deskundigen ----------------------------------------------------------------------------------


def claim(user, node):
    def call(a):
        item = WorkItem.objects.get(case=a.case, node=node, status="open")
        return workitem_claim(item=item, by=user)

    return call


def advise(user, volgorde):
    return lambda a: tlv.deskundigenadvies_record(
        aanvraag=a, by=user, volgorde=volgorde, advies="Advies", aanbeveling="toekennen"
    )


@pytest.mark.parametrize("how", ["claim", "complete"])
@pytest.mark.parametrize("node", [1, 2])
def test_deskundige_of_the_requesting_school_is_not_independent(b, how, node):
    user = b.world.deskundige_a
    call = claim(user, f"deskundigenadvies_{node}") if how == "claim" else advise(user, node)
    exc = refused(b.deskundigenadvies, call, "deskundige-niet-onafhankelijk")
    assert b.world.school_a.name in str(exc.message)
    assert f"regel van samenwerkingsverband {b.world.swv.code}" in str(exc.message)


@pytest.mark.parametrize("how", ["claim", "complete"])
def test_kinderpsychiater_may_not_give_the_first_advice(b, how):
    user = b.world.deskundige2
    call = claim(user, "deskundigenadvies_1") if how == "claim" else advise(user, 1)
    exc = refused(b.deskundigenadvies, call, "deskundige-discipline")
    assert "kinderpsychiater" in str(exc.message).lower()
    assert f"samenwerkingsverband {b.world.swv.code}" in str(exc.message)  # names the SWV's rule
    advise(user, 2)(tlv_steps.fresh(b.deskundigenadvies))  # the second advice is fine


@pytest.mark.parametrize("how", ["claim", "complete"])
def test_the_same_deskundige_may_not_give_both_advices(b, how):
    user = b.world.deskundige1
    first = claim(user, "deskundigenadvies_1") if how == "claim" else advise(user, 1)
    first(tlv_steps.fresh(b.deskundigenadvies))
    second = claim(user, "deskundigenadvies_2") if how == "claim" else advise(user, 2)
    refused(b.deskundigenadvies, second, "deskundige-dubbel")


# --- pupil and volledigheidstoets -----------------------------------------------------------------


def test_invalid_bsn_fails_the_elfproef(b):
    leerling = Leerling(
        swv=b.world.swv,
        voornaam="X",
        achternaam="Y",
        geboortedatum=dt.date(2015, 1, 1),
        bsn="123456789",
        woongemeente=b.world.gemeente_a,
    )
    with pytest.raises(ValidationError) as info:
        leerling.full_clean()
    assert [e.code for e in info.value.error_dict["bsn"]] == ["bsn-elfproef"]
    leerling.bsn = "123456782"
    leerling.full_clean()


@pytest.mark.parametrize("days", [-1, 0], ids=["yesterday", "today"])
def test_hersteltermijn_must_lie_in_the_future(b, days):
    def call(a):
        return tlv.volledigheid_record(
            aanvraag=a,
            by=b.world.consulent,
            volledig=False,
            ontbrekende_stukken="OPP",
            hersteltermijn_tot=clock.today() + dt.timedelta(days=days),
        )

    exc = refused(b.ingediend, call, "termijn-verleden")
    assert exc.field == "hersteltermijn_tot"
