"""The loket in the combined quarterly report (page, CSV, API) and the loket report's CSV export: hand-counted
figures for one quarter."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.urls import reverse

from cases import clock
from cases.services import loket
from reports.quarterly import Period, quarterly_report
from tests import loket_steps as steps
from tests.factories import give_consent

AMS = ZoneInfo("Europe/Amsterdam")


def _quarter(w, time_machine):
    """In Q1 2027: one ambulante begeleiding granted (submitted 1 Feb, decided the same day, start 8 Feb), one
    individual arrangement refused, one still at triage; three questions: one answered in time, one late,
    one open."""
    time_machine.move_to(dt.datetime(2027, 2, 1, 9, tzinfo=AMS), tick=False)
    steps.budget(w, uren=400)
    steps.toegewezen(w)
    a = steps.in_behandeling(w, type_code="ia", leerling=w.leerling_b)
    loket.besluit_record(aanvraag=a, by=w.consulent, beoordeling="x", besluit="afwijzen", motivering="basis")
    give_consent(w.leerling_a, "gegevensdeling")
    steps.ingediend(w)
    v1 = loket.adviesvraag_create(by=w.school_user, school=w.school_a, soort="advies", vraag="Vraag 1")
    v2 = loket.adviesvraag_create(by=w.school_user, school=w.school_a, soort="advies", vraag="Vraag 2")
    loket.adviesvraag_create(by=w.school_user, school=w.school_a, soort="consultatie", vraag="Vraag 3")
    time_machine.move_to(dt.datetime(2027, 2, 10, 9, tzinfo=AMS), tick=False)
    loket.adviesvraag_answer(vraag=v1, by=w.consulent, antwoord="op tijd")  # due 15 Feb
    time_machine.move_to(dt.datetime(2027, 2, 20, 9, tzinfo=AMS), tick=False)
    loket.adviesvraag_answer(vraag=v2, by=w.consulent, antwoord="te laat")
    time_machine.move_to(dt.datetime(2027, 4, 2, 9, tzinfo=AMS), tick=False)


def test_quarterly_report_counts_the_loket(world, time_machine):
    _quarter(world, time_machine)
    report = quarterly_report(swv=world.swv, period=Period.of_quarter(2027, 1), now=clock.now())
    rows = {r.soort: (r.ingediend, r.toegewezen, r.afgewezen, r.lopend) for r in report.loket}
    # peildatum 31 March: the granted arrangement (8 Feb - 7 Aug) runs
    assert rows == {"Ambulante begeleiding": (2, 1, 0, 1), "Individueel arrangement": (1, 0, 1, 0)}
    v = report.adviesvragen
    assert (v.gesteld, v.beantwoord, v.binnen_termijn) == (3, 2, 1)
    term = next(r for r in report.termijnen if r.key == "loket")
    assert (term.besluiten, term.binnen) == (2, 2)


def test_quarterly_page_csv_and_api_show_the_loket(client, world, time_machine):
    _quarter(world, time_machine)
    client.force_login(world.consulent)
    params = {"swv": world.swv.pk, "periode": "kwartaal", "jaar": 2027, "kwartaal": 1, "schooljaar": 2026}
    page = client.get(reverse("kwartaalrapportage"), params).content.decode()
    assert "Loket: ondersteuningsaanvragen en adviesvragen" in page and "3 gesteld, 2 beantwoord" in page
    csv = client.get(reverse("kwartaalrapportage"), {**params, "format": "csv"}).content.decode("utf-8-sig")
    assert "Ambulante begeleiding;2;1;0;1" in csv


def test_loket_report_csv_export(client, world, other_world, time_machine):
    _quarter(world, time_machine)
    client.force_login(world.consulent)
    page = client.get(reverse("loket_report"), {"jaar": 2027, "kwartaal": 1}).content.decode()
    assert reverse("loket_report_export") + "?jaar=2027&amp;kwartaal=1" in page
    r = client.get(reverse("loket_report_export"), {"jaar": 2027, "kwartaal": 1})
    assert r.status_code == 200 and r["Content-Type"].startswith("text/csv")
    body = r.content.decode("utf-8-sig")
    assert f"Ambulante begeleiding;{world.school_a.name};2" in body
    assert "Individueel arrangement;1;0;1;1;" in body  # refused within the term
    client.force_login(other_world.consulent)  # another SWV's staff: an empty report
    assert "Ambulante begeleiding" not in client.get(
        reverse("loket_report_export"), {"jaar": 2027, "kwartaal": 1}
    ).content.decode("utf-8-sig")
    client.force_login(world.school_user)
    assert client.get(reverse("loket_report_export")).status_code == 403
