"""Check the audit chain link by link (hash, key signature, the rows it covers), then against the signed
checkpoints outside the database; report the first broken link."""

from django.core.management.base import BaseCommand, CommandError

from audit.services import verify_chain


class Command(BaseCommand):
    help = (
        "Verify the tamper-evident audit chain (hashes, HMAC, timeline lines, history and access-log seals, "
        "checkpoints in AUDIT_CHECKPOINT_DIR); exits non-zero at the first broken link."
    )

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
        self.stdout.write(
            self.style.SUCCESS(
                f"Auditketen in orde: {result.checked} schakels, {result.checkpoints} checkpoint(s) kloppen."
            )
        )
        if result.checkpoints == 0:
            self.stdout.write(
                "Let op: geen checkpoints gevonden; schrijf er een met `manage.py audit_checkpoint`."
            )
        if result.unsigned:
            self.stdout.write(
                f"{result.unsigned} schakel(s) van voor AUDIT_CHAIN_KEY zonder sleutel-handtekening."
            )
