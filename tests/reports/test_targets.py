"""Policy targets against the school year so far and the projection to 31 July, counted by hand.

One PO SWV with a TLV-reduction target of 30 % against the peildatum 1-8-2025 (set for 2025-2026, running
on) and a decided-within-term target of 90 % set for 2026-2027; the page is read on 15 December 2026.
TLV besluiten (toegekend unless said otherwise; 20 days after the aanvraag, within the 6-week term):
- 2024-2025 (the base year, and history): 10-10-2024, 15-10-2024 (afgewezen), 20-11-2024, 10-2-2025,
  12-5-2025: 4 toegekend, 2 of them by 15 December;
- 2025-2026 (history): 15-9-2025, 10-3-2026: 2 toegekend, 1 by 14 December (the same 137th day);
- 2026-2027 so far: 14-9-2026, 10-11-2026, and 25-11-2026 afgewezen 84 days after the complete dossier
  (after the term).
A second SWV has a toegekende TLV in the running year and must not count.
"""

import datetime as dt
import re
from collections import Counter
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from cases.models import IndicatorDoel, Leerling
from cases.services import tlv
from reports.targets import LINEAR, SEASONAL, figure_cases, project_count, targets_report
from tests import thuiszitter_steps, tlv_steps
from tests.factories import complete_second_factor, make_world, next_bsn

AMS = ZoneInfo("Europe/Amsterdam")
TODAY = dt.date(2026, 12, 15)
NOW = dt.datetime(2026, 12, 15, 10, 0, tzinfo=AMS)


def at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(9), tzinfo=AMS)


def decided(w, travel, *, on: dt.date, besluit="toekennen", days=20):
    leerling = Leerling.objects.create(
        swv=w.swv,
        voornaam=f"Doel{on:%y%m%d}",
        achternaam=f"Test{w.swv.pk}",
        geboortedatum=dt.date(2013, 5, 1),
        bsn=next_bsn(),
        woongemeente=w.gemeente_a,
        stamschool=w.school_a,
    )
    travel.move_to(at(on - dt.timedelta(days=days)))
    a = tlv_steps.with_documents(w, tlv_steps.concept(w, leerling))
    tlv.aanvraag_submit(aanvraag=a, by=w.school_user)
    tlv.volledigheid_record(aanvraag=tlv_steps.fresh(a), by=w.consulent, volledig=True)
    travel.move_to(at(on - dt.timedelta(days=days - 1)))
    a = tlv_steps.fresh(a)
    for volgorde, deskundige in ((1, w.deskundige1), (2, w.deskundige2)):
        tlv.deskundigenadvies_record(
            aanvraag=a, by=deskundige, volgorde=volgorde, advies="A", aanbeveling=besluit
        )
    tlv.cva_advies_record(
        aanvraag=tlv_steps.fresh(a),
        by=w.cva,
        uitkomst=besluit,
        soort="so",
        cluster=4,
        categorie="laag",
        motivering="M",
    )
    travel.move_to(at(on))
    a = tlv_steps.fresh(a)
    if besluit == "afwijzen":
        tlv.besluit_record(aanvraag=a, by=w.beslisser, besluit="afwijzen", motivering="Regulier kan het")
    else:
        tlv.besluit_record(
            aanvraag=a,
            by=w.beslisser,
            besluit="toekennen",
            ingangsdatum=on + dt.timedelta(days=7),
            einddatum=dt.date(on.year + 1, 7, 31),
            school=w.special,
            motivering="Besluit",
            soort="so",
            cluster=w.special.cluster,
            categorie="laag",
        )
    return a


@pytest.fixture(scope="module")
def data(module_db):
    with module_db():
        w, other = make_world(), make_world()
        IndicatorDoel.objects.create(
            swv=w.swv,
            schooljaar=2025,
            indicator="tlv_daling",
            richting="minimaal",
            waarde=30,
            peildatum=dt.date(2025, 8, 1),
        )
        IndicatorDoel.objects.create(
            swv=w.swv, schooljaar=2026, indicator="binnen_termijn", richting="minimaal", waarde=90
        )
        IndicatorDoel.objects.create(  # a later year's target is not this year's
            swv=w.swv, schooljaar=2027, indicator="thuiszitters", richting="maximaal", waarde=0
        )
        with time_machine.travel(at(dt.date(2024, 9, 1)), tick=False) as travel:
            for day in (
                dt.date(2024, 10, 10),
                dt.date(2024, 11, 20),
                dt.date(2025, 2, 10),
                dt.date(2025, 5, 12),
                dt.date(2025, 9, 15),
                dt.date(2026, 3, 10),
                dt.date(2026, 9, 14),
                dt.date(2026, 11, 10),
            ):
                decided(w, travel, on=day)
            decided(w, travel, on=dt.date(2024, 10, 15), besluit="afwijzen")
            decided(w, travel, on=dt.date(2026, 11, 25), besluit="afwijzen", days=85)
            decided(other, travel, on=dt.date(2026, 10, 5))
        report = targets_report(swv=w.swv, schooljaar=2026, today=TODAY)
        yield SimpleNamespace(w=w, other=other, report=report, rows={r.indicator: r for r in report.rows})


def test_only_this_years_targets_and_those_running_on(data):
    assert [r.indicator for r in data.report.rows] == ["tlv_daling", "binnen_termijn"]
    assert data.rows["tlv_daling"].doel_schooljaar == 2025  # set for 2025-2026, running on
    assert targets_report(swv=data.other.swv, schooljaar=2026, today=TODAY).rows == []


def test_tlv_reduction_so_far_and_projected(data):
    r = data.rows["tlv_daling"]
    # 2 TLVs from 1-8-2026 to 15-12-2026 against 2 from 1-8-2024 to 15-12-2024: no reduction so far
    assert r.waarde == 0.0 and r.gehaald is False
    assert "2 TLV's van 1-8-2026 t/m 15-12-2026 tegen 2" in r.uitleg
    # seasonal: by the 137th day the history years held (2 + 1) of (4 + 2) TLVs = 0.5, so 2 / 0.5 = 4 in the
    # year, against 4 in the base year: 0 % reduction, the target of 30 % is missed
    assert r.methode == SEASONAL
    assert r.projectie == 0.0 and r.op_koers is False and r.waarschuwing
    assert [(d.reeks, d.n) for d in r.drill] == [("dit_jaar", 2), ("basis_periode", 2), ("basisjaar", 4)]


def test_tlv_reduction_trend_per_month(data):
    r = data.rows["tlv_daling"]
    assert [p.label.lower() for p in r.trend][:2] == ["aug 2026", "sep 2026"] and len(r.trend) == 12
    actual = [p.actual for p in r.trend]
    assert actual == [0.0, 1.0, 1.0, 2.0, 2.0] + [None] * 7
    assert r.trend[-1].projected == 4.0
    assert r.trend[0].doel == 2.8  # 4 in the base year minus 30 %
    basis = [p.basis for p in r.trend]
    assert basis[:5] == [0.0, 0.0, 1.0, 2.0, 2.0] and basis[-1] == 4.0


def test_decided_within_term_so_far_and_projected(data):
    r = data.rows["binnen_termijn"]
    # 2 of 3 besluiten (the afwijzing of 25 November came after the term)
    assert r.waarde == 66.7 and r.gehaald is False
    # decisions: history held (3 + 1) of (5 + 2) by the 137th day, so 3 / (4/7) = 5.25 in the year; 2.25
    # more at the rate so far (2/3): (2 + 1.5) / 5.25 = 66.7 %
    assert r.methode == SEASONAL and r.projectie == 66.7 and r.waarschuwing
    assert [(d.reeks, d.n) for d in r.drill] == [("besluiten", 3), ("te_laat", 1), ("open_verlopen", 0)]


def test_the_cases_behind_each_figure(data):
    w = data.w
    ours = figure_cases(swv=w.swv, schooljaar=2026, indicator="tlv_daling", reeks="basisjaar", today=TODAY)
    assert ours.count() == 4 and set(ours.values_list("swv_id", flat=True)) == {w.swv.pk}
    late = figure_cases(swv=w.swv, schooljaar=2026, indicator="binnen_termijn", reeks="te_laat", today=TODAY)
    assert [c.tlv.status for c in late] == ["afgewezen"]
    assert figure_cases(swv=w.swv, schooljaar=2026, indicator="tlv_daling", reeks="x", today=TODAY) is None
    assert figure_cases(swv=w.swv, schooljaar=2026, indicator="thuiszitters", reeks="nu", today=TODAY) is None


def test_linear_projection_without_history():
    events = Counter({dt.date(2026, 8, 20): 1, dt.date(2026, 9, 30): 2})
    # 3 in the first 73 days (1 August to 12 October) of 365: 3 * 365 / 73 = 15
    assert project_count(events, 2026, dt.date(2026, 10, 12)) == (15.0, LINEAR)


# --- the page, the drill-down, the export and the API ------------------------------------------------


@pytest.fixture
def on_the_day():
    with time_machine.travel(NOW, tick=False):
        yield


def _login(client, user):
    client.force_login(user)
    complete_second_factor(client, user)


def test_page_shows_target_so_far_projection_warning_and_trend(client, db, data, on_the_day):
    w = data.w
    _login(client, w.consulent)
    html = client.get(reverse("targets"), {"swv": w.swv.pk, "schooljaar": 2026}).content.decode()
    assert "Daling aantal TLV&#x27;s t.o.v. de peildatum (%)" in html
    assert "ten minste 30%" in html and "niet op koers" in html
    assert "seizoenspatroon van de voorgaande schooljaren" in html  # the method is stated
    assert html.count("<svg") == 2 and "Trend Daling aantal TLV" in html  # chart and table per target
    link = "indicator=tlv_daling&amp;reeks=basisjaar"
    assert link in html
    cases = client.get(
        reverse("target_cases"),
        {"swv": w.swv.pk, "schooljaar": 2026, "indicator": "tlv_daling", "reeks": "basisjaar"},
    )
    assert cases.status_code == 200 and len(re.findall(r'href="/casussen/\d+/"', cases.content.decode())) == 4
    csv = client.get(reverse("targets"), {"swv": w.swv.pk, "schooljaar": 2026, "format": "csv"})
    assert csv.status_code == 200 and "Prognose 31 juli" in csv.content.decode()


def test_other_swv_and_roles_without_reporting_rights(client, db, data, on_the_day):
    w = data.w
    _login(client, w.consulent)
    assert client.get(reverse("targets"), {"swv": data.other.swv.pk}).status_code == 404
    query = {"swv": data.other.swv.pk, "indicator": "tlv_daling", "reeks": "dit_jaar"}
    assert client.get(reverse("target_cases"), query).status_code == 404
    _login(client, w.school_user)
    assert client.get(reverse("targets")).status_code == 403


def test_api(db, data, on_the_day):
    from tests.api.helpers import Api, api_client

    _c, token = api_client(data.w, role="consulent")
    body = Api(token).get("/api/v1/reports/targets/", {"schooljaar": 2026}).json()
    row = body["rijen"][0]
    assert (row["indicator"], row["waarde"], row["projectie"], row["waarschuwing"]) == (
        "tlv_daling",
        0.0,
        0.0,
        True,
    )
    assert row["methode"] == "seizoen" and len(row["trend"]) == 12
    cases = (
        Api(token)
        .get(
            "/api/v1/reports/targets/cases/",
            {"schooljaar": 2026, "indicator": "tlv_daling", "reeks": "basisjaar"},
        )
        .json()
    )
    assert cases["n"] == 4 and len(cases["casussen"]) == 4
    missing = Api(token).get(
        "/api/v1/reports/targets/cases/", {"schooljaar": 2026, "indicator": "thuiszitters", "reeks": "nu"}
    )
    assert missing.status_code == 404


def test_thuiszitters_now_and_projected_linearly(db):
    w = make_world()
    IndicatorDoel.objects.create(
        swv=w.swv, schooljaar=2026, indicator="thuiszitters", richting="maximaal", waarde=0
    )
    with time_machine.travel(at(dt.date(2026, 10, 1)), tick=False):
        thuiszitter_steps.gemeld(w, eerste_verzuimdag=dt.date(2026, 8, 31), days_ago=0)
    with time_machine.travel(at(TODAY), tick=False):
        (r,) = targets_report(swv=w.swv, schooljaar=2026, today=TODAY).rows
    # 0 on 1 August, 1 now (137th day): +1 per 136 days, 228 days to go: 1 + 228/136 = 2.7
    assert (r.waarde, r.methode, r.projectie, r.waarschuwing) == (1.0, LINEAR, 2.7, True)
    assert [(d.reeks, d.n) for d in r.drill] == [("nu", 1)]


def test_in_the_quarterly_report_its_export_and_api(client, db, data, on_the_day):
    from reports.quarterly import Period, quarterly_report
    from tests.api.helpers import Api, api_client

    report = quarterly_report(swv=data.w.swv, period=Period.of_quarter(2026, 4), now=NOW)
    assert [(x.indicator, x.waarde, x.projectie, x.op_koers) for x in report.prognose] == [
        ("tlv_daling", 0.0, 0.0, False),
        ("binnen_termijn", 66.7, 66.7, False),
    ]
    query = {"swv": data.w.swv.pk, "periode": "kwartaal", "jaar": 2026, "kwartaal": 4, "schooljaar": 2026}
    _login(client, data.w.consulent)
    html = client.get(reverse("kwartaalrapportage"), query).content.decode()
    assert "Prognose van de eigen doelen" in html and "niet op koers" in html
    csv = client.get(reverse("kwartaalrapportage"), {**query, "format": "csv"}).content.decode("utf-8-sig")
    assert "Prognose van de eigen doelen" in csv and "Prognose 31 juli" in csv
    _c, token = api_client(data.w, role="consulent")
    body = Api(token).get("/api/v1/reports/quarterly/", query).json()
    assert [(x["indicator"], x["projectie"]) for x in body["prognose"]] == [
        ("tlv_daling", 0.0),
        ("binnen_termijn", 66.7),
    ]
    assert "prognose" in body["definities"]
