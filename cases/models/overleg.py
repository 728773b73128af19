"""Case tables: one meeting record for DOA (6- and 6+), MDO, actietafel, BTO-consultation and the warm
PO→VO handover, shared by every route.

An `Overleg` is held by an SWV on a date, with participants (a user or a free name, with role and
organisation), an agenda of cases (`Agendapunt`, each linked to one Case and through it to that case's
route record), minutes per agenda item, and agreements (`OverlegAfspraak`) with an owner and a due date.
Each agreement is a work item in its owner's inbox; each agenda item gets a follow-up term
(`overleg_terugkoppeling`) that puts a task in the chair's inbox after the set number of weeks.
Only cases/services/overleg.py changes these rows.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.roles import Role

from .case import Case
from .consent import Consent, ConsentPurpose
from .deadlines import Deadline
from .organisations import Gemeente, School, Swv
from .workitems import WorkItem

# the first feedback on a case table's agreements: after 4 weeks (002:L610)
DEFAULT_VERVOLG_WEKEN = 4


class OverlegSoort(models.TextChoices):
    DOA_6MIN = "doa_6min", _("DOA 6-")
    DOA_6PLUS = "doa_6plus", _("DOA 6+")
    MDO = "mdo", _("MDO / JES (multidisciplinair overleg)")
    ACTIETAFEL = "actietafel", _("Actietafel")
    BTO_CONSULTATIE = "bto_consultatie", _("Consultatie BTO")
    WARME_OVERDRACHT = "warme_overdracht", _("Warme overdracht PO-VO")


# The consent a case needs to be discussed at a table of this kind (from the consent register)
SOORT_CONSENT: dict[str, str] = {
    OverlegSoort.DOA_6MIN: ConsentPurpose.CASUSOVERLEG,
    OverlegSoort.DOA_6PLUS: ConsentPurpose.CASUSOVERLEG,
    OverlegSoort.MDO: ConsentPurpose.CASUSOVERLEG,
    OverlegSoort.ACTIETAFEL: ConsentPurpose.CASUSOVERLEG,
    OverlegSoort.BTO_CONSULTATIE: ConsentPurpose.CASUSOVERLEG,
    OverlegSoort.WARME_OVERDRACHT: ConsentPurpose.OVERDRACHT,
}

# Kinds where a case may be discussed anonymised (no name, no number) without the parents' consent: a
# consultation asks advice about a situation, not about a named pupil (003:L1853-1858).
ANONYMOUS_ALLOWED = frozenset({OverlegSoort.BTO_CONSULTATIE, OverlegSoort.ACTIETAFEL})


class OverlegStatus(models.TextChoices):
    GEPLAND = "gepland", _("Gepland")
    GEHOUDEN = "gehouden", _("Gehouden")
    AFGESLOTEN = "afgesloten", _("Afgesloten")
    GEANNULEERD = "geannuleerd", _("Geannuleerd")


class DeelnemerRol(models.TextChoices):
    VOORZITTER = "voorzitter", _("Voorzitter")
    CONSULENT = "consulent", _("Consulent samenwerkingsverband")
    SCHOOL = "school", _("School (IB'er / zorgcoördinator)")
    ONTVANGENDE_SCHOOL = "ontvangende_school", _("Ontvangende school")
    OUDER = "ouder", _("Ouder/verzorger")
    LEERLING = "leerling", _("Leerling")
    JEUGDHULP = "jeugdhulp", _("Jeugdhulp")
    LEERPLICHT = "leerplicht", _("Leerplichtambtenaar")
    GEMEENTE = "gemeente", _("Gemeente")
    DESKUNDIGE = "deskundige", _("Deskundige")
    BTO = "bto", _("Lid BTO/CvA")
    OVERIG = "overig", _("Anders")


class Overleg(models.Model):
    swv = models.ForeignKey(Swv, on_delete=models.PROTECT, related_name="overleggen")
    soort = models.CharField(_("soort overleg"), max_length=20, choices=OverlegSoort.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=OverlegStatus.choices, default=OverlegStatus.GEPLAND
    )
    datum = models.DateField(_("datum"))
    tijd = models.TimeField(_("tijd"), null=True, blank=True)
    plaats = models.CharField(_("plaats"), max_length=200, blank=True)
    voorzitter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="voorgezeten_overleggen",
        verbose_name=_("voorzitter"),
    )
    vervolg_weken = models.PositiveSmallIntegerField(
        _("terugkoppeling na (weken)"), default=DEFAULT_VERVOLG_WEKEN
    )
    verslag = models.TextField(_("algemeen verslag"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    close_reason = models.CharField(_("toelichting bij afsluiten"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("overleg (casustafel)")
        verbose_name_plural = _("overleggen (casustafels)")
        ordering = ["-datum", "-pk"]
        indexes = [models.Index(fields=["swv", "datum"], name="overleg_swv_datum_idx")]

    def __str__(self):
        return f"{self.get_soort_display()} {self.datum:%d-%m-%Y}"

    @property
    def consent_purpose(self) -> str:
        return SOORT_CONSENT[self.soort]

    @property
    def allows_anonymous(self) -> bool:
        return self.soort in ANONYMOUS_ALLOWED


class OverlegDeelnemer(models.Model):
    """A participant: a user of the system, or a free name (a parent, a jeugdhulp worker), with the role
    in the meeting and the organisation. The school or gemeente, where given, lets that organisation see
    the meeting (cases/policies.py: visible_overleggen)."""

    overleg = models.ForeignKey(Overleg, on_delete=models.CASCADE, related_name="deelnemers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="overleg_deelnames",
        verbose_name=_("gebruiker"),
    )
    naam = models.CharField(_("naam"), max_length=200)
    rol = models.CharField(_("rol in het overleg"), max_length=20, choices=DeelnemerRol.choices)
    organisatie = models.CharField(_("organisatie"), max_length=200, blank=True)
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("school")
    )
    gemeente = models.ForeignKey(
        Gemeente,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gemeente"),
    )
    aanwezig = models.BooleanField(_("aanwezig"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("deelnemer overleg")
        verbose_name_plural = _("deelnemers overleg")
        ordering = ["pk"]

    def __str__(self):
        return f"{self.naam} ({self.get_rol_display()})"


class Agendapunt(models.Model):
    """One case on the agenda: its question, minutes, whether the parents were there, and the consent the
    discussion rests on (or `anoniem` where the kind allows an anonymised discussion)."""

    overleg = models.ForeignKey(Overleg, on_delete=models.CASCADE, related_name="agendapunten")
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=1)
    # each route record (TLV, thuiszitter, screening, schakel, loket) is one-to-one with its case: the case
    # names the record the item is about
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="agendapunten", verbose_name=_("casus")
    )
    vraag = models.TextField(_("vraag aan het overleg"), blank=True)
    anoniem = models.BooleanField(_("geanonimiseerd besproken"), default=False)
    consent = models.ForeignKey(
        Consent,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("toestemming"),
    )
    consent_checked_at = models.DateTimeField(_("toestemming gecontroleerd"), null=True, blank=True)
    ouders_aanwezig = models.BooleanField(_("ouders aanwezig"), null=True, blank=True)
    verslag = models.TextField(_("verslag"), blank=True)
    terugkoppeling = models.ForeignKey(
        Deadline,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("termijn terugkoppeling"),
    )
    terugkoppeling_op = models.DateField(_("terugkoppeling op"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agendapunt")
        verbose_name_plural = _("agendapunten")
        ordering = ["volgorde", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["overleg", "case"], name="agendapunt_overleg_case_uniq")
        ]

    def __str__(self):
        return f"{self.overleg}: {self.case}"


class AfspraakStatus(models.TextChoices):
    OPEN = "open", _("Open")
    UITGEVOERD = "uitgevoerd", _("Uitgevoerd")
    VERVALLEN = "vervallen", _("Vervallen")


class OverlegAfspraak(models.Model):
    """An agreement made about one case: what, who (a user, or a role in an organisation), by when. Its
    work item sits in the owner's inbox; completing it records the outcome here."""

    agendapunt = models.ForeignKey(Agendapunt, on_delete=models.CASCADE, related_name="afspraken")
    omschrijving = models.CharField(_("afspraak"), max_length=300)
    eigenaar = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="overleg_afspraken",
        verbose_name=_("eigenaar"),
    )
    eigenaar_rol = models.CharField(_("rol eigenaar"), max_length=30, choices=Role.choices, blank=True)
    eigenaar_school = models.ForeignKey(
        School, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("school")
    )
    eigenaar_gemeente = models.ForeignKey(
        Gemeente,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gemeente"),
    )
    uiterlijk = models.DateField(_("uiterlijk"))
    status = models.CharField(
        _("status"), max_length=12, choices=AfspraakStatus.choices, default=AfspraakStatus.OPEN
    )
    work_item = models.OneToOneField(
        WorkItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="overleg_afspraak"
    )
    uitkomst = models.TextField(_("uitkomst"), blank=True)
    afgerond_op = models.DateTimeField(null=True, blank=True)
    afgerond_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("afspraak uit overleg")
        verbose_name_plural = _("afspraken uit overleg")
        ordering = ["uiterlijk", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(eigenaar__isnull=False) | ~models.Q(eigenaar_rol=""),
                name="overlegafspraak_has_owner",
            )
        ]

    def __str__(self):
        return f"{self.omschrijving} ({self.uiterlijk:%d-%m-%Y})"

    @property
    def case(self):
        return self.agendapunt.case

    @property
    def eigenaar_label(self) -> str:
        """Who owns it, in words: the person, or the role and its organisation."""
        if self.eigenaar_id:
            return self.eigenaar.get_full_name() or self.eigenaar.username
        org = self.eigenaar_school or self.eigenaar_gemeente
        role = Role(self.eigenaar_rol).label if self.eigenaar_rol in Role.values else self.eigenaar_rol
        return f"{role} ({org})" if org else str(role)
