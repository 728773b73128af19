"""Server-side SVG charts with pygal: numbers in, SVG out, no JavaScript.

pygal always adds a small inline <script> with its tooltip config; the CSP forbids inline scripts, so it
is removed here (the charts print their values instead of relying on tooltips). Every chart on a page sits
next to a table with the same numbers, which is the accessible text alternative.
"""

from __future__ import annotations

import re

import pygal
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from pygal.style import Style

_SCRIPT = re.compile(r"<script\b.*?</script>", re.S | re.I)

# colours with at least 4.5:1 contrast on white (WCAG 2.1 AA for the printed values)
STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#1b1f24",
    foreground_strong="#1b1f24",
    foreground_subtle="#505a66",
    opacity="1",
    opacity_hover="1",
    colors=("#0b4f8a", "#8a4b00", "#1e7b34", "#6b3fa0", "#b3261e", "#505a66"),
    font_family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
    label_font_size=12,
    major_label_font_size=12,
    value_font_size=12,
    title_font_size=15,
    legend_font_size=12,
    tooltip_font_size=12,
)


def _base(chart_class, title: str, **options):
    return chart_class(
        title=title,
        style=STYLE,
        js=[],
        disable_xml_declaration=True,
        print_values=True,
        print_zeroes=False,
        height=options.pop("height", 320),
        width=options.pop("width", 760),
        legend_at_bottom=True,
        show_y_guides=True,
        truncate_label=-1,
        truncate_legend=-1,
        **options,
    )


def render(chart) -> SafeString:
    svg = _SCRIPT.sub("", chart.render(is_unicode=True))
    return mark_safe(svg)  # noqa: S308 - generated from numbers and pygal-escaped labels


def _whole_numbers(series, options) -> dict:
    """Counts get whole-number axis labels (pygal would label 0.1, 0.2, ... for small counts)."""
    top = max([v for _name, values in series for v in values if v is not None] or [0])
    if top <= 12 and "range" not in options:
        options = {**options, "range": (0, top + 1), "y_labels": list(range(0, int(top) + 2))}
    return options


def bar(title: str, labels: list[str], series: list[tuple[str, list]], **options) -> SafeString:
    options = _whole_numbers(series, options)
    chart = _base(pygal.Bar, title, x_label_rotation=options.pop("x_label_rotation", 0), **options)
    chart.x_labels = labels
    for name, values in series:
        chart.add(name, values)
    return render(chart)


def horizontal_bar(
    title: str, labels: list[str], series: list[tuple[str, list]], *, counts: bool = False, **options
) -> SafeString:
    if counts:
        options = _whole_numbers(series, options)
    chart = _base(pygal.HorizontalBar, title, **options)
    chart.x_labels = labels
    for name, values in series:
        chart.add(name, values)
    return render(chart)


def stacked_bar(title: str, labels: list[str], series: list[tuple[str, list]], **options) -> SafeString:
    totals = [
        sum(v or 0 for v in column) for column in zip(*[values for _name, values in series], strict=True)
    ]
    options = _whole_numbers([("", totals)], options)
    chart = _base(pygal.StackedBar, title, **options)
    chart.x_labels = labels
    for name, values in series:
        chart.add(name, values)
    return render(chart)


def quarterly_charts(report) -> dict[str, SafeString]:
    """One chart per figure of the quarterly report that has data."""
    charts = {}
    if report.tlv:
        charts["tlv"] = bar(
            _("Afgegeven TLV's per soort en categorie"),
            [r.label for r in report.tlv],
            [(_("Aantal"), [r.aantal for r in report.tlv])],
        )
    if report.thuiszitters:
        per_type = report.thuiszitters_per("type_label")
        charts["thuiszitters"] = horizontal_bar(
            _("Thuiszitters op de peildatum per soort verzuim"),
            [label for label, _n in per_type],
            [(_("Aantal"), [n for _label, n in per_type])],
            height=260,
            counts=True,
        )
    if report.toestroom:
        charts["toestroom"] = stacked_bar(
            _("Toestroom zorg naar onderwijs per herkomst"),
            [r.herkomst_label for r in report.toestroom],
            [
                (_("Volledig onderwijs"), [r.volledig for r in report.toestroom]),
                (_("Gedeeltelijk onderwijs"), [r.gedeeltelijk for r in report.toestroom]),
                (_("Niet geplaatst"), [r.niet for r in report.toestroom]),
            ],
        )
    if report.schakel:
        charts["schakel"] = bar(
            _("Carrousel: definitieve overstappen in het schooljaar tegen het doel"),
            [r.label for r in report.schakel],
            [
                (_("Schooljaar t/m peildatum"), [r.schooljaar_definitief for r in report.schakel]),
                (_("Doel per schooljaar"), [r.doel for r in report.schakel]),
            ],
            x_label_rotation=20,
            height=360,
        )
    terms = [r for r in report.termijnen if r.besluiten]
    if terms:
        charts["termijn"] = horizontal_bar(
            _("Binnen de termijn beslist (%)"),
            [r.label for r in terms],
            [(_("Binnen de termijn"), [r.percentage for r in terms])],
            range=(0, 100),
            height=80 + 45 * len(terms),
            value_formatter=lambda v: f"{v:.0f}%",
        )
    durations = [r for r in report.doorlooptijd_routes if r.aantal]
    if durations:
        charts["doorlooptijd"] = horizontal_bar(
            _("Mediane doorlooptijd per route (dagen)"),
            [r.label for r in durations],
            [(_("Mediaan (dagen)"), [r.mediaan_dagen for r in durations])],
            height=80 + 45 * len(durations),
        )
    return charts


def trend_line(title: str, labels: list[str], series: list[tuple[str, list]], **options) -> SafeString:
    """A line per series over the months (None leaves a gap: the actual figure stops today, the projection
    starts there). The same numbers stand in the table beside the chart."""
    options = _whole_numbers(series, options) if options.pop("counts", False) else options
    chart = _base(
        pygal.Line,
        title,
        x_label_rotation=options.pop("x_label_rotation", 20),
        allow_interruptions=True,
        **options,
    )
    chart.x_labels = labels
    for name, values in series:
        chart.add(name, values)
    return render(chart)


def target_chart(row) -> SafeString:
    """The trend of one policy target: the figure so far, the projection to 31 July and the target."""
    labels = [p.label for p in row.trend]
    series = [
        (_("Werkelijk"), [p.actual for p in row.trend]),
        (_("Prognose"), [p.projected for p in row.trend]),
    ]
    if any(p.basis is not None for p in row.trend):
        series.append((_("Basisjaar"), [p.basis for p in row.trend]))
    if any(p.doel is not None for p in row.trend):
        series.append((_("Doel"), [p.doel for p in row.trend]))
    options = {"range": (0, 100)} if row.trend_eenheid.startswith("%") else {"counts": True}
    return trend_line(f"{row.label}: {row.trend_eenheid}", labels, series, height=300, **options)
