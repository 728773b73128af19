"""Beheer of the capacity configuration, scoped to the beheerder's own SWV(s) like every admin page."""

from django.contrib import admin

from cases.admin import ScopedAdmin
from reports.models import Capaciteit, Kengetal, Leerlingtelling, WachtlijstNorm


@admin.register(Capaciteit)
class CapaciteitAdmin(ScopedAdmin):
    swv_path = "school__swv"
    list_display = ["school", "schooljaar", "plaatsen"]
    list_filter = ["schooljaar"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "school":
            field.queryset = field.queryset.exclude(soort="regulier")
        return field


@admin.register(WachtlijstNorm)
class WachtlijstNormAdmin(ScopedAdmin):
    list_display = ["swv", "max_dagen"]


@admin.register(Leerlingtelling)
class LeerlingtellingAdmin(ScopedAdmin):
    list_display = ["swv", "peildatum", "totaal", "sbo", "so", "vso", "pro"]
    list_filter = ["peildatum"]


@admin.register(Kengetal)
class KengetalAdmin(ScopedAdmin):
    list_display = ["swv", "schooljaar", "soort", "categorie", "waarde", "respondenten", "bron"]
    list_filter = ["schooljaar", "soort"]
