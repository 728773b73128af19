"""Flow diagrams: viewflow lays each route's flow out on a grid in pure Python
(`viewflow.workflow.chart.calc_layout_data`); we draw that grid as inline SVG with our own template, so
the diagram follows the page's language and styles, and mark where one case stands (done / current).
No graphviz binary is needed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from textwrap import wrap

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from viewflow.workflow import chart
from viewflow.workflow.status import STATUS

from workflows.flows import FLOWS

# Labels for the nodes that have no task title (starts, gateways, service steps), by node name.
NODE_LABELS = {
    "start": _("Start"),
    "end": _("Einde"),
    "is_volledig": _("Dossier volledig?"),
    "start_advies": _("Deskundigenadvies aanvragen"),
    "advies_als_taak": _("Adviezen als taken?"),
    "split_advies": _("Twee adviezen tegelijk"),
    "join_advies": _("Beide adviezen binnen"),
    "naar_cva": _("Naar CvA/BTO"),
    "is_bto": _("BTO-werkwijze?"),
    "split_bto": _("Twee beoordelingen tegelijk"),
    "join_bto": _("Beide beoordelingen binnen"),
    "vraagt_informatie": _("Meer informatie nodig?"),
    "is_nieuw": _("Nieuwe melding?"),
    "na_triage": _("Volledig?"),
    "na_besluit": _("Boven budget?"),
    "na_akkoord": _("Akkoord?"),
}
EDGE_LABELS = {"yes": _("ja"), "no": _("nee")}
ROUTE_TITLES = {
    "tlv": _("TLV-aanvraag"),
    "thuiszitter": _("Thuiszitter"),
    "screening": _("Screening zorg naar onderwijs"),
    "schakel": _("Schakel / terugplaatsing"),
    "loket": _("Ondersteuningsaanvraag"),
    "overstap": _("Overstap PO-VO"),
}
OPEN_TASK = {STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED, STATUS.SCHEDULED}
# the route record that holds each flow's current viewflow process
PROCESS_OWNER = {
    "tlv": "tlv",
    "thuiszitter": "thuiszitter",
    "screening": "screening",
    "schakel": "schakeltraject",
    "loket": "ondersteuningsaanvraag",
    "overstap": "overstap",
}


@dataclass(frozen=True)
class Step:
    name: str
    label: str
    human: bool
    col: int
    row: int


def _label(node) -> str:
    if node.name in NODE_LABELS:
        return str(NODE_LABELS[node.name])
    if getattr(node, "task_title", None):
        return str(node.task_title)
    return node.name.replace("_", " ").capitalize()


def _is_human(node) -> bool:
    return type(node).__name__ == "View"


@lru_cache(maxsize=32)
def _layout(route: str, language: str | None):
    """The laid-out grid of a route's flow (per language: labels are translated when drawn)."""
    grid = chart.calc_layout_data(FLOWS[route])
    cells = []
    for cell in grid.cells:
        node = cell.node
        label = _label(node)
        human = _is_human(node) or type(node).__name__ == "Function"
        lines = wrap(label, 20) if human else []
        cells.append(
            {
                "name": node.name,
                "label": label,
                "human": _is_human(node),
                "boxed": human,
                "x": cell.shape.x,
                "y": cell.shape.y,
                "width": cell.shape.width,
                "cx": cell.shape.width // 2,
                "height": cell.shape.height,
                "svg": cell.shape.svg,
                "lines": [
                    (line, cell.shape.width // 2, (cell.shape.height - 14 * (len(lines) - 1)) // 2 + 14 * n)
                    for n, line in enumerate(lines)
                ],
                "col": cell.col,
                "row": cell.row,
            }
        )
    edges = [
        {
            "id": f"{e.src.name}__{e.dst.name}",
            "d": " ".join(f"{'M' if n == 0 else 'L'}{x},{y}" for n, (x, y) in enumerate(e.segments)),
            "label": str(EDGE_LABELS.get(e.label, e.label or "")),
            "label_pos": e.label_pos,
        }
        for e in grid.edges
        if e.segments
    ]
    return grid.width, grid.height, cells, edges


def is_wide(route: str) -> bool:
    """Wider than a laptop's content column: the page says the diagram scrolls sideways."""
    return _layout(route, get_language())[0] > 1100


def steps(route: str) -> list[Step]:
    """The flow's nodes in reading order (left to right, top to bottom)."""
    _, _, cells, _ = _layout(route, get_language())
    out = sorted(cells, key=lambda c: (c["col"], c["row"]))
    out.sort(key=lambda c: (c["col"], c["row"]))
    return [Step(c["name"], c["label"], c["human"], c["col"], c["row"]) for c in out]


def process_status(case) -> tuple[set[str], set[str]]:
    """(done, current) node names of the case's current viewflow process; empty for routes without one."""
    owner = PROCESS_OWNER.get(case.route)
    record = getattr(case, owner, None) if owner else None
    process_id = getattr(record, "process_id", None)
    if process_id is None:
        return set(), set()
    flow_class = FLOWS[case.route]
    done, current = set(), set()
    for task in flow_class.task_class._default_manager.filter(process_id=process_id).only(
        "flow_task", "status"
    ):
        name = task.flow_task.name
        if task.status in OPEN_TASK:
            current.add(name)
        elif task.status == STATUS.DONE:
            done.add(name)
    return done - current, current


def flow_svg(route: str, *, done=frozenset(), current=frozenset(), title: str = "") -> SafeString:
    """Inline SVG of the route's flow; `current` nodes are marked as where the case stands now."""
    width, height, cells, edges = _layout(route, get_language())
    cells = [dict(c) for c in cells]  # the layout is cached: mark copies
    for c in cells:
        c["state"] = "current" if c["name"] in current else "done" if c["name"] in done else ""
    html = render_to_string(
        "processes/flow_chart_svg.html",
        {
            "id": f"flow-{route}",
            "title": title or str(ROUTE_TITLES.get(route, route)),
            "width": width,
            "height": height,
            "cells": cells,
            "edges": edges,
            "marked": bool(done or current),
        },
    )
    return mark_safe(html)  # noqa: S308 - our own template; labels are escaped by it
