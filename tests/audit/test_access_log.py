"""Read access is logged (who, when, which case and pupil, what, from where) and searchable by auditors and
the privacy officer of the SWV; per pupil an access report."""

import pytest
from django.urls import reverse

from audit.models import AccessLog
from cases.models import Membership
from cases.roles import Role
from tests import thuiszitter_steps
from tests.factories import make_user


@pytest.fixture
def aanvraag(world, steps):
    return steps.with_documents(world, steps.concept(world))


@pytest.fixture
def privacy_officer(world):
    return make_user(role=Role.PRIVACY_OFFICER, swv=world.swv)


def test_opening_a_dossier_is_logged_with_user_case_pupil_and_origin(client, world, aanvraag):
    client.force_login(world.consulent)
    client.get(
        reverse("case_detail", args=[aanvraag.case_id]), REMOTE_ADDR="10.1.2.3", HTTP_USER_AGENT="UA/1"
    )
    row = AccessLog.objects.get()
    assert (row.user, row.case_id, row.leerling_id, row.swv_id) == (
        world.consulent,
        aanvraag.case_id,
        world.leerling_a.pk,
        world.swv.pk,
    )
    assert (row.what, row.view, row.ip, row.user_agent) == ("dossier", "case_detail", "10.1.2.3", "UA/1")
    assert row.case_reference == aanvraag.case.reference


def test_document_download_and_thuiszitter_dossier_are_logged(client, world, aanvraag):
    doc = aanvraag.case.documents.first()
    m = thuiszitter_steps.gemeld(world)
    client.force_login(world.consulent)
    assert client.get(reverse("document_download", args=[doc.pk])).status_code == 200
    assert client.get(reverse("thuiszitter_detail", args=[m.case_id])).status_code == 200
    whats = list(AccessLog.objects.order_by("pk").values_list("what", flat=True))
    assert whats[0].startswith(f"document {doc.pk}")
    assert whats[1] == "dossier thuiszitter"


def test_exports_are_logged(client, world, steps):
    client.force_login(world.consulent)
    assert client.get(reverse("tlv_register"), {"export": "csv"}).status_code == 200
    assert client.get(reverse("thuiszitter_count"), {"format": "xlsx"}).status_code == 200
    rows = AccessLog.objects.order_by("pk")
    assert [r.swv_id for r in rows] == [world.swv.pk, world.swv.pk]
    assert rows[0].what.startswith("TLV-register export csv")
    assert rows[1].what.startswith("thuiszitters export xlsx")


def test_a_refused_opening_logs_nothing(client, world, other_world, aanvraag):
    client.force_login(other_world.consulent)
    assert client.get(reverse("case_detail", args=[aanvraag.case_id])).status_code == 404
    assert not AccessLog.objects.exists()


def test_privacy_officer_searches_the_log_and_sees_the_pupil_access_report(
    client, world, aanvraag, privacy_officer
):
    client.force_login(world.beslisser)
    client.get(reverse("case_detail", args=[aanvraag.case_id]))
    client.force_login(privacy_officer)
    page = client.get(reverse("audit_access_log"), {"gebruiker": world.beslisser.username})
    assert page.status_code == 200 and aanvraag.case.reference in page.content.decode()
    empty = client.get(reverse("audit_access_log"), {"gebruiker": "niemand"}).content.decode()
    assert aanvraag.case.reference not in empty
    report = client.get(reverse("audit_pupil_access", args=[world.leerling_a.pk]))
    assert report.status_code == 200
    assert world.beslisser.username in report.content.decode()
    # the privacy officer reads the log, not the dossier itself
    assert client.get(reverse("case_detail", args=[aanvraag.case_id])).status_code == 404
    assert client.get(reverse("audit_case_timeline", args=[aanvraag.case_id])).status_code == 404


def test_the_access_log_of_another_swv_stays_hidden(client, world, other_world, aanvraag):
    client.force_login(world.consulent)
    client.get(reverse("case_detail", args=[aanvraag.case_id]))
    client.force_login(other_world.auditor)
    assert aanvraag.case.reference not in client.get(reverse("audit_access_log")).content.decode()
    assert client.get(reverse("audit_pupil_access", args=[world.leerling_a.pk])).status_code == 404


@pytest.mark.parametrize("role", ["school", "consulent", "beslisser", "beheerder", "deskundige"])
def test_other_roles_cannot_read_the_access_log(client, world, role):
    client.force_login(world.roles[role])
    assert client.get(reverse("audit_access_log")).status_code == 404
    assert client.get(reverse("audit_pupil_access", args=[world.leerling_a.pk])).status_code == 404


def test_membership_accepts_the_privacy_officer_role(privacy_officer, world):
    assert Membership.objects.get(user=privacy_officer).get_role_display() == "Privacy officer (FG)"
