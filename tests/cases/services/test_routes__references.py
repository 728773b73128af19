"""Case references: `<ROUTE>-<SWV>-<year>-<nnnn>` from one counter row per prefix, never from a scan."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.models import Case, ReferenceCounter
from cases.services.routes import highest_number, next_reference
from tests.concurrency import run_concurrently


def test_references_are_consecutive_per_swv_route_and_year(world, other_world, steps):
    a1 = steps.concept(world)
    a2 = steps.concept(world)
    b1 = steps.concept(other_world)
    n1, n2 = (int(a.case.reference.rsplit("-", 1)[1]) for a in (a1, a2))
    assert n2 == n1 + 1
    assert b1.case.reference.rsplit("-", 1)[0] != a1.case.reference.rsplit("-", 1)[0]
    prefix = a1.case.reference.rsplit("-", 1)[0] + "-"
    assert ReferenceCounter.objects.get(prefix=prefix).last == n2


def test_a_missing_counter_continues_after_the_highest_existing_reference(world, steps):
    a = steps.concept(world)
    prefix = a.case.reference.rsplit("-", 1)[0] + "-"
    Case.objects.filter(pk=a.case.pk).update(reference=f"{prefix}0041")  # made before counters existed
    ReferenceCounter.objects.filter(prefix=prefix).delete()
    assert highest_number(prefix) == 41
    assert next_reference(world.swv, "TLV") == f"{prefix}0042"
    assert next_reference(world.swv, "TLV") == f"{prefix}0043"


def test_the_next_reference_reads_the_counter_not_the_cases(world, steps):
    steps.concept(world)
    with CaptureQueriesContext(connection) as ctx:
        next_reference(world.swv, "TLV")
    assert not any("cases_case" in q["sql"] for q in ctx.captured_queries)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_new_cases_get_distinct_numbers():
    from tests.factories import make_world
    from tests.tlv_steps import concept

    w = make_world(mode="cva", sector="po")
    pupils = [w.leerling_a] * 6
    outcomes = run_concurrently(*[lambda p=p: concept(w, p).case.reference for p in pupils])
    assert all(o.ok for o in outcomes), [o.error for o in outcomes]
    references = [o.value for o in outcomes]
    assert len(set(references)) == len(references)
    numbers = sorted(int(r.rsplit("-", 1)[1]) for r in references)
    assert numbers == list(range(numbers[0], numbers[0] + len(numbers)))
