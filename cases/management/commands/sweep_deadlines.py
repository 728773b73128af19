"""Run the term sweep: one pass by default, or every --interval seconds with --loop (the embedded run)."""

import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from cases import clock
from cases.services.deadlines import sweep_deadlines


class Command(BaseCommand):
    help = "Warn, breach and escalate the deadlines that are due (one pass, or a loop with --loop)."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Keep sweeping every --interval seconds.")
        parser.add_argument("--interval", type=int, default=60)
        parser.add_argument("--batch-size", type=int, default=None)

    def handle(self, *args, loop=False, interval=60, batch_size=None, **options):
        while True:
            started = clock.now()
            steps = sweep_deadlines(now=started, batch_size=batch_size)
            self.stdout.write(f"{started:%Y-%m-%d %H:%M:%S} termijnbewaking: {steps} stap(pen) uitgevoerd")
            if not loop:
                return
            close_old_connections()
            time.sleep(interval)
