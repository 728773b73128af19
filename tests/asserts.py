"""Assertions shared by the service tests: a refused attempt changes nothing but the refusal log."""

from __future__ import annotations

from dataclasses import dataclass

from cases.models import CaseEvent, TlvAanvraag, WorkItem
from notifications.models import Notification


@dataclass(frozen=True)
class Snapshot:
    status: str
    transitions: int
    refused: int
    history: int
    notifications: int
    open_items: frozenset[int]

    @classmethod
    def of(cls, aanvraag: TlvAanvraag) -> Snapshot:
        a = TlvAanvraag.objects.get(pk=aanvraag.pk)
        events = CaseEvent.objects.filter(case_id=a.case_id)
        return cls(
            status=a.status,
            transitions=events.filter(kind=CaseEvent.Kind.TRANSITION).count(),
            refused=events.filter(kind=CaseEvent.Kind.REFUSED).count(),
            history=a.history.count(),
            notifications=Notification.objects.filter(case_id=a.case_id).count(),
            open_items=frozenset(
                WorkItem.objects.filter(case_id=a.case_id, status=WorkItem.Status.OPEN).values_list(
                    "pk", flat=True
                )
            ),
        )


def assert_refused_without_effect(aanvraag: TlvAanvraag, before: Snapshot, exc) -> None:
    """Nothing changed, and exactly one refusal with the error's code was logged."""
    after = Snapshot.of(aanvraag)
    assert after.status == before.status
    assert after.transitions == before.transitions
    assert after.history == before.history
    assert after.notifications == before.notifications
    assert after.open_items == before.open_items
    assert after.refused == before.refused + 1
    last = CaseEvent.objects.filter(case_id=aanvraag.case_id, kind=CaseEvent.Kind.REFUSED).latest("pk")
    assert last.data == {"code": exc.code}
