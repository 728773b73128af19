"""Demo data: the loket. Per SWV the request types it offers (VO 31-02 offers no individual arrangements,
003:L725; PO 22-02 does, from a central budget it is phasing out, 002:L380-392, L852), this school year's
budgets, and requests of every type in several states."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from cases import clock
from cases.models import AanvraagType, Budget, Case, ConsentPurpose, Leerling

TYPES = {
    "po": [
        ("ab", "Ambulante begeleiding", "ambulante_begeleiding", "uren", ["interventies"], True),
        ("ia", "Individueel arrangement", "individueel", "budget", ["opp", "interventies"], True),
        ("ba", "Bovenschools arrangement", "bovenschools", "uren", ["groeidocument"], True),
        ("oza", "Onderwijs-zorgarrangement", "onderwijs_zorg", "budget", ["opp"], True),
    ],
    "vo": [
        ("ab", "Ambulante begeleiding", "ambulante_begeleiding", "uren", ["interventies"], True),
        ("ia", "Individueel arrangement", "individueel", "budget", ["opp", "interventies"], False),
        ("tom", "Traject op maat / OPDC", "traject_op_maat", "budget", ["opp", "interventies"], True),
        ("oza", "Onderwijs-zorgarrangement", "onderwijs_zorg", "budget", ["opp"], True),
    ],
}
BUDGETS = {
    "po": [("ambulante_begeleiding", 400, None), ("individueel", None, "12000"), ("bovenschools", 300, None)],
    "vo": [
        ("ambulante_begeleiding", 900, None),
        ("traject_op_maat", None, "40000"),
        ("onderwijs_zorg", None, "8000"),
    ],
}


class LoketDemo:
    """Mixed into the seed_demo command (uses its stdout)."""

    def _loket(self, swv, users):
        from cases.services import loket
        from cases.services.consent import valid_consent
        from cases.services.documents import document_upload

        if Case.objects.filter(swv=swv, route="loket").exists():
            return
        p = "po" if swv.sector == "po" else "vo"
        school_user, consulent = users[f"{p}-school"], users[f"{p}-consulent"]
        schools = users["_schools"]
        self.stdout.write("  loket: soorten aanvragen, budgetten en aanvragen ...")
        types = {}
        for code, naam, soort, eenheid, docs, actief in TYPES[p]:
            types[code], _ = AanvraagType.objects.get_or_create(
                swv=swv,
                code=code,
                defaults={
                    "naam": naam,
                    "arrangement_soort": soort,
                    "eenheid": eenheid,
                    "vereiste_documenten": docs,
                    "actief": actief,
                },
            )
        jaar = loket.schooljaar_of(clock.today())
        for soort, uren, bedrag in BUDGETS[p]:
            Budget.objects.get_or_create(
                swv=swv,
                schooljaar=jaar,
                arrangement_soort=soort,
                school=None,
                defaults={"uren": uren, "bedrag": Decimal(bedrag) if bedrag else None},
            )
        pupils = [
            leerling
            for leerling in Leerling.objects.filter(swv=swv, stamschool=schools[0]).order_by("pk")
            if valid_consent(leerling, ConsentPurpose.GEGEVENSDELING) is not None
        ]
        now = clock.now()

        def at(days_ago):
            return clock.travel(now - dt.timedelta(days=days_ago, hours=-1))

        def upload(a):
            from cases.demo.common import pdf

            for kind in a.aanvraag_type.vereiste_documenten:
                document_upload(case=a.case, by=school_user, kind=kind, uploaded=pdf(f"{kind}.pdf"))

        def request(i, code, days_ago, vraag):
            with at(days_ago):
                a = loket.aanvraag_create(
                    by=school_user,
                    leerling=pupils[i % len(pupils)],
                    school=schools[0],
                    aanvraag_type=types[code],
                    vraag=vraag,
                    ingezet="Basisondersteuning, handelingsplan, gesprekken met ouders en leerling (demo).",
                )
            return a

        def submit(a, days_ago):
            with at(days_ago):
                upload(a)
                loket.aanvraag_submit(aanvraag=a, by=school_user)

        def triage(a, days_ago, **kw):
            with at(days_ago):
                loket.triage_record(aanvraag=a, by=consulent, volledig=True, toelichting="volledig", **kw)

        def grant(a, days_ago, **kw):
            with at(days_ago):
                today = clock.today()
                loket.besluit_record(
                    aanvraag=a,
                    by=consulent,
                    beoordeling="Hulpvraag helder, cascade doorlopen (demo).",
                    besluit="toewijzen",
                    aanbieder=kw.pop("aanbieder", "Ambulante dienst van het SWV"),
                    startdatum=today + dt.timedelta(days=3),
                    einddatum=today + dt.timedelta(days=kw.pop("duur", 180)),
                    doelen="De leerling plant zelfstandig zijn werk en blijft in de groep (demo).",
                    **kw,
                )

        if not pupils:
            return
        amount = {"uren": 40}
        # concept, waiting for the school's documents
        a = request(0, "ab", 2, "Ondersteuning bij gedrag in de groep.")
        self.stdout.write(f"  {a.case.reference}: ambulante begeleiding, concept bij de school")
        # submitted, waiting for triage
        a = request(1, "oza", 5, "Combinatie van onderwijs en dagbehandeling.")
        submit(a, 4)
        self.stdout.write(f"  {a.case.reference}: onderwijs-zorgarrangement, wacht op triage")
        # in behandeling (urgent)
        code = "ia" if p == "po" else "tom"
        a = request(2, code, 12, "Leerling dreigt uit te vallen.")
        submit(a, 11)
        triage(a, 10, urgent=True)
        self.stdout.write(f"  {a.case.reference}: {types[code].naam}, urgent, bij de consulent")
        # granted within budget, running; its mid-term evaluation comes in a few days
        a = request(3, "ab", 100, "Werkhouding en planning.")
        submit(a, 98)
        triage(a, 96)
        grant(a, 95, duur=190, **amount)
        self.stdout.write(
            f"  {a.case.reference}: ambulante begeleiding toegewezen, tussenevaluatie binnenkort"
        )
        # over budget: waiting for the second approval by the beslisser
        budget_code = "ia" if p == "po" else "tom"
        a = request(4, budget_code, 20, "Intensieve begeleiding buiten de groep.")
        submit(a, 19)
        triage(a, 18)
        grant(a, 15, bedrag=Decimal("50000"), aanbieder="Zorgaanbieder De Brug")
        self.stdout.write(
            f"  {a.case.reference}: {types[budget_code].naam} boven budget, wacht op tweede akkoord"
        )
        # refused with a letter to the ouders
        a = request(5, "ab" if p == "vo" else "ba", 40, "Extra handen in de klas.")
        submit(a, 39)
        triage(a, 37)
        with at(30):
            loket.besluit_record(
                aanvraag=a,
                by=consulent,
                beoordeling="De gevraagde inzet valt binnen de basisondersteuning (demo).",
                besluit="afwijzen",
                motivering="De gevraagde inzet hoort bij de basisondersteuning van de school; zie het "
                "ondersteuningsplan.",
            )
        self.stdout.write(f"  {a.case.reference}: afgewezen met besluitbrief")
        # granted earlier, evaluated and closed
        a = request(6, "ab", 200, "Faalangst bij toetsen.")
        submit(a, 199)
        triage(a, 198)
        grant(a, 197, duur=120, **amount)
        from cases.models import Deadline

        a = type(a).objects.get(pk=a.pk)
        for moment, vervolg in (("tussentijds", "doorgaan"), ("eind", "stoppen")):
            day = a.tussenevaluatie_op if moment == "tussentijds" else a.einddatum
            with clock.travel(dt.datetime.combine(day, dt.time(10), tzinfo=now.tzinfo)):
                # the evaluation task as the sweep makes it on that day (only this case's term)
                deadline = Deadline.objects.get(case=a.case, kind=loket.EVALUATIE_KINDS[moment])
                (item,) = loket.on_signal_warning(deadline=deadline, by=consulent)
                loket.evaluatie_record(
                    item=item,
                    by=consulent,
                    doelen_bereikt="ja" if moment == "eind" else "deels",
                    vervolg=vervolg,
                    toelichting="Evaluatie met school en ouders (demo).",
                    uren_gebruikt=20 if moment == "tussentijds" else 38,
                )
        self.stdout.write(f"  {a.case.reference}: ambulante begeleiding geëvalueerd en afgesloten")
