"""Shared service machinery: the one way a route record changes state, and the case timeline."""

from __future__ import annotations

import logging
from contextlib import contextmanager

from django.db import OperationalError, transaction
from django_fsm import can_proceed

from audit.services import chain_case_event
from cases import clock
from cases.errors import (
    Conflict,
    DomainError,
    NotPermitted,
    TransitionNotAllowed,
    ValidationFailed,
    is_database_busy,
)
from cases.models import CaseEvent
from cases.texts import Text

log = logging.getLogger("cases.services")


def record_event(
    *, case, kind, summary, actor=None, from_state="", to_state="", action="", reason="", data=None, at=None
) -> CaseEvent:
    event = CaseEvent.objects.create(
        case=case,
        kind=kind,
        at=at or clock.now(),
        actor=actor,
        from_state=from_state,
        to_state=to_state,
        action=action,
        reason=reason or "",
        summary=str(summary.dutch() if isinstance(summary, Text) else summary)[:300],
        data={**(data or {}), "text": summary.spec()} if isinstance(summary, Text) else (data or {}),
    )
    chain_case_event(event)  # every timeline line also goes into the tamper-evident audit chain
    return event


@contextmanager
def refusals_logged(*, case, action: str, by):
    """Wrap a service call outside its transaction: a refused attempt is logged after the rollback. A SQLite
    database still locked by someone else's change when its timeout ran out is a lost race: a Conflict."""
    try:
        try:
            yield
        except OperationalError as exc:
            if not is_database_busy(exc):
                raise
            raise Conflict() from exc
    except DomainError as exc:
        try:
            with transaction.atomic():
                record_event(
                    case=case,
                    kind=CaseEvent.Kind.REFUSED,
                    actor=by if getattr(by, "pk", None) else None,
                    action=action,
                    summary=f"Geweigerd: {action}",
                    reason=str(exc.message),
                    data={"code": exc.code},
                )
        except Exception:  # pragma: no cover - logging a refusal must never hide the refusal
            log.exception("could not log refused attempt %s on %s", action, case)
        log.info("refused %s on case %s by %s: %s", action, case.pk, by, exc.code)
        raise


def transition_label(method) -> str:
    meta = method._django_fsm
    for t in meta.transitions.values():
        label = (t.custom or {}).get("label")
        if label:
            return str(label)
    return method.__name__


def apply_transition(record, method_name: str, *, by, reason: str = "", condition_messages=None, **kwargs):
    """Check state, conditions and permission, transition, save with history, write the timeline."""
    method = getattr(record, method_name)
    label = transition_label(method)
    from_state = record.status
    if not can_proceed(method, check_conditions=False):
        raise TransitionNotAllowed(
            f"'{label}' kan niet in status '{record.get_status_display()}'.", code="transition-not-allowed"
        )
    # the permission alone: django_fsm.has_transition_perm also checks the conditions, which would turn
    # an unmet condition (e.g. hersteltermijn not yet over) into a misleading NotPermitted
    if not method._django_fsm.has_transition_perm(record, from_state, by):
        raise NotPermitted(f"U heeft geen recht om '{label}' uit te voeren bij deze casus.")
    if not can_proceed(method):
        messages = condition_messages or {}
        unmet = [
            messages.get(c.__name__, c.__name__)
            for t in method._django_fsm.transitions.values()
            if t.source in (from_state, "*")
            for c in t.conditions
            if not c(record)
        ]
        raise ValidationFailed(
            "; ".join(str(m) for m in unmet) or f"'{label}' kan nu niet.", code="condition-not-met"
        )
    method(**kwargs)
    record._change_reason = history_reason(reason or label)
    record._history_user = by
    record.save()
    record_event(
        case=record.case,
        kind=CaseEvent.Kind.TRANSITION,
        actor=by,
        from_state=from_state,
        to_state=record.status,
        action=method_name,
        reason=reason,
        summary=f"{label}: {from_state} → {record.status}",
    )
    _emit(
        "case.transition",
        record.case,
        {"record": type(record).__name__, "action": method_name, "from": from_state, "to": record.status},
    )
    return record


def _emit(event: str, case, data: dict) -> None:
    """Outbound webhooks, written in this transaction (webhooks.services.emit is the one place)."""
    from webhooks.services import emit

    emit(event=event, case=case, data=data)


HISTORY_REASON_MAX = 100  # simple-history's history_change_reason column


def history_reason(text: str) -> str:
    """A reason cut to fit the history row (the timeline keeps the whole text)."""
    text = str(text or "")
    return text if len(text) <= HISTORY_REASON_MAX else text[: HISTORY_REASON_MAX - 1] + "…"


def save_with_history(instance, *, by, reason: str):
    instance._change_reason = history_reason(reason)
    instance._history_user = by
    instance.save()
    return instance
