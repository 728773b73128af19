"""The schakel / terugplaatsing route record (DOMAIN.md route 4; 002:L371-378, 001:L9-31).

signaal (OPP evaluation, the review before a TLV's einddatum, or a request by school or ouders) →
schakeloverleg (current school, receiving school, SWV, ouders) → schakelplan with extra begeleiding →
proefplaatsing (default 8 weeks, once extendable) → besluit: definitief (the TLV is ended early through
cases/services/tlv_lifecycle.py), terug, or proef verlengd → nazorg with checkpoints at 3 and 12 months →
afgesloten. Definitive moves are counted per school year for the carrousel (reports/).

The state field is protected: it changes only through the @transition methods below, called only by
cases/services/schakel.py.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from .case import Case
from .organisations import School, Swv
from .tlv import _perm


class SchakelStatus(models.TextChoices):
    SIGNAAL = "signaal", _("Signaal (schakeloverleg plannen)")
    OVERLEG = "overleg", _("Schakeloverleg gevoerd (schakelplan)")
    PROEFPLAATSING = "proefplaatsing", _("Proefplaatsing")
    NAZORG = "nazorg", _("Definitief; nazorg")
    AFGESLOTEN = "afgesloten", _("Afgesloten")


class SchakelSoort(models.TextChoices):
    SO_PO = "so_po", _("SO → regulier PO")
    SBO_PO = "sbo_po", _("SBO → regulier PO")
    SO_VO = "so_vo", _("SO → VO")
    VSO_VO = "vso_vo", _("VSO → VO")
    VSO_PRO = "vso_pro", _("VSO → praktijkonderwijs")
    PO_VSO = "po_vso", _("PO → VSO")
    VO_VSO = "vo_vso", _("VO → VSO")


# moves out of specialised education: a definitive terugplaatsing ends the pupil's active TLV
TLV_VEREIST = {
    SchakelSoort.SO_PO,
    SchakelSoort.SBO_PO,
    SchakelSoort.SO_VO,
    SchakelSoort.VSO_VO,
    SchakelSoort.VSO_PRO,
}


class SignaalBron(models.TextChoices):
    OPP_EVALUATIE = "opp_evaluatie", _("OPP-evaluatie")
    TLV_REVIEW = "tlv_review", _("Heroriëntatie vóór de einddatum van de TLV")
    SCHOOL = "school", _("Verzoek van de school")
    OUDERS = "ouders", _("Verzoek van de ouders")


class Uitkomst(models.TextChoices):
    DEFINITIEF = "definitief", _("Definitief geplaatst")
    TERUG = "terug", _("Terug naar de huidige school")


class Richting(models.TextChoices):
    MINIMAAL = "min", _("ten minste")
    MAXIMAAL = "max", _("ten hoogste")
    STABIEL = "stabiel", _("stabiel rond")


STABIEL_MARGE = 2  # "stable at 15" is met within ±2


def heeft_overleg(traject) -> bool:
    return traject.overleggen.exists()


def heeft_ontvangende_school(traject) -> bool:
    return bool(traject.ontvangende_school_id)


class CarrouselDoel(models.Model):
    swv = models.ForeignKey(Swv, on_delete=models.CASCADE, related_name="carrousel_doelen")
    soort = models.CharField(_("stroom"), max_length=10, choices=SchakelSoort.choices)
    richting = models.CharField(_("richting"), max_length=10, choices=Richting.choices)
    aantal = models.PositiveSmallIntegerField(_("aantal per schooljaar"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("carrouseldoel")
        verbose_name_plural = _("carrouseldoelen")
        constraints = [models.UniqueConstraint(fields=["swv", "soort"], name="carrouseldoel_uniq")]

    def __str__(self):
        return f"{self.swv.code}: {self.get_soort_display()} {self.get_richting_display()} {self.aantal}"


class Schakeltraject(models.Model):
    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="schakeltraject")
    status = FSMField(
        _("status"), default=SchakelStatus.SIGNAAL, choices=SchakelStatus.choices, protected=True
    )
    process = models.ForeignKey(
        "viewflow.Process", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    soort = models.CharField(_("soort overstap"), max_length=10, choices=SchakelSoort.choices)
    bron = models.CharField(_("signaal uit"), max_length=20, choices=SignaalBron.choices)
    signaal_op = models.DateField(_("signaal op"))
    signaal_toelichting = models.TextField(_("toelichting signaal"), blank=True)
    huidige_school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="+", verbose_name=_("huidige school")
    )
    ontvangende_school = models.ForeignKey(
        School,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ontvangende school"),
    )
    tlv = models.ForeignKey(
        "cases.Tlv", on_delete=models.PROTECT, null=True, blank=True, related_name="schakeltrajecten"
    )
    # schakelplan
    plan = models.TextField(_("schakelplan"), blank=True)
    extra_begeleiding = models.TextField(_("extra begeleiding voor de ontvangende school"), blank=True)
    proef_start = models.DateField(_("proefplaatsing vanaf"), null=True, blank=True)
    proef_verlengd = models.BooleanField(_("proefplaatsing verlengd"), default=False)
    # besluit
    uitkomst = models.CharField(_("besluit"), max_length=20, choices=Uitkomst.choices, blank=True)
    besluit_op = models.DateField(_("besluit op"), null=True, blank=True)
    besluit_motivering = models.TextField(_("motivering"), blank=True)
    afgesloten_op = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("schakeltraject")
        verbose_name_plural = _("schakeltrajecten")
        indexes = [
            models.Index(fields=["status"]),
            models.Index(fields=["uitkomst", "besluit_op"]),
            # quarterly report (reports/quarterly.py): trials started and decided in a period, index only
            models.Index(
                fields=["besluit_op"],
                include=["id", "case", "signaal_op", "uitkomst", "soort"],
                condition=models.Q(besluit_op__isnull=False),
                name="schakel_besluit_idx",
            ),
            models.Index(fields=["signaal_op"], include=["id", "case", "soort"], name="schakel_signaal_idx"),
        ]

    def __str__(self):
        return f"Schakeltraject {self.case.reference}"

    @property
    def is_open(self) -> bool:
        return self.status != SchakelStatus.AFGESLOTEN

    @property
    def tlv_vereist(self) -> bool:
        return self.soort in TLV_VEREIST

    @transition(
        field=status,
        source=SchakelStatus.SIGNAAL,
        target=SchakelStatus.OVERLEG,
        conditions=[heeft_overleg, heeft_ontvangende_school],
        permission=_perm("schakel.manage"),
        custom={"label": _("Schakeloverleg vastleggen")},
    )
    def overleg_vastleggen(self):
        pass

    @transition(
        field=status,
        source=SchakelStatus.OVERLEG,
        target=SchakelStatus.PROEFPLAATSING,
        permission=_perm("schakel.manage"),
        custom={"label": _("Schakelplan vastleggen; proefplaatsing start")},
    )
    def proef_starten(self, *, plan, extra_begeleiding, proef_start):
        self.plan = plan
        self.extra_begeleiding = extra_begeleiding
        self.proef_start = proef_start

    @transition(
        field=status,
        source=SchakelStatus.PROEFPLAATSING,
        target=SchakelStatus.NAZORG,
        permission=_perm("schakel.decide"),
        custom={"label": _("Definitief plaatsen")},
    )
    def definitief(self, *, op, motivering):
        self.uitkomst = Uitkomst.DEFINITIEF
        self.besluit_op = op
        self.besluit_motivering = motivering

    @transition(
        field=status,
        source=SchakelStatus.PROEFPLAATSING,
        target=SchakelStatus.AFGESLOTEN,
        permission=_perm("schakel.decide"),
        custom={"label": _("Terug naar de huidige school")},
    )
    def terug(self, *, op, motivering, at):
        self.uitkomst = Uitkomst.TERUG
        self.besluit_op = op
        self.besluit_motivering = motivering
        self.afgesloten_op = at

    @transition(
        field=status,
        source=SchakelStatus.NAZORG,
        target=SchakelStatus.AFGESLOTEN,
        permission=_perm("schakel.nazorg"),
        custom={"label": _("Nazorg afronden")},
    )
    def afsluiten(self, *, at):
        self.afgesloten_op = at

    @transition(
        field=status,
        source=SchakelStatus.AFGESLOTEN,
        target=SchakelStatus.SIGNAAL,
        permission=_perm("schakel.reopen"),
        custom={"label": _("Heropenen")},
    )
    def heropenen(self):
        """The trajectory starts again from the signal (a new schakeloverleg); the earlier besluit goes, its
        overleggen and checkpoints stay."""
        self.uitkomst = ""
        self.besluit_op = None
        self.besluit_motivering = ""
        self.proef_start = None
        self.proef_verlengd = False
        self.afgesloten_op = None


class Schakeloverleg(models.Model):
    traject = models.ForeignKey(Schakeltraject, on_delete=models.PROTECT, related_name="overleggen")
    datum = models.DateField(_("datum"))
    deelnemers = models.TextField(_("deelnemers (één per regel)"))
    afspraken = models.TextField(_("afspraken"), blank=True)
    at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("schakeloverleg")
        verbose_name_plural = _("schakeloverleggen")
        ordering = ["datum", "pk"]

    def __str__(self):
        return f"schakeloverleg {self.datum}"

    @property
    def deelnemer_lijst(self) -> list[str]:
        return [line.strip() for line in self.deelnemers.splitlines() if line.strip()]


class NazorgCheckpoint(models.Model):
    class Oordeel(models.TextChoices):
        GOED = "goed", _("Gaat goed")
        AANDACHT = "aandacht", _("Aandacht nodig")
        ZORGELIJK = "zorgelijk", _("Zorgelijk")

    traject = models.ForeignKey(Schakeltraject, on_delete=models.PROTECT, related_name="checkpoints")
    maanden = models.PositiveSmallIntegerField(_("na maanden"))
    oordeel = models.CharField(_("hoe gaat het"), max_length=10, choices=Oordeel.choices)
    toelichting = models.TextField(_("toelichting"))
    at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nazorgmoment")
        verbose_name_plural = _("nazorgmomenten")
        ordering = ["maanden"]
        constraints = [
            models.UniqueConstraint(fields=["traject", "maanden"], name="nazorg_checkpoint_uniq"),
        ]

    def __str__(self):
        return f"nazorg na {self.maanden} maanden: {self.get_oordeel_display()}"
