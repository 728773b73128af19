"""Demo data: two SWVs (PO with a CvA, VO with a BTO), organisations, a login per role, and TLV cases
in every state, some overdue so the sweep escalates at once. Idempotent: a second run changes nothing.

Each route's part lives in cases/demo/<route>.py; this command runs them in a fixed order (the case
references follow it)."""

from __future__ import annotations

import random

from django.core.management.base import BaseCommand
from django.db import transaction

from cases.demo.capacity import CapacityDemo
from cases.demo.common import SWVS
from cases.demo.imports import ImportDemo
from cases.demo.loket import LoketDemo
from cases.demo.organisations import OrganisationsDemo
from cases.demo.overleg import OverlegDemo
from cases.demo.overstap import OverstapDemo
from cases.demo.reports import ReportHistoryDemo
from cases.demo.screening_schakel import ScreeningSchakelDemo
from cases.demo.targets import TargetsDemo
from cases.demo.thuiszitter import ThuiszitterDemo
from cases.demo.tlv import TlvDemo
from cases.models import Case
from notifications.outbox import kicks_deferred
from parents.demo import seed_parents


class Command(
    OrganisationsDemo,
    TlvDemo,
    ThuiszitterDemo,
    ScreeningSchakelDemo,
    LoketDemo,
    OverlegDemo,
    OverstapDemo,
    ReportHistoryDemo,
    CapacityDemo,
    TargetsDemo,
    ImportDemo,
    BaseCommand,
):
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
            self._overstap()  # handovers between the two SWVs, once both exist
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
        self._loket(swv, users)
        with transaction.atomic():  # case tables about the cases above, with agreements as tasks
            self._overleg(swv, users)
        with transaction.atomic():  # half a year of decisions for the quarterly report
            self._report_history(swv, users)
        with transaction.atomic():  # places, placements and a waiting list for the capacity page
            self._capacity(swv, users)
        with transaction.atomic():  # the base year of the TLV-reduction target, for the targets page
            self._targets_history(swv, users)
        with transaction.atomic():  # a column mapping for the schools' pupil exports
            self._import_mappings(swv, users)
        with transaction.atomic():  # the pupils added since have ouders too
            seed_parents(swv)
