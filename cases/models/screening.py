"""The zorg-naar-onderwijs screening route record (DOMAIN.md route 3, 004:L2496-2618).

An SO school (per SWV also SBO or regular schools) registers a child coming from care, with the ouders'
consent → the screeningsteam screens and advises (onderwijs volledig / gedeeltelijk / nog niet) → the
ouders and the school board are informed → the school decides on placement, recording whether it
followed the advice → afgesloten. "Nog niet" advices and pupils left with a (partial) vrijstelling get a
re-screen task (a Deadline of kind `screening_herscreening`, cases/services/screening.py).

The state field is protected: it changes only through the @transition methods below, called only by
cases/services/screening.py.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from .case import Case
from .organisations import School, Swv
from .tlv import _perm


class ScreeningStatus(models.TextChoices):
    AANGEMELD = "aangemeld", _("Aangemeld (screening loopt)")
    GEADVISEERD = "geadviseerd", _("Advies gegeven")
    GEINFORMEERD = "geinformeerd", _("Ouders en bestuur geïnformeerd")
    AFGESLOTEN = "afgesloten", _("Afgesloten (plaatsingsbesluit)")


class Herkomst(models.TextChoices):
    DAGBEHANDELING = "dagbehandeling", _("Dagbehandeling")
    KDC = "kdc", _("Kinderdagcentrum (KDC)")
    MOC = "moc", _("Medisch orthopedagogisch centrum (MOC)")
    JEUGD_GGZ = "jeugd_ggz", _("Jeugd-GGZ")
    OVERIG = "overig", _("Anders")


class Advies(models.TextChoices):
    VOLLEDIG = "volledig", _("Onderwijs volledig")
    GEDEELTELIJK = "gedeeltelijk", _("Onderwijs gedeeltelijk (onderwijs-zorgarrangement)")
    NOG_NIET = "nog_niet", _("Nog niet (herscreening)")


class Plaatsing(models.TextChoices):
    VOLLEDIG = "volledig", _("Geplaatst: volledig onderwijs")
    GEDEELTELIJK = "gedeeltelijk", _("Geplaatst: gedeeltelijk (onderwijs-zorgarrangement)")
    NIET = "niet", _("Niet geplaatst")


class Vrijstelling(models.TextChoices):
    GEEN = "geen", _("Geen vrijstelling")
    GEDEELTELIJK = "gedeeltelijk", _("Gedeeltelijke vrijstelling")
    VOLLEDIG = "volledig", _("Volledige vrijstelling")


# which advice a placement "follows"
PLAATSING_VOLGT = {
    Advies.VOLLEDIG: Plaatsing.VOLLEDIG,
    Advies.GEDEELTELIJK: Plaatsing.GEDEELTELIJK,
    Advies.NOG_NIET: Plaatsing.NIET,
}
IN_ONDERWIJS = (Plaatsing.VOLLEDIG, Plaatsing.GEDEELTELIJK)
DEFAULT_SCHOOL_SOORTEN = ["so"]


def heeft_toestemming(screening) -> bool:
    return bool(screening.toestemming_ouders)


def heeft_advies(screening) -> bool:
    return bool(screening.advies)


class ScreeningInstelling(models.Model):
    """Per SWV: which kinds of school may register a child from care (default: SO)."""

    swv = models.OneToOneField(Swv, on_delete=models.CASCADE, related_name="screening_instelling")
    school_soorten = models.JSONField(
        _("scholen die mogen aanmelden (soorten)"),
        default=list,
        help_text=_('bijv. ["so", "sbo"] of ["so", "sbo", "regulier"]'),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("instelling screening zorg-naar-onderwijs")
        verbose_name_plural = _("instellingen screening zorg-naar-onderwijs")

    def __str__(self):
        return f"{self.swv.code}: {', '.join(self.school_soorten)}"


class ZorgOnderwijsScreening(models.Model):
    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="screening")
    status = FSMField(
        _("status"), default=ScreeningStatus.AANGEMELD, choices=ScreeningStatus.choices, protected=True
    )
    process = models.ForeignKey(
        "viewflow.Process", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # a re-screening points to the screening it follows up
    vorige = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="herscreeningen"
    )
    # aanmelding
    herkomst = models.CharField(_("komt uit"), max_length=20, choices=Herkomst.choices)
    herkomst_toelichting = models.CharField(_("zorgaanbieder / toelichting"), max_length=300, blank=True)
    vrijstelling = models.CharField(
        _("vrijstelling (leerplicht)"), max_length=20, choices=Vrijstelling.choices, default=Vrijstelling.GEEN
    )
    toestemming_ouders = models.BooleanField(_("toestemming van de ouders"), default=False)
    toestemming_op = models.DateField(_("toestemming gegeven op"), null=True, blank=True)
    aangemeld_op = models.DateField(_("aangemeld op"))
    toelichting = models.TextField(_("toelichting"), blank=True)
    # screening and advice
    deelnemers = models.TextField(_("deelnemers screeningsteam (één per regel)"), blank=True)
    bevindingen = models.TextField(_("bevindingen"), blank=True)
    advies = models.CharField(_("advies"), max_length=20, choices=Advies.choices, blank=True)
    uren_onderwijs = models.PositiveSmallIntegerField(_("uren onderwijs per week"), null=True, blank=True)
    uren_zorg = models.PositiveSmallIntegerField(_("uren zorg per week"), null=True, blank=True)
    herscreening_op = models.DateField(_("herscreening op"), null=True, blank=True)
    geadviseerd_op = models.DateTimeField(null=True, blank=True)
    # informing
    ouders_geinformeerd_op = models.DateField(_("ouders geïnformeerd op"), null=True, blank=True)
    bestuur_geinformeerd_op = models.DateField(_("schoolbestuur geïnformeerd op"), null=True, blank=True)
    # placement decision by the school
    plaatsing = models.CharField(_("plaatsingsbesluit"), max_length=20, choices=Plaatsing.choices, blank=True)
    plaatsing_school = models.ForeignKey(
        School, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("school")
    )
    advies_gevolgd = models.BooleanField(_("advies gevolgd"), null=True, blank=True)
    afwijking_motivering = models.TextField(_("waarom het advies niet is gevolgd"), blank=True)
    afgesloten_op = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("screening zorg naar onderwijs")
        verbose_name_plural = _("screenings zorg naar onderwijs")
        indexes = [
            models.Index(fields=["status", "afgesloten_op"]),
            # quarterly report (reports/quarterly.py): advice and closing dates of a period, index only
            models.Index(
                fields=["geadviseerd_op"],
                include=["id", "case"],
                condition=models.Q(geadviseerd_op__isnull=False),
                name="screening_geadviseerd_idx",
            ),
            models.Index(
                fields=["afgesloten_op"],
                include=["id", "case"],
                condition=models.Q(afgesloten_op__isnull=False),
                name="screening_afgesloten_idx",
            ),
        ]

    def __str__(self):
        return f"Screening {self.case.reference}"

    @property
    def is_open(self) -> bool:
        return self.status != ScreeningStatus.AFGESLOTEN

    @property
    def deelnemer_lijst(self) -> list[str]:
        return [line.strip() for line in self.deelnemers.splitlines() if line.strip()]

    @transition(
        field=status,
        source=ScreeningStatus.AANGEMELD,
        target=ScreeningStatus.GEADVISEERD,
        conditions=[heeft_toestemming],
        permission=_perm("screening.screen"),
        custom={"label": _("Advies vastleggen")},
    )
    def adviseren(self, *, at):
        self.geadviseerd_op = at

    @transition(
        field=status,
        source=ScreeningStatus.GEADVISEERD,
        target=ScreeningStatus.GEINFORMEERD,
        permission=_perm("screening.screen"),
        custom={"label": _("Ouders en bestuur geïnformeerd")},
    )
    def informeren(self, *, ouders_op, bestuur_op):
        self.ouders_geinformeerd_op = ouders_op
        self.bestuur_geinformeerd_op = bestuur_op

    @transition(
        field=status,
        source=ScreeningStatus.GEINFORMEERD,
        target=ScreeningStatus.AFGESLOTEN,
        conditions=[heeft_advies],
        permission=_perm("screening.place"),
        custom={"label": _("Plaatsingsbesluit vastleggen")},
    )
    def plaatsen(self, *, at):
        self.afgesloten_op = at

    @transition(
        field=status,
        source=ScreeningStatus.AFGESLOTEN,
        target=ScreeningStatus.AANGEMELD,
        permission=_perm("screening.reopen"),
        custom={"label": _("Heropenen")},
    )
    def heropenen(self):
        """Screened again from the start: the advice and the placement are made anew."""
        self.afgesloten_op = None
        self.plaatsing = ""
        self.plaatsing_school = None
        self.advies_gevolgd = None
        self.afwijking_motivering = ""
