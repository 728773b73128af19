"""Breach forecast: which terms fall due in the next four weeks, for which role and person, and who can take
the work.

Everything comes from what the term engine already stored: a running term's `due_on` (counted by
cases.services.deadlines as the law counts it, pauses and extensions included) and its ladder
(`escalate_roles`, the roles that get an escalation when it is breached). A paused term does not fall due
while it is paused; it is listed apart with its projected date. No second set of term rules lives here.

A term is attributed to the open tasks of its case: what must happen before the due date to avoid the breach
is that task, by its assignee or, unassigned, by its role's werkvoorraad. A term whose case has no open task
waits on someone outside the inboxes (the school, the parents) and is shown under "geen open taak".
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Count
from django.utils.translation import gettext as _

from cases import clock
from cases.models import Deadline, Membership, WorkItem
from cases.roles import Role

WEEKS = 4
THROUGHPUT_DAYS = 28
NO_TASK = ""  # the role key of a term whose case has no open task


@dataclass
class Week:
    index: int
    start: dt.date
    end: dt.date

    @property
    def label(self) -> str:
        return _("week %(n)s (%(start)s t/m %(end)s)") % {
            "n": self.index + 1,
            "start": self.start.strftime("%d-%m"),
            "end": self.end.strftime("%d-%m"),
        }


@dataclass
class PredictedBreach:
    deadline_id: int
    case_id: int
    reference: str
    kind: str
    term: str
    due_on: dt.date
    week: int
    role: str
    role_label: str
    assignee_id: int | None
    assignee_name: str
    action: str
    escalates_to: list[str]
    explanation: str

    @property
    def why(self) -> str:
        """The prediction in words: what falls due, what must happen by when, and what follows otherwise."""
        who = self.assignee_name or (
            _("de werkvoorraad %(role)s") % {"role": self.role_label}
            if self.role
            else _("niemand in een inbox")
        )
        text = _("%(term)s van %(ref)s loopt af op %(due)s.") % {
            "term": self.term,
            "ref": self.reference,
            "due": self.due_on.strftime("%d-%m-%Y"),
        }
        if self.action:
            text += " " + _(
                "Om overschrijding te voorkomen moet %(who)s vóór die dag afronden: %(action)s."
            ) % {
                "who": who,
                "action": self.action,
            }
        else:
            text += " " + _("Er staat geen taak open: de zaak wacht op iemand buiten de inboxen.")
        if self.escalates_to:
            text += " " + _("Anders gaat er een escalatie naar: %(roles)s.") % {
                "roles": ", ".join(self.escalates_to)
            }
        return text


@dataclass
class RoleRow:
    role: str
    label: str
    per_week: list[int]
    escalations_per_week: list[int]
    overdue: int = 0
    levels: list[int] = field(default_factory=list)  # heatmap shade per week, 0 (none) to 4 (the busiest)

    @property
    def total(self) -> int:
        return sum(self.per_week)

    @property
    def cells(self) -> list[tuple[int, int, int]]:
        """(terms due, escalations expected, heat level) per week."""
        return list(zip(self.per_week, self.escalations_per_week, self.levels, strict=True))


@dataclass
class PersonLoad:
    user_id: int
    name: str
    role: str
    role_label: str
    open_tasks: int
    due_in_horizon: int
    done_recently: int
    absent: bool = False
    suggestion_id: int | None = None
    suggestion_name: str = ""

    @property
    def throughput_per_week(self) -> float:
        return round(self.done_recently * 7 / THROUGHPUT_DAYS, 1)

    @property
    def weeks_to_clear(self) -> float | None:
        """Open tasks divided by the recent weekly throughput; None when nothing was done recently."""
        if not self.done_recently:
            return None
        return round(self.open_tasks / (self.done_recently * 7 / THROUGHPUT_DAYS), 1)

    @property
    def overloaded(self) -> bool:
        """More work falls due in the horizon than this person finished in the same span before."""
        return self.due_in_horizon > self.done_recently

    @property
    def needs_cover(self) -> bool:
        return self.absent or (self.overloaded and self.due_in_horizon > 0)


@dataclass
class Forecast:
    swv_id: int
    today: dt.date
    weeks: list[Week]
    roles: list[RoleRow]
    breaches: list[PredictedBreach]
    paused: list[PredictedBreach]
    people: list[PersonLoad] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(r.total for r in self.roles)

    @property
    def weekly_totals(self) -> list[int]:
        return [sum(r.per_week[i] for r in self.roles) for i in range(WEEKS)]

    @property
    def needing_cover(self) -> list[PersonLoad]:
        return [p for p in self.people if p.needs_cover]


def role_label(role: str) -> str:
    if role == NO_TASK:
        return _("geen open taak")
    try:
        return str(Role(role).label)
    except ValueError:
        return role


def weeks_from(today: dt.date) -> list[Week]:
    return [
        Week(i, today + dt.timedelta(days=7 * i), today + dt.timedelta(days=7 * i + 6)) for i in range(WEEKS)
    ]


def absent_user_ids(swv_id: int, start: dt.date, end: dt.date) -> set[int]:
    """Members of the SWV with an absence (the inbox's absence records) on some day of the horizon."""
    from cases.models import Afwezigheid

    return set(
        Afwezigheid.objects.filter(
            starts_on__lte=end, ends_on__gte=start, ended_at__isnull=True, user__memberships__swv_id=swv_id
        )
        .values_list("user_id", flat=True)
        .distinct()
    )


def breach_forecast(*, swv_id: int, role: str | None = None, today: dt.date | None = None) -> Forecast:
    """The next four weeks of due terms of one SWV, per role and week, with the people and their load.

    A fixed handful of queries: the terms in the horizon, their cases' open tasks, the open and recently
    finished tasks per person, the members per role.
    """
    today = today or clock.today()
    weeks = weeks_from(today)
    horizon_end = weeks[-1].end
    terms = list(
        Deadline.objects.filter(
            case__swv_id=swv_id,
            case__closed_at__isnull=True,
            status__in=[Deadline.Status.RUNNING, Deadline.Status.PAUSED],
            due_on__isnull=False,
            due_on__lte=horizon_end,
        )
        .select_related("case")
        .order_by("due_on", "pk")
    )
    tasks_by_case: dict[int, list[WorkItem]] = defaultdict(list)
    for item in (
        WorkItem.objects.filter(
            case_id__in={t.case_id for t in terms}, status=WorkItem.Status.OPEN, kind=WorkItem.Kind.TASK
        )
        .select_related("assignee", "case")
        .order_by("created_at", "pk")
    ):
        tasks_by_case[item.case_id].append(item)

    role_rows: dict[str, RoleRow] = {}

    def row(code: str) -> RoleRow:
        if code not in role_rows:
            role_rows[code] = RoleRow(code, role_label(code), [0] * WEEKS, [0] * WEEKS)
        return role_rows[code]

    breaches: list[PredictedBreach] = []
    paused: list[PredictedBreach] = []
    for term in terms:
        week = min((term.due_on - today).days // 7, WEEKS - 1) if term.due_on >= today else -1
        ladder = list(term.escalate_roles or [Role.CONSULENT])
        holders = tasks_by_case.get(term.case_id) or [None]
        for item in holders:
            code = item.role if item is not None else NO_TASK
            if role and code != role:
                continue
            predicted = PredictedBreach(
                deadline_id=term.pk,
                case_id=term.case_id,
                reference=term.case.reference,
                kind=term.kind,
                term=term.display_label,
                due_on=term.due_on,
                week=week,
                role=code,
                role_label=role_label(code),
                assignee_id=item.assignee_id if item is not None else None,
                assignee_name=(item.assignee.get_full_name() or item.assignee.username)
                if item is not None and item.assignee_id
                else "",
                action=item.display_title if item is not None else "",
                escalates_to=[role_label(r) for r in ladder],
                explanation=term.display_explanation,
            )
            if term.status == Deadline.Status.PAUSED:
                paused.append(predicted)
                continue
            if week < 0:
                row(code).overdue += 1
                continue
            row(code).per_week[week] += 1
            breaches.append(predicted)
        if term.status == Deadline.Status.RUNNING and week >= 0:
            for r in ladder:
                if not role or r == role:
                    row(r).escalations_per_week[week] += 1
    order = {code: i for i, code in enumerate(Role.values)}
    roles = sorted(role_rows.values(), key=lambda r: order.get(r.role, len(order)))
    busiest = max([n for r in roles for n in r.per_week] or [0])
    for r in roles:
        r.levels = [0 if not n else 1 + min(3, (3 * n) // busiest) for n in r.per_week]
    forecast = Forecast(swv_id, today, weeks, roles, breaches, paused)
    forecast.people = _people(
        swv_id=swv_id, role=role, today=today, breaches=breaches, horizon_end=horizon_end
    )
    return forecast


def _people(*, swv_id, role, today, breaches, horizon_end) -> list[PersonLoad]:
    """Each member of an inbox role of the SWV with their open tasks, what falls due for them in the horizon,
    what they finished in the last four weeks, their absence, and for whoever needs cover the colleague of the
    same role with the most room."""
    staff_roles = [r for r in Role.values if r not in (Role.AUDITOR, Role.PRIVACY_OFFICER, Role.BEHEERDER)]
    if role:
        staff_roles = [r for r in staff_roles if r == role]
    members = (
        Membership.objects.filter(swv_id=swv_id, role__in=staff_roles, user__is_active=True)
        .exclude(role=Role.SCHOOL)
        .exclude(role=Role.LEERPLICHTAMBTENAAR)
        .values_list("user_id", "role")
        .distinct()
    )
    by_user: dict[int, list[str]] = defaultdict(list)
    for user_id, member_role in members:
        by_user[user_id].append(member_role)
    if not by_user:
        return []
    users = {u.pk: u for u in get_user_model().objects.filter(pk__in=by_user)}
    open_counts = dict(
        WorkItem.objects.filter(swv_id=swv_id, status=WorkItem.Status.OPEN, assignee_id__in=by_user)
        .values_list("assignee_id")
        .annotate(n=Count("pk"))
        .values_list("assignee_id", "n")
    )
    since = clock.now() - dt.timedelta(days=THROUGHPUT_DAYS)
    done_counts = dict(
        WorkItem.objects.filter(
            swv_id=swv_id, status=WorkItem.Status.DONE, completed_by_id__in=by_user, completed_at__gte=since
        )
        .values_list("completed_by_id")
        .annotate(n=Count("pk"))
        .values_list("completed_by_id", "n")
    )
    due_counts: dict[int, int] = defaultdict(int)
    for b in breaches:
        if b.assignee_id:
            due_counts[b.assignee_id] += 1
    absent = absent_user_ids(swv_id, today, horizon_end)
    people = []
    for user_id, roles in by_user.items():
        user = users.get(user_id)
        if user is None:
            continue
        for member_role in sorted(set(roles), key=Role.values.index):
            people.append(
                PersonLoad(
                    user_id=user_id,
                    name=user.get_full_name() or user.username,
                    role=member_role,
                    role_label=role_label(member_role),
                    open_tasks=open_counts.get(user_id, 0),
                    due_in_horizon=due_counts.get(user_id, 0),
                    done_recently=done_counts.get(user_id, 0),
                    absent=user_id in absent,
                )
            )
    for person in people:
        if not person.needs_cover:
            continue
        candidates = [
            p
            for p in people
            if p.role == person.role and p.user_id != person.user_id and not p.absent and not p.overloaded
        ]
        if candidates:
            best = min(candidates, key=lambda p: (p.open_tasks - p.done_recently, p.name))
            person.suggestion_id, person.suggestion_name = best.user_id, best.name
    people.sort(key=lambda p: (Role.values.index(p.role), -p.due_in_horizon, p.name))
    return people


def send_weekly_digest(*, today: dt.date | None = None) -> int:
    """The week's forecast digest to every coordinator of every SWV, once per ISO week (the notification key
    holds the week: a second run in the same week sends nothing). Counts only, no personal data: the link
    opens the page. Returns the number of notifications created."""
    from django.urls import reverse

    from cases import policies
    from cases.models import Swv
    from cases.texts import Text
    from notifications.models import Notification
    from notifications.services import notify

    today = today or clock.today()
    year, week, _weekday = today.isocalendar()
    sent = 0
    for swv in Swv.objects.order_by("code"):
        users = set()
        for member_role in policies.DASHBOARD_ROLES:
            users.update(policies.role_members(member_role, swv_id=swv.pk))
        if not users:
            continue
        f = breach_forecast(swv_id=swv.pk, today=today)
        per_week = [sum(r.per_week[i] for r in f.roles) for i in range(WEEKS)]
        escalations = sum(sum(r.escalations_per_week) for r in f.roles)
        sent += notify(
            users=users,
            kind=Notification.Kind.FORECAST,
            title=Text(
                "Vooruitblik termijnen %(swv)s: %(n)s termijn(en) lopen af in de komende vier weken",
                swv=swv.code,
                n=sum(per_week),
            ).dutch(),
            body=Text(
                "Per week: %(weeks)s. Al verlopen: %(overdue)s. Verwachte escalaties: %(escalations)s.",
                weeks=" / ".join(str(n) for n in per_week),
                overdue=sum(r.overdue for r in f.roles),
                escalations=escalations,
            ).dutch(),
            link=f"{reverse('forecast')}?swv={swv.pk}",
            key=f"forecast:{swv.pk}:{year}-W{week:02d}",
        )
    return sent
