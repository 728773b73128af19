"""Carrousel counts per school year against the SWV's targets, on a known data set; table, chart, export."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from cases.models import CarrouselDoel, Leerling
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
    rows = {r.soort: r for r in carrousel(user=world.consulent, schooljaar=2026)}
    assert (rows["po_vso"].aantal, rows["po_vso"].doel, rows["po_vso"].gehaald) == (2, 1, False)
    assert (rows["vo_vso"].aantal, rows["vo_vso"].doel, rows["vo_vso"].gehaald) == (1, 15, False)
    assert (rows["so_vo"].aantal, rows["so_vo"].richting, rows["so_vo"].gehaald) == (0, "min", False)
    assert {r.swv for r in rows.values()} == {world.swv.code}
    nxt = {r.soort: r.aantal for r in carrousel(user=world.consulent, schooljaar=2027)}
    assert nxt["po_vso"] == 1


def test_page_table_chart_and_exports(client, world):
    _data(world)
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
