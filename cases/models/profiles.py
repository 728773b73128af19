"""An SWV's rules as data: the TLV kinds it issues, its deskundige rules, its indicator targets and the
numbered versions of its whole profile (a case records the version it started under).

The rows here are what the SWV's beheerder edits (each with history); `ProfielVersie` holds an immutable
snapshot of the whole profile after every change, so a running case keeps the rules it started under.
Validation lives in cases/profiles.py (one function per rule, shared by the pages, the API and the import).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .organisations import Swv
from .tlv import TlvSoort


class EinddatumRegel(models.TextChoices):
    GEEN = "geen", _("Geen voorstel: de beslisser kiest de einddatum")
    EINDE_SCHOOLJAAR = "einde_schooljaar", _("Einde van het schooljaar (31 juli) na de minimale duur")
    MINIMALE_DUUR = "minimale_duur", _("Ingangsdatum plus de minimale duur")


class TlvSoortRegel(models.Model):
    """One kind of TLV the SWV issues, with its categories, clusters, duration and default einddatum."""

    swv = models.ForeignKey(Swv, on_delete=models.CASCADE, related_name="tlv_soort_regels")
    soort = models.CharField(_("soort"), max_length=5, choices=TlvSoort.choices)
    clusters = models.JSONField(_("clusters (SO)"), default=list, blank=True)
    categorieen = models.JSONField(_("categorieën"), default=list, blank=True)
    categorie_motivering = models.JSONField(
        _("categorieën die een motivering vragen"), default=list, blank=True
    )
    min_maanden = models.PositiveSmallIntegerField(_("minimale duur (maanden)"), null=True, blank=True)
    max_maanden = models.PositiveSmallIntegerField(_("maximale duur (maanden)"), null=True, blank=True)
    einddatum_regel = models.CharField(
        _("voorstel einddatum"), max_length=20, choices=EinddatumRegel.choices, default=EinddatumRegel.GEEN
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("TLV-soort van het samenwerkingsverband")
        verbose_name_plural = _("TLV-soorten van het samenwerkingsverband")
        ordering = ["swv", "soort"]
        constraints = [models.UniqueConstraint(fields=["swv", "soort"], name="tlvsoortregel_swv_soort_uniq")]

    def __str__(self):
        return f"{self.swv.code}: {self.get_soort_display()}"


class AdviesRegel(models.Model):
    """Who may give the first or the second deskundigenadvies in this SWV."""

    swv = models.ForeignKey(Swv, on_delete=models.CASCADE, related_name="advies_regels")
    volgorde = models.PositiveSmallIntegerField(
        _("advies"), choices=[(1, _("Eerste advies")), (2, _("Tweede advies"))]
    )
    disciplines = models.JSONField(_("disciplines die dit advies mogen geven"), default=list)
    eigen_school_toegestaan = models.BooleanField(
        _("een deskundige van (of verbonden aan) de aanvragende school mag dit advies geven"), default=True
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("regel deskundigenadvies")
        verbose_name_plural = _("regels deskundigenadvies")
        ordering = ["swv", "volgorde"]
        constraints = [
            models.UniqueConstraint(fields=["swv", "volgorde"], name="adviesregel_swv_volgorde_uniq"),
            models.CheckConstraint(condition=models.Q(volgorde__in=[1, 2]), name="adviesregel_volgorde_1_2"),
        ]

    def __str__(self):
        return f"{self.swv.code}: {self.get_volgorde_display()}"


class Indicator(models.TextChoices):
    SO_VO = "so_vo", _("Overstap SO → VO")
    VSO_VO = "vso_vo", _("Overstap VSO → VO")
    PO_VSO = "po_vso", _("Instroom PO → VSO")
    VO_VSO = "vo_vso", _("Instroom VO → VSO")
    TLV_DALING = "tlv_daling", _("Daling aantal TLV's t.o.v. de peildatum (%)")
    BINNEN_TERMIJN = "binnen_termijn", _("Besluiten binnen de termijn (%)")
    THUISZITTERS = "thuiszitters", _("Thuiszitters (aantal, hoogstens)")


class IndicatorDoel(models.Model):
    """A target of the SWV for one school year (beginjaar: 2025 = 2025-2026)."""

    class Richting(models.TextChoices):
        MINIMAAL = "minimaal", _("ten minste")
        MAXIMAAL = "maximaal", _("hoogstens")
        STABIEL = "stabiel", _("stabiel rond")

    swv = models.ForeignKey(Swv, on_delete=models.CASCADE, related_name="indicator_doelen")
    schooljaar = models.PositiveSmallIntegerField(_("schooljaar (beginjaar)"))
    indicator = models.CharField(_("indicator"), max_length=20, choices=Indicator.choices)
    richting = models.CharField(_("richting"), max_length=10, choices=Richting.choices)
    waarde = models.DecimalField(_("doel"), max_digits=7, decimal_places=1)
    peildatum = models.DateField(_("peildatum"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicatordoel")
        verbose_name_plural = _("indicatordoelen")
        ordering = ["swv", "schooljaar", "indicator"]
        constraints = [
            models.UniqueConstraint(
                fields=["swv", "schooljaar", "indicator"], name="indicatordoel_swv_jaar_indicator_uniq"
            )
        ]

    def __str__(self):
        return f"{self.swv.code} {self.schooljaar}: {self.get_indicator_display()}"


class ProfielVersie(models.Model):
    """The whole profile of an SWV after a change, frozen: new cases record it, running cases keep theirs."""

    swv = models.ForeignKey(Swv, on_delete=models.PROTECT, related_name="profiel_versies")
    versie = models.PositiveIntegerField(_("versie"))
    data = models.JSONField(_("profiel"))
    at = models.DateTimeField(_("vastgesteld op"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reden = models.CharField(_("reden"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("profielversie")
        verbose_name_plural = _("profielversies")
        ordering = ["swv", "-versie"]
        constraints = [
            models.UniqueConstraint(fields=["swv", "versie"], name="profielversie_swv_versie_uniq")
        ]

    def __str__(self):
        return f"{self.swv.code} v{self.versie}"
