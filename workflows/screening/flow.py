"""ScreeningFlow: aanmelding → screening and advice → ouders and bestuur informed → plaatsingsbesluit.

Node names are a stable API (in-flight cases run for months): renaming one needs a data migration.
The screening term and the re-screen timer are Deadline rows (cases/terms.py) run by the sweep.
"""

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow, lock

from cases.roles import Role
from workflows.inbox.views import task_view


def _human(title, description=""):
    return flow.View(task_view).Annotation(title=title, description=description).onCreate(this.task_created)


class ScreeningFlow(flow.Flow):
    # viewflow stores "workflows/screening.ScreeningFlow" (from __module__) in every process and task row
    __module__ = "workflows.screening"

    process_title = _("Screening zorg naar onderwijs")
    lock_impl = lock.SelectForUpdateLock(nowait=False, attempts=3)

    # node -> (role, deadline kind for the task's due date)
    NODE_ROLES = {
        "screening": (Role.SCREENINGSTEAM, "screening_termijn"),
        "informeren": (Role.SCREENINGSTEAM, None),
        "plaatsing": (Role.SCHOOL, None),
    }

    start = flow.StartHandle(this.start_process).Next(this.screening)
    screening = _human(_("Screenen en advies vastleggen")).Next(this.informeren)
    informeren = _human(_("Ouders en schoolbestuur informeren over het advies")).Next(this.plaatsing)
    plaatsing = _human(_("Plaatsingsbesluit vastleggen")).Next(this.end)
    end = flow.End()

    @staticmethod
    def screening_of(process):
        from cases.models import ZorgOnderwijsScreening

        return ZorgOnderwijsScreening.objects.select_related("case", "case__swv", "case__school").get(
            pk=process.data["screening_id"]
        )

    def start_process(self, activation, screening):
        activation.process.data = {"screening_id": screening.pk, "case_id": screening.case_id}
        return activation.process

    def task_created(self, activation):
        from cases.services import screening

        screening.task_created(
            screening=self.screening_of(activation.process),
            task=activation.task,
            node=activation.flow_task.name,
        )
