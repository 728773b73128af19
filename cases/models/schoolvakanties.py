"""Schoolvakanties per region: the optional school calendar of terms an SWV counts in school weeks or days.

National master data: the national beheer (a superuser) loads the periods a school year at a time from the
list rijksoverheid.nl publishes (``manage.py load_schoolvakanties``); nothing here invents dates.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.calendars import school_year_label, school_year_of


class Regio(models.TextChoices):
    """The three regions of the schoolvakanties (rijksoverheid.nl)."""

    NOORD = "noord", _("regio noord")
    MIDDEN = "midden", _("regio midden")
    ZUID = "zuid", _("regio zuid")


class Vakantie(models.TextChoices):
    HERFST = "herfstvakantie", _("herfstvakantie")
    KERST = "kerstvakantie", _("kerstvakantie")
    VOORJAAR = "voorjaarsvakantie", _("voorjaarsvakantie")
    MEI = "meivakantie", _("meivakantie")
    ZOMER = "zomervakantie", _("zomervakantie")


class SchoolVakantie(models.Model):
    """One schoolvakantie of one region, from its first to its last day (both inclusive)."""

    regio = models.CharField(_("regio"), max_length=6, choices=Regio.choices)
    naam = models.CharField(_("vakantie"), max_length=20, choices=Vakantie.choices)
    start = models.DateField(_("eerste dag"))
    end = models.DateField(_("laatste dag (t/m)"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("schoolvakantie")
        verbose_name_plural = _("schoolvakanties")
        ordering = ["regio", "start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="schoolvakantie_end_after_start"),
            models.CheckConstraint(
                condition=Q(regio__in=[r.value for r in Regio]), name="schoolvakantie_regio_known"
            ),
        ]

    def __str__(self):
        return f"{self.naam} {self.get_regio_display()} {self.start:%d-%m-%Y} t/m {self.end:%d-%m-%Y}"

    @property
    def schooljaar(self) -> str:
        return school_year_label(school_year_of(self.start)) if self.start else ""

    def clean(self):
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError(
                {"end": _("De laatste dag ligt vóór de eerste dag.")}, code="vakantie-einde-voor-begin"
            )
        if self.start and self.end and self.regio:
            overlap = (
                SchoolVakantie.objects.filter(regio=self.regio, start__lte=self.end, end__gte=self.start)
                .exclude(pk=self.pk)
                .first()
            )
            if overlap is not None:
                raise ValidationError(
                    _("Deze periode overlapt met %(other)s.") % {"other": overlap},
                    code="vakantie-overlap",
                )
