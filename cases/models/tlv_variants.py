"""Route variants of a TLV aanvraag: the criteria of a TLV praktijkonderwijs."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .organisations import Deskundige, School
from .tlv import TlvAanvraag


class ProCriteria(models.Model):
    """TLV praktijkonderwijs: IQ and leerachterstand per domain (DLE against the didactische leeftijd)."""

    DOMEINEN = (
        ("rekenen", _("rekenen/wiskunde")),
        ("begrijpend_lezen", _("begrijpend lezen")),
        ("technisch_lezen", _("technisch lezen")),
        ("spelling", _("spelling")),
    )
    KERN_DOMEINEN = ("rekenen", "begrijpend_lezen")

    aanvraag = models.OneToOneField(TlvAanvraag, on_delete=models.CASCADE, related_name="pro_criteria")
    iq = models.PositiveSmallIntegerField(_("totaal-IQ"))
    didactische_leeftijd = models.PositiveSmallIntegerField(_("didactische leeftijd (DL, maanden)"))
    dle_rekenen = models.PositiveSmallIntegerField(_("DLE rekenen/wiskunde"))
    dle_begrijpend_lezen = models.PositiveSmallIntegerField(_("DLE begrijpend lezen"))
    dle_technisch_lezen = models.PositiveSmallIntegerField(_("DLE technisch lezen"))
    dle_spelling = models.PositiveSmallIntegerField(_("DLE spelling"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("criteria praktijkonderwijs")
        verbose_name_plural = _("criteria praktijkonderwijs")

    def __str__(self):
        return f"PrO-criteria {self.aanvraag}"

    def achterstand(self, domein: str) -> float:
        """Leerachterstand as a fraction of the DL: (DL - DLE) / DL."""
        dle = getattr(self, f"dle_{domein}")
        if not self.didactische_leeftijd:
            return 0.0
        return max(0.0, (self.didactische_leeftijd - dle) / self.didactische_leeftijd)


class ComplexeCasus(models.Model):
    """Complex case or SO categorie hoog (002:L903): an external deskundige's zienswijze goes to the
    ouders, the receiving school and the board chair; the voorzitter decides, within 4 weeks."""

    aanvraag = models.OneToOneField(TlvAanvraag, on_delete=models.CASCADE, related_name="complexe_casus")
    reden = models.TextField(_("waarom complex"))
    externe_deskundige = models.ForeignKey(Deskundige, on_delete=models.PROTECT, related_name="+")
    ontvangende_school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="+", verbose_name=_("ontvangende school")
    )
    zienswijze = models.TextField(_("zienswijze"), blank=True)
    zienswijze_op = models.DateTimeField(null=True, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("complexe casus")
        verbose_name_plural = _("complexe casussen")

    def __str__(self):
        return f"Complexe casus {self.aanvraag}"
