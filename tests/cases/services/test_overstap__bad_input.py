"""Refused overstap steps: a clear Dutch message, nothing half-done, the refusal on the timeline."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from cases.errors import DomainError
from cases.models import Bestuur, CaseEvent, Overstap, School, Swv
from cases.services import overstap
from tests import overstap_steps as steps

AMS = ZoneInfo("Europe/Amsterdam")


@pytest.fixture(autouse=True)
def _march_2027():
    with time_machine.travel(dt.datetime(2027, 3, 1, 9, tzinfo=AMS), tick=False):
        yield


@pytest.fixture
def t(db):
    return steps.two_swvs()


def _refused(o, code):
    last = CaseEvent.objects.filter(case=o.case, kind="refused").latest("pk")
    assert last.data == {"code": code}


def _dossier(t, o, vo_school):
    overstap.dossier_record(
        overstap=o, by=t.po.school_user, vo_school=vo_school, ondersteuningsbehoeften="S", advies_vo="A"
    )


def test_without_consent_the_handover_does_not_start(t):
    o = steps.geopend(t)
    with pytest.raises(DomainError) as exc:
        overstap.toestemming_record(overstap=o, by=t.po.school_user)
    assert exc.value.code == "geen-toestemming"
    assert "Er is geen geldige toestemming voor 'Overdracht van PO naar VO'" in str(exc.value.message)
    assert steps.fresh(o).status == "concept" and steps.fresh(o).history.count() == o.history.count()
    _refused(o, "geen-toestemming")


@pytest.mark.parametrize("which", ["po_school", "po_special"])
def test_a_school_that_is_not_vo_is_refused(t, which):
    o = steps.met_toestemming(t)
    school = t.po.school_b if which == "po_school" else t.po.special
    with pytest.raises(DomainError) as exc:
        _dossier(t, o, school)
    assert exc.value.code == "geen-vo-school"
    assert f"{school.name} is geen school voor voortgezet onderwijs" in str(exc.value.message)
    o = steps.fresh(o)
    assert o.vo_school_id is None and o.vo_swv_id is None and o.status == "dossier"
    _refused(o, "geen-vo-school")


def test_an_swv_only_in_the_register_is_unknown(t):
    o = steps.met_toestemming(t)
    elders = Swv.objects.create(name="Samenwerkingsverband VO 99-01", code="VO 99-01", sector="vo")
    school = School.objects.create(
        name="Elders College",
        brin="99QQ",
        soort="regulier",
        bestuur=Bestuur.objects.create(name="Onbekend", swv=elders),
        swv=elders,
    )
    with pytest.raises(DomainError) as exc:
        _dossier(t, o, school)
    assert exc.value.code == "swv-onbekend"
    assert "VO 99-01 is onbekend op dit platform" in str(exc.value.message)
    assert steps.fresh(o).vo_swv_id is None
    _refused(o, "swv-onbekend")


def test_consent_gone_before_sending_refuses_the_send(t):
    o = steps.met_dossier(t)
    consent = o.toestemming
    consent.geldig_tot = dt.date(2027, 2, 28)  # ran out (not withdrawn, so the handover did not stop)
    consent.save()
    with pytest.raises(DomainError) as exc:
        overstap.verzenden_record(overstap=o, by=t.po.consulent)
    assert exc.value.code == "geen-toestemming"
    o = steps.fresh(o)
    assert o.status == "dossier" and o.ontvangst_case is None and o.verzonden_op is None
    _refused(o, "geen-toestemming")


def test_a_pupil_not_in_groep_7_or_8_and_a_second_open_handover_are_refused(t):
    with pytest.raises(DomainError) as exc:
        steps.geopend(t, groep=6)
    assert exc.value.code == "groep"
    steps.geopend(t)
    with pytest.raises(DomainError) as exc:
        steps.geopend(t)
    assert exc.value.code == "overstap-bestaat"
    assert Overstap.objects.count() == 1


def test_the_vo_school_may_not_receive_and_the_po_school_may_not_send(t):
    o = steps.met_dossier(t)
    with pytest.raises(DomainError):
        overstap.verzenden_record(overstap=o, by=t.po.school_user)
    o = steps.verzonden(t, leerling=t.po.leerling_b)
    with pytest.raises(DomainError):
        overstap.ontvangst_record(overstap=o, by=t.vo.school_user)
    with pytest.raises(DomainError):
        overstap.ontvangst_record(overstap=o, by=t.po.consulent)
    assert steps.fresh(o).status == "verzonden"
