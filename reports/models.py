"""Capacity of the specialised schools and the SWV's waiting-list norm: configuration an SWV's beheerder
keeps (with history), read by the capacity report (reports/capacity.py)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.models import School, Swv


class Capaciteit(models.Model):
    """The places a specialised school (SBO, SO, VSO, PrO) has for pupils of the SWV in a school year."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="capaciteiten")
    schooljaar = models.PositiveSmallIntegerField(
        _("schooljaar"), help_text=_("beginjaar, bijv. 2026 voor 2026-2027")
    )
    plaatsen = models.PositiveIntegerField(_("plaatsen"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("capaciteit")
        verbose_name_plural = _("capaciteit per school")
        constraints = [
            models.UniqueConstraint(fields=["school", "schooljaar"], name="capaciteit_school_jaar_uniq")
        ]

    def __str__(self):
        return f"{self.school} {self.schooljaar}-{self.schooljaar + 1}: {self.plaatsen}"

    def clean(self):
        if self.school_id and self.school.soort == School.Soort.REGULIER:
            raise ValidationError({"school": _("Capaciteit geldt voor SBO, SO, VSO en praktijkonderwijs.")})
        if self.schooljaar is not None and not 2000 <= self.schooljaar <= 2100:
            raise ValidationError({"schooljaar": _("Kies een schooljaar tussen 2000 en 2100.")})


class WachtlijstNorm(models.Model):
    """How long a pupil with a TLV may wait for a place before the SWV is warned (its plan's norm)."""

    swv = models.OneToOneField(Swv, on_delete=models.CASCADE, related_name="wachtlijst_norm")
    max_dagen = models.PositiveSmallIntegerField(_("maximaal aantal wachtdagen"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("wachtlijstnorm")
        verbose_name_plural = _("wachtlijstnormen")

    def __str__(self):
        return f"{self.swv}: {self.max_dagen}"


class Leerlingtelling(models.Model):
    """DUO's count of the SWV's pupils on a peildatum (1 October), the denominator of the deelnamepercentages:
    all pupils of the SWV's schools and those in SBO, SO, VSO and praktijkonderwijs."""

    swv = models.ForeignKey(Swv, on_delete=models.CASCADE, related_name="leerlingtellingen")
    peildatum = models.DateField(_("peildatum"))
    totaal = models.PositiveIntegerField(_("leerlingen totaal"))
    sbo = models.PositiveIntegerField(_("in SBO"), default=0)
    so = models.PositiveIntegerField(_("in SO"), default=0)
    vso = models.PositiveIntegerField(_("in VSO"), default=0)
    pro = models.PositiveIntegerField(_("in praktijkonderwijs"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("leerlingtelling")
        verbose_name_plural = _("leerlingtellingen (DUO, 1 oktober)")
        constraints = [
            models.UniqueConstraint(fields=["swv", "peildatum"], name="leerlingtelling_swv_peildatum_uniq")
        ]

    def __str__(self):
        return f"{self.swv} {self.peildatum}: {self.totaal}"

    def clean(self):
        if (
            self.totaal is not None
            and sum(v or 0 for v in (self.sbo, self.so, self.vso, self.pro)) > self.totaal
        ):
            raise ValidationError(
                _("Het totaal is kleiner dan de leerlingen in SBO, SO, VSO en praktijkonderwijs samen.")
            )


class Kengetal(models.Model):
    """A figure the SWV records itself for a school year, from a source outside the product: vrijstellingen
    per grondslag (from the leerplicht's annual figures), pupils with a symbiose agreement, and satisfaction
    scores per respondent group (from its own survey). Entered in Beheer, with history."""

    class Soort(models.TextChoices):
        VRIJSTELLING = "vrijstelling", _("Vrijstellingen van de leerplicht")
        SYMBIOSE = "symbiose", _("Leerlingen met een symbioseovereenkomst")
        TEVREDENHEID = "tevredenheid", _("Tevredenheid")

    # the category of each kind: the Leerplichtwet 1969's grounds, the symbiose direction, the respondents
    CATEGORIEEN = {
        Soort.VRIJSTELLING: [
            ("art_5a", _("art. 5 onder a (lichamelijk of psychisch niet geschikt)")),
            ("art_5b", _("art. 5 onder b (bedenkingen tegen de richting)")),
            ("art_5c", _("art. 5 onder c (ingeschreven bij een school buiten Nederland)")),
            ("overig", _("andere grondslag")),
        ],
        Soort.SYMBIOSE: [
            ("so_vso_naar_regulier", _("vanuit (V)SO deels in het regulier onderwijs")),
            ("regulier_naar_so_vso", _("vanuit het regulier onderwijs deels in het (V)SO")),
        ],
        Soort.TEVREDENHEID: [
            ("ouders", _("ouders")),
            ("scholen", _("scholen")),
            ("leerlingen", _("leerlingen")),
        ],
    }

    swv = models.ForeignKey(Swv, on_delete=models.CASCADE, related_name="kengetallen")
    schooljaar = models.PositiveSmallIntegerField(
        _("schooljaar (beginjaar)"), help_text=_("bijv. 2026 voor 2026-2027")
    )
    soort = models.CharField(_("kengetal"), max_length=20, choices=Soort.choices)
    categorie = models.CharField(_("categorie"), max_length=30)
    waarde = models.DecimalField(
        _("waarde"), max_digits=8, decimal_places=1, help_text=_("een aantal, of een rapportcijfer 1–10")
    )
    respondenten = models.PositiveIntegerField(_("aantal respondenten"), null=True, blank=True)
    bron = models.CharField(_("bron"), max_length=200, help_text=_("bijv. jaarverslag leerplicht 2026-2027"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kengetal")
        verbose_name_plural = _("kengetallen (vrijstellingen, symbiose, tevredenheid)")
        constraints = [
            models.UniqueConstraint(
                fields=["swv", "schooljaar", "soort", "categorie"], name="kengetal_swv_jaar_soort_categorie"
            )
        ]

    def __str__(self):
        return f"{self.swv} {self.schooljaar} {self.soort}/{self.categorie}: {self.waarde}"

    def clean(self):
        codes = [c for c, _label in self.CATEGORIEEN.get(self.soort, [])]
        errors = {}
        if self.categorie not in codes:
            errors["categorie"] = _("Kies een categorie van dit kengetal: %(codes)s") % {
                "codes": ", ".join(codes)
            }
        if self.waarde is not None:
            if self.soort == self.Soort.TEVREDENHEID and not (1 <= self.waarde <= 10):
                errors["waarde"] = _("Een tevredenheidscijfer ligt tussen 1 en 10.")
            elif self.soort != self.Soort.TEVREDENHEID and (
                self.waarde < 0 or self.waarde != int(self.waarde)
            ):
                errors["waarde"] = _("Een aantal is een heel getal van 0 of meer.")
        if self.soort == self.Soort.TEVREDENHEID and not self.respondenten:
            errors["respondenten"] = _("Noem het aantal respondenten bij een tevredenheidscijfer.")
        if self.schooljaar is not None and not (2000 <= self.schooljaar <= 2100):
            errors["schooljaar"] = _("Geef het beginjaar van het schooljaar, bijv. 2026.")
        if errors:
            raise ValidationError(errors)
