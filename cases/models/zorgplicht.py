"""The zorgplicht route record: a written aanmelding at a school and the board's 6-week term.

The term (6 weeks, once extendable by 4 with a written notice to the ouders) is a Deadline of kind
"zorgplicht"; when it runs out without a place, cases/services/zorgplicht.py creates a thuiszitter
risk melding and escalates to the board and the consulent.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from .case import Case
from .organisations import School
from .thuiszitter import ThuiszitterMelding


class AanmeldingStatus(models.TextChoices):
    AANGEMELD = "aangemeld", _("Aangemeld (termijn loopt)")
    TOEGELATEN = "toegelaten", _("Toegelaten")
    ELDERS_GEPLAATST = "elders_geplaatst", _("Andere passende plek aangeboden en aanvaard")
    GEEN_PLEK = "geen_plek", _("Geen plek")


def heeft_verlenging_kennisgeving(aanmelding) -> bool:
    return bool(aanmelding.verlenging_kennisgeving.strip())


def _perm(action):
    def check(instance, user):
        from cases import policies

        return policies.can(user, action, instance)

    check.__name__ = f"may_{action}"
    return check


class Aanmelding(models.Model):
    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="aanmelding")
    status = FSMField(
        _("status"), default=AanmeldingStatus.AANGEMELD, choices=AanmeldingStatus.choices, protected=True
    )
    aangemeld_op = models.DateField(_("schriftelijk aangemeld op"))
    toelichting = models.TextField(_("toelichting"), blank=True)
    # verlenging (once, 4 weeks) with the written notice to the ouders
    verlengd_op = models.DateField(_("verlengd op"), null=True, blank=True)
    verlenging_kennisgeving = models.TextField(_("schriftelijke kennisgeving aan de ouders"), blank=True)
    # outcome
    plek_school = models.ForeignKey(
        School, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("plek")
    )
    plek_omschrijving = models.CharField(_("omschrijving plek"), max_length=300, blank=True)
    besloten_op = models.DateTimeField(null=True, blank=True)
    besloten_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    thuiszitter_melding = models.ForeignKey(
        ThuiszitterMelding, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("aanmelding (zorgplicht)")
        verbose_name_plural = _("aanmeldingen (zorgplicht)")
        indexes = [
            # quarterly report (reports/quarterly.py): the decisions of a period from an index-only range scan
            models.Index(
                fields=["besloten_op"],
                include=["id", "case", "status"],
                condition=models.Q(besloten_op__isnull=False),
                name="aanmelding_besloten_idx",
            ),
        ]

    def __str__(self):
        return f"Aanmelding {self.case.reference}"

    @property
    def is_open(self) -> bool:
        return self.status == AanmeldingStatus.AANGEMELD

    @transition(
        field=status,
        source=AanmeldingStatus.AANGEMELD,
        target=AanmeldingStatus.AANGEMELD,
        conditions=[heeft_verlenging_kennisgeving],
        permission=_perm("zorgplicht.decide"),
        custom={"label": _("Termijn verlengen")},
    )
    def verlengen(self, *, on):
        self.verlengd_op = on

    @transition(
        field=status,
        source=AanmeldingStatus.AANGEMELD,
        target=AanmeldingStatus.TOEGELATEN,
        permission=_perm("zorgplicht.decide"),
        custom={"label": _("Toelaten")},
    )
    def toelaten(self, *, actor, at):
        self.plek_school = self.case.school
        self.besloten_door = actor
        self.besloten_op = at

    @transition(
        field=status,
        source=AanmeldingStatus.AANGEMELD,
        target=AanmeldingStatus.ELDERS_GEPLAATST,
        permission=_perm("zorgplicht.decide"),
        custom={"label": _("Andere passende plek aanvaard")},
    )
    def elders_plaatsen(self, *, school, omschrijving, actor, at):
        self.plek_school = school
        self.plek_omschrijving = omschrijving
        self.besloten_door = actor
        self.besloten_op = at

    @transition(
        field=status,
        source=AanmeldingStatus.AANGEMELD,
        target=AanmeldingStatus.GEEN_PLEK,
        permission=_perm("zorgplicht.decide"),
        custom={"label": _("Geen plek")},
    )
    def geen_plek(self, *, omschrijving, actor, at):
        self.plek_omschrijving = omschrijving
        self.besloten_door = actor
        self.besloten_op = at

    @transition(
        field=status,
        source=AanmeldingStatus.AANGEMELD,
        target=AanmeldingStatus.GEEN_PLEK,
        permission=_perm("zorgplicht.system"),
        custom={"label": _("Termijn verstreken zonder plek")},
    )
    def termijn_verstreken(self, *, melding, at):
        self.plek_omschrijving = "zorgplichttermijn verstreken zonder plek"
        self.thuiszitter_melding = melding
        self.besloten_op = at
