"""The screening's task steps: node -> (input form, service call), for the work-item page and the API.

Node names are a stable API; workflows/registry.py joins every route's task steps.
"""

from __future__ import annotations

from functools import partial

from cases.services import screening
from workflows.route_specs import TaskSpec, item_step, record_step
from workflows.screening import forms as sforms

_step = partial(record_step, record=("screening", lambda item: item.case.screening))

TASKS: dict[str, TaskSpec] = {
    "screening": _step(sforms.AdviesForm, screening.advies_record, "ScreeningAdvies"),
    "informeren": _step(sforms.InformerenForm, screening.informeren_record, "ScreeningInformeren"),
    "plaatsing": _step(sforms.PlaatsingForm, screening.plaatsing_record, "ScreeningPlaatsing"),
    screening.HERSCREENING_NODE: item_step(
        sforms.HerscreeningForm, screening.herscreening_record, "ScreeningHerscreening"
    ),
}
