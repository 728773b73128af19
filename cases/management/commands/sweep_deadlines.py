"""Run the term sweep: one pass by default, or every --interval seconds with --loop (the embedded run).

Each pass also relays the outbox: the embedded run has no broker and no beat, so this loop is
what delivers a message whose kick after commit failed. The loop also sends the week's breach forecast
digest on its first pass of each ISO week (beat's Monday job in production)."""

import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from audit.anchor import checkpoint_write
from cases import clock
from cases.services.deadlines import sweep_deadlines
from cases.services.vernietiging import records_run
from notifications import outbox


class Command(BaseCommand):
    help = "Warn, breach and escalate the deadlines that are due (one pass, or a loop with --loop)."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Keep sweeping every --interval seconds.")
        parser.add_argument("--interval", type=int, default=60)
        parser.add_argument("--batch-size", type=int, default=None)

    def handle(self, *args, loop=False, interval=60, batch_size=None, **options):
        digest_week = None
        records_day = None
        while True:
            started = clock.now()
            if loop and clock.today().isocalendar()[:2] != digest_week:
                from reports.forecast import send_weekly_digest

                send_weekly_digest(today=clock.today())
                digest_week = clock.today().isocalendar()[:2]
            steps = sweep_deadlines(now=started, batch_size=batch_size)
            if records_day != clock.today():  # once a day, as beat does: destruction proposals, access log
                records = records_run(now=started)
                records_day = clock.today()
                self.stdout.write(
                    f"{started:%Y-%m-%d %H:%M:%S} archief: {records['lists']} vernietigingslijst(en) "
                    f"voorgesteld, {records['access_log_purged']} inzageregel(s) opgeschoond"
                )
            relayed = outbox.relay()
            checkpoint_write()  # the embedded run has no beat: seal history and checkpoint the audit chain
            self.stdout.write(
                f"{started:%Y-%m-%d %H:%M:%S} termijnbewaking: {steps} stap(pen) uitgevoerd, "
                f"{relayed.sent} bericht(en) verzonden"
            )
            if not loop:
                return
            close_old_connections()
            time.sleep(interval)
