"""Celery application. Beat runs the term sweep every minute in production."""

import os
from datetime import timedelta

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("passend")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# SWEEP_INTERVAL_SECONDS runs the term sweep every N seconds instead of every minute (the production
# smoke test uses a few seconds)
SWEEP_INTERVAL = int(os.environ.get("SWEEP_INTERVAL_SECONDS", "0"))

app.conf.beat_schedule = {
    # every minute: warn, breach and escalate the deadlines that are due
    "sweep-deadlines": {
        "task": "cases.tasks.sweep_deadlines",
        "schedule": timedelta(seconds=SWEEP_INTERVAL) if SWEEP_INTERVAL else crontab(minute="*"),
    },
    # Every minute: carry out outbox messages (e-mails, webhooks, audit links) that no kick after
    # commit reached (broker was down, a worker died); daily at 03:17: delete delivered messages past
    # OUTBOX_RETENTION_DAYS
    "relay-outbox": {
        "task": "notifications.tasks.relay_outbox",
        "schedule": crontab(minute="*"),
    },
    "purge-outbox": {
        "task": "notifications.tasks.purge_outbox",
        "schedule": crontab(minute="17", hour="3"),
    },
    # Mondays at 07:00: the week's breach forecast to the coordinators of each SWV (once per week: the
    # embedded loop sends it too, whichever comes first)
    "forecast-digest": {
        "task": "reports.tasks.send_forecast_digest",
        "schedule": crontab(minute="0", hour="7", day_of_week="1"),
    },
    # daily at 02:43: propose vernietigingslijsten of the closed cases whose archiefactiedatum has come, and
    # purge read-access log entries past ACCESS_LOG_RETENTION_YEARS
    "records-management": {
        "task": "cases.tasks.records_management",
        "schedule": crontab(minute="43", hour="2"),
    },
    # every 5 minutes: seal new history rows into the audit chain and write a signed checkpoint of its head
    # to AUDIT_CHECKPOINT_DIR (skipped when nothing was appended)
    "audit-checkpoint": {
        "task": "audit.tasks.write_checkpoint",
        "schedule": crontab(minute="*/5"),
    },
}
