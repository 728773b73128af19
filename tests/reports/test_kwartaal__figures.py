"""The combined quarterly report on a known data set, every figure checked by hand.

Q1 2027 (1 January – 31 March) of one PO SWV, reported on 15 April 2027; a second SWV has a case of each
kind in the same quarter and must not count. Times are 09:00 local, so durations are whole days.
"""

import datetime as dt
import io
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from audit.models import AccessLog
from cases.models import Leerling
from cases.services import tlv
from reports.quarterly import Period, quarterly_report
from tests import schakel_steps, screening_steps, thuiszitter_steps, tlv_steps
from tests.factories import make_world, next_bsn

AMS = ZoneInfo("Europe/Amsterdam")
NOW = dt.datetime(2027, 4, 15, 10, 0, tzinfo=AMS)
Q1 = Period.of_quarter(2027, 1)


def at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(9), tzinfo=AMS)


def d(month, day, year=2027):
    return dt.date(year, month, day)


def pupil(w, name, *, school=None, gemeente=None):
    return Leerling.objects.create(
        swv=w.swv,
        voornaam=name,
        achternaam=f"Kwartaal{w.swv.pk}",
        geboortedatum=dt.date(2017, 5, 1),
        bsn=next_bsn(),
        woongemeente=gemeente or w.gemeente_a,
        stamschool=school or w.school_a,
    )


def tlv_decided(w, travel, leerling, *, submitted, complete, decided, besluit="toekennen", **soort):
    travel.move_to(at(submitted))
    a = tlv_steps.with_documents(w, tlv_steps.concept(w, leerling))
    tlv.aanvraag_submit(aanvraag=a, by=w.school_user)
    travel.move_to(at(complete))
    tlv.volledigheid_record(aanvraag=tlv_steps.fresh(a), by=w.consulent, volledig=True)
    travel.move_to(at(complete + dt.timedelta(days=1)))
    a = tlv_steps.fresh(a)
    tlv.deskundigenadvies_record(
        aanvraag=a, by=w.deskundige1, volgorde=1, advies="A1", aanbeveling="toekennen"
    )
    tlv.deskundigenadvies_record(
        aanvraag=a, by=w.deskundige2, volgorde=2, advies="A2", aanbeveling="toekennen"
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
    travel.move_to(at(decided))
    a = tlv_steps.fresh(a)
    if besluit == "afwijzen":
        tlv.besluit_record(aanvraag=a, by=w.beslisser, besluit="afwijzen", motivering="Regulier kan het")
    else:
        tlv.besluit_record(
            aanvraag=a,
            by=w.beslisser,
            besluit="toekennen",
            ingangsdatum=decided + dt.timedelta(days=7),
            einddatum=d(7, 31, 2028),
            school=placement(w, soort),
            motivering="Besluit",
            **soort,
        )
    return a


def placement(w, soort):
    """A school of the TLV's type (the service checks it): SBO, or SO of the cluster."""
    from cases.models import School

    kind, cluster = soort.get("soort", "so"), soort.get("cluster")
    if kind == "so" and cluster == w.special.cluster:
        return w.special
    school, _created = School.objects.get_or_create(
        brin=f"P{w.special.brin[1:]}"[:4] if kind == "sbo" else f"Q{w.special.brin[1:]}"[:4],
        vestiging="00",
        defaults={
            "name": f"{kind.upper()} {cluster or ''}".strip(),
            "soort": kind,
            "cluster": cluster if kind == "so" else None,
            "bestuur": w.special.bestuur,
            "swv": w.swv,
            "gemeente": w.special.gemeente,
        },
    )
    return school


def build(w, other):
    from cases.models import IndicatorDoel

    for indicator, richting, waarde in (
        ("po_vso", "maximaal", 50),  # the SWV's own targets for 2026-2027 (its profile)
        ("binnen_termijn", "minimaal", 99),
        ("thuiszitters", "maximaal", 2),
    ):
        IndicatorDoel.objects.create(
            swv=w.swv, schooljaar=2026, indicator=indicator, richting=richting, waarde=waarde
        )
    with time_machine.travel(at(d(1, 4)), tick=False) as travel:
        # --- TLVs: three toekenningen and one afwijzing in Q1, one toekenning in Q2 ---------------
        tlv_decided(
            w,
            travel,
            pupil(w, "Tim"),
            submitted=d(1, 4),
            complete=d(1, 5),
            decided=d(1, 20),
            soort="so",
            cluster=4,
            categorie="laag",
        )  # 16 days, on time (due 16 Feb)
        tlv_decided(
            w,
            travel,
            pupil(w, "Tom"),
            submitted=d(1, 11),
            complete=d(1, 12),
            decided=d(3, 1),
            soort="so",
            cluster=3,
            categorie="midden",
        )  # 49 days, late (due 23 Feb)
        tlv_decided(
            w, travel, pupil(w, "Ties"), submitted=d(2, 1), complete=d(2, 2), decided=d(2, 22), soort="sbo"
        )  # 21 days, on time
        tlv_decided(
            w,
            travel,
            pupil(w, "Teun"),
            submitted=d(2, 15),
            complete=d(2, 16),
            decided=d(3, 10),
            besluit="afwijzen",
        )  # 23 days, on time
        tlv_decided(
            w,
            travel,
            pupil(w, "Thijs"),
            submitted=d(3, 22),
            complete=d(3, 23),
            decided=d(4, 5),
            soort="so",
            cluster=4,
            categorie="laag",
        )  # Q2: not counted
        tlv_decided(
            other,
            travel,
            pupil(other, "Tara"),
            submitted=d(1, 4),
            complete=d(1, 5),
            decided=d(2, 1),
            soort="so",
            cluster=4,
            categorie="laag",
        )  # other SWV

        # --- thuiszitters (peildatum 31 March) ---------------------------------------------------
        travel.move_to(at(d(2, 3)))
        thuiszitter_steps.geregistreerd(w, leerling=pupil(w, "Mo"), eerste_verzuimdag=d(2, 1))  # 58 days
        travel.move_to(at(d(3, 26)))
        thuiszitter_steps.geregistreerd(
            w, leerling=w.leerling_b, by=w.school_b_user, eerste_verzuimdag=d(3, 25), type="absoluut"
        )  # absoluut verzuim counts from the first day
        thuiszitter_steps.geregistreerd(w, leerling=pupil(w, "Mia"), eerste_verzuimdag=d(3, 20))  # 11 days
        travel.move_to(at(d(1, 5)))
        m = thuiszitter_steps.met_overleg(w, leerling=pupil(w, "Max"), eerste_verzuimdag=d(1, 4))
        travel.move_to(at(d(2, 15)))
        from cases.services import thuiszitter

        thuiszitter.aanbod_record(
            melding=thuiszitter_steps.fresh(m),
            by=w.consulent,
            soort="onderwijs",
            omschrijving="Terug naar school",
            startdatum=d(2, 15),
        )  # passend aanbod after 42 days, within 3 months
        travel.move_to(at(d(1, 20)))
        thuiszitter_steps.geregistreerd(other, leerling=pupil(other, "Oscar"), eerste_verzuimdag=d(1, 10))

        # --- toestroom: two screenings closed in Q1, one in Q2 ---------------------------------------
        travel.move_to(at(d(2, 10)))
        screening_steps.geplaatst(w, "volledig", leerling=pupil(w, "Sam", school=w.special), herkomst="kdc")
        travel.move_to(at(d(3, 15)))
        screening_steps.geplaatst(w, "nog_niet", leerling=pupil(w, "Sil", school=w.special), herkomst="kdc")
        travel.move_to(at(d(4, 2)))
        screening_steps.geplaatst(w, "volledig", leerling=pupil(w, "Sep", school=w.special))

        # --- schakel: a PO -> VSO move decided in Q1 ------------------------------------------------
        travel.move_to(at(d(1, 18)))
        t = schakel_steps.in_proef(w, soort="po_vso", huidige_school=w.school_a, leerling=pupil(w, "Sven"))
        travel.move_to(at(d(3, 15)))
        from cases.services import schakel

        schakel.besluit_record(
            traject=schakel_steps.fresh(t), by=w.consulent, besluit="definitief", motivering="Goed"
        )


@pytest.fixture(scope="module")
def data(module_db):
    with module_db():
        w, other = make_world(), make_world()
        build(w, other)
        yield SimpleNamespace(w=w, other=other, report=quarterly_report(swv=w.swv, period=Q1, now=NOW))


def test_tlvs_issued_per_soort_and_categorie(data):
    assert [(r.key, r.label, r.aantal) for r in data.report.tlv] == [
        ("sbo", "SBO", 1),
        ("so3", "SO cluster 3", 1),
        ("so4", "SO cluster 4", 1),
    ]
    assert data.report.tlv_totaal == 3


def test_thuiszitters_at_the_peildatum_per_type_gemeente_and_board(data):
    w, r = data.w, data.report
    assert r.peildatum == d(3, 31)
    rows = {(x.type, x.gemeente, x.bestuur): x.aantal for x in r.thuiszitters}
    assert rows == {
        ("relatief", w.gemeente_a.name, w.school_a.bestuur.name): 1,
        ("absoluut", w.gemeente_b.name, w.school_b.bestuur.name): 1,
    }


def test_toestroom_in_the_quarter(data):
    r = data.report
    assert [(x.herkomst, x.afgesloten, x.volledig, x.niet) for x in r.toestroom] == [("kdc", 2, 1, 1)]
    assert r.toestroom_totaal.percentage == 50.0


def test_schakel_and_carrousel_against_the_target(data):
    (po_vso,) = [x for x in data.report.schakel if x.soort == "po_vso"]
    assert (po_vso.gestart, po_vso.definitief, po_vso.terug) == (1, 1, 0)
    assert po_vso.schooljaar_definitief == 1 and po_vso.doel == 50 and po_vso.gehaald is True
    assert data.report.schooljaar_label == "2026-2027"


def test_share_decided_within_the_term(data):
    terms = {x.key: (x.besluiten, x.binnen, x.percentage) for x in data.report.termijnen}
    assert terms["tlv"] == (4, 3, 75.0)
    assert terms["thuiszitter"] == (1, 1, 100.0)
    assert terms["screening"] == (2, 2, 100.0)
    assert terms["zorgplicht"] == (0, 0, None)


def test_the_swvs_own_targets_against_the_figures(data):
    doelen = {x.indicator: (x.waarde, x.doel, x.gehaald) for x in data.report.doelen}
    assert doelen == {"binnen_termijn": (75.0, 99.0, False), "thuiszitters": (2, 2.0, True)}
    other = quarterly_report(swv=data.other.swv, period=Q1, now=NOW)
    assert other.doelen == [] and all(x.doel is None for x in other.schakel)  # no seed's targets imposed


def test_median_doorlooptijd_per_route_and_step(data):
    routes = {x.route: (x.aantal, x.mediaan_dagen) for x in data.report.doorlooptijd_routes}
    assert routes["tlv"] == (4, 22.0)  # 16, 21, 23, 49 days
    assert routes["thuiszitter"] == (1, 42.0)
    assert routes["schakel"] == (1, 56.0)  # signaal 18 January, besluit 15 March
    steps = {(x.route, x.step): (x.aantal, x.mediaan_dagen) for x in data.report.doorlooptijd_stappen}
    # the besluit task opens with the CvA advice (the day after the dossier was complete) and closes
    # with the besluit: 14, 47, 19 and 21 days
    assert steps[("tlv", "Besluit nemen")] == (4, 20.0)


def test_other_swv_is_not_counted(data):
    other = quarterly_report(swv=data.other.swv, period=Q1, now=NOW)
    assert [(r.key, r.aantal) for r in other.tlv] == [("so4", 1)]
    assert other.thuiszitters_totaal == 1
    assert other.toestroom == []


def test_a_school_year_runs_from_august_to_july(data):
    year = quarterly_report(swv=data.w.swv, period=Period.of_schoolyear(2026), now=NOW)
    assert year.peildatum == NOW.date()  # the school year is still running
    assert year.tlv_totaal == 4  # the Q2 toekenning is in the school year too


# --- the page, the exports and who may see them ---------------------------------------------------


def _url(swv, **params):
    query = {"swv": swv.pk, "periode": "kwartaal", "jaar": 2027, "kwartaal": 1, "schooljaar": 2026, **params}
    return reverse("kwartaalrapportage") + "?" + "&".join(f"{k}={v}" for k, v in query.items())


@pytest.fixture
def on_report_day():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.mark.parametrize("role", ["consulent", "beslisser", "beheerder", "auditor"])
def test_staff_and_auditors_see_the_page_with_charts_and_definitions(client, db, data, on_report_day, role):
    client.force_login(data.w.roles[role])
    response = client.get(_url(data.w.swv))
    html = response.content.decode()
    assert response.status_code == 200
    assert "SO cluster 3" in html and "Afgegeven TLV's per soort en categorie" in html
    assert html.count("<svg") >= 5  # tlv, thuiszitters, toestroom, schakel, termijn, doorlooptijd
    assert "<script" not in html.split("</head>")[1]  # pygal's inline script is removed (CSP)
    assert "toekenningsbesluiten met een besluitdatum in de periode" in html  # the definition


@pytest.mark.parametrize("role", ["school", "deskundige", "cva_lid", "leerplichtambtenaar"])
def test_roles_without_reporting_rights_get_403(client, db, data, on_report_day, role):
    client.force_login(data.w.roles[role])
    assert client.get(_url(data.w.swv)).status_code == 403


def test_another_swv_is_404(client, db, data, on_report_day):
    client.force_login(data.w.consulent)
    assert client.get(_url(data.other.swv)).status_code == 404
    assert client.get(_url(data.other.swv, periode="")).status_code == 404
    assert client.get(reverse("kwartaalrapportage") + "?swv=abc").status_code == 404


def test_a_future_period_is_refused_with_a_message(client, db, data, on_report_day):
    client.force_login(data.w.consulent)
    html = client.get(_url(data.w.swv, jaar=2027, kwartaal=3)).content.decode()
    assert "Deze periode is nog niet begonnen" in html


def test_csv_export_has_every_figure(client, db, data, on_report_day):
    client.force_login(data.w.consulent)
    response = client.get(_url(data.w.swv, format="csv"))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    for expected in (
        "SO cluster 3;1",
        "Totaal;3",
        "Binnen de termijn beslist",
        "TLV: besluit binnen de beslistermijn;4;3;75.0",
        "Toestroomper",
    ):
        assert expected in text, expected
    assert AccessLog.objects.filter(user=data.w.consulent, what__contains="export csv").exists()


def test_xlsx_export_has_a_sheet_per_figure(client, db, data, on_report_day):
    from openpyxl import load_workbook

    client.force_login(data.w.auditor)
    response = client.get(_url(data.w.swv, format="xlsx"))
    wb = load_workbook(io.BytesIO(response.content))
    assert len(wb.sheetnames) == 10  # Toelichting + nine figures (the last: the targets' projection)
    tlv_sheet = wb.worksheets[1]
    assert [c.value for c in tlv_sheet[2]] == ["SBO", 1]
    durations = [[c.value for c in row] for row in wb.worksheets[8].iter_rows(min_row=2)]
    assert ["Toelaatbaarheidsverklaring", "hele route", 4, 22.0] in durations


@pytest.mark.parametrize("language", ["nl", "en"])
def test_xlsx_sheet_names_are_short_names_not_cut_titles(client, db, data, on_report_day, language):
    from django.conf import settings
    from openpyxl import load_workbook

    from reports.views import SHEET_NAMES

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.force_login(data.w.auditor)
    wb = load_workbook(io.BytesIO(client.get(_url(data.w.swv, format="xlsx")).content))
    with translation.override(language):
        names = [str(name) for name in SHEET_NAMES.values()]
    assert wb.sheetnames[1:] == names
    assert all(len(name) <= 31 for name in wb.sheetnames)
    if language == "nl":
        assert wb.sheetnames[1] == "TLV's"
        listed = [[c.value for c in row] for row in wb.worksheets[0].iter_rows()]
        assert listed[-9][:2] == ["TLV's", "Afgegeven TLV's per soort en categorie"]
