"""The TLV after its besluit: bekendmaking, the TLV in force, bezwaar and beroep.

TlvAanvraag keeps the legal state of the aanvraag up to the besluit. What happens afterwards lives here:
- `Bekendmaking`: a letter (besluit, afwijzing, intrekking, beslissing op bezwaar) sent to the ouders and
  the school, with the recipients and when they got it; the bekendmaking of the besluit starts the
  bezwaartermijn (Awb 6:7, 6:8).
- `Tlv`: the toelaatbaarheidsverklaring in force (actief / beëindigd / ingetrokken; "verlopen" is derived
  from the einddatum and the clock, never stored).
- `Bezwaar`: its own process with a protected state field; `Beroep` is recorded only.

State fields are protected and change only through the @transition methods, called only by
cases/services/bezwaar.py and cases/services/tlv_lifecycle.py.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from .case import Case, Document
from .organisations import School
from .tlv import TlvAanvraag, TlvCategorie, TlvSoort, _perm


class LetterSoort(models.TextChoices):
    BESLUIT = "besluit", _("Besluit (toekenning)")
    AFWIJZING = "afwijzing", _("Besluit (afwijzing)")
    INTREKKING = "intrekking", _("Intrekking TLV")
    BESLISSING_OP_BEZWAAR = "beslissing_op_bezwaar", _("Beslissing op bezwaar")
    ZIENSWIJZE = "zienswijze", _("Zienswijze externe deskundige")


class Bekendmaking(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="bekendmakingen")
    aanvraag = models.ForeignKey(TlvAanvraag, on_delete=models.PROTECT, related_name="bekendmakingen")
    soort = models.CharField(_("soort brief"), max_length=30, choices=LetterSoort.choices)
    bekendgemaakt_op = models.DateField(_("datum bekendmaking"))
    # the bezwaartermijn (only for a besluit that is open to bezwaar), computed by the term engine
    bezwaartermijn_tot = models.DateField(_("bezwaartermijn tot en met"), null=True, blank=True)
    bezwaartermijn_uitleg = models.TextField(blank=True)
    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bekendmaking")
        verbose_name_plural = _("bekendmakingen")
        ordering = ["at", "pk"]
        constraints = [
            # the besluit on an aanvraag is made known once; a changed besluit comes with a bezwaar letter
            models.UniqueConstraint(
                fields=["aanvraag"],
                condition=models.Q(soort__in=["besluit", "afwijzing"]),
                name="bekendmaking_besluit_uniq",
            ),
        ]

    def __str__(self):
        return f"{self.get_soort_display()} {self.case} ({self.bekendgemaakt_op:%d-%m-%Y})"


class Ontvanger(models.Model):
    class Soort(models.TextChoices):
        OUDER = "ouder", _("Ouder/verzorger")
        SCHOOL = "school", _("School")

    class Verzending(models.TextChoices):
        EMAIL = "email", _("Per e-mail, met de brief als PDF")
        POST = "post", _("Afgedrukt voor verzending per post")
        APPLICATIE = "applicatie", _("In de applicatie (bij de documenten van de casus)")

    bekendmaking = models.ForeignKey(Bekendmaking, on_delete=models.CASCADE, related_name="ontvangers")
    soort = models.CharField(max_length=10, choices=Soort.choices)
    naam = models.CharField(_("naam"), max_length=200)
    adres = models.CharField(_("adres / e-mail"), max_length=300, blank=True)
    sent_at = models.DateTimeField(_("verzonden"))
    # the ouder this copy is addressed to, the copy itself (a PDF per recipient) and how it was sent
    ouder = models.ForeignKey(
        "cases.Ouder", on_delete=models.SET_NULL, null=True, blank=True, related_name="brieven"
    )
    document = models.ForeignKey(Document, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    verzending = models.CharField(_("verzonden"), max_length=12, choices=Verzending.choices, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    gedrukt_op = models.DateField(_("afgedrukt voor de post op"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ontvanger")
        verbose_name_plural = _("ontvangers")
        ordering = ["pk"]

    def __str__(self):
        return f"{self.naam} ({self.get_soort_display()})"


# --- the TLV in force ------------------------------------------------------------------------------


class TlvStatusGeldig(models.TextChoices):
    ACTIEF = "actief", _("Actief")
    BEEINDIGD = "beeindigd", _("Beëindigd")
    INGETROKKEN = "ingetrokken", _("Ingetrokken")


class RegisterStatus(models.TextChoices):
    """What the register shows: the stored state, with 'verlopen' derived from the einddatum."""

    ACTIEF = "actief", _("Actief")
    VERLOPEN = "verlopen", _("Verlopen")
    BEEINDIGD = "beeindigd", _("Beëindigd")
    INGETROKKEN = "ingetrokken", _("Ingetrokken")


class Tlv(models.Model):
    """A toelaatbaarheidsverklaring in force, created at the bekendmaking of a toekenning."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="tlvs")
    aanvraag = models.OneToOneField(TlvAanvraag, on_delete=models.PROTECT, related_name="verklaring")
    status = FSMField(
        _("status"), default=TlvStatusGeldig.ACTIEF, choices=TlvStatusGeldig.choices, protected=True
    )
    soort = models.CharField(_("soort"), max_length=5, choices=TlvSoort.choices)
    cluster = models.PositiveSmallIntegerField(_("cluster"), null=True, blank=True)
    categorie = models.CharField(_("categorie"), max_length=10, choices=TlvCategorie.choices, blank=True)
    ingangsdatum = models.DateField(_("ingangsdatum"))
    einddatum = models.DateField(_("einddatum"))
    plaatsingsschool = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="+", verbose_name=_("school van plaatsing")
    )
    beoogde_school = models.ForeignKey(
        School,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("beoogde reguliere school"),
    )
    # verlenging: the new aanvraag that continues this TLV
    verlenging_aanvraag = models.OneToOneField(
        TlvAanvraag, on_delete=models.PROTECT, null=True, blank=True, related_name="verlengt_tlv"
    )
    opvolging = models.TextField(_("vervolg na de einddatum"), blank=True)
    opvolging_op = models.DateField(null=True, blank=True)
    beeindigd_op = models.DateField(_("beëindigd per"), null=True, blank=True)
    einde_reden = models.TextField(_("reden beëindiging / intrekking"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("toelaatbaarheidsverklaring")
        verbose_name_plural = _("toelaatbaarheidsverklaringen")
        indexes = [models.Index(fields=["status", "einddatum"])]

    def __str__(self):
        return f"TLV {self.case.reference}"

    def register_status(self, today) -> str:
        if self.status == TlvStatusGeldig.ACTIEF and self.einddatum < today:
            return RegisterStatus.VERLOPEN
        return self.status

    def is_actief(self, today) -> bool:
        return self.register_status(today) == RegisterStatus.ACTIEF

    def status_label(self, today) -> str:
        """The register status for people: an active TLV whose ingangsdatum is still ahead is 'toegekend'."""
        status = self.register_status(today)
        if status == RegisterStatus.ACTIEF and self.ingangsdatum > today:
            return gettext("Toegekend, gaat in op %(datum)s") % {
                "datum": date_format(self.ingangsdatum, "j F Y")
            }
        return str(RegisterStatus(status).label)

    @transition(
        field=status,
        source=TlvStatusGeldig.ACTIEF,
        target=TlvStatusGeldig.BEEINDIGD,
        permission=_perm("tlv.end"),
        custom={"label": _("TLV beëindigen (terugplaatsing)")},
    )
    def beeindigen(self, *, per, reden):
        self.beeindigd_op = per
        self.einde_reden = reden

    @transition(
        field=status,
        source=TlvStatusGeldig.ACTIEF,
        target=TlvStatusGeldig.INGETROKKEN,
        permission=_perm("tlv.revoke"),
        custom={"label": _("TLV intrekken")},
    )
    def intrekken(self, *, per, motivering):
        self.beeindigd_op = per
        self.einde_reden = motivering

    @transition(
        field=status,
        source=TlvStatusGeldig.INGETROKKEN,
        target=TlvStatusGeldig.ACTIEF,
        permission=_perm("bezwaar.decide"),
        custom={"label": _("Intrekking herroepen (gegrond bezwaar)")},
    )
    def intrekking_herroepen(self):
        self.beeindigd_op = None
        self.einde_reden = ""


# --- bezwaar and beroep ----------------------------------------------------------------------------


class BezwaarStatus(models.TextChoices):
    ONTVANGEN = "ontvangen", _("Ontvangen (ontvankelijkheid beoordelen)")
    ADVIES_GEVRAAGD = "advies_gevraagd", _("Advies gevraagd aan de commissie")
    GEHOORD = "gehoord", _("Hoorzitting gehouden")
    TE_BESLISSEN = "te_beslissen", _("Beslissing op bezwaar")
    GEGROND = "gegrond", _("Gegrond")
    ONGEGROND = "ongegrond", _("Ongegrond")
    NIET_ONTVANKELIJK = "niet_ontvankelijk", _("Niet-ontvankelijk")
    INGETROKKEN = "ingetrokken", _("Ingetrokken")


BESLISBAAR = [BezwaarStatus.ADVIES_GEVRAAGD, BezwaarStatus.GEHOORD, BezwaarStatus.TE_BESLISSEN]
BEZWAAR_OPEN = [
    BezwaarStatus.ONTVANGEN,
    BezwaarStatus.ADVIES_GEVRAAGD,
    BezwaarStatus.GEHOORD,
    BezwaarStatus.TE_BESLISSEN,
]


class Commissie(models.TextChoices):
    LBT = "lbt", _("Landelijke Bezwaaradviescommissie TLV (Onderwijsgeschillen)")
    EIGEN = "eigen", _("Eigen bezwaaradviescommissie van het samenwerkingsverband")


class AdviesUitkomst(models.TextChoices):
    GEGROND = "gegrond", _("Gegrond")
    ONGEGROND = "ongegrond", _("Ongegrond")
    NIET_ONTVANKELIJK = "niet_ontvankelijk", _("Niet-ontvankelijk")


def advies_aanwezig_of_niet_vereist(bezwaar) -> bool:
    return bool(bezwaar.advies_uitkomst) or not bezwaar.case.swv.bezwaar_advies_verplicht


def is_niet_ontvankelijk_beoordeeld(bezwaar) -> bool:
    return bezwaar.ontvankelijk is False


class Indiener(models.TextChoices):
    """Who lodged a bezwaar: the beslissing op bezwaar goes to them."""

    OUDER = "ouder", _("Een ouder/verzorger")
    OUDERS = "ouders", _("Beide ouders/verzorgers")
    SCHOOL = "school", _("De school")


class Bezwaar(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="bezwaren")
    aanvraag = models.ForeignKey(TlvAanvraag, on_delete=models.PROTECT, related_name="bezwaren")
    # empty while a bezwaar received before the bekendmaking waits for it (Awb 6:10)
    bekendmaking = models.ForeignKey(
        Bekendmaking, on_delete=models.PROTECT, null=True, blank=True, related_name="bezwaren"
    )
    status = FSMField(
        _("status"), default=BezwaarStatus.ONTVANGEN, choices=BezwaarStatus.choices, protected=True
    )
    # registration
    ontvangen_op = models.DateField(_("ontvangen op"))
    # the date of posting (postmark) of a bezwaarschrift sent by post (Awb 6:9 lid 2)
    verzonden_op = models.DateField(_("verzonden op (poststempel)"), null=True, blank=True)
    ingediend_door = models.CharField(_("ingediend door"), max_length=200)
    # who lodged it: one ouder, both (each an ouder row), or the school; the beslissing goes to them
    indiener = models.CharField(
        _("indiener"), max_length=10, choices=Indiener.choices, default=Indiener.OUDERS
    )
    indienende_ouders = models.ManyToManyField(
        "cases.Ouder", blank=True, related_name="bezwaren", verbose_name=_("indienende ouders")
    )
    gronden = models.TextField(_("gronden van het bezwaar"))
    geregistreerd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    geregistreerd_op = models.DateTimeField()
    documents = models.ManyToManyField(Document, blank=True, related_name="+")
    # ontvankelijkheid (Awb 6:7, 6:11)
    tijdig = models.BooleanField(_("binnen de bezwaartermijn"))
    ontvankelijk = models.BooleanField(_("ontvankelijk"), null=True, blank=True)
    verschoonbaar = models.BooleanField(_("termijnoverschrijding verschoonbaar"), default=False)
    ontvankelijkheid_motivering = models.TextField(blank=True)
    # advice of the bezwaaradviescommissie
    commissie = models.CharField(_("commissie"), max_length=10, choices=Commissie.choices, blank=True)
    advies_gevraagd_op = models.DateField(null=True, blank=True)
    hoorzitting_op = models.DateField(_("datum hoorzitting"), null=True, blank=True)
    hoorzitting_verslag = models.TextField(_("verslag hoorzitting"), blank=True)
    advies_uitkomst = models.CharField(
        _("advies commissie"), max_length=20, choices=AdviesUitkomst.choices, blank=True
    )
    advies_tekst = models.TextField(_("advies"), blank=True)
    advies_op = models.DateField(null=True, blank=True)
    # beslissing op bezwaar
    beslissing_motivering = models.TextField(_("motivering beslissing"), blank=True)
    besloten_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    besloten_op = models.DateTimeField(null=True, blank=True)
    afwijking_advies_motivering = models.TextField(blank=True)
    # gegrond: the herzien besluit (a toekenning, or a changed one) that replaces the original
    herzien_soort = models.CharField(max_length=5, choices=TlvSoort.choices, blank=True)
    herzien_cluster = models.PositiveSmallIntegerField(null=True, blank=True)
    herzien_categorie = models.CharField(max_length=10, choices=TlvCategorie.choices, blank=True)
    herzien_ingangsdatum = models.DateField(null=True, blank=True)
    herzien_einddatum = models.DateField(null=True, blank=True)
    herzien_school = models.ForeignKey(
        School, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    intrekking_reden = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bezwaar")
        verbose_name_plural = _("bezwaren")
        ordering = ["ontvangen_op", "pk"]

    def __str__(self):
        return f"Bezwaar {self.case.reference} ({self.ontvangen_op:%d-%m-%Y})"

    @property
    def is_open(self) -> bool:
        return self.status in BEZWAAR_OPEN

    @transition(
        field=status,
        source=BezwaarStatus.ONTVANGEN,
        target=BezwaarStatus.ADVIES_GEVRAAGD,
        permission=_perm("bezwaar.handle"),
        custom={"label": _("Ontvankelijk: advies vragen aan de commissie")},
    )
    def advies_vragen(self, *, verschoonbaar, motivering, commissie, on):
        self.ontvankelijk = True
        self.verschoonbaar = verschoonbaar
        self.ontvankelijkheid_motivering = motivering
        self.commissie = commissie
        self.advies_gevraagd_op = on

    @transition(
        field=status,
        source=BezwaarStatus.ONTVANGEN,
        target=BezwaarStatus.TE_BESLISSEN,
        permission=_perm("bezwaar.handle"),
        custom={"label": _("Niet-ontvankelijk: voorleggen aan de beslisser")},
    )
    def niet_ontvankelijk_voorstellen(self, *, motivering):
        self.ontvankelijk = False
        self.ontvankelijkheid_motivering = motivering

    @transition(
        field=status,
        source=BezwaarStatus.ADVIES_GEVRAAGD,
        target=BezwaarStatus.GEHOORD,
        permission=_perm("bezwaar.handle"),
        custom={"label": _("Hoorzitting vastleggen")},
    )
    def hoorzitting_vastleggen(self, *, op, verslag):
        self.hoorzitting_op = op
        self.hoorzitting_verslag = verslag

    @transition(
        field=status,
        source=[BezwaarStatus.ADVIES_GEVRAAGD, BezwaarStatus.GEHOORD],
        target=BezwaarStatus.TE_BESLISSEN,
        permission=_perm("bezwaar.handle"),
        custom={"label": _("Advies van de commissie vastleggen")},
    )
    def advies_vastleggen(self, *, uitkomst, tekst, op):
        self.advies_uitkomst = uitkomst
        self.advies_tekst = tekst
        self.advies_op = op

    @transition(
        field=status,
        source=BESLISBAAR,
        target=BezwaarStatus.GEGROND,
        conditions=[advies_aanwezig_of_niet_vereist],
        permission=_perm("bezwaar.decide"),
        custom={"label": _("Bezwaar gegrond verklaren")},
    )
    def gegrond_verklaren(self, *, motivering, afwijking, actor, at):
        self._beslis(motivering, afwijking, actor, at)

    @transition(
        field=status,
        source=BESLISBAAR,
        target=BezwaarStatus.ONGEGROND,
        conditions=[advies_aanwezig_of_niet_vereist],
        permission=_perm("bezwaar.decide"),
        custom={"label": _("Bezwaar ongegrond verklaren")},
    )
    def ongegrond_verklaren(self, *, motivering, afwijking, actor, at):
        self._beslis(motivering, afwijking, actor, at)

    @transition(
        field=status,
        source=BESLISBAAR,
        target=BezwaarStatus.NIET_ONTVANKELIJK,
        permission=_perm("bezwaar.decide"),
        custom={"label": _("Bezwaar niet-ontvankelijk verklaren")},
    )
    def niet_ontvankelijk_verklaren(self, *, motivering, afwijking, actor, at):
        self._beslis(motivering, afwijking, actor, at)

    @transition(
        field=status,
        source=BEZWAAR_OPEN,
        target=BezwaarStatus.INGETROKKEN,
        permission=_perm("bezwaar.handle"),
        custom={"label": _("Bezwaar ingetrokken")},
    )
    def intrekken(self, *, reden):
        self.intrekking_reden = reden

    def _beslis(self, motivering, afwijking, actor, at):
        self.beslissing_motivering = motivering
        self.afwijking_advies_motivering = afwijking
        self.besloten_door = actor
        self.besloten_op = at


class Beroep(models.Model):
    """Beroep at the rechtbank against the beslissing op bezwaar: recorded, without a workflow."""

    class Uitkomst(models.TextChoices):
        LOPEND = "", _("Nog geen uitspraak")
        GEGROND = "gegrond", _("Gegrond")
        ONGEGROND = "ongegrond", _("Ongegrond")
        NIET_ONTVANKELIJK = "niet_ontvankelijk", _("Niet-ontvankelijk")
        INGETROKKEN = "ingetrokken", _("Ingetrokken")

    bezwaar = models.ForeignKey(Bezwaar, on_delete=models.PROTECT, related_name="beroepen")
    ingesteld_op = models.DateField(_("beroep ingesteld op"))
    rechtbank = models.CharField(_("rechtbank"), max_length=200)
    uitspraak_op = models.DateField(_("datum uitspraak"), null=True, blank=True)
    uitkomst = models.CharField(_("uitkomst"), max_length=20, choices=Uitkomst.choices, blank=True)
    toelichting = models.TextField(_("toelichting"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("beroep")
        verbose_name_plural = _("beroepen")
        ordering = ["ingesteld_op", "pk"]

    def __str__(self):
        return f"Beroep {self.bezwaar.case.reference} ({self.rechtbank})"
