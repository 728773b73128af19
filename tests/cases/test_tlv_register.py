"""The TLV register: who sees which TLVs, filters, search, CSV and XLSX export."""

import csv
import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from cases.models import Tlv
from cases.services import tlv_lifecycle

AMS = ZoneInfo("Europe/Amsterdam")


@pytest.fixture
def register(world, other_world, steps):
    actief = steps.bekendgemaakt(world)
    beeindigd = steps.bekendgemaakt(world, steps.toegekend_for(world, world.leerling_b))
    tlv_lifecycle.tlv_beeindigen(
        tlv=Tlv.objects.get(aanvraag=beeindigd), by=world.consulent, per=dt.date(2027, 6, 30), reden="Terug"
    )
    elders = steps.bekendgemaakt(other_world)
    return actief, beeindigd, elders


def _refs(client, user, **params):
    client.force_login(user)
    r = client.get(reverse("tlv_register"), params)
    assert r.status_code == 200
    return {t.case.reference for t, _status in r.context["rows"]}


def test_visibility_per_role(client, world, other_world, register):
    actief, beeindigd, elders = register
    mine = {actief.case.reference, beeindigd.case.reference}
    for role in ("consulent", "beslisser", "beheerder", "auditor"):
        assert _refs(client, world.roles[role]) == mine, role
    assert _refs(client, world.school_user) == {actief.case.reference}  # school A: its own pupil
    assert _refs(client, world.school_b_user) == {beeindigd.case.reference}
    assert _refs(client, other_world.consulent) == {elders.case.reference}
    client.force_login(world.deskundige1)
    assert client.get(reverse("tlv_register")).status_code == 404


def test_filters_and_search(client, world, register):
    actief, beeindigd, _ = register
    c = world.consulent
    assert _refs(client, c, status="actief") == {actief.case.reference}
    assert _refs(client, c, status="beeindigd") == {beeindigd.case.reference}
    assert _refs(client, c, soort="vso") == set()
    assert _refs(client, c, categorie="laag", school=world.special.pk) == {
        actief.case.reference,
        beeindigd.case.reference,
    }
    assert _refs(client, c, q=world.leerling_b.achternaam) == {beeindigd.case.reference}
    assert _refs(client, c, eind_van="2028-08-01") == set()
    with time_machine.travel(dt.datetime(2028, 8, 2, 9, tzinfo=AMS), tick=False):
        assert _refs(client, c, status="verlopen") == {actief.case.reference}
        assert _refs(client, c, status="actief") == set()


def test_csv_and_xlsx_export_hold_the_visible_rows_only(client, world, register):
    actief, beeindigd, elders = register
    client.force_login(world.auditor)
    r = client.get(reverse("tlv_register"), {"export": "csv"})
    assert r["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["kenmerk", "leerling", "status", "soort"]
    by_ref = {row[0]: row for row in rows[1:]}
    assert set(by_ref) == {actief.case.reference, beeindigd.case.reference}
    assert by_ref[beeindigd.case.reference][2] == "Beëindigd"
    assert by_ref[actief.case.reference][7] == "2028-07-31"
    r = client.get(reverse("tlv_register"), {"export": "xlsx", "status": "actief"})
    ws = load_workbook(io.BytesIO(r.content)).active
    values = [[c.value for c in row] for row in ws.iter_rows()]
    assert values[0][0] == "kenmerk" and [v[0] for v in values[1:]] == [actief.case.reference]
    assert elders.case.reference not in r.content.decode("latin-1")


def test_reminder_task_through_the_inbox_leads_to_a_verlenging(client, world, steps):
    from cases.models import WorkItem
    from cases.services.deadlines import sweep_deadlines

    a = steps.bekendgemaakt(world)
    with time_machine.travel(dt.datetime(2028, 4, 30, 8, tzinfo=AMS), tick=False):
        sweep_deadlines()
        client.force_login(world.school_user)
        inbox = client.get(reverse("inbox")).content.decode()
        assert "verlenging of vervolg bepalen" in inbox
        item = WorkItem.objects.get(case=a.case, node="tlv_verlenging_review", role="school")
        r = client.post(reverse("workitem", args=[item.pk]), {"keuze": "verlenging"})
        assert r.status_code == 302
    t = Tlv.objects.get(aanvraag=a)
    assert t.verlenging_aanvraag is not None
    assert not WorkItem.objects.filter(case=a.case, node="tlv_verlenging_review", status="open").exists()
