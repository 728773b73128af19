"""Webhook subscriptions and the delivery log, for the beheerders of the SWV."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from cases.admin import ReadOnlyScopedAdmin, ScopedAdmin
from webhooks import services
from webhooks.models import EventType, WebhookDelivery, WebhookSubscription


class SubscriptionForm(forms.ModelForm):
    url = forms.URLField(assume_scheme="https", max_length=500, label=_("URL"))
    event_types = forms.MultipleChoiceField(
        choices=EventType.choices, widget=forms.CheckboxSelectMultiple, label=_("Gebeurtenissen")
    )

    class Meta:
        model = WebhookSubscription
        fields = ["name", "swv", "url", "event_types", "active"]


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(ScopedAdmin):
    form = SubscriptionForm
    list_display = ["name", "swv", "url", "active", "created_at"]

    def save_model(self, request, obj, form, change):
        """The form has already checked the address (the model's clean); the services check it again."""
        data = form.cleaned_data
        if change:
            services.subscription_update(
                by=request.user,
                subscription=obj,
                swv=data["swv"],
                name=data["name"],
                url=data["url"],
                event_types=data["event_types"],
                active=data["active"],
            )
            return
        sub, secret = services.subscription_create(
            by=request.user,
            swv=data["swv"],
            name=data["name"],
            url=data["url"],
            event_types=data["event_types"],
        )
        obj.__dict__.update({k: v for k, v in sub.__dict__.items() if not k.startswith("_")})
        self.message_user(
            request,
            _("Geheim voor de handtekening (kopieer het nu, het wordt niet opnieuw getoond): %(secret)s")
            % {"secret": secret},
            messages.WARNING,
        )


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyScopedAdmin):
    swv_path = "subscription__swv"
    list_display = [
        "created_at",
        "event_type",
        "subscription",
        "status",
        "attempts",
        "last_status_code",
        "next_attempt_at",
        "last_error",
    ]
    list_filter = ["status", "event_type"]
    readonly_fields = [f.name for f in WebhookDelivery._meta.fields]
    actions = ["retry"]

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Opnieuw versturen (opgegeven afleveringen)"))
    def retry(self, request, queryset):
        for d in queryset.filter(status=WebhookDelivery.Status.FAILED):
            services.retry(delivery=d, by=request.user)
        self.message_user(request, _("De opgegeven afleveringen staan weer in de wachtrij."))
