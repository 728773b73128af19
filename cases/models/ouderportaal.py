"""The parent's own view: a personal link for one ouder with gezag (single use, expiring) and the second
factor that opens a session. Only the link's SHA-256 is stored; cases/services/ouderportaal.py issues,
opens and checks it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .organisations import Ouder


class OuderToegang(models.Model):
    """One personal link: issued by the school or the consulent (or the demo), opened once (`used_at`),
    then confirmed with the pupil's date of birth (`verified_at`); refused after `expires_at`, after
    `revoked_at` (a newer link, too many wrong answers, or the ouder lost gezag)."""

    ouder = models.ForeignKey(Ouder, on_delete=models.CASCADE, related_name="toegangen")
    token_sha256 = models.CharField(max_length=64, unique=True)
    issued_at = models.DateTimeField(_("uitgegeven op"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uitgegeven door"),
    )
    expires_at = models.DateTimeField(_("geldig tot"))
    used_at = models.DateTimeField(_("geopend op"), null=True, blank=True)
    verified_at = models.DateTimeField(_("bevestigd op"), null=True, blank=True)
    failed_attempts = models.PositiveSmallIntegerField(default=0)
    revoked_at = models.DateTimeField(_("vervallen op"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("persoonlijke link voor een ouder")
        verbose_name_plural = _("persoonlijke links voor ouders")
        ordering = ["-issued_at", "-pk"]

    def __str__(self):
        return f"{self.ouder_id} {self.issued_at:%Y-%m-%d %H:%M}"


class OuderBericht(models.Model):
    """A notice to one ouder with gezag that is not a besluit (a statutory term that was exceeded): their own
    PDF, e-mailed with the PDF attached or printed for the post on `gedrukt_op`. One per term and ouder
    (`key`), so a sweep that runs twice sends it once."""

    class Soort(models.TextChoices):
        TERMIJN_OVERSCHREDEN = "termijn_overschreden", _("Melding: termijn overschreden")

    class Verzending(models.TextChoices):
        EMAIL = "email", _("Per e-mail, met de brief als PDF")
        POST = "post", _("Afgedrukt voor verzending per post")

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="ouderberichten")
    ouder = models.ForeignKey(
        Ouder, on_delete=models.SET_NULL, null=True, blank=True, related_name="berichten"
    )
    naam = models.CharField(_("naam"), max_length=200)
    soort = models.CharField(_("soort"), max_length=30, choices=Soort.choices)
    deadline = models.ForeignKey(
        "cases.Deadline", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    document = models.ForeignKey(
        "cases.Document", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    verzending = models.CharField(_("verzonden"), max_length=10, choices=Verzending.choices)
    email = models.EmailField(_("e-mailadres"), blank=True)
    gedrukt_op = models.DateField(_("afgedrukt voor de post op"), null=True, blank=True)
    sent_at = models.DateTimeField(_("verzonden"))
    key = models.CharField(max_length=120, unique=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bericht aan een ouder")
        verbose_name_plural = _("berichten aan ouders")
        ordering = ["sent_at", "pk"]

    def __str__(self):
        return f"{self.get_soort_display()} {self.naam}"
