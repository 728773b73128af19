from cases.models import CaseEvent, WorkItem
from cases.services.bekendmaking import BEKENDMAKEN_NODE


def test_full_route_cva(world, steps):
    a = steps.toegekend(world)
    assert a.status == "toegekend"
    assert a.case.closed_at is not None
    # what is left is the bekendmaking of the besluit, a task of its own
    assert list(WorkItem.objects.filter(case=a.case, status="open").values_list("node", flat=True)) == [
        BEKENDMAKEN_NODE
    ]
    transitions = list(
        CaseEvent.objects.filter(case=a.case, kind="transition").values_list("to_state", flat=True)
    )
    assert transitions[-1] == "toegekend"
    assert a.process.status == "DONE"


def test_full_route_bto(bto_world, steps):
    a = steps.besluit_open(bto_world)
    assert a.status == "cva_advies"
    assert a.bto_reviews.count() == 2
