"""Demo data: case tables. In each SWV a DOA (PO: DOA 6+; VO: an actietafel) held a week ago with two cases
of different schools on its agenda, minutes and agreements (each a task in its owner's inbox: the school's
IB'er, the leerplichtambtenaar of the pupil's gemeente, the consulent), and one planned for next week."""

from __future__ import annotations

import datetime as dt

from cases import clock
from cases.models import Case, Overleg


class OverlegDemo:
    """Mixed into the seed_demo command (uses its stdout)."""

    def _overleg(self, swv, users):
        from cases.services import overleg

        if Overleg.objects.filter(swv=swv).exists():
            return
        p = "po" if swv.sector == "po" else "vo"
        consulent, school1, leerplicht = (
            users[f"{p}-consulent"],
            users[f"{p}-school"],
            users[f"{p}-leerplicht"],
        )
        open_cases = Case.objects.filter(swv=swv, closed_at__isnull=True).select_related("school", "leerling")
        first = open_cases.filter(route__in=("loket", "thuiszitter")).order_by("pk").first()
        if first is None:
            return
        second = (
            open_cases.exclude(school=first.school).order_by("pk").first()
            or open_cases.exclude(pk=first.pk).order_by("pk").first()
        )
        if second is None:
            return
        self.stdout.write("  casustafels: een gehouden overleg met afspraken en een gepland overleg ...")
        today = clock.today()
        held = today - dt.timedelta(days=7)
        soort = "doa_6plus" if p == "po" else "actietafel"
        o = overleg.overleg_plan(
            by=consulent,
            swv=swv,
            soort=soort,
            datum=held,
            tijd=dt.time(14, 0),
            plaats="Kantoor samenwerkingsverband",
            voorzitter=consulent,
            deelnemers=[
                {"user": school1, "rol": "school", "school": first.school},
                {"naam": "M. Jansen", "rol": "jeugdhulp", "organisatie": "Jeugdteam"},
                {"naam": "Ouders van de leerling", "rol": "ouder"},
                {
                    "user": leerplicht,
                    "rol": "leerplicht",
                    "gemeente": leerplicht.memberships.first().gemeente,
                },
            ],
            agenda=[
                {"case": first, "vraag": "Welke ondersteuning past, en wie pakt wat op?"},
                {"case": second, "vraag": "Hoe krijgen we de leerling weer naar school?"},
            ],
        )
        a, b = o.agendapunten.all()
        overleg.overleg_record(
            overleg=o,
            by=consulent,
            verslag="Beide casussen besproken; ouders waren bij het eerste punt aanwezig.",
            aanwezig=list(o.deelnemers.values_list("pk", flat=True)),
            punten=[
                {
                    "agendapunt": a,
                    "verslag": "School en jeugdteam stemmen de begeleiding af; ouders zijn akkoord.",
                    "ouders_aanwezig": True,
                    "afspraken": [
                        {
                            "omschrijving": "Handelingsplan bijwerken en met ouders bespreken",
                            "uiterlijk": held + dt.timedelta(days=14),
                            "eigenaar": school1,
                        },
                        {
                            "omschrijving": "Arrangement verkennen met het jeugdteam",
                            "uiterlijk": held + dt.timedelta(days=21),
                            "eigenaar_rol": "consulent",
                        },
                    ],
                },
                {
                    "agendapunt": b,
                    "verslag": "Verzuim loopt op; huisbezoek afgesproken.",
                    "ouders_aanwezig": False,
                    "afspraken": [
                        {
                            "omschrijving": "Huisbezoek en gesprek over de terugkeer",
                            "uiterlijk": held + dt.timedelta(days=10),
                            "eigenaar_rol": "leerplichtambtenaar",
                        },
                    ],
                },
            ],
        )
        self.stdout.write(f"  casustafel {o}: {first.reference}, {second.reference}")
        overleg.overleg_plan(
            by=consulent,
            swv=swv,
            soort="mdo",
            datum=today + dt.timedelta(days=7),
            tijd=dt.time(10, 0),
            plaats="School",
            voorzitter=consulent,
            deelnemers=[{"user": school1, "rol": "school", "school": first.school}],
            agenda=[{"case": first, "vraag": "Voortgang na de DOA."}],
        )
