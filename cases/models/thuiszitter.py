"""The thuiszitter route record: a pupil at home without a passend aanbod, and what is done about it.

The state field is protected: it changes only through the @transition methods below, called only by
cases/services/thuiszitter.py (which checks the permission, locks the row and writes history).
A melding that is reopened (the pupil drops out again) keeps its Case and record: a new
ThuiszitterPeriode starts, so the history stays one line and counts at an earlier peildatum stay right.
"""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from .case import Case
from .organisations import Bestuur, Gemeente, Leerling, School

AIM_DAYS = 28  # aim: no pupil at home longer than 4 consecutive weeks (002:L283)
PROGRESS_CHECK_DAYS = 28  # first progress check of the case table after 4 weeks (002:L610)
MIN_AGE, MAX_AGE = 5, 18


class ThuiszitterStatus(models.TextChoices):
    GEMELD = "gemeld", _("Gemeld")
    GEREGISTREERD = "geregistreerd", _("Geregistreerd")
    PLAN_VAN_AANPAK = "plan_van_aanpak", _("Plan van aanpak")
    CASUSOVERLEG = "casusoverleg", _("Casusoverleg")
    PASSEND_AANBOD = "passend_aanbod", _("Passend aanbod")
    MONITORING = "monitoring", _("Terug; monitoring")
    AFGESLOTEN = "afgesloten", _("Afgesloten")


OPEN_STATES = [s for s in ThuiszitterStatus if s != ThuiszitterStatus.AFGESLOTEN]
# until a passend aanbod is recorded the pupil is at home
AT_HOME_STATES = [
    ThuiszitterStatus.GEMELD,
    ThuiszitterStatus.GEREGISTREERD,
    ThuiszitterStatus.PLAN_VAN_AANPAK,
    ThuiszitterStatus.CASUSOVERLEG,
]


class ThuiszitterType(models.TextChoices):
    RELATIEF = "relatief", _("Langdurig relatief verzuim")
    ABSOLUUT = "absoluut", _("Absoluut verzuim")
    ZORGWEKKEND = "zorgwekkend", _("Zorgwekkend geoorloofd verzuim")
    VRIJSTELLING = "vrijstelling", _("(Gedeeltelijke) vrijstelling in onderzoek")


class Melder(models.TextChoices):
    SCHOOL = "school", _("School")
    LEERPLICHT = "leerplicht", _("Leerplichtambtenaar")
    SWV = "swv", _("Samenwerkingsverband")
    ZORGPLICHT = "zorgplicht", _("Zorgplichttermijn verstreken (risicomelding)")


class AanbodSoort(models.TextChoices):
    ONDERWIJS = "onderwijs", _("Onderwijs")
    ZORG = "zorg", _("Zorg")
    ONDERWIJS_ZORG = "onderwijs_zorg", _("Onderwijs en zorg")


class LeerplichtActieSoort(models.TextChoices):
    GESPREK = "gesprek", _("Gesprek")
    WAARSCHUWING = "waarschuwing", _("Waarschuwing")
    MELDING = "melding", _("Melding (proces-verbaal / Halt)")
    SWV_CONSULTATIE = "swv_consultatie", _("Consultatie van het samenwerkingsverband")
    VRIJSTELLING_5A = "vrijstelling_5a", _("Vrijstelling art. 5 sub a")


# --- guards: pure predicates over the record ---------------------------------------------------


def heeft_stamschool_of_uitzondering(melding) -> bool:
    """A stamschool is required, except for nieuwkomers and verhuisleerlingen (000:L239-240)."""
    return bool(melding.stamschool_id) or melding.nieuwkomer or melding.verhuisleerling


def heeft_plan_van_aanpak(melding) -> bool:
    return melding.plannen.filter(periode=melding.periode_nr).exists()


def heeft_casusoverleg(melding) -> bool:
    return melding.overleggen.filter(periode=melding.periode_nr).exists()


def heeft_passend_aanbod(melding) -> bool:
    return melding.aanbiedingen.filter(periode=melding.periode_nr).exists()


def monitoring_voorbij(melding) -> bool:
    from cases import clock

    return melding.monitoring_tot is not None and clock.today() > melding.monitoring_tot


def heeft_swv_consultatie(melding) -> bool:
    return melding.leerplicht_acties.filter(soort=LeerplichtActieSoort.SWV_CONSULTATIE).exists()


def _perm(action):
    def check(instance, user):
        from cases import policies

        return policies.can(user, action, instance)

    check.__name__ = f"may_{action}"
    return check


class ThuiszitterMelding(models.Model):
    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="thuiszitter")
    status = FSMField(
        _("status"), default=ThuiszitterStatus.GEMELD, choices=ThuiszitterStatus.choices, protected=True
    )
    # the current viewflow process (a reopened melding gets a new one; earlier ones stay in viewflow)
    process = models.ForeignKey(
        "viewflow.Process", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # melding
    melder = models.CharField(_("gemeld door"), max_length=20, choices=Melder.choices)
    type = models.CharField(_("soort verzuim"), max_length=20, choices=ThuiszitterType.choices)
    officieel = models.BooleanField(_("officieel (bij leerplicht bekend)"), default=True)
    risico = models.BooleanField(_("risico"), default=False)
    gemeld_op = models.DateField(_("gemeld op"))
    eerste_verzuimdag = models.DateField(_("eerste verzuimdag"))
    toelichting = models.TextField(_("toelichting"), blank=True)
    # registration
    gemeente = models.ForeignKey(
        Gemeente, on_delete=models.PROTECT, related_name="+", verbose_name=_("woongemeente")
    )
    bestuur = models.ForeignKey(
        Bestuur, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("bestuur")
    )
    stamschool = models.ForeignKey(
        School,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("stamschool"),
    )
    nieuwkomer = models.BooleanField(_("nieuwkomer"), default=False)
    verhuisleerling = models.BooleanField(_("verhuisleerling"), default=False)
    geregistreerd_op = models.DateTimeField(null=True, blank=True)
    # the current period at home (1 + number of reopenings)
    periode_nr = models.PositiveSmallIntegerField(default=1)
    monitoring_tot = models.DateField(_("monitoring tot en met"), null=True, blank=True)
    inspectie_gemeld_op = models.DateTimeField(_("op de inspectielijst sinds"), null=True, blank=True)
    vrijstelling_op = models.DateField(_("vrijstelling art. 5 sub a op"), null=True, blank=True)
    afgesloten_op = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("thuiszittermelding")
        verbose_name_plural = _("thuiszittermeldingen")
        indexes = [models.Index(fields=["status"]), models.Index(fields=["gemeente", "status"])]

    def __str__(self):
        return f"Thuiszitter {self.case.reference}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATES

    @property
    def aim_on(self) -> dt.date:
        """The 4-week aim line: from this day on the pupil is at home longer than 4 weeks."""
        return self.eerste_verzuimdag + dt.timedelta(days=AIM_DAYS)

    @property
    def aim_last_day(self) -> dt.date:
        """The last day within the 4-week aim (the eerste verzuimdag is day 1): the same day as the
        'uiterlijk' of the thuiszitter_plan term, which starts the day before the eerste verzuimdag."""
        return self.aim_on - dt.timedelta(days=1)

    def days_at_home(self, today: dt.date) -> int | None:
        if self.status not in AT_HOME_STATES:
            return None
        return max((today - self.eerste_verzuimdag).days, 0)

    # --- transitions ----------------------------------------------------------------------------

    @transition(
        field=status,
        source=ThuiszitterStatus.GEMELD,
        target=ThuiszitterStatus.GEREGISTREERD,
        conditions=[heeft_stamschool_of_uitzondering],
        permission=_perm("thuiszitter.register"),
        custom={"label": _("Registreren")},
    )
    def registreren(self, *, at):
        self.geregistreerd_op = at

    @transition(
        field=status,
        source=ThuiszitterStatus.GEREGISTREERD,
        target=ThuiszitterStatus.PLAN_VAN_AANPAK,
        conditions=[heeft_plan_van_aanpak],
        permission=_perm("thuiszitter.plan"),
        custom={"label": _("Plan van aanpak vastleggen")},
    )
    def plan_vastleggen(self):
        pass

    @transition(
        field=status,
        source=ThuiszitterStatus.PLAN_VAN_AANPAK,
        target=ThuiszitterStatus.CASUSOVERLEG,
        conditions=[heeft_casusoverleg],
        permission=_perm("thuiszitter.manage"),
        custom={"label": _("Casusoverleg vastleggen")},
    )
    def overleg_vastleggen(self):
        pass

    @transition(
        field=status,
        source=ThuiszitterStatus.CASUSOVERLEG,
        target=ThuiszitterStatus.PASSEND_AANBOD,
        conditions=[heeft_passend_aanbod],
        permission=_perm("thuiszitter.manage"),
        custom={"label": _("Passend aanbod vastleggen")},
    )
    def aanbod_vastleggen(self):
        pass

    @transition(
        field=status,
        source=ThuiszitterStatus.PASSEND_AANBOD,
        target=ThuiszitterStatus.MONITORING,
        permission=_perm("thuiszitter.terugkeer"),
        custom={"label": _("Terugkeer vastleggen")},
    )
    def terugkeer_vastleggen(self, *, monitoring_tot):
        self.monitoring_tot = monitoring_tot

    @transition(
        field=status,
        source=ThuiszitterStatus.MONITORING,
        target=ThuiszitterStatus.AFGESLOTEN,
        conditions=[monitoring_voorbij],
        permission=_perm("thuiszitter.manage"),
        custom={"label": _("Afsluiten")},
    )
    def afsluiten(self, *, at):
        self.afgesloten_op = at

    @transition(
        field=status,
        source=[ThuiszitterStatus.MONITORING, ThuiszitterStatus.AFGESLOTEN],
        target=ThuiszitterStatus.GEREGISTREERD,
        permission=_perm("thuiszitter.reopen"),
        custom={"label": _("Heropenen")},
    )
    def heropenen(self, *, eerste_verzuimdag, gemeld_op):
        self.periode_nr += 1
        self.eerste_verzuimdag = eerste_verzuimdag
        self.gemeld_op = gemeld_op
        self.monitoring_tot = None
        self.afgesloten_op = None
        self.inspectie_gemeld_op = None


class ThuiszitterPeriode(models.Model):
    """One stretch at home: from the first day of absence to the return. Counts read these."""

    melding = models.ForeignKey(ThuiszitterMelding, on_delete=models.CASCADE, related_name="perioden")
    nr = models.PositiveSmallIntegerField()
    eerste_verzuimdag = models.DateField(_("eerste verzuimdag"))
    aanbod_op = models.DateField(_("passend aanbod per"), null=True, blank=True)
    terugkeer_op = models.DateField(_("terug op"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["nr"]
        constraints = [models.UniqueConstraint(fields=["melding", "nr"], name="thuiszitter_periode_uniq")]
        indexes = [
            # quarterly report (reports/quarterly.py): the aanbod dates of a period, index only
            models.Index(
                fields=["aanbod_op"],
                include=["id", "melding", "eerste_verzuimdag"],
                condition=models.Q(aanbod_op__isnull=False),
                name="thuiszitterperiode_aanbod_idx",
            ),
        ]

    def __str__(self):
        return f"periode {self.nr}: {self.eerste_verzuimdag} – {self.terugkeer_op or '…'}"


class PlanVanAanpak(models.Model):
    melding = models.ForeignKey(ThuiszitterMelding, on_delete=models.PROTECT, related_name="plannen")
    periode = models.PositiveSmallIntegerField(default=1)
    eigenaar = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="+", verbose_name=_("eigenaar (school)")
    )
    inhoud = models.TextField(_("plan van aanpak"))
    at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("plan van aanpak")
        verbose_name_plural = _("plannen van aanpak")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"plan van aanpak ({self.eigenaar})"


class Casusoverleg(models.Model):
    """A case table (DOA, JES/MDO, actietafel) with an independent chair."""

    melding = models.ForeignKey(ThuiszitterMelding, on_delete=models.PROTECT, related_name="overleggen")
    periode = models.PositiveSmallIntegerField(default=1)
    datum = models.DateField(_("datum"))
    voorzitter = models.CharField(_("onafhankelijk voorzitter"), max_length=200)
    voorzitter_organisatie = models.CharField(_("organisatie voorzitter"), max_length=200, blank=True)
    deelnemers = models.TextField(_("deelnemers (één per regel)"))
    verslag = models.TextField(_("verslag"), blank=True)
    voortgang_op = models.DateField(_("voortgangscheck op"))
    at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("casusoverleg")
        verbose_name_plural = _("casusoverleggen")
        ordering = ["datum", "pk"]

    def __str__(self):
        return f"casusoverleg {self.datum}"

    @property
    def deelnemer_lijst(self) -> list[str]:
        return [line.strip() for line in self.deelnemers.splitlines() if line.strip()]


class Afspraak(models.Model):
    overleg = models.ForeignKey(Casusoverleg, on_delete=models.CASCADE, related_name="afspraken")
    omschrijving = models.CharField(_("afspraak"), max_length=300)
    eigenaar = models.CharField(_("eigenaar"), max_length=200)
    uiterlijk = models.DateField(_("uiterlijk"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("afspraak")
        verbose_name_plural = _("afspraken")
        ordering = ["uiterlijk", "pk"]

    def __str__(self):
        return f"{self.omschrijving} ({self.eigenaar}, {self.uiterlijk})"


class PassendAanbod(models.Model):
    melding = models.ForeignKey(ThuiszitterMelding, on_delete=models.PROTECT, related_name="aanbiedingen")
    periode = models.PositiveSmallIntegerField(default=1)
    soort = models.CharField(_("soort aanbod"), max_length=20, choices=AanbodSoort.choices)
    omschrijving = models.CharField(_("wat voor aanbod"), max_length=300)
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("school")
    )
    startdatum = models.DateField(_("startdatum"))
    at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("passend aanbod")
        verbose_name_plural = _("passende aanbiedingen")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_soort_display()}: {self.omschrijving}"


class LeerplichtActie(models.Model):
    melding = models.ForeignKey(
        ThuiszitterMelding, on_delete=models.PROTECT, related_name="leerplicht_acties"
    )
    soort = models.CharField(_("actie"), max_length=20, choices=LeerplichtActieSoort.choices)
    datum = models.DateField(_("datum"))
    toelichting = models.TextField(_("toelichting"))
    at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("leerplichtactie")
        verbose_name_plural = _("leerplichtacties")
        ordering = ["datum", "pk"]

    def __str__(self):
        return f"{self.get_soort_display()} {self.datum}"


class Uitschrijving(models.Model):
    """De-registration from the stamschool: only with a recorded vervolgplek (000:L240)."""

    leerling = models.ForeignKey(Leerling, on_delete=models.PROTECT, related_name="uitschrijvingen")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    datum = models.DateField(_("datum uitschrijving"))
    vervolgplek_school = models.ForeignKey(
        School,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vervolgplek (school in het SWV)"),
    )
    vervolgplek_omschrijving = models.CharField(_("vervolgplek (omschrijving)"), max_length=300, blank=True)
    at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("uitschrijving")
        verbose_name_plural = _("uitschrijvingen")

    def __str__(self):
        return f"{self.leerling} uitgeschreven bij {self.school} op {self.datum}"
