"""Import schools or pupils from CSV, all or nothing.

    manage.py import_csv scholen    --swv CODE scholen.csv     [--dry-run] [--as USERNAME]
    manage.py import_csv leerlingen --swv CODE leerlingen.csv  [--dry-run] [--as USERNAME]
    manage.py import_csv register   scholenlijst-duo.csv       [--dry-run] [--as USERNAME]

`register` reads the national school register from DUO's school list (BRIN, vestigingsnummer, naam,
soort onderwijs, gemeente, SWV code); it needs no --swv and only the national beheer (a superuser, or
the system actor) may run it.

Prints a report: every rejected row with its line number and reason; exits 1 when any row is rejected (then
nothing is imported). The columns are described in cases/services/imports.py and the README.
"""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from cases.errors import DomainError
from cases.models import Swv
from cases.services import imports
from cases.system import system_user


def write_report(out, report: imports.ImportReport) -> None:
    for note in report.notes:
        out.write(f"  let op: {note}")
    for r in report.rejected:
        out.write(f"  regel {r.line}: {r.reason}{f' ({r.label})' if r.label else ''}")
    state = (
        "geïmporteerd" if report.applied else ("niets geïmporteerd" if report.rejected else "gecontroleerd")
    )
    out.write(
        f"{report.kind}: {report.rows} regels, {len(report.rejected)} afgekeurd; {state}"
        + (
            f" (nieuw {report.created}, bijgewerkt {report.updated}, ongewijzigd {report.unchanged})"
            if report.applied
            else ""
        )
    )


class Command(BaseCommand):
    help = "Import schools (BRIN list) or pupils (school administration export) from a CSV file."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=["scholen", "leerlingen", "register"])
        parser.add_argument("file")
        parser.add_argument("--swv", help="code of the samenwerkingsverband (not for register)")
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")
        parser.add_argument(
            "--as", dest="username", help="the beheerder recorded in the history (default: systeem)"
        )

    def handle(self, *args, **opts):
        swv = None
        if opts["kind"] != "register":
            swv = Swv.objects.filter(code=opts["swv"] or "").first()
            if swv is None:
                raise CommandError(f"Onbekend samenwerkingsverband {opts['swv']}.")
        path = Path(opts["file"])
        if not path.is_file():
            raise CommandError(f"Bestand niet gevonden: {path}")
        by = system_user()
        if opts["username"]:
            by = get_user_model().objects.filter(username=opts["username"]).first()
            if by is None:
                raise CommandError(f"Onbekende gebruiker {opts['username']}.")
        self.stdout.write(f"==> {opts['kind']} uit {path.name} controleren ({path.stat().st_size} bytes)")
        try:
            if opts["kind"] == "register":
                report = imports.import_register(
                    data=path.read_bytes(), by=by, dry_run=opts["dry_run"], source=path.name
                )
            else:
                service = imports.import_schools if opts["kind"] == "scholen" else imports.import_leerlingen
                report = service(
                    swv=swv, data=path.read_bytes(), by=by, dry_run=opts["dry_run"], source=path.name
                )
        except DomainError as exc:
            raise CommandError(str(exc.message)) from exc
        write_report(self.stdout, report)
        if report.rejected:
            raise CommandError(f"{len(report.rejected)} regel(s) afgekeurd; er is niets geïmporteerd.")
