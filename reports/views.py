"""Quarterly thuiszitter count at a peildatum: page, CSV and XLSX. Rows are scoped by cases.policies."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_safe

from audit.services import log_read
from cases import clock, policies
from reports import exports, selectors
from workflows.thuiszitter.forms import PeildatumForm


def _header():
    return [_("Soort verzuim"), _("Gemeente"), _("Bestuur"), _("Aantal"), _("Waarvan officieel")]


def _values(row):
    return [row.type_label, row.gemeente, row.bestuur, row.aantal, row.officieel]


@login_required
@require_safe
def thuiszitter_count(request):
    if not policies.thuiszitter_report_roles(request.user):
        raise PermissionDenied
    form = PeildatumForm(request.GET or None)
    peildatum = form.cleaned_data["peildatum"] if form.is_bound and form.is_valid() else None
    if peildatum is None:
        peildatum = selectors.quarter_end(clock.today())
        if "peildatum" not in request.GET:  # a peildatum that was refused keeps its field error on the page
            form = PeildatumForm(initial={"peildatum": peildatum})
    rows = selectors.thuiszitter_count(user=request.user, peildatum=peildatum)
    fmt = request.GET.get("format", "")
    filename = f"thuiszitters-{peildatum:%Y-%m-%d}"
    if fmt in ("csv", "xlsx"):
        log_read(request, what=f"thuiszitters export {fmt} peildatum {peildatum:%Y-%m-%d}")
    table = [[_("Peildatum"), peildatum], _header(), *(_values(row) for row in rows)]
    if fmt == "csv":
        return exports.csv_response(filename, table, bom=False)
    if fmt == "xlsx":
        return exports.xlsx_response(filename, [(_("Thuiszitters"), table)])
    return render(
        request,
        "reports/thuiszitter_count.html",
        {"form": form, "rows": rows, "peildatum": peildatum, "total": sum(r.aantal for r in rows)},
    )


# --- toestroom zorg → onderwijs per quarter, carrousel per school year ------------------------


def _export(fmt, filename, title, meta, header, rows):
    table = [meta, header, *rows]
    if fmt == "csv":
        return exports.csv_response(filename, table, bom=False)
    return exports.xlsx_response(filename, [(title, table)])


@login_required
@require_safe
def toestroom(request):
    from workflows.schakel.forms import KwartaalForm

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
    from reports.charts import render  # without pygal's inline script (CSP)

    return render(chart)


@login_required
@require_safe
def carrousel(request):
    from django.utils.safestring import mark_safe

    from workflows.schakel.forms import SchooljaarForm

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


# --- the combined quarterly report of one SWV ----------------------------------------------------


def _quarterly_sections(report) -> list[tuple[str, str, list, list]]:
    """(key, title, header, rows) per figure: the one source for the CSV and the XLSX export."""
    from reports.quarterly import DEFINITIONS

    r = report
    yes, no = _("ja"), _("nee")
    sections = [
        (
            "tlv",
            _("Afgegeven TLV's per soort en categorie"),
            [_("Soort"), _("Aantal")],
            [[row.label, row.aantal] for row in r.tlv] + [[_("Totaal"), r.tlv_totaal]],
        ),
        (
            "thuiszitters",
            _("Thuiszitters op de peildatum"),
            _header(),
            [_values(row) for row in r.thuiszitters] + [[_("Totaal"), "", "", r.thuiszitters_totaal, ""]],
        ),
        (
            "toestroom",
            _("Toestroom zorg naar onderwijs"),
            [
                _("Komt uit"),
                _("Afgesloten screenings"),
                _("Volledig onderwijs"),
                _("Gedeeltelijk onderwijs"),
                _("Niet geplaatst"),
                _("Toestroompercentage"),
            ],
            [
                [
                    row.herkomst_label or _("Totaal"),
                    row.afgesloten,
                    row.volledig,
                    row.gedeeltelijk,
                    row.niet,
                    row.percentage,
                ]
                for row in [*r.toestroom, r.toestroom_totaal]
            ],
        ),
        (
            "schakel",
            _("Schakel en carrousel"),
            [
                _("Stroom"),
                _("Gestart"),
                _("Definitief"),
                _("Terug"),
                _("Schooljaar t/m peildatum"),
                _("Doel"),
                _("Gehaald"),
            ],
            [
                [
                    row.label,
                    row.gestart,
                    row.definitief,
                    row.terug,
                    row.schooljaar_definitief,
                    f"{row.richting_label} {row.doel}" if row.doel is not None else "",
                    "" if row.gehaald is None else (yes if row.gehaald else no),
                ]
                for row in r.schakel
            ],
        ),
        (
            "termijn",
            _("Binnen de termijn beslist"),
            [_("Termijn"), _("Besluiten"), _("Binnen de termijn"), "%"],
            [[row.label, row.besluiten, row.binnen, row.percentage] for row in r.termijnen],
        ),
        (
            "loket",
            _("Loket: ondersteuningsaanvragen en adviesvragen"),
            [
                _("Soort aanvraag"),
                _("Ingediend"),
                _("Toegewezen"),
                _("Afgewezen"),
                _("Lopend op de peildatum"),
            ],
            [[row.soort, row.ingediend, row.toegewezen, row.afgewezen, row.lopend] for row in r.loket]
            + (
                [
                    [
                        _("Advies- en consultatievragen: gesteld, beantwoord, binnen de termijn"),
                        r.adviesvragen.gesteld,
                        r.adviesvragen.beantwoord,
                        r.adviesvragen.binnen_termijn,
                        "",
                    ]
                ]
                if r.adviesvragen
                else []
            ),
        ),
        (
            "indicatoren",
            _("Indicatoren"),
            [_("Indicator"), _("Categorie"), _("Waarde"), _("Respondenten"), _("Bron")],
            [
                [_("Deelnamepercentage"), share.label, share.percentage, "", str(r.deelname.peildatum or "")]
                for share in (r.deelname.shares if r.deelname else [])
            ]
            + [
                [blok.label, rij.label, rij.waarde, rij.respondenten, rij.bron]
                for blok in r.kengetallen
                for rij in blok.rijen
                if rij.waarde is not None
            ],
        ),
        (
            "doorlooptijd",
            _("Mediane doorlooptijd (dagen)"),
            [_("Route"), _("Stap"), _("Aantal"), _("Mediaan (dagen)")],
            [[row.label, _("hele route"), row.aantal, row.mediaan_dagen] for row in r.doorlooptijd_routes]
            + [[row.label, row.step, row.aantal, row.mediaan_dagen] for row in r.doorlooptijd_stappen],
        ),
        (
            "prognose",
            _("Prognose van de eigen doelen"),
            [_("Indicator"), _("Doel"), _("Tot nu"), _("Prognose 31 juli"), _("Methode"), _("Op koers")],
            [
                [
                    row.label,
                    f"{row.richting_label} {row.doel:g}{row.eenheid}",
                    row.waarde,
                    row.projectie,
                    row.methode_label,
                    "" if row.op_koers is None else (yes if row.op_koers else no),
                ]
                for row in r.prognose
            ],
        ),
    ]
    return [
        (key, str(title), [str(h) for h in header], rows, str(DEFINITIONS[key]))
        for key, title, header, rows in sections
    ]


# XLSX sheet names hold at most 31 characters: a short name per figure (the full title is on Toelichting)
SHEET_NAMES = {
    "tlv": pgettext_lazy("xlsx sheet", "TLV's"),
    "thuiszitters": pgettext_lazy("xlsx sheet", "Thuiszitters"),
    "toestroom": pgettext_lazy("xlsx sheet", "Toestroom"),
    "schakel": pgettext_lazy("xlsx sheet", "Schakel en carrousel"),
    "termijn": pgettext_lazy("xlsx sheet", "Binnen de termijn"),
    "loket": pgettext_lazy("xlsx sheet", "Loket"),
    "indicatoren": pgettext_lazy("xlsx sheet", "Indicatoren"),
    "doorlooptijd": pgettext_lazy("xlsx sheet", "Doorlooptijd"),
    "prognose": pgettext_lazy("xlsx sheet", "Prognose doelen"),
}


def _quarterly_export(fmt, report):
    meta = [
        [_("Samenwerkingsverband"), str(report.swv)],
        [_("Periode"), report.period.label, report.period.start.isoformat(), report.period.end.isoformat()],
        [_("Peildatum"), report.peildatum.isoformat()],
    ]
    sections = _quarterly_sections(report)
    filename = f"kwartaalrapportage-{report.swv.code.replace(' ', '')}-{report.period.label}"
    if fmt == "csv":
        table = list(meta)
        for _key, title, header, rows, definition in sections:
            table += [[], [title], [_("Definitie"), definition], header, *rows]
        return exports.csv_response(filename, table)
    toelichting = [
        *meta,
        [],
        [_("Blad"), _("Cijfer"), _("Definitie")],
        *([str(SHEET_NAMES[key]), title, definition] for key, title, _h, _r, definition in sections),
    ]
    figures = [(str(SHEET_NAMES[key]), [header, *rows]) for key, _t, header, rows, _d in sections]
    return exports.xlsx_response(
        filename, [(_("Toelichting"), toelichting), *figures], bold_header=[title for title, _t in figures]
    )


@login_required
@require_safe
def kwartaalrapportage(request):
    from reports import charts
    from reports.forms import QuarterlyReportForm
    from reports.quarterly import DEFINITIONS, Period, quarterly_report

    swvs = policies.report_swvs(request.user)
    if not swvs.exists():
        raise PermissionDenied
    requested = request.GET.get("swv", "")
    if requested and not (requested.isdigit() and swvs.filter(pk=requested).exists()):
        raise Http404  # another organisation's SWV, or one that does not exist
    report = None
    if request.GET.get("periode"):
        form = QuarterlyReportForm(request.GET, swvs=swvs)
        if form.is_valid():
            swv, period = form.cleaned_data["swv"], form.cleaned_data["period"]
            report = quarterly_report(swv=swv, period=period, now=clock.now())
    else:  # first visit: the last complete quarter of the (first) SWV
        swv = swvs.filter(pk=requested).first() if requested else swvs.order_by("name").first()
        defaults = QuarterlyReportForm.defaults(swv)
        form = QuarterlyReportForm(defaults, swvs=swvs)
        form.is_valid()
        report = quarterly_report(
            swv=swv, period=Period.last_complete_quarter(clock.today()), now=clock.now()
        )
    query = ""
    if report is not None:
        params = {k: v for k, v in form.data.items() if k in form.fields}
        query = urlencode(params)
        fmt = request.GET.get("format", "")
        what = f"kwartaalrapportage {report.swv.code} {report.period.label}"
        if fmt in ("csv", "xlsx"):
            log_read(request, swv_id=report.swv.pk, what=f"{what} export {fmt}")
            return _quarterly_export(fmt, report)
        log_read(request, swv_id=report.swv.pk, what=what)
    return render(
        request,
        "reports/kwartaal.html",
        {
            "form": form,
            "report": report,
            "charts": charts.quarterly_charts(report) if report else {},
            "definitions": DEFINITIONS,
            "query": query,
        },
    )


# --- breach forecast per role, four weeks ahead ------------------------------------------------


@login_required
@require_safe
def forecast(request):
    from reports.forecast import breach_forecast
    from reports.forms import ForecastForm

    swvs = policies.forecast_swvs(request.user)
    if not swvs.exists():
        raise PermissionDenied
    requested = request.GET.get("swv", "")
    if requested and not (requested.isdigit() and swvs.filter(pk=requested).exists()):
        raise Http404  # another organisation's SWV, or one that does not exist
    data = {"swv": requested or swvs.first().pk, "rol": request.GET.get("rol", "")}
    form = ForecastForm(data, swvs=swvs)
    result = None
    if form.is_valid():
        swv = form.cleaned_data["swv"]
        result = breach_forecast(swv_id=swv.pk, role=form.cleaned_data["rol"] or None)
        log_read(
            request,
            swv_id=swv.pk,
            what=f"vooruitblik termijnen {swv.code} {form.cleaned_data['rol'] or 'alle rollen'}",
        )
    may_reassign = bool(policies.absence_swvs(request.user))
    return render(
        request, "reports/forecast.html", {"form": form, "forecast": result, "may_reassign": may_reassign}
    )


# --- capacity and waiting lists of the specialised schools ---------------------------------------


@login_required
@require_safe
def capacity(request):
    from reports import charts
    from reports.capacity import capacity_report
    from reports.forms import SwvForm

    swvs = policies.report_swvs(request.user).order_by("code")
    if not swvs.exists():
        raise PermissionDenied
    requested = request.GET.get("swv", "")
    if requested and not (requested.isdigit() and swvs.filter(pk=requested).exists()):
        raise Http404
    form = SwvForm({"swv": requested or swvs.first().pk}, swvs=swvs)
    form.is_valid()
    swv = form.cleaned_data["swv"]
    report = capacity_report(swv_id=swv.pk)
    log_read(request, swv_id=swv.pk, what=f"capaciteit en wachtlijsten {swv.code} {report.label}")
    chart = ""
    if report.schools:
        chart = charts.horizontal_bar(
            _("Capaciteit, geplaatst en wachtend per school"),
            [s.name for s in report.schools],
            [
                (_("Capaciteit"), [s.capacity for s in report.schools]),
                (_("Geplaatst"), [s.placed for s in report.schools]),
                (_("Wachtend"), [len(s.waiting) for s in report.schools]),
            ],
            counts=True,
        )
    return render(request, "reports/capacity.html", {"form": form, "report": report, "chart": chart})


# --- the monthly overview for the CvA/BTO ----------------------------------------------------------


@login_required
@require_safe
def monthly(request):
    from reports.forms import SwvSchooljaarForm
    from reports.monthly import DEFINITION, monthly_overview

    swvs = policies.report_swvs(request.user).order_by("code")
    if not swvs.exists():
        raise PermissionDenied
    requested = request.GET.get("swv", "")
    if requested and not (requested.isdigit() and swvs.filter(pk=requested).exists()):
        raise Http404
    data = {
        "swv": requested or swvs.first().pk,
        "schooljaar": request.GET.get("schooljaar") or selectors.schooljaar_of(clock.today()),
    }
    form = SwvSchooljaarForm(data, swvs=swvs)
    if not form.is_valid():
        data["schooljaar"] = selectors.schooljaar_of(clock.today())
        form = SwvSchooljaarForm(data, swvs=swvs)
        form.is_valid()
    swv, schooljaar = form.cleaned_data["swv"], form.cleaned_data["schooljaar"]
    rows = monthly_overview(swv_id=swv.pk, schooljaar=schooljaar)
    label = f"{schooljaar}-{schooljaar + 1}"
    fmt = request.GET.get("format", "")
    what = f"maandoverzicht {swv.code} {label}"
    if fmt in ("csv", "xlsx"):
        log_read(request, swv_id=swv.pk, what=f"{what} export {fmt}")
        header = [
            _("Maand"),
            _("Ontvangen"),
            _("Geadviseerd"),
            _("Toegekend"),
            _("Afgewezen"),
            _("Binnen de termijn"),
        ]
        values = [[r.label, r.received, r.advised, r.toegekend, r.afgewezen, r.within_term] for r in rows]
        meta = [_("Samenwerkingsverband"), swv.code, _("Schooljaar"), label]
        return _export(fmt, f"maandoverzicht-{swv.code}-{label}", _("Maandoverzicht"), meta, header, values)
    log_read(request, swv_id=swv.pk, what=what)
    totals = {
        key: sum(getattr(r, key) for r in rows)
        for key in ("received", "advised", "toegekend", "afgewezen", "within_term")
    }
    query = urlencode({"swv": swv.pk, "schooljaar": schooljaar})
    return render(
        request,
        "reports/monthly.html",
        {
            "form": form,
            "rows": rows,
            "label": label,
            "totals": totals,
            "definition": DEFINITION,
            "query": query,
        },
    )


# --- indicators: deelnamepercentage, thuiszitters per school ---------------------------------------


@login_required
@require_safe
def indicators(request):
    from reports.forms import SwvPeildatumForm
    from reports.indicators import (
        DEELNAME_DEFINITIE,
        THUISZITTERS_DEFINITIE,
        deelname,
        kengetallen,
        thuiszitters_per_school,
    )

    swvs = policies.report_swvs(request.user).order_by("code")
    if not swvs.exists():
        raise PermissionDenied
    requested = request.GET.get("swv", "")
    if requested and not (requested.isdigit() and swvs.filter(pk=requested).exists()):
        raise Http404
    data = {"swv": requested or swvs.first().pk, "peildatum": request.GET.get("peildatum") or clock.today()}
    form = SwvPeildatumForm(data, swvs=swvs)
    valid = form.is_valid()
    context = {
        "form": form,
        "deelname_definitie": DEELNAME_DEFINITIE,
        "thuiszitters_definitie": THUISZITTERS_DEFINITIE,
    }
    if valid:
        swv, peildatum = form.cleaned_data["swv"], form.cleaned_data["peildatum"]
        context.update(
            swv=swv,
            peildatum=peildatum,
            deelname=deelname(swv_id=swv.pk, peildatum=peildatum),
            thuiszitters=thuiszitters_per_school(swv_id=swv.pk, peildatum=peildatum),
            schooljaar=selectors.schooljaar_of(peildatum),
            kengetallen=kengetallen(swv_id=swv.pk, schooljaar=selectors.schooljaar_of(peildatum)),
        )
        log_read(request, swv_id=swv.pk, what=f"indicatoren {swv.code} peildatum {peildatum:%Y-%m-%d}")
    return render(request, "reports/indicators.html", context)


# --- policy targets with early warnings -------------------------------------------------------------------


def _swv_schooljaar_form(request, swvs):
    from reports.forms import SwvSchooljaarForm

    data = {
        "swv": request.GET.get("swv") or swvs.first().pk,
        "schooljaar": request.GET.get("schooljaar") or selectors.schooljaar_of(clock.today()),
    }
    form = SwvSchooljaarForm(data, swvs=swvs)
    if not form.is_valid():
        data["schooljaar"] = selectors.schooljaar_of(clock.today())
        form = SwvSchooljaarForm(data, swvs=swvs)
        form.is_valid()
    return form


def _targets_export(fmt, report):
    from reports.targets import METHOD_TEXT

    yes, no = _("ja"), _("nee")
    header = [
        _("Indicator"),
        _("Doel"),
        _("Doel uit schooljaar"),
        _("Tot nu"),
        _("Uitleg"),
        _("Prognose 31 juli"),
        _("Uitleg prognose"),
        _("Methode"),
        _("Op koers"),
        _("Definitie"),
    ]
    values = [
        [
            r.label,
            f"{r.richting_label} {r.doel:g}{r.eenheid}",
            r.doel_schooljaar_label,
            r.waarde,
            r.uitleg,
            r.projectie,
            r.projectie_uitleg,
            r.methode_label,
            "" if r.op_koers is None else (yes if r.op_koers else no),
            r.definitie,
        ]
        for r in report.rows
    ]
    trend = [[_("Indicator"), _("Maand"), _("Werkelijk"), _("Prognose"), _("Basisjaar"), _("Doel")]]
    trend += [
        [r.label, p.label, p.actual, p.projected, p.basis, p.doel] for r in report.rows for p in r.trend
    ]
    meta = [
        [_("Samenwerkingsverband"), report.swv.code],
        [_("Schooljaar"), report.label],
        [_("Peildatum"), report.peildatum.isoformat()],
        [_("Methode"), str(METHOD_TEXT)],
    ]
    filename = f"doelen-{report.swv.code.replace(' ', '')}-{report.label}"
    if fmt == "csv":
        return exports.csv_response(filename, [*meta, [], header, *values, [], *trend], bom=False)
    return exports.xlsx_response(filename, [(_("Doelen"), [*meta, [], header, *values]), (_("Trend"), trend)])


@login_required
@require_safe
def targets(request):
    from reports import charts
    from reports.targets import METHOD_TEXT, targets_report

    swvs = policies.report_swvs(request.user).order_by("code")
    if not swvs.exists():
        raise PermissionDenied
    requested = request.GET.get("swv", "")
    if requested and not (requested.isdigit() and swvs.filter(pk=requested).exists()):
        raise Http404
    form = _swv_schooljaar_form(request, swvs)
    swv, schooljaar = form.cleaned_data["swv"], form.cleaned_data["schooljaar"]
    report = targets_report(swv=swv, schooljaar=schooljaar, today=clock.today())
    fmt = request.GET.get("format", "")
    what = f"doelen {swv.code} {report.label}"
    if fmt in ("csv", "xlsx"):
        log_read(request, swv_id=swv.pk, what=f"{what} export {fmt}")
        return _targets_export(fmt, report)
    log_read(request, swv_id=swv.pk, what=what)
    return render(
        request,
        "reports/targets.html",
        {
            "form": form,
            "report": report,
            "rows": [(row, charts.target_chart(row) if row.trend else "") for row in report.rows],
            "method": METHOD_TEXT,
            "query": urlencode({"swv": swv.pk, "schooljaar": schooljaar}),
        },
    )


@login_required
@require_safe
def target_cases(request):
    """The cases behind one figure of the targets page, as far as the user may see them."""
    from reports.targets import figure_cases, targets_report

    swvs = policies.report_swvs(request.user).order_by("code")
    if not swvs.exists():
        raise PermissionDenied
    requested = request.GET.get("swv", "")
    if not (requested.isdigit() and swvs.filter(pk=requested).exists()):
        raise Http404
    form = _swv_schooljaar_form(request, swvs)
    swv, schooljaar = form.cleaned_data["swv"], form.cleaned_data["schooljaar"]
    indicator, reeks = request.GET.get("indicator", ""), request.GET.get("reeks", "")
    today = clock.today()
    cases = figure_cases(swv=swv, schooljaar=schooljaar, indicator=indicator, reeks=reeks, today=today)
    if cases is None:
        raise Http404
    report = targets_report(swv=swv, schooljaar=schooljaar, today=today)
    row = next(r for r in report.rows if r.indicator == indicator)
    drill = next(d for d in row.drill if d.reeks == reeks)
    visible = (
        cases.filter(pk__in=policies.visible_cases(request.user).values("pk"))
        .select_related("leerling", "school")
        .order_by("-opened_at", "-pk")
    )
    log_read(request, swv_id=swv.pk, what=f"doelen {swv.code} {report.label} {indicator} {reeks} casussen")
    return render(
        request,
        "reports/target_cases.html",
        {
            "report": report,
            "row": row,
            "drill": drill,
            "cases": visible[:500],
            "back": urlencode({"swv": swv.pk, "schooljaar": schooljaar}),
        },
    )
