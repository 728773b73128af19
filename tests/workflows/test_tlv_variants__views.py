"""Route variants end to end: TLV praktijkonderwijs (criteria, BTO) and a pupil from outside the region."""

import datetime as dt

import pytest
from django.urls import reverse

from cases.errors import ValidationFailed
from cases.models import Bekendmaking, CaseEvent, Gemeente, Leerling, School, Tlv, TlvAanvraag
from cases.roles import Role
from cases.services import tlv, tlv_variants
from tests.factories import make_user, pdf

CRITERIA_MET = {
    "iq": "72",
    "didactische_leeftijd": "60",
    "dle_rekenen": "25",
    "dle_begrijpend_lezen": "28",
    "dle_technisch_lezen": "40",
    "dle_spelling": "35",
}


@pytest.fixture
def pro(bto_world):
    w = bto_world
    w.pro_school = School.objects.create(
        name="Praktijkschool", brin="P" + w.swv.code[-3:], soort="pro", bestuur=w.school_a.bestuur, swv=w.swv
    )
    w.pro_user = make_user(f"pro-{w.swv.code}", role=Role.SCHOOL, swv=w.swv, school=w.pro_school)
    return w


def test_tlv_praktijkonderwijs_end_to_end(client, pro, steps):
    w = pro
    client.force_login(w.pro_user)
    # the PrO school applies for a pupil of another school of the SWV, named by BSN and date of birth
    r = client.post(
        reverse("aanvraag_new"),
        {
            "leerling_nummer": w.leerling_a.bsn,
            "leerling_geboortedatum": w.leerling_a.geboortedatum.isoformat(),
            "gevraagde_soort": "pro",
            "onderbouwing": "Leerachterstand en IQ.",
        },
    )
    assert r.status_code == 302
    a = TlvAanvraag.objects.get(case__leerling=w.leerling_a)
    assert a.case.school == w.pro_school
    for kind in ("opp", "zienswijze_ouders", "instemming_ouders", "interventies"):
        client.post(reverse("document_upload", args=[a.case_id]), {"kind": kind, "file": pdf(f"{kind}.pdf")})
    # criteria not met: a clear message per criterion, and indienen is refused
    client.post(reverse("pro_criteria", args=[a.case_id]), {**CRITERIA_MET, "iq": "95", "dle_rekenen": "50"})
    page = client.get(reverse("case_detail", args=[a.case_id])).content.decode()
    assert "Het IQ (95) ligt niet tussen 55 en 80." in page
    r = client.post(reverse("aanvraag_submit", args=[a.case_id]), follow=True)
    assert "voldoet niet aan de criteria voor praktijkonderwijs" in r.content.decode()
    assert steps.fresh(a).status == "concept"
    assert CaseEvent.objects.filter(case=a.case, kind="refused", data={"code": "pro-criteria"}).exists()
    # criteria met: submitted, and the BTO route runs to a besluit praktijkonderwijs
    client.post(reverse("pro_criteria", args=[a.case_id]), CRITERIA_MET)
    client.post(reverse("aanvraag_submit", args=[a.case_id]))
    a = steps.fresh(a)
    assert a.status == "ingediend"
    tlv.volledigheid_record(aanvraag=a, by=w.consulent, volledig=True)
    for volgorde, user in ((1, w.deskundige1), (2, w.deskundige2)):
        tlv.deskundigenadvies_record(
            aanvraag=steps.fresh(a), by=user, volgorde=volgorde, advies="PrO past", aanbeveling="toekennen"
        )
    for volgorde, user in ((1, w.cva), (2, w.cva2)):
        tlv.bto_review_record(
            aanvraag=steps.fresh(a), by=user, volgorde=volgorde, oordeel="Eens", aanbeveling="toekennen"
        )
    tlv.cva_advies_record(
        aanvraag=steps.fresh(a), by=w.voorzitter, uitkomst="toekennen", soort="pro", motivering="BTO: PrO"
    )
    tlv.besluit_record(
        aanvraag=steps.fresh(a),
        by=w.beslisser,
        besluit="toekennen",
        soort="pro",
        ingangsdatum=dt.date(2027, 8, 1),
        einddatum=dt.date(2031, 7, 31),
        school=w.pro_school,
        motivering="Voldoet aan de criteria.",
    )
    steps.bekendgemaakt(w, steps.fresh(a))
    assert Tlv.objects.get(aanvraag=a).soort == "pro"
    assert Bekendmaking.objects.get(aanvraag=a).soort == "besluit"


def test_pro_is_applied_for_by_the_pro_school_only(pro):
    w = pro
    with pytest.raises(ValidationFailed) as exc:
        tlv.aanvraag_create(by=w.school_user, leerling=w.leerling_a, school=w.school_a, gevraagde_soort="pro")
    assert exc.value.code == "pro-aanvrager"


@pytest.mark.parametrize(
    ("criteria", "message"),
    [
        ({"iq": 50}, "Het IQ (50) ligt niet tussen 55 en 80."),
        (
            {"dle_rekenen": 50, "dle_begrijpend_lezen": 50, "dle_technisch_lezen": 25, "dle_spelling": 25},
            "moet ook rekenen/wiskunde of begrijpend lezen",
        ),
        ({"dle_rekenen": 50, "dle_spelling": 50}, "die is er op 1"),
    ],
)
def test_pro_criteria_messages(pro, criteria, message):
    from cases.models import ProCriteria

    values = {k: int(v) for k, v in CRITERIA_MET.items()} | criteria
    row = ProCriteria(**values)
    unmet = tlv_variants.pro_criteria_unmet(row, pro.swv)
    assert any(message in m for m in unmet), unmet
    assert (
        tlv_variants.pro_criteria_unmet(ProCriteria(**{k: int(v) for k, v in CRITERIA_MET.items()}), pro.swv)
        == []
    )


def test_swv_criteria_override_the_defaults(pro):
    from cases.models import ProCriteria

    pro.swv.pro_criteria = {"iq_max": 70}
    pro.swv.save()
    row = ProCriteria(**{k: int(v) for k, v in CRITERIA_MET.items()})
    assert tlv_variants.pro_criteria_unmet(row, pro.swv) == ["Het IQ (72) ligt niet tussen 55 en 70."]


def test_pupil_from_outside_the_region_names_the_competent_swv(client, world, other_world):
    w = world
    elders = Gemeente.objects.create(name="Verweg", code="GV9999")
    elders.swvs.add(other_world.swv)
    leerling = Leerling.objects.create(
        swv=w.swv,
        voornaam="Cas",
        achternaam="Verweg",
        geboortedatum=dt.date(2017, 5, 1),
        bsn="999990044",
        woongemeente=elders,
        stamschool=w.school_a,
    )
    client.force_login(w.school_user)
    data = {"leerling": leerling.pk, "gevraagde_soort": "so", "gevraagde_cluster": "4", "onderbouwing": "x"}
    data["gevraagde_categorie"] = "laag"
    r = client.post(reverse("aanvraag_new"), data, follow=True)
    html = r.content.decode()
    assert f"beslist het samenwerkingsverband van de woonplaats: {other_world.swv.name}" in html
    assert not TlvAanvraag.objects.filter(case__leerling=leerling).exists()
    # SBO is decided by the SWV of the school
    r = client.post(reverse("aanvraag_new"), {**data, "gevraagde_soort": "sbo", "gevraagde_cluster": ""})
    assert r.status_code == 302
    assert TlvAanvraag.objects.get(case__leerling=leerling).gevraagde_soort == "sbo"
