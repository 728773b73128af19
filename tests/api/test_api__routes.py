"""Whole journeys through the API: a TLV from aanvraag to bekendmaking, the other routes' first steps,
documents, deadlines with their explanation, escalations and report figures."""

from __future__ import annotations

import datetime as dt

from django.test import Client

from audit.models import AccessLog
from cases import clock
from cases.models import Bekendmaking, Document, TlvAanvraag, WorkItem
from cases.roles import Role
from reports import selectors as report_selectors
from tests import screening_steps
from tests.api.helpers import Api, api_client
from tests.factories import PDF_BYTES, give_consent, pdf

REQUIRED = ("opp", "zienswijze_ouders", "instemming_ouders", "interventies")


def _session(user) -> Api:
    api = Api()
    api.http.force_login(user)  # a person in the browser (2FA completed by the test fixture)
    return api


def _complete(api, task_id, payload):
    r = api.post(f"/api/v1/tasks/{task_id}/complete/", payload)
    assert r.status_code == 200, r.content
    return r.json()


def _open_task(case_id, node):
    return WorkItem.objects.get(case_id=case_id, node=node, status="open").pk


def test_a_tlv_from_aanvraag_to_bekendmaking_through_the_api(world):
    school_client, school_token = api_client(world, role=Role.SCHOOL, name="Schoolsysteem")
    _c, consulent_token = api_client(world, role=Role.CONSULENT, name="SWV-systeem")
    school, consulent = Api(school_token), Api(consulent_token)

    r = school.post(
        "/api/v1/cases/tlv/",
        {
            "leerling": world.leerling_a.pk,
            "gevraagde_soort": "so",
            "gevraagde_cluster": 4,
            "gevraagde_categorie": "laag",
            "onderbouwing": "Cascade doorlopen",
        },
    )
    assert r.status_code == 201, r.content
    case_id = r.json()["id"]
    assert r.json()["tlv"]["status"] == "concept"
    a = TlvAanvraag.objects.get(case_id=case_id)
    assert a.history.earliest().history_user == school_client.user  # history names the koppeling
    for kind in REQUIRED:
        r = school.upload(f"/api/v1/cases/{case_id}/documents/", {"kind": kind, "file": pdf(f"{kind}.pdf")})
        assert r.status_code == 201, r.content
    assert school.post(f"/api/v1/cases/{case_id}/transitions/indienen/", {}).status_code == 200

    task = consulent.get("/api/v1/tasks/", {"inbox": "werkvoorraad"}).json()["results"][0]
    assert (task["node"], task["input_schema"]) == ("volledigheidstoets", "TlvVolledigheidstoetsInputRequest")
    assert consulent.post(f"/api/v1/tasks/{task['id']}/claim/").json()["assignee"] is not None
    mine = consulent.get("/api/v1/tasks/").json()["results"]
    assert [t["id"] for t in mine] == [task["id"]]
    _complete(consulent, task["id"], {"volledig": True})

    deadlines = consulent.get(f"/api/v1/cases/{case_id}/deadlines/").json()
    termijn = next(d for d in deadlines if d["kind"] == "tlv_beslistermijn")
    assert termijn["due_on"] and "gestart" in termijn["explanation"].lower()

    for user, node, payload in (
        (world.deskundige1, "deskundigenadvies_1", {"advies": "Passend in SO", "aanbeveling": "toekennen"}),
        (world.deskundige2, "deskundigenadvies_2", {"advies": "Eens", "aanbeveling": "toekennen"}),
        (
            world.cva,
            "cva_advies",
            {"uitkomst": "toekennen", "soort": "so", "cluster": 4, "categorie": "laag", "motivering": "M"},
        ),
    ):
        _complete(_session(user), _open_task(case_id, node), payload)
    besluit = {
        "besluit": "toekennen",
        "soort": "so",
        "cluster": 4,
        "categorie": "laag",
        "ingangsdatum": "2027-01-04",
        "einddatum": "2028-07-31",
        "school": world.special.pk,
        "motivering": "Besluit",
    }
    beslisser = _session(world.beslisser)
    _complete(beslisser, _open_task(case_id, "besluit"), besluit)
    assert TlvAanvraag.objects.get(pk=a.pk).status == "toegekend"

    r = consulent.post(f"/api/v1/cases/{case_id}/transitions/bekendmaken/", {})
    assert r.status_code == 200, r.content
    # the letter of the record (each ouder also gets their own copy: test_letters__per_recipient.py)
    letter = Bekendmaking.objects.get(case_id=case_id).document
    assert Document.objects.filter(case_id=case_id, kind="besluitbrief").count() == 2
    r = consulent.get(f"/api/v1/documents/{letter.pk}/content/")
    assert r.status_code == 200 and b"".join(r.streaming_content).startswith(b"%PDF")
    assert r["Content-Disposition"].startswith("attachment")
    # doing it again is not allowed in this state: 409 with the service's message
    r = consulent.post(f"/api/v1/cases/{case_id}/transitions/bekendmaken/", {})
    assert r.status_code == 409 and r.json()["detail"]
    assert AccessLog.objects.filter(case_id=case_id, via="api", what__startswith="document").exists()


def test_the_transitions_of_a_case_list_their_urls_and_schemas(world, steps):
    a = steps.ingediend(world)
    _c, token = api_client(world)
    actions = Api(token).get(f"/api/v1/cases/{a.case_id}/transitions/").json()
    names = {x["action"] for x in actions}
    assert {"indienen", "intrekken", "verdagen", "bekendmaken", "bezwaar_registreren"} <= names
    assert all(x["url"].endswith(f"/transitions/{x['action']}/") for x in actions)


def test_a_thuiszitter_melding_and_its_registratie_through_the_api(world):
    _c, token = api_client(world, role=Role.CONSULENT)
    api = Api(token)
    first_day = (clock.today() - dt.timedelta(days=20)).isoformat()
    r = api.post(
        "/api/v1/cases/thuiszitter/",
        {"leerling": world.leerling_a.pk, "type": "relatief", "eerste_verzuimdag": first_day},
    )
    assert r.status_code == 201, r.content
    case_id = r.json()["id"]
    assert r.json()["thuiszitter"]["officieel"] is True  # the form's default when omitted
    task_id = _open_task(case_id, "registratie")
    body = _complete(api, task_id, {"type": "relatief", "officieel": True, "stamschool": world.school_a.pk})
    assert body["status"] == "done"
    assert api.get(f"/api/v1/cases/thuiszitter/{case_id}/").json()["status"] == "geregistreerd"


def test_zorgplicht_screening_and_schakel_cases_open_through_the_api(world):
    screening_steps.actors(world)
    _c, school_token = api_client(world, role=Role.SCHOOL, school=world.school_a)
    school = Api(school_token)
    r = school.post(
        "/api/v1/cases/zorgplicht/",
        {
            "leerling": world.leerling_a.pk,
            "school": world.school_a.pk,
            "aangemeld_op": clock.today().isoformat(),
        },
    )
    assert r.status_code == 201, r.content
    assert r.json()["aanmelding"]["status"] == "aangemeld"
    r = school.post(
        "/api/v1/cases/schakel/",
        {
            "leerling": world.leerling_a.pk,
            "soort": "po_vso",
            "bron": "opp_evaluatie",
            "huidige_school": world.school_a.pk,
        },
    )
    assert r.status_code == 201, r.content
    _c, so_token = api_client(world, role=Role.SCHOOL, school=world.special, name="SO-school")
    give_consent(world.leerling_b, "screening")
    r = Api(so_token).post(
        "/api/v1/cases/screening/",
        {  # a child not enrolled with the SO school: named by BSN and date of birth, not picked from a list
            "leerling_nummer": world.leerling_b.bsn,
            "leerling_geboortedatum": world.leerling_b.geboortedatum.isoformat(),
            "school": world.special.pk,
            "herkomst": "kdc",
            "vrijstelling": "geen",
        },
    )
    assert r.status_code == 201, r.content


def test_a_renamed_file_is_refused_like_in_the_ui(world, steps):
    a = steps.concept(world)
    _c, token = api_client(world, role=Role.SCHOOL)
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("opp.pdf", b"PK\x03\x04not a pdf", content_type="application/pdf")
    r = Api(token).upload(f"/api/v1/cases/{a.case_id}/documents/", {"kind": "opp", "file": fake})
    assert r.status_code == 400
    assert r.json()["code"] == "document-inhoud"
    r = Api(token).upload(f"/api/v1/cases/{a.case_id}/documents/", {"kind": "opp"})
    assert r.status_code == 400 and r.json()["field"] == "file"
    assert not Document.objects.filter(case=a.case).exists()
    r = Api(token).upload(f"/api/v1/cases/{a.case_id}/documents/", {"kind": "opp", "file": pdf()})
    assert r.status_code == 201
    assert r.json()["sha256"] and r.json()["size"] == len(PDF_BYTES)


def test_escalations_and_deadlines_after_a_breach(world):
    from cases.services import deadlines as deadline_services
    from tests import thuiszitter_steps

    m = thuiszitter_steps.gemeld(world, days_ago=40)
    deadline_services.sweep_deadlines()
    _c, token = api_client(world, role=Role.CONSULENT)
    api = Api(token)
    escalations = api.get("/api/v1/escalations/").json()["results"]
    assert escalations and all(e["kind"] == "escalation" for e in escalations)
    assert {e["case"] for e in escalations} == {m.case_id}
    breached = api.get("/api/v1/deadlines/", {"breached": "true"}).json()["results"]
    assert breached and all(d["breached_at"] for d in breached)


def test_report_figures_are_the_report_pages_figures(world):
    from tests import thuiszitter_steps

    thuiszitter_steps.gemeld(world, days_ago=40)
    peildatum = clock.today()
    _c, token = api_client(world, role=Role.CONSULENT)
    body = Api(token).get("/api/v1/reports/thuiszitters/", {"peildatum": peildatum.isoformat()}).json()
    expected = report_selectors.thuiszitter_count(user=world.consulent, peildatum=peildatum)
    assert body["totaal"] == sum(r.aantal for r in expected) == 1
    assert [(r["type"], r["aantal"]) for r in body["rijen"]] == [(r.type, r.aantal) for r in expected]
    _c, school_token = api_client(world, role=Role.SCHOOL, name="school")
    assert Api(school_token).get("/api/v1/reports/thuiszitters/").status_code == 403
    assert Api(token).get("/api/v1/reports/toestroom/", {"jaar": 2026, "kwartaal": 2}).status_code == 200
    from cases.models import IndicatorDoel

    IndicatorDoel.objects.create(
        swv=world.swv, schooljaar=2026, indicator="so_vo", richting="minimaal", waarde=15
    )
    (row,) = Api(token).get("/api/v1/reports/carrousel/", {"schooljaar": 2026}).json()["rijen"]
    assert (row["soort"], row["doel"]) == ("so_vo", 15)


def test_the_browser_can_use_the_api_with_its_session(world, steps):
    a = steps.ingediend(world)
    browser = Client()
    browser.force_login(world.school_user)
    r = browser.get(f"/api/v1/cases/{a.case_id}/")
    assert r.status_code == 200 and r.json()["reference"] == a.case.reference


def test_quarterly_report_figures_are_the_pages_figures(world, other_world, steps):
    from reports.quarterly import DEFINITIONS, Period, quarterly_report

    a = steps.toegekend(world)
    period = Period.of_quarter(a.besloten_op.year, (a.besloten_op.month - 1) // 3 + 1)
    _c, token = api_client(world, role=Role.CONSULENT)
    api = Api(token)
    response = api.get("/api/v1/reports/quarterly/", {"jaar": period.year, "kwartaal": period.quarter})
    assert response.status_code == 200, response.content
    body = response.json()
    expected = quarterly_report(swv=world.swv, period=period, now=clock.now())
    assert body["swv"] == world.swv.code and body["periode"] == period.label
    assert body["tlv_totaal"] == expected.tlv_totaal == 1
    assert [(r["key"], r["aantal"]) for r in body["tlv"]] == [(r.key, r.aantal) for r in expected.tlv]
    assert [(r["key"], r["besluiten"], r["binnen"]) for r in body["termijnen"]] == [
        (r.key, r.besluiten, r.binnen) for r in expected.termijnen
    ]
    # every other section is the page's too: thuiszitters, toestroom, schakel/carrousel, doorlooptijden
    assert body["thuiszitters_totaal"] == expected.thuiszitters_totaal
    assert len(body["toestroom"]) == len(expected.toestroom)
    assert [(r["soort"], r["gestart"], r["definitief"], r["doel"]) for r in body["schakel"]] == [
        (r.soort, r.gestart, r.definitief, r.doel) for r in expected.schakel
    ]
    assert [(r["route"], r["step"], r["aantal"]) for r in body["doorlooptijd_stappen"]] == [
        (r.route, r.step, r.aantal) for r in expected.doorlooptijd_stappen
    ]
    tlv_route = next(r for r in body["doorlooptijd_routes"] if r["route"] == "tlv")
    assert tlv_route["aantal"] == 1 and tlv_route["mediaan_dagen"] is not None
    assert set(body["definities"]) == set(DEFINITIONS) and body["definities"]["tlv"]
    assert AccessLog.objects.filter(
        user=_c.user, via="api", what__startswith="kwartaalrapportage API"
    ).exists()
    # a school may not report; another SWV's id is not found; a future period is refused with its reason
    _c2, school_token = api_client(world, role=Role.SCHOOL, name="school")
    assert Api(school_token).get("/api/v1/reports/quarterly/").status_code == 403
    assert api.get("/api/v1/reports/quarterly/", {"swv": other_world.swv.pk}).status_code == 404
    future = api.get("/api/v1/reports/quarterly/", {"jaar": clock.today().year + 1, "kwartaal": 1})
    assert future.status_code == 400 and future.json()["field"] == "periode"
    sj = api.get("/api/v1/reports/quarterly/", {"periode": "schooljaar", "schooljaar": 2025})
    assert sj.status_code == 200 and sj.json()["soort_periode"] == "schooljaar"
