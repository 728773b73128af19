"""The loket: every support request a school brings to the SWV (DOMAIN.md "The loket").

Which kinds of request an SWV offers is its own configuration (`AanvraagType`, per SWV, with history and
a beheer page): seed 003 offers no individual arrangements (003:L725), seed 002 does (002:L852, L1003).

The route record `Ondersteuningsaanvraag`: the school prepares a request for a pupil (its question, what it
tried, the documents the type requires, the ouders' consent in the register) and submits it → the loket
triages (complete? which type? urgent?) within a term → the consulent assesses and grants (arrangement
kind, hours or budget, provider, period, goals) or refuses with a motivation (a besluit letter with a
bezwaarclausule to the ouders) → a grant over the budget waits for a second approval by another person →
mid-term and end evaluation tasks on set dates → afgesloten. An extension is a new request linked to the
previous one (`vorige`).

`Budget`: an hour pool or a sum per SWV, school year and arrangement kind, optionally per school.

The state field is protected: it changes only through the @transition methods below, called only by
cases/services/loket.py.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from .case import Case, DocumentKind
from .organisations import School, Swv
from .tlv import _perm


class ArrangementSoort(models.TextChoices):
    AMBULANTE_BEGELEIDING = "ambulante_begeleiding", _("Ambulante begeleiding")
    INDIVIDUEEL = "individueel", _("Individueel arrangement")
    BOVENSCHOOLS = "bovenschools", _("Bovenschools of regionaal arrangement")
    ONDERWIJS_ZORG = "onderwijs_zorg", _("Onderwijs-zorgarrangement")
    TRAJECT_OP_MAAT = "traject_op_maat", _("Traject op maat / OPDC")
    LWOO = "lwoo", _("Leerwegondersteunend onderwijs (LWOO)")
    PRO = "pro", _("Praktijkonderwijs (PrO)")


# the request kinds decided against the SWV's own criteria (the profile's `loket` section)
CRITERIA_SOORTEN = (ArrangementSoort.LWOO, ArrangementSoort.PRO)


class Toetsdomein(models.TextChoices):
    TECHNISCH_LEZEN = "technisch_lezen", _("Technisch lezen")
    BEGRIJPEND_LEZEN = "begrijpend_lezen", _("Begrijpend lezen")
    SPELLEN = "spellen", _("Spellen")
    INZICHTELIJK_REKENEN = "inzichtelijk_rekenen", _("Inzichtelijk rekenen")


class Eenheid(models.TextChoices):
    UREN = "uren", _("Uren")
    BUDGET = "budget", _("Budget (euro)")
    BESLUIT = "besluit", _("Alleen een besluit (geen uren of budget)")


class AanvraagType(models.Model):
    """A kind of support request one SWV offers at its loket: its own configuration data."""

    swv = models.ForeignKey(Swv, on_delete=models.CASCADE, related_name="aanvraagtypen")
    code = models.SlugField(_("code"), max_length=40)
    naam = models.CharField(_("naam"), max_length=120)
    arrangement_soort = models.CharField(
        _("soort arrangement"), max_length=30, choices=ArrangementSoort.choices
    )
    eenheid = models.CharField(_("toegewezen in"), max_length=10, choices=Eenheid.choices)
    vereiste_documenten = models.JSONField(
        _("vereiste documenten"),
        default=list,
        blank=True,
        help_text=_(
            'Documentsoorten die bij het indienen aanwezig moeten zijn, bijv. ["opp", "interventies"]'
        ),
    )
    actief = models.BooleanField(_("aangeboden"), default=True)
    toelichting = models.TextField(_("toelichting voor scholen"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("soort ondersteuningsaanvraag")
        verbose_name_plural = _("soorten ondersteuningsaanvragen")
        ordering = ["swv", "naam"]
        constraints = [models.UniqueConstraint(fields=["swv", "code"], name="aanvraagtype_swv_code_uniq")]

    def __str__(self):
        return f"{self.naam} ({self.swv.code})"

    def clean(self):
        from django.core.exceptions import ValidationError

        unknown = [k for k in self.vereiste_documenten or [] if k not in DocumentKind.values]
        if unknown or not isinstance(self.vereiste_documenten, list):
            raise ValidationError(
                {
                    "vereiste_documenten": _("Onbekende documentsoort: %(k)s")
                    % {"k": ", ".join(map(str, unknown))}
                }
            )

    @property
    def vereiste_documenten_labels(self) -> list[str]:
        labels = dict(DocumentKind.choices)
        return [str(labels.get(k, k)) for k in self.vereiste_documenten or []]


class Budget(models.Model):
    """An hour pool or a sum for one arrangement kind in one school year (1 August to 31 July), for the whole
    SWV or, where the SWV distributes it, for one school."""

    swv = models.ForeignKey(Swv, on_delete=models.CASCADE, related_name="loket_budgetten")
    schooljaar = models.PositiveSmallIntegerField(
        _("schooljaar (beginjaar)"), help_text=_("2026 = schooljaar 2026-2027")
    )
    arrangement_soort = models.CharField(
        _("soort arrangement"), max_length=30, choices=ArrangementSoort.choices
    )
    school = models.ForeignKey(
        School,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("school (leeg = het hele samenwerkingsverband)"),
    )
    uren = models.PositiveIntegerField(_("uren"), null=True, blank=True)
    bedrag = models.DecimalField(_("bedrag (euro)"), max_digits=12, decimal_places=2, null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budget arrangementen")
        verbose_name_plural = _("budgetten arrangementen")
        ordering = ["swv", "-schooljaar", "arrangement_soort"]
        constraints = [
            models.UniqueConstraint(
                fields=["swv", "schooljaar", "arrangement_soort", "school"],
                condition=models.Q(school__isnull=False),
                name="loket_budget_school_uniq",
            ),
            models.UniqueConstraint(
                fields=["swv", "schooljaar", "arrangement_soort"],
                condition=models.Q(school__isnull=True),
                name="loket_budget_swv_uniq",
            ),
        ]

    def __str__(self):
        return (
            f"{self.swv.code} {self.schooljaar}-{self.schooljaar + 1} {self.get_arrangement_soort_display()}"
        )


class AanvraagStatus(models.TextChoices):
    CONCEPT = "concept", _("Concept (school)")
    INGEDIEND = "ingediend", _("Ingediend (triage door het loket)")
    IN_BEHANDELING = "in_behandeling", _("In behandeling (consulent)")
    TWEEDE_AKKOORD = "tweede_akkoord", _("Wacht op tweede akkoord (boven budget)")
    TOEGEWEZEN = "toegewezen", _("Toegewezen (loopt)")
    AFGEWEZEN = "afgewezen", _("Afgewezen")
    AFGESLOTEN = "afgesloten", _("Afgesloten")


class Besluit(models.TextChoices):
    TOEWIJZEN = "toewijzen", _("Toewijzen")
    AFWIJZEN = "afwijzen", _("Afwijzen")


class EvaluatieMoment(models.TextChoices):
    TUSSENTIJDS = "tussentijds", _("Tussentijdse evaluatie")
    EIND = "eind", _("Eindevaluatie")


class DoelenBereikt(models.TextChoices):
    JA = "ja", _("Doelen bereikt")
    DEELS = "deels", _("Doelen deels bereikt")
    NEE = "nee", _("Doelen niet bereikt")


class Vervolg(models.TextChoices):
    DOORGAAN = "doorgaan", _("Doorgaan zoals toegewezen")
    VERLENGEN = "verlengen", _("Verlengen (nieuwe aanvraag)")
    STOPPEN = "stoppen", _("Stoppen")
    TLV = "tlv", _("Opschalen naar een TLV")


OPEN_STATUSES = (
    AanvraagStatus.CONCEPT,
    AanvraagStatus.INGEDIEND,
    AanvraagStatus.IN_BEHANDELING,
    AanvraagStatus.TWEEDE_AKKOORD,
)
CLOSED_STATUSES = (AanvraagStatus.AFGEWEZEN, AanvraagStatus.AFGESLOTEN)


def heeft_toestemming(aanvraag) -> bool:
    return aanvraag.toestemming_op is not None


class Ondersteuningsaanvraag(models.Model):
    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="ondersteuningsaanvraag")
    status = FSMField(
        _("status"), default=AanvraagStatus.CONCEPT, choices=AanvraagStatus.choices, protected=True
    )
    process = models.ForeignKey(
        "viewflow.Process", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # an extension points to the request it extends
    vorige = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="verlengingen"
    )
    aanvraag_type = models.ForeignKey(
        AanvraagType, on_delete=models.PROTECT, related_name="aanvragen", verbose_name=_("soort aanvraag")
    )
    # the school's request
    vraag = models.TextField(_("hulpvraag"))
    ingezet = models.TextField(_("wat de school al heeft ingezet"))
    toestemming_op = models.DateField(_("toestemming ouders gegeven op"), null=True, blank=True)
    aangemaakt_op = models.DateField(_("aangemaakt op"))
    ingediend_op = models.DateField(_("ingediend op"), null=True, blank=True)
    # triage by the loket
    urgent = models.BooleanField(_("urgent"), default=False)
    triage_toelichting = models.TextField(_("toelichting triage"), blank=True)
    getrieerd_op = models.DateTimeField(null=True, blank=True)
    # assessment and decision by the consulent
    beoordeling = models.TextField(_("beoordeling"), blank=True)
    besluit = models.CharField(_("besluit"), max_length=10, choices=Besluit.choices, blank=True)
    arrangement_soort = models.CharField(
        _("soort arrangement"), max_length=30, choices=ArrangementSoort.choices, blank=True
    )
    uren = models.PositiveIntegerField(_("uren"), null=True, blank=True)
    bedrag = models.DecimalField(_("bedrag (euro)"), max_digits=10, decimal_places=2, null=True, blank=True)
    aanbieder = models.CharField(_("aanbieder"), max_length=200, blank=True)
    startdatum = models.DateField(_("startdatum"), null=True, blank=True)
    einddatum = models.DateField(_("einddatum"), null=True, blank=True)
    tussenevaluatie_op = models.DateField(_("tussentijdse evaluatie op"), null=True, blank=True)
    doelen = models.TextField(_("doelen"), blank=True)
    motivering = models.TextField(_("motivering"), blank=True)
    besloten_op = models.DateTimeField(null=True, blank=True)
    besloten_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # over budget: a second approval by another person
    boven_budget = models.BooleanField(_("boven budget"), default=False)
    budget_toelichting = models.TextField(blank=True)
    tweede_akkoord_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    tweede_akkoord_op = models.DateTimeField(null=True, blank=True)
    afgesloten_op = models.DateTimeField(null=True, blank=True)
    # the arrangement's run: 1, one more at every reopening (each run has its own evaluations)
    ronde = models.PositiveSmallIntegerField(_("ronde"), default=1)
    # LWOO / PrO: the test results ({"uitslagen": [{"domein", "instrument", "dle"}], "iq": int|None}) and
    # the SWV's criteria they were assessed against (a copy; cases/loket_criteria.assess renders the lines)
    toetsgegevens = models.JSONField(_("toetsgegevens"), default=dict, blank=True)
    criteria_toets = models.JSONField(_("criteria waaraan getoetst"), default=dict, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ondersteuningsaanvraag")
        verbose_name_plural = _("ondersteuningsaanvragen")
        indexes = [
            models.Index(fields=["status", "besloten_op"]),
            models.Index(fields=["arrangement_soort", "startdatum"]),
        ]

    def __str__(self):
        return f"Ondersteuningsaanvraag {self.case.reference}"

    @property
    def is_open(self) -> bool:
        return self.status not in CLOSED_STATUSES

    @transition(
        field=status,
        source=AanvraagStatus.CONCEPT,
        target=AanvraagStatus.INGEDIEND,
        conditions=[heeft_toestemming],
        permission=_perm("loket.submit"),
        custom={"label": _("Indienen")},
    )
    def indienen(self, *, on):
        self.ingediend_op = on

    @transition(
        field=status,
        source=AanvraagStatus.INGEDIEND,
        target=AanvraagStatus.IN_BEHANDELING,
        permission=_perm("loket.triage"),
        custom={"label": _("Triage: in behandeling nemen")},
    )
    def in_behandeling_nemen(self, *, at):
        self.getrieerd_op = at

    @transition(
        field=status,
        source=AanvraagStatus.INGEDIEND,
        target=AanvraagStatus.CONCEPT,
        permission=_perm("loket.triage"),
        custom={"label": _("Triage: terug naar de school (onvolledig)")},
    )
    def terug_naar_school(self, *, at):
        self.getrieerd_op = at
        self.ingediend_op = None

    @transition(
        field=status,
        source=AanvraagStatus.IN_BEHANDELING,
        target=AanvraagStatus.TOEGEWEZEN,
        permission=_perm("loket.decide"),
        custom={"label": _("Toewijzen")},
    )
    def toewijzen(self, *, at):
        self.besloten_op = at

    @transition(
        field=status,
        source=AanvraagStatus.IN_BEHANDELING,
        target=AanvraagStatus.TWEEDE_AKKOORD,
        permission=_perm("loket.decide"),
        custom={"label": _("Toewijzen boven budget (tweede akkoord nodig)")},
    )
    def toewijzen_boven_budget(self, *, at):
        self.besloten_op = at

    @transition(
        field=status,
        source=AanvraagStatus.TWEEDE_AKKOORD,
        target=AanvraagStatus.TOEGEWEZEN,
        permission=_perm("loket.approve"),
        custom={"label": _("Tweede akkoord geven")},
    )
    def tweede_akkoord(self, *, at, approver):
        self.tweede_akkoord_op = at
        self.tweede_akkoord_door = approver

    @transition(
        field=status,
        source=AanvraagStatus.TWEEDE_AKKOORD,
        target=AanvraagStatus.IN_BEHANDELING,
        permission=_perm("loket.approve"),
        custom={"label": _("Tweede akkoord geweigerd")},
    )
    def tweede_akkoord_weigeren(self):
        self.besloten_op = None

    @transition(
        field=status,
        source=AanvraagStatus.IN_BEHANDELING,
        target=AanvraagStatus.AFGEWEZEN,
        permission=_perm("loket.decide"),
        custom={"label": _("Afwijzen")},
    )
    def afwijzen(self, *, at):
        self.besloten_op = at
        self.afgesloten_op = at

    @transition(
        field=status,
        source=AanvraagStatus.TOEGEWEZEN,
        target=AanvraagStatus.AFGESLOTEN,
        permission=_perm("loket.evaluate"),
        custom={"label": _("Afsluiten na de eindevaluatie")},
    )
    def afsluiten(self, *, at):
        self.afgesloten_op = at

    @transition(
        field=status,
        source=AanvraagStatus.AFGESLOTEN,
        target=AanvraagStatus.TOEGEWEZEN,
        permission=_perm("loket.reopen"),
        custom={"label": _("Heropenen")},
    )
    def heropenen(self, *, einddatum, tussenevaluatie_op=None):
        """The arrangement runs again as granted (same grant, same budget) until a new end date, with its
        evaluations anew. A refusal (afgewezen) is a besluit and is not reopened: it changes by bezwaar."""
        self.afgesloten_op = None
        self.ronde += 1
        self.einddatum = einddatum
        self.tussenevaluatie_op = tussenevaluatie_op


class LoketRegels(models.Model):
    """The loket section of an SWV's profile (cases/profiles.py): the criteria it decides LWOO and PrO on
    where it runs its own procedure (empty = it does not). Which request kinds it offers are the
    `AanvraagType.actief` flags; the profile file shows both."""

    swv = models.OneToOneField(Swv, on_delete=models.CASCADE, related_name="loket_regels")
    lwoo = models.JSONField(_("criteria LWOO"), null=True, blank=True)
    pro = models.JSONField(_("criteria PrO"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("loketregels")
        verbose_name_plural = _("loketregels")

    def __str__(self):
        return f"Loketregels {self.swv.code}"


class Evaluatie(models.Model):
    """One evaluation of a granted arrangement: did it reach its goals, and what next."""

    aanvraag = models.ForeignKey(Ondersteuningsaanvraag, on_delete=models.PROTECT, related_name="evaluaties")
    moment = models.CharField(_("moment"), max_length=12, choices=EvaluatieMoment.choices)
    ronde = models.PositiveSmallIntegerField(_("ronde"), default=1)  # the arrangement's run it belongs to
    doelen_bereikt = models.CharField(_("doelen bereikt"), max_length=8, choices=DoelenBereikt.choices)
    vervolg = models.CharField(_("vervolg"), max_length=12, choices=Vervolg.choices)
    toelichting = models.TextField(_("toelichting"))
    uren_gebruikt = models.PositiveIntegerField(_("uren gebruikt"), null=True, blank=True)
    bedrag_gebruikt = models.DecimalField(
        _("bedrag gebruikt (euro)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evaluatie arrangement")
        verbose_name_plural = _("evaluaties arrangementen")
        ordering = ["at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["aanvraag", "ronde", "moment"], name="loket_evaluatie_ronde_moment_uniq"
            ),
        ]

    def __str__(self):
        return f"{self.get_moment_display()} {self.aanvraag.case.reference}"


# --- advice and consultation questions ------------------------------------------------------------------


class AdviesvraagSoort(models.TextChoices):
    ADVIES = "advies", _("Adviesvraag")
    CONSULTATIE = "consultatie", _("Consultatievraag")


class Betreft(models.TextChoices):
    LEERLING = "leerling", _("Eén leerling")
    GROEP = "groep", _("Een groep of klas")
    SCHOOL = "school", _("De hele school")


class AdviesvraagStatus(models.TextChoices):
    GESTELD = "gesteld", _("Gesteld (wacht op antwoord)")
    BEANTWOORD = "beantwoord", _("Beantwoord")
    OMGEZET = "omgezet", _("Omgezet in een ondersteuningsaanvraag")


class Adviesvraag(models.Model):
    """A school's advice or consultation question to the loket, answered within a term.

    Its own record, not a Case: a Case is one pupil on one route, and every policy on cases (the leerplicht
    officer's woongemeente, the ouders' portal, the pupil access log, the destruction lists) reads that
    pupil. An anonymous question has no pupil at all (`leerling` empty) until the ouders consent; then the
    school converts it into a full Ondersteuningsaanvraag (which needs the consent in the register), and the
    question points to it. The state field is protected: cases/services/loket.py moves it."""

    reference = models.CharField(_("kenmerk"), max_length=30, unique=True)
    swv = models.ForeignKey(Swv, on_delete=models.PROTECT, related_name="adviesvragen")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="adviesvragen")
    soort = models.CharField(_("soort vraag"), max_length=12, choices=AdviesvraagSoort.choices)
    # a question about one pupil (named or anonymous), a group or class, or the whole school
    betreft = models.CharField(_("betreft"), max_length=10, choices=Betreft.choices, default=Betreft.LEERLING)
    groep = models.CharField(_("groep of klas"), max_length=100, blank=True)
    leerling = models.ForeignKey(
        "cases.Leerling",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="adviesvragen",
        verbose_name=_("leerling (leeg = anoniem)"),
    )
    vraag = models.TextField(_("vraag"))
    status = FSMField(
        _("status"), default=AdviesvraagStatus.GESTELD, choices=AdviesvraagStatus.choices, protected=True
    )
    gesteld_op = models.DateField(_("gesteld op"))
    gesteld_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # the answer term (cases/terms.py "loket_adviestermijn"): its last day and its explanation
    antwoord_uiterlijk = models.DateField(_("antwoord uiterlijk"))
    termijn_uitleg = models.TextField(_("uitleg termijn"), blank=True)
    antwoord = models.TextField(_("antwoord"), blank=True)
    beantwoord_op = models.DateTimeField(_("beantwoord op"), null=True, blank=True)
    beantwoord_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    aanvraag = models.OneToOneField(
        Ondersteuningsaanvraag,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="adviesvraag",
        verbose_name=_("omgezet in aanvraag"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("adviesvraag")
        verbose_name_plural = _("adviesvragen")
        ordering = ["-gesteld_op", "-pk"]
        indexes = [models.Index(fields=["swv", "status", "antwoord_uiterlijk"])]

    def __str__(self):
        return self.reference

    @property
    def anoniem(self) -> bool:
        return self.leerling_id is None

    @property
    def te_laat(self) -> bool:
        """Answered after its term, or still unanswered after it."""
        from django.utils import timezone

        from cases import clock

        if self.beantwoord_op is not None:
            return timezone.localdate(self.beantwoord_op) > self.antwoord_uiterlijk
        return self.status == AdviesvraagStatus.GESTELD and clock.today() > self.antwoord_uiterlijk

    @transition(field=status, source=AdviesvraagStatus.GESTELD, target=AdviesvraagStatus.BEANTWOORD)
    def beantwoorden(self, *, at, by, antwoord):
        self.antwoord = antwoord
        self.beantwoord_op = at
        self.beantwoord_door = by

    @transition(
        field=status,
        source=[AdviesvraagStatus.GESTELD, AdviesvraagStatus.BEANTWOORD],
        target=AdviesvraagStatus.OMGEZET,
    )
    def omzetten(self, *, aanvraag):
        self.aanvraag = aanvraag
