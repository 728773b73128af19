"""Demo data: a year of TLV decisions in the base year of the SWV's TLV-reduction target (the school year
before the target's peildatum), spread over the year, so the targets page shows the reduction so far and its
projection against a base year with a seasonal pattern."""

from __future__ import annotations

import datetime as dt
import random

from cases import clock
from cases.demo.common import FIRST_NAMES, LAST_NAMES, make_bsn
from cases.models import IndicatorDoel, Leerling, TlvAanvraag
from parents.demo import seed_parents

# days after the start of the base year on which a TLV was toegekend (six in the year, three before December)
BASE_YEAR_DAYS = (12, 70, 105, 170, 230, 300)


class TargetsDemo:
    """Mixed into the seed_demo command (uses its stdout)."""

    def _targets_history(self, swv, users):
        """Idempotent: a base year that holds decisions already is left alone."""
        from reports.selectors import schooljaar_of
        from reports.targets import base_year

        doel = (
            IndicatorDoel.objects.filter(swv=swv, indicator="tlv_daling", peildatum__isnull=False)
            .order_by("-schooljaar")
            .first()
        )
        if doel is None:
            return
        b0, b1 = base_year(schooljaar_of(clock.today()), doel.peildatum)
        if (
            b1 >= clock.today()
            or TlvAanvraag.objects.filter(
                case__swv=swv, besloten_op__date__gte=b0, besloten_op__date__lte=b1
            ).exists()
        ):
            return
        self.stdout.write(
            "  TLV-besluiten in het basisjaar van het doel voor de daling van het aantal TLV's ..."
        )
        rng = random.Random(f"targets-{swv.code}")
        p = "po" if swv.sector == "po" else "vo"
        schools, gemeenten = users["_schools"], users["_gemeenten"]
        special = schools[3] if swv.sector == "po" else schools[2]
        school_users = {schools[0].pk: users[f"{p}-school"], schools[1].pk: users[f"{p}-school2"]}
        now, today = clock.now(), clock.today()

        def at(days_ago):
            return clock.travel(now - dt.timedelta(days=days_ago, hours=-1))

        for n, offset in enumerate(BASE_YEAR_DAYS):
            school = schools[n % 2]
            age = rng.randint(8, 11) if swv.sector == "po" else rng.randint(12, 16)
            leerling = Leerling.objects.create(
                swv=swv,
                voornaam=rng.choice(FIRST_NAMES),
                achternaam=rng.choice(LAST_NAMES),
                geboortedatum=today - dt.timedelta(days=365 * (age + 2) + 30 + n * 7),
                bsn=make_bsn(rng),
                woongemeente=gemeenten[n % len(gemeenten)],
                stamschool=school,
                huidige_plaatsing=school,
            )
            seed_parents(swv, leerlingen=[leerling])
            duration = 21
            decided_on = b0 + dt.timedelta(days=offset)
            soort, cluster, categorie = ("sbo", None, "") if swv.sector == "po" else ("vso", None, "laag")
            self._decided_tlv(
                swv,
                users,
                leerling,
                school_users[school.pk],
                users[f"{p}-consulent"],
                special,
                at,
                soort=soort,
                cluster=cluster,
                categorie=categorie,
                besluit="toekennen",
                ago=(today - decided_on).days + duration + 2,  # _decided_tlv decides 2 days later
                duration=duration,
            )
