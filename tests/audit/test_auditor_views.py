"""Auditors replay every case of their SWV read-only: the full timeline across routes, filters, exports."""

import pytest
from django.urls import reverse

from audit.models import AccessLog
from cases.models import Case, CaseEvent
from tests import thuiszitter_steps


@pytest.fixture
def cases(world, steps):
    a = steps.deskundigenadvies(world)
    m = thuiszitter_steps.gemeld(world)
    return a, m


def test_auditor_lists_every_case_of_the_swv_across_routes(client, world, cases):
    a, m = cases
    client.force_login(world.auditor)
    html = client.get(reverse("audit_case_list")).content.decode()
    assert a.case.reference in html and m.case.reference in html
    only_tz = client.get(reverse("audit_case_list"), {"route": "thuiszitter"}).content.decode()
    assert m.case.reference in only_tz and a.case.reference not in only_tz
    by_school = client.get(reverse("audit_case_list"), {"school": world.school_b.pk}).content.decode()
    assert a.case.reference not in by_school
    by_user = client.get(reverse("audit_case_list"), {"user": world.school_user.pk}).content.decode()
    assert a.case.reference in by_user
    by_period = client.get(
        reverse("audit_case_list"), {"van": "2001-01-01", "tot": "2001-12-31"}
    ).content.decode()
    assert a.case.reference not in by_period


def test_timeline_shows_states_tasks_documents_deadlines_and_is_logged(client, world, cases):
    a, _ = cases
    client.force_login(world.auditor)
    response = client.get(reverse("audit_case_timeline", args=[a.case_id]))
    html = response.content.decode()
    assert response.status_code == 200
    for ev in a.case.events.filter(kind=CaseEvent.Kind.TRANSITION):
        assert ev.summary.split(":")[0] in html
    assert "Taak aangemaakt" in html
    assert a.case.documents.first().original_name in html
    assert a.case.deadlines.first().label in html
    assert AccessLog.objects.filter(user=world.auditor, case_id=a.case_id).exists()


def test_one_case_history_exports_as_csv_and_pdf(client, world, cases):
    a, _ = cases
    client.force_login(world.auditor)
    csv = client.get(reverse("audit_case_timeline", args=[a.case_id]), {"format": "csv"})
    assert csv["Content-Disposition"].startswith("attachment")
    body = csv.content.decode("utf-8-sig")
    assert body.splitlines()[0].startswith("Tijdstip;Soort;Wie")
    assert "Document" in body
    pdf = client.get(reverse("audit_case_timeline", args=[a.case_id]), {"format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert AccessLog.objects.filter(what__startswith="audit: casushistorie export").count() == 2


def test_another_swvs_case_is_not_found(client, world, other_world, cases):
    a, _ = cases
    client.force_login(other_world.auditor)
    assert client.get(reverse("audit_case_timeline", args=[a.case_id])).status_code == 404
    assert a.case.reference not in client.get(reverse("audit_case_list")).content.decode()


@pytest.mark.parametrize("role", ["school", "consulent", "beslisser", "cva_lid", "beheerder"])
def test_non_auditors_have_no_audit_views(client, world, cases, role):
    a, _ = cases
    client.force_login(world.roles[role])
    assert client.get(reverse("audit_case_list")).status_code == 404
    assert client.get(reverse("audit_case_timeline", args=[a.case_id])).status_code == 404


def test_an_auditor_trying_any_write_changes_nothing(client, world, steps):
    a = steps.besluit_open(world)
    client.force_login(world.auditor)
    before = (CaseEvent.objects.exclude(kind=CaseEvent.Kind.REFUSED).count(), a.status)
    a = steps.fresh(a)
    assert client.post(reverse("audit_case_timeline", args=[a.case_id])).status_code == 405
    for name in ("aanvraag_withdraw", "aanvraag_verdagen"):
        client.post(reverse(name, args=[a.case_id]), {"intrekken-reason": "x", "verdagen-reason": "x"})
    item = a.case.work_items.filter(status="open").first()
    client.post(reverse("workitem_claim", args=[item.pk]))
    a = steps.fresh(a)
    item.refresh_from_db()
    assert (CaseEvent.objects.exclude(kind=CaseEvent.Kind.REFUSED).count(), a.status) == before
    assert item.assignee_id is None
    assert Case.objects.get(pk=a.case_id).closed_at is None
