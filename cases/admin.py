"""Django admin: for beheerders only, scoped to their own SWV(s) through cases.policies.

Configuration (organisations, people, term policies) is editable; route records, deadlines and work
items are read-only here, because every state change must go through the services.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from cases import policies
from cases.admin_person_numbers import PersonNumberAdminMixin
from cases.models import (
    ArchiefRegel,
    Bestuur,
    Briefhoofd,
    Case,
    Deadline,
    Deskundige,
    Gemeente,
    Leerling,
    Membership,
    Ouder,
    School,
    SchoolVakantie,
    Swv,
    TermPolicy,
    TlvAanvraag,
    WorkItem,
)

# Beheer carries the product's name (templates/admin/base_site.html adds its colours and a link back)
admin.site.site_header = _("Casusregie SWV · beheer")
admin.site.site_title = _("Casusregie SWV · beheer")
admin.site.index_title = _("Beheer van het samenwerkingsverband")


class ScopedAdmin(SimpleHistoryAdmin):
    swv_path = "swv"

    def _swvs(self, request):
        return policies.admin_swvs(request.user)

    def _allowed(self, request):
        return request.user.is_active and (request.user.is_superuser or bool(self._swvs(request)))

    def has_module_permission(self, request):
        return self._allowed(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request) and (obj is None or self._in_scope(request, obj))

    def has_change_permission(self, request, obj=None):
        return self.has_view_permission(request, obj)

    def has_add_permission(self, request):
        return self._allowed(request)

    def has_delete_permission(self, request, obj=None):
        return False  # destruction goes through a reviewed list, never a delete button

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(**{f"{self.swv_path}__in": self._swvs(request)}).distinct()

    def _in_scope(self, request, obj):
        return request.user.is_superuser or self.get_queryset(request).filter(pk=obj.pk).exists()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if request.user.is_superuser:
            return field
        model = db_field.related_model
        swvs = self._swvs(request)
        if model is Swv:
            field.queryset = field.queryset.filter(pk__in=swvs)
        elif hasattr(model, "swv"):
            field.queryset = field.queryset.filter(swv__in=swvs)
        elif model is Gemeente:
            field.queryset = field.queryset.filter(swvs__in=swvs).distinct()
        elif model.__name__ == "User":
            field.queryset = field.queryset.filter(memberships__swv__in=swvs).distinct()
        return field


class DossierReadLoggedAdmin(ScopedAdmin):
    """Admin pages of dossier objects (a pupil, a case and its route records, terms, tasks): opening one, or
    its history, is a dossier read like on the pages and in the API, so it writes one access-log line."""

    def _log_read(self, request, object_id, response, what: str):
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return
        obj = self.get_object(request, object_id)
        if obj is None:
            return
        from audit.services import log_read

        label = f"{self.model._meta.verbose_name} {obj.pk}, {what} (beheer)"
        if isinstance(obj, Leerling):
            log_read(request, leerling=obj, what=label)
        else:
            log_read(request, case=obj if isinstance(obj, Case) else obj.case, what=label)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        self._log_read(request, object_id, response, "gegevens")
        return response

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        self._log_read(request, object_id, response, "historie")
        return response


class ReadOnlyScopedAdmin(ScopedAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Swv)
class SwvAdmin(ScopedAdmin):
    swv_path = "pk"
    list_display = ["name", "code", "sector", "decision_mode", "regio"]

    def has_add_permission(self, request):
        return request.user.is_superuser


@admin.register(Bestuur)
class BestuurAdmin(ScopedAdmin):
    list_display = ["name", "swv"]


@admin.register(School)
class SchoolAdmin(ScopedAdmin):
    list_display = ["name", "brin", "vestiging", "soort", "bestuur"]
    list_filter = ["soort"]
    search_fields = ["name", "brin"]


class NationalMasterDataAdmin(ScopedAdmin):
    """Master data shared by SWVs (a gemeente lies in a PO and a VO SWV): an SWV beheerder may look, only
    the national beheer (a superuser) adds or changes it."""

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(SchoolVakantie)
class SchoolVakantieAdmin(NationalMasterDataAdmin):
    """The schoolvakanties per region: the national beheer enters them (or loads them with
    ``manage.py load_schoolvakanties``); an SWV beheerder sees them, read-only."""

    list_display = ["naam", "regio", "start", "end", "schooljaar"]
    list_filter = ["regio", "naam"]
    ordering = ["start", "regio"]

    def get_queryset(self, request):
        return SchoolVakantie.objects.all()  # national master data: the same for every SWV

    def _in_scope(self, request, obj):
        return True


@admin.register(Gemeente)
class GemeenteAdmin(NationalMasterDataAdmin):
    swv_path = "swvs"
    list_display = ["name", "code"]


class OuderInline(admin.TabularInline):
    """The pupil's ouders on the beheer page. Ouders are kept on the pupil page by the school and the
    consulent (cases/services/ouders.py, with history); a beheerder sees them read-only here, with address,
    e-mail and phone by the one contact rule (masked unless may_see_ouder_contact). Superusers: plain."""

    model = Ouder
    extra = 0
    masked_fields = ["naam", "relatie", "gezag", "adres_getoond", "email_getoond", "telefoon_getoond"]

    def get_fields(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_fields(request, obj)
        return [*self.masked_fields, "voorkeurstaal", "ontvangt_brieven"]

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_readonly_fields(request, obj)
        return self.get_fields(request, obj)

    def has_add_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser or bool(policies.admin_swvs(request.user))

    def get_formset(self, request, obj=None, **kwargs):
        self._viewer = request.user  # the contact rule needs the viewer in the display methods below
        return super().get_formset(request, obj, **kwargs)

    def _contact(self, ouder, field):
        from cases.services.ouders import contact_for

        return contact_for(self._viewer, ouder, field) or "—"

    @admin.display(description=_("Adres"))
    def adres_getoond(self, ouder):
        return self._contact(ouder, "adres")

    @admin.display(description=_("E-mail"))
    def email_getoond(self, ouder):
        return self._contact(ouder, "email")

    @admin.display(description=_("Telefoon"))
    def telefoon_getoond(self, ouder):
        return self._contact(ouder, "telefoon")


@admin.register(Leerling)
class LeerlingAdmin(PersonNumberAdminMixin, DossierReadLoggedAdmin):  # BSN masked by the one rule
    list_display = ["achternaam", "voornaam", "geboortedatum", "stamschool"]
    search_fields = ["achternaam", "voornaam"]
    inlines = [OuderInline]


class MembershipAdminForm(forms.ModelForm):
    """Refuses what policies.membership_grant_refusal refuses (own memberships, national roles, ...)."""

    granted_by = None  # set per request by MembershipAdmin.get_form

    def clean(self):
        data = super().clean()
        previous = Membership.objects.filter(pk=self.instance.pk).first() if self.instance.pk else None
        refusal = policies.membership_grant_refusal(
            self.granted_by,
            member=data.get("user"),
            role=data.get("role"),
            swv_id=getattr(data.get("swv"), "pk", None),
            school=data.get("school"),
            gemeente=data.get("gemeente"),
            previous=previous,
        )
        if refusal:
            raise ValidationError(refusal, code="lidmaatschap-geweigerd")
        return data


@admin.register(Membership)
class MembershipAdmin(ScopedAdmin):
    form = MembershipAdminForm
    list_display = ["user", "role", "swv", "school", "gemeente"]
    list_filter = ["role"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"granted_by": request.user})

    def has_change_permission(self, request, obj=None):
        if obj is not None and not request.user.is_superuser and obj.user_id == request.user.pk:
            return False  # one's own memberships are changed by someone else
        return super().has_change_permission(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "user" and not request.user.is_superuser:
            field.queryset = field.queryset.exclude(pk=request.user.pk)
        return field


@admin.register(Deskundige)
class DeskundigeAdmin(ScopedAdmin):
    list_display = ["naam", "discipline", "organisatie", "school"]


class ProfileRowAdmin(ScopedAdmin):
    """A row of the SWV's profile edited here: saved with its history, then frozen as a new profile version
    (cases/services/profiles.py), so new cases take the change and running cases keep their rules."""

    def save_model(self, request, obj, form, change):
        from cases.services import profiles as profile_services

        with transaction.atomic():
            super().save_model(request, obj, form, change)
            done = "gewijzigd" if change else "toegevoegd"
            profile_services.profile_row_changed(
                swv=obj.swv, by=request.user, reason=f"beheer: {obj._meta.verbose_name} {done}"
            )


@admin.register(TermPolicy)
class TermPolicyAdmin(ProfileRowAdmin):
    list_display = ["swv", "kind", "length", "unit", "calendar", "atw", "warn_fraction", "max_extensions"]


class ArchiefRegelForm(forms.ModelForm):
    class Meta:
        model = ArchiefRegel
        fields = ["swv", "route", "resultaat", "archiefnominatie", "termijn_jaren", "brondatum"]

    def clean(self):
        from cases import archive

        data = super().clean()
        route, resultaat = data.get("route"), data.get("resultaat")
        if route not in archive.RESULTS:
            self.add_error("route", _("Onbekende route."))
        elif resultaat not in archive.RESULTS[route].types:
            self.add_error(
                "resultaat",
                _("Kies een resultaat van deze route: %(codes)s")
                % {"codes": ", ".join(archive.RESULTS[route].types)},
            )
        return data


@admin.register(ArchiefRegel)
class ArchiefRegelAdmin(ScopedAdmin):
    form = ArchiefRegelForm
    list_display = [
        "swv",
        "route",
        "resultaat",
        "archiefnominatie",
        "termijn_jaren",
        "brondatum",
        "bevestigd_op",
    ]

    def save_model(self, request, obj, form, change):
        """A changed rule is no longer the one the archivaris confirmed: the confirmation goes."""
        if change and {"archiefnominatie", "termijn_jaren", "brondatum"} & set(form.changed_data):
            obj.bevestigd_door = None
            obj.bevestigd_op = None
        super().save_model(request, obj, form, change)

    def changelist_view(self, request, extra_context=None):
        """Above the SWV's own rules: the defaults with their sources, to be confirmed by the archivaris."""
        from cases import archive

        swvs = self._swvs(request)
        own = ArchiefRegel.objects.filter(swv_id__in=swvs) if len(swvs) == 1 else ArchiefRegel.objects.none()
        extra = {**(extra_context or {}), "archiefregels": archive.defaults_table(own)}
        return super().changelist_view(request, extra_context=extra)


@admin.register(Case)
class CaseAdmin(DossierReadLoggedAdmin, ReadOnlyScopedAdmin):
    list_display = ["reference", "route", "school", "opened_at", "closed_at"]
    search_fields = ["reference"]


@admin.register(TlvAanvraag)
class TlvAanvraagAdmin(DossierReadLoggedAdmin, ReadOnlyScopedAdmin):
    swv_path = "case__swv"
    list_display = ["__str__", "status"]
    list_filter = ["status"]


@admin.register(Deadline)
class DeadlineAdmin(DossierReadLoggedAdmin, ReadOnlyScopedAdmin):
    swv_path = "case__swv"
    list_display = ["case", "kind", "status", "due_on", "next_action_at"]


@admin.register(WorkItem)
class WorkItemAdmin(DossierReadLoggedAdmin, ReadOnlyScopedAdmin):
    list_display = ["title", "case", "role", "assignee", "status", "due_at"]
    list_filter = ["status", "kind", "role"]


# thuiszitter and zorgplicht route records: read-only, like the TLV record
from cases.models import Aanmelding, ThuiszitterMelding  # noqa: E402


@admin.register(ThuiszitterMelding)
class ThuiszitterMeldingAdmin(DossierReadLoggedAdmin, ReadOnlyScopedAdmin):
    swv_path = "case__swv"
    list_display = ["__str__", "status", "type", "gemeente", "eerste_verzuimdag", "inspectie_gemeld_op"]
    list_filter = ["status", "type"]


@admin.register(Aanmelding)
class AanmeldingAdmin(DossierReadLoggedAdmin, ReadOnlyScopedAdmin):
    swv_path = "case__swv"
    list_display = ["__str__", "status", "aangemeld_op", "verlengd_op"]
    list_filter = ["status"]


# Screening and schakel. Per-SWV settings are editable; route records read-only like the others.
from cases.models import CarrouselDoel, Schakeltraject, ScreeningInstelling, ZorgOnderwijsScreening  # noqa: E402


@admin.register(ScreeningInstelling)
class ScreeningInstellingAdmin(ScopedAdmin):
    list_display = ["swv", "school_soorten"]


@admin.register(CarrouselDoel)
class CarrouselDoelAdmin(ProfileRowAdmin):
    list_display = ["swv", "soort", "richting", "aantal"]
    list_filter = ["soort"]


@admin.register(ZorgOnderwijsScreening)
class ZorgOnderwijsScreeningAdmin(DossierReadLoggedAdmin, ReadOnlyScopedAdmin):
    swv_path = "case__swv"
    list_display = ["__str__", "status", "herkomst", "advies", "plaatsing", "aangemeld_op"]
    list_filter = ["status", "advies", "plaatsing"]


@admin.register(Schakeltraject)
class SchakeltrajectAdmin(DossierReadLoggedAdmin, ReadOnlyScopedAdmin):
    swv_path = "case__swv"
    list_display = ["__str__", "status", "soort", "uitkomst", "besluit_op"]
    list_filter = ["status", "soort", "uitkomst"]


@admin.register(Briefhoofd)
class BriefhoofdAdmin(ScopedAdmin):
    """The letterhead of the SWV's letters: logo, address, contact details, the signer's function."""

    list_display = ["swv", "telefoon", "email", "ondertekenaar_functie"]


# The loket: request types and budgets are per-SWV configuration; the requests read-only like the others.
from cases.models import AanvraagType, Budget, Ondersteuningsaanvraag  # noqa: E402


@admin.register(AanvraagType)
class AanvraagTypeAdmin(ScopedAdmin):
    list_display = ["naam", "swv", "arrangement_soort", "eenheid", "actief"]
    list_filter = ["actief", "arrangement_soort"]


@admin.register(Budget)
class BudgetAdmin(ScopedAdmin):
    list_display = ["__str__", "school", "uren", "bedrag"]
    list_filter = ["schooljaar", "arrangement_soort"]


@admin.register(Ondersteuningsaanvraag)
class OndersteuningsaanvraagAdmin(DossierReadLoggedAdmin, ReadOnlyScopedAdmin):
    swv_path = "case__swv"
    list_display = ["__str__", "status", "aanvraag_type", "besluit", "startdatum", "einddatum"]
    list_filter = ["status", "besluit"]
