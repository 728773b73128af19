from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Berichten")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from notifications import services  # noqa: F401 - registers the "email" outbox handler
