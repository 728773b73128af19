"""ThuiszitterFlow: melding → registratie → plan van aanpak → casusoverleg → passend aanbod → terugkeer
→ monitoring → afgesloten. A reopened melding starts a new process that skips the registration.

Node names are a stable API (in-flight cases run for months): renaming one needs a data migration.
The escalation ladder is not part of the flow: it runs on Deadline rows (cases/terms.py) and the sweep.
"""

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow, lock

from cases.roles import Role
from workflows.inbox.views import task_view


def _human(title, description=""):
    return flow.View(task_view).Annotation(title=title, description=description).onCreate(this.task_created)


class ThuiszitterFlow(flow.Flow):
    # viewflow stores "workflows/thuiszitter.ThuiszitterFlow" (from __module__) in every process and task row
    __module__ = "workflows.thuiszitter"

    process_title = _("Thuiszitter")
    lock_impl = lock.SelectForUpdateLock(nowait=False, attempts=3)

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
    registratie = _human(_("Thuiszitter registreren")).Next(this.plan_van_aanpak)
    plan_van_aanpak = _human(_("Plan van aanpak opstellen")).Next(this.casusoverleg)
    casusoverleg = _human(_("Casusoverleg voeren en afspraken vastleggen")).Next(this.passend_aanbod)
    passend_aanbod = _human(_("Passend aanbod vastleggen")).Next(this.terugkeer)
    terugkeer = _human(_("Terugkeer van de leerling vastleggen")).Next(this.monitoring)
    monitoring = _human(_("Monitoring afronden en casus afsluiten")).Next(this.end)
    end = flow.End()

    @staticmethod
    def melding_of(process):
        from cases.models import ThuiszitterMelding

        return ThuiszitterMelding.objects.select_related("case", "case__swv", "case__school").get(
            pk=process.data["melding_id"]
        )

    def start_process(self, activation, melding):
        activation.process.data = {"melding_id": melding.pk, "case_id": melding.case_id}
        return activation.process

    def needs_registration(self, activation):
        from cases.models import ThuiszitterStatus

        return self.melding_of(activation.process).status == ThuiszitterStatus.GEMELD

    def task_created(self, activation):
        from cases.services import thuiszitter

        thuiszitter.task_created(
            melding=self.melding_of(activation.process),
            task=activation.task,
            node=activation.flow_task.name,
        )
