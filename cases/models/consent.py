"""Consents per purpose: the register of what the ouders (or the pupil from 16) agreed to.

A consent has one purpose from a closed list, a giver (an ouder with gezag, or the pupil aged 16 or more),
the day it was given, how (a signed document on one of the pupil's cases, or recorded in a meeting), its
scope and end, and its withdrawal. Services that need one ask cases/services/consent.py; nothing edits
a consent in place except its withdrawal.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .case import Case, Document
from .organisations import Leerling, Ouder

# The age from which a pupil gives consent themselves (AVG art. 8 UAVG, WGBO for health data)
PUPIL_CONSENT_AGE = 16


class ConsentPurpose(models.TextChoices):
    TLV_AANVRAAG = "tlv_aanvraag", _("Aanvraag toelaatbaarheidsverklaring")
    DESKUNDIGENONDERZOEK = "deskundigenonderzoek", _("Deskundigenonderzoek")
    CASUSOVERLEG = "casusoverleg", _("Bespreking aan een casustafel (DOA, casusoverleg)")
    SCREENING = "screening", _("Screening zorg naar onderwijs")
    JEUGDHULP = "jeugdhulp", _("Gegevens delen met jeugdhulp")
    OVERDRACHT = "overdracht_po_vo", _("Overdracht van PO naar VO")
    GEGEVENSDELING = "gegevensdeling", _("Gegevens delen met het samenwerkingsverband")


class Consent(models.Model):
    class Gever(models.TextChoices):
        OUDER = "ouder", _("Ouder/verzorger met gezag")
        LEERLING = "leerling", _("De leerling (16 jaar of ouder)")

    class Wijze(models.TextChoices):
        DOCUMENT = "document", _("Ondertekend document")
        OVERLEG = "overleg", _("Vastgelegd in een overleg")
        OVERGENOMEN = "overgenomen", _("Overgenomen uit de eerdere registratie")

    leerling = models.ForeignKey(Leerling, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("doel"), max_length=30, choices=ConsentPurpose.choices)
    gever = models.CharField(_("gegeven door"), max_length=10, choices=Gever.choices)
    ouder = models.ForeignKey(
        Ouder, on_delete=models.SET_NULL, null=True, blank=True, related_name="consents"
    )
    gever_naam = models.CharField(_("naam van wie toestemming gaf"), max_length=200)
    gegeven_op = models.DateField(_("gegeven op"))
    wijze = models.CharField(_("hoe"), max_length=12, choices=Wijze.choices)
    case = models.ForeignKey(
        Case,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consents",
        verbose_name=_("casus"),
    )
    document = models.ForeignKey(
        Document,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("document"),
    )
    overleg = models.CharField(_("overleg"), max_length=300, blank=True)
    reikwijdte = models.TextField(_("reikwijdte"), blank=True)
    geldig_tot = models.DateField(_("geldig tot en met"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("vastgelegd"))
    ingetrokken_op = models.DateField(_("ingetrokken op"), null=True, blank=True)
    ingetrokken_door = models.CharField(_("ingetrokken door"), max_length=200, blank=True)
    intrekking_reden = models.TextField(_("reden intrekking"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("toestemming")
        verbose_name_plural = _("toestemmingen")
        ordering = ["-gegeven_op", "-pk"]
        indexes = [models.Index(fields=["leerling", "purpose"])]

    def __str__(self):
        return f"{self.get_purpose_display()} ({self.gever_naam}, {self.gegeven_op:%d-%m-%Y})"

    def is_valid_on(self, day) -> bool:
        """Given by `day`, not yet ended, and not withdrawn on or before it."""
        if self.gegeven_op > day:
            return False
        if self.geldig_tot is not None and day > self.geldig_tot:
            return False
        return self.ingetrokken_op is None or day < self.ingetrokken_op
