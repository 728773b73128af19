"""OverstapFlow: toestemming → dossier → verzenden (PO side) → ontvangst → warme overdracht → plaatsing →
controle (VO side, on the receiving case in the VO SWV).

Node names are a stable API (in-flight cases run for months): renaming one needs a data migration.
The receipt term and the 1 October placement term are Deadline rows (cases/terms.py) run by the sweep.
"""

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow

from cases.roles import Role
from workflows.route_flow import RouteFlow, human


class OverstapFlow(RouteFlow):
    # viewflow stores "workflows/overstap.OverstapFlow" (from __module__) in every process and task row
    __module__ = "workflows.overstap"

    process_title = _("Overstap PO-VO")
    record_model = "Overstap"
    record_key = "overstap_id"
    service = "overstap"

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
    toestemming = human(_("Toestemming van de ouders voor de overdracht vastleggen")).Next(this.dossier)
    dossier = human(_("Overdrachtsdossier voorbereiden en VO-school kiezen")).Next(this.verzenden)
    verzenden = human(_("Overdrachtsdossier controleren en verzenden")).Next(this.ontvangst)
    ontvangst = human(_("Overdracht ontvangen")).Next(this.warme_overdracht)
    warme_overdracht = human(
        _("Warme overdracht voeren (beide samenwerkingsverbanden, beide scholen, ouders)")
    ).Next(this.plaatsing)
    plaatsing = human(_("Plaatsing bevestigen")).Next(this.controle)
    controle = human(_("Controleren dat de leerling op zijn plek zit (vóór 1 oktober)")).Next(this.end)
    end = flow.End()
