from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParentsConfig(AppConfig):
    """Ouders/verzorgers and consents in the pages (staff side), and the parent's own view."""

    name = "parents"
    verbose_name = _("Ouders")
    default_auto_field = "django.db.models.BigAutoField"
