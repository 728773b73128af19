from django.contrib import admin

from audit.models import Bewaartermijn
from cases.admin import ScopedAdmin


@admin.register(Bewaartermijn)
class BewaartermijnAdmin(ScopedAdmin):
    """The beheerder sets the SWV's bewaartermijn (years after a case is closed; default 2)."""

    list_display = ["swv", "years_after_close"]
