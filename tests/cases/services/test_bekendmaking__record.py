"""Bekendmaking: recipients and date recorded, the bezwaartermijn starts, the TLV comes into force."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from cases.errors import Conflict, NotPermitted, TransitionNotAllowed
from cases.models import Bekendmaking, CaseEvent, Tlv
from cases.services import bekendmaking
from tests.asserts import Snapshot, assert_refused_without_effect

AMS = ZoneInfo("Europe/Amsterdam")


def test_bekendmaking_records_recipients_and_starts_the_bezwaartermijn(world, steps):
    a = steps.toegekend(world)
    with time_machine.travel(dt.datetime(2026, 11, 13, 10, 0, tzinfo=AMS), tick=False):
        bk = bekendmaking.bekendmaking_record(aanvraag=a, by=world.consulent)
    assert bk.bekendgemaakt_op == dt.date(2026, 11, 13)
    # 13 Nov + 6 weeks = Fri 25 Dec (1e Kerstdag) → Sat, Sun → Mon 28 Dec (Atw)
    assert bk.bezwaartermijn_tot == dt.date(2026, 12, 28)
    assert "Algemene termijnenwet" in bk.bezwaartermijn_uitleg
    rows = list(bk.ontvangers.values_list("soort", "naam"))
    assert rows == [("ouder", "Ouder A"), ("school", world.school_a.name), ("school", world.special.name)]
    assert all(o.sent_at for o in bk.ontvangers.all())
    tlv = Tlv.objects.get(aanvraag=a)
    assert (tlv.status, tlv.soort, tlv.einddatum) == ("actief", "so", dt.date(2028, 7, 31))
    assert CaseEvent.objects.filter(case=a.case, action="bekendmaking_besluit").exists()


def test_afwijzing_is_bekendgemaakt_without_a_tlv(world, steps):
    a = steps.bekendgemaakt(world, steps.afgewezen(world))
    assert Bekendmaking.objects.get(aanvraag=a).soort == "afwijzing"
    assert not Tlv.objects.filter(aanvraag=a).exists()


def test_bekendmaking_before_the_besluit_is_refused(world, steps):
    a = steps.besluit_open(world)
    before = Snapshot.of(a)
    with pytest.raises(TransitionNotAllowed) as exc:
        bekendmaking.bekendmaking_record(aanvraag=a, by=world.consulent)
    assert exc.value.code == "geen-besluit"
    assert_refused_without_effect(a, before, exc.value)
    assert not Bekendmaking.objects.exists()


def test_second_bekendmaking_is_refused(world, steps):
    a = steps.bekendgemaakt(world)
    with pytest.raises(Conflict) as exc:
        bekendmaking.bekendmaking_record(aanvraag=a, by=world.beslisser)
    assert exc.value.code == "al-bekendgemaakt"
    assert Bekendmaking.objects.filter(aanvraag=a).count() == 1


@pytest.mark.parametrize("role", ["school", "deskundige", "cva_lid", "auditor"])
def test_only_consulent_or_beslisser_makes_known(world, steps, role):
    a = steps.toegekend(world)
    with pytest.raises(NotPermitted):
        bekendmaking.bekendmaking_record(aanvraag=a, by=world.roles[role])
    assert not Bekendmaking.objects.exists()


def test_editing_a_besluit_after_bekendmaking_is_refused(world, steps):
    a = steps.toegekend(world)
    # before the bekendmaking the beslisser may correct an obvious error
    bekendmaking.besluit_correct(
        aanvraag=a, by=world.beslisser, reason="typfout", einddatum=dt.date(2028, 7, 30)
    )
    a = steps.bekendgemaakt(world, steps.fresh(a))
    assert a.einddatum == dt.date(2028, 7, 30)
    before = Snapshot.of(a)
    with pytest.raises(Conflict) as exc:
        bekendmaking.besluit_correct(
            aanvraag=a, by=world.beslisser, reason="toch anders", einddatum=dt.date(2028, 12, 31)
        )
    assert exc.value.code == "besluit-bekendgemaakt"
    assert_refused_without_effect(a, before, exc.value)
    assert steps.fresh(a).einddatum == dt.date(2028, 7, 30)
