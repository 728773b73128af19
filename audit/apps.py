from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """History access, the read-access log and the tamper-evident chain."""

    name = "audit"
    verbose_name = _("Audit")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from audit.services import register_outbox_handlers

        register_outbox_handlers()  # timeline lines reach the chain through the outbox
