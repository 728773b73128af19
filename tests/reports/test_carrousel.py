"""Carrousel counts per school year against the SWV's targets, on a known data set; table, chart, export."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from cases.models import CarrouselDoel, IndicatorDoel, Leerling
from cases.services import schakel
from reports.selectors import carrousel
from tests import schakel_steps as steps

AMS = ZoneInfo("Europe/Amsterdam")


def _at(day):
    return time_machine.travel(dt.datetime.combine(day, dt.time(10), tzinfo=AMS), tick=False)


def _pupils(w, n):
    return [
        Leerling.objects.create(
            swv=w.swv,
            voornaam=f"P{i}",
            achternaam="Carrousel",
            geboortedatum=dt.date(2013, 1, 1),
            bsn="",
            onderwijsnummer="",
            woongemeente=w.gemeente_a,
            stamschool=w.school_a,
        )
        for i in range(n)
    ]


def _definitief(w, leerling, soort, day):
    with _at(day):
        t = steps.in_proef(w, leerling=leerling, soort=soort, huidige_school=w.school_a)
        schakel.besluit_record(traject=t, by=w.consulent, besluit="definitief", motivering="ok")
    return t


def _data(w):
    p = _pupils(w, 5)
    _definitief(w, p[0], "po_vso", dt.date(2026, 9, 1))
    _definitief(w, p[1], "po_vso", dt.date(2027, 7, 31))
    _definitief(w, p[2], "vo_vso", dt.date(2027, 1, 10))
    _definitief(w, p[3], "po_vso", dt.date(2027, 8, 1))  # next school year
    with _at(dt.date(2027, 1, 10)):  # terug: not counted
        t = steps.in_proef(w, leerling=p[4], soort="po_vso", huidige_school=w.school_a)
        schakel.besluit_record(traject=t, by=w.consulent, besluit="terug", motivering="terug")


def test_counts_per_school_year_against_targets(world, other_world):
    _data(world)
    _data(other_world)
    CarrouselDoel.objects.create(swv=world.swv, soort="po_vso", richting="max", aantal=1)
    # the SWV's own target for this school year (its profile) wins over the year-independent one
    IndicatorDoel.objects.create(
        swv=world.swv, schooljaar=2026, indicator="vo_vso", richting="stabiel", waarde=1
    )
    IndicatorDoel.objects.create(
        swv=world.swv, schooljaar=2026, indicator="so_vo", richting="minimaal", waarde=3
    )
    IndicatorDoel.objects.create(
        swv=world.swv, schooljaar=2027, indicator="so_vo", richting="minimaal", waarde=9
    )
    rows = {r.soort: r for r in carrousel(user=world.consulent, schooljaar=2026)}
    assert (rows["po_vso"].aantal, rows["po_vso"].doel, rows["po_vso"].gehaald) == (2, 1, False)
    assert (rows["vo_vso"].aantal, rows["vo_vso"].doel, rows["vo_vso"].gehaald) == (1, 1, True)
    assert (rows["so_vo"].aantal, rows["so_vo"].doel, rows["so_vo"].gehaald) == (0, 3, False)
    assert "vso_vo" not in rows  # no target of its own, no moves: no seed's target is imposed
    assert {r.swv for r in rows.values()} == {world.swv.code}
    other = {r.soort: r for r in carrousel(user=other_world.consulent, schooljaar=2026)}
    assert other["vo_vso"].doel is None and other["po_vso"].doel is None
    nxt = {r.soort: r.aantal for r in carrousel(user=world.consulent, schooljaar=2027)}
    assert nxt["po_vso"] == 1


def test_page_table_chart_and_exports(client, world):
    _data(world)
    IndicatorDoel.objects.create(
        swv=world.swv, schooljaar=2026, indicator="po_vso", richting="maximaal", waarde=50
    )
    client.force_login(world.consulent)
    url = reverse("carrousel") + "?schooljaar=2026"
    html = client.get(url).content.decode()
    assert "<svg" in html and "PO → VSO" in html and "ten hoogste" in html
    csv = client.get(url + "&format=csv").content.decode()
    assert f"{world.swv.code};PO → VSO;2;ten hoogste 50;ja" in csv
    wb = load_workbook(io.BytesIO(client.get(url + "&format=xlsx").content))
    assert list(wb.active.iter_rows(values_only=True))[0][:2] == ("Schooljaar", "2026-2027")
    client.force_login(world.school_user)
    assert client.get(url).status_code == 403


def test_a_vso_tlv_counts_as_a_move_into_vso(bto_world, steps):
    """A toegekende TLV VSO of a VO SWV's school is a VO → VSO move of the school year of its besluit."""
    w = bto_world
    IndicatorDoel.objects.create(
        swv=w.swv, schooljaar=2026, indicator="vo_vso", richting="stabiel", waarde=15
    )
    with _at(dt.date(2026, 10, 1)):
        a = steps.toegekend(w)
    assert a.status == "toegekend" and a.besluit_soort == "vso"
    rows = {r.soort: r for r in carrousel(user=w.consulent, schooljaar=2026)}
    assert (rows["vo_vso"].aantal, rows["vo_vso"].doel) == (1, 15)
    assert "po_vso" not in rows


def test_tlv_reduction_against_the_peildatum(world, steps):
    """The TLV reduction of the quarterly report: TLVs from the target's peildatum to the report's, against
    the same span a year earlier (002:L484: -30 % against 1-8-2025)."""
    from reports.quarterly import Period, quarterly_report

    IndicatorDoel.objects.create(
        swv=world.swv,
        schooljaar=2026,
        indicator="tlv_daling",
        richting="minimaal",
        waarde=30,
        peildatum=dt.date(2026, 8, 1),
    )
    for day in (dt.date(2025, 9, 1), dt.date(2025, 10, 1)):  # two in the same span a year before
        with _at(day):
            steps.toegekend_for(world, _pupils(world, 1)[0])
    with _at(dt.date(2026, 9, 15)):
        steps.toegekend_for(world, _pupils(world, 1)[0])
    now = dt.datetime(2026, 10, 15, 12, tzinfo=AMS)
    report = quarterly_report(swv=world.swv, period=Period.of_quarter(2026, 4), now=now)
    (row,) = report.doelen
    assert (row.indicator, row.waarde, row.doel, row.gehaald) == ("tlv_daling", 50.0, 30.0, True)
    assert "1 TLV's" in row.uitleg and "tegen 2" in row.uitleg
