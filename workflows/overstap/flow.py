"""OverstapFlow: toestemming → dossier → verzenden (PO side) → ontvangst → warme overdracht → plaatsing →
controle (VO side, on the receiving case in the VO SWV).

Node names are a stable API (in-flight cases run for months): renaming one needs a data migration.
The receipt term and the 1 October placement term are Deadline rows (cases/terms.py) run by the sweep.
"""

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow, lock

from cases.roles import Role
from workflows.inbox.views import task_view


def _human(title, description=""):
    return flow.View(task_view).Annotation(title=title, description=description).onCreate(this.task_created)


class OverstapFlow(flow.Flow):
    # viewflow stores "workflows/overstap.OverstapFlow" (from __module__) in every process and task row
    __module__ = "workflows.overstap"

    process_title = _("Overstap PO-VO")
    lock_impl = lock.SelectForUpdateLock(nowait=False, attempts=3)

    # node -> (role, deadline kind for the task's due date); the last four are the VO SWV's
    NODE_ROLES = {
        "toestemming": (Role.SCHOOL, None),
        "dossier": (Role.SCHOOL, None),
        "verzenden": (Role.CONSULENT, None),
        "ontvangst": (Role.CONSULENT, "overstap_ontvangst"),
        "warme_overdracht": (Role.CONSULENT, "overstap_plaatsing"),
        "plaatsing": (Role.SCHOOL, "overstap_plaatsing"),
        "controle": (Role.CONSULENT, None),
    }

    start = flow.StartHandle(this.start_process).Next(this.toestemming)
    toestemming = _human(_("Toestemming van de ouders voor de overdracht vastleggen")).Next(this.dossier)
    dossier = _human(_("Overdrachtsdossier voorbereiden en VO-school kiezen")).Next(this.verzenden)
    verzenden = _human(_("Overdrachtsdossier controleren en verzenden")).Next(this.ontvangst)
    ontvangst = _human(_("Overdracht ontvangen")).Next(this.warme_overdracht)
    warme_overdracht = _human(
        _("Warme overdracht voeren (beide samenwerkingsverbanden, beide scholen, ouders)")
    ).Next(this.plaatsing)
    plaatsing = _human(_("Plaatsing bevestigen")).Next(this.controle)
    controle = _human(_("Controleren dat de leerling op zijn plek zit (vóór 1 oktober)")).Next(this.end)
    end = flow.End()

    @staticmethod
    def overstap_of(process):
        from cases.models import Overstap

        return Overstap.objects.select_related(
            "case", "case__swv", "case__school", "ontvangst_case", "vo_school"
        ).get(pk=process.data["overstap_id"])

    def start_process(self, activation, overstap):
        activation.process.data = {"overstap_id": overstap.pk, "case_id": overstap.case_id}
        return activation.process

    def task_created(self, activation):
        from cases.services import overstap

        overstap.task_created(
            overstap=self.overstap_of(activation.process),
            task=activation.task,
            node=activation.flow_task.name,
        )
