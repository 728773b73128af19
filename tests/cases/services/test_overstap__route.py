"""The overstap route end to end through its services: PO school, PO SWV, VO SWV, VO school."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from cases.models import Consent, ConsentPurpose, Deadline, Leerling, WorkItem
from cases.roles import Role
from cases.services import consent as consent_services
from cases.services import overstap
from cases.services.deadlines import sweep_deadlines
from tests import overstap_steps as steps

AMS = ZoneInfo("Europe/Amsterdam")


@pytest.fixture(autouse=True)
def _march_2027():
    with time_machine.travel(dt.datetime(2027, 3, 1, 9, tzinfo=AMS), tick=False) as traveller:
        yield traveller


@pytest.fixture
def t(db):
    return steps.two_swvs()


def test_a_handover_runs_from_the_po_school_to_the_vo_school(t):
    o = steps.geopend(t)
    assert o.status == "concept" and o.schooljaar_vo == 2027  # groep 8 in 2026-2027: VO from 2027-2028
    assert steps.item(o.case, "toestemming").school_id == t.po.school_a.pk

    o = steps.dossier(t, steps.toestemming(t, o))
    assert o.status == "dossier" and o.vo_swv_id == t.vo.swv.pk and o.soort == "po_vo"
    assert steps.item(o.case, "verzenden").role == Role.CONSULENT

    overstap.verzenden_record(overstap=o, by=t.po.consulent)
    o = steps.fresh(o)
    assert o.status == "verzonden"
    ontvangst = o.ontvangst_case
    assert ontvangst.swv_id == t.vo.swv.pk and ontvangst.school_id == t.vo.school_a.pk
    assert ontvangst.reference.startswith(f"OV-{t.vo.swv.code.replace(' ', '')}-2027-")
    # the pupil's record in the VO SWV carries the identifying facts only
    assert o.vo_leerling.swv_id == t.vo.swv.pk and o.vo_leerling.bsn == t.po.leerling_a.bsn
    receipt = steps.item(ontvangst, "ontvangst")
    assert receipt.swv_id == t.vo.swv.pk and receipt.role == Role.CONSULENT
    assert receipt.due_at.date() == dt.date(2027, 3, 15)  # 2 weeks
    plaatsing = Deadline.objects.get(case=ontvangst, kind="overstap_plaatsing")
    assert plaatsing.due_on == dt.date(2027, 10, 1)

    overstap.ontvangst_record(overstap=o, by=t.vo.consulent)
    assert Deadline.objects.get(case=ontvangst, kind="overstap_ontvangst").status == "closed"
    o = steps.fresh(o)
    overstap.overdracht_record(
        overstap=o, by=t.vo.consulent, datum=dt.date(2027, 3, 1), deelnemers="PO-SWV\nVO-SWV\nouders"
    )
    o = steps.fresh(o)
    assert steps.item(ontvangst, "plaatsing").school_id == t.vo.school_a.pk
    overstap.plaatsing_record(overstap=o, by=t.vo.school_user, geplaatst_op=dt.date(2027, 8, 30))
    o = steps.fresh(o)
    assert o.status == "geplaatst" and plaatsing.__class__.objects.get(pk=plaatsing.pk).status == "closed"
    assert Leerling.objects.get(pk=o.vo_leerling_id).stamschool_id == t.vo.school_a.pk
    controle = steps.item(ontvangst, "controle")
    assert controle.due_at.date() == dt.date(2027, 10, 1)
    overstap.controle_record(overstap=o, by=t.vo.consulent)
    o = steps.fresh(o)
    assert o.status == "afgesloten" and o.afsluiting == "gecontroleerd"
    assert o.case.closed_at is not None and o.ontvangst_case.closed_at is not None
    # the sending side sees receipt and outcome on its own timeline
    actions = list(o.case.events.values_list("action", flat=True))
    assert {"ontvangen", "warme_overdracht", "plaatsing", "afgesloten"} <= {
        e.split(":")[0] for e in actions
    } or o.case.events.filter(to_state="geplaatst").exists()


def test_no_placement_by_1_october_escalates_to_the_vo_consulent_and_leerplicht(t, _march_2027):
    o = steps.overgedragen(t)
    _march_2027.move_to(dt.datetime(2027, 10, 2, 9, tzinfo=AMS))
    sweep_deadlines()
    escalations = WorkItem.objects.filter(case=o.ontvangst_case, kind=WorkItem.Kind.ESCALATION)
    by_role = {e.role: e for e in escalations}
    assert set(by_role) == {Role.CONSULENT, Role.LEERPLICHTAMBTENAAR}
    assert by_role[Role.LEERPLICHTAMBTENAAR].gemeente_id == t.po.gemeente_a.pk
    assert all(e.swv_id == t.vo.swv.pk for e in escalations)
    sweep_deadlines()
    assert WorkItem.objects.filter(case=o.ontvangst_case, kind=WorkItem.Kind.ESCALATION).count() == 2


def test_consent_withdrawn_before_sending_stops_the_handover(t):
    o = steps.met_dossier(t)
    consent = Consent.objects.get(leerling=o.case.leerling, purpose=ConsentPurpose.OVERDRACHT)
    consent_services.consent_withdraw(consent_id=consent.pk, by=t.po.school_user, reason="bedenktijd")
    o = steps.fresh(o)
    assert o.status == "afgesloten" and o.afsluiting == "toestemming_ingetrokken"
    assert o.ontvangst_case is None and o.case.closed_at is not None
    assert not WorkItem.objects.filter(case=o.case, status="open").exists()


def test_consent_withdrawn_after_sending_stops_further_access(t):
    o = steps.ontvangen(t)
    consent = Consent.objects.get(leerling=o.case.leerling, purpose=ConsentPurpose.OVERDRACHT)
    consent_services.consent_withdraw(consent_id=consent.pk, by=t.po.school_user)
    o = steps.fresh(o)
    assert o.toegang_ingetrokken_op == dt.date(2027, 3, 1) and not o.handed_over_readable
    assert o.status == "ontvangen"  # the pupil still moves; the VO side no longer reads the file
