"""Beheer of API clients for the beheerders of an SWV: create, change scopes, issue and revoke tokens.

Changes go through api/services.py (history with the beheerder as the user); a new token is shown once.
"""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from api import services
from api.models import SCOPE_CHOICES, ApiClient, ApiToken
from cases.admin import ScopedAdmin
from cases.errors import DomainError


class ApiClientForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        choices=SCOPE_CHOICES, widget=forms.CheckboxSelectMultiple, required=False, label=_("Rechten")
    )

    class Meta:
        model = ApiClient
        fields = ["name", "swv", "role", "school", "gemeente", "scopes", "active"]


class ApiTokenInline(admin.TabularInline):
    model = ApiToken
    fields = ["prefix", "created_at", "created_by", "expires_at", "revoked_at", "last_used_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ApiClient)
class ApiClientAdmin(ScopedAdmin):
    form = ApiClientForm
    list_display = ["name", "swv", "role", "school", "gemeente", "active", "created_at"]
    list_filter = ["active", "role"]
    inlines = [ApiTokenInline]
    actions = ["issue_token", "revoke_tokens"]

    def get_readonly_fields(self, request, obj=None):
        # the organisation and role of an existing client are fixed (its service user acts with them)
        return ["swv", "role", "school", "gemeente"] if obj else []

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        try:
            if change:
                saved = services.client_update(
                    client=obj,
                    by=request.user,
                    scopes=data["scopes"],
                    active=data["active"],
                    name=data["name"],
                )
            else:
                saved = services.client_create(
                    by=request.user,
                    name=data["name"],
                    swv=data["swv"],
                    role=data["role"],
                    scopes=data["scopes"],
                    school=data.get("school"),
                    gemeente=data.get("gemeente"),
                )
        except DomainError as exc:
            messages.error(request, exc.message)
            raise
        obj.__dict__.update({k: v for k, v in saved.__dict__.items() if not k.startswith("_")})

    def save_related(self, request, form, formsets, change):
        pass  # tokens are issued and revoked through the actions, never edited

    @admin.action(description=_("Nieuw token uitgeven (wordt één keer getoond)"))
    def issue_token(self, request, queryset):
        for client in queryset:
            try:
                token, plain = services.token_issue(client=client, by=request.user)
            except DomainError as exc:
                self.message_user(request, f"{client}: {exc.message}", messages.ERROR)
                continue
            self.message_user(
                request,
                _(
                    "Token voor %(client)s (geldig tot %(date)s). Kopieer het nu; "
                    "het wordt niet opnieuw getoond: %(token)s"
                )
                % {"client": client, "date": f"{token.expires_at:%d-%m-%Y}", "token": plain},
                messages.WARNING,
            )

    @admin.action(description=_("Alle tokens intrekken"))
    def revoke_tokens(self, request, queryset):
        n = 0
        for client in queryset:
            for token in client.tokens.filter(revoked_at__isnull=True):
                services.token_revoke(token=token, by=request.user)
                n += 1
        self.message_user(request, _("%(n)d token(s) ingetrokken.") % {"n": n})
