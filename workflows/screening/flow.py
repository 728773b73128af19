"""ScreeningFlow: aanmelding → screening and advice → ouders and bestuur informed → plaatsingsbesluit.

Node names are a stable API (in-flight cases run for months): renaming one needs a data migration.
The screening term and the re-screen timer are Deadline rows (cases/terms.py) run by the sweep.
"""

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow

from cases.roles import Role
from workflows.route_flow import RouteFlow, human


class ScreeningFlow(RouteFlow):
    # viewflow stores "workflows/screening.ScreeningFlow" (from __module__) in every process and task row
    __module__ = "workflows.screening"

    process_title = _("Screening zorg naar onderwijs")
    record_model = "ZorgOnderwijsScreening"
    record_key = "screening_id"
    service = "screening"

    # node -> (role, deadline kind for the task's due date)
    NODE_ROLES = {
        "screening": (Role.SCREENINGSTEAM, "screening_termijn"),
        "informeren": (Role.SCREENINGSTEAM, None),
        "plaatsing": (Role.SCHOOL, None),
    }

    start = flow.StartHandle(this.start_process).Next(this.screening)
    screening = human(_("Screenen en advies vastleggen")).Next(this.informeren)
    informeren = human(_("Ouders en schoolbestuur informeren over het advies")).Next(this.plaatsing)
    plaatsing = human(_("Plaatsingsbesluit vastleggen")).Next(this.end)
    end = flow.End()
