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


def test_kengetallen_recorded_by_the_swv_per_school_year_on_the_page_and_in_the_api(client, w):
    """Hand-counted: 3 + 1 vrijstellingen in 2026-2027 (5a, 5c), 2 symbiose pupils, ouders 7.4 by 52; the
    figures of another school year and another SWV are not counted."""
    from django.core.exceptions import ValidationError

    from reports.indicators import kengetallen
    from reports.models import Kengetal
    from tests.api.helpers import Api, api_client

    def add(soort, categorie, waarde, schooljaar=2026, swv=w.swv, **extra):
        k = Kengetal(
            swv=swv,
            schooljaar=schooljaar,
            soort=soort,
            categorie=categorie,
            waarde=waarde,
            bron="jaarverslag",
            **extra,
        )
        k.full_clean()
        k.save()

    add("vrijstelling", "art_5a", 3)
    add("vrijstelling", "art_5c", 1)
    add("vrijstelling", "art_5a", 9, schooljaar=2025)
    add("vrijstelling", "art_5a", 5, swv=make_world().swv)
    add("symbiose", "so_vso_naar_regulier", 2)
    add("tevredenheid", "ouders", "7.4", respondenten=52)
    blokken = {b.soort: b for b in kengetallen(swv_id=w.swv.pk, schooljaar=2026)}
    vrij = blokken["vrijstelling"]
    assert [r.waarde for r in vrij.rijen] == [3.0, None, 1.0, None] and vrij.totaal == 4.0
    assert blokken["symbiose"].totaal == 2.0
    ouders = blokken["tevredenheid"].rijen[0]
    assert (ouders.waarde, ouders.respondenten, blokken["tevredenheid"].totaal) == (7.4, 52, None)
    # bad input: a score outside 1–10, a fraction of a pupil, a category of another kind, no respondents
    for soort, categorie, waarde, extra in (
        ("tevredenheid", "scholen", 11, {"respondenten": 10}),
        ("symbiose", "so_vso_naar_regulier", "1.5", {}),
        ("symbiose", "art_5a", 1, {}),
        ("tevredenheid", "leerlingen", 8, {}),
    ):
        with pytest.raises(ValidationError):
            add(soort, categorie, waarde, schooljaar=2024, **extra)
    assert not Kengetal.objects.filter(schooljaar=2024).exists()
    # the page and the API, for the school year of the peildatum
    client.force_login(w.consulent)
    complete_second_factor(client, w.consulent)
    html = client.get(reverse("indicators"), {"peildatum": "2026-12-01"}).content.decode()
    assert "art. 5 onder a" in html and "Tevredenheid" in html and "7,4" in html
    _c, token = api_client(w, role="consulent")
    body = Api(token).get("/api/v1/reports/indicators/", {"peildatum": "2026-12-01"}).json()
    assert body["schooljaar"] == 2026
    api = {b["soort"]: b for b in body["kengetallen"]}
    assert api["vrijstelling"]["totaal"] == 4.0 and api["tevredenheid"]["rijen"][0]["respondenten"] == 52
    body = Api(token).get("/api/v1/reports/indicators/", {"peildatum": "2026-06-01"}).json()  # 2025-2026
    assert {b["soort"]: b for b in body["kengetallen"]}["vrijstelling"]["totaal"] == 9.0
    # the quarterly report carries them too: page, CSV and API (the quarter ending in the school year)
    html = client.get(reverse("kwartaalrapportage"), {"swv": w.swv.pk, "jaar": 2026, "kwartaal": 4}).content
    assert "7,4" in html.decode() and "art. 5 onder a" in html.decode()
    csv_text = client.get(
        reverse("kwartaalrapportage"), {"swv": w.swv.pk, "jaar": 2026, "kwartaal": 4, "format": "csv"}
    ).content.decode("utf-8-sig")
    assert (
        "Vrijstellingen van de leerplicht;art. 5 onder a (lichamelijk of psychisch niet geschikt);3"
        in csv_text
    )
    body = Api(token).get("/api/v1/reports/quarterly/", {"swv": w.swv.pk, "jaar": 2026, "kwartaal": 4}).json()
    assert {b["soort"]: b for b in body["kengetallen"]}["tevredenheid"]["rijen"][0]["waarde"] == 7.4
