"""Organisations, pupils and people: the tenants and parties of every route."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases import person_numbers
from cases.roles import Role
from cases.validators import validate_bsn, validate_onderwijsnummer

from .schoolvakanties import Regio


class Swv(models.Model):
    """Samenwerkingsverband passend onderwijs: the tenant of everything."""

    class Sector(models.TextChoices):
        PO = "po", _("Primair onderwijs")
        VO = "vo", _("Voortgezet onderwijs")

    class DecisionMode(models.TextChoices):
        CVA = "cva", _("CvA: een coördinator beoordeelt en adviseert")
        BTO = "bto", _("BTO: ten minste twee leden beoordelen, daarna de vergadering")

    name = models.CharField(_("naam"), max_length=200)
    code = models.CharField(_("code"), max_length=20, unique=True, help_text=_("bijv. PO 22-02"))
    sector = models.CharField(_("sector"), max_length=2, choices=Sector.choices)
    decision_mode = models.CharField(
        _("beslismodel"), max_length=3, choices=DecisionMode.choices, default=DecisionMode.CVA
    )
    # TLV duration rules (per SWV, defaults from the law and the seeds)
    tlv_min_months_vo = models.PositiveSmallIntegerField(_("minimale duur TLV VO (maanden)"), default=12)
    tlv_max_months_young = models.PositiveSmallIntegerField(
        _("maximale duur TLV voor leerlingen van 4 tot 8 jaar (maanden)"), default=24
    )
    tlv_max_months = models.PositiveSmallIntegerField(_("maximale duur TLV (maanden)"), default=96)
    # bezwaar: which commissie advises, and whether a beslissing op bezwaar needs its advice
    bezwaar_commissie = models.CharField(
        _("bezwaaradviescommissie"),
        max_length=10,
        choices=[("lbt", _("LBT (Onderwijsgeschillen)")), ("eigen", _("Eigen commissie"))],
        default="lbt",
    )
    bezwaar_advies_verplicht = models.BooleanField(
        _("beslissing op bezwaar alleen na advies van de commissie"), default=True
    )
    tlv_complex_toegestaan = models.BooleanField(
        _("complexe casus: externe deskundige, het bestuur (voorzitter) beslist"), default=True
    )
    # TLV praktijkonderwijs: the SWV's criteria; empty = the national defaults in cases.terms
    pro_criteria = models.JSONField(
        _("criteria praktijkonderwijs"),
        default=dict,
        blank=True,
        help_text=_('bijv. {"iq_min": 55, "iq_max": 80, "min_achterstand": 0.5, "min_domeinen": 2}'),
    )
    # the profile's decision rules (cases/profiles.py): how many CvA/BTO members review, who signs a besluit
    # under mandate (a role, or only the named users), whether advices come as tasks or as documents
    reviewers = models.PositiveSmallIntegerField(_("aantal beoordelaars CvA/BTO"), default=1)
    mandate_role = models.CharField(
        _("besluit onder mandaat: rol"),
        max_length=30,
        choices=[
            (Role.BESLISSER, _("Beslisser (gemandateerd)")),
            (Role.CVA_VOORZITTER, _("Voorzitter CvA/BTO")),
        ],
        default=Role.BESLISSER,
    )
    mandate_people = models.JSONField(
        _("besluit onder mandaat: alleen deze gebruikers"), default=list, blank=True
    )
    advice_mode = models.CharField(
        _("deskundigenadviezen als"),
        max_length=10,
        choices=[
            ("taken", _("taken voor de deskundigen van het samenwerkingsverband")),
            ("documenten", _("documenten die de school toevoegt; de CvA/BTO toetst ze")),
        ],
        default="taken",
    )
    routes_off = models.JSONField(_("routes die uit staan"), default=list, blank=True)
    case_tables_off = models.JSONField(_("soorten casustafels die uit staan"), default=list, blank=True)
    required_documents = models.JSONField(
        _("verplichte documenten bij indienen"),
        default=list,
        blank=True,
        help_text=_("Lijst van documentsoorten; 'opp|groeidocument' betekent één van beide."),
    )
    # the one window of 'bijna verlopen' (amber) in every list: see cases/lights.py
    bijna_verlopen_dagen = models.PositiveSmallIntegerField(
        _("bijna verlopen: dagen vóór de uiterste datum"),
        default=7,
        validators=[MaxValueValidator(90)],
        help_text=_("Een taak of termijn staat op oranje als de uiterste datum binnen zoveel dagen valt."),
    )
    # the region of the schoolvakanties, for terms the SWV counts in school weeks or school days
    regio = models.CharField(
        _("regio schoolvakanties"),
        max_length=6,
        choices=Regio.choices,
        blank=True,
        help_text=_("Nodig voor termijnen in schoolweken of schooldagen."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("samenwerkingsverband")
        verbose_name_plural = _("samenwerkingsverbanden")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.code})"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        from cases import lights

        lights.forget(self.pk)  # a changed 'bijna verlopen' window counts at once


class Bestuur(models.Model):
    name = models.CharField(_("naam"), max_length=200)
    swv = models.ForeignKey(Swv, on_delete=models.PROTECT, related_name="besturen")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("schoolbestuur")
        verbose_name_plural = _("schoolbesturen")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Gemeente(models.Model):
    name = models.CharField(_("naam"), max_length=200)
    code = models.CharField(_("CBS-code"), max_length=10, unique=True)
    swvs = models.ManyToManyField(Swv, related_name="gemeenten", blank=True)
    history = HistoricalRecords(m2m_fields=[])

    class Meta:
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")
        ordering = ["name"]

    def __str__(self):
        return self.name


class School(models.Model):
    class Soort(models.TextChoices):
        REGULIER = "regulier", _("Regulier")
        SBO = "sbo", _("Speciaal basisonderwijs (SBO)")
        SO = "so", _("Speciaal onderwijs (SO)")
        VSO = "vso", _("Voortgezet speciaal onderwijs (VSO)")
        PRO = "pro", _("Praktijkonderwijs")

    name = models.CharField(_("naam"), max_length=200)
    brin = models.CharField(_("BRIN"), max_length=4)
    vestiging = models.CharField(_("vestiging"), max_length=2, default="00")
    soort = models.CharField(_("soort"), max_length=10, choices=Soort.choices)
    cluster = models.PositiveSmallIntegerField(_("cluster (SO/VSO)"), null=True, blank=True)
    bestuur = models.ForeignKey(Bestuur, on_delete=models.PROTECT, related_name="scholen")
    swv = models.ForeignKey(Swv, on_delete=models.PROTECT, related_name="scholen")
    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="scholen", null=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("scholen")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["brin", "vestiging"], name="school_brin_vestiging_uniq"),
        ]

    def __str__(self):
        return f"{self.name} ({self.brin}{self.vestiging})"


class Leerling(models.Model):
    swv = models.ForeignKey(Swv, on_delete=models.PROTECT, related_name="leerlingen")
    voornaam = models.CharField(_("voornaam"), max_length=100)
    achternaam = models.CharField(_("achternaam"), max_length=150)
    geboortedatum = models.DateField(_("geboortedatum"))
    bsn = models.CharField(_("BSN"), max_length=9, blank=True, validators=[validate_bsn])
    onderwijsnummer = models.CharField(
        _("onderwijsnummer"), max_length=9, blank=True, validators=[validate_onderwijsnummer]
    )
    woongemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="leerlingen")
    stamschool = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="leerlingen", null=True, blank=True
    )
    huidige_plaatsing = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="geplaatste_leerlingen", null=True, blank=True
    )
    # the year group as the school's administration has it: groep 1-8 in PO, leerjaar 1-6 in VO
    groep = models.PositiveSmallIntegerField(
        _("groep of leerjaar"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(8)],
        help_text=_("Groep 1 tot en met 8 (PO) of leerjaar 1 tot en met 6 (VO)."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("leerling")
        verbose_name_plural = _("leerlingen")
        ordering = ["achternaam", "voornaam"]
        indexes = [models.Index(fields=["swv", "achternaam"])]
        # one pupil per BSN and per onderwijsnummer within an SWV (either may be empty): two people
        # registering the same pupil at once end with one row (cases.services.leerlingen)
        constraints = [
            models.UniqueConstraint(
                fields=["swv", "bsn"],
                condition=~models.Q(bsn=""),
                name="leerling_swv_bsn_uniq",
                violation_error_message=_(
                    "Er staat al een leerling met dit BSN in dit samenwerkingsverband."
                ),
            ),
            models.UniqueConstraint(
                fields=["swv", "onderwijsnummer"],
                condition=~models.Q(onderwijsnummer=""),
                name="leerling_swv_onderwijsnummer_uniq",
                violation_error_message=_(
                    "Er staat al een leerling met dit onderwijsnummer in dit samenwerkingsverband."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.voornaam} {self.achternaam}"

    def clean(self):
        if not self.bsn and not self.onderwijsnummer:
            raise ValidationError(_("Vul een BSN of een onderwijsnummer in."), code="leerling-id")

    @property
    def bsn_masked(self) -> str:
        return person_numbers.mask(self.bsn)

    def age_on(self, day) -> int:
        b = self.geboortedatum
        return day.year - b.year - ((day.month, day.day) < (b.month, b.day))


class Ouder(models.Model):
    """An ouder or verzorger of the pupil: a party to every route. Those with gezag give consent and, when
    `ontvangt_brieven`, receive the letters; separated parents are two rows that each receive them."""

    class Relatie(models.TextChoices):
        OUDER = "ouder", _("Ouder")
        MOEDER = "moeder", _("Moeder")
        VADER = "vader", _("Vader")
        VOOGD = "voogd", _("Voogd")
        PLEEGOUDER = "pleegouder", _("Pleegouder")
        VERZORGER = "verzorger", _("Verzorger")
        OVERIG = "overig", _("Anders")

    class Taal(models.TextChoices):
        NL = "nl", _("Nederlands")
        EN = "en", _("Engels")
        DE = "de", _("Duits")
        FR = "fr", _("Frans")
        PL = "pl", _("Pools")
        TR = "tr", _("Turks")
        AR = "ar", _("Arabisch")
        UK = "uk", _("Oekraïens")
        OVERIG = "overig", _("Andere taal")

    leerling = models.ForeignKey(Leerling, on_delete=models.CASCADE, related_name="ouders")
    naam = models.CharField(_("naam"), max_length=200)
    relatie = models.CharField(_("relatie"), max_length=50, choices=Relatie.choices, default=Relatie.OUDER)
    gezag = models.BooleanField(_("heeft gezag"), default=True)
    email = models.EmailField(_("e-mail"), blank=True)
    telefoon = models.CharField(_("telefoon"), max_length=30, blank=True)
    adres = models.CharField(_("adres"), max_length=300, blank=True)
    voorkeurstaal = models.CharField(_("voorkeurstaal"), max_length=10, choices=Taal.choices, default=Taal.NL)
    ontvangt_brieven = models.BooleanField(_("ontvangt brieven"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ouder/verzorger")
        verbose_name_plural = _("ouders/verzorgers")
        ordering = ["pk"]

    def __str__(self):
        return self.naam


class Membership(models.Model):
    """Ties a user to an organisation with a role. Scope: the SWV, and a school or gemeente."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("rol"), max_length=30, choices=Role.choices)
    swv = models.ForeignKey(Swv, on_delete=models.CASCADE, related_name="memberships")
    school = models.ForeignKey(School, on_delete=models.CASCADE, null=True, blank=True)
    gemeente = models.ForeignKey(Gemeente, on_delete=models.CASCADE, null=True, blank=True)
    bestuur = models.ForeignKey(Bestuur, on_delete=models.CASCADE, null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "swv", "school", "gemeente", "bestuur"],
                name="membership_uniq",
                nulls_distinct=False,
            ),
        ]

    def __str__(self):
        org = self.school or self.gemeente or self.bestuur or self.swv
        return f"{self.user} — {self.get_role_display()} — {org}"

    def clean(self):
        if self.role == Role.SCHOOL and not self.school_id:
            raise ValidationError(_("Een schoolrol hoort bij een school."))
        if self.role == Role.LEERPLICHTAMBTENAAR and not self.gemeente_id:
            raise ValidationError(_("Een leerplichtambtenaar hoort bij een gemeente."))
        if self.role == Role.SCHOOLBESTUUR and not self.bestuur_id:
            raise ValidationError(_("Een rol schoolbestuur hoort bij een schoolbestuur."))
        # the scope is one SWV: a school or gemeente outside it would open another SWV's pupils
        if self.school_id and self.swv_id and self.school.swv_id != self.swv_id:
            raise ValidationError(
                _("Deze school hoort niet bij het samenwerkingsverband van het lidmaatschap.")
            )
        if self.gemeente_id and self.swv_id and not self.gemeente.swvs.filter(pk=self.swv_id).exists():
            raise ValidationError(
                _("Deze gemeente hoort niet bij het samenwerkingsverband van het lidmaatschap.")
            )
        if self.bestuur_id and self.swv_id and self.bestuur.swv_id != self.swv_id:
            raise ValidationError(
                _("Dit schoolbestuur hoort niet bij het samenwerkingsverband van het lidmaatschap.")
            )


class Deskundige(models.Model):
    class Discipline(models.TextChoices):
        ORTHOPEDAGOOG = "orthopedagoog", _("Orthopedagoog")
        PSYCHOLOOG = "psycholoog", _("Psycholoog")
        KINDERPSYCHIATER = "kinderpsychiater", _("Kinderpsychiater")
        MAATSCHAPPELIJK_WERKER = "maatschappelijk_werker", _("Maatschappelijk werker")
        ARTS = "arts", _("(Jeugd)arts")
        PEDAGOOG = "pedagoog", _("Pedagoog")

    # who may give which advice is the SWV's rule (cases.profiles; the law's minimum by default)

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="deskundige", null=True, blank=True
    )
    naam = models.CharField(_("naam"), max_length=200)
    discipline = models.CharField(_("discipline"), max_length=30, choices=Discipline.choices)
    swv = models.ForeignKey(Swv, on_delete=models.PROTECT, related_name="deskundigen")
    organisatie = models.CharField(_("organisatie"), max_length=200, blank=True)
    school = models.ForeignKey(
        School,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deskundigen",
        help_text=_("De school waarvoor de deskundige werkt, als die er is (onafhankelijkheid)."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("deskundige")
        verbose_name_plural = _("deskundigen")

    def __str__(self):
        return f"{self.naam} ({self.get_discipline_display()})"
