"""Each SWV's TLV rules as data: the kinds it issues, the placement school's type, the deskundige rules,
the categorie motivering and duration per kind; a running case keeps the rules it started under."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.urls import reverse

from cases import profiles
from cases.errors import ValidationFailed
from cases.models import Bestuur, Deskundige, School, Swv
from cases.services import profiles as profile_services
from cases.services import tlv
from tests import tlv_steps
from tests.factories import make_user, make_world

DEMO = Path(profiles.__file__).parent / "demo" / "profiles"


def load_demo(w, name):
    profile_services.profile_import(swv=w.swv, text=(DEMO / name).read_text(encoding="utf-8"), by=w.beheerder)


@pytest.fixture
def vo3102(db):
    w = make_world(mode="bto", sector="vo", code="VO 31-02")
    load_demo(w, "vo_31_02.yaml")
    second = Deskundige.objects.get(user=w.deskundige2)  # the steps' second adviser: an orthopedagoog here
    second.discipline = "orthopedagoog"
    second.save()
    return w


@pytest.fixture
def po2202(db):
    w = make_world(mode="cva", sector="po", code="PO 22-02")
    load_demo(w, "po_22_02.yaml")
    return w


def create(w, soort, cluster=None, categorie=""):
    return tlv.aanvraag_create(
        by=w.school_user,
        leerling=w.leerling_a,
        school=w.school_a,
        gevraagde_soort=soort,
        gevraagde_cluster=cluster,
        gevraagde_categorie=categorie,
        onderbouwing="Onderbouwing",
    )


# --- which soorten: the sector (law) and the SWV's own kinds --------------------------------------


def test_a_po_swv_refuses_a_vso_request_naming_the_rule(po2202):
    with pytest.raises(ValidationFailed) as info:
        create(po2202, "vso", categorie="laag")
    assert info.value.code == "tlv-soort-sector"
    assert "PO 22-02" in info.value.message and "VSO" in info.value.message
    assert not po2202.leerling_a.cases.exists()


def test_a_soort_the_swv_does_not_issue_is_refused(db):
    w = make_world(mode="bto", sector="vo")
    vso_only = [profiles._soort_dict("vso", categorieen=profiles.CATEGORIEEN)]
    profile_services.profile_change(
        swv=w.swv, by=w.beheerder, section="tlv_soorten", items=vso_only, reason="r"
    )
    with pytest.raises(ValidationFailed) as info:
        create(w, "pro")
    assert info.value.code == "tlv-soort-niet-afgegeven"
    assert "TLV-soorten van het samenwerkingsverband" in info.value.message


def test_so_cluster_must_be_one_the_swv_issues(db):
    w = make_world()
    so_4 = [
        profiles._soort_dict("so", clusters=[4], categorieen=profiles.CATEGORIEEN),
        profiles._soort_dict("sbo"),
    ]
    profile_services.profile_change(swv=w.swv, by=w.beheerder, section="tlv_soorten", items=so_4, reason="r")
    a = tlv_steps.cva_advies(w)
    with pytest.raises(ValidationFailed) as info:
        tlv.cva_advies_record(
            aanvraag=a,
            by=w.cva,
            uitkomst="toekennen",
            soort="so",
            cluster=3,
            categorie="laag",
            motivering="M",
        )
    assert info.value.code == "tlv-cluster"


# --- the placement school fits the soort; any school of the national register ---------------------


def besluit(w, a, *, soort, cluster, school, categorie="laag", motivering=""):
    return tlv.besluit_record(
        aanvraag=tlv_steps.fresh(a),
        by=w.beslisser,
        besluit="toekennen",
        soort=soort,
        cluster=cluster,
        categorie=categorie,
        categorie_motivering=motivering,
        ingangsdatum=dt.date(2027, 1, 4),
        einddatum=dt.date(2028, 7, 31),
        school=school,
        motivering="Besluit",
    )


def test_an_sbo_tlv_is_not_placed_at_a_regular_or_so_school(db):
    w = make_world()
    a = tlv_steps.besluit_open(w)
    for school in (w.school_b, w.special):
        with pytest.raises(ValidationFailed) as info:
            besluit(w, a, soort="sbo", cluster=None, school=school, categorie="")
        assert info.value.code == "plaatsing-past-niet"
        assert school.name in info.value.message
    assert tlv_steps.fresh(a).status == "cva_advies"


def test_an_so_tlv_is_placed_at_an_so_school_of_its_cluster(db):
    w = make_world()
    a = tlv_steps.besluit_open(w)
    with pytest.raises(ValidationFailed) as info:
        besluit(w, a, soort="so", cluster=3, school=w.special)  # w.special is cluster 4
    assert info.value.code == "plaatsing-past-niet" and "cluster 3" in info.value.message
    besluit(w, a, soort="so", cluster=4, school=w.special)
    assert tlv_steps.fresh(a).status == "toegekend"


def test_a_vso_tlv_places_at_a_vso_school_of_another_swv(vo3102):
    w = vo3102
    other = Swv.objects.create(name="SWV elders", code="VO 30-06", sector="vo")
    berkenschutse = School.objects.create(
        name="VSO De Berkenschutse",
        brin="99ZZ",
        soort="vso",
        cluster=3,
        bestuur=Bestuur.objects.create(name="Bestuur elders", swv=other),
        swv=other,
    )
    a = tlv_steps.besluit_open(w)
    besluit(w, a, soort="vso", cluster=None, school=berkenschutse)
    a = tlv_steps.fresh(a)
    assert a.status == "toegekend" and a.plaatsingsschool == berkenschutse


# --- deskundige rules: VO 31-02 (003:L874-879) and the law's default -------------------------------


def advise(w, a, user, n):
    return tlv.deskundigenadvies_record(
        aanvraag=tlv_steps.fresh(a), by=user, volgorde=n, advies=f"Advies {n}", aanbeveling="toekennen"
    )


def test_vo3102_first_advice_by_the_schools_own_orthopedagoog_passes(vo3102):
    w = vo3102
    own = make_user("own-ortho", role="deskundige", swv=w.swv)
    Deskundige.objects.create(
        user=own, naam="Eigen", discipline="orthopedagoog", swv=w.swv, school=w.school_a
    )
    a = tlv_steps.deskundigenadvies(w)
    assert advise(w, a, own, 1).deskundige.school == w.school_a
    advise(w, a, w.deskundige1, 2)  # the second: always an orthopedagoog
    assert tlv_steps.fresh(a).status == "cva_advies"


def test_vo3102_second_advice_only_by_an_orthopedagoog(vo3102):
    w = vo3102
    a = tlv_steps.deskundigenadvies(w)
    advise(w, a, w.deskundige_a, 1)  # a psycholoog of the requesting school
    psychiater = make_user("kjp", role="deskundige", swv=w.swv)
    Deskundige.objects.create(user=psychiater, naam="KJP", discipline="kinderpsychiater", swv=w.swv)
    with pytest.raises(ValidationFailed) as info:
        advise(w, a, psychiater, 2)
    assert info.value.code == "deskundige-discipline"
    assert "VO 31-02" in info.value.message and "tweede" in info.value.message


def test_vo3102_maatschappelijk_werker_may_give_the_first_advice(vo3102):
    w = vo3102
    mw = make_user("mw", role="deskundige", swv=w.swv)
    Deskundige.objects.create(user=mw, naam="MW", discipline="maatschappelijk_werker", swv=w.swv)
    a = tlv_steps.deskundigenadvies(w)
    advise(w, a, mw, 1)
    assert tlv_steps.fresh(a).adviezen.count() == 1


def test_default_is_the_law_minimum_without_independence_rule(db):
    w = make_world()
    a = tlv_steps.deskundigenadvies(w)
    advise(w, a, w.deskundige_a, 1)  # a psycholoog of the requesting school: the law does not forbid it
    with pytest.raises(ValidationFailed) as info:
        advise(w, tlv_steps.deskundigenadvies(w), w.deskundige2, 1)  # the first: orthopedagoog/psycholoog
    assert info.value.code == "deskundige-discipline"


def test_po2202_refuses_a_deskundige_of_the_requesting_school(po2202):
    w = po2202
    a = tlv_steps.deskundigenadvies(w)
    with pytest.raises(ValidationFailed) as info:
        advise(w, a, w.deskundige_a, 1)
    assert info.value.code == "deskundige-niet-onafhankelijk" and "PO 22-02" in info.value.message


# --- categorie motivering and duration per kind ---------------------------------------------------


def test_po2202_so_hoog_needs_a_motivering(po2202):
    w = po2202
    a = tlv_steps.besluit_open(w)
    with pytest.raises(ValidationFailed) as info:
        besluit(w, a, soort="so", cluster=4, school=w.special, categorie="hoog")
    assert info.value.code == "categorie-motivering"
    besluit(w, a, soort="so", cluster=4, school=w.special, categorie="hoog", motivering="Zeer intensief")
    assert tlv_steps.fresh(a).status == "toegekend"


def test_a_kinds_own_minimum_duration(db):
    w = make_world()
    kinds = [
        profiles._soort_dict("sbo"),
        profiles._soort_dict("so", clusters=[3, 4], categorieen=profiles.CATEGORIEEN, mn=24),
    ]
    profile_services.profile_change(swv=w.swv, by=w.beheerder, section="tlv_soorten", items=kinds, reason="r")
    a = tlv_steps.besluit_open(w)
    with pytest.raises(ValidationFailed) as info:
        besluit(w, a, soort="so", cluster=4, school=w.special)  # 19 months
    assert info.value.code == "duur-te-kort" and "24 maanden" in info.value.message


def test_default_einddatum_end_of_school_year(vo3102):
    p = profiles.current(vo3102.swv)
    assert profiles.default_einddatum(p, vo3102.swv, "vso", dt.date(2027, 1, 4)) == dt.date(2028, 7, 31)


# --- running cases keep their rules ---------------------------------------------------------------


def test_a_running_case_keeps_the_rules_it_started_under(db):
    w = make_world()
    a = tlv_steps.deskundigenadvies(w)
    started = a.case.profiel_versie
    assert started is not None
    strict = [
        {"advies": 1, "disciplines": ["orthopedagoog"], "eigen_school_toegestaan": False},
        {"advies": 2, "disciplines": ["orthopedagoog"], "eigen_school_toegestaan": False},
    ]
    v2 = profile_services.profile_change(
        swv=w.swv, by=w.beheerder, section="deskundigenadvies", items=strict, reason="strenger"
    )
    assert v2.versie == started.versie + 1
    advise(w, a, w.deskundige_a, 1)  # allowed under the version the case started with
    new = tlv_steps.deskundigenadvies(w)
    assert new.case.profiel_versie == v2
    with pytest.raises(ValidationFailed):
        advise(w, new, w.deskundige_a, 1)


# --- the same rules on the page and in the API ------------------------------------------------------


def test_po2202_vso_request_is_refused_on_the_page_and_in_the_api(po2202, client):
    from cases.roles import Role
    from tests.api.helpers import Api, api_client
    from tests.factories import complete_second_factor

    w = po2202
    client.force_login(w.school_user)
    complete_second_factor(client, w.school_user)
    page = client.post(
        reverse("aanvraag_new"),
        {
            "leerling": w.leerling_a.pk,
            "gevraagde_soort": "vso",
            "gevraagde_categorie": "laag",
            "onderbouwing": "x",
        },
    )
    assert page.status_code == 200
    assert "PO 22-02" in page.content.decode() and "geeft geen TLV VSO af" in page.content.decode()
    _c, token = api_client(w, role=Role.SCHOOL, name="Schoolsysteem")
    r = Api(token).post(
        "/api/v1/cases/tlv/",
        {
            "leerling": w.leerling_a.pk,
            "gevraagde_soort": "vso",
            "gevraagde_categorie": "laag",
            "onderbouwing": "x",
        },
    )
    assert r.status_code == 400 and r.json()["code"] == "tlv-soort-sector"
    assert not w.leerling_a.cases.exists()


def test_vo3102_own_orthopedagoog_gives_the_first_advice_on_the_page(vo3102, client):
    from cases.models import WorkItem
    from tests.factories import complete_second_factor

    w = vo3102
    own = make_user("own-ortho-page", role="deskundige", swv=w.swv)
    Deskundige.objects.create(
        user=own, naam="Eigen", discipline="orthopedagoog", swv=w.swv, school=w.school_a
    )
    a = tlv_steps.deskundigenadvies(w)
    item = WorkItem.objects.get(case=a.case, node="deskundigenadvies_1", status="open")
    client.force_login(own)
    complete_second_factor(client, own)
    assert "deskundigenadvies" in client.get(reverse("inbox")).content.decode().lower()
    r = client.post(
        reverse("workitem", args=[item.pk]), {"advies": "Eigen advies", "aanbeveling": "toekennen"}
    )
    assert r.status_code == 302, r.content.decode()[:1500]
    assert tlv_steps.fresh(a).adviezen.get(volgorde=1).deskundige.school == w.school_a
