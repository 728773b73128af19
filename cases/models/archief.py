"""Per SWV: the archive rule of each result of a route (archiefnominatie, term, brondatum rule). Without a
row the defaults of cases/archive.py apply."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .organisations import Swv


class ArchiefRegel(models.Model):
    swv = models.ForeignKey(Swv, on_delete=models.CASCADE, related_name="archiefregels")
    route = models.CharField(_("route"), max_length=20)
    resultaat = models.CharField(_("resultaat"), max_length=30)
    archiefnominatie = models.CharField(
        _("archiefnominatie"),
        max_length=12,
        choices=[("bewaren", _("Blijvend bewaren")), ("vernietigen", _("Vernietigen"))],
    )
    termijn_jaren = models.PositiveSmallIntegerField(_("archiefactietermijn (jaren)"))
    brondatum = models.CharField(
        _("brondatum"),
        max_length=30,
        choices=[
            ("afgehandeld", _("Datum van afsluiten")),
            ("einde_geldigheid", _("Einde geldigheid van de TLV")),
            ("achttiende_verjaardag", _("18e verjaardag van de leerling")),
        ],
    )
    # the SWV's archivaris confirmed this rule (a default taken over, or an own rule as it stands);
    # a change to the rule clears it (cases/admin.py)
    bevestigd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    bevestigd_op = models.DateTimeField(_("bevestigd op"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("archiefregel")
        verbose_name_plural = _("archiefregels")
        constraints = [
            models.UniqueConstraint(fields=["swv", "route", "resultaat"], name="archiefregel_uniek"),
            models.CheckConstraint(condition=models.Q(termijn_jaren__lte=120), name="archiefregel_termijn"),
        ]

    def __str__(self):
        return f"{self.swv} {self.route}/{self.resultaat}"


class Vernietigingslijst(models.Model):
    """A list of closed cases due for destruction: proposed by the periodic job, reviewed by the privacy
    officer and the archivaris (remove an item with a reason, put a case on legal hold), approved by two
    different people, then carried out in batches. The list and its items stay as the verklaring van
    vernietiging: reference, result and dates, never the pupil."""

    class Status(models.TextChoices):
        VOORGESTELD = "voorgesteld", _("Voorgesteld (in beoordeling)")
        GOEDGEKEURD = "goedgekeurd", _("Goedgekeurd")
        UITGEVOERD = "uitgevoerd", _("Vernietigd")

    swv = models.ForeignKey(Swv, on_delete=models.PROTECT, related_name="vernietigingslijsten")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.VOORGESTELD)
    due_on = models.DateField(_("archiefactiedatum tot en met"))
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    executed_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("vernietigingslijst")
        verbose_name_plural = _("vernietigingslijsten")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"VL-{self.pk}"


class VernietigingsItem(models.Model):
    class Status(models.TextChoices):
        VOORGESTELD = "voorgesteld", _("Op de lijst")
        VERWIJDERD = "verwijderd", _("Van de lijst gehaald")
        VERNIETIGD = "vernietigd", _("Vernietigd")

    lijst = models.ForeignKey(Vernietigingslijst, on_delete=models.PROTECT, related_name="items")
    case = models.ForeignKey("cases.Case", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    reference = models.CharField(_("kenmerk"), max_length=30)
    route = models.CharField(_("route"), max_length=20)
    resultaat = models.CharField(_("resultaat"), max_length=30)
    opened_on = models.DateField(_("geopend"))
    closed_on = models.DateField(_("afgesloten"))
    archiefactiedatum = models.DateField(_("archiefactiedatum"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.VOORGESTELD)
    reason = models.CharField(_("reden"), max_length=300, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("te vernietigen casus")
        verbose_name_plural = _("te vernietigen casussen")
        ordering = ["archiefactiedatum", "pk"]
        constraints = [models.UniqueConstraint(fields=["lijst", "reference"], name="vernietigingsitem_uniek")]

    def __str__(self):
        return self.reference

    @property
    def route_label(self):
        from .case import Route

        return Route(self.route).label if self.route in Route.values else self.route

    @property
    def resultaat_label(self):
        from cases import archive

        return archive.result_label(self.route, self.resultaat) if self.resultaat else ""


class VernietigingsAkkoord(models.Model):
    lijst = models.ForeignKey(Vernietigingslijst, on_delete=models.PROTECT, related_name="akkoorden")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("rol"), max_length=30)
    at = models.DateTimeField()

    class Meta:
        verbose_name = _("akkoord")
        verbose_name_plural = _("akkoorden")
        constraints = [models.UniqueConstraint(fields=["lijst", "by"], name="vernietiging_akkoord_eenmaal")]

    def __str__(self):
        return f"{self.lijst} {self.by}"
