"""Demo data: half a year of decisions for the quarterly report."""

from __future__ import annotations

import datetime as dt
import random

from cases import clock
from cases.demo.common import FIRST_NAMES, LAST_NAMES, make_bsn
from cases.models import Leerling
from parents.demo import seed_parents


class ReportHistoryDemo:
    """Mixed into the seed_demo command (uses its stdout)."""

    def _report_history(self, swv, users):
        """Decided TLVs of every soort/categorie, a thuiszitter period, screenings and schakel moves spread
        over the last six months (relative to the clock), so the last complete quarter and the running one
        both show data. Idempotent: the first history pupil's BSN marks it as done."""
        from cases.services import schakel, screening, thuiszitter

        rng = random.Random(f"history-{swv.code}")
        bsns = [make_bsn(rng) for _ in range(12)]
        if Leerling.objects.filter(swv=swv, bsn=bsns[0]).exists():
            return
        self.stdout.write("  historie voor de kwartaalrapportage (besluiten, thuiszitters, screenings) ...")
        p = "po" if swv.sector == "po" else "vo"
        schools, gemeenten = users["_schools"], users["_gemeenten"]
        special = schools[3] if swv.sector == "po" else schools[2]
        school_users = {schools[0].pk: users[f"{p}-school"], schools[1].pk: users[f"{p}-school2"]}
        consulent = users[f"{p}-consulent"]
        now = clock.now()

        def at(days_ago):
            return clock.travel(now - dt.timedelta(days=days_ago, hours=-1))

        def pupil(n):
            school = schools[n % 2]
            age = rng.randint(6, 11) if swv.sector == "po" else rng.randint(12, 16)
            leerling = Leerling.objects.create(
                swv=swv,
                voornaam=rng.choice(FIRST_NAMES),
                achternaam=rng.choice(LAST_NAMES),
                geboortedatum=clock.today() - dt.timedelta(days=365 * age + 30 + n * 7),
                bsn=bsns[n],
                woongemeente=gemeenten[n % len(gemeenten)],
                stamschool=school,
                huidige_plaatsing=school,
            )
            seed_parents(swv, leerlingen=[leerling])
            return leerling

        if (
            swv.sector == "po"
        ):  # (soort, cluster, categorie, besluit, days ago submitted, days to the besluit)
            plan = [
                ("so", 4, "laag", "toekennen", 185, 20),
                ("sbo", None, "", "toekennen", 160, 25),
                ("so", 3, "midden", "toekennen", 140, 50),  # decided after the 6-week term
                ("so", 4, "hoog", "toekennen", 115, 30),
                ("sbo", None, "", "afwijzen", 90, 28),
                ("so", 3, "laag", "toekennen", 60, 21),
            ]
        else:
            plan = [
                ("vso", None, "laag", "toekennen", 185, 20),
                ("vso", None, "midden", "toekennen", 160, 35),
                ("vso", None, "hoog", "toekennen", 140, 55),  # decided after the 6-week term
                ("vso", None, "laag", "afwijzen", 115, 30),
                ("vso", None, "midden", "toekennen", 90, 24),
                ("vso", None, "laag", "toekennen", 60, 21),
            ]
        for n, (soort, cluster, categorie, besluit, ago, duration) in enumerate(plan):
            leerling = pupil(n)
            self._decided_tlv(
                swv,
                users,
                leerling,
                school_users[leerling.stamschool_id],
                consulent,
                special,
                at,
                soort=soort,
                cluster=cluster,
                categorie=categorie,
                besluit=besluit,
                ago=ago,
                duration=duration,
            )
        # a pupil at home for two months (absoluut verzuim) until a passend aanbod, and one still at home
        for n, (type_, first_ago, aanbod_ago) in enumerate([("absoluut", 125, 40), ("relatief", 110, 50)]):
            leerling = pupil(6 + n)
            by = school_users[leerling.stamschool_id]
            with at(first_ago - 2):
                m = thuiszitter.melding_create(
                    by=by,
                    leerling=leerling,
                    type=type_,
                    eerste_verzuimdag=clock.today() - dt.timedelta(days=2),
                )
                thuiszitter.registratie_record(
                    melding=m,
                    by=consulent,
                    type=type_,
                    officieel=True,
                    risico=False,
                    stamschool=leerling.stamschool,
                )
            with at(first_ago - 20):
                thuiszitter.plan_record(
                    melding=m, by=by, eigenaar=leerling.stamschool, inhoud="Plan van aanpak."
                )
            with at(first_ago - 40):
                thuiszitter.casusoverleg_record(
                    melding=m,
                    by=consulent,
                    datum=clock.today(),
                    voorzitter="Mr. T. de Ruiter",
                    voorzitter_organisatie="Onafhankelijk voorzitter (demo)",
                    voorzitter_onafhankelijk=True,
                    deelnemers="Stamschool\nOuders\nLeerplicht",
                    afspraken=[
                        {
                            "omschrijving": "Opbouw rooster",
                            "eigenaar": "Stamschool",
                            "uiterlijk": clock.today(),
                        }
                    ],
                )
            with at(aanbod_ago):
                thuiszitter.aanbod_record(
                    melding=m,
                    by=consulent,
                    soort="onderwijs",
                    omschrijving="Terug in de eigen klas met begeleiding",
                    school=leerling.stamschool,
                    startdatum=clock.today(),
                )
        if swv.sector == "po":  # toestroom zorg -> onderwijs: screenings closed spread over the half year
            so_user, team = users[f"{p}-so"], users[f"{p}-screeningsteam"]
            for n, (herkomst, advies, plaatsing, closed_ago) in enumerate(
                [
                    ("dagbehandeling", "volledig", "volledig", 75),
                    ("moc", "gedeeltelijk", "gedeeltelijk", 110),
                    ("kdc", "nog_niet", "niet", 150),
                ]
            ):
                leerling = pupil(8 + n)
                with at(closed_ago + 30):
                    sc = screening.aanmelding_create(
                        by=so_user,
                        leerling=leerling,
                        school=special,
                        herkomst=herkomst,
                        vrijstelling="geen" if advies == "volledig" else "volledig",
                    )
                with at(closed_ago + 10):
                    extra = {"uren_onderwijs": 10, "uren_zorg": 12} if advies == "gedeeltelijk" else {}
                    if advies == "nog_niet":
                        extra = {"herscreening_op": clock.today() + dt.timedelta(days=240)}
                    screening.advies_record(
                        screening=sc,
                        by=team,
                        deelnemers="Orthopedagoog\nIB'er SO\nJeugdarts",
                        bevindingen="Besproken in het screeningsteam.",
                        advies=advies,
                        **extra,
                    )
                    screening.informeren_record(
                        screening=sc, by=team, ouders_op=clock.today(), bestuur_op=clock.today()
                    )
                with at(closed_ago):
                    screening.plaatsing_record(screening=sc, by=so_user, plaatsing=plaatsing)
        # schakel: a move back after the trial (terug) and one definitive move, half a year ago
        leerling = pupil(11)
        soort = "po_vso" if swv.sector == "po" else "vo_vso"
        for uitkomst, signal_ago in (("terug", 170), ("definitief", 140)):
            with at(signal_ago):
                t = schakel.signaal_create(
                    by=consulent,
                    leerling=leerling,
                    soort=soort,
                    bron="school",
                    huidige_school=leerling.stamschool,
                )
                schakel.overleg_record(
                    traject=t,
                    by=consulent,
                    datum=clock.today(),
                    ontvangende_school=special,
                    deelnemers="Huidige school\nSpeciale school\nSWV\nOuders",
                )
                schakel.plan_record(
                    traject=t,
                    by=consulent,
                    plan="Proefplaatsing",
                    extra_begeleiding="Warme overdracht",
                    proef_start=clock.today(),
                )
            with at(signal_ago - 56):
                schakel.besluit_record(
                    traject=t,
                    by=consulent,
                    besluit=uitkomst,
                    motivering="De proef verliep goed."
                    if uitkomst == "definitief"
                    else "Terug naar de eigen school.",
                )
