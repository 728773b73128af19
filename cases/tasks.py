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
