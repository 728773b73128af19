"""Quarterly thuiszitter count at a peildatum: page, CSV and XLSX. Rows are scoped by cases.policies."""

from __future__ import annotations

import csv
import io

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from audit.services import log_read
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
    if fmt in ("csv", "xlsx"):
        log_read(request, what=f"thuiszitters export {fmt} peildatum {peildatum:%Y-%m-%d}")
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


# --- issue 5: toestroom zorg → onderwijs per quarter, carrousel per school year ------------------------


def _export(fmt, filename, title, meta, header, rows):
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter=";")
        writer.writerow(meta)
        writer.writerow(header)
        for row in rows:
            writer.writerow(row)
        response = HttpResponse(buf.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        return response
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    ws.append(meta)
    ws.append(header)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


@login_required
def toestroom(request):
    from workflows.forms_schakel import KwartaalForm

    if not policies.route5_report_roles(request.user):
        raise PermissionDenied
    form = KwartaalForm(request.GET or None)
    if form.is_bound and form.is_valid():
        jaar, kwartaal = form.cleaned_data["jaar"], form.cleaned_data["kwartaal"]
    else:
        last = selectors.quarter_end(clock.today())
        jaar, kwartaal = last.year, (last.month - 1) // 3 + 1
        form = KwartaalForm(initial={"jaar": jaar, "kwartaal": kwartaal})
    rows, total = selectors.toestroom(user=request.user, jaar=jaar, kwartaal=kwartaal)
    fmt = request.GET.get("format", "")
    if fmt in ("csv", "xlsx"):
        log_read(request, what=f"toestroom export {fmt} {jaar}-Q{kwartaal}")
        header = [
            _("Komt uit"),
            _("Afgesloten screenings"),
            _("Volledig onderwijs"),
            _("Gedeeltelijk onderwijs"),
            _("Niet geplaatst"),
            _("Toestroompercentage"),
        ]
        values = [
            [r.herkomst_label, r.afgesloten, r.volledig, r.gedeeltelijk, r.niet, r.percentage]
            for r in [*rows, total]
        ]
        values[-1][0] = _("Totaal")
        return _export(
            fmt,
            f"toestroom-{jaar}-Q{kwartaal}",
            _("Toestroom"),
            [_("Kwartaal"), f"{jaar}-Q{kwartaal}"],
            header,
            values,
        )
    return render(
        request,
        "reports/toestroom.html",
        {
            "form": form,
            "rows": rows,
            "total": total,
            "jaar": jaar,
            "kwartaal": kwartaal,
            "definitie": selectors.TOESTROOM_DEFINITIE,
        },
    )


def _carrousel_chart(rows) -> str:
    import pygal

    chart = pygal.Bar(
        title=_("Carrousel: definitieve overstappen per stroom"),
        x_label_rotation=20,
        height=360,
        show_legend=True,
        disable_xml_declaration=True,
        js=[],  # no external tooltip script
    )
    chart.x_labels = [f"{r.swv}: {r.soort_label}" for r in rows]
    chart.add(_("Aantal"), [r.aantal for r in rows])
    chart.add(_("Doel"), [r.doel for r in rows])
    return chart.render(is_unicode=True)


@login_required
def carrousel(request):
    from django.utils.safestring import mark_safe

    from workflows.forms_schakel import SchooljaarForm

    if not policies.route5_report_roles(request.user):
        raise PermissionDenied
    form = SchooljaarForm(request.GET or None)
    if form.is_bound and form.is_valid():
        schooljaar = form.cleaned_data["schooljaar"]
    else:
        schooljaar = selectors.schooljaar_of(clock.today())
        form = SchooljaarForm(initial={"schooljaar": schooljaar})
    rows = selectors.carrousel(user=request.user, schooljaar=schooljaar)
    label = f"{schooljaar}-{schooljaar + 1}"
    fmt = request.GET.get("format", "")
    if fmt in ("csv", "xlsx"):
        log_read(request, what=f"carrousel export {fmt} {label}")
        header = [_("Samenwerkingsverband"), _("Stroom"), _("Aantal"), _("Doel"), _("Gehaald")]
        values = [
            [
                r.swv,
                r.soort_label,
                r.aantal,
                f"{r.richting_label} {r.doel}" if r.doel is not None else "",
                "" if r.gehaald is None else (_("ja") if r.gehaald else _("nee")),
            ]
            for r in rows
        ]
        return _export(fmt, f"carrousel-{label}", _("Carrousel"), [_("Schooljaar"), label], header, values)
    return render(
        request,
        "reports/carrousel.html",
        {
            "form": form,
            "rows": rows,
            "schooljaar": schooljaar,
            "label": label,
            # pygal's SVG is generated server-side from numbers only (labels are escaped by pygal)
            "chart": mark_safe(_carrousel_chart(rows)) if rows else "",  # noqa: S308
        },
    )
