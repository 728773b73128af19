"""LoketFlow: aanvullen_indienen (school) → triage (loket) → beoordeling en besluit (consulent) →
tweede akkoord (beslisser, only over budget) → end. An incomplete request goes back to the school's
`aanvullen_indienen`; a refused second approval back to the consulent. The evaluations after a grant are
tasks on set dates (Deadline rows run by the sweep, cases/services/loket.on_signal_warning), not flow nodes.

Node names are a stable API (in-flight cases run for months): renaming one needs a data migration.
"""

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow, lock

from cases.roles import Role
from workflows.inbox.views import task_view


def _human(title, description=""):
    return flow.View(task_view).Annotation(title=title, description=description).onCreate(this.task_created)


class LoketFlow(flow.Flow):
    # viewflow stores "workflows/loket.LoketFlow" (from __module__) in every process and task row
    __module__ = "workflows.loket"

    process_title = _("Ondersteuningsaanvraag")
    lock_impl = lock.SelectForUpdateLock(nowait=False, attempts=3)

    # node -> (role, deadline kind for the task's due date)
    NODE_ROLES = {
        "aanvullen_indienen": (Role.SCHOOL, None),
        "triage": (Role.CONSULENT, "loket_triagetermijn"),
        "beoordeling": (Role.CONSULENT, "loket_beslistermijn"),
        "tweede_akkoord": (Role.BESLISSER, "loket_beslistermijn"),
    }

    start = flow.StartHandle(this.start_process).Next(this.aanvullen_indienen)
    aanvullen_indienen = _human(_("Ondersteuningsaanvraag aanvullen en indienen")).Next(this.triage)
    triage = _human(_("Triage: volledig, soort, urgentie")).Next(this.na_triage)
    na_triage = flow.If(this.is_in_behandeling).Then(this.beoordeling).Else(this.aanvullen_indienen)
    beoordeling = _human(_("Aanvraag beoordelen en besluiten")).Next(this.na_besluit)
    na_besluit = flow.If(this.wacht_op_akkoord).Then(this.tweede_akkoord).Else(this.end)
    tweede_akkoord = _human(_("Tweede akkoord: toewijzing boven budget")).Next(this.na_akkoord)
    na_akkoord = flow.If(this.is_in_behandeling).Then(this.beoordeling).Else(this.end)
    end = flow.End()

    @staticmethod
    def aanvraag_of(process):
        from cases.models import Ondersteuningsaanvraag

        return Ondersteuningsaanvraag.objects.select_related("case", "case__swv", "case__school").get(
            pk=process.data["aanvraag_id"]
        )

    def start_process(self, activation, aanvraag):
        activation.process.data = {"aanvraag_id": aanvraag.pk, "case_id": aanvraag.case_id}
        return activation.process

    def is_in_behandeling(self, activation):
        return self.aanvraag_of(activation.process).status == "in_behandeling"

    def wacht_op_akkoord(self, activation):
        return self.aanvraag_of(activation.process).status == "tweede_akkoord"

    def task_created(self, activation):
        from cases.services import loket

        loket.task_created(
            aanvraag=self.aanvraag_of(activation.process),
            task=activation.task,
            node=activation.flow_task.name,
        )
