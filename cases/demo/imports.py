"""Demo data: a column mapping per SWV for the pupil export of a school administration system, so a school
can import its pupils at once (Importeren → CSV-export met een opgeslagen kolomkoppeling)."""

from __future__ import annotations

from cases.models import ImportMapping

DEMO_MAPPING = {
    "bsn": "BSN",
    "onderwijsnummer": "Onderwijsnummer",
    "voornaam": "Roepnaam",
    "tussenvoegsel": "Voorvoegsel",
    "achternaam": "Achternaam",
    "geboortedatum": "Geboortedatum",
    "groep": "Groep",
    "woongemeente": "Gemeente",
}


class ImportDemo:
    """Mixed into the seed_demo command (uses its stdout)."""

    def _import_mappings(self, swv, users):
        """Idempotent: an SWV with a mapping already has its demo mapping."""
        from cases.services.leerling_import import mapping_save

        if ImportMapping.objects.filter(swv=swv).exists():
            return
        self.stdout.write("  kolomkoppeling voor de leerlingexport van de scholen ...")
        mapping_save(
            by=users[f"{swv.sector}-beheerder"],
            swv=swv,
            name="ParnasSys leerlingexport",
            delimiter=";",
            encoding="utf-8",
            columns=DEMO_MAPPING,
            ignored=["Klas", "Geslacht"],
        )
