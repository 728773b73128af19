"""The SWV's rules as data, per rule kind: required documents per route and TLV kind (and who adds them),
advices as tasks or as documents, the decision body and the mandate, routes on or off. Each is validated on
import with its line, applies to new cases, and the services refuse naming the rule."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cases import clock, policies, profiles
from cases.errors import NotPermitted, ValidationFailed
from cases.models import WorkItem
from cases.services import documents, schakel, tlv
from cases.services import profiles as profile_services
from tests import tlv_steps
from tests.factories import make_user, make_world, pdf


def change(w, section, items):
    return profile_services.profile_change(
        swv=w.swv, by=w.beheerder, section=section, items=items, reason="r"
    )


def docs(*extra):
    return ["opp|groeidocument", "zienswijze_ouders", "instemming_ouders", "interventies", *extra]


def upload(w, a, kind, by=None):
    return documents.document_upload(
        case=a.case, by=by or w.school_user, kind=kind, uploaded=pdf(f"{kind}.pdf")
    )


def standard_file(w, a):
    for kind in tlv_steps.REQUIRED:
        upload(w, a, kind)
    return a


# --- required documents per TLV kind -------------------------------------------------------------


def test_a_document_required_for_one_kind_refuses_the_submit_naming_the_rule(db):
    w = make_world(mode="bto", sector="vo")
    rule = {
        "document": "handelingsplan",
        "route": "tlv",
        "soorten": ["vso"],
        "aantal": 1,
        "toevoegen_door": [],
    }
    change(w, "verplichte_documenten", docs(rule))
    a = standard_file(w, tlv_steps.concept(w))
    with pytest.raises(ValidationFailed) as info:
        tlv.aanvraag_submit(aanvraag=a, by=w.school_user)
    assert info.value.code == "aanvraag-onvolledig"
    assert "Handelingsplan" in info.value.message
    assert "regel verplichte documenten van samenwerkingsverband" in info.value.message
    assert tlv_steps.fresh(a).status == "concept"
    upload(w, a, "handelingsplan")
    tlv.aanvraag_submit(aanvraag=tlv_steps.fresh(a), by=w.school_user)
    assert tlv_steps.fresh(a).status == "ingediend"


def test_a_document_for_another_kind_is_not_asked(db):
    w = make_world(mode="bto", sector="vo")
    rule = {
        "document": "handelingsplan",
        "route": "tlv",
        "soorten": ["pro"],
        "aantal": 1,
        "toevoegen_door": [],
    }
    change(w, "verplichte_documenten", docs(rule))
    a = standard_file(w, tlv_steps.concept(w))  # a VSO request
    tlv.aanvraag_submit(aanvraag=a, by=w.school_user)
    assert tlv_steps.fresh(a).status == "ingediend"


def test_who_may_add_a_document_is_the_swvs_rule(db):
    w = make_world()
    rule = {
        "document": "zienswijze_ouders",
        "route": "tlv",
        "soorten": [],
        "aantal": 1,
        "toevoegen_door": ["consulent"],
    }
    change(w, "verplichte_documenten", ["opp|groeidocument", rule])
    a = tlv_steps.concept(w)
    assert "zienswijze_ouders" not in policies.document_kinds_for(w.school_user, a.case)
    assert "opp" in policies.document_kinds_for(w.school_user, a.case)
    assert "zienswijze_ouders" in policies.document_kinds_for(w.consulent, a.case)
    with pytest.raises(NotPermitted):
        upload(w, a, "zienswijze_ouders")
    assert not a.case.documents.filter(kind="zienswijze_ouders").exists()
    upload(w, a, "zienswijze_ouders", by=w.consulent)


def test_the_upload_form_offers_only_the_kinds_the_role_may_add(db, client):
    w = make_world()
    rule = {
        "document": "interventies",
        "route": "tlv",
        "soorten": [],
        "aantal": 1,
        "toevoegen_door": ["consulent"],
    }
    change(w, "verplichte_documenten", ["opp|groeidocument", rule])
    a = tlv_steps.concept(w)
    client.force_login(w.school_user)
    html = client.get(reverse("case_detail", args=[a.case_id])).content.decode()
    assert 'value="opp"' in html
    assert 'value="interventies"' not in html


def test_a_rule_change_applies_to_new_cases_only(db):
    w = make_world()
    a = tlv_steps.concept(w)
    change(w, "verplichte_documenten", docs("handelingsplan"))
    standard_file(w, a)
    tlv.aanvraag_submit(aanvraag=a, by=w.school_user)  # started under the old rules
    b = tlv.aanvraag_create(
        by=w.school_b_user,
        leerling=w.leerling_b,
        school=w.school_b,
        gevraagde_soort="so",
        gevraagde_cluster=4,
        gevraagde_categorie="laag",
        onderbouwing="Onderbouwing",
    )
    for kind in tlv_steps.REQUIRED:
        upload(w, b, kind, by=w.school_b_user)
    with pytest.raises(ValidationFailed):
        tlv.aanvraag_submit(aanvraag=b, by=w.school_b_user)


# --- advices as documents the school adds -------------------------------------------------------


def test_advices_as_documents_skip_the_advice_tasks(db):
    w = make_world()
    change(w, "adviezen_als", "documenten")
    a = standard_file(w, tlv_steps.concept(w))
    with pytest.raises(ValidationFailed) as info:
        tlv.aanvraag_submit(aanvraag=a, by=w.school_user)
    assert "2× Deskundigenadvies" in info.value.message
    upload(w, a, "deskundigenadvies")
    upload(w, a, "deskundigenadvies")
    tlv.aanvraag_submit(aanvraag=tlv_steps.fresh(a), by=w.school_user)
    tlv.volledigheid_record(aanvraag=tlv_steps.fresh(a), by=w.consulent, volledig=True)
    a = tlv_steps.fresh(a)
    assert a.status == "cva_advies"  # the CvA checks the advices in the file
    nodes = set(WorkItem.objects.filter(case=a.case).values_list("node", flat=True))
    assert "deskundigenadvies_1" not in nodes and "cva_advies" in nodes


# --- decision body and mandate ------------------------------------------------------------------


def test_only_the_named_people_sign_under_mandate(db):
    w = make_world()
    other = make_user("andere-beslisser", role="beslisser", swv=w.swv)
    besluitvorming = profiles.data_of(w.swv)["besluitvorming"]
    besluitvorming["mandaat"] = {"rol": "beslisser", "personen": [w.beslisser.username]}
    change(w, "besluitvorming", besluitvorming)
    a = tlv_steps.besluit_open(w)
    with pytest.raises(ValidationFailed) as info:
        tlv.besluit_record(aanvraag=a, by=other, besluit="afwijzen", motivering="Nee")
    assert info.value.code == "geen-mandaat"
    assert "regel mandaat" in info.value.message
    assert tlv_steps.fresh(a).status == "cva_advies"
    tlv.besluit_record(aanvraag=tlv_steps.fresh(a), by=w.beslisser, besluit="afwijzen", motivering="Nee")
    assert tlv_steps.fresh(a).status == "afgewezen"


def test_the_mandate_may_lie_with_the_voorzitter(db):
    w = make_world()
    besluitvorming = profiles.data_of(w.swv)["besluitvorming"]
    besluitvorming["mandaat"] = {"rol": "cva_voorzitter", "personen": []}
    change(w, "besluitvorming", besluitvorming)
    a = tlv_steps.besluit_open(w)
    item = WorkItem.objects.get(case=a.case, node="besluit")
    assert item.role == "cva_voorzitter"
    assert not policies.can(w.beslisser, "tlv.decide", a)
    assert policies.can(w.voorzitter, "tlv.decide", a)


def test_a_bto_reviews_with_two_members_on_import(db):
    w = make_world(mode="bto", sector="vo")
    text = profiles.dump(w.swv).replace("beoordelaars: 2", "beoordelaars: 1")
    with pytest.raises(profiles.ProfileInvalid) as info:
        profile_services.profile_import(swv=w.swv, text=text, by=w.beheerder)
    (error,) = info.value.errors
    assert error.path == "besluitvorming.beoordelaars"
    assert text.splitlines()[error.line - 1].strip() == "beoordelaars: 1"


def test_an_unknown_person_under_mandate_is_refused_with_its_line(db):
    w = make_world()
    text = profiles.dump(w.swv).replace("personen: []", "personen: [niemand]")
    with pytest.raises(profiles.ProfileInvalid) as info:
        profile_services.profile_import(swv=w.swv, text=text, by=w.beheerder)
    assert [e.path for e in info.value.errors] == ["besluitvorming.mandaat.personen.0"]
    assert w.swv.profiel_versies.count() == 0


@pytest.mark.parametrize(
    "item, path",
    [
        ({"document": "opp", "route": "loket"}, "verplichte_documenten.0.route"),
        ({"document": "opp", "soorten": ["sbo"]}, "verplichte_documenten.0.soorten"),
        ({"document": "brief"}, "verplichte_documenten.0.document"),
        ({"document": "opp", "toevoegen_door": ["ouder"]}, "verplichte_documenten.0.toevoegen_door"),
    ],
)
def test_bad_document_rules_are_refused(db, item, path):
    w = make_world(mode="bto", sector="vo")
    with pytest.raises(profiles.ProfileInvalid) as info:
        change(w, "verplichte_documenten", [item])
    assert [e.path for e in info.value.errors] == [path]


# --- routes on or off ---------------------------------------------------------------------------


def test_a_route_switched_off_is_refused_and_not_offered(db, client):
    w = make_world()
    change(w, "routes", {"screening": True, "schakel": False})
    with pytest.raises(ValidationFailed) as info:
        schakel.signaal_create(
            by=w.consulent,
            leerling=w.leerling_a,
            soort="so_vo",
            bron="opp_evaluatie",
            huidige_school=w.special,
        )
    assert info.value.code == "route-uit"
    assert "regel routes van het samenwerkingsverband" in info.value.message
    assert not w.leerling_a.cases.exists()
    client.force_login(w.consulent)
    assert client.get(reverse("schakel_new")).status_code == 404
    menu = client.get(reverse("home")).content.decode()
    assert reverse("schakel_list") not in menu
    assert reverse("screening_list") in menu


def test_unknown_route_switch_is_refused(db):
    w = make_world()
    with pytest.raises(profiles.ProfileInvalid) as info:
        change(w, "routes", {"screening": True, "schakel": True, "bezoek": False})
    assert info.value.errors[0].path == "routes.bezoek.__key__"


# --- terms the SWV sets itself; admin edits of profile rows freeze a version ---------------------


def test_po2202_cva_assesses_within_two_working_days(db):
    from pathlib import Path

    from cases.models import Deadline

    w = make_world(code="PO 22-02")
    demo = Path(profiles.__file__).parent / "demo" / "profiles"
    text = (demo / "po_22_02.yaml").read_text(encoding="utf-8")
    profile_services.profile_import(swv=w.swv, text=text, by=w.beheerder)
    a = tlv_steps.cva_advies(w)
    term = Deadline.objects.get(case=a.case, kind="tlv_beoordeling")
    assert term.status != "closed"
    assert term.due_on > term.started_on  # 2 working days (Atw) after the advices came in
    tlv.cva_advies_record(
        aanvraag=a, by=w.cva, uitkomst="toekennen", **tlv_steps.kind(w), motivering="Motivering"
    )
    term.refresh_from_db()
    assert term.status == "closed"


def test_without_the_swvs_own_assessment_term_none_runs(db):
    from cases.models import Deadline

    w = make_world()
    a = tlv_steps.cva_advies(w)
    assert not Deadline.objects.filter(case=a.case, kind="tlv_beoordeling").exists()


def test_an_admin_edit_of_a_term_or_carrousel_target_freezes_a_new_version(db, rf):
    from django.contrib import admin

    from cases.admin import CarrouselDoelAdmin, TermPolicyAdmin
    from cases.models import CarrouselDoel, TermPolicy

    w = make_world()
    request = rf.post("/")
    request.user = w.beheerder
    policy = TermPolicy(swv=w.swv, kind="tlv_beoordeling", length=2, unit="working_days")
    TermPolicyAdmin(TermPolicy, admin.site).save_model(request, policy, form=None, change=False)
    v1 = profiles.latest_version(w.swv)
    assert v1.reden.startswith("beheer: ") and v1.reden.endswith(" toegevoegd")
    assert [t["soort"] for t in v1.data["termijnen"]] == ["tlv_beoordeling"]
    assert v1.by == w.beheerder
    doel = CarrouselDoel(swv=w.swv, soort="po_vso", richting="max", aantal=50)
    CarrouselDoelAdmin(CarrouselDoel, admin.site).save_model(request, doel, form=None, change=False)
    assert profiles.latest_version(w.swv).versie == v1.versie + 1


def test_the_overstap_switched_off_opens_no_handover_and_receives_none(db, client):
    """A PO SWV with the handover off opens none (page, menu, service); a VO SWV with it off receives none:
    the sending is refused with the rule named and the handover stays where it was."""
    from types import SimpleNamespace

    from cases.services import overstap
    from tests import overstap_steps

    t = overstap_steps.two_swvs()
    change(t.po, "routes", {"screening": True, "schakel": True, "overstap": False})
    with pytest.raises(ValidationFailed) as info:
        overstap_steps.geopend(SimpleNamespace(po=t.po, vo=t.vo))
    assert info.value.code == "route-uit" and not t.po.leerling_a.cases.filter(route="overstap").exists()
    client.force_login(t.po.school_user)
    assert client.get(reverse("overstap_new")).status_code == 404
    assert reverse("overstap_list") not in client.get(reverse("home")).content.decode()
    change(t.po, "routes", {"screening": True, "schakel": True, "overstap": True})
    o = overstap_steps.met_dossier(t)
    change(t.vo, "routes", {"screening": False, "schakel": True, "overstap": False})
    with pytest.raises(ValidationFailed) as info:
        overstap.verzenden_record(overstap=o, by=t.po.consulent)
    assert info.value.code == "route-uit" and t.vo.swv.code in info.value.message
    o = overstap_steps.fresh(o)
    assert o.status == "dossier" and o.ontvangst_case_id is None
    assert o.case.events.filter(kind="refused").exists()


@pytest.mark.parametrize("route", ["screening", "schakel"])
def test_a_document_required_on_screening_or_schakel_is_checked_at_its_deciding_step(db, route):
    """The screeningsteam advises, and the schakeloverleg meets, on a complete file: a missing document the
    SWV requires on that route refuses the step, naming the rule, and nothing changes."""
    from cases.services import schakel, screening
    from tests import schakel_steps, screening_steps

    w = make_world()
    change(w, "verplichte_documenten", [{"document": "handelingsplan", "route": route}])
    if route == "screening":
        record = screening_steps.aangemeld(w)

        def step():
            screening.advies_record(
                screening=screening_steps.fresh(record),
                by=w.screeningsteam,
                deelnemers="orthopedagoog",
                bevindingen="Leerbaar in een groep met structuur.",
                advies="volledig",
            )

        fresh, before = screening_steps.fresh, "aangemeld"
    else:
        record = schakel_steps.signaal(w, soort="po_vso", huidige_school=w.school_a)

        def step():
            schakel.overleg_record(
                traject=schakel_steps.fresh(record),
                by=w.consulent,
                datum=clock.today(),
                deelnemers="school\nSWV\nouders",
                ontvangende_school=w.school_b,
            )

        fresh, before = schakel_steps.fresh, "signaal"
    with pytest.raises(ValidationFailed) as info:
        step()
    assert info.value.code == "aanvraag-onvolledig"
    assert "regel verplichte documenten van samenwerkingsverband" in info.value.message
    assert fresh(record).status == before
    assert record.case.events.filter(kind="refused").exists()
    upload(w, record, "handelingsplan", by=w.so_user if route == "screening" else w.consulent)
    step()
    assert fresh(record).status != before


def test_a_kind_of_case_table_switched_off_is_not_planned_nor_offered(db, client):
    from cases.services import overleg
    from tests import overleg_steps

    w = make_world()
    change(w, "casustafels", {"doa_6plus": False})
    case_a, case_b = overleg_steps.cases(w)
    with pytest.raises(ValidationFailed) as info:
        overleg_steps.plan_doa(w, case_a, case_b)
    assert info.value.code == "casustafel-uit" and "regel casustafels" in info.value.message
    assert not overleg.Overleg.objects.filter(swv=w.swv).exists()
    client.force_login(w.consulent)
    html = client.get(reverse("overleg_plan")).content.decode()
    assert 'value="doa_6plus"' not in html and 'value="doa_6min"' in html
    overleg_steps.plan_doa(w, case_a, case_b, soort="doa_6min")  # another kind is still held


def test_unknown_case_table_kind_is_refused(db):
    w = make_world()
    with pytest.raises(profiles.ProfileInvalid) as info:
        change(w, "casustafels", {"intervisie": True})
    assert info.value.errors[0].path == "casustafels.intervisie.__key__"
