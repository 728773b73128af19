"""Quarterly thuiszitter count at a peildatum: page, CSV and XLSX. Rows are scoped by cases.policies."""

from __future__ import annotations

import csv
import io

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from cases import clock, policies
from reports import selectors
from workflows.forms_thuiszitter import PeildatumForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _header():
    return [_("Soort verzuim"), _("Gemeente"), _("Bestuur"), _("Aantal"), _("Waarvan officieel")]


def _values(row):
    return [row.type_label, row.gemeente, row.bestuur, row.aantal, row.officieel]


@login_required
def thuiszitter_count(request):
    if not policies.thuiszitter_report_roles(request.user):
        raise PermissionDenied
    form = PeildatumForm(request.GET or None)
    peildatum = form.cleaned_data["peildatum"] if form.is_bound and form.is_valid() else None
    if peildatum is None:
        peildatum = selectors.quarter_end(clock.today())
        form = PeildatumForm(initial={"peildatum": peildatum})
    rows = selectors.thuiszitter_count(user=request.user, peildatum=peildatum)
    fmt = request.GET.get("format", "")
    filename = f"thuiszitters-{peildatum:%Y-%m-%d}"
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter=";")
        writer.writerow([_("Peildatum"), peildatum.isoformat()])
        writer.writerow(_header())
        for row in rows:
            writer.writerow(_values(row))
        response = HttpResponse(buf.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        return response
    if fmt == "xlsx":
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        ws.title = _("Thuiszitters")
        ws.append([_("Peildatum"), peildatum])
        ws.append(_header())
        for row in rows:
            ws.append(_values(row))
        out = io.BytesIO()
        wb.save(out)
        response = HttpResponse(out.getvalue(), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
        return response
    return render(
        request,
        "reports/thuiszitter_count.html",
        {"form": form, "rows": rows, "peildatum": peildatum, "total": sum(r.aantal for r in rows)},
    )
