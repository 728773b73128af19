"""Bezwaar refusals: each one changes nothing and is logged."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from cases.errors import Conflict, DomainError, NotPermitted, TransitionNotAllowed, ValidationFailed
from cases.models import CaseEvent, Tlv, WorkItem
from cases.services import bekendmaking, bezwaar

AMS = ZoneInfo("Europe/Amsterdam")


def _refused(case, code):
    last = CaseEvent.objects.filter(case=case, kind="refused").latest("pk")
    assert last.data == {"code": code}


def test_bezwaar_on_a_besluit_without_bekendmaking_waits_for_it(world, steps):
    # Awb 6:10: not refused; registered without a bekendmaking, lodged when the besluit is made known
    a = steps.toegekend(world)
    b = bezwaar.bezwaar_register(
        aanvraag=a,
        by=world.consulent,
        ontvangen_op=dt.date.today(),
        ingediend_door="Ouder A",
        gronden="x",
    )
    assert b.bekendmaking is None and b.tijdig is True
    assert not CaseEvent.objects.filter(case=a.case, kind="refused").exists()


def test_late_bezwaar_without_verschoonbaarheid_is_not_ontvankelijk(world, steps):
    a = steps.toegekend(world)
    with time_machine.travel(dt.datetime(2026, 11, 19, 10, tzinfo=AMS), tick=False):
        bekendmaking.bekendmaking_record(aanvraag=a, by=world.consulent)  # termijn t/m 31 Dec 2026
    with time_machine.travel(dt.datetime(2027, 1, 6, 10, tzinfo=AMS), tick=False):
        b = steps.bezwaar_ontvangen(world, a)
        assert not b.tijdig
        with pytest.raises(ValidationFailed) as exc:
            bezwaar.ontvankelijkheid_record(bezwaar=b, by=world.consulent, ontvankelijk=True)
        assert exc.value.code == "bezwaar-te-laat"
        _refused(a.case, "bezwaar-te-laat")
        assert steps.fresh_bezwaar(b).status == "ontvangen"
        # verschoonbaar needs a motivation
        with pytest.raises(ValidationFailed) as exc:
            bezwaar.ontvankelijkheid_record(
                bezwaar=b, by=world.consulent, ontvankelijk=True, verschoonbaar=True
            )
        assert exc.value.code == "verschoonbaar-motivering"
        bezwaar.ontvankelijkheid_record(
            bezwaar=b,
            by=world.consulent,
            ontvankelijk=True,
            verschoonbaar=True,
            motivering="Ouders lagen in het ziekenhuis.",
        )
    b = steps.fresh_bezwaar(b)
    assert (b.status, b.ontvankelijk, b.verschoonbaar) == ("advies_gevraagd", True, True)


def test_beslissing_without_required_commissie_advice_is_refused(world, steps):
    b = steps.bezwaar_ontvangen(world)
    bezwaar.ontvankelijkheid_record(bezwaar=b, by=world.consulent, ontvankelijk=True)
    assert world.swv.bezwaar_advies_verplicht
    with pytest.raises(ValidationFailed) as exc:
        bezwaar.beslissing_record(bezwaar=b, by=world.beslisser, uitkomst="ongegrond", motivering="Blijft")
    assert exc.value.code == "condition-not-met"
    assert "advies" in str(exc.value.message)
    assert steps.fresh_bezwaar(b).status == "advies_gevraagd"
    _refused(b.case, "condition-not-met")


def test_an_swv_without_that_requirement_may_decide_before_the_advice(world, steps):
    world.swv.bezwaar_advies_verplicht = False
    world.swv.save()
    b = steps.bezwaar_ontvangen(world)
    bezwaar.ontvankelijkheid_record(bezwaar=b, by=world.consulent, ontvankelijk=True)
    bezwaar.beslissing_record(bezwaar=b, by=world.beslisser, uitkomst="ongegrond", motivering="Blijft")
    assert steps.fresh_bezwaar(b).status == "ongegrond"
    assert not WorkItem.objects.filter(case=b.case, status="open", node__startswith="bezwaar_").exists()


@pytest.mark.parametrize("role", ["school", "cva_lid", "consulent", "auditor"])
def test_only_the_beslisser_decides(world, steps, role):
    b = steps.bezwaar_te_beslissen(world)
    with pytest.raises(DomainError):
        bezwaar.beslissing_record(bezwaar=b, by=world.roles[role], uitkomst="ongegrond", motivering="x")
    assert steps.fresh_bezwaar(b).status == "te_beslissen"


def test_other_bezwaar_refusals(world, steps):
    b = steps.bezwaar_ontvangen(world)
    a = b.aanvraag
    with pytest.raises(Conflict):  # one open bezwaar at a time
        steps.bezwaar_ontvangen(world, a)
    with pytest.raises(NotPermitted):  # the school does not register a bezwaar
        bezwaar.bezwaar_register(
            aanvraag=a, by=world.school_user, ontvangen_op=dt.date.today(), ingediend_door="x", gronden="x"
        )
    with pytest.raises(TransitionNotAllowed):  # no beroep before the beslissing op bezwaar
        bezwaar.beroep_record(
            bezwaar=b, by=world.consulent, ingesteld_op=dt.date.today(), rechtbank="Den Haag"
        )
    with pytest.raises(ValidationFailed):  # niet-ontvankelijk needs a motivation
        bezwaar.ontvankelijkheid_record(bezwaar=b, by=world.consulent, ontvankelijk=False)


def test_deviating_from_the_advice_needs_a_motivation(world, steps):
    b = steps.bezwaar_te_beslissen(world, advies="ongegrond")
    with pytest.raises(ValidationFailed) as exc:
        bezwaar.beslissing_record(
            bezwaar=b,
            by=world.beslisser,
            uitkomst="gegrond",
            motivering="Toch hoger",
            soort="so",
            cluster=4,
            categorie="midden",
            ingangsdatum=dt.date(2027, 1, 4),
            einddatum=dt.date(2028, 7, 31),
            school=world.special,
        )
    assert exc.value.code == "afwijking-motivering"


def test_gegrond_on_an_afwijzing_brings_a_tlv_into_force(world, steps):
    a = steps.bekendgemaakt(world, steps.afgewezen(world))
    b = steps.bezwaar_te_beslissen(world, a, advies="gegrond")
    with pytest.raises(ValidationFailed) as exc:
        bezwaar.beslissing_record(bezwaar=b, by=world.beslisser, uitkomst="gegrond", motivering="Terecht")
    assert exc.value.code == "herzien-besluit"
    bezwaar.beslissing_record(
        bezwaar=b,
        by=world.beslisser,
        uitkomst="gegrond",
        motivering="Terecht",
        soort="so",
        cluster=4,
        categorie="midden",
        ingangsdatum=dt.date(2027, 2, 1),
        einddatum=dt.date(2028, 7, 31),
        school=world.special,
    )
    tlv = Tlv.objects.get(aanvraag=a)
    assert (tlv.status, tlv.categorie, tlv.ingangsdatum) == ("actief", "midden", dt.date(2027, 2, 1))
    assert a.case.deadlines.filter(kind="tlv_verlenging_signaal", status="running").exists()


def test_gegrond_bezwaar_against_an_intrekking_restores_the_tlv(world, steps):
    from cases.services import tlv_lifecycle

    a = steps.bekendgemaakt(world)
    tlv_lifecycle.tlv_intrekken(tlv=Tlv.objects.get(aanvraag=a), by=world.beslisser, motivering="Verhuisd")
    b = steps.bezwaar_te_beslissen(world, a, advies="gegrond")
    assert b.bekendmaking.soort == "intrekking"
    bezwaar.beslissing_record(bezwaar=b, by=world.beslisser, uitkomst="gegrond", motivering="Niet verhuisd")
    t = Tlv.objects.get(aanvraag=a)
    assert (t.status, t.einde_reden) == ("actief", "")
    assert a.case.deadlines.filter(kind="tlv_verlenging_signaal", status="running").count() == 1
