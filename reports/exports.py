"""The one way to write a CSV or XLSX export: every export (reports, the TLV-register, the auditor's
timeline) builds its rows and hands them here.

A spreadsheet program runs a cell that starts with = + - @ (or a tab or carriage return before one of
those) as a formula, so a school or pupil name like `=HYPERLINK("https://…")` would become a live link or
worse (CSV/formula injection). Text cells are therefore neutralised:

* CSV: such a text gets a leading apostrophe (`'=HYPERLINK(…)`), which spreadsheet programs show as text;
* XLSX: every text is stored as a text cell, never as a formula, and characters XLSX cannot hold (control
  characters) are removed, so the file opens as text exactly as entered.

Numbers, dates and booleans are written as they are (a negative number is not text).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    """A cell value safe for CSV: text that a spreadsheet would read as a formula gets a leading '."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def csv_response(filename: str, rows: Iterable[Sequence], *, bom: bool = True) -> HttpResponse:
    """`rows` as a semicolon-separated CSV attachment (UTF-8, with a BOM for Excel unless bom=False)."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";")
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    body = buf.getvalue().encode("utf-8-sig" if bom else "utf-8")
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    return _attachment(response, f"{filename}.csv")


def _append_as_text(sheet, row: Sequence) -> None:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, TYPE_STRING

    values = [ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row]
    sheet.append(values)
    if not values:
        return
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = TYPE_STRING  # "=…" would otherwise be stored as a formula


def xlsx_response(filename: str, sheets: Iterable[tuple[str, Iterable[Sequence]]], *, bold_header=()):
    """One XLSX attachment with a sheet per (title, rows); titles in `bold_header` get a bold first row."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in sheets:
        sheet = wb.create_sheet(_sheet_title(title))
        for row in rows:
            _append_as_text(sheet, row)
        if title in bold_header and sheet.max_row >= 1:
            for cell in sheet[1]:
                cell.font = Font(bold=True)
    out = io.BytesIO()
    wb.save(out)
    return _attachment(HttpResponse(out.getvalue(), content_type=XLSX_CONTENT_TYPE), f"{filename}.xlsx")


def _sheet_title(title: str) -> str:
    for char in "[]:*?/\\":
        title = title.replace(char, " ")
    return title[:31] or "Blad"


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
