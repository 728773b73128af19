"""Term warnings and escalations: what the sweep does when a deadline reaches a step."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_noop

from cases import clock, policies
from cases.errors import Conflict, NotPermitted, ValidationFailed
from cases.models import CaseEvent, Deadline, WorkItem
from cases.roles import Role
from cases.services.common import record_event, refusals_logged
from cases.services.workitems import lock, workitem_close, workitem_once
from cases.texts import Text
from notifications.models import Notification
from notifications.services import notify

ESCALATION_DAYS = 5


def term_warning(*, deadline: Deadline, by) -> None:
    kind_hooks = _kind_hooks(deadline.kind)
    if kind_hooks is not None:
        return kind_hooks.on_signal_warning(deadline=deadline, by=by)
    case = deadline.case
    record_event(
        case=case,
        kind=CaseEvent.Kind.DEADLINE,
        actor=by,
        action="deadline_warning",
        summary=Text(
            gettext_noop("Waarschuwing: %(term)s loopt af op %(due)s"),
            term=Text(deadline.label),
            due=deadline.due_on,
        ),
        data={"deadline": deadline.pk, "explanation": deadline.explanation},
    )
    users = set()
    open_tasks = WorkItem.objects.filter(case=case, status=WorkItem.Status.OPEN, kind=WorkItem.Kind.TASK)
    for item in open_tasks.select_related("assignee"):
        if item.assignee_id:
            users.add(item.assignee)
        else:
            users.update(
                policies.role_members(
                    item.role, swv_id=item.swv_id, school_id=item.school_id, gemeente_id=item.gemeente_id
                )
            )
    notify(
        users=users,
        kind=Notification.Kind.TERM_WARNING,
        title=f"Termijn loopt af: {deadline.label} ({case.reference}) uiterlijk {deadline.due_on:%d-%m-%Y}",
        body=deadline.explanation,
        case=case,
        link=reverse("case_detail", args=[case.pk]),
        key=f"deadline:{deadline.pk}:warning",
    )


def term_breach(*, deadline: Deadline, by) -> list[WorkItem]:
    kind_hooks = _kind_hooks(deadline.kind)
    if kind_hooks is not None:
        return kind_hooks.on_signal_breach(deadline=deadline, by=by)
    if deadline.kind in ("tlv_hersteltermijn", "tlv_informatietermijn"):
        from cases.services import tlv

        tlv.answer_term_expired(deadline=deadline, by=by)  # the beslistermijn runs again (Awb 4:15)
    case = deadline.case
    record_event(
        case=case,
        kind=CaseEvent.Kind.DEADLINE,
        actor=by,
        action="deadline_breach",
        summary=Text(
            gettext_noop("Termijn overschreden: %(term)s (uiterlijk %(due)s)"),
            term=Text(deadline.label),
            due=deadline.due_on,
        ),
        data={"deadline": deadline.pk, "explanation": deadline.explanation},
    )
    from cases.services.ouderberichten import escalation_notices_send

    escalation_notices_send(deadline=deadline, by=by)  # the ouders of a route they are a party to
    items = []
    hooks = _route_hooks(case)
    roles = deadline.escalate_roles or [Role.CONSULENT]
    if hooks is not None:
        targets = hooks.escalation_targets(deadline=deadline, roles=roles)
    else:
        targets = [(role, None, None) for role in roles]
    for role, school, gemeente in targets:
        items.append(
            workitem_once(
                case=case,
                kind=WorkItem.Kind.ESCALATION,
                node=f"escalatie_{deadline.kind}",
                title=Text(gettext_noop("Termijn overschreden: %(term)s"), term=Text(deadline.label)).dutch(),
                role=role,
                school=school,
                gemeente=gemeente,
                deadline=deadline,  # the breached term: the escalation shows its colour
                due_at=clock.now() + dt.timedelta(days=ESCALATION_DAYS),
                instructions=(
                    f"De {deadline.label} van {case.reference} is verstreken. {deadline.explanation} "
                    "Leg vast welke actie u neemt."
                ),
                idempotency_key=f"deadline:{deadline.pk}:breach:{role}",
                by=by,
            )
        )
    if hooks is not None:
        hooks.on_breach(deadline=deadline, by=by)
    return items


def _route_hooks(case):
    """Route-specific escalation scoping (gemeente, school) and side effects; None for TLV."""
    if case.route == "thuiszitter":
        from cases.services import thuiszitter

        return thuiszitter
    if case.route == "overstap":
        from cases.services import overstap

        return overstap
    if case.route == "zorgplicht":
        from cases.services import zorgplicht

        return zorgplicht
    return None


def _kind_hooks(kind: str):
    """Deadlines whose warning and breach are signals, not overdue terms (the TLV's einddatum)."""
    if kind in ("tlv_verlenging_signaal", "tlv_vso_vo_signaal", "tlv_jong_review_signaal"):
        from cases.services import tlv_lifecycle

        return tlv_lifecycle
    if kind == "screening_herscreening":  # re-screen task on the day
        from cases.services import screening

        return screening
    if kind in ("loket_evaluatie_tussentijds", "loket_evaluatie_eind"):  # evaluation tasks on the day
        from cases.services import loket

        return loket
    if kind in ("schakel_nazorg_3", "schakel_nazorg_12"):  # aftercare checkpoint tasks
        from cases.services import schakel

        return schakel
    if kind == "overleg_terugkoppeling":  # the case table's follow-up: a task for the chair on the day
        from cases.services import overleg

        return overleg
    return None


def escalation_resolve(*, item: WorkItem, by, action_taken: str) -> WorkItem:
    with refusals_logged(case=item.case, action="escalatie afhandelen", by=by), transaction.atomic():
        item = lock(item)
        if item.kind != WorkItem.Kind.ESCALATION:
            raise ValidationFailed("Dit is geen escalatie.")
        if item.status != WorkItem.Status.OPEN:
            raise Conflict("Deze escalatie is al afgehandeld.")
        if not policies.may_act_on_workitem(by, item):
            raise NotPermitted("Deze escalatie hoort niet bij uw rol of organisatie.")
        if not action_taken or not action_taken.strip():
            raise ValidationFailed("Beschrijf welke actie u heeft genomen.", field="action_taken")
        item.assignee = item.assignee or by
        return workitem_close(item=item, by=by, reason=action_taken.strip())
