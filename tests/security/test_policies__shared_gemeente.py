"""Every branch of cases/policies.py is scoped by SWV: a PO and a VO SWV that share both gemeenten.

Nationally every gemeente lies in one PO and one VO SWV. The VO SWV gets a user in every role, among them a
leerplichtambtenaar of the shared gemeente, a screeningsteam and a privacy officer; the PO SWV has a case on
every route (a TLV with an escalation and deskundige tasks, a thuiszitter with a casusoverleg, a zorgplicht
aanmelding, a screening and a schakeltraject). No VO user reaches any PO case, pupil, task or log line through
any selector or decision of the policy, nor through the case pages; the VO leerplichtambtenaar does see the
thuiszitter of a VO pupil living in the shared gemeente (so the leerplicht branch itself works)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from audit.services import log_read
from cases import clock, policies
from cases.models import Case, Leerling, WorkItem
from cases.roles import Role
from cases.services import zorgplicht
from cases.services.escalations import term_breach
from tests import schakel_steps, screening_steps, thuiszitter_steps, tlv_steps
from tests.factories import make_user, make_world

ROUTES = ("tlv", "thuiszitter", "zorgplicht", "screening", "schakel")
ACTIONS = (
    "case.view",
    "document.view",
    "document.upload",
    "workitem.reassign",
    "tlv.submit",
    "tlv.supplement",
    "tlv.withdraw",
    "tlv.check",
    "tlv.advise",
    "tlv.decide",
    *sorted(policies.TLV_LIFECYCLE_ACTIONS),
    "thuiszitter.register",
    "thuiszitter.manage",
    "thuiszitter.plan",
    "thuiszitter.terugkeer",
    "thuiszitter.reopen",
    "leerplicht.act",
    "leerplicht.consult",
    "zorgplicht.decide",
    "screening.register",
    "screening.screen",
    "screening.place",
    "schakel.signal",
    "schakel.manage",
    "schakel.decide",
    "schakel.nazorg",
)


@pytest.fixture
def shared(db):
    po = make_world(sector="po")
    vo = make_world(sector="vo")
    for gemeente in (po.gemeente_a, po.gemeente_b):
        gemeente.swvs.add(vo.swv)
    # the PO SWV's cases, one per route
    tlv = tlv_steps.deskundigenadvies(po)
    term_breach(deadline=tlv.case.deadlines.get(kind="tlv_beslistermijn"), by=po.consulent)
    cases = [
        tlv.case,
        thuiszitter_steps.met_overleg(po).case,
        zorgplicht.aanmelding_create(
            by=po.school_b_user, leerling=po.leerling_b, school=po.school_b, aangemeld_op=clock.today()
        ).case,
        screening_steps.aangemeld(po).case,
        schakel_steps.met_overleg(po, soort="po_vso", huidige_school=po.school_a).case,
    ]
    assert {c.route for c in cases} == set(ROUTES)
    for case in cases:
        log_read(_request(po.consulent), case=case, what="dossier")
    # the VO SWV: every role, plus leerplicht of the shared gemeente, screeningsteam and privacy officer
    vo.leerplicht_shared = make_user(role=Role.LEERPLICHTAMBTENAAR, swv=vo.swv, gemeente=po.gemeente_a)
    vo.screeningsteam = make_user(role=Role.SCREENINGSTEAM, swv=vo.swv)
    vo.privacy = make_user(role=Role.PRIVACY_OFFICER, swv=vo.swv)
    vo.users = {
        **vo.roles,
        "leerplicht_shared_gemeente": vo.leerplicht_shared,
        "screeningsteam": vo.screeningsteam,
        "privacy_officer": vo.privacy,
    }
    # a VO pupil living in the shared gemeente, reported as a thuiszitter by its VO school
    vo.pupil_shared = Leerling.objects.create(
        swv=vo.swv,
        voornaam="Vera",
        achternaam="Gedeeld",
        geboortedatum=vo.leerling_a.geboortedatum,
        bsn="999990081",
        woongemeente=po.gemeente_a,
        stamschool=vo.school_a,
    )
    vo.thuiszitter = thuiszitter_steps.gemeld(vo, leerling=vo.pupil_shared).case
    return po, vo, cases


def _request(user):
    from django.test import RequestFactory

    request = RequestFactory().get("/casussen/")
    request.user = user
    return request


def _ids(qs) -> set[int]:
    return set(qs.values_list("pk", flat=True))


def test_no_selector_of_the_policy_reaches_the_other_swv(shared):
    po, vo, cases = shared
    case_ids = {c.pk for c in cases}
    pupils = {po.leerling_a.pk, po.leerling_b.pk}
    items = _ids(WorkItem.objects.filter(case_id__in=case_ids))
    assert items, "the PO cases have tasks"
    for name, user in vo.users.items():
        policies.forget_scope(user)
        assert not _ids(policies.visible_cases(user)) & case_ids, name
        assert not _ids(policies.visible_leerlingen(user)) & pupils, name
        for route in ROUTES:
            assert not _ids(policies.pickable_leerlingen(user, route=route)) & pupils, (name, route)
            for pupil in (po.leerling_a, po.leerling_b):
                found = policies.identify_leerling(
                    user, route=route, nummer=pupil.bsn, geboortedatum=pupil.geboortedatum
                )
                assert found is None, (name, route)
        assert not _ids(WorkItem.objects.filter(policies.werkvoorraad_filter(user))) & items, name
        assert not _ids(policies.visible_tlvs(user).filter(case_id__in=case_ids)), name
        assert not _ids(policies.dashboard_cases(user)) & case_ids, name
        assert not _ids(policies.audit_cases(user)) & case_ids, name
        assert not policies.visible_access_log(user).filter(case_id__in=case_ids).exists(), name
        assert not policies.membership_changes(user).filter(swv=po.swv).exists(), name
        assert not policies.leerling_create_schools(user).filter(swv=po.swv).exists(), name


def test_no_decision_of_the_policy_reaches_the_other_swv(shared):
    po, vo, cases = shared
    items = list(WorkItem.objects.filter(case__in=cases))
    for name, user in vo.users.items():
        for case in cases:
            allowed = [a for a in ACTIONS if policies.can(user, a, case)]
            assert allowed == [], (name, case.route, allowed)
        for item in items:
            assert not policies.can_see_workitem(user, item), (name, item.node)
            assert not policies.may_claim(user, item), (name, item.node)
        for pupil in (po.leerling_a, po.leerling_b):
            assert not policies.may_see_bsn(user, pupil), name
            assert not policies.may_manage_ouders(user, pupil), name
            assert not policies.may_report_thuiszitter(user, pupil), name
            assert not policies.may_view_pupil_access(user, pupil), name
            assert policies.person_number_for(user, pupil) != pupil.bsn, name


def test_the_case_pages_of_the_other_swv_are_not_found(client, shared):
    po, vo, cases = shared
    for name, user in vo.users.items():
        client.force_login(user)
        for case in cases:
            assert client.get(reverse("case_detail", args=[case.pk])).status_code == 404, (name, case.route)
        for pupil in (po.leerling_a, po.leerling_b):
            assert client.get(reverse("leerling_detail", args=[pupil.pk])).status_code == 404, name


def test_the_leerplicht_branch_works_within_its_own_swv(shared):
    po, vo, _cases = shared
    assert policies.visible_cases(vo.consulent).filter(pk=vo.thuiszitter.pk).exists()
    user = vo.leerplicht_shared
    assert policies.visible_cases(user).filter(pk=vo.thuiszitter.pk).exists()
    assert policies.can(user, "leerplicht.act", vo.thuiszitter)
    assert policies.pickable_leerlingen(user, route="thuiszitter").filter(pk=vo.pupil_shared.pk).exists()
    # and the PO leerplichtambtenaar of that same gemeente does not see the VO pupil's thuiszitter
    assert not policies.visible_cases(po.leerplicht).filter(pk=vo.thuiszitter.pk).exists()
    assert Case.objects.filter(leerling__woongemeente=po.gemeente_a, route="thuiszitter").count() == 2
