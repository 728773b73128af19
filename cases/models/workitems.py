"""Work items: the inbox rows. 1:1 with a viewflow task for human tasks; escalations stand alone."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .case import Case
from .deadlines import Deadline
from .organisations import Gemeente, School, Swv


class WorkItem(models.Model):
    class Kind(models.TextChoices):
        TASK = "task", _("Taak")
        ESCALATION = "escalation", _("Escalatie")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Afgerond")
        CANCELLED = "cancelled", _("Vervallen")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="work_items")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.TASK)
    task = models.OneToOneField(
        "viewflow.Task", on_delete=models.CASCADE, null=True, blank=True, related_name="work_item"
    )
    node = models.CharField(_("stap"), max_length=60)
    title = models.CharField(_("taak"), max_length=200)
    role = models.CharField(_("rol"), max_length=30)
    swv = models.ForeignKey(Swv, on_delete=models.CASCADE, related_name="+")
    school = models.ForeignKey(School, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    gemeente = models.ForeignKey(Gemeente, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="work_items"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    due_at = models.DateTimeField(_("uiterlijk"), null=True, blank=True)
    deadline = models.ForeignKey(Deadline, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    priority = models.SmallIntegerField(default=0)
    follow_up_at = models.DateTimeField(null=True, blank=True)
    instructions = models.TextField(blank=True)
    created_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    idempotency_key = models.CharField(max_length=120, unique=True, null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("werkitem")
        verbose_name_plural = _("werkitems")
        # The inboxes read open items only, in the inbox order (workflows/pagination.py ORDER), so
        # each list is one ordered range scan of a partial index: "Mijn taken" by assignee, the
        # werkvoorraad by role and SWV (unassigned), the consulent's team list by SWV (assigned)
        indexes = [
            models.Index(
                fields=["assignee", "due_at", "-priority", "created_at", "id"],
                name="workitem_open_assignee_idx",
                condition=models.Q(status="open"),
            ),
            models.Index(
                fields=["role", "swv", "due_at", "-priority", "created_at", "id"],
                name="workitem_open_pool_idx",
                condition=models.Q(status="open", assignee__isnull=True),
            ),
            models.Index(
                fields=["swv", "due_at", "-priority", "created_at", "id"],
                name="workitem_open_team_idx",
                condition=models.Q(status="open", assignee__isnull=False),
            ),
            # policies.visible_case_ids: case ids per role + SWV and per assignee, from the index alone
            models.Index(fields=["role", "swv", "case"], name="workitem_role_swv_case_idx"),
            models.Index(fields=["assignee", "case"], name="workitem_assignee_case_idx"),
            models.Index(fields=["case", "status"]),
            # quarterly report: completed tasks of an SWV in a period (step doorlooptijden), index only
            models.Index(
                fields=["swv", "completed_at"],
                include=["id", "case", "node", "created_at"],
                condition=models.Q(status="done", kind="task"),
                name="workitem_done_task_swv_idx",
            ),
        ]

    def __str__(self):
        return f"{self.title} — {self.case}"

    @property
    def display_title(self):
        """The task's title in the reader's language (stored `title` is the Dutch one, for the record)."""
        if self.kind == self.Kind.TASK and self.task_id:  # taskless items keep their title
            from workflows.flows import flow_for_route

            flow = flow_for_route(self.case.route)
            node = flow.instance.node(self.node) if flow else None
            if node is not None and getattr(node, "task_title", None):
                return node.task_title
        from cases.texts import stored_line

        return stored_line(self.title)


class Afwezigheid(models.Model):
    """A user's absence with a vervanger: from `starts_on` to `ends_on` (both included) their open tasks show
    in the vervanger's list, the vervanger acts "namens" them, and new tasks for them go to the vervanger."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="afwezigheden")
    vervanger = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    starts_on = models.DateField(_("van"))
    ends_on = models.DateField(_("tot en met"))
    reason = models.CharField(_("toelichting"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("afwezigheid")
        verbose_name_plural = _("afwezigheden")
        indexes = [
            models.Index(fields=["vervanger", "starts_on", "ends_on"], name="afwezigheid_vervanger_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="afwezigheid_periode"
            )
        ]

    def __str__(self):
        return f"{self.user} {self.starts_on}–{self.ends_on}"
