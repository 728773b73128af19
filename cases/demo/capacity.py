"""Demo data: the places of the specialised schools, the SWV's waiting norm, and the placements of the TLVs
in force, so the capacity page shows placed pupils, a waiting list with one pupil over the norm and next
school year's forecast; and last school year's figures the SWV records itself (vrijstellingen, symbiose,
satisfaction) for the indicators page."""

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
        self._kengetallen(swv, year - 1)
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

    @staticmethod
    def _kengetallen(swv, year):
        """Last school year's figures the SWV recorded itself: vrijstellingen per grondslag (from the
        leerplicht's annual report), symbiose agreements and its satisfaction survey."""
        from reports.models import Kengetal

        bron_lp = f"jaarverslag leerplicht {year}-{year + 1}"
        bron_tv = f"tevredenheidsonderzoek {year}-{year + 1}"
        rows = [
            ("vrijstelling", "art_5a", 6 if swv.sector == "po" else 4, None, bron_lp),
            ("vrijstelling", "art_5b", 1, None, bron_lp),
            ("vrijstelling", "art_5c", 2, None, bron_lp),
            ("symbiose", "so_vso_naar_regulier", 3, None, "registratie symbiose-overeenkomsten"),
            ("symbiose", "regulier_naar_so_vso", 1, None, "registratie symbiose-overeenkomsten"),
            ("tevredenheid", "ouders", "7.6", 48, bron_tv),
            ("tevredenheid", "scholen", "7.9", 31, bron_tv),
        ]
        for soort, categorie, waarde, respondenten, bron in rows:
            Kengetal.objects.create(
                swv=swv,
                schooljaar=year,
                soort=soort,
                categorie=categorie,
                waarde=waarde,
                respondenten=respondenten,
                bron=bron,
            )
