"""Seal the history written since the last seal and write a signed checkpoint of the chain's head."""

from django.core.management.base import BaseCommand

from audit.anchor import checkpoint_dir, checkpoint_write


class Command(BaseCommand):
    help = (
        "Append a history seal to the audit chain and the chain's signed head (seq, hash, count) to the "
        "checkpoint file in AUDIT_CHECKPOINT_DIR."
    )

    def handle(self, *args, **options):
        cp = checkpoint_write(force=True)
        if cp is None:
            self.stdout.write("De auditketen is nog leeg: geen checkpoint geschreven.")
            return
        self.stdout.write(
            self.style.SUCCESS(f"Checkpoint bij schakel {cp.seq} geschreven naar {checkpoint_dir()}.")
        )
