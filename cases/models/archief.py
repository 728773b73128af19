"""Per SWV: the archive rule of each result of a route (archiefnominatie, term, brondatum rule). Without a
row the defaults of cases/archive.py apply."""

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
