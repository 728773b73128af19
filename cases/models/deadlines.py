"""Deadlines (SLA timers) and the per-SWV term policies that produce them."""

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.calendars import Calendar
from cases.deadlines import Unit
from cases.terms import DEFAULT_TERMS, TERM_KIND_CHOICES

from .case import Case
from .organisations import Swv
from .schoolvakanties import Regio

CALENDAR_CHOICES = [
    (Calendar.ATW.value, _("feestdagen van de Algemene termijnenwet")),
    (Calendar.NL_HOLIDAYS.value, _("Nederlandse feestdagen met Goede Vrijdag (holidays-lijst)")),
    (
        Calendar.SCHOOL.value,
        _("schoolweken/schooldagen: zonder de schoolvakanties van de regio van het samenwerkingsverband"),
    ),
]

# the term kinds are a closed list, in the database too: a typo fails instead of being ignored
KNOWN_KINDS = models.Q(kind__in=list(DEFAULT_TERMS))

UNIT_CHOICES = [
    (Unit.CALENDAR_DAYS.value, _("kalenderdagen")),
    (Unit.WORKING_DAYS.value, _("werkdagen")),
    (Unit.WEEKS.value, _("weken")),
    (Unit.MONTHS.value, _("maanden")),
]


class TermStart(models.TextChoices):
    """The event a beslistermijn counts from (the day after it)."""

    AANVRAAG = "aanvraag", _("ontvangst van de aanvraag (Awb 4:13)")
    VOLLEDIG_DOSSIER = "volledig_dossier", _("ontvangst van het volledige dossier")


class TermPolicy(models.Model):
    """An SWV's own setting for one kind of term; without a row the default in cases.terms applies."""

    swv = models.ForeignKey(Swv, on_delete=models.CASCADE, related_name="term_policies")
    kind = models.CharField(_("soort termijn"), max_length=40, choices=TERM_KIND_CHOICES)
    length = models.PositiveIntegerField(_("lengte"))
    unit = models.CharField(_("eenheid"), max_length=20, choices=UNIT_CHOICES)
    atw = models.BooleanField(_("Algemene termijnenwet toepassen"), default=True)
    warn_fraction = models.FloatField(_("waarschuwen bij (fractie)"), null=True, blank=True, default=0.75)
    max_extensions = models.PositiveSmallIntegerField(_("maximaal aantal verdagingen"), default=1)
    extension_length = models.PositiveIntegerField(_("lengte verdaging"), default=0)
    extension_unit = models.CharField(
        _("eenheid verdaging"), max_length=20, choices=UNIT_CHOICES, default=Unit.WEEKS.value
    )
    escalate_roles = models.JSONField(_("escaleren naar rollen"), default=list, blank=True)
    calendar = models.CharField(
        _("werkdagen volgens"), max_length=20, choices=CALENDAR_CHOICES, default=Calendar.ATW.value
    )
    starts_from = models.CharField(
        _("termijn loopt vanaf"), max_length=20, choices=TermStart.choices, default=TermStart.AANVRAAG
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("termijnbeleid")
        verbose_name_plural = _("termijnbeleid")
        constraints = [
            models.UniqueConstraint(fields=["swv", "kind"], name="termpolicy_swv_kind_uniq"),
            models.CheckConstraint(condition=KNOWN_KINDS, name="termpolicy_kind_known"),
        ]

    def __str__(self):
        return f"{self.swv.code}: {self.kind} {self.length} {self.unit}"

    def clean(self):
        from django.core.exceptions import ValidationError

        from cases.terms import CEILINGS, DEFAULT_TERMS, STATUTORY_KINDS, exceeds_ceiling

        super().clean()
        default = DEFAULT_TERMS.get(self.kind)
        if default is None:
            raise ValidationError({"kind": _("Kies een soort termijn uit de lijst.")}, code="termijn-soort")
        if self.kind in STATUTORY_KINDS and (
            self.length != default.length
            or self.unit != default.unit.value
            or not self.atw
            or self.max_extensions != default.max_extensions
        ):
            raise ValidationError(
                _(
                    "De %(label)s is een wettelijke termijn (%(basis)s): lengte, eenheid, verlenging en de "
                    "Algemene termijnenwet liggen vast. Alleen het waarschuwingsmoment en de escalatie kunt "
                    "u instellen."
                )
                % {"label": default.label, "basis": default.basis},
                code="termijn-wettelijk",
            )
        if self.calendar == Calendar.SCHOOL.value:
            self._clean_school_calendar(default)
        if self.kind in CEILINGS and self.length and self.unit:
            max_length, _unit, article = CEILINGS[self.kind]
            if exceeds_ceiling(self.kind, self.length, self.unit):
                raise ValidationError(
                    {
                        "length": _(
                            "De beslistermijn mag niet langer zijn dan %(max)s weken na ontvangst van de "
                            "aanvraag (%(article)s); een kortere termijn mag wel."
                        )
                        % {"max": max_length, "article": article}
                    },
                    code="termijn-te-lang",
                )

    def _clean_school_calendar(self, default):
        from django.core.exceptions import ValidationError

        from cases.terms import CEILINGS, STATUTORY_KINDS

        if self.kind in STATUTORY_KINDS or self.kind in CEILINGS:
            # a statutory term (or its ceiling) counts in calendar time: a schoolvakantie does not stop it
            raise ValidationError(
                {
                    "calendar": ValidationError(
                        _(
                            "De %(label)s is aan een wettelijke termijn gebonden; die telt niet in "
                            "schoolweken. De schoolkalender kan alleen bij termijnen die het "
                            "samenwerkingsverband zelf bepaalt."
                        )
                        % {"label": default.label},
                        code="termijn-schoolkalender-wettelijk",
                    )
                }
            )
        if self.unit not in (Unit.WEEKS.value, Unit.WORKING_DAYS.value):
            raise ValidationError(
                {
                    "unit": ValidationError(
                        _(
                            "Met de schoolkalender telt een termijn in weken (schoolweken) of werkdagen "
                            "(schooldagen)."
                        ),
                        code="termijn-schoolkalender-eenheid",
                    )
                }
            )
        if self.swv_id and not self.swv.regio:
            raise ValidationError(
                {
                    "calendar": ValidationError(
                        _("Stel eerst de regio voor de schoolvakanties van het samenwerkingsverband in."),
                        code="termijn-schoolkalender-regio",
                    )
                }
            )


class Deadline(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", _("loopt")
        PAUSED = "paused", _("opgeschort")
        CLOSED = "closed", _("afgesloten")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="deadlines")
    kind = models.CharField(_("soort"), max_length=40)
    label = models.CharField(_("omschrijving"), max_length=100)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    started_on = models.DateField(_("gestart op"))
    # the event the term counts from and the rule that set it, named in the explanation
    started_because = models.CharField(_("gestart door"), max_length=200, blank=True)
    basis = models.CharField(_("termijn volgens"), max_length=300, blank=True)
    # the rule in force when the term started (a later policy change does not move running terms)
    length = models.PositiveIntegerField()
    unit = models.CharField(max_length=20, choices=UNIT_CHOICES)
    atw = models.BooleanField(default=True)
    calendar = models.CharField(max_length=20, choices=CALENDAR_CHOICES, default=Calendar.ATW.value)
    # the school calendar: the SWV's region when the term started, and whether its schoolvakanties were
    # missing for (part of) the term (counted without them; the page warns)
    regio = models.CharField(max_length=6, choices=Regio.choices, blank=True, default="")
    calendar_incomplete = models.BooleanField(default=False)
    warn_fraction = models.FloatField(null=True, blank=True)
    max_extensions = models.PositiveSmallIntegerField(default=1)
    escalate_roles = models.JSONField(default=list, blank=True)
    # derived by cases.deadlines.compute_due, never edited by hand
    due_on = models.DateField(_("uiterste datum"), null=True, blank=True)
    warn_on = models.DateField(null=True, blank=True)
    explanation = models.TextField(blank=True)
    next_action_at = models.DateTimeField(null=True, blank=True)
    warned_at = models.DateTimeField(null=True, blank=True)
    breached_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    close_reason = models.CharField(max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("termijn")
        verbose_name_plural = _("termijnen")
        indexes = [
            models.Index(
                fields=["next_action_at"],
                name="deadline_next_action_idx",
                condition=models.Q(next_action_at__isnull=False),
            ),
            # a case's term of a kind; the report's "within the term" check reads due_on from the index
            models.Index(
                fields=["case", "kind"], include=["due_on", "started_on"], name="deadline_case_kind_idx"
            ),
        ]
        constraints = [models.CheckConstraint(condition=KNOWN_KINDS, name="deadline_kind_known")]

    def __str__(self):
        return f"{self.label} ({self.case})"

    @property
    def display_label(self) -> str:
        """The term's name in the reader's language (the stored label is the Dutch one; an SWV's own name
        for a term is shown as it is)."""
        return gettext(self.label) if self.label else ""

    @property
    def display_explanation(self) -> str:
        """The explanation in the reader's language: the stored Dutch text, or computed again in English."""
        if (translation.get_language() or "nl").startswith("nl") or self.pk is None:
            return self.explanation
        from cases.services.deadlines import compute

        return compute(self).text


class DeadlinePause(models.Model):
    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="pauses")
    start = models.DateField()
    end = models.DateField(null=True, blank=True)
    # the last day of the term set for the answer: the pause ends at the latest the day after (Awb 4:15)
    until = models.DateField(null=True, blank=True)
    reason = models.CharField(max_length=300)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["start", "pk"]

    def __str__(self):
        return f"opgeschort {self.start} – {self.end or '…'}: {self.reason}"


class DeadlineExtension(models.Model):
    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="extensions")
    length = models.PositiveIntegerField()
    unit = models.CharField(max_length=20, choices=UNIT_CHOICES)
    reason = models.CharField(max_length=300)
    at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"verdaagd {self.length} {self.unit}: {self.reason}"


class DeadlineStep(models.Model):
    """Idempotency key of the sweep: each (deadline, step) happens once, whoever runs it."""

    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="steps")
    step = models.CharField(max_length=30)
    done_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["deadline", "step"], name="deadline_step_uniq")]

    def __str__(self):
        return f"{self.deadline_id}:{self.step}"
