"""Verlenging (a new linked aanvraag), early end (terugplaatsing) and intrekking of a TLV."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from cases.errors import Conflict, NotPermitted, ValidationFailed
from cases.models import Bekendmaking, CaseEvent, Tlv, TlvAanvraag, WorkItem
from cases.services import tlv_lifecycle
from cases.services.deadlines import sweep_deadlines

AMS = ZoneInfo("Europe/Amsterdam")


def test_verlenging_links_prefills_and_copies_valid_documents(world, steps):
    a = steps.bekendgemaakt(world)
    old = Tlv.objects.get(aanvraag=a)
    new = tlv_lifecycle.verlenging_aanvragen(tlv=old, by=world.school_user)
    old = Tlv.objects.get(pk=old.pk)
    assert old.verlenging_aanvraag == new
    assert new.verlengt_tlv == old
    assert new.case.leerling == a.case.leerling and new.case.school == a.case.school
    assert (new.status, new.gevraagde_soort, new.gevraagde_cluster, new.gevraagde_categorie) == (
        "concept",
        "so",
        4,
        "laag",
    )
    # OPP and interventies are still valid; the ouders' zienswijze and instemming are asked anew
    assert sorted(new.case.documents.values_list("kind", flat=True)) == ["interventies", "opp"]
    assert new.process is not None  # the same route runs
    assert WorkItem.objects.filter(case=new.case, node="indienen", status="open").exists()
    with pytest.raises(Conflict) as exc:
        tlv_lifecycle.verlenging_aanvragen(tlv=old, by=world.school_user)
    assert exc.value.code == "verlenging-bestaat"


def test_verlenging_of_a_tlv_that_is_not_active_is_refused(world, steps):
    a = steps.bekendgemaakt(world)
    t = Tlv.objects.get(aanvraag=a)
    with time_machine.travel(dt.datetime(2028, 8, 2, 9, tzinfo=AMS), tick=False):  # verlopen
        with pytest.raises(Conflict) as exc:
            tlv_lifecycle.verlenging_aanvragen(tlv=t, by=world.school_user)
        assert exc.value.code == "tlv-niet-actief"
        assert "verlopen" in str(exc.value.message)
    tlv_lifecycle.tlv_beeindigen(tlv=t, by=world.consulent, per=dt.date(2027, 6, 30), reden="Terugplaatsing")
    with pytest.raises(Conflict) as exc:
        tlv_lifecycle.verlenging_aanvragen(tlv=t, by=world.school_user)
    assert exc.value.code == "tlv-niet-actief"
    assert TlvAanvraag.objects.filter(case__leerling=a.case.leerling).count() == 1
    assert (
        CaseEvent.objects.filter(case=a.case, kind="refused", data={"code": "tlv-niet-actief"}).count() == 2
    )


def test_only_the_school_asks_for_a_verlenging(world, steps):
    t = Tlv.objects.get(aanvraag=steps.bekendgemaakt(world))
    with pytest.raises(NotPermitted):
        tlv_lifecycle.verlenging_aanvragen(tlv=t, by=world.consulent)


def test_early_end_stops_the_signals(world, steps):
    a = steps.bekendgemaakt(world)
    t = Tlv.objects.get(aanvraag=a)
    with pytest.raises(ValidationFailed):
        tlv_lifecycle.tlv_beeindigen(tlv=t, by=world.consulent, per=dt.date(2027, 6, 30), reden=" ")
    with pytest.raises(NotPermitted):
        tlv_lifecycle.tlv_beeindigen(tlv=t, by=world.school_user, per=dt.date(2027, 6, 30), reden="x")
    tlv_lifecycle.tlv_beeindigen(
        tlv=t, by=world.consulent, per=dt.date(2027, 6, 30), reden="Terugplaatsing VO"
    )
    t = Tlv.objects.get(pk=t.pk)
    assert (t.status, t.beeindigd_op) == ("beeindigd", dt.date(2027, 6, 30))
    assert t.history.first().history_change_reason == "Terugplaatsing VO"
    assert not a.case.deadlines.filter(kind="tlv_verlenging_signaal").exclude(status="closed").exists()
    with time_machine.travel(dt.datetime(2028, 8, 1, 9, tzinfo=AMS), tick=False):
        sweep_deadlines()
    assert not WorkItem.objects.filter(case=a.case, kind="escalation").exists()


def test_intrekking_needs_a_motivation_and_sends_its_own_letter(world, steps):
    a = steps.bekendgemaakt(world)
    t = Tlv.objects.get(aanvraag=a)
    with pytest.raises(ValidationFailed) as exc:
        tlv_lifecycle.tlv_intrekken(tlv=t, by=world.beslisser, motivering="")
    assert exc.value.code == "intrekking-motivering"
    with pytest.raises(NotPermitted):
        tlv_lifecycle.tlv_intrekken(tlv=t, by=world.consulent, motivering="x")
    tlv_lifecycle.tlv_intrekken(tlv=t, by=world.beslisser, motivering="Onjuiste gegevens verstrekt")
    assert Tlv.objects.get(pk=t.pk).status == "ingetrokken"
    bk = Bekendmaking.objects.get(aanvraag=a, soort="intrekking")
    assert bk.bezwaartermijn_tot is not None and bk.ontvangers.count() == 3
