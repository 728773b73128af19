"""Read models for the audit views: a case's full timeline across all its routes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cases.event_text import event_text, is_rendered_transition
from cases.models import Case
from cases.roles import Role


@dataclass
class Line:
    at: dt.datetime
    source: str
    who: str
    what: str
    detail: str = ""
    actor_id: int | None = None


def _name(user) -> str:
    if user is None:
        return _("systeem")
    return user.get_full_name() or user.username


def _aware(day: dt.date, end=False) -> dt.datetime:
    from django.utils import timezone

    t = dt.time.max if end else dt.time.min
    return timezone.make_aware(dt.datetime.combine(day, t))


def timeline(
    case: Case, *, van: dt.date | None = None, tot: dt.date | None = None, user_id=None
) -> list[Line]:
    """Every line of the case: timeline events (states, refusals, deadlines, escalations), tasks,
    documents and notifications sent, in time order."""
    from notifications.models import Notification

    lines: list[Line] = []
    for ev in case.events.select_related("actor"):
        # a status change names its states in its line (labels); the codes only when no label is known
        detail = ""
        if not is_rendered_transition(ev):
            detail = " → ".join(s for s in (ev.from_state, ev.to_state) if s)
        if ev.reason:
            detail = f"{detail} ({_('reden')}: {ev.reason})" if detail else f"{_('reden')}: {ev.reason}"
        lines.append(Line(ev.at, ev.get_kind_display(), _name(ev.actor), event_text(ev), detail))
        lines[-1].actor_id = ev.actor_id
    for item in case.work_items.select_related("assignee", "completed_by"):
        line = Line(item.created_at, _("Taak"), _("systeem"), _("Taak aangemaakt: %s") % item.display_title)
        line.detail = _("rol %(role)s, toegewezen aan %(who)s") % {
            "role": Role(item.role).label if item.role in Role.values else item.role,
            "who": _name(item.assignee) if item.assignee_id else "-",
        }
        line.actor_id = None
        lines.append(line)
        if item.completed_at:
            done = Line(
                item.completed_at,
                _("Taak"),
                _name(item.completed_by) if item.completed_by_id else _("systeem"),
                _("Taak %(status)s: %(title)s")
                % {"status": item.get_status_display(), "title": item.display_title},
            )
            done.actor_id = item.completed_by_id
            lines.append(done)
    for doc in case.documents.select_related("uploaded_by"):
        line = Line(
            doc.uploaded_at,
            _("Document"),
            _name(doc.uploaded_by),
            f"{doc.get_kind_display()}: {doc.original_name}",
            f"sha256 {doc.sha256}",
        )
        line.actor_id = doc.uploaded_by_id
        lines.append(line)
    for n in Notification.objects.filter(case=case).select_related("user"):
        line = Line(
            n.created_at,
            _("Bericht"),
            _("systeem"),
            _("%(kind)s aan %(to)s: %(title)s")
            % {"kind": n.get_kind_display(), "to": _name(n.user), "title": n.title},
            _("gemaild %s") % date_format(timezone.localtime(n.emailed_at), "j M Y H:i")
            if n.emailed_at
            else "",
        )
        line.actor_id = None
        lines.append(line)
    if van:
        lines = [li for li in lines if li.at >= _aware(van)]
    if tot:
        lines = [li for li in lines if li.at <= _aware(tot, end=True)]
    if user_id:
        lines = [li for li in lines if li.actor_id == user_id]
    lines.sort(key=lambda li: li.at)
    return lines


def filter_cases(qs: QuerySet, params) -> QuerySet:
    """The audit case list: period (events in it), route, user (acted on the case), organisation (school)."""
    van, tot = params.get("van"), params.get("tot")
    if params.get("route"):
        qs = qs.filter(route=params["route"])
    if params.get("school"):
        qs = qs.filter(school_id=params["school"])
    ev = Q()
    if van:
        ev &= Q(events__at__gte=_aware(van))
    if tot:
        ev &= Q(events__at__lte=_aware(tot, end=True))
    if params.get("user"):
        ev &= Q(events__actor_id=params["user"])
    if ev:
        qs = qs.filter(pk__in=Case.objects.filter(ev).values("pk"))
    return qs
