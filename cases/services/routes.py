"""Machinery every route's services share: the open task of a step, finishing it, case references."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import IntegerField, Max
from django.db.models.functions import Cast, Substr

from cases import clock
from cases.errors import Conflict
from cases.models import Case, ReferenceCounter, WorkItem
from cases.services.common import _emit, history_reason
from cases.services.workitems import take_for_completion, workitem_close
from workflows import engine


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
    case._change_reason = history_reason(reason)
    case._history_user = by
    case.save()
    _emit("case.created", case, {"route": route})  # webhooks
    return case
