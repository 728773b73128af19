"""ThuiszitterFlow: melding → registratie → plan van aanpak → casusoverleg → passend aanbod → terugkeer
→ monitoring → afgesloten. A reopened melding starts a new process that skips the registration.

Node names are a stable API (in-flight cases run for months): renaming one needs a data migration.
The escalation ladder is not part of the flow: it runs on Deadline rows (cases/terms.py) and the sweep.
"""

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow

from cases.roles import Role
from workflows.route_flow import RouteFlow, human


class ThuiszitterFlow(RouteFlow):
    # viewflow stores "workflows/thuiszitter.ThuiszitterFlow" (from __module__) in every process and task row
    __module__ = "workflows.thuiszitter"

    process_title = _("Thuiszitter")
    record_model = "ThuiszitterMelding"
    record_key = "melding_id"
    service = "thuiszitter"

    # node -> (role, deadline kind for the task's due date)
    NODE_ROLES = {
        "registratie": (Role.CONSULENT, None),
        "plan_van_aanpak": (Role.SCHOOL, "thuiszitter_plan"),
        "casusoverleg": (Role.CONSULENT, "thuiszitter_aanbod"),
        "passend_aanbod": (Role.CONSULENT, "thuiszitter_aanbod"),
        "terugkeer": (Role.SCHOOL, None),
        "monitoring": (Role.CONSULENT, None),  # due at the end of the monitoring period
    }

    start = flow.StartHandle(this.start_process).Next(this.is_nieuw)
    is_nieuw = flow.If(this.needs_registration).Then(this.registratie).Else(this.plan_van_aanpak)
    registratie = human(_("Thuiszitter registreren")).Next(this.plan_van_aanpak)
    plan_van_aanpak = human(_("Plan van aanpak opstellen")).Next(this.casusoverleg)
    casusoverleg = human(_("Casusoverleg voeren en afspraken vastleggen")).Next(this.passend_aanbod)
    passend_aanbod = human(_("Passend aanbod vastleggen")).Next(this.terugkeer)
    terugkeer = human(_("Terugkeer van de leerling vastleggen")).Next(this.monitoring)
    monitoring = human(_("Monitoring afronden en casus afsluiten")).Next(this.end)
    end = flow.End()

    def needs_registration(self, activation):
        from cases.models import ThuiszitterStatus

        return self.record_of(activation.process).status == ThuiszitterStatus.GEMELD
