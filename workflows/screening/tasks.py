"""The screening's task steps: node -> (input form, service call), for the work-item page and the API.

Node names are a stable API; workflows/registry.py joins every route's task steps.
"""

from __future__ import annotations

from cases.services import screening
from workflows.route_specs import TaskSpec
from workflows.screening import forms as sforms

TASKS: dict[str, TaskSpec] = {
    "screening": TaskSpec(
        sforms.AdviesForm,
        lambda item, user, d: screening.advies_record(screening=item.case.screening, by=user, **d),
        name="ScreeningAdvies",
    ),
    "informeren": TaskSpec(
        sforms.InformerenForm,
        lambda item, user, d: screening.informeren_record(screening=item.case.screening, by=user, **d),
        name="ScreeningInformeren",
    ),
    "plaatsing": TaskSpec(
        sforms.PlaatsingForm,
        lambda item, user, d: screening.plaatsing_record(screening=item.case.screening, by=user, **d),
        name="ScreeningPlaatsing",
    ),
    screening.HERSCREENING_NODE: TaskSpec(
        sforms.HerscreeningForm,
        lambda item, user, d: screening.herscreening_record(item=item, by=user, **d),
        name="ScreeningHerscreening",
    ),
}
