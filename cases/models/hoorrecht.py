"""The pupil's voice (hoorrecht): per case, the pupil's own view as a dated entry, with who heard them and
how. Written only by cases/services/hoorrecht.py."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .case import Case


class LeerlingGehoord(models.Model):
    class Wijze(models.TextChoices):
        GESPREK = "gesprek", _("In een gesprek met de leerling")
        OVERLEG = "overleg", _("In het overleg (de leerling was erbij)")
        SCHRIFTELIJK = "schriftelijk", _("Schriftelijk, in de eigen woorden van de leerling")
        VERTROUWENSPERSOON = "vertrouwenspersoon", _("Via een vertrouwenspersoon of mentor")
        NIET_GEHOORD = "niet_gehoord", _("Niet gehoord (met de reden)")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="gehoord", verbose_name=_("casus"))
    gehoord_op = models.DateField(_("gehoord op"))
    gehoord_door = models.CharField(_("gehoord door (naam en functie)"), max_length=200)
    wijze = models.CharField(_("hoe"), max_length=20, choices=Wijze.choices)
    mening = models.TextField(_("mening van de leerling"), blank=True)
    reden_niet_gehoord = models.TextField(_("waarom niet gehoord"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("vastgelegd"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mening van de leerling")
        verbose_name_plural = _("meningen van de leerling")
        ordering = ["-gehoord_op", "-pk"]
        indexes = [models.Index(fields=["case", "gehoord_op"])]

    def __str__(self):
        return f"{self.case} {self.gehoord_op:%d-%m-%Y} ({self.get_wijze_display()})"
