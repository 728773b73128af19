"""Toestroompercentage zorg → onderwijs per quarter on a known data set, scoped per SWV."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from cases.models import Leerling
from reports.selectors import toestroom
from tests import screening_steps as steps

AMS = ZoneInfo("Europe/Amsterdam")


def _at(day):
    return time_machine.travel(dt.datetime.combine(day, dt.time(10), tzinfo=AMS), tick=False)


def _kids(w, n):
    return [
        Leerling.objects.create(
            swv=w.swv,
            voornaam=f"K{i}",
            achternaam="Zorg",
            geboortedatum=dt.date(2020, 1, 1),
            bsn="",
            onderwijsnummer="",
            woongemeente=w.gemeente_a,
        )
        for i in range(n)
    ]


def _data(w):
    kids = _kids(w, 5)
    with _at(dt.date(2027, 2, 10)):  # Q1: volledig, gedeeltelijk, niet (kdc) + one still open
        steps.geplaatst(w, advies="volledig", leerling=kids[0], herkomst="dagbehandeling")
        steps.geplaatst(w, advies="gedeeltelijk", leerling=kids[1], herkomst="kdc")
        steps.geplaatst(w, advies="nog_niet", leerling=kids[2], herkomst="kdc")
        steps.geinformeerd(w, leerling=kids[3])
    with _at(dt.date(2027, 4, 2)):  # Q2
        steps.geplaatst(w, advies="volledig", leerling=kids[4])


def test_toestroom_per_quarter(world, other_world):
    _data(world)
    _data(other_world)  # another SWV: never counted for world's consulent
    rows, total = toestroom(user=world.consulent, jaar=2027, kwartaal=1)
    assert (total.afgesloten, total.volledig, total.gedeeltelijk, total.niet) == (3, 1, 1, 1)
    assert total.percentage == 66.7
    assert {(r.herkomst, r.afgesloten, r.geplaatst) for r in rows} == {
        ("dagbehandeling", 1, 1),
        ("kdc", 2, 1),
    }
    _, q2 = toestroom(user=world.consulent, jaar=2027, kwartaal=2)
    assert (q2.afgesloten, q2.percentage) == (1, 100.0)


def test_page_shows_definition_and_exports(client, world):
    _data(world)
    client.force_login(world.consulent)
    url = reverse("toestroom") + "?jaar=2027&kwartaal=1"
    html = client.get(url).content.decode()
    assert "Definitie" in html and "volledig of gedeeltelijk" in html
    assert "66,7 %" in html or "66.7 %" in html
    csv = client.get(url + "&format=csv").content.decode()
    assert "Totaal;3;1;1;1;66.7" in csv
    wb = load_workbook(io.BytesIO(client.get(url + "&format=xlsx").content))
    assert list(wb.active.iter_rows(values_only=True))[-1][:2] == ("Totaal", 3)
    client.force_login(world.school_user)
    assert client.get(url).status_code == 403
