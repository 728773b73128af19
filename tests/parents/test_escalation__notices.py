"""Escalation notices to the ouders: when the TLV's beslistermijn (or the zorgplicht, or the beslistermijn
op bezwaar) is exceeded, each ouder with gezag who receives letters gets their own PDF, by e-mail with the
PDF attached or printed for the post, recorded per recipient and on the timeline, once even when the sweep
runs twice; an ouder without gezag gets nothing; the parent reads it in their own view."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.core import mail
from django.urls import reverse

from cases.models import CaseEvent, Deadline, Ouder, OuderBericht
from cases.services.deadlines import sweep_deadlines
from tests.api.helpers import Api, api_client
from tests.parents.test_portal__parent_view import sign_in


def test_a_breached_beslistermijn_is_sent_to_each_parent_with_gezag_once(
    client, world, steps, django_capture_on_commit_callbacks
):
    leerling = world.leerling_a
    Ouder.objects.create(leerling=leerling, naam="Tweede ouder", adres="Molenweg 2, Emmen", gezag=True)
    Ouder.objects.create(leerling=leerling, naam="Zonder gezag", email="geen@test.example", gezag=False)
    a = steps.ingediend(world)
    termijn = Deadline.objects.get(case=a.case, kind="tlv_beslistermijn")
    late = dt.datetime.combine(termijn.due_on + dt.timedelta(days=2), dt.time(9), tzinfo=dt.UTC)
    with time_machine.travel(late, tick=False), django_capture_on_commit_callbacks(execute=True):
        sweep_deadlines()
        sweep_deadlines()  # a second run sends nothing again
    rows = {r.naam: r for r in OuderBericht.objects.filter(case=a.case)}
    assert set(rows) == {"Ouder A", "Tweede ouder"}
    assert (rows["Ouder A"].verzending, rows["Ouder A"].email) == ("email", "ouder@test.example")
    assert rows["Tweede ouder"].verzending == "post" and rows["Tweede ouder"].gedrukt_op == late.date()
    assert rows["Ouder A"].document_id != rows["Tweede ouder"].document_id
    notices = [m for m in mail.outbox if m.subject.startswith("Termijn overschreden")]
    assert [m.to for m in notices] == [["ouder@test.example"]]
    assert notices[0].attachments[0][1].startswith(b"%PDF")
    assert CaseEvent.objects.filter(case=a.case, action="ouder_bericht").count() == 2
    assert rows["Ouder A"].history.count() == 1
    # the parent reads it in their own view; the other parent's copy is not theirs
    sign_in(client, world, ouder=rows["Ouder A"].ouder)
    page = client.get(reverse("portal_case", args=[a.case.pk])).content.decode()
    assert reverse("portal_notice", args=[rows["Ouder A"].pk]) in page
    own = client.get(reverse("portal_notice", args=[rows["Ouder A"].pk]))
    assert own.status_code == 200 and b"".join(own.streaming_content).startswith(b"%PDF")
    assert client.get(reverse("portal_notice", args=[rows["Tweede ouder"].pk])).status_code == 404
    # and the SWV reads them per recipient in the API
    _c, token = api_client(world)
    listed = Api(token).get(f"/api/v1/cases/{a.case.pk}/parent-notices/").json()
    assert sorted((n["naam"], n["verzending"]) for n in listed) == [
        ("Ouder A", "email"),
        ("Tweede ouder", "post"),
    ]
    _c2, other = api_client(world, role="school", school=world.school_b, name="Andere school")
    assert Api(other).get(f"/api/v1/cases/{a.case.pk}/parent-notices/").status_code == 404


def test_a_term_the_parents_are_no_party_to_sends_them_nothing(world, steps):
    from cases.services.ouderberichten import escalation_notices_send

    a = steps.ingediend(world)
    termijn = Deadline.objects.get(case=a.case, kind="tlv_beslistermijn")
    termijn.kind = "tlv_hersteltermijn"
    assert escalation_notices_send(deadline=termijn, by=world.consulent) == []
    assert not OuderBericht.objects.exists()
