"""The TLV's viewflow flow: which task is open, for which role, in whose inbox.

Node names are a stable API (in-flight cases run for months): renaming one needs a data migration.
Gateways read the route record; Function nodes only call services.
"""

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow

from cases.roles import Role
from workflows.route_flow import RouteFlow, human


class TlvFlow(RouteFlow):
    """TLV: aanvraag → volledigheid → twee deskundigenadviezen → CvA/BTO → besluit."""

    # viewflow stores "workflows/flows.TlvFlow" (from __module__) in every process and task row; the class
    # lived in workflows/flows.py, which still exposes it
    __module__ = "workflows.flows"

    process_title = _("TLV-aanvraag")
    record_model = "TlvAanvraag"
    record_key = "aanvraag_id"
    service = "tlv"

    # node -> (role, deadline kind for the task's due date)
    NODE_ROLES = {
        "indienen": (Role.SCHOOL, None),
        "volledigheidstoets": (Role.CONSULENT, None),
        "herstel": (Role.SCHOOL, "tlv_hersteltermijn"),
        "deskundigenadvies_1": (Role.DESKUNDIGE, "tlv_beslistermijn"),
        "deskundigenadvies_2": (Role.DESKUNDIGE, "tlv_beslistermijn"),
        "bto_review_1": (Role.CVA_LID, "tlv_beslistermijn"),
        "bto_review_2": (Role.CVA_LID, "tlv_beslistermijn"),
        "cva_advies": (None, "tlv_beslistermijn"),  # cva_lid (CvA mode) or cva_voorzitter (BTO meeting)
        "cva_aanvulling": (Role.SCHOOL, "tlv_informatietermijn"),
        "besluit": (Role.BESLISSER, "tlv_beslistermijn"),
    }

    start = flow.StartHandle(this.start_process).Next(this.indienen)
    indienen = human(_("Aanvraag opstellen en indienen")).Next(this.volledigheidstoets)
    volledigheidstoets = human(_("Volledigheid van het dossier toetsen")).Next(this.is_volledig)
    is_volledig = flow.If(this.dossier_volledig).Then(this.start_advies).Else(this.herstel)
    herstel = human(_("Dossier aanvullen (hersteltermijn)")).Next(this.volledigheidstoets)
    start_advies = flow.Function(this.deskundigenadvies_starten).Next(this.advies_als_taak)
    # the SWV's advice mode: tasks for its deskundigen, or the advices are documents in the school's file
    advies_als_taak = flow.If(this.adviezen_als_taken).Then(this.split_advies).Else(this.naar_cva)
    split_advies = flow.Split().Always(this.deskundigenadvies_1).Always(this.deskundigenadvies_2)
    deskundigenadvies_1 = human(_("Eerste deskundigenadvies (orthopedagoog of psycholoog)")).Next(
        this.join_advies
    )
    deskundigenadvies_2 = human(_("Tweede deskundigenadvies")).Next(this.join_advies)
    join_advies = flow.Join().Next(this.naar_cva)
    naar_cva = flow.Function(this.cva_starten).Next(this.is_bto)
    is_bto = flow.If(this.bto_mode).Then(this.split_bto).Else(this.cva_advies)
    split_bto = flow.Split().Always(this.bto_review_1).Always(this.bto_review_2)
    bto_review_1 = human(_("BTO: eerste onafhankelijke beoordeling")).Next(this.join_bto)
    bto_review_2 = human(_("BTO: tweede onafhankelijke beoordeling")).Next(this.join_bto)
    join_bto = flow.Join().Next(this.cva_advies)
    cva_advies = human(_("Advies CvA/BTO vastleggen")).Next(this.vraagt_informatie)
    vraagt_informatie = flow.If(this.meer_informatie_nodig).Then(this.cva_aanvulling).Else(this.besluit)
    cva_aanvulling = human(_("Informatie aanvullen voor de CvA/BTO")).Next(this.cva_advies)
    besluit = human(_("Besluit nemen")).Next(this.end)
    end = flow.End()

    # --- gateways ---------------------------------------------------------------------------

    def dossier_volledig(self, activation):
        from cases.models import TlvStatus

        return self.record_of(activation.process).status == TlvStatus.IN_BEHANDELING

    def bto_mode(self, activation):
        from cases import profiles

        return profiles.for_case(self.record_of(activation.process).case).r.beslismodel == "bto"

    def adviezen_als_taken(self, activation):
        from cases import profiles

        return profiles.for_case(self.record_of(activation.process).case).r.adviezen_als == "taken"

    def meer_informatie_nodig(self, activation):
        from cases.models import TlvStatus

        return self.record_of(activation.process).status == TlvStatus.MEER_INFORMATIE

    # --- function nodes: call services only -------------------------------------------------

    def deskundigenadvies_starten(self, activation):
        from cases.services import tlv

        tlv.deskundigenadvies_starten(aanvraag=self.record_of(activation.process))

    def cva_starten(self, activation):
        from cases.services import tlv

        tlv.cva_starten(aanvraag=self.record_of(activation.process))
