"""The overstap route record: the warm PO→VO handover of one pupil between two SWVs.

The PO school opens it for a pupil in groep 7 or 8 with support needs (or a PO→VSO/PrO transition) →
toestemming (the ouders' consent for "Overdracht van PO naar VO", from the consent register) → dossier
(the PO school and PO SWV prepare the transfer file: selected documents, the support needs and what worked,
the pupil's voice, advice for the VO school; an independent deskundige where the PO SWV requires it for
VSO/PrO) → verzonden (the receiving VO SWV is the SWV of the chosen VO school in the national register; a
receiving case opens in that SWV) → ontvangen (the VO SWV registers receipt, within a term) → warme
overdracht (a meeting with both SWVs, both schools and the ouders) → geplaatst (the VO school confirms the
placement) → afgesloten (the VO SWV checked by 1 October that the pupil is in place). Without a placement
on 1 October the term breaches and escalates to the VO SWV's consulent and the leerplicht of the
woongemeente.

The record sits on the PO SWV's case (`case`); the receiving side works on its own case in the VO SWV
(`ontvangst_case`) and sees only what was handed over (`documenten` and the facts), never the rest of the
PO dossier (cases/policies.py). The state field is protected: it changes only through the @transition
methods below, called only by cases/services/overstap.py.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from .case import Case, Document
from .organisations import Deskundige, Leerling, School, Swv
from .tlv import _perm


class OverstapStatus(models.TextChoices):
    CONCEPT = "concept", _("Concept (toestemming ouders vragen)")
    DOSSIER = "dossier", _("Overdrachtsdossier voorbereiden")
    VERZONDEN = "verzonden", _("Verzonden aan het VO-samenwerkingsverband")
    ONTVANGEN = "ontvangen", _("Ontvangen (warme overdracht plannen)")
    OVERDRACHT = "overdracht", _("Warme overdracht gevoerd")
    GEPLAATST = "geplaatst", _("Geplaatst (controle vóór 1 oktober)")
    AFGESLOTEN = "afgesloten", _("Afgesloten")


class OverstapSoort(models.TextChoices):
    PO_VO = "po_vo", _("PO → regulier VO")
    PO_VSO = "po_vso", _("PO → VSO")
    PO_PRO = "po_pro", _("PO → praktijkonderwijs")


class Afsluiting(models.TextChoices):
    GECONTROLEERD = "gecontroleerd", _("Leerling zit op zijn plek")
    TOESTEMMING_INGETROKKEN = "toestemming_ingetrokken", _("Gestopt: toestemming ingetrokken")


# the school soort on the VO side -> the kind of transition; a regulier school counts when its SWV is VO
SOORT_VAN_SCHOOL = {
    School.Soort.REGULIER: OverstapSoort.PO_VO,
    School.Soort.VSO: OverstapSoort.PO_VSO,
    School.Soort.PRO: OverstapSoort.PO_PRO,
}


def heeft_dossier(overstap) -> bool:
    return bool(overstap.vo_school_id and overstap.ondersteuningsbehoeften and overstap.advies_vo)


def heeft_overleg(overstap) -> bool:
    return bool(overstap.overleg_op)


class Overstap(models.Model):
    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="overstap")
    status = FSMField(
        _("status"), default=OverstapStatus.CONCEPT, choices=OverstapStatus.choices, protected=True
    )
    process = models.ForeignKey(
        "viewflow.Process", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    groep = models.PositiveSmallIntegerField(_("groep"))
    schooljaar_vo = models.PositiveSmallIntegerField(
        _("eerste schooljaar in het VO (beginjaar)"), help_text=_("bijv. 2027 voor schooljaar 2027-2028")
    )
    aanleiding = models.TextField(_("aanleiding (ondersteuningsbehoefte)"), blank=True)
    # the receiving side (from the national school register)
    vo_school = models.ForeignKey(
        School,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("VO-school"),
    )
    vo_swv = models.ForeignKey(
        Swv,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ontvangend samenwerkingsverband"),
    )
    soort = models.CharField(_("soort overstap"), max_length=10, choices=OverstapSoort.choices, blank=True)
    # toestemming (the consent register's record it rests on)
    toestemming = models.ForeignKey(
        "cases.Consent", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # the transfer file: exactly what is handed over
    ondersteuningsbehoeften = models.TextField(_("ondersteuningsbehoeften"), blank=True)
    wat_werkte = models.TextField(_("wat werkte"), blank=True)
    stem_leerling = models.TextField(_("stem van de leerling"), blank=True)
    advies_vo = models.TextField(_("advies voor de VO-school"), blank=True)
    documenten = models.ManyToManyField(
        Document, blank=True, related_name="+", verbose_name=_("overgedragen documenten")
    )
    deskundige = models.ForeignKey(
        Deskundige,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("onafhankelijke deskundige"),
    )
    deskundige_advies = models.TextField(_("advies van de onafhankelijke deskundige"), blank=True)
    verzonden_op = models.DateTimeField(_("verzonden op"), null=True, blank=True)
    # the receiving side's own case and pupil record in the VO SWV
    ontvangst_case = models.OneToOneField(
        Case, on_delete=models.PROTECT, null=True, blank=True, related_name="overstap_ontvangst"
    )
    vo_leerling = models.ForeignKey(
        Leerling, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ontvangen_op = models.DateTimeField(_("ontvangen op"), null=True, blank=True)
    # warme overdracht
    overleg_op = models.DateField(_("warme overdracht op"), null=True, blank=True)
    overleg_deelnemers = models.TextField(_("deelnemers (één per regel)"), blank=True)
    overleg_afspraken = models.TextField(_("afspraken"), blank=True)
    # outcome
    geplaatst_op = models.DateField(_("geplaatst per"), null=True, blank=True)
    vervolg_case = models.ForeignKey(
        Case,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vervolg (TLV of ondersteuningsaanvraag)"),
    )
    afsluiting = models.CharField(_("afsluiting"), max_length=30, choices=Afsluiting.choices, blank=True)
    afgesloten_op = models.DateTimeField(_("afgesloten op"), null=True, blank=True)
    # consent withdrawn after sending: the receiving side no longer reads the handed-over file
    toegang_ingetrokken_op = models.DateField(_("inzage ingetrokken op"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("overstap PO-VO")
        verbose_name_plural = _("overstappen PO-VO")
        indexes = [
            models.Index(fields=["status"]),
            models.Index(fields=["vo_swv", "status"]),
            models.Index(fields=["schooljaar_vo", "soort"]),
        ]

    def __str__(self):
        return f"Overstap {self.case.reference}"

    @property
    def is_open(self) -> bool:
        return self.status != OverstapStatus.AFGESLOTEN

    @property
    def is_sent(self) -> bool:
        return self.verzonden_op is not None

    @property
    def handed_over_readable(self) -> bool:
        """May the receiving side read the handed-over file now (sent, consent not withdrawn)?"""
        return self.is_sent and self.toegang_ingetrokken_op is None

    @transition(
        field=status,
        source=OverstapStatus.CONCEPT,
        target=OverstapStatus.DOSSIER,
        permission=_perm("overstap.prepare"),
        custom={"label": _("Toestemming vastleggen")},
    )
    def toestemming_vastleggen(self, *, consent):
        self.toestemming = consent

    @transition(
        field=status,
        source=OverstapStatus.DOSSIER,
        target=OverstapStatus.VERZONDEN,
        conditions=[heeft_dossier],
        permission=_perm("overstap.send"),
        custom={"label": _("Verzenden aan het VO-samenwerkingsverband")},
    )
    def verzenden(self, *, at):
        self.verzonden_op = at

    @transition(
        field=status,
        source=OverstapStatus.VERZONDEN,
        target=OverstapStatus.ONTVANGEN,
        permission=_perm("overstap.receive"),
        custom={"label": _("Ontvangst bevestigen")},
    )
    def ontvangen(self, *, at):
        self.ontvangen_op = at

    @transition(
        field=status,
        source=OverstapStatus.ONTVANGEN,
        target=OverstapStatus.OVERDRACHT,
        conditions=[heeft_overleg],
        permission=_perm("overstap.receive"),
        custom={"label": _("Warme overdracht vastleggen")},
    )
    def overdracht_vastleggen(self):
        pass

    @transition(
        field=status,
        source=OverstapStatus.OVERDRACHT,
        target=OverstapStatus.GEPLAATST,
        permission=_perm("overstap.place"),
        custom={"label": _("Plaatsing bevestigen")},
    )
    def plaatsen(self, *, op):
        self.geplaatst_op = op

    @transition(
        field=status,
        source=OverstapStatus.GEPLAATST,
        target=OverstapStatus.AFGESLOTEN,
        permission=_perm("overstap.receive"),
        custom={"label": _("Controle: leerling zit op zijn plek")},
    )
    def afsluiten(self, *, at):
        self.afsluiting = Afsluiting.GECONTROLEERD
        self.afgesloten_op = at

    @transition(
        field=status,
        source=[OverstapStatus.CONCEPT, OverstapStatus.DOSSIER],
        target=OverstapStatus.AFGESLOTEN,
        custom={"label": _("Stoppen: toestemming ingetrokken")},
    )
    def stoppen(self, *, at):
        self.afsluiting = Afsluiting.TOESTEMMING_INGETROKKEN
        self.afgesloten_op = at
