"""Export or import an SWV's profile: its rules as one versioned, human-readable YAML file.

    manage.py swv_profile export "VO 31-02" [--out profiel.yaml]
    manage.py swv_profile import "VO 31-02" profiel.yaml [--dry-run] [--as USERNAME]

An import is validated whole; any error is printed with its line number and nothing is applied. A file
equal to the profile in force changes nothing; otherwise a new profile version is recorded, which new cases
use (running cases keep the version they started under).
"""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from cases import profiles
from cases.errors import DomainError
from cases.models import Swv
from cases.services import profiles as profile_services
from cases.system import system_user


class Command(BaseCommand):
    help = "Export or import the profile (rules as data) of a samenwerkingsverband."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["export", "import"])
        parser.add_argument("swv", help="code of the samenwerkingsverband, e.g. 'VO 31-02'")
        parser.add_argument("file", nargs="?", help="the profile file (import)")
        parser.add_argument("--out", help="write the export to this file instead of stdout")
        parser.add_argument("--dry-run", action="store_true", help="validate only, apply nothing")
        parser.add_argument("--as", dest="username", help="the beheerder recorded in the history")

    def handle(self, *args, **opts):
        swv = Swv.objects.filter(code=opts["swv"]).first()
        if swv is None:
            raise CommandError(f"Onbekend samenwerkingsverband {opts['swv']}.")
        if opts["action"] == "export":
            text = profiles.dump(swv)
            if opts["out"]:
                Path(opts["out"]).write_text(text, encoding="utf-8")
                self.stdout.write(f"Profiel van {swv.code} geschreven naar {opts['out']}.")
            else:
                self.stdout.write(text, ending="")
            return
        if not opts["file"] or not Path(opts["file"]).is_file():
            raise CommandError("Geef het profielbestand dat u wilt inlezen.")
        by = system_user()
        if opts["username"]:
            by = get_user_model().objects.filter(username=opts["username"]).first()
            if by is None:
                raise CommandError(f"Onbekende gebruiker {opts['username']}.")
        text = Path(opts["file"]).read_text(encoding="utf-8")
        try:
            if opts["dry_run"]:
                profiles.parse(text, swv)
                self.stdout.write("Het profiel is geldig (niets toegepast).")
                return
            version = profile_services.profile_import(
                swv=swv, text=text, by=by, reason=f"profiel ingelezen ({Path(opts['file']).name})"
            )
        except profiles.ProfileInvalid as exc:
            for error in exc.errors:
                self.stderr.write(f"  {error}")
            raise CommandError(f"{len(exc.errors)} fout(en) in het profiel; er is niets gewijzigd.") from exc
        except DomainError as exc:
            raise CommandError(str(exc.message)) from exc
        if version is None:
            self.stdout.write("Het profiel is gelijk aan het geldende profiel; er is niets gewijzigd.")
        else:
            self.stdout.write(f"Profiel van {swv.code} ingelezen: versie {version.versie}.")
