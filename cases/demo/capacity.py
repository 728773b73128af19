"""Demo data: the places of the specialised schools, the SWV's waiting norm, and the placements of the TLVs
in force, so the capacity page shows placed pupils, a waiting list with one pupil over the norm and next
school year's forecast."""

from __future__ import annotations

from cases import clock
from cases.models import School, Tlv
from cases.models.tlv_lifecycle import TlvStatusGeldig


class CapacityDemo:
    """Mixed into the seed_demo command (uses its stdout)."""

    def _capacity(self, swv, users):
        """Idempotent: an SWV with a waiting norm already has its capacity data."""
        from cases.services import plaatsing
        from reports.models import Capaciteit, WachtlijstNorm
        from reports.selectors import schooljaar_of

        if WachtlijstNorm.objects.filter(swv=swv).exists():
            return
        self.stdout.write(
            "  capaciteit van de scholen voor speciaal onderwijs, plaatsingen en wachtlijst ..."
        )
        WachtlijstNorm.objects.create(swv=swv, max_dagen=20)
        year = schooljaar_of(clock.today())
        for n, school in enumerate(School.objects.filter(swv=swv).exclude(soort="regulier").order_by("pk")):
            Capaciteit.objects.create(school=school, schooljaar=year, plaatsen=4 + n)
            Capaciteit.objects.create(school=school, schooljaar=year + 1, plaatsen=3 + n)
        consulent = users["po-consulent" if swv.sector == "po" else "vo-consulent"]
        in_force = list(
            Tlv.objects.filter(
                case__swv=swv, status=TlvStatusGeldig.ACTIEF, ingangsdatum__lte=clock.today()
            ).order_by("ingangsdatum", "pk")
        )
        for tlv in in_force[:-1]:  # the most recent one is still waiting for a place
            if tlv.case.leerling.huidige_plaatsing_id != tlv.plaatsingsschool_id:
                plaatsing.plaatsing_bevestigen(tlv=tlv, by=consulent, op=tlv.ingangsdatum)
