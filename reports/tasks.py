"""Celery tasks of the reports: thin wrappers around their functions."""

from celery import shared_task

from reports.forecast import send_weekly_digest


@shared_task
def send_forecast_digest() -> int:
    return send_weekly_digest()
