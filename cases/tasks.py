"""Celery tasks: thin wrappers around services."""

import logging

from celery import shared_task

from cases.services.deadlines import sweep_deadlines as sweep_service

log = logging.getLogger("cases.sweep")


@shared_task(acks_late=True)
def sweep_deadlines() -> int:
    steps = sweep_service()
    if steps:
        log.info("term sweep: %s step(s)", steps)
    return steps


@shared_task(acks_late=True)
def records_management() -> dict:
    """Daily: propose vernietigingslijsten of the cases due, and purge read-access log entries past their
    own term. Both are safe to run twice (a case already on a list is not proposed again)."""
    from cases.services.vernietiging import records_run

    return records_run()
