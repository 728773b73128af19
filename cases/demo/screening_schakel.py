"""Demo data: screenings zorg naar onderwijs and schakeltrajecten.

One method for both routes: they are created interleaved, and the case references follow that order."""

from __future__ import annotations

import datetime as dt

from cases import clock
from cases.models import Case, Leerling


class ScreeningSchakelDemo:
    """Mixed into the seed_demo command (uses its stdout)."""

    def _screening_schakel(self, swv, users):
        """PO: a screening in progress and a completed one (partial placement, re-screen timer), and a pupil
        with an active SO TLV in a proefplaatsing towards a regular school. VO: a VSO → VO terugplaatsing
        in nazorg (its TLV ended) and some definitive moves for the carrousel counts."""
        from cases.models import Tlv
        from cases.services import schakel, screening

        if Case.objects.filter(swv=swv, route__in=["screening", "schakel"]).exists():
            return
        p = "po" if swv.sector == "po" else "vo"
        consulent, team, so_user = users[f"{p}-consulent"], users[f"{p}-screeningsteam"], users[f"{p}-so"]
        schools = users["_schools"]
        special = schools[3] if swv.sector == "po" else schools[2]
        in_b = list(Leerling.objects.filter(swv=swv, stamschool=schools[1]).order_by("pk"))
        now = clock.now()

        def at(days_ago):
            return clock.travel(now - dt.timedelta(days=days_ago, hours=-1))

        self.stdout.write("  screenings zorg naar onderwijs en schakeltrajecten ...")
        tlv = Tlv.objects.filter(case__swv=swv, status="actief").order_by("pk").first()
        if swv.sector == "po":
            with at(20):
                s = screening.aanmelding_create(
                    by=so_user,
                    leerling=in_b[5],
                    school=special,
                    herkomst="kdc",
                    vrijstelling="volledig",
                    herkomst_toelichting="KDC De Regenboog (demo)",
                )
            self.stdout.write(f"  {s.case.reference}: screening loopt (screeningsteam)")
            with at(60):
                s = screening.aanmelding_create(
                    by=so_user,
                    leerling=in_b[6],
                    school=special,
                    herkomst="dagbehandeling",
                    vrijstelling="volledig",
                )
            with at(40):
                screening.advies_record(
                    screening=s,
                    by=team,
                    deelnemers="Orthopedagoog screeningsteam\nIB'er SO\nJeugdarts",
                    bevindingen="Kan drie ochtenden per week in een kleine groep leren.",
                    advies="gedeeltelijk",
                    uren_onderwijs=12,
                    uren_zorg=14,
                )
            with at(38):
                screening.informeren_record(
                    screening=s, by=team, ouders_op=clock.today(), bestuur_op=clock.today()
                )
            with at(35):
                screening.plaatsing_record(screening=s, by=so_user, plaatsing="gedeeltelijk")
            self.stdout.write(f"  {s.case.reference}: screening afgesloten (gedeeltelijk geplaatst)")
            if tlv is not None and tlv.ingangsdatum <= clock.today() - dt.timedelta(days=30):
                with at(30):
                    t = schakel.signaal_create(
                        by=consulent,
                        leerling=tlv.case.leerling,
                        soort="so_po",
                        bron="opp_evaluatie",
                        huidige_school=tlv.plaatsingsschool,
                        tlv=tlv,
                        toelichting="OPP-evaluatie: de leerling kan terug naar het regulier.",
                    )
                    schakel.overleg_record(
                        traject=t,
                        by=consulent,
                        datum=clock.today(),
                        ontvangende_school=schools[0],
                        deelnemers="SO De Atlas\nOBS De Esch\nSWV (consulent)\nOuders",
                    )
                with at(28):
                    schakel.plan_record(
                        traject=t,
                        by=consulent,
                        plan="Eerst twee dagen per week, na vier weken volledig.",
                        extra_begeleiding="Ambulant begeleider van het SO, 2 uur per week.",
                        proef_start=clock.today(),
                    )
                self.stdout.write(f"  {t.case.reference}: schakeltraject SO → PO in proefplaatsing")
            moves = [("po_vso", 120), ("po_vso", 90)]
        else:
            if tlv is not None and tlv.ingangsdatum <= clock.today() - dt.timedelta(days=20):
                with at(40):
                    t = schakel.signaal_create(
                        by=consulent,
                        leerling=tlv.case.leerling,
                        soort="vso_vo",
                        bron="opp_evaluatie",
                        huidige_school=tlv.plaatsingsschool,
                        tlv=tlv,
                    )
                    schakel.overleg_record(
                        traject=t,
                        by=consulent,
                        datum=clock.today(),
                        ontvangende_school=schools[0],
                        deelnemers="VSO De Bollenstreek\nDuin College\nSWV (consulent)\nOuders",
                    )
                    schakel.plan_record(
                        traject=t,
                        by=consulent,
                        plan="Instroom in klas 2 met mentoruren.",
                        extra_begeleiding="Ambulant begeleider, 3 uur per week.",
                        proef_start=clock.today(),
                    )
                with at(20):  # after the trial started (40 days ago) and while the TLV is in force
                    schakel.besluit_record(
                        traject=t, by=consulent, besluit="definitief", motivering="De proef verliep goed."
                    )
                self.stdout.write(f"  {t.case.reference}: terugplaatsing VSO → VO in nazorg (TLV beëindigd)")
            moves = [("vo_vso", 150), ("vo_vso", 100), ("vo_vso", 60)]
        for n, (soort, days_ago) in enumerate(moves):
            leerling = in_b[8 + n]
            with at(days_ago):
                t = schakel.signaal_create(
                    by=consulent, leerling=leerling, soort=soort, bron="school", huidige_school=schools[1]
                )
                schakel.overleg_record(
                    traject=t,
                    by=consulent,
                    datum=clock.today(),
                    ontvangende_school=special,
                    deelnemers="Huidige school\nVSO\nSWV\nOuders",
                )
                schakel.plan_record(
                    traject=t,
                    by=consulent,
                    plan="Proefplaatsing",
                    extra_begeleiding="Warme overdracht",
                    proef_start=clock.today(),
                )
            with at(days_ago - 50):
                schakel.besluit_record(traject=t, by=consulent, besluit="definitief", motivering="Passend")
        self.stdout.write(f"  {len(moves)} definitieve overstappen voor de carrousel")
