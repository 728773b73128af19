"""Remove or anonymise the personal data of closed cases past their SWV's bewaartermijn."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from audit.privacy import due_for_purge, purge_expired
from cases.policies import SYSTEM_USERNAME


class Command(BaseCommand):
    help = (
        "Purge closed cases past the bewaartermijn (default: closed + 2 years); each purge goes in the chain."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only list the cases that are due.")

    def handle(self, *args, dry_run=False, **options):
        if dry_run:
            for case in due_for_purge():
                self.stdout.write(f"  {case.reference} (afgesloten {case.closed_at:%d-%m-%Y})")
            return
        system, _ = get_user_model().objects.get_or_create(username=SYSTEM_USERNAME)
        done = purge_expired(by=system)
        for row in done:
            self.stdout.write(f"  {row['case']}: opgeschoond")
        self.stdout.write(self.style.SUCCESS(f"{len(done)} casus(sen) opgeschoond."))
