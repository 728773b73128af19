"""Load the schoolvakanties of a school year from a CSV made from the list on rijksoverheid.nl.

CSV columns (a header row): ``region,name,start,end`` — region ``noord``, ``midden``, ``zuid`` or
``heel nederland`` (one row for all three), name ``herfstvakantie`` … ``zomervakantie``, start and end the
first and last day (``2026-10-17`` or ``17-10-2026``), both inclusive. All rows load or none; a period that is
already there is skipped, one that overlaps another of its region is refused. Afterwards the running terms
counted in school weeks or school days of those regions are recalculated.
"""

from __future__ import annotations

import csv
import datetime as dt

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cases.models import Regio, SchoolVakantie
from cases.models.schoolvakanties import Vakantie

ALL_REGIONS = {"heel nederland", "heel-nederland", "alle", "landelijk"}


def _date(text: str, line: int) -> dt.date:
    text = text.strip()
    for fmt in ("%Y-%m-%d", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise CommandError(f"Regel {line}: '{text}' is geen datum (jjjj-mm-dd of dd-mm-jjjj).")


def parse(lines) -> list[SchoolVakantie]:
    reader = csv.DictReader(lines)
    missing = {"region", "name", "start", "end"} - {
        (f or "").strip().lower() for f in reader.fieldnames or []
    }
    if missing:
        raise CommandError(
            f"Kolommen ontbreken: {', '.join(sorted(missing))} (verwacht: region,name,start,end)."
        )
    periods = []
    for n, raw in enumerate(reader, start=2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items()}
        region, name = row["region"].lower(), row["name"].lower()
        if name not in Vakantie.values:
            raise CommandError(
                f"Regel {n}: onbekende vakantie '{row['name']}' ({', '.join(Vakantie.values)})."
            )
        if region in ALL_REGIONS:
            regions = list(Regio.values)
        elif region in Regio.values:
            regions = [region]
        else:
            raise CommandError(f"Regel {n}: onbekende regio '{row['region']}' (noord, midden, zuid).")
        start, end = _date(row["start"], n), _date(row["end"], n)
        periods += [SchoolVakantie(regio=r, naam=name, start=start, end=end) for r in regions]
    return periods


class Command(BaseCommand):
    help = (
        "Laad de schoolvakanties van een schooljaar uit een CSV (region,name,start,end) van rijksoverheid.nl."
    )

    def add_arguments(self, parser):
        parser.add_argument("csv", help="pad naar het CSV-bestand")

    def handle(self, *args, **options):
        from cases.services.deadlines import recompute_school_terms

        try:
            with open(options["csv"], newline="", encoding="utf-8-sig") as f:
                periods = parse(f)
        except OSError as e:
            raise CommandError(f"Kan {options['csv']} niet lezen: {e}") from e
        added = skipped = 0
        with transaction.atomic():
            for period in periods:
                if SchoolVakantie.objects.filter(
                    regio=period.regio, naam=period.naam, start=period.start, end=period.end
                ).exists():
                    skipped += 1
                    continue
                try:
                    period.full_clean()
                except ValidationError as e:
                    raise CommandError(f"{period}: {' '.join(e.messages)}") from e
                period.save()
                added += 1
            recalculated = recompute_school_terms({p.regio for p in periods})
        self.stdout.write(
            f"{added} schoolvakanties toegevoegd, {skipped} waren er al; "
            f"{recalculated} lopende termijnen in schoolweken/schooldagen herberekend."
        )
