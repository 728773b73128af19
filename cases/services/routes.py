"""Machinery every route's services share, written once; each route fills it in with its own record, states,
nodes and labels: opening a case (`start_case`, `record_created`, `start_flow`), the route record's lock and
transitions (`RouteRecord`), reopening a closed record (`RouteRecord.reopen`), the work item a flow node
opens (`task_item`), the open task of a step and finishing it, case references."""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from contextlib import contextmanager

from django.db import IntegrityError, transaction
from django.db.models import IntegerField, Max
from django.db.models.functions import Cast, Substr
from django.utils import translation

from cases import clock, profiles
from cases.errors import Conflict, ValidationFailed
from cases.models import Case, ReferenceCounter, Swv, WorkItem
from cases.roles import Role
from cases.services.common import (
    _emit,
    apply_transition,
    history_reason,
    record_event,
    refusals_logged,
    save_with_history,
)
from cases.services.workitems import take_for_completion, workitem_close, workitem_create
from workflows import engine

log = logging.getLogger(__name__)


class RouteRecord:
    """A route's own record (the screening, the schakeltraject, the thuiszittermelding, ...): how its services
    lock it and move it through its states. A route makes one with its model and its condition messages."""

    def __init__(
        self,
        model,
        route: str,
        *,
        condition_messages: dict[str, str],
        related: tuple[str, ...] = (),
        one_open: tuple[str, str, str] | None = None,
    ):
        self.model = model
        self.route = route
        self.condition_messages = condition_messages
        self.related = ("case", "case__swv", "case__school", "case__leerling", *related)
        self.one_open = one_open  # (closed status, what, refusal code): one open record per pupil

    def start_case(self, *, leerling, school, by, reason: str, swv_id=None) -> Case:
        """Open a case on this route (`start_case`), refused while the pupil has an open one (`one_open`)."""
        check = None
        if self.one_open is not None:
            closed, what, code = self.one_open
            open_records = self.model.objects.filter(case__leerling=leerling).exclude(status=closed)
            check = refuse_second(open_records, what=what, code=code)
        return start_case(
            route=self.route,
            leerling=leerling,
            school=school,
            by=by,
            reason=reason,
            swv_id=swv_id,
            check=check,
        )

    def lock(self, record):
        """The record again, locked (not its case) for the rest of the transaction."""
        return (
            self.model.objects.select_for_update(of=("self",)).select_related(*self.related).get(pk=record.pk)
        )

    def transition(self, record, name, *, by, reason="", **kwargs):
        return apply_transition(
            record, name, by=by, reason=reason, condition_messages=self.condition_messages, **kwargs
        )

    @contextmanager
    def step(self, record, *, action: str, by):
        """One step on the record: a refusal is logged on the case's timeline (after the rollback) as
        `action`, the step runs in one transaction, and the record is locked for it (yielded)."""
        with refusals_logged(case=record.case, action=action, by=by), transaction.atomic():
            yield self.lock(record)

    @staticmethod
    def open_item(record, node: str, by) -> WorkItem:
        return open_item(record.case, node, by)

    def reopen(self, record, *, by, reason: str, transition: str = "heropenen", restart=None, **kwargs):
        """Reopen a closed record, with a required reason: `<route>.reopen` in cases/policies.py decides who
        (SWV staff of the case's SWV), the record's `transition` moves it back to its first working state,
        whatever still ran is stopped (terms, work items, the old process), the case is open again and loses
        its archive dates (set anew at the next closure) and its place on a destruction list under review,
        and `restart(record)` starts the route's work again (its flow and first term). Refused when the case
        is on an approved destruction list, past its archiefactiedatum, or when the pupil already has an
        open record of this route. Every refusal is on the case's timeline."""
        with self.step(record, action="heropenen", by=by) as r:
            reason = (reason or "").strip()
            if not reason:
                raise ValidationFailed("Geef een reden voor het heropenen.", field="reason")
            case = r.case
            if case.closed_at is None:
                raise Conflict(
                    f"Deze casus is niet afgesloten ({r.get_status_display()}); alleen een afgesloten casus "
                    "kan worden heropend.",
                    code="heropenen-niet-afgesloten",
                )
            if self.one_open is not None:
                closed, what, code = self.one_open
                other = (
                    self.model.objects.filter(case__leerling=case.leerling_id)
                    .exclude(status=closed)
                    .exclude(pk=r.pk)
                    .select_related("case")
                    .first()
                )
                if other is not None:
                    ref = other.case.reference
                    raise Conflict(f"Er loopt al {what} voor deze leerling: {ref}.", code=code)
            from cases.services.vernietiging import reopen_check

            reopen_check(case, by=by, reason=reason)  # archive: bewaartermijn and destruction lists
            self.transition(r, transition, by=by, reason=reason, **kwargs)
            reopen_case(case, by=by, reason=reason, process=getattr(r, "process", None))
            if restart is not None:
                restart(r)
            return r


def open_item(case, node: str, by) -> WorkItem:
    """The open work item of `node` on this case, locked and taken by `by` (claimed from the werkvoorraad)."""
    item = WorkItem.objects.filter(case=case, node=node, status=WorkItem.Status.OPEN).order_by("-pk").first()
    if item is None:
        raise Conflict(
            "Deze taak staat niet (meer) open. Iemand anders heeft haar misschien al afgerond.",
            code="task-not-open",
        )
    return take_for_completion(item=item, by=by)


def finish(item: WorkItem, *, by, reason: str = "") -> None:
    """Close the work item and, when it has one, complete its viewflow task (the flow moves on)."""
    workitem_close(item=item, by=by, reason=reason)
    if item.task_id:
        engine.complete_task(item.task, by=by)


def next_reference(swv, route_prefix: str) -> str:
    """`<PREFIX>-<SWV code>-<year>-<nnnn>`, numbered per SWV, route and year: one counter row per prefix,
    locked until the caller's transaction ends, so concurrent new cases get consecutive numbers."""
    prefix = f"{route_prefix}-{swv.code.replace(' ', '')}-{clock.today().year}-"
    counter = ReferenceCounter.objects.select_for_update().filter(prefix=prefix).first()
    if counter is None:  # the first case with this prefix (or cases made before the counters existed)
        try:
            with transaction.atomic():
                counter = ReferenceCounter.objects.create(prefix=prefix, last=highest_number(prefix))
        except IntegrityError:  # another transaction created it just now: wait for its lock
            counter = ReferenceCounter.objects.select_for_update().get(prefix=prefix)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{prefix}{counter.last:04d}"


def highest_number(prefix: str) -> int:
    """The highest number among existing references with this prefix (0 if none): an aggregate over the
    prefix's rows, never an ORDER BY reference LIMIT 1 (PostgreSQL may walk the whole index backwards)."""
    number = Cast(Substr("reference", len(prefix) + 1), output_field=IntegerField())
    return Case.objects.filter(reference__startswith=prefix).aggregate(n=Max(number))["n"] or 0


REFERENCE_PREFIXES = {
    "tlv": "TLV",
    "thuiszitter": "TZ",
    "zorgplicht": "ZP",
    "screening": "ZO",
    "schakel": "SK",
    "loket": "OA",
    "overstap": "OV",
}


def open_case(*, swv, leerling, school, route: str, by, reason: str) -> Case:
    """A new Case for one pupil on one route, with its reference; call with the SWV row locked."""
    case = Case(
        swv=swv,
        leerling=leerling,
        school=school,
        route=route,
        reference=next_reference(swv, REFERENCE_PREFIXES[route]),
        opened_at=clock.now(),
        created_by=by,
    )
    from cases.services.profiles import version_for_new_case

    case.profiel_versie = version_for_new_case(swv)
    case._change_reason = history_reason(reason)
    case._history_user = by
    case.save()
    _emit("case.created", case, {"route": route})  # webhooks
    return case


def require_status(record, status: str, message: str) -> None:
    """Refuse a step in another state than `status`; `message` names the current state as {status}."""
    if record.status != status:
        raise Conflict(message.format(status=record.get_status_display()), code="transition-not-allowed")


def refuse_second(open_records, *, what: str, code: str) -> Callable[[], None]:
    """A check for `start_case`: refuse a new case while the pupil has an open one of this route."""

    def check():
        existing = open_records.select_related("case").first()
        if existing is not None:
            raise ValidationFailed(
                f"Er loopt al {what} voor deze leerling: {existing.case.reference}.",
                code=code,
                field="leerling",
            )

    return check


def start_case(
    *, route: str, leerling, school, by, reason: str, swv_id=None, check: Callable[[], None] | None = None
) -> Case:
    """Lock the SWV (new cases of one SWV are numbered and checked one after the other), run `check` under
    that lock (it raises to refuse) and open the case. Call inside the caller's transaction."""
    swv = Swv.objects.select_for_update().get(pk=swv_id or school.swv_id)
    if not profiles.route_on(swv, route):  # a route the SWV switched off starts no new case
        log.info("refused new %s case in %s by %s: route-uit", route, swv.code, by)
        profiles.check_route_on(profiles.current(swv), route)
    if check is not None:
        check()
    return open_case(swv=swv, leerling=leerling, school=school, route=route, by=by, reason=reason)


def record_created(record, *, by, reason: str, to_state: str, summary, event_reason: str = "") -> None:
    """Save a new route record with its history and put its first state on the case's timeline."""
    save_with_history(record, by=by, reason=reason)
    record_event(
        case=record.case,
        kind="transition",
        actor=by,
        to_state=to_state,
        action="create",
        summary=summary,
        reason=event_reason,
    )


def start_flow(record, flow, *, by) -> None:
    """Start the route's flow for its record (the first work item opens through the flow's `onCreate`)."""
    record.process = engine.start_process(flow, by=by, record=record)
    save_with_history(record, by=by, reason="werkstroom gestart")


def running_deadline(case, kind: str | None):
    if not kind:
        return None
    return case.deadlines.filter(kind=kind).exclude(status="closed").order_by("-pk").first()


def task_title(task) -> str:
    """A node's title as it is stored on the work item (Dutch; rendered in the reader's language)."""
    with translation.override("nl"):
        return str(task.flow_task.task_title)


def flow_of(route: str, class_name: str):
    """A function giving the route's flow class, imported on first use (the flow imports the services)."""
    return lambda: getattr(importlib.import_module(f"workflows.{route}.flow"), class_name)


def task_item(*, case, task, node: str, node_roles: dict, school=None, **fields) -> WorkItem:
    """The work item a human node opens: its role and term from the flow's NODE_ROLES, a school for school
    tasks, the rest (assignee, instructions, due date, a role that depends on the case) from the route."""
    role, deadline_kind = node_roles[node]
    fields.setdefault("role", role)
    fields.setdefault("title", task_title(task))
    return workitem_create(
        case=case,
        task=task,
        node=node,
        school=school if fields["role"] == Role.SCHOOL else None,
        deadline=running_deadline(case, deadline_kind),
        by=engine.current_actor(),
        **fields,
    )


def reopen_case(case, *, by, reason: str, process=None) -> None:
    """The case side of a reopening (inside the caller's transaction): running terms closed, open work items
    cancelled, the old process cancelled, the case open again without its archive dates."""
    from cases.services import deadlines as deadline_services
    from cases.services.archief import archive_on_reopen
    from cases.services.workitems import cancel_open_items

    for d in case.deadlines.exclude(status="closed"):
        deadline_services.deadline_close(deadline=d, reason="heropend", by=by)
    cancel_open_items(case=case, by=by, reason="heropend")
    if process is not None and process.status not in ("DONE", "CANCELED"):
        engine.cancel_process(process, by=by)
    case.closed_at = None
    archive_on_reopen(case)
    save_with_history(case, by=by, reason=f"heropend: {reason}")


def follow_up_refused(case, by, action: str, summary: str, exc) -> None:
    """A follow-up another route should have opened from this case, refused (`exc`, a DomainError): a note
    on this case's timeline, not retried."""
    record_event(case=case, kind="note", actor=by, action=action, summary=summary, reason=str(exc.message))
