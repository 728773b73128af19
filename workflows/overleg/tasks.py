"""The case table's task steps, shared by every route: an agreement in its owner's inbox and the chair's
follow-up. Looked up by node on a case of any route (workflows/registry.py); node names are a stable API."""

from __future__ import annotations

from cases.services import overleg
from workflows.overleg import forms as oforms
from workflows.route_specs import TaskSpec, item_step

TASKS: dict[str, TaskSpec] = {
    overleg.AFSPRAAK_NODE: item_step(
        oforms.AfspraakUitkomstForm, overleg.afspraak_complete, "OverlegAfspraak"
    ),
    overleg.TERUGKOPPELING_NODE: item_step(
        oforms.TerugkoppelingForm, overleg.terugkoppeling_record, "OverlegTerugkoppeling"
    ),
}
