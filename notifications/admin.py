"""The outbox in the admin, read-only, for beheerders of the message's SWV (superusers: all).

A given-up ("opgegeven") message is what a beheerder must look at: its last error says why; "opnieuw
proberen" makes it due again through the outbox service."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cases import policies
from notifications import outbox
from notifications.models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = (
        "created_at",
        "topic",
        "key",
        "status",
        "attempts",
        "last_attempt_at",
        "next_attempt_at",
        "sent_at",
        "swv",
    )
    list_filter = ("status", "topic")
    search_fields = ("key",)
    date_hierarchy = "created_at"
    actions = ["retry_messages"]
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]

    def _swvs(self, request):
        return policies.admin_swvs(request.user)

    def _allowed(self, request):
        return request.user.is_active and (request.user.is_superuser or bool(self._swvs(request)))

    def has_module_permission(self, request):
        return self._allowed(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request) and (
            obj is None or self.get_queryset(request).filter(pk=obj.pk).exists()
        )

    def has_change_permission(self, request, obj=None):
        return False  # only the retry action changes a message, through the outbox service

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("swv")
        if request.user.is_superuser:
            return qs
        return qs.filter(swv__in=self._swvs(request))

    @admin.action(description=_("Opnieuw proberen"), permissions=["view"])
    def retry_messages(self, request, queryset):
        retried = 0
        for message in queryset.exclude(status=OutboxMessage.Status.SENT):
            outbox.retry(message=message)
            retried += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d bericht wordt opnieuw verzonden.",
                "%(count)d berichten worden opnieuw verzonden.",
                retried,
            )
            % {"count": retried},
            messages.SUCCESS,
        )
