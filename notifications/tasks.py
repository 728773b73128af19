from celery import shared_task

from notifications import services


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=8, acks_late=True)
def deliver_email(self, notification_id: int) -> bool:
    return services.deliver(notification_id)
