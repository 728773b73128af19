"""Demo data: two SWVs (PO with a CvA, VO with a BTO), organisations, a login per role, and TLV cases
in every state, some overdue so the sweep escalates at once. Idempotent: a second run changes nothing."""

from __future__ import annotations

import datetime as dt
import io
import random

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from audit.demo import DEMO_TOTP_BASE32, demo_totp_device
from audit.otp import OTP_ROLES
from cases import clock
from cases.deadlines import Unit, add_term
from cases.models import (
    Bestuur,
    Briefhoofd,
    Case,
    Deskundige,
    Gemeente,
    Leerling,
    Membership,
    School,
    Swv,
)
from cases.roles import Role
from cases.services import bekendmaking, bezwaar, documents, tlv
from cases.services.workitems import workitem_claim
from notifications.outbox import kicks_deferred
from parents.demo import seed_parents

PASSWORD = "Passend-2026"

FIRST_NAMES = [
    "Noah",
    "Emma",
    "Liam",
    "Julia",
    "Luca",
    "Mila",
    "Sem",
    "Tess",
    "Daan",
    "Sara",
    "Finn",
    "Zoë",
    "Levi",
    "Nora",
    "Milan",
    "Yara",
    "Jesse",
    "Lotte",
    "Bram",
    "Fenna",
]
LAST_NAMES = [
    "de Vries",
    "Jansen",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "de Wit",
    "Dijkstra",
]


def make_bsn(rng: random.Random) -> str:
    while True:
        digits = [rng.randint(0, 9) for _ in range(8)]
        if digits[0] == 0:
            continue
        s = sum(d * w for d, w in zip(digits, [9, 8, 7, 6, 5, 4, 3, 2], strict=True))
        last = s % 11
        if last <= 9:
            return "".join(map(str, digits)) + str(last)


def pdf(name: str) -> SimpleUploadedFile:
    body = (  # a real one-page PDF: uploads are parsed, not only checked on their first bytes
        b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
        b"2 0 obj\n<< /Type /Pages /Count 1 /Kids [3 0 R] >>\nendobj\n"
        b"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> >>\nendobj\n"
        b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \n0000000115 00000 n \n"
        b"trailer\n<< /Root 1 0 R /Size 4 >>\nstartxref\n203\n%%EOF\n"
    )
    return SimpleUploadedFile(name, body, content_type="application/pdf")


SWVS = [
    {
        "code": "PO 22-02",
        "regio": "noord",  # Drenthe: regio noord of the schoolvakanties
        "name": "SWV PO Zuidoost-Drenthe (demo)",
        "sector": "po",
        "mode": "cva",
        "prefix": "po",
        "gemeenten": [("GM0114", "Emmen"), ("GM0109", "Coevorden")],
        "besturen": [
            "Stichting Openbaar Primair Onderwijs (demo)",
            "Stichting Christelijk Primair Onderwijs (demo)",
        ],
        "schools": [
            ("OBS De Esch", "11AA", "regulier", None, 0, 0),
            ("CBS De Wegwijzer", "11AB", "regulier", None, 1, 1),
            ("SBO De Springplank", "11AC", "sbo", None, 0, 0),
            ("SO De Atlas", "11AD", "so", 4, 1, 0),
        ],
    },
    {
        "code": "VO 31-02",
        "regio": "midden",  # Zuid-Holland: regio midden of the schoolvakanties
        "name": "SWV VO Kust en Bollenstreek (demo)",
        "sector": "vo",
        "mode": "bto",
        "prefix": "vo",
        "gemeenten": [("GM0537", "Katwijk"), ("GM0575", "Noordwijk")],
        "besturen": ["Stichting VO Kust (demo)", "Vereniging VSO Bollenstreek (demo)"],
        "schools": [
            ("Duin College", "22AA", "regulier", None, 0, 0),
            ("Kust Lyceum", "22AB", "regulier", None, 0, 1),
            ("VSO De Bollenstreek", "22AC", "vso", 4, 1, 0),
            ("Praktijkschool Noordwijk", "22AD", "pro", None, 1, 1),
        ],
    },
]


class Command(BaseCommand):
    help = "Load the demo data (idempotent) and print the demo logins per role."

    def add_arguments(self, parser):
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print the logins.")
        parser.add_argument("--logins-only", action="store_true", help="Only print the logins; load nothing.")

    def handle(self, *args, **options):
        rng = random.Random(20261123)
        logins = []
        if options["logins_only"]:
            self._print_logins(self._existing_logins())
            return
        with kicks_deferred():  # e-mails and webhooks of the demo's history go out once, at the end
            for spec in SWVS:
                self._swv(spec, rng, logins)
            self.stdout.write("E-mails en webhooks van de demo versturen ...")
        if not options["quiet_logins"]:
            self._print_logins(logins)

    def _swv(self, spec, rng, logins):
        self.stdout.write(f"Samenwerkingsverband {spec['name']}: organisaties en gebruikers ...")
        with transaction.atomic():
            swv, users = self._organisations(spec, rng, logins)
            seed_parents(swv)  # ouders for every pupil, and their consents
        if Case.objects.filter(swv=swv).exists():
            self.stdout.write("  casussen bestaan al; overgeslagen")
        else:
            self.stdout.write("  TLV-casussen in elke status (sommige over de termijn) ...")
            self._cases(swv, users, rng)
        self._thuiszitters(swv, users)
        self._screening_schakel(swv, users)
        with transaction.atomic():  # half a year of decisions for the quarterly report
            self._report_history(swv, users)
        with transaction.atomic():  # the pupils added since have ouders too
            seed_parents(swv)

    # --- organisations and people ----------------------------------------------------------------

    def _organisations(self, spec, rng, logins):
        User = get_user_model()
        swv, _ = Swv.objects.get_or_create(
            code=spec["code"],
            defaults={"name": spec["name"], "sector": spec["sector"], "decision_mode": spec["mode"]},
        )
        if not swv.regio:  # the region of its schoolvakanties (school-week terms)
            swv.regio = spec["regio"]
            swv.save(update_fields=["regio"])
        Briefhoofd.objects.get_or_create(  # the letterhead of the demo letters (beheer: Briefhoofden)
            swv=swv,
            defaults={
                "adres": f"Postbus {spec['code'][-5:].replace('-', '')}\n7800 AA Emmen",
                "telefoon": "0591 000 000",
                "email": f"info@{spec['code'].lower().replace(' ', '')}.example",
                "ondertekenaar_functie": "directeur-bestuurder",
            },
        )
        gemeenten = []
        for code, name in spec["gemeenten"]:
            g, _ = Gemeente.objects.get_or_create(code=code, defaults={"name": name})
            g.swvs.add(swv)
            gemeenten.append(g)
        besturen = [Bestuur.objects.get_or_create(name=n, swv=swv)[0] for n in spec["besturen"]]
        schools = []
        for name, brin, soort, cluster, b, g in spec["schools"]:
            s, _ = School.objects.get_or_create(
                brin=brin,
                vestiging="00",
                defaults={
                    "name": name,
                    "soort": soort,
                    "cluster": cluster,
                    "bestuur": besturen[b],
                    "swv": swv,
                    "gemeente": gemeenten[g],
                },
            )
            schools.append(s)
        p = spec["prefix"]
        users = {}

        def user(username, first, last, role, school=None, gemeente=None, label=""):
            u, created = User.objects.get_or_create(
                username=username,
                defaults={"first_name": first, "last_name": last, "email": f"{username}@demo.swv.example"},
            )
            if created:
                u.set_password(PASSWORD)
                u.save()
            Membership.objects.get_or_create(user=u, role=role, swv=swv, school=school, gemeente=gemeente)
            if role in OTP_ROLES:
                demo_totp_device(u)  # two-factor login with a fixed, printed demo secret
            users[username] = u
            logins.append((swv.code, username, label or Role(role).label))
            return u

        user(
            f"{p}-school",
            "Inge",
            "de Boer",
            Role.SCHOOL,
            school=schools[0],
            label=f"School: IB'er {schools[0].name}",
        )
        user(
            f"{p}-school2",
            "Karim",
            "El Amrani",
            Role.SCHOOL,
            school=schools[1],
            label=f"School: zorgcoördinator {schools[1].name}",
        )
        user(f"{p}-consulent", "Marieke", "Visser", Role.CONSULENT)
        d1 = user(f"{p}-deskundige1", "Sanne", "Kramer", Role.DESKUNDIGE, label="Deskundige: orthopedagoog")
        d2 = user(
            f"{p}-deskundige2", "Pieter", "Wouters", Role.DESKUNDIGE, label="Deskundige: kinderpsychiater"
        )
        d3 = user(
            f"{p}-deskundige-school",
            "Anouk",
            "Verbeek",
            Role.DESKUNDIGE,
            label=f"Deskundige: psycholoog, werkt voor {schools[0].name} (wordt daar geweigerd)",
        )
        for u, disc, school in (
            (d1, "orthopedagoog", None),
            (d2, "kinderpsychiater", None),
            (d3, "psycholoog", schools[0]),
        ):
            Deskundige.objects.get_or_create(
                user=u,
                defaults={
                    "naam": u.get_full_name(),
                    "discipline": disc,
                    "swv": swv,
                    "school": school,
                    "organisatie": school.name if school else "Onafhankelijk adviesbureau (demo)",
                },
            )
        if spec["mode"] == "bto":
            user(f"{p}-bto1", "Hanneke", "Post", Role.CVA_LID, label="BTO-lid")
            user(f"{p}-bto2", "Ruud", "Kok", Role.CVA_LID, label="BTO-lid")
            user(f"{p}-voorzitter", "Ellen", "Schouten", Role.CVA_VOORZITTER, label="BTO-voorzitter")
        else:
            user(f"{p}-cva", "Joost", "Huisman", Role.CVA_LID, label="CvA: coördinator")
            user(f"{p}-voorzitter", "Ellen", "Schouten", Role.CVA_VOORZITTER, label="CvA-voorzitter")
        user(
            f"{p}-beslisser", "Frank", "van Dam", Role.BESLISSER, label="Beslisser (directeur, gemandateerd)"
        )
        user(
            f"{p}-leerplicht",
            "Yvonne",
            "Martens",
            Role.LEERPLICHTAMBTENAAR,
            gemeente=gemeenten[0],
            label=f"Leerplichtambtenaar {gemeenten[0].name}",
        )
        user(f"{p}-auditor", "Bas", "Lammers", Role.AUDITOR)
        # The screeningsteam coördinator and an IB'er of the special school (SO / VSO)
        user(
            f"{p}-screeningsteam", "Lieke", "Brink", Role.SCREENINGSTEAM, label="Screeningsteam (coördinator)"
        )
        special = schools[3] if spec["sector"] == "po" else schools[2]
        user(
            f"{p}-so",
            "Ahmed",
            "Yilmaz",
            Role.SCHOOL,
            school=special,
            label=f"School: IB'er {special.name} (meldt kinderen uit de zorg aan)",
        )
        user(f"{p}-privacy", "Femke", "Jansen", Role.PRIVACY_OFFICER)  # the FG reads the access log
        beheerder = user(f"{p}-beheerder", "Nadia", "Bouzid", Role.BEHEERDER)
        if not beheerder.is_staff:
            beheerder.is_staff = True
            beheerder.save(update_fields=["is_staff"])
        users["_schools"] = schools
        users["_gemeenten"] = gemeenten
        # pupils
        if not Leerling.objects.filter(swv=swv).exists():
            today = clock.today()
            for i in range(24):
                school = schools[i % 2]
                age = rng.randint(6, 11) if spec["sector"] == "po" else rng.randint(12, 16)
                born = today.replace(year=today.year - age) - dt.timedelta(days=rng.randint(1, 300))
                Leerling.objects.create(
                    swv=swv,
                    voornaam=rng.choice(FIRST_NAMES),
                    achternaam=rng.choice(LAST_NAMES),
                    geboortedatum=born,
                    bsn=make_bsn(rng),
                    woongemeente=gemeenten[i % len(gemeenten)],
                    stamschool=school,
                    huidige_plaatsing=school,
                )
        return swv, users

    # --- cases in every state --------------------------------------------------------------------

    def _cases(self, swv, users, rng):
        p = "po" if swv.sector == "po" else "vo"
        school_user, consulent = users[f"{p}-school"], users[f"{p}-consulent"]
        d1, d2 = users[f"{p}-deskundige1"], users[f"{p}-deskundige2"]
        beslisser = users[f"{p}-beslisser"]
        schools = users["_schools"]
        special = schools[3] if swv.sector == "po" else schools[2]
        leerlingen = list(Leerling.objects.filter(swv=swv, stamschool=schools[0]).order_by("pk"))
        soort = "so" if swv.sector == "po" else "vso"
        plan = [
            ("concept", 2),
            ("ingediend", 3),
            ("onvolledig", 20),
            ("deskundigenadvies", 10),
            ("cva_advies", 30),
            ("cva_advies_overdue", 60),
            ("meer_informatie", 25),
            ("besluit_open", 40),
            ("toegekend", 70),
            ("afgewezen", 80),
            ("ingetrokken", 15),
            ("buiten_behandeling", 45),
        ]
        now = clock.now()
        for (target, days_ago), leerling in zip(plan, leerlingen, strict=False):
            start = now - dt.timedelta(days=days_ago)

            def at(day_offset, _start=start):
                return clock.travel(_start + dt.timedelta(days=day_offset, hours=1))

            with at(0):
                a = tlv.aanvraag_create(
                    by=school_user,
                    leerling=leerling,
                    school=leerling.stamschool,
                    gevraagde_soort=soort,
                    gevraagde_cluster=4 if soort == "so" else None,
                    gevraagde_categorie="laag",
                    onderbouwing="Ondanks de ingezette arrangementen (zie OPP) komt de "
                    "ontwikkeling onvoldoende op gang.",
                )
            self.stdout.write(f"  {a.case.reference}: {target}")
            if target == "concept":
                continue
            with at(0.02):  # half an hour after the aanvraag was created
                for kind in ("opp", "zienswijze_ouders", "instemming_ouders", "interventies"):
                    documents.document_upload(
                        case=a.case, by=school_user, kind=kind, uploaded=pdf(f"{kind}.pdf")
                    )
                tlv.aanvraag_submit(aanvraag=a, by=school_user)
            if target == "ingediend":
                continue
            if target in ("onvolledig", "buiten_behandeling"):
                with at(1):
                    tlv.volledigheid_record(
                        aanvraag=a,
                        by=consulent,
                        volledig=False,
                        ontbrekende_stukken="Het tweede handelingsplan ontbreekt.",
                    )
                if target == "buiten_behandeling":
                    with at(days_ago - 1):
                        tlv.buiten_behandeling_stellen(
                            aanvraag=a, by=consulent, reason="Hersteltermijn verstreken zonder aanvulling."
                        )
                continue
            with at(1):
                tlv.volledigheid_record(aanvraag=a, by=consulent, volledig=True)
            if target == "ingetrokken":
                with at(3):
                    tlv.aanvraag_withdraw(
                        aanvraag=a, by=school_user, reason="Ouders kiezen voor een andere school."
                    )
                continue
            if target == "deskundigenadvies":
                with at(2):
                    workitem_claim(item=a.case.work_items.get(node="deskundigenadvies_1"), by=d1)
                continue
            with at(5):
                tlv.deskundigenadvies_record(
                    aanvraag=a,
                    by=d1,
                    volgorde=1,
                    aanbeveling="toekennen",
                    advies="Het kind heeft een intensieve, specialistische aanpak nodig.",
                )
                tlv.deskundigenadvies_record(
                    aanvraag=a,
                    by=d2,
                    volgorde=2,
                    aanbeveling="toekennen",
                    advies="De ondersteuningsbehoefte overstijgt wat regulier kan.",
                )
            if swv.decision_mode == "bto":
                with at(8):
                    tlv.bto_review_record(
                        aanvraag=a,
                        by=users[f"{p}-bto1"],
                        volgorde=1,
                        aanbeveling="toekennen",
                        oordeel="Dossier is compleet; toelaatbaar.",
                    )
                    tlv.bto_review_record(
                        aanvraag=a,
                        by=users[f"{p}-bto2"],
                        volgorde=2,
                        aanbeveling="toekennen",
                        oordeel="Eens met de deskundigen.",
                    )
            if target in ("cva_advies", "cva_advies_overdue"):
                continue
            adviser = users[f"{p}-voorzitter"] if swv.decision_mode == "bto" else users[f"{p}-cva"]
            if target == "meer_informatie":
                with at(10):
                    tlv.cva_advies_record(
                        aanvraag=a,
                        by=adviser,
                        uitkomst="meer_informatie",
                        vraag="Graag het verslag van het laatste MDO.",
                    )
                continue
            uitkomst = "afwijzen" if target == "afgewezen" else "toekennen"
            with at(10):
                tlv.cva_advies_record(
                    aanvraag=a,
                    by=adviser,
                    uitkomst=uitkomst,
                    soort=soort,
                    cluster=4 if soort == "so" else None,
                    categorie="laag",
                    motivering="Advies op basis van beide deskundigenadviezen.",
                )
            if target == "besluit_open":
                continue
            with at(14):
                ingang = clock.today() + dt.timedelta(days=7)
                if uitkomst == "toekennen":
                    tlv.besluit_record(
                        aanvraag=a,
                        by=beslisser,
                        besluit="toekennen",
                        soort=soort,
                        cluster=4 if soort == "so" else None,
                        categorie="laag",
                        ingangsdatum=ingang,
                        einddatum=self._einddatum(swv, ingang, now),
                        school=special,
                        beoogde_school=self._beoogde_school(a),
                        motivering="De leerling is aangewezen op speciaal onderwijs.",
                    )
                else:
                    tlv.besluit_record(
                        aanvraag=a,
                        by=beslisser,
                        besluit="afwijzen",
                        motivering="De ondersteuning kan binnen het regulier worden geboden.",
                    )
            self._after_besluit(a, target, users, consulent, at)

    @staticmethod
    def _beoogde_school(aanvraag):
        """The regular school a young pupil may go back to (the service ignores it for older pupils)."""
        school = aanvraag.case.school
        return school if school is not None and school.soort == School.Soort.REGULIER else None

    # --- after the besluit: bekendmaking, a bezwaar in progress, an einddatum nearby -------

    @staticmethod
    def _einddatum(swv, ingang, now):
        """PO: the TLV ends 3 months + 5 days from now, so moving the clock shows the verlenging task."""
        if swv.sector == "po":
            return add_term(timezone.localdate(now), 3, Unit.MONTHS) + dt.timedelta(days=5)
        return ingang.replace(year=ingang.year + 2) - dt.timedelta(days=1)

    def _after_besluit(self, a, target, users, consulent, at):
        with at(15):
            bekendmaking.bekendmaking_record(aanvraag=a, by=consulent)
        if target != "afgewezen":
            return
        # the ouders object to the afwijzing; the consulent has asked the commissie for advice
        with at(20):
            b = bezwaar.bezwaar_register(
                aanvraag=a,
                by=consulent,
                ontvangen_op=clock.today(),
                ingediend_door=f"Ouders van {a.case.leerling.voornaam}",
                gronden="De school kan de ondersteuning niet bieden; wij vragen om een TLV.",
            )
        with at(30):
            bezwaar.ontvankelijkheid_record(bezwaar=b, by=consulent, ontvankelijk=True)

    # --- thuiszitters and zorgplicht ---------------------------------------------------

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

    # --- zorg-naar-onderwijs screening and schakel/terugplaatsing ---------------------------

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

    # --- half a year of history, so every figure of the quarterly report has data --------------

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

    def _decided_tlv(
        self,
        swv,
        users,
        leerling,
        school_user,
        consulent,
        special,
        at,
        *,
        soort,
        cluster,
        categorie,
        besluit,
        ago,
        duration,
    ):
        """One TLV from aanvraag to bekendgemaakt besluit, `duration` days after the complete dossier."""
        p = "po" if swv.sector == "po" else "vo"
        with at(ago):
            a = tlv.aanvraag_create(
                by=school_user,
                leerling=leerling,
                school=leerling.stamschool,
                gevraagde_soort=soort,
                gevraagde_cluster=cluster,
                gevraagde_categorie=categorie,
                onderbouwing="De ondersteuningsbehoefte overstijgt wat de school kan bieden.",
            )
            for kind in ("opp", "zienswijze_ouders", "instemming_ouders", "interventies"):
                documents.document_upload(case=a.case, by=school_user, kind=kind, uploaded=pdf(f"{kind}.pdf"))
            tlv.aanvraag_submit(aanvraag=a, by=school_user)
        with at(ago - 2):
            tlv.volledigheid_record(aanvraag=a, by=consulent, volledig=True)
        with at(ago - 9):
            for volgorde, deskundige in ((1, users[f"{p}-deskundige1"]), (2, users[f"{p}-deskundige2"])):
                tlv.deskundigenadvies_record(
                    aanvraag=a,
                    by=deskundige,
                    volgorde=volgorde,
                    aanbeveling=besluit,
                    advies="Besproken met school en ouders.",
                )
            if swv.decision_mode == "bto":
                for volgorde, member in ((1, users[f"{p}-bto1"]), (2, users[f"{p}-bto2"])):
                    tlv.bto_review_record(
                        aanvraag=a,
                        by=member,
                        volgorde=volgorde,
                        aanbeveling=besluit,
                        oordeel="Dossier compleet.",
                    )
            adviser = users[f"{p}-voorzitter"] if swv.decision_mode == "bto" else users[f"{p}-cva"]
            tlv.cva_advies_record(
                aanvraag=a,
                by=adviser,
                uitkomst=besluit,
                soort=soort,
                cluster=cluster,
                categorie=categorie,
                motivering="Advies op basis van beide deskundigenadviezen.",
            )
        with at(ago - 2 - duration):
            if besluit == "afwijzen":
                tlv.besluit_record(
                    aanvraag=a,
                    by=users[f"{p}-beslisser"],
                    besluit="afwijzen",
                    motivering="De ondersteuning kan binnen het regulier worden geboden.",
                )
            else:
                ingang = clock.today() + dt.timedelta(days=14)
                tlv.besluit_record(
                    aanvraag=a,
                    by=users[f"{p}-beslisser"],
                    besluit="toekennen",
                    soort=soort,
                    cluster=cluster,
                    categorie=categorie,
                    ingangsdatum=ingang,
                    einddatum=add_term(ingang, 24, Unit.MONTHS) - dt.timedelta(days=1),
                    school=special,
                    beoogde_school=self._beoogde_school(a),
                    motivering="De leerling is aangewezen op speciaal onderwijs.",
                    categorie_motivering="Intensieve begeleiding en een kleine groep zijn nodig."
                    if soort == "vso" and categorie in ("midden", "hoog")
                    else "",
                )
        with at(ago - 3 - duration):
            bekendmaking.bekendmaking_record(aanvraag=a, by=consulent)

    def _existing_logins(self):
        rows = (
            Membership.objects.filter(swv__code__in=[s["code"] for s in SWVS])
            .select_related("swv", "user", "school", "gemeente")
            .order_by("swv__code", "pk")
        )
        out = []
        for m in rows:
            label = m.get_role_display()
            if m.school:
                label += f" — {m.school.name}"
            if m.gemeente:
                label += f" — {m.gemeente.name}"
            deskundige = Deskundige.objects.filter(user=m.user).select_related("school").first()
            if deskundige:
                label += f" — {deskundige.get_discipline_display()}"
                if deskundige.school:
                    label += f", werkt voor {deskundige.school.name} (wordt daar geweigerd)"
            out.append((m.swv.code, m.user.username, label))
        return out

    def _print_logins(self, logins):
        out = io.StringIO()
        out.write(f"\nDemo-logins (wachtwoord voor allen: {PASSWORD})\n")
        out.write(
            "Tweestapsverificatie voor beslisser, CvA/BTO, auditor, beheerder en privacy officer: sleutel "
            f"{DEMO_TOTP_BASE32} in een authenticator-app,\n"
            "  of de code van nu: `.venv/bin/python manage.py demo_totp <gebruiker>`\n"
        )
        current = None
        for swv_code, username, label in logins:
            if swv_code != current:
                out.write(f"\n  {swv_code}\n")
                current = swv_code
            out.write(f"    {username:<24} {label}\n")
        out.write(self._parent_logins())
        self.stdout.write(out.getvalue())

    def _parent_logins(self) -> str:
        """Per demo SWV a fresh personal link for a parent (one use; every run prints a new one)."""
        from parents.demo import demo_parent_link

        out = io.StringIO()
        for swv in Swv.objects.filter(code__in=[s["code"] for s in SWVS]).order_by("code"):
            found = demo_parent_link(swv)
            if found is None:
                continue
            url, ouder = found
            leerling = ouder.leerling
            if not out.tell():
                out.write("\nOuder (persoonlijke link, één keer te gebruiken; daarna de geboortedatum)\n")
            out.write(
                f"  {swv.code}: {ouder.naam}, ouder van {leerling.voornaam} {leerling.achternaam}, "
                f"geboortedatum {leerling.geboortedatum:%d-%m-%Y}\n    {url}\n"
            )
        return out.getvalue()
