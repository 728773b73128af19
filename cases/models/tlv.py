"""The TLV route record: the legal state of a toelaatbaarheidsverklaring aanvraag.

The state field is protected: it changes only through the @transition methods below, and those are
called only by cases/services/tlv.py (which also checks the permission, locks the row and writes history).
Transition bodies touch only database fields of this record.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from .case import Case
from .organisations import Deskundige, School


class TlvStatus(models.TextChoices):
    CONCEPT = "concept", _("Concept")
    INGEDIEND = "ingediend", _("Ingediend")
    ONVOLLEDIG = "onvolledig", _("Onvolledig")
    IN_BEHANDELING = "in_behandeling", _("In behandeling")
    DESKUNDIGENADVIES = "deskundigenadvies", _("Deskundigenadvies")
    CVA_ADVIES = "cva_advies", _("Advies CvA/BTO")
    MEER_INFORMATIE = "meer_informatie", _("Meer informatie nodig")
    TOEGEKEND = "toegekend", _("Toegekend")
    AFGEWEZEN = "afgewezen", _("Afgewezen")
    INGETROKKEN = "ingetrokken", _("Ingetrokken")
    BUITEN_BEHANDELING = "buiten_behandeling", _("Buiten behandeling gesteld")


OPEN_STATES = [
    TlvStatus.CONCEPT,
    TlvStatus.INGEDIEND,
    TlvStatus.ONVOLLEDIG,
    TlvStatus.IN_BEHANDELING,
    TlvStatus.DESKUNDIGENADVIES,
    TlvStatus.CVA_ADVIES,
    TlvStatus.MEER_INFORMATIE,
]
FINAL_STATES = [
    TlvStatus.TOEGEKEND,
    TlvStatus.AFGEWEZEN,
    TlvStatus.INGETROKKEN,
    TlvStatus.BUITEN_BEHANDELING,
]


class TlvSoort(models.TextChoices):
    SBO = "sbo", _("SBO")
    SO = "so", _("SO")
    VSO = "vso", _("VSO")
    PRO = "pro", _("Praktijkonderwijs")


class TlvCategorie(models.TextChoices):
    LAAG = "laag", _("laag (categorie 1)")
    MIDDEN = "midden", _("midden (categorie 2)")
    HOOG = "hoog", _("hoog (categorie 3)")


class CvaUitkomst(models.TextChoices):
    TOEKENNEN = "toekennen", _("Toekennen")
    AFWIJZEN = "afwijzen", _("Afwijzen")
    MEER_INFORMATIE = "meer_informatie", _("Meer informatie nodig")


# --- guards: pure predicates over the record ---------------------------------------------------


def heeft_twee_adviezen(aanvraag) -> bool:
    """Two deskundigenadviezen: given on their tasks, or (when the SWV's advices come as documents) two
    advice documents the school added to the file, which the CvA/BTO then checks."""
    from cases import profiles

    if profiles.for_case(aanvraag.case).r.adviezen_als == "documenten":
        return aanvraag.case.documents.filter(kind="deskundigenadvies").count() >= 2
    return aanvraag.adviezen.count() >= 2


def heeft_cva_advies(aanvraag) -> bool:
    return aanvraag.cva_uitkomst in (CvaUitkomst.TOEKENNEN, CvaUitkomst.AFWIJZEN)


def hersteltermijn_verstreken(aanvraag) -> bool:
    from cases import clock

    return aanvraag.hersteltermijn_tot is not None and clock.today() > aanvraag.hersteltermijn_tot


def _perm(action):
    def check(instance, user):
        from cases import policies

        return policies.can(user, action, instance)

    check.__name__ = f"may_{action}"
    return check


class TlvAanvraag(models.Model):
    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="tlv")
    status = FSMField(_("status"), default=TlvStatus.CONCEPT, choices=TlvStatus.choices, protected=True)
    process = models.OneToOneField(
        "viewflow.Process", on_delete=models.PROTECT, null=True, blank=True, related_name="tlv_aanvraag"
    )
    # aanvraag
    gevraagde_soort = models.CharField(_("gevraagde soort"), max_length=5, choices=TlvSoort.choices)
    gevraagde_categorie = models.CharField(
        _("gevraagde categorie"), max_length=10, choices=TlvCategorie.choices, blank=True
    )
    gevraagde_cluster = models.PositiveSmallIntegerField(_("cluster (SO)"), null=True, blank=True)
    onderbouwing = models.TextField(_("onderbouwing van de aanvraag"), blank=True)
    ingediend_op = models.DateTimeField(null=True, blank=True)
    # volledigheid
    volledig_op = models.DateField(_("dossier volledig op"), null=True, blank=True)
    ontbrekende_stukken = models.TextField(_("ontbrekende stukken"), blank=True)
    hersteltermijn_tot = models.DateField(_("hersteltermijn tot en met"), null=True, blank=True)
    aangevuld_op = models.DateField(_("ontbrekende stukken ontvangen op"), null=True, blank=True)
    # CvA/BTO
    cva_uitkomst = models.CharField(
        _("advies CvA/BTO"), max_length=20, choices=CvaUitkomst.choices, blank=True
    )
    cva_soort = models.CharField(_("geadviseerde soort"), max_length=5, choices=TlvSoort.choices, blank=True)
    cva_categorie = models.CharField(
        _("geadviseerde categorie"), max_length=10, choices=TlvCategorie.choices, blank=True
    )
    cva_motivering = models.TextField(_("motivering advies"), blank=True)
    cva_vraag = models.TextField(_("gevraagde informatie"), blank=True)
    cva_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cva_op = models.DateTimeField(null=True, blank=True)
    # besluit
    besluit_soort = models.CharField(_("soort"), max_length=5, choices=TlvSoort.choices, blank=True)
    besluit_cluster = models.PositiveSmallIntegerField(_("cluster"), null=True, blank=True)
    besluit_categorie = models.CharField(
        _("categorie"), max_length=10, choices=TlvCategorie.choices, blank=True
    )
    ingangsdatum = models.DateField(_("ingangsdatum"), null=True, blank=True)
    einddatum = models.DateField(_("einddatum"), null=True, blank=True)
    plaatsingsschool = models.ForeignKey(
        School,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("school van plaatsing"),
    )
    # pupils aged 4 to 8 at the ingangsdatum: the regular school they are meant to return to
    beoogde_school = models.ForeignKey(
        School,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("beoogde reguliere school"),
    )
    besluit_motivering = models.TextField(_("motivering besluit"), blank=True)
    besloten_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    besloten_op = models.DateTimeField(null=True, blank=True)
    # einde
    intrekking_reden = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("TLV-aanvraag")
        verbose_name_plural = _("TLV-aanvragen")
        indexes = [
            models.Index(fields=["status"]),
            # quarterly report (reports/quarterly.py): the decisions of a period from an index-only range scan
            models.Index(
                fields=["besloten_op"],
                include=[
                    "id",
                    "case",
                    "status",
                    "ingediend_op",
                    "besluit_soort",
                    "besluit_cluster",
                    "besluit_categorie",
                ],
                condition=models.Q(besloten_op__isnull=False),
                name="tlvaanvraag_besloten_idx",
            ),
        ]

    def __str__(self):
        return f"TLV {self.case.reference}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATES

    # --- transitions ----------------------------------------------------------------------------

    @transition(
        field=status,
        source=TlvStatus.CONCEPT,
        target=TlvStatus.INGEDIEND,
        permission=_perm("tlv.submit"),
        custom={"label": _("Indienen")},
    )
    def indienen(self, *, at):
        self.ingediend_op = at

    @transition(
        field=status,
        source=[TlvStatus.INGEDIEND, TlvStatus.ONVOLLEDIG],
        target=TlvStatus.IN_BEHANDELING,
        permission=_perm("tlv.check"),
        custom={"label": _("Volledig verklaren")},
    )
    def volledig_verklaren(self, *, on):
        if self.volledig_op is None:
            self.volledig_op = on
        self.ontbrekende_stukken = ""
        self.hersteltermijn_tot = None

    @transition(
        field=status,
        source=[TlvStatus.INGEDIEND, TlvStatus.ONVOLLEDIG, TlvStatus.IN_BEHANDELING],
        target=TlvStatus.ONVOLLEDIG,
        permission=_perm("tlv.check"),
        custom={"label": _("Onvolledig verklaren")},
    )
    def onvolledig_verklaren(self, *, missing, hersteltermijn_tot):
        self.ontbrekende_stukken = missing
        self.hersteltermijn_tot = hersteltermijn_tot

    @transition(
        field=status,
        source=TlvStatus.ONVOLLEDIG,
        target=TlvStatus.BUITEN_BEHANDELING,
        conditions=[hersteltermijn_verstreken],
        permission=_perm("tlv.check"),
        custom={"label": _("Buiten behandeling stellen")},
    )
    def buiten_behandeling_stellen(self):
        pass

    @transition(
        field=status,
        source=TlvStatus.IN_BEHANDELING,
        target=TlvStatus.DESKUNDIGENADVIES,
        permission=_perm("tlv.system"),
        custom={"label": _("Deskundigenadvies starten")},
    )
    def deskundigenadvies_starten(self):
        pass

    @transition(
        field=status,
        source=TlvStatus.DESKUNDIGENADVIES,
        target=TlvStatus.CVA_ADVIES,
        conditions=[heeft_twee_adviezen],
        permission=_perm("tlv.system"),
        custom={"label": _("Naar CvA/BTO")},
    )
    def naar_cva(self):
        pass

    @transition(
        field=status,
        source=TlvStatus.CVA_ADVIES,
        target=TlvStatus.MEER_INFORMATIE,
        permission=_perm("tlv.advise"),
        custom={"label": _("Meer informatie vragen")},
    )
    def meer_informatie_vragen(self, *, vraag, actor, at):
        self.cva_uitkomst = CvaUitkomst.MEER_INFORMATIE
        self.cva_vraag = vraag
        self.cva_door = actor
        self.cva_op = at

    @transition(
        field=status,
        source=TlvStatus.MEER_INFORMATIE,
        target=TlvStatus.CVA_ADVIES,
        permission=_perm("tlv.supplement"),
        custom={"label": _("Informatie aanvullen")},
    )
    def informatie_aanvullen(self):
        self.cva_uitkomst = ""

    @transition(
        field=status,
        source=TlvStatus.CVA_ADVIES,
        target=TlvStatus.CVA_ADVIES,
        permission=_perm("tlv.advise"),
        custom={"label": _("Advies vastleggen")},
    )
    def advies_vastleggen(self, *, uitkomst, soort, categorie, motivering, actor, at):
        self.cva_uitkomst = uitkomst
        self.cva_soort = soort
        self.cva_categorie = categorie
        self.cva_motivering = motivering
        self.cva_door = actor
        self.cva_op = at

    @transition(
        field=status,
        source=TlvStatus.CVA_ADVIES,
        target=TlvStatus.TOEGEKEND,
        conditions=[heeft_cva_advies],
        permission=_perm("tlv.decide"),
        custom={"label": _("Toekennen")},
    )
    def toekennen(self, *, soort, cluster, categorie, ingangsdatum, einddatum, school, motivering, actor, at):
        self.besluit_soort = soort
        self.besluit_cluster = cluster
        self.besluit_categorie = categorie
        self.ingangsdatum = ingangsdatum
        self.einddatum = einddatum
        self.plaatsingsschool = school
        self.besluit_motivering = motivering
        self.besloten_door = actor
        self.besloten_op = at

    @transition(
        field=status,
        source=TlvStatus.CVA_ADVIES,
        target=TlvStatus.AFGEWEZEN,
        conditions=[heeft_cva_advies],
        permission=_perm("tlv.decide"),
        custom={"label": _("Afwijzen")},
    )
    def afwijzen(self, *, motivering, actor, at):
        self.besluit_motivering = motivering
        self.besloten_door = actor
        self.besloten_op = at

    @transition(
        field=status,
        source=OPEN_STATES,
        target=TlvStatus.INGETROKKEN,
        permission=_perm("tlv.withdraw"),
        custom={"label": _("Intrekken")},
    )
    def intrekken(self, *, reden):
        self.intrekking_reden = reden

    @transition(
        field=status,
        source=[TlvStatus.INGETROKKEN, TlvStatus.BUITEN_BEHANDELING],
        target=TlvStatus.CONCEPT,
        permission=_perm("tlv.reopen"),
        custom={"label": _("Heropenen")},
    )
    def heropenen(self):
        """A withdrawn or dropped aanvraag goes back to the school as a concept (it is submitted again and
        the beslistermijn starts anew). A besluit (toegekend, afgewezen) is not reopened: it changes by
        bezwaar or correction."""
        self.ingediend_op = None
        self.intrekking_reden = ""
        self.ontbrekende_stukken = ""
        self.hersteltermijn_tot = None


class DeskundigenAdvies(models.Model):
    aanvraag = models.ForeignKey(TlvAanvraag, on_delete=models.PROTECT, related_name="adviezen")
    volgorde = models.PositiveSmallIntegerField(_("advies nr."))
    deskundige = models.ForeignKey(Deskundige, on_delete=models.PROTECT, related_name="adviezen")
    discipline = models.CharField(_("discipline"), max_length=30, choices=Deskundige.Discipline.choices)
    advies = models.TextField(_("advies"))
    aanbeveling = models.CharField(_("aanbeveling"), max_length=20, choices=CvaUitkomst.choices[:2])
    at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("deskundigenadvies")
        verbose_name_plural = _("deskundigenadviezen")
        ordering = ["volgorde"]
        constraints = [
            models.UniqueConstraint(fields=["aanvraag", "volgorde"], name="advies_volgorde_uniq"),
            models.UniqueConstraint(fields=["aanvraag", "deskundige"], name="advies_deskundige_uniq"),
        ]

    def __str__(self):
        return f"deskundigenadvies {self.volgorde} ({self.get_discipline_display()})"


class BtoReview(models.Model):
    """BTO mode: each member reviews independently before the meeting."""

    aanvraag = models.ForeignKey(TlvAanvraag, on_delete=models.PROTECT, related_name="bto_reviews")
    volgorde = models.PositiveSmallIntegerField()
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    oordeel = models.TextField(_("oordeel"))
    aanbeveling = models.CharField(_("aanbeveling"), max_length=20, choices=CvaUitkomst.choices)
    at = models.DateTimeField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["volgorde"]
        constraints = [
            models.UniqueConstraint(fields=["aanvraag", "volgorde"], name="bto_volgorde_uniq"),
            models.UniqueConstraint(fields=["aanvraag", "member"], name="bto_member_uniq"),
        ]

    def __str__(self):
        return f"BTO-beoordeling {self.volgorde}"
