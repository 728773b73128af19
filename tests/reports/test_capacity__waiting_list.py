"""Capacity, waiting list and next year's forecast of a specialised school, counted by hand.

On Monday 11 January 2027 the SO school (cluster 4) of a PO SWV has 2 places this school year and 2 the
next, and the SWV's norm is 10 waiting days. Four pupils have a TLV for it:
- Anna: in force since 4 January, not enrolled yet: waiting, 7 days;
- Bram: in force since 4 January, enrolled (placement confirmed): placed;
- Cas: decided, starts 1 March: expected inflow;
- Daan: in force since 4 January, ends 31 July 2027 and enrolled: placed and outflow this school year.
A fifth pupil's TLV request is still open (SO cluster 4, no school yet). Another SWV's school and TLV must
not count.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from audit.models import AccessLog
from cases.errors import Conflict, NotPermitted, ValidationFailed
from cases.models import CaseEvent, Leerling, Tlv
from cases.services import plaatsing
from reports.capacity import capacity_report
from reports.models import Capaciteit, WachtlijstNorm
from tests import tlv_steps
from tests.factories import complete_second_factor, make_world, next_bsn

AMS = ZoneInfo("Europe/Amsterdam")
NOW = dt.datetime(2027, 1, 11, 9, 0, tzinfo=AMS)

pytestmark = pytest.mark.django_db


def pupil(w, name):
    return Leerling.objects.create(
        swv=w.swv,
        voornaam=name,
        achternaam=f"Capaciteit{w.swv.pk}",
        geboortedatum=dt.date(2017, 5, 1),
        bsn=next_bsn(),
        woongemeente=w.gemeente_a,
        stamschool=w.school_a,
    )


def in_force(w, leerling, **dates) -> Tlv:
    a = tlv_steps.bekendgemaakt(w, tlv_steps.toegekend_for(w, leerling, **dates))
    return Tlv.objects.get(aanvraag=a)


@pytest.fixture
def data():
    with time_machine.travel(NOW, tick=False) as travel:
        w = make_world()
        other = make_world()
        Capaciteit.objects.create(school=w.special, schooljaar=2026, plaatsen=2)
        Capaciteit.objects.create(school=w.special, schooljaar=2027, plaatsen=2)
        WachtlijstNorm.objects.create(swv=w.swv, max_dagen=10)
        anna = in_force(w, w.leerling_a)
        bram = in_force(w, w.leerling_b)
        plaatsing.plaatsing_bevestigen(tlv=bram, by=w.consulent, op=dt.date(2027, 1, 5))
        in_force(w, pupil(w, "Cas"), ingang=dt.date(2027, 3, 1))
        daan = in_force(w, pupil(w, "Daan"), einde=dt.date(2027, 7, 31))
        plaatsing.plaatsing_bevestigen(tlv=daan, by=w.consulent, op=dt.date(2027, 1, 4))
        tlv_steps.ingediend(w)  # an open request (the concept's default: SO cluster 4)
        in_force(other, other.leerling_a)
        yield w, other, anna, travel


def test_the_school_row_counts_by_hand(data):
    w, other, anna, travel = data
    report = capacity_report(swv_id=w.swv.pk)
    assert report.schooljaar == 2026 and report.norm_days == 10
    (row,) = report.schools
    assert (row.school_id, row.capacity, row.capacity_next) == (w.special.pk, 2, 2)
    assert row.placed == 2 and row.free == 0
    assert [(p.reference, p.days, p.over_norm) for p in row.waiting] == [(anna.case.reference, 7, False)]
    assert (row.inflow_tlv, row.inflow_schakel) == (1, 0)
    assert (row.outflow_tlv, row.outflow_schakel) == (1, 0)
    assert row.forecast_next == 2 + 1 + 1 - 1 == 3
    assert row.short_next == 1
    assert [n for _label, n in report.open_requests] == [1]


def test_a_pupil_waiting_longer_than_the_norm_is_flagged_and_a_placement_ends_the_wait(data):
    w, other, anna, travel = data
    travel.move_to(dt.datetime(2027, 1, 18, 9, 0, tzinfo=AMS))
    (row,) = capacity_report(swv_id=w.swv.pk).schools
    assert [(p.days, p.over_norm) for p in row.waiting] == [(14, True)]
    plaatsing.plaatsing_bevestigen(tlv=anna, by=w.consulent, op=dt.date(2027, 1, 18))
    (row,) = capacity_report(swv_id=w.swv.pk).schools
    assert row.waiting == [] and row.placed == 3 and row.free == -1
    assert CaseEvent.objects.filter(case=anna.case, action="plaatsing_bevestigd").exists()
    assert Leerling.objects.get(pk=w.leerling_a.pk).huidige_plaatsing_id == w.special.pk


def test_placement_refusals(data):
    w, other, anna, travel = data
    with pytest.raises(NotPermitted):
        plaatsing.plaatsing_bevestigen(tlv=anna, by=w.school_user, op=dt.date(2027, 1, 11))
    with pytest.raises(ValidationFailed):
        plaatsing.plaatsing_bevestigen(tlv=anna, by=w.consulent, op=dt.date(2027, 2, 1))  # in the future
    with pytest.raises(ValidationFailed):
        plaatsing.plaatsing_bevestigen(tlv=anna, by=w.consulent, op=dt.date(2026, 11, 1))  # long before
    plaatsing.plaatsing_bevestigen(tlv=anna, by=w.consulent, op=dt.date(2027, 1, 11))
    with pytest.raises(Conflict):
        plaatsing.plaatsing_bevestigen(tlv=anna, by=w.consulent, op=dt.date(2027, 1, 11))
    assert CaseEvent.objects.filter(case=anna.case, kind="refused").count() == 4


def test_page_and_api_for_the_swv_only(client, data):
    from tests.api.helpers import Api, api_client

    w, other, anna, travel = data
    client.force_login(w.consulent)
    complete_second_factor(client, w.consulent)
    page = client.get(reverse("capacity"))
    assert page.status_code == 200
    html = page.content.decode()
    assert w.special.name in html and anna.case.reference in html and other.special.name not in html
    assert AccessLog.objects.filter(user=w.consulent, what__startswith="capaciteit").exists()
    assert client.get(reverse("capacity"), {"swv": other.swv.pk}).status_code == 404
    client.force_login(w.school_user)
    assert client.get(reverse("capacity")).status_code == 403
    _c, token = api_client(w, role="consulent")
    body = Api(token).get("/api/v1/reports/capacity/").json()
    (school,) = body["schools"]
    assert (school["placed"], len(school["waiting"]), school["forecast_next"], school["short_next"]) == (
        2,
        1,
        3,
        1,
    )
    assert body["open_requests"] == [{"kind": "SO cluster 4", "n": 1}]
    assert Api(token).get("/api/v1/reports/capacity/", {"swv": other.swv.pk}).status_code == 404


def test_the_placement_action_on_the_case_page_and_in_the_api(client, data):
    from tests.api.helpers import Api, api_client

    w, other, anna, travel = data
    client.force_login(w.consulent)
    complete_second_factor(client, w.consulent)
    detail = client.get(reverse("case_detail", args=[anna.case_id])).content.decode()
    assert reverse("tlv_plaatsing", args=[anna.case_id]) in detail
    response = client.post(reverse("tlv_plaatsing", args=[anna.case_id]), {"op": "2027-01-32"})
    assert response.status_code == 302
    assert Leerling.objects.get(pk=w.leerling_a.pk).huidige_plaatsing_id is None
    _c, token = api_client(w, role="consulent")
    api = Api(token)
    done = api.post(f"/api/v1/cases/{anna.case_id}/transitions/plaatsing_bevestigen/", {"op": "2027-01-11"})
    assert done.status_code in (200, 201), done.content
    assert Leerling.objects.get(pk=w.leerling_a.pk).huidige_plaatsing_id == w.special.pk
    again = api.post(f"/api/v1/cases/{anna.case_id}/transitions/plaatsing_bevestigen/", {"op": "2027-01-11"})
    assert again.status_code == 409
