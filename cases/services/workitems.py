"""Work items (inbox rows): created with their viewflow task, claimed, released, reassigned, closed."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_noop

from cases import clock, policies
from cases.errors import Conflict, DomainError, NotPermitted, ValidationFailed
from cases.models import CaseEvent, WorkItem
from cases.services.common import _emit, record_event, refusals_logged, save_with_history
from cases.texts import Text
from notifications.models import Notification
from notifications.services import notify


def workitem_create(
    *,
    case,
    node: str,
    title: str,
    role: str,
    task=None,
    assignee=None,
    school=None,
    gemeente=None,
    deadline=None,
    kind=WorkItem.Kind.TASK,
    instructions: str = "",
    idempotency_key: str | None = None,
    due_at=None,
    by=None,
) -> WorkItem:
    if deadline is not None and due_at is None and deadline.due_on:
        due_at = clock.end_of_day(deadline.due_on)
    absent = None
    vervanger = policies.vervanger_of(assignee) if assignee is not None else None
    if vervanger is not None:  # a named assignee who is away today: the task goes to their vervanger
        absent, assignee = assignee, vervanger
    item = WorkItem(
        case=case,
        kind=kind,
        task=task,
        node=node,
        title=str(title),
        role=role,
        swv=case.swv,
        school=school,
        gemeente=gemeente,
        assignee=assignee,
        deadline=deadline,
        due_at=due_at,
        instructions=instructions,
        created_at=clock.now(),
        idempotency_key=idempotency_key,
        priority=10 if kind == WorkItem.Kind.ESCALATION else 0,
    )
    save_with_history(item, by=by, reason="aangemaakt")
    record_event(
        case=case,
        kind=CaseEvent.Kind.ESCALATION if kind == WorkItem.Kind.ESCALATION else CaseEvent.Kind.TASK,
        actor=by,
        action="workitem_create",
        summary=Text(
            gettext_noop("Escalatie: %(task)s (%(who)s)")
            if kind == WorkItem.Kind.ESCALATION
            else gettext_noop("Nieuwe taak: %(task)s (%(who)s)"),
            task=_title(item),
            who=Text(
                gettext_noop("voor %(name)s, vervanger van %(absent)s"),
                name=_name(assignee),
                absent=_name(absent),
            )
            if absent
            else Text(gettext_noop("voor %(name)s"), name=assignee.get_full_name() or assignee.username)
            if assignee
            else Text(gettext_noop("werkvoorraad %(role)s"), role=_role_label(role)),
        ),
        data={"work_item": item.pk, "role": role, **({"instead_of": absent.pk} if absent else {})},
    )
    if kind == WorkItem.Kind.ESCALATION:  # webhooks
        _emit("case.escalation", case, {"work_item": item.pk, "role": role, "title": item.title})
    recipients = (
        [assignee]
        if assignee
        else list(
            policies.role_members(
                role,
                swv_id=case.swv_id,
                school_id=getattr(school, "pk", None),
                gemeente_id=getattr(gemeente, "pk", None),
            )
        )
    )
    # nobody is told about a task they created themselves (a school that starts its own aanvraag)
    recipients = [user for user in recipients if by is None or user.pk != by.pk]
    notify(
        users=recipients,
        kind=Notification.Kind.ESCALATION if kind == WorkItem.Kind.ESCALATION else Notification.Kind.NEW_TASK,
        title=f"{'Escalatie' if kind == WorkItem.Kind.ESCALATION else 'Nieuwe taak'}: {item.title} "
        f"({case.reference})",
        body=gettext_noop("Er staat een nieuwe taak voor u klaar.")
        if kind == WorkItem.Kind.TASK
        else gettext_noop("Een termijn is overschreden; er is actie van u nodig."),
        case=case,
        link=reverse("workitem", args=[item.pk]),
        key=f"workitem:{item.pk}",
    )
    return item


def _name(user) -> str:
    return user.get_full_name() or user.username


def on_behalf_of(item: WorkItem, by):
    """The absent assignee for whom `by` acts as vervanger on this item, or None (acting for themselves)."""
    if by is None or item.assignee_id is None or item.assignee_id == by.pk:
        return None
    if item.assignee_id in policies.represented_user_ids(by):
        return item.assignee
    return None


def workitem_once(*, idempotency_key: str, **fields) -> WorkItem:
    """The work item with this idempotency key: the one made before (a sweep run again), or a new one."""
    existing = WorkItem.objects.filter(idempotency_key=idempotency_key).first()
    return existing or workitem_create(idempotency_key=idempotency_key, **fields)


def _title(item: WorkItem):
    """The task's title as a text parameter: a flow task's title is a label, any other a stored line."""
    title = item.display_title
    return title if not isinstance(title, str) else Text(item.title)


def _role_label(role: str):
    from cases.roles import Role

    return Role(role).label if role in Role.values else role


def _event(item: WorkItem, *, by, action: str, summary, reason: str = "", data=None) -> None:
    record_event(
        case=item.case,
        kind=CaseEvent.Kind.TASK,
        actor=by,
        action=action,
        summary=summary,
        reason=reason,
        data=data or {"work_item": item.pk},
    )


def lock(item: WorkItem) -> WorkItem:
    return WorkItem.objects.select_for_update(of=("self",)).select_related("case", "task").get(pk=item.pk)


def _sync_viewflow_owner(item: WorkItem, user) -> None:
    task = item.task
    if task is None:
        return
    from viewflow.workflow.status import STATUS

    task.refresh_from_db()
    task.owner = user
    task.status = STATUS.ASSIGNED if user is not None else STATUS.NEW
    task.assigned = clock.now() if user is not None else None
    task.save()


def workitem_claim(*, item: WorkItem, by) -> WorkItem:
    with refusals_logged(case=item.case, action="taak oppakken", by=by), transaction.atomic():
        item = lock(item)
        if item.status != WorkItem.Status.OPEN:
            raise Conflict("Deze taak is al afgerond of vervallen.")
        if item.assignee_id is not None:
            if item.assignee_id == by.pk:
                return item
            raise Conflict("Deze taak is al door iemand anders opgepakt.")
        check_may_take(item, by)
        item.assignee = by
        save_with_history(item, by=by, reason="opgepakt")
        _sync_viewflow_owner(item, by)
        _event(
            item,
            by=by,
            action="workitem_claim",
            summary=Text(gettext_noop("Taak opgepakt: %(task)s"), task=_title(item)),
        )
        return item


def workitem_release(*, item: WorkItem, by) -> WorkItem:
    with refusals_logged(case=item.case, action="taak teruggeven", by=by), transaction.atomic():
        item = lock(item)
        if item.status != WorkItem.Status.OPEN:
            raise Conflict("Deze taak is al afgerond of vervallen.")
        if item.assignee_id != by.pk:
            raise NotPermitted("Alleen wie de taak heeft, kan haar teruggeven.")
        item.assignee = None
        save_with_history(item, by=by, reason="teruggegeven")
        _sync_viewflow_owner(item, None)
        _event(
            item,
            by=by,
            action="workitem_release",
            summary=Text(gettext_noop("Taak teruggegeven aan de werkvoorraad: %(task)s"), task=_title(item)),
        )
        return item


def workitem_reassign(*, item: WorkItem, by, to, reason: str) -> WorkItem:
    with refusals_logged(case=item.case, action="taak toewijzen", by=by):
        return _reassign(item=item, by=by, to=to, reason=reason)


def _reassign(*, item: WorkItem, by, to, reason: str) -> WorkItem:
    with transaction.atomic():
        item = lock(item)
        if not policies.can(by, "workitem.reassign", item):
            raise NotPermitted(
                "Alleen een consulent of beheerder van het samenwerkingsverband kan taken toewijzen."
            )
        if item.status != WorkItem.Status.OPEN:
            raise Conflict("Deze taak is al afgerond of vervallen.")
        if not reason or not reason.strip():
            raise ValidationFailed(
                "Geef een reden voor het toewijzen.", code="toewijzen-reden", field="reason"
            )
        if not policies.may_claim(to, item):
            _explain_refusal(item, to)
            raise ValidationFailed(
                f"{to.get_full_name() or to} heeft niet de rol of organisatie voor deze taak.",
                code="toewijzen-rol",
                field="to",
            )
        previous = item.assignee
        item.assignee = to
        item.follow_up_at = None  # a wedervoorlegging was the previous assignee's planning
        save_with_history(
            item,
            by=by,
            reason=f"toegewezen van {_name(previous)} aan {_name(to)}: {reason}"
            if previous
            else f"toegewezen aan {_name(to)}: {reason}",
        )
        _sync_viewflow_owner(item, to)
        _event(
            item,
            by=by,
            action="workitem_reassign",
            summary=Text(
                gettext_noop("Taak toegewezen aan %(name)s (was %(old)s): %(task)s"),
                name=to.get_full_name() or str(to),
                old=_name(previous),
                task=_title(item),
            )
            if previous
            else Text(
                gettext_noop("Taak toegewezen aan %(name)s: %(task)s"),
                name=to.get_full_name() or str(to),
                task=_title(item),
            ),
            reason=reason,
            data={"work_item": item.pk, "from": getattr(previous, "pk", None), "to": to.pk},
        )
        notify(
            users=[to] if to.pk != getattr(by, "pk", None) else [],  # taking a task oneself needs no message
            kind=Notification.Kind.NEW_TASK,
            title=f"Taak toegewezen: {item.title} ({item.case.reference})",
            body=gettext_noop("Er is een taak aan u toegewezen."),
            case=item.case,
            link=reverse("workitem", args=[item.pk]),
            key=f"workitem:{item.pk}:assign:{clock.now().timestamp()}",
        )
        return item


def check_may_take(item: WorkItem, user) -> None:
    """May `user` take `item`: policies.may_claim (the werkvoorraad's own rule), and where it says no, the
    route's rule that explains why (e.g. deskundige independence) before the general refusal."""
    if policies.may_claim(user, item):
        return
    _explain_refusal(item, user)
    raise NotPermitted("Deze taak hoort niet bij uw rol of organisatie.")


def _explain_refusal(item: WorkItem, user) -> None:
    """Raise the route's own refusal where one explains why a user of the right role may not take `item`."""
    if item.node.startswith(policies.DESKUNDIGENADVIES) and policies.scope_of(user).has_role(
        item.role, item.swv_id
    ):
        from cases.services.tlv import check_deskundige_may_advise

        check_deskundige_may_advise(aanvraag=item.case.tlv, user=user, node=item.node)


def take_for_completion(*, item: WorkItem, by) -> WorkItem:
    """Lock an open work item for completion by `by` (claiming it if it sits in the werkvoorraad)."""
    item = lock(item)
    if item.status != WorkItem.Status.OPEN:
        raise Conflict()
    if item.assignee_id is None:
        check_may_take(item, by)
        item.assignee = by
        _sync_viewflow_owner(item, by)
    elif item.assignee_id != by.pk:
        if on_behalf_of(item, by) is None:
            raise Conflict("Deze taak is opgepakt door iemand anders.")
        item._namens = item.assignee  # the vervanger completes it "namens" the absent assignee
    return item


def workitem_close(*, item: WorkItem, by, status=WorkItem.Status.DONE, reason: str = "") -> WorkItem:
    namens = getattr(item, "_namens", None) or (
        on_behalf_of(item, by) if status == WorkItem.Status.DONE else None
    )
    item.status = status
    item.completed_at = clock.now()
    item.completed_by = by
    history_reason = reason or ("afgerond" if status == WorkItem.Status.DONE else "vervallen")
    if namens is not None:
        history_reason = f"{history_reason} namens {_name(namens)}"
    save_with_history(item, by=by, reason=history_reason)
    if namens is not None:
        summary = Text(
            gettext_noop("Taak afgerond door %(name)s namens %(absent)s: %(task)s"),
            name=_name(by),
            absent=_name(namens),
            task=_title(item),
        )
    else:
        summary = Text(
            gettext_noop("Taak afgerond: %(task)s")
            if status == WorkItem.Status.DONE
            else gettext_noop("Taak vervallen: %(task)s"),
            task=_title(item),
        )
    _event(
        item,
        by=by,
        action="workitem_close",
        summary=summary,
        reason=reason,
        data={"work_item": item.pk, **({"namens": namens.pk} if namens is not None else {})},
    )
    return item


def cancel_open_items(*, case, by, reason: str, kind=None) -> int:
    qs = WorkItem.objects.select_for_update().filter(case=case, status=WorkItem.Status.OPEN)
    if kind:
        qs = qs.filter(kind=kind)
    n = 0
    for item in qs:
        workitem_close(item=item, by=by, status=WorkItem.Status.CANCELLED, reason=reason)
        n += 1
    return n


# --- wedervoorlegging (follow-up) ------------------------------------------------------------------------


def workitem_follow_up(*, item: WorkItem, by, on, reason: str = "") -> WorkItem:
    """Set (or with `on=None` clear) the wedervoorlegging of a task: it leaves its assignee's list until
    the start of day `on` and then returns, marked. Only the assignee (or their vervanger) does this; `on`
    must lie after today."""
    with refusals_logged(case=item.case, action="wedervoorlegging", by=by), transaction.atomic():
        item = lock(item)
        if item.status != WorkItem.Status.OPEN:
            raise Conflict("Deze taak is al afgerond of vervallen.")
        if item.assignee_id is None:
            raise ValidationFailed(
                "Pak de taak eerst op; een wedervoorlegging hoort bij een taak op naam.",
                code="wedervoorlegging-zonder-eigenaar",
            )
        namens = on_behalf_of(item, by)
        if item.assignee_id != by.pk and namens is None:
            raise NotPermitted("Alleen wie de taak heeft, kan een wedervoorlegging instellen.")
        if on is not None and on <= clock.today():
            raise ValidationFailed(
                "Kies een datum voor de wedervoorlegging na vandaag.",
                code="wedervoorlegging-verleden",
                field="on",
            )
        previous = item.follow_up_at
        item.follow_up_at = clock.start_of_day(on) if on is not None else None
        text = "wedervoorlegging" + (f" op {on:%d-%m-%Y}" if on else " opgeheven")
        if namens is not None:
            text += f" namens {_name(namens)}"
        save_with_history(item, by=by, reason=f"{text}: {reason}" if reason else text)
        if on is not None:
            summary = Text(
                gettext_noop("Wedervoorlegging op %(date)s: %(task)s"),
                date=f"{on:%d-%m-%Y}",
                task=_title(item),
            )
        else:
            summary = Text(gettext_noop("Wedervoorlegging opgeheven: %(task)s"), task=_title(item))
        if namens is not None:
            summary = Text(gettext_noop("%(line)s (namens %(absent)s)"), line=summary, absent=_name(namens))
        _event(
            item,
            by=by,
            action="workitem_follow_up",
            summary=summary,
            reason=reason,
            data={
                "work_item": item.pk,
                "from": previous.isoformat() if previous else None,
                "to": item.follow_up_at.isoformat() if item.follow_up_at else None,
                **({"namens": namens.pk} if namens is not None else {}),
            },
        )
        return item


# --- bulk reassignment -------------------------------------------------------------------------------------

BULK_REASSIGN_MAX = 100


def workitems_reassign(*, items, by, to, reason: str) -> list[WorkItem]:
    """Reassign several tasks at once (a coordinator): all or none, each logged with its old and new
    assignee. A refusal of one task refuses the whole batch with that task's reason."""
    items = list(items)
    if not items:
        raise ValidationFailed("Kies een of meer taken om toe te wijzen.", code="toewijzen-geen-taken")
    if len(items) > BULK_REASSIGN_MAX:
        raise ValidationFailed(
            f"Wijs hoogstens {BULK_REASSIGN_MAX} taken tegelijk toe.", code="toewijzen-te-veel", field="tasks"
        )
    failed = None
    try:
        with transaction.atomic():
            done = []
            for item in items:
                failed = item
                done.append(_reassign(item=item, by=by, to=to, reason=reason))
            return done
    except DomainError as exc:  # logged after the rollback, on the case of the task that was refused
        with refusals_logged(case=failed.case, action="taken toewijzen", by=by):
            if len(items) > 1:
                exc.message = f"{failed.case.reference}: {exc.message}"
            raise
