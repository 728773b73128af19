"""The schakel route through its services: trial, besluit (the TLV ends), nazorg timers, the TLV link."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from cases.models import CaseEvent, Schakeltraject, Tlv, WorkItem
from cases.services import schakel, tlv
from cases.services.deadlines import sweep_deadlines
from tests import schakel_steps as steps
from tests import tlv_steps

AMS = ZoneInfo("Europe/Amsterdam")


def at(day, hour=9):
    return dt.datetime.combine(day, dt.time(hour), tzinfo=AMS)


@pytest.fixture
def travel():
    with time_machine.travel(at(dt.date(2026, 12, 1)), tick=False) as traveller:
        yield lambda day, hour=9: traveller.move_to(at(day, hour))


def test_definitief_ends_the_tlv_and_nazorg_runs_on_the_clock(world, travel):
    w = world
    t_lv = steps.active_tlv(w)  # in force from 4 Jan 2027
    travel(dt.date(2027, 3, 1))
    t = steps.in_proef(w)
    assert t.status == "proefplaatsing" and t.tlv_id == t_lv.pk
    proef = t.case.deadlines.get(kind="schakel_proefperiode")
    assert proef.due_on == dt.date(2027, 4, 25)  # 8 weeks, day 1 = 1 Mar
    besluit = steps.item(t, "besluit")
    assert besluit.due_at.date() == dt.date(2027, 4, 25)
    travel(dt.date(2027, 4, 20))
    schakel.besluit_record(traject=t, by=w.consulent, besluit="definitief", motivering="Gaat goed")
    t = steps.fresh(t)
    assert (t.status, t.uitkomst, t.besluit_op) == ("nazorg", "definitief", dt.date(2027, 4, 20))
    t_lv = Tlv.objects.get(pk=t_lv.pk)
    assert (t_lv.status, t_lv.beeindigd_op) == ("beeindigd", dt.date(2027, 4, 20))
    assert t.case.leerling.huidige_plaatsing == w.school_b
    assert proef.__class__.objects.get(pk=proef.pk).status == "closed"
    # checkpoints: a task for the receiving school on the day, not before
    travel(dt.date(2027, 7, 19), 23)
    sweep_deadlines()
    assert not WorkItem.objects.filter(case=t.case, node="nazorg_3").exists()
    travel(dt.date(2027, 7, 20), 8)
    sweep_deadlines()
    sweep_deadlines()
    item = WorkItem.objects.get(case=t.case, node="nazorg_3")
    assert (item.role, item.school_id, item.status) == ("school", w.school_b.pk, "open")
    schakel.checkpoint_record(traject=t, by=w.school_b_user, maanden=3, oordeel="goed", toelichting="Prima")
    assert WorkItem.objects.get(pk=item.pk).status == "done"
    travel(dt.date(2028, 4, 20), 8)
    sweep_deadlines()
    item = WorkItem.objects.get(case=t.case, node="nazorg_12", status="open")
    schakel.checkpoint_record(
        traject=t, by=w.school_b_user, maanden=12, oordeel="goed", toelichting="Draait mee"
    )
    t = steps.fresh(t)
    assert t.status == "afgesloten" and t.case.closed_at is not None
    assert list(t.checkpoints.values_list("maanden", flat=True)) == [3, 12]


def test_trial_extended_once_moves_the_due_date(world, travel):
    w = world
    travel(dt.date(2027, 3, 1))
    t = steps.in_proef(w, soort="po_vso", huidige_school=w.school_a)
    schakel.besluit_record(traject=t, by=w.consulent, besluit="verlengen", motivering="Meer tijd")
    t = steps.fresh(t)
    assert t.proef_verlengd and t.status == "proefplaatsing"
    assert steps.item(t, "besluit").due_at.date() == dt.date(2027, 6, 20)
    schakel.besluit_record(traject=t, by=w.consulent, besluit="terug", motivering="Toch terug")
    t = steps.fresh(t)
    assert (t.status, t.uitkomst) == ("afgesloten", "terug")
    assert not t.case.deadlines.filter(kind__startswith="schakel_nazorg").exists()


def test_trial_breach_escalates_to_the_consulent(world, travel):
    travel(dt.date(2027, 3, 1))
    t = steps.in_proef(world, soort="po_vso", huidige_school=world.school_a)
    travel(dt.date(2027, 4, 26), 1)
    sweep_deadlines()
    esc = WorkItem.objects.get(case=t.case, kind="escalation")
    assert (esc.role, esc.node) == ("consulent", "escalatie_schakel_proefperiode")


def test_vso_vo_review_opens_a_schakel_signal(bto_world):
    w = bto_world
    with time_machine.travel(at(dt.date(2026, 12, 1)), tick=False):
        a = tlv_steps.besluit_open(w)
        tlv.besluit_record(
            aanvraag=a,
            by=w.beslisser,
            besluit="toekennen",
            soort="vso",
            categorie="laag",
            ingangsdatum=dt.date(2027, 1, 4),
            einddatum=dt.date(2028, 7, 31),
            school=w.special,
            motivering="VSO",
        )
        tlv_steps.bekendgemaakt(w, tlv_steps.fresh(a))
    for _ in range(2):  # doubled sweep: one signal
        with time_machine.travel(at(dt.date(2028, 2, 29), 8), tick=False):
            sweep_deadlines()
    t = Schakeltraject.objects.get(case__leerling=a.case.leerling)
    assert (t.soort, t.bron, t.status, t.huidige_school) == ("vso_vo", "tlv_review", "signaal", w.special)
    assert t.tlv == Tlv.objects.get(aanvraag=a)
    assert WorkItem.objects.filter(
        case=t.case, node="schakeloverleg", status="open", role="consulent"
    ).exists()
    assert CaseEvent.objects.filter(case=t.case, action="create").count() == 1
