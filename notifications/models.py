from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    class Kind(models.TextChoices):
        NEW_TASK = "new_task", _("Nieuwe taak")
        TERM_WARNING = "term_warning", _("Termijnwaarschuwing")
        ESCALATION = "escalation", _("Escalatie")
        BESLUIT = "besluit", _("Besluit")
        FORECAST = "forecast", _("Vooruitblik termijnen")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    link = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    # one notification per (event, user): a retried or doubled trigger creates nothing new
    key = models.CharField(max_length=160, unique=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self):
        return self.title

    @property
    def display_title(self) -> str:
        """The title in the reader's language (stored in Dutch, made from one of cases.texts.STORED_LINES)."""
        from cases.texts import stored_line

        return stored_line(self.title)

    @property
    def display_body(self) -> str:
        """The body in the reader's language: a term's explanation is computed again for the reader."""
        from cases.texts import stored_line

        if (translation.get_language() or "nl").startswith("nl"):
            return self.body
        prefix, _sep, rest = self.key.partition(":")
        if prefix in ("deadline", "verdaging"):
            from cases.models import Deadline

            deadline = Deadline.objects.filter(pk=rest.partition(":")[0] or None).first()
            if deadline is not None:
                return deadline.display_explanation
        return stored_line(self.body)


class OutboxMessage(models.Model):
    """One side effect (an e-mail, an audit-chain link, a webhook delivery) written in the same
    transaction as the state change that causes it, and relayed afterwards until its handler succeeds.

    The row is the durable promise; Celery (or the sweep loop) only carries it out. `key` makes a doubled
    trigger harmless; the handlers are idempotent, so a relay that ran but lost its "sent" mark does no
    harm either."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Wachtend")
        SENT = "sent", _("Verzonden")
        DEAD = "dead", _("Opgegeven")

    topic = models.CharField(_("onderwerp"), max_length=60)
    key = models.CharField(_("sleutel"), max_length=200, unique=True)
    payload = models.JSONField(default=dict, blank=True)
    # the SWV whose beheerders see this message in the admin (none: only superusers)
    swv = models.ForeignKey("cases.Swv", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(_("pogingen"), default=0)
    next_attempt_at = models.DateTimeField(_("volgende poging"))
    last_attempt_at = models.DateTimeField(_("laatste poging"), null=True, blank=True)
    last_error = models.TextField(_("laatste fout"), blank=True)
    created_at = models.DateTimeField(_("aangemaakt"))
    sent_at = models.DateTimeField(_("verzonden"), null=True, blank=True)

    class Meta:
        verbose_name = _("uitgaand bericht")
        verbose_name_plural = _("uitgaande berichten (outbox)")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # the relay's claim: pending rows that are due, oldest first
            models.Index(
                fields=["next_attempt_at", "id"],
                condition=models.Q(status="pending"),
                name="outbox_pending_due",
            ),
            # the retention purge of delivered rows
            models.Index(fields=["sent_at"], condition=models.Q(status="sent"), name="outbox_sent_at"),
        ]

    def __str__(self):
        return f"{self.topic} {self.key} ({self.status})"
