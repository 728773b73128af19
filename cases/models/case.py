"""The case: one pupil on one route, with its timeline and its documents."""

import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.functional import LazyObject
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .organisations import Leerling, Ouder, School, Swv


class Route(models.TextChoices):
    TLV = "tlv", _("Toelaatbaarheidsverklaring")
    THUISZITTER = "thuiszitter", _("Thuiszitter")
    ZORGPLICHT = "zorgplicht", _("Zorgplicht (aanmelding)")
    SCREENING = "screening", _("Screening zorg naar onderwijs")
    SCHAKEL = "schakel", _("Schakel / terugplaatsing")
    LOKET = "loket", _("Ondersteuningsaanvraag (loket)")
    OVERSTAP = "overstap", _("Overstap PO-VO")


class Case(models.Model):
    swv = models.ForeignKey(Swv, on_delete=models.PROTECT, related_name="cases")
    leerling = models.ForeignKey(Leerling, on_delete=models.PROTECT, related_name="cases")
    school = models.ForeignKey(
        School,
        on_delete=models.PROTECT,
        related_name="cases",
        help_text=_("De aanvragende of verantwoordelijke school."),
    )
    route = models.CharField(_("route"), max_length=20, choices=Route.choices)
    reference = models.CharField(_("kenmerk"), max_length=30, unique=True)
    opened_at = models.DateTimeField(_("geopend"))
    closed_at = models.DateTimeField(_("afgesloten"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # archiving (cases/archive.py): set at closure from the result, cleared on reopening
    resultaat = models.CharField(_("resultaat"), max_length=30, blank=True)
    archiefnominatie = models.CharField(_("archiefnominatie"), max_length=12, blank=True)
    brondatum = models.DateField(_("brondatum archiefprocedure"), null=True, blank=True)
    archiefactiedatum = models.DateField(_("archiefactiedatum"), null=True, blank=True)
    legal_hold = models.BooleanField(_("bewaarplicht (legal hold)"), default=False)
    legal_hold_reason = models.CharField(_("reden bewaarplicht"), max_length=300, blank=True)
    # the SWV's rules this case started under (cases.profiles.for_case); later changes apply to new cases
    profiel_versie = models.ForeignKey(
        "cases.ProfielVersie",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("profielversie"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("casus")
        verbose_name_plural = _("casussen")
        indexes = [
            models.Index(fields=["swv", "route", "closed_at"]),
            models.Index(fields=["school", "closed_at"]),
            # Policies.visible_case_ids reads the case ids of an SWV / a school from the index alone
            models.Index(fields=["swv", "id"], name="case_swv_id_idx"),
            models.Index(fields=["school", "id"], name="case_school_id_idx"),
            # the destruction proposal: closed cases due for vernietiging, by date
            models.Index(
                fields=["archiefactiedatum", "id"],
                name="case_archiefactie_idx",
                condition=models.Q(archiefnominatie="vernietigen", legal_hold=False),
            ),
        ]

    def __str__(self):
        return self.reference

    @property
    def overstap_record(self):
        """The PO→VO handover this case is a side of (the sending or the receiving case), or None."""
        from .overstap import Overstap

        return Overstap.objects.filter(models.Q(case=self) | models.Q(ontvangst_case=self)).first()

    @property
    def resultaat_label(self):
        from cases import archive

        return archive.result_label(self.route, self.resultaat) if self.resultaat else ""

    @property
    def archiefnominatie_label(self):
        from cases import archive

        if self.archiefnominatie in archive.Archiefnominatie.values:
            return archive.Archiefnominatie(self.archiefnominatie).label
        return self.archiefnominatie


class ReferenceCounter(models.Model):
    """The last number handed out per reference prefix (`TLV-<SWV>-<year>-`): the next reference is one
    locked row, not a search through every case (which at a million cases took a second per new case)."""

    prefix = models.CharField(max_length=30, unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.prefix}{self.last:04d}"


class CaseEvent(models.Model):
    """One line of a case's timeline. Written by services only; never updated."""

    class Kind(models.TextChoices):
        TRANSITION = "transition", _("Statuswijziging")
        REFUSED = "refused", _("Geweigerde poging")
        TASK = "task", _("Taak")
        DOCUMENT = "document", _("Document")
        DEADLINE = "deadline", _("Termijn")
        ESCALATION = "escalation", _("Escalatie")
        NOTIFICATION = "notification", _("Bericht")
        NOTE = "note", _("Notitie")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    at = models.DateTimeField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    from_state = models.CharField(max_length=40, blank=True)
    to_state = models.CharField(max_length=40, blank=True)
    action = models.CharField(max_length=60, blank=True)
    reason = models.TextField(blank=True)
    summary = models.CharField(max_length=300)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["case", "at"])]

    def __str__(self):
        return f"{self.case} {self.at:%Y-%m-%d %H:%M} {self.summary}"


class DocumentKind(models.TextChoices):
    OPP = "opp", _("Ontwikkelingsperspectiefplan (OPP)")
    GROEIDOCUMENT = "groeidocument", _("Groeidocument")
    ZIENSWIJZE_OUDERS = "zienswijze_ouders", _("Zienswijze van de ouders")
    INSTEMMING_OUDERS = "instemming_ouders", _("Instemming/toestemmingsverklaring van de ouders")
    INTERVENTIES = "interventies", _("Overzicht van de al ingezette interventies")
    HANDELINGSPLAN = "handelingsplan", _("Handelingsplan")
    ONDERTEKENING = "ondertekening", _("Ondertekening (handtekeningen van school en ouders)")
    DESKUNDIGENADVIES = "deskundigenadvies", _("Deskundigenadvies (bijlage)")
    BESLUITBRIEF = "besluitbrief", _("Besluitbrief (PDF)")
    BEZWAARSCHRIFT = "bezwaarschrift", _("Bezwaarschrift")
    OVERIG = "overig", _("Overig")


class _DocumentStorage(LazyObject):
    """Stores uploads under DOCUMENT_ROOT, outside the web root; served only by a checked view."""

    def _setup(self):
        self._wrapped = FileSystemStorage(location=settings.DOCUMENT_ROOT, base_url=None)


document_storage = _DocumentStorage()


def get_document_storage():
    """A callable, so migrations name this function instead of freezing one machine's DOCUMENT_ROOT."""
    return document_storage


def document_path(instance, filename):
    return f"{instance.case.swv_id}/{instance.case_id}/{uuid.uuid4().hex}"


class Document(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(_("soort"), max_length=30, choices=DocumentKind.choices)
    file = models.FileField(storage=get_document_storage, upload_to=document_path, max_length=300)
    original_name = models.CharField(_("bestandsnaam"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField()
    # a replacement is a new version linked to the one it replaces; the earlier one stays downloadable
    previous = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_version",
        verbose_name=_("vorige versie"),
    )
    version = models.PositiveIntegerField(_("versie"), default=1)
    # added by a parent through their own view (uploaded_by is then the portal's named actor)
    ouder = models.ForeignKey(
        Ouder,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documenten",
        verbose_name=_("toegevoegd door ouder"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documenten")
        ordering = ["uploaded_at"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.original_name}"

    @property
    def is_current(self) -> bool:
        """Not replaced by a later version."""
        try:
            self.next_version  # noqa: B018 - the reverse one-to-one raises when there is none
        except Document.DoesNotExist:
            return True
        return False

    def versions(self) -> list["Document"]:
        """Every version of this document, oldest first (the chain through `previous` and `next_version`)."""
        first = self
        while first.previous_id is not None:
            first = first.previous
        chain, doc = [first], first
        while True:
            try:
                doc = doc.next_version
            except Document.DoesNotExist:
                return chain
            chain.append(doc)
