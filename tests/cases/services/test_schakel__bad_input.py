"""Refused schakel steps: nothing changes but the refusal on the timeline."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from cases.errors import DomainError
from cases.models import CaseEvent, Schakeltraject
from cases.services import schakel
from tests import schakel_steps as steps

AMS = ZoneInfo("Europe/Amsterdam")


@pytest.fixture(autouse=True)
def _march_2027():
    with time_machine.travel(dt.datetime(2027, 3, 1, 9, tzinfo=AMS), tick=False):
        yield


def _refused(t, code):
    last = CaseEvent.objects.filter(case=t.case, kind="refused").latest("pk")
    assert last.data == {"code": code}


def test_definitief_without_an_active_tlv_is_refused(world):
    t = steps.in_proef(world)  # SO → regulier PO, but leerling_a has no TLV
    before = Schakeltraject.objects.get(pk=t.pk).history.count()
    with pytest.raises(DomainError) as exc:
        schakel.besluit_record(traject=t, by=world.consulent, besluit="definitief", motivering="Klaar")
    assert exc.value.code == "geen-actieve-tlv"
    t = steps.fresh(t)
    assert t.status == "proefplaatsing" and t.history.count() == before
    _refused(t, "geen-actieve-tlv")


def test_definitief_without_tlv_is_fine_where_none_is_required(world):
    t = steps.in_proef(world, soort="vo_vso", huidige_school=world.school_a)
    schakel.besluit_record(traject=t, by=world.consulent, besluit="definitief", motivering="Past")
    assert steps.fresh(t).status == "nazorg"


def test_trial_extended_twice_is_refused(world):
    t = steps.in_proef(world, soort="po_vso", huidige_school=world.school_a)
    schakel.besluit_record(traject=t, by=world.consulent, besluit="verlengen", motivering="Meer tijd")
    with pytest.raises(DomainError) as exc:
        schakel.besluit_record(traject=t, by=world.consulent, besluit="verlengen", motivering="Nog meer")
    assert exc.value.code == "proef-al-verlengd"
    assert t.case.deadlines.get(kind="schakel_proefperiode").extensions.count() == 1
    _refused(t, "proef-al-verlengd")


def test_checkpoint_before_the_trial_ended_is_refused(world):
    t = steps.in_proef(world, soort="po_vso", huidige_school=world.school_a)
    with pytest.raises(DomainError) as exc:
        schakel.checkpoint_record(traject=t, by=world.consulent, maanden=3, oordeel="goed", toelichting="x")
    assert exc.value.code == "nazorg-voor-besluit"
    assert not t.checkpoints.exists()
    _refused(t, "nazorg-voor-besluit")


def test_only_the_consulent_decides(world):
    t = steps.in_proef(world, soort="po_vso", huidige_school=world.school_a)
    with pytest.raises(DomainError) as exc:
        schakel.besluit_record(traject=t, by=world.school_b_user, besluit="terug", motivering="x")
    assert exc.value.code == "not-permitted"


def test_another_school_cannot_signal(world, other_world):
    with pytest.raises(DomainError):
        steps.signaal(world, by=other_world.school_user, soort="po_vso", huidige_school=world.school_a)
