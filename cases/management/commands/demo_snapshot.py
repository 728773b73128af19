"""`manage.py demo_snapshot`: remember the demo data as it is now (`make run` calls it after the first
sweep); `--restore` puts it back, as the demo clock's "terug naar vandaag" does."""

from django.core.management.base import BaseCommand, CommandError

from cases import demo_snapshot


class Command(BaseCommand):
    help = "Bewaar de demogegevens zoals ze nu zijn (SQLite, make run), of zet ze terug met --restore."

    def add_arguments(self, parser):
        parser.add_argument("--restore", action="store_true", help="zet de bewaarde demogegevens terug")

    def handle(self, *args, restore=False, **options):
        if restore:
            if not demo_snapshot.restore():
                raise CommandError(
                    "Er is geen momentopname van de demogegevens (alleen met SQLite, make run)."
                )
            self.stdout.write("Demogegevens teruggezet.")
            return
        try:
            path = demo_snapshot.take()
        except demo_snapshot.SnapshotUnavailable as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Momentopname van de demogegevens bewaard in {path}.")
