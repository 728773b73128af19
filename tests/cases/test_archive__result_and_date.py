"""A closed case gets its result from its route record, and from the result and the SWV's rule its
archiefnominatie and archiefactiedatum (brondatum: closure, end of the TLV's validity or the pupil's 18th
birthday, plus the term); reopening clears them. Literal dates, checked by hand."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from cases import archive, clock
from cases.models import ArchiefRegel
from cases.services import thuiszitter
from tests import thuiszitter_steps, tlv_steps


@pytest.mark.parametrize(
    ("day", "years", "expected"),
    [
        (dt.date(2028, 7, 31), 5, dt.date(2033, 7, 31)),
        (dt.date(2024, 2, 29), 1, dt.date(2025, 2, 28)),
        (dt.date(2024, 2, 29), 4, dt.date(2028, 2, 29)),
        (dt.date(2026, 12, 31), 0, dt.date(2026, 12, 31)),
    ],
)
def test_archiefactiedatum_adds_whole_years(day, years, expected):
    assert archive.archiefactiedatum(day, years) == expected


def test_each_route_has_its_closed_list_and_a_new_route_adds_its_own():
    assert set(archive.RESULTS["tlv"].types) == {
        "toegekend",
        "afgewezen",
        "ingetrokken",
        "buiten_behandeling",
    }
    assert set(archive.RESULTS["thuiszitter"].types) == {"teruggekeerd", "vrijstelling", "verhuisd"}
    assert archive.RESULTS["screening"].types and archive.RESULTS["schakel"].types
    try:
        archive.register_results("proefroute", lambda case: "klaar", archive.Resultaattype("klaar", "Klaar"))
        assert archive.result_choices("proefroute") == [("klaar", "Klaar")]
    finally:
        archive.RESULTS.pop("proefroute")


def test_a_granted_tlv_counts_from_the_end_of_its_validity_and_shows_it(client, world):
    a = tlv_steps.toegekend(world, ingang=dt.date(2027, 1, 4))
    case = a.case
    case.refresh_from_db()
    assert case.resultaat == "toegekend" and case.archiefnominatie == "vernietigen"
    assert case.brondatum == dt.date(2028, 7, 31)
    assert case.archiefactiedatum == dt.date(2035, 7, 31)  # 7 years after the end of validity
    client.force_login(world.consulent)
    html = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert "Archiefactiedatum" in html and "31 juli 2035" in html and "TLV toegekend" in html
    body = client.get(f"/api/v1/cases/{case.pk}/").json()
    assert body["resultaat"] == "toegekend" and body["archiefactiedatum"] == "2035-07-31"
    assert body["archiefnominatie"] == "vernietigen" and body["legal_hold"] is False


def test_a_rejected_tlv_counts_from_its_closure_under_the_swvs_own_rule(world):
    ArchiefRegel.objects.create(
        swv=world.swv,
        route="tlv",
        resultaat="afgewezen",
        archiefnominatie="bewaren",
        termijn_jaren=10,
        brondatum="afgehandeld",
    )
    a = tlv_steps.afgewezen(world)
    case = a.case
    case.refresh_from_db()
    closed = case.closed_at.astimezone(clock.now().tzinfo).date()
    assert case.resultaat == "afgewezen" and case.archiefnominatie == "bewaren"
    assert case.brondatum == closed
    assert case.archiefactiedatum == archive.add_years(closed, 10)


def test_a_withdrawn_tlv_gets_its_own_result(world):
    from cases.services import tlv

    a = tlv_steps.ingediend(world)
    tlv.aanvraag_withdraw(aanvraag=a, by=world.school_user, reason="Ouders kiezen anders")
    a.case.refresh_from_db()
    assert a.case.resultaat == "ingetrokken" and a.case.archiefactiedatum is not None


def test_a_closed_thuiszitter_counts_from_the_18th_birthday_and_reopening_clears_it(world):
    m = thuiszitter_steps.met_aanbod(world)
    thuiszitter.terugkeer_record(melding=m, by=world.school_user, terugkeer_op=clock.today())
    m = thuiszitter_steps.fresh(m)
    with time_machine.travel(clock.now() + dt.timedelta(weeks=8, days=1), tick=False):
        thuiszitter.afsluiten(melding=m, by=world.consulent, toelichting="Gaat goed")
        case = thuiszitter_steps.fresh(m).case
        born = case.leerling.geboortedatum
        assert case.resultaat == "teruggekeerd"
        assert case.brondatum == dt.date(born.year + 18, born.month, born.day)
        assert case.archiefactiedatum == dt.date(born.year + 23, born.month, born.day)
        thuiszitter.heropenen(
            melding=thuiszitter_steps.fresh(m),
            by=world.leerplicht,
            eerste_verzuimdag=clock.today(),
            reason="Weer thuis",
        )
        case.refresh_from_db()
    assert case.closed_at is None and case.resultaat == "" and case.archiefactiedatum is None
    assert "heropend" in case.history.first().history_change_reason
