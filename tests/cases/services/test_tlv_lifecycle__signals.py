"""Verlenging signals before the einddatum and the expiry escalation, fired by the sweep on the right day."""

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine

from cases.models import Tlv, WorkItem
from cases.services import tlv, tlv_lifecycle
from cases.services.deadlines import sweep_deadlines

AMS = ZoneInfo("Europe/Amsterdam")


def at(day, hour=8):
    return time_machine.travel(dt.datetime.combine(day, dt.time(hour, 0), tzinfo=AMS), tick=False)


def _sweep(day, hour=8):
    with at(day, hour):
        sweep_deadlines()
        sweep_deadlines()  # a doubled run changes nothing


def _items(case, **kw):
    return WorkItem.objects.filter(case=case, **kw)


def test_reminder_fires_three_months_before_the_einddatum(world, steps):
    a = steps.bekendgemaakt(world)  # einddatum 31 Jul 2028 → signal on 30 Apr 2028 (31 Apr clamps)
    _sweep(dt.date(2028, 4, 29), hour=23)
    assert not _items(a.case, node="tlv_verlenging_review").exists()
    _sweep(dt.date(2028, 4, 30))
    items = _items(a.case, node="tlv_verlenging_review", status="open")
    assert sorted((i.role, i.school_id) for i in items) == [
        ("consulent", None),
        ("school", world.school_a.pk),
    ]
    assert all(i.due_at.date() == dt.date(2028, 7, 31) for i in items)
    assert "31-07-2028" in items[0].title


def test_expiry_without_follow_up_escalates_to_the_consulent_the_day_after(world, steps):
    a = steps.bekendgemaakt(world)
    _sweep(dt.date(2028, 4, 30))
    _sweep(dt.date(2028, 7, 31), hour=23)
    assert not _items(a.case, kind="escalation").exists()
    _sweep(dt.date(2028, 8, 1), hour=1)
    esc = _items(a.case, kind="escalation").get()
    assert (esc.role, esc.node, esc.title) == ("consulent", "escalatie_tlv_verlopen", esc.title)
    assert "verlopen" in esc.title
    with at(dt.date(2028, 8, 1)):
        assert Tlv.objects.get(aanvraag=a).register_status(dt.date(2028, 8, 1)) == "verlopen"
        # the consulent finds out and records the vervolg: the expired signal term is done
        item = _items(a.case, node="tlv_verlenging_review", role="consulent").get()
        tlv_lifecycle.review_complete(
            item=item, by=world.consulent, keuze="vervolg", toelichting="Naar VSO elders"
        )
    assert a.case.deadlines.get(kind="tlv_verlenging_signaal").status == "closed"


def test_recorded_follow_up_prevents_the_expiry_escalation(world, steps):
    a = steps.bekendgemaakt(world)
    _sweep(dt.date(2028, 4, 30))
    item = _items(a.case, node="tlv_verlenging_review", role="school").get()
    with at(dt.date(2028, 5, 2)):
        tlv_lifecycle.review_complete(
            item=item, by=world.school_user, keuze="vervolg", toelichting="Terug naar de stamschool."
        )
    assert not _items(a.case, node="tlv_verlenging_review", status="open").exists()
    _sweep(dt.date(2028, 8, 1), hour=1)
    assert not _items(a.case, kind="escalation").exists()
    assert Tlv.objects.get(aanvraag=a).opvolging == "Terug naar de stamschool."


def test_vso_gets_a_vso_vo_review_five_months_before(bto_world, steps):
    w = bto_world
    a = steps.besluit_open(w)
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
    steps.bekendgemaakt(w, steps.fresh(a))
    _sweep(dt.date(2028, 2, 28), hour=23)
    assert not _items(a.case, node="tlv_vso_vo_review").exists()
    _sweep(dt.date(2028, 2, 29))  # 31 Jul - 5 months = 29 Feb 2028 (leap year, clamped)
    assert _items(a.case, node="tlv_vso_vo_review", status="open").count() == 2
    assert not _items(a.case, node="tlv_verlenging_review").exists()
    _sweep(dt.date(2028, 4, 30))
    assert _items(a.case, node="tlv_verlenging_review", status="open").count() == 2


def test_signal_on_a_custom_policy(world, steps):
    from cases.models import TermPolicy

    TermPolicy.objects.create(swv=world.swv, kind="tlv_verlenging_signaal", length=6, unit="weeks", atw=False)
    a = steps.bekendgemaakt(world)
    d = a.case.deadlines.get(kind="tlv_verlenging_signaal")
    assert d.warn_on == dt.date(2028, 6, 19) and d.due_on == dt.date(2028, 7, 31)
