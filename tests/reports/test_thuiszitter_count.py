"""Quarterly thuiszitter count at a peildatum, per type, gemeente and board (DOMAIN.md definitions)."""

import datetime as dt
import io

import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from cases import clock
from cases.services import thuiszitter
from reports.selectors import quarter_end, thuiszitter_count
from tests import thuiszitter_steps as steps

P = dt.date(2027, 3, 31)


def _at(day):
    return time_machine.travel(dt.datetime.combine(day, dt.time(9), tzinfo=dt.UTC), tick=False)


def _count(user, peildatum=P):
    return {
        (r.type, r.gemeente, r.bestuur): (r.aantal, r.officieel)
        for r in thuiszitter_count(user=user, peildatum=peildatum)
    }


def test_definitions_at_the_peildatum(world):
    w = world
    with _at(dt.date(2027, 3, 10)):
        # 28 days at home on P: counts; 27 days: not (yet)
        steps.gemeld(w, eerste_verzuimdag=dt.date(2027, 3, 3))
        steps.gemeld(w, leerling=w.leerling_b, by=w.school_b_user, eerste_verzuimdag=dt.date(2027, 3, 5))
    rows = _count(w.consulent)
    assert rows == {("relatief", w.gemeente_a.name, w.school_a.bestuur.name): (1, 1)}


def test_absoluut_verzuim_counts_from_the_first_day_and_aanbod_ends_it(world):
    w = world
    with _at(dt.date(2027, 3, 29)):
        steps.gemeld(w, type="absoluut", officieel=False, eerste_verzuimdag=dt.date(2027, 3, 29))
    assert _count(w.consulent) == {("absoluut", w.gemeente_a.name, w.school_a.bestuur.name): (1, 0)}
    with _at(dt.date(2027, 1, 4)):
        m = steps.met_overleg(
            w, leerling=w.leerling_b, by=w.school_b_user, eerste_verzuimdag=dt.date(2027, 1, 4)
        )
    with _at(dt.date(2027, 3, 15)):
        thuiszitter.aanbod_record(
            melding=m, by=w.consulent, soort="zorg", omschrijving="Dagbehandeling", startdatum=clock.today()
        )
    rows = _count(w.consulent)
    assert ("relatief", w.gemeente_b.name, w.school_b.bestuur.name) not in rows
    # but on an earlier peildatum the pupil was still at home
    assert _count(w.consulent, dt.date(2027, 3, 1))[
        ("relatief", w.gemeente_b.name, w.school_b.bestuur.name)
    ] == (1, 1)


def test_vrijstelling_excludes(world):
    w = world
    with _at(dt.date(2027, 2, 10)):
        m = steps.gemeld(w, eerste_verzuimdag=dt.date(2027, 1, 4))
        thuiszitter.leerplicht_actie_record(
            melding=m, by=w.leerplicht, soort="swv_consultatie", datum=clock.today(), toelichting="overleg"
        )
        thuiszitter.leerplicht_actie_record(
            melding=m, by=w.leerplicht, soort="vrijstelling_5a", datum=clock.today(), toelichting="verleend"
        )
    assert _count(w.consulent) == {}
    assert _count(w.consulent, dt.date(2027, 2, 5)) != {}


def test_csv_and_xlsx_export(client, world):
    w = world
    with _at(dt.date(2027, 3, 10)):
        steps.gemeld(w, eerste_verzuimdag=dt.date(2027, 2, 1))
    client.force_login(w.consulent)
    url = reverse("thuiszitter_count") + "?peildatum=2027-03-31"
    html = client.get(url).content.decode()
    assert "Langdurig relatief verzuim" in html
    r = client.get(url + "&format=csv")
    assert r["Content-Type"].startswith("text/csv")
    lines = r.content.decode().splitlines()
    assert lines[0] == "Peildatum;2027-03-31"
    assert lines[2].startswith("Langdurig relatief verzuim;") and lines[2].endswith(";1;1")
    r = client.get(url + "&format=xlsx")
    ws = load_workbook(io.BytesIO(r.content)).active
    assert ws.cell(row=3, column=1).value == "Langdurig relatief verzuim"
    assert ws.cell(row=3, column=4).value == 1


def test_quarter_end():
    assert quarter_end(dt.date(2027, 5, 12)) == dt.date(2027, 3, 31)
    assert quarter_end(dt.date(2027, 1, 1)) == dt.date(2026, 12, 31)
