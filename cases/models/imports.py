"""Pupils from the schools' own systems: the column mappings a beheerder (or a school) saves per source
system, and the log of every import attempt.

`ImportMapping`: how one source system's CSV export of pupils reads: its delimiter and character set, and
which header of the file holds which pupil field (`PupilField`). It belongs to an SWV (every school of the
SWV may use it) or to one school (that school's own). Headers the file may carry but the import skips are
listed in `ignored`; any other header is refused, so a changed export is noticed instead of misread.

`ImportLog`: one row per attempt (a check, an import, or a refusal), written after the attempt's own
transaction, so a refused import leaves its trace while nothing of its data is written. It holds counts,
line numbers and reasons, never a BSN.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .organisations import School, Swv


class PupilField(models.TextChoices):
    """The pupil fields a mapping can fill (the keys of `ImportMapping.columns`)."""

    BSN = "bsn", _("BSN")
    ONDERWIJSNUMMER = "onderwijsnummer", _("Onderwijsnummer")
    VOORNAAM = "voornaam", _("Voornaam (roepnaam)")
    TUSSENVOEGSEL = "tussenvoegsel", _("Tussenvoegsel")
    ACHTERNAAM = "achternaam", _("Achternaam")
    GEBOORTEDATUM = "geboortedatum", _("Geboortedatum")
    BRIN = "brin", _("School (BRIN, met of zonder vestiging)")
    VESTIGING = "vestiging", _("Vestigingsnummer (als aparte kolom)")
    GROEP = "groep", _("Groep of leerjaar")
    WOONGEMEENTE = "woongemeente", _("Woongemeente (CBS-code of naam)")
    PLAATSING_BRIN = "plaatsing_brin", _("Huidige plaatsing (BRIN)")


class PupilFileFormat(models.TextChoices):
    KOPPELING = "koppeling", _("CSV-export met een opgeslagen kolomkoppeling")
    EDEXML = "edexml", _("EDEXML-leerlingbestand (OSO)")
    VAST = "vast", _("CSV met de vaste kolommen")


class Delimiter(models.TextChoices):
    AUTO = "auto", _("Automatisch (; of ,)")
    SEMICOLON = ";", _("Puntkomma (;)")
    COMMA = ",", _("Komma (,)")
    TAB = "tab", _("Tab")


class Encoding(models.TextChoices):
    UTF8 = "utf-8", _("UTF-8 (met of zonder BOM)")
    WINDOWS = "cp1252", _("Windows-1252 (Excel, oudere systemen)")


class ImportMapping(models.Model):
    swv = models.ForeignKey(Swv, on_delete=models.CASCADE, related_name="import_mappings")
    school = models.ForeignKey(
        School,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="import_mappings",
        help_text=_("Leeg: voor alle scholen van het samenwerkingsverband."),
    )
    name = models.CharField(
        _("bronsysteem"), max_length=120, help_text=_("bijv. 'ParnasSys leerlingexport' of 'Magister'")
    )
    delimiter = models.CharField(
        _("scheidingsteken"), max_length=4, choices=Delimiter.choices, default=Delimiter.AUTO
    )
    encoding = models.CharField(_("tekenset"), max_length=10, choices=Encoding.choices, default=Encoding.UTF8)
    columns = models.JSONField(
        _("kolommen"), default=dict, help_text=_("Leerlingveld → kolomkop in het bestand.")
    )
    ignored = models.JSONField(_("over te slaan kolommen"), default=list, blank=True)
    active = models.BooleanField(_("in gebruik"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kolomkoppeling")
        verbose_name_plural = _("kolomkoppelingen")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name


class ImportLog(models.Model):
    class Kind(models.TextChoices):
        SCHOLEN = "scholen", _("Scholen (BRIN-lijst)")
        LEERLINGEN = "leerlingen", _("Leerlingen (vaste kolommen)")
        KOPPELING = "koppeling", _("Leerlingen (CSV met koppeling)")
        EDEXML = "edexml", _("Leerlingen (EDEXML / OSO)")
        REGISTER = "register", _("Landelijk scholenregister")

    class Outcome(models.TextChoices):
        CHECKED = "gecontroleerd", _("Gecontroleerd, in orde")
        APPLIED = "geimporteerd", _("Geïmporteerd")
        REJECTED = "afgekeurd", _("Afgekeurd, niets geïmporteerd")
        REFUSED = "geweigerd", _("Geweigerd, niets geïmporteerd")

    at = models.DateTimeField(_("tijdstip"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("door"),
    )
    swv = models.ForeignKey(Swv, on_delete=models.CASCADE, null=True, related_name="import_logs")
    school = models.ForeignKey(School, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    source = models.CharField(_("bestand"), max_length=200, blank=True)
    mapping = models.ForeignKey(
        ImportMapping, on_delete=models.SET_NULL, null=True, blank=True, related_name="logs"
    )
    outcome = models.CharField(_("uitkomst"), max_length=20, choices=Outcome.choices)
    rows = models.PositiveIntegerField(_("regels"), default=0)
    created = models.PositiveIntegerField(_("nieuw"), default=0)
    updated = models.PositiveIntegerField(_("bijgewerkt"), default=0)
    unchanged = models.PositiveIntegerField(_("ongewijzigd"), default=0)
    rejected = models.JSONField(_("afgekeurde regels"), default=list, blank=True)  # [{line, reason}]
    message = models.CharField(_("melding"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("importpoging")
        verbose_name_plural = _("importpogingen")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["swv", "-at"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.at:%d-%m-%Y %H:%M}: {self.get_outcome_display()}"
