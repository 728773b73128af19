from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Quarterly indicators and dashboards (built out by the reporting issue)."""

    name = "reports"
    verbose_name = _("Rapportages")
    default_auto_field = "django.db.models.BigAutoField"
