"""SchakelFlow: signaal → schakeloverleg → schakelplan (proefplaatsing) → besluit.

A "verlengen" besluit keeps the besluit task open (due at the extended end of the trial); definitief and
terug complete it. Nazorg (checkpoints at 3 and 12 months) runs on Deadline rows and work items after the
flow has ended, like the TLV's einddatum signals. Node names are a stable API.
"""

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow, lock

from cases.roles import Role
from workflows.inbox.views import task_view


def _human(title, description=""):
    return flow.View(task_view).Annotation(title=title, description=description).onCreate(this.task_created)


class SchakelFlow(flow.Flow):
    # viewflow stores "workflows/schakel.SchakelFlow" (from __module__) in every process and task row
    __module__ = "workflows.schakel"

    process_title = _("Schakel / terugplaatsing")
    lock_impl = lock.SelectForUpdateLock(nowait=False, attempts=3)

    NODE_ROLES = {
        "schakeloverleg": (Role.CONSULENT, None),
        "schakelplan": (Role.CONSULENT, None),
        "besluit": (Role.CONSULENT, "schakel_proefperiode"),
    }

    start = flow.StartHandle(this.start_process).Next(this.schakeloverleg)
    schakeloverleg = _human(
        _("Schakeloverleg voeren (huidige school, ontvangende school, SWV, ouders)")
    ).Next(this.schakelplan)
    schakelplan = _human(_("Schakelplan en extra begeleiding vastleggen")).Next(this.besluit)
    besluit = _human(_("Besluit na de proefplaatsing")).Next(this.end)
    end = flow.End()

    @staticmethod
    def traject_of(process):
        from cases.models import Schakeltraject

        return Schakeltraject.objects.select_related("case", "case__swv", "case__school").get(
            pk=process.data["traject_id"]
        )

    def start_process(self, activation, traject):
        activation.process.data = {"traject_id": traject.pk, "case_id": traject.case_id}
        return activation.process

    def task_created(self, activation):
        from cases.services import schakel

        schakel.task_created(
            traject=self.traject_of(activation.process),
            task=activation.task,
            node=activation.flow_task.name,
        )
