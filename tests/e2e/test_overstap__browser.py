"""A PO→VO handover between two SWVs in a real browser: the PO school opens it and records the ouders'
consent and the transfer file, the PO SWV sends it, the VO SWV receives it and records the warm handover,
the VO school confirms the placement. A second pupil without a placement on 1 October escalates to the VO
SWV's consulent and the leerplicht of the woongemeente (the clock moved, the sweep run)."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest

from cases.models import Overstap, WorkItem
from cases.roles import Role
from cases.services.deadlines import sweep_deadlines
from tests import overstap_steps as steps
from tests.e2e.steps import claim_and_open, login, to_werkvoorraad
from tests.factories import make_user

pytestmark = pytest.mark.django_db(transaction=True)
AMS = ZoneInfo("Europe/Amsterdam")


def _task(page, live_server, item, fill=None):
    page.goto(f"{live_server.url}/taken/{item.pk}/")
    if fill:
        fill()
    page.get_by_role("button", name="Vastleggen en afronden").click()
    page.wait_for_selector("text=/Taak afgerond|opgepakt en afgerond/")


def test_handover_from_po_school_to_vo_placement_and_a_late_one_escalates(
    page, live_server, shot, time_machine
):
    time_machine.move_to(dt.datetime(2027, 3, 1, 9, tzinfo=AMS), tick=False)
    t = steps.two_swvs()
    po, vo = t.po, t.vo

    # PO school: Overstap PO-VO → open a handover for Anna in groep 8
    login(page, live_server, po.school_user)
    page.get_by_role("link", name="Overstap PO-VO").first.click()
    page.get_by_role("link", name="Overstap openen").click()
    page.fill("#id_leerling", po.leerling_a.achternaam)
    page.get_by_role("option", name=re.compile(str(po.leerling_a))).click()
    page.fill("#id_school", po.school_a.name)
    page.get_by_role("option", name=re.compile(re.escape(po.school_a.name))).click()
    page.select_option("#id_groep", "8")
    page.get_by_role("button", name="Openen").click()
    page.wait_for_selector("text=Overstap geopend")
    o = Overstap.objects.get(case__leerling=po.leerling_a)

    # the ouders' consent (given in a conversation), then the transfer file for the VO school
    ouder = po.leerling_a.ouders.get()
    _task(
        page,
        live_server,
        steps.item(o.case, "toestemming"),
        lambda: (
            page.select_option("#id_ouder", str(ouder.pk)),
            page.fill("#id_gegeven_op", "2027-03-01"),
            page.fill("#id_overleg", "Oudergesprek schooladvies"),
        ),
    )
    _task(
        page,
        live_server,
        steps.item(o.case, "dossier"),
        lambda: (
            page.select_option("#id_vo_school", str(vo.school_a.pk)),
            page.fill("#id_ondersteuningsbehoeften", "Structuur en voorspelbaarheid"),
            page.fill("#id_wat_werkte", "Een dagplanning op tafel"),
            page.fill("#id_stem_leerling", "Ik wil een vaste mentor"),
            page.fill("#id_advies_vo", "Mentor met wekelijks contact"),
        ),
    )
    shot(page, "overstap-po-dossier")

    # PO SWV: the consulent sends it from the werkvoorraad
    login(page, live_server, po.consulent)
    to_werkvoorraad(page)
    claim_and_open(page, "Overdrachtsdossier controleren en verzenden")
    page.get_by_role("button", name="Vastleggen en afronden").click()
    page.wait_for_selector("text=Taak afgerond")
    o = steps.fresh(o)
    assert o.status == "verzonden"

    # VO SWV: receipt and the warm handover, from its own werkvoorraad
    login(page, live_server, vo.consulent)
    to_werkvoorraad(page)
    assert o.ontvangst_case.reference in page.content()
    assert o.case.reference not in page.content()
    claim_and_open(page, "Overdracht ontvangen")
    page.get_by_role("button", name="Vastleggen en afronden").click()
    page.wait_for_selector("text=Taak afgerond")
    page.goto(f"{live_server.url}/")
    to_werkvoorraad(page)
    claim_and_open(page, "Warme overdracht voeren")
    page.fill("#id_datum", "2027-03-01")
    page.fill("#id_deelnemers", "PO-SWV\nVO-SWV\nPO-school\nVO-school\nouders")
    page.fill("#id_afspraken", "Kennismaking in juni")
    page.get_by_role("button", name="Vastleggen en afronden").click()
    page.wait_for_selector("text=Taak afgerond")
    page.goto(f"{live_server.url}/overstappen/{o.ontvangst_case_id}/")
    page.wait_for_selector("text=Structuur en voorspelbaarheid")
    shot(page, "overstap-vo-ontvangen")

    # VO school: confirms the placement
    login(page, live_server, vo.school_user)
    _task(
        page,
        live_server,
        steps.item(o.ontvangst_case, "plaatsing"),
        lambda: page.fill("#id_geplaatst_op", "2027-08-30"),
    )
    assert steps.fresh(o).status == "geplaatst"
    # the PO school sees the outcome on its own case page
    login(page, live_server, po.school_user)
    page.goto(f"{live_server.url}/overstappen/{o.case_id}/")
    page.wait_for_selector("text=30 augustus 2027")

    # a second pupil, handed over but never placed: on 2 October the sweep escalates
    late = steps.overgedragen(t, leerling=po.leerling_b)
    time_machine.move_to(dt.datetime(2027, 10, 2, 9, tzinfo=AMS), tick=False)
    sweep_deadlines()
    escalations = WorkItem.objects.filter(case=late.ontvangst_case, kind=WorkItem.Kind.ESCALATION)
    assert {e.role for e in escalations} == {Role.CONSULENT, Role.LEERPLICHTAMBTENAAR}
    # the leerplicht of the late pupil's own woongemeente, in the VO SWV
    woongemeente = late.ontvangst_case.leerling.woongemeente
    leerplicht = make_user(role=Role.LEERPLICHTAMBTENAAR, swv=vo.swv, gemeente=woongemeente)
    login(page, live_server, leerplicht)
    to_werkvoorraad(page)
    assert late.ontvangst_case.reference in page.content()
    shot(page, "overstap-escalatie-leerplicht")
    login(page, live_server, vo.consulent)
    to_werkvoorraad(page)
    assert "Termijn overschreden" in page.content()
