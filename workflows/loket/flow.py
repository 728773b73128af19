"""LoketFlow: aanvullen_indienen (school) → triage (loket) → beoordeling en besluit (consulent) →
tweede akkoord (beslisser, only over budget) → end. An incomplete request goes back to the school's
`aanvullen_indienen`; a refused second approval back to the consulent. The evaluations after a grant are
tasks on set dates (Deadline rows run by the sweep, cases/services/loket.on_signal_warning), not flow nodes.

Node names are a stable API (in-flight cases run for months): renaming one needs a data migration.
"""

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow

from cases.roles import Role
from workflows.route_flow import RouteFlow, human


class LoketFlow(RouteFlow):
    # viewflow stores "workflows/loket.LoketFlow" (from __module__) in every process and task row
    __module__ = "workflows.loket"

    process_title = _("Ondersteuningsaanvraag")
    record_model = "Ondersteuningsaanvraag"
    record_key = "aanvraag_id"
    service = "loket"

    # node -> (role, deadline kind for the task's due date)
    NODE_ROLES = {
        "aanvullen_indienen": (Role.SCHOOL, None),
        "triage": (Role.CONSULENT, "loket_triagetermijn"),
        "beoordeling": (Role.CONSULENT, "loket_beslistermijn"),
        "tweede_akkoord": (Role.BESLISSER, "loket_beslistermijn"),
    }

    start = flow.StartHandle(this.start_process).Next(this.aanvullen_indienen)
    aanvullen_indienen = human(_("Ondersteuningsaanvraag aanvullen en indienen")).Next(this.triage)
    triage = human(_("Triage: volledig, soort, urgentie")).Next(this.na_triage)
    na_triage = flow.If(this.is_in_behandeling).Then(this.beoordeling).Else(this.aanvullen_indienen)
    beoordeling = human(_("Aanvraag beoordelen en besluiten")).Next(this.na_besluit)
    na_besluit = flow.If(this.wacht_op_akkoord).Then(this.tweede_akkoord).Else(this.end)
    tweede_akkoord = human(_("Tweede akkoord: toewijzing boven budget")).Next(this.na_akkoord)
    na_akkoord = flow.If(this.is_in_behandeling).Then(this.beoordeling).Else(this.end)
    end = flow.End()

    def is_in_behandeling(self, activation):
        return self.record_of(activation.process).status == "in_behandeling"

    def wacht_op_akkoord(self, activation):
        return self.record_of(activation.process).status == "tweede_akkoord"
