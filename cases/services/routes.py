"""Machinery every route's services share: the open task of a step, finishing it, case references."""

from __future__ import annotations

from cases import clock
from cases.errors import Conflict
from cases.models import Case, WorkItem
from cases.services.common import _emit
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
    """`<PREFIX>-<SWV code>-<year>-<nnnn>`, numbered per SWV, route and year (under a row lock)."""
    prefix = f"{route_prefix}-{swv.code.replace(' ', '')}-{clock.today().year}-"
    last = (
        Case.objects.select_for_update()
        .filter(reference__startswith=prefix)
        .order_by("-reference")
        .values_list("reference", flat=True)
        .first()
    )
    n = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{n:04d}"


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
    case._change_reason = reason
    case._history_user = by
    case.save()
    _emit("case.created", case, {"route": route})  # issue 8: webhooks
    return case
