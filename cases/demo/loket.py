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
        # decided against the SWV's own LWOO criteria (the profile's loket section, 003:L946-961)
        ("lwoo", "Leerwegondersteunend onderwijs (LWOO)", "lwoo", "besluit", ["groeidocument"], True),
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
        if "lwoo" in types:
            self._loket_lwoo(types["lwoo"], pupils, school_user, consulent, request, submit, triage, at)
        self._loket_vragen(swv, users, types, pupils, at)

    def _loket_lwoo(self, lwoo, pupils, school_user, consulent, request, submit, triage, at):
        """LWOO requests in VO 31-02: one with its test results waiting for the consulent, one granted
        against the criteria, one refused (one domain short)."""
        from cases.services import loket

        if loket.loket_criteria.criteria_for(lwoo.swv, "lwoo") is None:
            return

        def results(a, days_ago, dles):
            with at(days_ago):
                loket.toetsgegevens_record(
                    aanvraag=a,
                    by=school_user,
                    uitslagen=[
                        {"domein": d, "instrument": "IEP", "dle": dle}
                        for d, dle in zip(
                            ["technisch_lezen", "begrijpend_lezen", "spellen", "inzichtelijk_rekenen"],
                            dles,
                            strict=True,
                        )
                    ],
                )

        def decide(a, days_ago, besluit, motivering=""):
            with at(days_ago):
                today = clock.today()
                loket.besluit_record(
                    aanvraag=a,
                    by=consulent,
                    beoordeling="Getoetst aan de LWOO-criteria van het samenwerkingsverband (demo).",
                    besluit=besluit,
                    startdatum=today + dt.timedelta(days=7) if besluit == "toewijzen" else None,
                    einddatum=today + dt.timedelta(days=700) if besluit == "toewijzen" else None,
                    motivering=motivering,
                )

        a = request(7, "lwoo", 9, "Aanmelding vmbo met leerachterstanden (demo).")
        results(a, 9, [38, 34, 50, 41])
        submit(a, 8)
        triage(a, 7)
        self.stdout.write(f"  {a.case.reference}: LWOO met toetsgegevens, bij de consulent")
        a = request(8, "lwoo", 30, "LWOO bij de overstap naar het vmbo (demo).")
        results(a, 30, [36, 40, 44, 33])
        submit(a, 29)
        triage(a, 28)
        decide(a, 25, "toewijzen")
        self.stdout.write(f"  {a.case.reference}: LWOO toegewezen, voldoet aan de criteria")
        a = request(9, "lwoo", 40, "LWOO voor een leerling met een spellingsachterstand (demo).")
        results(a, 40, [52, 55, 35, 56])
        submit(a, 39)
        triage(a, 38)
        decide(
            a,
            35,
            "afwijzen",
            "Alleen op spellen is er een leerachterstand; de criteria vragen er minstens twee, waarvan "
            "één begrijpend lezen of rekenen.",
        )
        self.stdout.write(f"  {a.case.reference}: LWOO afgewezen, voldoet niet aan de criteria")

    def _loket_vragen(self, swv, users, types, pupils, at):
        """Advice and consultation questions: open (one past its term), answered, named, converted."""
        from cases.services import loket

        p = "po" if swv.sector == "po" else "vo"
        school_user, consulent = users[f"{p}-school"], users[f"{p}-consulent"]
        school = users["_schools"][0]

        def ask(days_ago, soort, vraag, leerling=None):
            with at(days_ago):
                return loket.adviesvraag_create(
                    by=school_user, school=school, soort=soort, vraag=vraag, leerling=leerling
                )

        def answer(v, days_ago, antwoord):
            with at(days_ago):
                return loket.adviesvraag_answer(vraag=v, by=consulent, antwoord=antwoord)

        ask(3, "advies", "Een leerling wil niet meer naar de gymles; hoe pakken we dat aan? (anoniem, demo)")
        with at(20):
            loket.adviesvraag_create(
                by=school_user,
                school=school,
                soort="consultatie",
                betreft="groep",
                groep="groep 7b",
                vraag="Graag meedenken over een klas met veel onrust na de fusie (demo).",
            )
        with at(6):
            loket.adviesvraag_create(
                by=school_user,
                school=school,
                soort="consultatie",
                betreft="school",
                vraag="Consultatie voor het team: omgaan met faalangst in de hele school (demo).",
            )
        v = ask(30, "advies", "Wanneer is een aanvraag voor een arrangement zinvol? (anoniem, demo)")
        answer(
            v,
            25,
            "Als de basisondersteuning en de cascade zijn doorlopen; zie het ondersteuningsplan (demo).",
        )
        v = ask(
            40, "consultatie", "Leerling met een taal-ontwikkelingsstoornis: welke aanpak? (demo)", pupils[0]
        )
        answer(v, 35, "Schakel de ambulante begeleiding in; doe een aanvraag (demo).")
        with at(33):
            a = loket.adviesvraag_convert(
                vraag=v,
                by=school_user,
                leerling=pupils[0],
                aanvraag_type=types["ab"],
                ingezet="Handelingsplan taal, logopedie buiten school (demo).",
            )
        self.stdout.write(f"  adviesvragen: open, te laat, beantwoord, omgezet in {a.case.reference}")
