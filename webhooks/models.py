"""Outbound webhooks: per-SWV subscriptions, and one delivery row per (event, subscription).

A WebhookDelivery is written in the same transaction as the state change that caused it, together with its
outbox message (notifications.OutboxMessage, key `webhook:<pk>`) that the relay carries out: the row is the
delivery log the beheerder sees (attempts, status code, a short error, next retry or given up). The receiver's
answer itself is never stored: a log that showed it would let a subscription read whatever its URL reaches.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from webhooks.transport import validate_webhook_url


class EventType(models.TextChoices):
    CASE_CREATED = "case.created", _("Casus aangemaakt")
    CASE_TRANSITION = "case.transition", _("Statuswijziging")
    CASE_ESCALATION = "case.escalation", _("Escalatie")
    CASE_BESLUIT = "case.besluit", _("Besluit")
    CONSENT_GIVEN = "consent.given", _("Toestemming gegeven")
    CONSENT_WITHDRAWN = "consent.withdrawn", _("Toestemming ingetrokken")


class WebhookSubscription(models.Model):
    swv = models.ForeignKey("cases.Swv", on_delete=models.CASCADE, related_name="webhook_subscriptions")
    name = models.CharField(_("naam"), max_length=120)
    url = models.URLField(_("URL"), max_length=500, help_text=_("https://… van het ontvangende systeem"))
    secret = models.CharField(
        _("geheim"), max_length=128, help_text=_("Voor de HMAC-SHA256-handtekening (X-Passend-Signature).")
    )
    event_types = models.JSONField(_("gebeurtenissen"), default=list)
    active = models.BooleanField(_("actief"), default=True)
    created_at = models.DateTimeField(_("aangemaakt"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords(excluded_fields=["secret"])

    class Meta:
        verbose_name = _("webhook-abonnement")
        verbose_name_plural = _("webhook-abonnementen")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.url})"

    def clean(self):
        """The receiver's address is checked on every save through a form (create and change alike)."""
        super().clean()
        if self.url:
            try:
                validate_webhook_url(self.url)
            except ValidationError as exc:
                raise ValidationError({"url": exc}) from None


class WebhookDelivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Wacht op aflevering")
        DELIVERED = "delivered", _("Afgeleverd")
        FAILED = "failed", _("Opgegeven")

    subscription = models.ForeignKey(WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries")
    event_id = models.UUIDField(_("gebeurtenis-id"), default=uuid.uuid4)
    event_type = models.CharField(_("gebeurtenis"), max_length=40, choices=EventType.choices)
    case = models.ForeignKey("cases.Case", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    payload = models.JSONField()
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    next_attempt_at = models.DateTimeField(_("volgende poging"), null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("laatste poging"), null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(_("HTTP-status"), null=True, blank=True)
    last_error = models.CharField(_("fout"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("aangemaakt"))
    delivered_at = models.DateTimeField(_("afgeleverd"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook-aflevering")
        verbose_name_plural = _("webhook-afleveringen")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["subscription", "event_id"], name="webhook_delivery_once"),
        ]

    def __str__(self):
        return f"{self.event_type} → {self.subscription.name} ({self.get_status_display()})"
