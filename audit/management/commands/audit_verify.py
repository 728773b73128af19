"""Check the audit chain link by link and report the first broken one."""

from django.core.management.base import BaseCommand, CommandError

from audit.services import verify_chain


class Command(BaseCommand):
    help = "Verify the tamper-evident audit chain; exits non-zero at the first broken link."

    def handle(self, *args, **options):
        result = verify_chain()
        if result.broken_seq is not None:
            raise CommandError(
                f"Auditketen verbroken bij schakel {result.broken_seq}: {result.problem} "
                f"({result.checked} schakels daarvoor in orde)."
            )
        if result.missing_case_events:
            ids = ", ".join(str(i) for i in result.missing_case_events[:20])
            raise CommandError(f"Tijdlijnregels zonder schakel in de auditketen: {ids}")
        self.stdout.write(self.style.SUCCESS(f"Auditketen in orde: {result.checked} schakels."))
