"""Read-side queries for inboxes. Every query goes through cases.policies."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS_3
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cases import clock, lights, policies
from cases.models import WorkItem

LIGHT_LABELS = {
    "green": _("op tijd"),
    "amber": _("bijna verlopen"),
    "red": _("te laat"),
    "paused": _("opgeschort"),
    "none": _("geen termijn"),
}


def due_hint(days: int | None) -> str:
    if days is None:
        return ""
    if days < 0:
        return ngettext("%(n)d dag te laat", "%(n)d dagen te laat", -days) % {"n": -days}
    if days == 0:
        return str(_("vandaag"))
    return ngettext("nog %(n)d dag", "nog %(n)d dagen", days) % {"n": days}


def _base() -> QuerySet:
    # `status = 'open'` as a literal, not a bound parameter: with prepared statements PostgreSQL switches to a
    # generic plan after a few executions, and a generic plan cannot use the partial indexes on open work
    # items (their predicate names the literal); it then scans every task a person ever had
    return (
        WorkItem.objects.extra(where=[f"cases_workitem.status = '{WorkItem.Status.OPEN.value}'"])
        # what an inbox row shows (not the school, nor the long texts of the item and its term)
        .select_related("case", "case__leerling", "deadline", "assignee")
        .defer("instructions", "deadline__explanation")
        .order_by(F("due_at").asc(nulls_last=True), "-priority", "created_at", "pk")
    )


# What one inbox row shows (templates/includes/task_table.html, `rows` and `light_for`): only these columns
# are read and turned into model fields, three lists of up to 100 rows per page
INBOX_ROW_FIELDS = (
    "id", "case", "kind", "task_id", "node", "title", "due_at", "priority", "created_at", "status",
    "assignee", "deadline",
    "case__reference", "case__route", "case__leerling",
    "case__leerling__voornaam", "case__leerling__achternaam",
    "deadline__status", "deadline__breached_at", "swv",
    "assignee__username", "assignee__first_name", "assignee__last_name", "follow_up_at",
)  # fmt: skip


def for_inbox_page(qs: QuerySet) -> QuerySet:
    """An inbox list reduced to the columns its rows show."""
    return qs.only(*INBOX_ROW_FIELDS)


def my_tasks(user) -> QuerySet:
    """My open tasks and, during their absence, those of whom I stand in for; a task with a wedervoorlegging
    stays out until that day."""
    people = [user.pk, *policies.represented_user_ids(user)]
    return _base().filter(assignee_id__in=people).exclude(follow_up_at__gt=clock.now())


def waiting_tasks(user) -> QuerySet:
    """My tasks that wait for their wedervoorlegging (out of my list until then)."""
    people = [user.pk, *policies.represented_user_ids(user)]
    return _base().filter(assignee_id__in=people, follow_up_at__gt=clock.now()).order_by("follow_up_at", "pk")


def werkvoorraad(user) -> QuerySet:
    return _base().filter(policies.werkvoorraad_filter(user), assignee__isnull=True)


def team_tasks(user) -> QuerySet:
    """For consulenten: every open item of their SWV (to reassign)."""
    swvs = policies.scope_of(user).swvs_by_role.get("consulent", frozenset())
    return _base().filter(swv_id__in=swvs)


@dataclass
class InboxRow:
    item: WorkItem
    light: str
    light_label: str
    days_left: int | None
    due_hint: str = ""
    title: str = ""
    due_label: str = ""
    url: str = ""
    claim_url: str = ""
    case_url: str = ""
    returned: bool = False  # back from a wedervoorlegging: shown marked
    namens: bool = False  # a task of someone I stand in for


class _Urls:
    """Reverse a URL pattern once and fill in the pk per row (a page of 100 rows x 3 lists reverses a lot)."""

    def __init__(self, name: str):
        self.template = reverse(name, args=[987654321]).replace("987654321", "{}")

    def __call__(self, pk) -> str:
        return self.template.format(pk)


def light_for(item: WorkItem, today=None, days_by_swv: dict[int, int] | None = None) -> str:
    """The item's traffic light (cases.lights): an escalation shows the colour of the term it escalates."""
    today = today or clock.today()
    if days_by_swv is None:
        days_by_swv = {item.swv_id: lights.warning_days_of_swv(item.swv_id)}
    d = item.deadline
    return lights.light(
        timezone.localdate(item.due_at) if item.due_at is not None else None,
        today=today,
        warning_days=lights.days_for(days_by_swv, item.swv_id),
        paused=d is not None and d.status == "paused",
        breached=item.kind == WorkItem.Kind.ESCALATION and d is not None and d.breached_at is not None,
    )


def rows(items, viewer=None) -> list[InboxRow]:
    today = clock.today()
    items = list(items)
    days_by_swv = lights.warning_days({item.swv_id for item in items})  # one query per list
    workitem_url, claim_url, case_url = _Urls("workitem"), _Urls("workitem_claim"), _Urls("case_detail")
    months = {m: str(MONTHS_3[m]).title() for m in MONTHS_3}  # the template's date:"j M Y", once per page
    light_labels = {key: str(label) for key, label in LIGHT_LABELS.items()}  # translated once per page
    now = clock.now()
    out = []
    for item in items:
        light = light_for(item, today, days_by_swv)
        days = None
        due_label = ""
        if item.due_at is not None:
            due = timezone.localdate(item.due_at)
            days = (due - today).days
            due_label = f"{due.day} {months[due.month]} {due.year}"
        out.append(
            InboxRow(
                item=item,
                light=light,
                light_label=light_labels[light],
                days_left=days,
                due_hint=due_hint(days),
                title=item.display_title,
                due_label=due_label,
                url=workitem_url(item.pk),
                claim_url=claim_url(item.pk),
                case_url=case_url(item.case_id),
                returned=item.follow_up_at is not None and item.follow_up_at <= now,
                namens=viewer is not None and item.assignee_id not in (None, viewer.pk),
            )
        )
    return out


# --- the same lights in SQL (home counts and inbox filters) -----------------------------------


def warning_days_of(user) -> dict[int, int]:
    """The 'bijna verlopen' window of each SWV the user works in (cases.lights)."""
    return lights.warning_days(set().union(*policies.scope_of(user).swvs_by_role.values()))


def light_filters(today=None, days_by_swv: dict[int, int] | None = None) -> dict[str, Q]:
    """Q objects over open WorkItems that classify them exactly as `light_for` does (cases.lights), for
    counting and filtering in SQL."""
    return lights.due_q(
        today=today or clock.today(),
        days_by_swv=days_by_swv,
        due="due_at",
        is_datetime=True,
        swv="swv_id",
        paused=Q(deadline__status="paused"),
        breached=Q(kind=WorkItem.Kind.ESCALATION, deadline__breached_at__isnull=False),
    )


LIGHT_FILTER_CHOICES = (("red", LIGHT_LABELS["red"]), ("amber", LIGHT_LABELS["amber"]))


def filter_items(
    qs: QuerySet,
    *,
    light: str = "",
    kind: str = "",
    route: str = "",
    q: str = "",
    days_by_swv: dict[int, int] | None = None,
) -> QuerySet:
    """The inbox filters: traffic light, escalations only, route, and a search on kenmerk or pupil."""
    if light in ("red", "amber"):
        qs = qs.filter(light_filters(days_by_swv=days_by_swv)[light])
    if kind in (WorkItem.Kind.TASK, WorkItem.Kind.ESCALATION):
        qs = qs.filter(kind=kind)
    if route:
        qs = qs.filter(case__route=route)
    if q:
        qs = qs.filter(
            Q(case__reference__icontains=q)
            | Q(case__leerling__achternaam__icontains=q)
            | Q(case__leerling__voornaam__icontains=q)
        )
    return qs


@dataclass(frozen=True)
class TaskCounts:
    mine: int
    mine_red: int
    mine_amber: int
    pool: int
    pool_red: int
    pool_amber: int
    escalations: int
    escalations_red: int

    @property
    def attention(self) -> int:
        return self.mine_red + self.mine_amber + self.pool_red + self.pool_amber


def task_counts(user) -> TaskCounts:
    """My tasks, my role's werkvoorraad and my escalations (assigned to me or open to my role), with
    their red and amber counts: one aggregate query over the work-item indexes."""
    lights = light_filters(days_by_swv=warning_days_of(user))
    mine = Q(assignee_id=user.pk)
    pool = Q(assignee__isnull=True) & policies.werkvoorraad_filter(user)
    esc = Q(kind=WorkItem.Kind.ESCALATION) & (mine | pool)
    counts = WorkItem.objects.filter(Q(status=WorkItem.Status.OPEN) & (mine | pool)).aggregate(
        mine=Count("pk", filter=mine),
        mine_red=Count("pk", filter=mine & lights["red"]),
        mine_amber=Count("pk", filter=mine & lights["amber"]),
        pool=Count("pk", filter=pool),
        pool_red=Count("pk", filter=pool & lights["red"]),
        pool_amber=Count("pk", filter=pool & lights["amber"]),
        escalations=Count("pk", filter=esc),
        escalations_red=Count("pk", filter=esc & lights["red"]),
    )
    return TaskCounts(**counts)
