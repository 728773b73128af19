"""Import DUO's pupil counts per SWV (1 October) from a CSV file: all or nothing."""

from django.core.management.base import BaseCommand, CommandError

from cases.errors import ValidationFailed
from reports.indicators import CSV_COLUMNS, import_counts


class Command(BaseCommand):
    help = f"Import pupil counts per SWV and peildatum from CSV (columns: {', '.join(CSV_COLUMNS)})."

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, path, **options):
        with open(path, encoding="utf-8-sig") as f:
            text = f.read()
        self.stdout.write(f"Leerlingtellingen importeren uit {path} ...")
        try:
            n = import_counts(text)
        except ValidationFailed as exc:
            raise CommandError(f"Niets geïmporteerd: {exc.message}") from exc
        self.stdout.write(f"{n} telling(en) geïmporteerd.")
