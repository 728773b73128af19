"""Deelnamepercentage from the SWV's pupil count and thuiszitters per school, counted by hand; the DUO count
imports all or nothing."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from cases import clock
from cases.errors import ValidationFailed
from reports.indicators import deelname, import_counts, thuiszitters_per_school
from reports.models import Leerlingtelling
from tests import thuiszitter_steps
from tests.factories import complete_second_factor, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return make_world()


def test_deelname_from_the_latest_count_on_or_before_the_peildatum(w):
    Leerlingtelling.objects.create(swv=w.swv, peildatum=dt.date(2025, 10, 1), totaal=1000, sbo=10, so=20)
    Leerlingtelling.objects.create(
        swv=w.swv, peildatum=dt.date(2026, 10, 1), totaal=2000, sbo=30, so=10, pro=5
    )
    assert deelname(swv_id=w.swv.pk, peildatum=dt.date(2025, 9, 30)).shares == []
    older = deelname(swv_id=w.swv.pk, peildatum=dt.date(2026, 9, 30))
    assert older.peildatum == dt.date(2025, 10, 1)
    assert [(s.kind, s.n, s.percentage) for s in older.shares][:2] == [("sbo", 10, 1.0), ("so", 20, 2.0)]
    latest = deelname(swv_id=w.swv.pk, peildatum=dt.date(2026, 12, 1))
    assert {s.kind: s.percentage for s in latest.shares} == {"sbo": 1.5, "so": 0.5, "vso": 0.0, "pro": 0.25}


def test_thuiszitters_per_school(w):
    thuiszitter_steps.gemeld(w, days_ago=40)
    rows = thuiszitters_per_school(swv_id=w.swv.pk, peildatum=clock.today())
    assert sum(n for _name, n in rows) == 1
    other = make_world()
    assert thuiszitters_per_school(swv_id=other.swv.pk, peildatum=clock.today()) == []


def test_the_duo_count_imports_all_or_nothing(w, tmp_path):
    good = f"swv;peildatum;totaal;sbo;so;vso;pro\n{w.swv.code};01-10-2026;1500;15;30;0;0\n"
    assert import_counts(good) == 1
    assert Leerlingtelling.objects.get(swv=w.swv).totaal == 1500
    bad = (
        "swv;peildatum;totaal;sbo;so;vso;pro\n"
        f"{w.swv.code};2027-10-01;1600;15;30;0;0\n"
        "ONBEKEND;2027-10-01;10;0;0;0;0\n"
        f"{w.swv.code};31-02-2027;10;0;0;0;0\n"
        f"{w.swv.code};2028-10-01;10;20;0;0;0\n"
    )
    with pytest.raises(ValidationFailed) as refused:
        import_counts(bad)
    message = refused.value.message
    assert "regel 3" in message and "regel 4" in message and "regel 5" in message and "regel 2" not in message
    assert Leerlingtelling.objects.count() == 1  # nothing of the refused file
    with pytest.raises(ValidationFailed):
        import_counts("swv;totaal\nX;1\n")
    path = tmp_path / "telling.csv"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_leerlingtellingen", str(path))


def test_page_and_api(client, w):
    from tests.api.helpers import Api, api_client

    Leerlingtelling.objects.create(swv=w.swv, peildatum=dt.date(2026, 10, 1), totaal=400, sbo=4, so=8)
    client.force_login(w.consulent)
    complete_second_factor(client, w.consulent)
    page = client.get(reverse("indicators"), {"peildatum": "2026-12-01"})
    assert page.status_code == 200 and "2,0%" in page.content.decode()
    assert client.get(reverse("indicators"), {"peildatum": "1850-01-01"}).status_code == 200  # a field error
    client.force_login(w.school_user)
    assert client.get(reverse("indicators")).status_code == 403
    _c, token = api_client(w, role="consulent")
    body = Api(token).get("/api/v1/reports/indicators/", {"peildatum": "2026-12-01"}).json()
    assert body["leerlingen_totaal"] == 400 and body["deelname"][1]["percentage"] == 2.0
    assert Api(token).get("/api/v1/reports/indicators/", {"peildatum": "1850-01-01"}).status_code == 400
