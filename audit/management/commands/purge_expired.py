"""The records job by hand: propose vernietigingslijsten of the closed cases whose archiefactiedatum has come
and purge the read-access log after its own term. Nothing is destroyed here: a case goes only through a
reviewed list, approved twice and carried out by the privacy officer or the archivaris
(cases/services/vernietiging.py). The daily job (beat, the embedded sweep loop) runs the same."""

from django.core.management.base import BaseCommand

from cases.models import Swv
from cases.services.vernietiging import due_cases, records_run


class Command(BaseCommand):
    help = (
        "Propose vernietigingslijsten of the cases due for destruction and purge the access log; "
        "destruction itself needs a reviewed, twice approved list."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only list the cases that are due.")

    def handle(self, *args, dry_run=False, **options):
        if dry_run:
            for swv in Swv.objects.order_by("pk"):
                for case in due_cases(swv=swv):
                    on = f"{case.archiefactiedatum:%d-%m-%Y}"
                    self.stdout.write(f"  {case.reference} (archiefactiedatum {on})")
            return
        done = records_run()
        self.stdout.write(
            self.style.SUCCESS(
                f"{done['lists']} vernietigingslijst(en) voorgesteld ter beoordeling; "
                f"{done['access_log_purged']} inzageregel(s) opgeschoond. Er is niets vernietigd."
            )
        )
