"""Demo data: thuiszitter meldingen along the escalation ladder."""

from __future__ import annotations

import datetime as dt

from cases import clock
from cases.models import Case, Leerling


class ThuiszitterDemo:
    """Mixed into the seed_demo command (uses its stdout)."""

    def _thuiszitters(self, swv, users):
        """A few meldingen in different phases in both gemeenten; one at home > 8 weeks, so the first
        sweep escalates to the consulent, the leerplichtambtenaar of its gemeente and the stamschool."""
        from cases.services import thuiszitter, zorgplicht

        if Case.objects.filter(swv=swv, route__in=["thuiszitter", "zorgplicht"]).exists():
            return
        p = "po" if swv.sector == "po" else "vo"
        school1, school2 = users[f"{p}-school"], users[f"{p}-school2"]
        consulent, leerplicht = users[f"{p}-consulent"], users[f"{p}-leerplicht"]
        schools = users["_schools"]
        in_a = list(Leerling.objects.filter(swv=swv, stamschool=schools[0]).order_by("pk"))
        in_b = list(Leerling.objects.filter(swv=swv, stamschool=schools[1]).order_by("pk"))
        now = clock.now()

        def at(days_ago):
            return clock.travel(now - dt.timedelta(days=days_ago, hours=-1))

        def day(days_ago):
            return clock.today() - dt.timedelta(days=days_ago)

        self.stdout.write("  thuiszitters en een zorgplichtaanmelding ...")
        # 1. at home 75 days, registered, still no plan van aanpak: escalates on the first sweep
        with at(70):
            m = thuiszitter.melding_create(
                by=school1, leerling=in_a[0], type="relatief", eerste_verzuimdag=day(5), risico=True
            )
            thuiszitter.registratie_record(
                melding=m, by=consulent, type="relatief", officieel=True, risico=True, stamschool=schools[0]
            )
        self.stdout.write(f"  {m.case.reference}: thuiszitter, 75 dagen thuis zonder plan van aanpak")
        # 2. reported by leerplicht 15 days ago, waiting for registration
        with at(15):
            m = thuiszitter.melding_create(
                by=leerplicht, leerling=in_a[1], type="zorgwekkend", eerste_verzuimdag=day(5)
            )
        self.stdout.write(f"  {m.case.reference}: thuiszitter, gemeld door leerplicht")
        # 3. other gemeente: plan van aanpak done, casusoverleg next
        with at(30):
            m = thuiszitter.melding_create(
                by=school2, leerling=in_b[0], type="relatief", eerste_verzuimdag=day(10)
            )
            thuiszitter.registratie_record(
                melding=m, by=consulent, type="relatief", officieel=True, risico=False, stamschool=schools[1]
            )
        with at(25):
            thuiszitter.plan_record(
                melding=m, by=school2, eigenaar=schools[1], inhoud="Opbouw van het rooster met begeleiding."
            )
        self.stdout.write(f"  {m.case.reference}: thuiszitter, wacht op casusoverleg")
        # 4. other gemeente: back at school, in monitoring
        with at(90):
            m = thuiszitter.melding_create(
                by=school2, leerling=in_b[1], type="relatief", eerste_verzuimdag=day(7)
            )
            thuiszitter.registratie_record(
                melding=m, by=consulent, type="relatief", officieel=True, risico=False, stamschool=schools[1]
            )
        with at(80):
            thuiszitter.plan_record(melding=m, by=school2, eigenaar=schools[1], inhoud="Plan van aanpak.")
        with at(70):
            thuiszitter.casusoverleg_record(
                melding=m,
                by=consulent,
                datum=clock.today(),
                voorzitter="Mr. T. de Ruiter",
                voorzitter_organisatie="Onafhankelijk voorzitter (demo)",
                voorzitter_onafhankelijk=True,
                deelnemers="Stamschool\nOuders\nLeerplicht\nWijkteam",
                afspraken=[
                    {"omschrijving": "Intake dagbehandeling", "eigenaar": "Wijkteam", "uiterlijk": day(-14)},
                    {"omschrijving": "Proefplaatsing", "eigenaar": "Stamschool", "uiterlijk": day(-21)},
                ],
            )
        with at(50):
            thuiszitter.aanbod_record(
                melding=m,
                by=consulent,
                soort="onderwijs_zorg",
                omschrijving="Deeltijdrooster met dagbehandeling",
                school=schools[1],
                startdatum=clock.today(),
            )
        with at(40):
            thuiszitter.terugkeer_record(melding=m, by=school2, terugkeer_op=clock.today())
        self.stdout.write(f"  {m.case.reference}: thuiszitter, terug op school (monitoring)")
        # 5. zorgplicht: written aanmelding 5 weeks ago, the board's term runs out next week
        with at(35):
            a = zorgplicht.aanmelding_create(
                by=school1, leerling=in_b[2], school=schools[0], aangemeld_op=clock.today()
            )
        self.stdout.write(f"  {a.case.reference}: aanmelding (zorgplicht), termijn loopt")
