"""SchakelFlow: signaal → schakeloverleg → schakelplan (proefplaatsing) → besluit.

A "verlengen" besluit keeps the besluit task open (due at the extended end of the trial); definitief and
terug complete it. Nazorg (checkpoints at 3 and 12 months) runs on Deadline rows and work items after the
flow has ended, like the TLV's einddatum signals. Node names are a stable API.
"""

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow

from cases.roles import Role
from workflows.route_flow import RouteFlow, human


class SchakelFlow(RouteFlow):
    # viewflow stores "workflows/schakel.SchakelFlow" (from __module__) in every process and task row
    __module__ = "workflows.schakel"

    process_title = _("Schakel / terugplaatsing")
    record_model = "Schakeltraject"
    record_key = "traject_id"
    service = "schakel"

    NODE_ROLES = {
        "schakeloverleg": (Role.CONSULENT, None),
        "schakelplan": (Role.CONSULENT, None),
        "besluit": (Role.CONSULENT, "schakel_proefperiode"),
    }

    start = flow.StartHandle(this.start_process).Next(this.schakeloverleg)
    schakeloverleg = human(_("Schakeloverleg voeren (huidige school, ontvangende school, SWV, ouders)")).Next(
        this.schakelplan
    )
    schakelplan = human(_("Schakelplan en extra begeleiding vastleggen")).Next(this.besluit)
    besluit = human(_("Besluit na de proefplaatsing")).Next(this.end)
    end = flow.End()
