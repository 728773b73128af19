"""Demo data: organisations, people and their logins (printed at the end)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from django.contrib.auth import get_user_model

from audit.demo import DEMO_TOTP_BASE32, demo_totp_device
from audit.otp import OTP_ROLES
from cases import clock
from cases.demo.common import FIRST_NAMES, LAST_NAMES, PASSWORD, SWVS, make_bsn
from cases.models import (
    Bestuur,
    Briefhoofd,
    Deskundige,
    Gemeente,
    Leerling,
    Membership,
    School,
    Swv,
)
from cases.roles import Role
from cases.services import profiles as profile_services
from cases.system import system_user

PROFILES = Path(__file__).parent / "profiles"


class OrganisationsDemo:
    """Mixed into the seed_demo command (uses its stdout)."""

    def _organisations(self, spec, rng, logins):
        User = get_user_model()
        swv, _ = Swv.objects.get_or_create(
            code=spec["code"],
            defaults={"name": spec["name"], "sector": spec["sector"], "decision_mode": spec["mode"]},
        )
        if not swv.regio:  # the region of its schoolvakanties (school-week terms)
            swv.regio = spec["regio"]
            swv.save(update_fields=["regio"])
        if not swv.profiel_versies.exists():  # its rules, from its ondersteuningsplan (cases/demo/profiles/)
            profile_services.profile_import(
                swv=swv,
                text=(PROFILES / spec["profile"]).read_text(encoding="utf-8"),
                by=system_user(),
                reason="profiel uit het ondersteuningsplan",
            )
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

        def user(username, first, last, role, school=None, gemeente=None, label="", bestuur=None):
            u, created = User.objects.get_or_create(
                username=username,
                defaults={"first_name": first, "last_name": last, "email": f"{username}@demo.swv.example"},
            )
            if created:
                u.set_password(PASSWORD)
                u.save()
            Membership.objects.get_or_create(
                user=u, role=role, swv=swv, school=school, gemeente=gemeente, bestuur=bestuur
            )
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
            f"{p}-deskundige2",
            "Pieter",
            "Wouters",
            Role.DESKUNDIGE,
            label="Deskundige: orthopedagoog van een VSO-school"
            if spec["sector"] == "vo"
            else "Deskundige: kinderpsychiater",
        )
        own_school_rule = (
            "mag daar het eerste advies geven"  # VO 31-02: the first advice from the school's own deskundige
            if spec["sector"] == "vo"
            else "wordt daar geweigerd"  # PO 22-02: independent deskundigen
        )
        d3 = user(
            f"{p}-deskundige-school",
            "Anouk",
            "Verbeek",
            Role.DESKUNDIGE,
            label=f"Deskundige: psycholoog, werkt voor {schools[0].name} ({own_school_rule})",
        )
        # VO 31-02's second advice is always an orthopedagoog, e.g. one attached to a VSO school (003:L878)
        second = ("orthopedagoog", schools[2]) if spec["sector"] == "vo" else ("kinderpsychiater", None)
        for u, disc, school in (
            (d1, "orthopedagoog", None),
            (d2, *second),
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
        # the board of the first school: the 8-week thuiszitter escalation goes to it (000:L445)
        user(
            f"{p}-bestuur",
            "Willem",
            "Vos",
            Role.SCHOOLBESTUUR,
            bestuur=besturen[0],
            label=f"Schoolbestuur: {besturen[0].name}",
        )
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
        user(f"{p}-archivaris", "Koen", "van Dijk", Role.ARCHIVARIS)  # reviews the destruction lists
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
