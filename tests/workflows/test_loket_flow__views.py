"""The loket route through the web pages, role by role, and through the API: a request for ambulante
begeleiding granted within the budget, an individual arrangement refused with a letter, the evaluation on
its date; bad input refused in Dutch and logged on the timeline."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.urls import reverse

from audit.models import AccessLog
from cases import clock
from cases.models import Ondersteuningsaanvraag, WorkItem
from cases.roles import Role
from cases.services.deadlines import sweep_deadlines
from tests import loket_steps as steps
from tests.api.helpers import Api, api_client
from tests.factories import give_consent, pdf

AMS = ZoneInfo("Europe/Amsterdam")


def _item(case, node):
    return WorkItem.objects.get(case=case, node=node, status="open")


def _complete(client, user, item, data):
    client.force_login(user)
    page = client.get(reverse("workitem", args=[item.pk]))
    assert page.status_code == 200, page.status_code
    response = client.post(reverse("workitem", args=[item.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return response


def test_request_triage_grant_and_evaluation_through_the_pages(client, world, time_machine):
    time_machine.move_to(dt.datetime(2027, 3, 1, 9, tzinfo=AMS), tick=False)
    steps.types(world)
    steps.budget(world, uren=200)
    client.force_login(world.school_user)
    assert client.get(reverse("loket_list")).status_code == 200
    assert client.get(reverse("loket_new")).status_code == 200
    data = {
        "leerling": world.leerling_a.pk,
        "school": world.school_a.pk,
        "aanvraag_type": world.ab_type.pk,
        "vraag": "Vastlopen in de klas",
        "ingezet": "Handelingsplan en gesprekken",
    }
    # no consent in the register: refused, in Dutch, nothing created
    r = client.post(reverse("loket_new"), data)
    assert r.status_code == 200 and "geen geldige toestemming" in r.content.decode()
    assert not Ondersteuningsaanvraag.objects.exists()
    give_consent(world.leerling_a, "gegevensdeling")
    r = client.post(reverse("loket_new"), data)
    assert r.status_code == 302, r.content.decode()[:2000]
    a = Ondersteuningsaanvraag.objects.get()
    case = a.case
    page = client.get(reverse("loket_detail", args=[case.pk])).content.decode()
    assert "Overzicht van de al ingezette interventies" in page  # what is still missing
    # submitting without the required document: refused, logged, still a concept
    item = _item(case, "aanvullen_indienen")
    r = client.post(reverse("workitem", args=[item.pk]), {})
    assert r.status_code == 200 and "ontbreken nog deze documenten" in r.content.decode()
    assert case.events.filter(kind="refused").exists()
    r = client.post(
        reverse("document_upload", args=[case.pk]), {"kind": "interventies", "file": pdf("interventies.pdf")}
    )
    assert r.status_code == 302
    _complete(client, world.school_user, item, {})
    # another school sees nothing of it
    client.force_login(world.school_b_user)
    assert client.get(reverse("loket_detail", args=[case.pk])).status_code == 404
    assert case.reference not in client.get(reverse("loket_list")).content.decode()
    # the loket triages (in its werkvoorraad)
    client.force_login(world.consulent)
    assert "Triage" in client.get(reverse("inbox") + "?inbox=werkvoorraad").content.decode()
    _complete(client, world.consulent, _item(case, "triage"), {"volledig": "1", "urgent": "on"})
    # the consulent grants; an end before the start is refused with the field's message
    item = _item(case, "beoordeling")
    today = clock.today()
    grant = {
        "beoordeling": "Passend",
        "besluit": "toewijzen",
        "arrangement_soort": "ambulante_begeleiding",
        "uren": "40",
        "aanbieder": "Ambulante dienst",
        "startdatum": (today + dt.timedelta(days=10)).isoformat(),
        "einddatum": today.isoformat(),
        "doelen": "Plannen",
    }
    r = client.post(reverse("workitem", args=[item.pk]), grant)
    assert r.status_code == 200 and "einddatum ligt niet na de startdatum" in r.content.decode()
    grant["einddatum"] = (today + dt.timedelta(days=200)).isoformat()
    _complete(client, world.consulent, item, grant)
    a = Ondersteuningsaanvraag.objects.get()
    assert a.status == "toegewezen" and a.urgent
    page = client.get(reverse("loket_detail", args=[case.pk])).content.decode()
    assert "Ambulante dienst" in page
    assert AccessLog.objects.filter(case_id=case.pk, what="dossier ondersteuningsaanvraag").exists()
    budgets = client.get(reverse("loket_budgets")).content.decode()
    assert "160 uur" in budgets  # 200 - 40 remaining
    # the evaluation comes on its date
    time_machine.move_to(dt.datetime.combine(a.tussenevaluatie_op, dt.time(9), tzinfo=AMS), tick=False)
    sweep_deadlines()
    item = _item(case, "evaluatie_tussentijds")
    _complete(
        client,
        world.consulent,
        item,
        {
            "doelen_bereikt": "deels",
            "vervolg": "stoppen",
            "toelichting": "Doel bereikt",
            "uren_gebruikt": "20",
        },
    )
    assert Ondersteuningsaanvraag.objects.get().status == "afgesloten"
    # the school cannot see the budget page; the auditor can, but acts on nothing
    client.force_login(world.school_user)
    assert client.get(reverse("loket_budgets")).status_code == 403
    client.force_login(world.auditor)
    assert client.get(reverse("loket_budgets")).status_code == 200


def test_refusal_with_a_letter_and_evaluation_of_a_closed_arrangement_refused(client, world, time_machine):
    time_machine.move_to(dt.datetime(2027, 3, 1, 9, tzinfo=AMS), tick=False)
    a = steps.in_behandeling(world, type_code="ia")
    item = _item(a.case, "beoordeling")
    client.force_login(world.consulent)
    r = client.post(reverse("workitem", args=[item.pk]), {"beoordeling": "b", "besluit": "afwijzen"})
    assert r.status_code == 200 and "Een afwijzing wordt gemotiveerd" in r.content.decode()
    _complete(
        client,
        world.consulent,
        item,
        {"beoordeling": "b", "besluit": "afwijzen", "motivering": "Eerst basis"},
    )
    a = steps.fresh(a)
    assert a.status == "afgewezen"
    letters = a.case.documents.filter(kind="besluitbrief")
    assert letters.exists()
    assert client.get(reverse("document_detail", args=[letters.first().pk])).status_code == 200
    # a granted one, closed at its end: a left-over evaluation cannot be recorded
    g = steps.toegewezen(world, leerling=world.leerling_b)
    time_machine.move_to(dt.datetime.combine(g.tussenevaluatie_op, dt.time(9), tzinfo=AMS), tick=False)
    sweep_deadlines()
    tussen = _item(g.case, "evaluatie_tussentijds")
    from cases.errors import Conflict
    from cases.services import loket

    loket.evaluatie_record(
        item=tussen, by=world.consulent, doelen_bereikt="ja", vervolg="stoppen", toelichting="klaar"
    )
    try:
        loket.evaluatie_record(
            item=tussen, by=world.consulent, doelen_bereikt="ja", vervolg="stoppen", toelichting="nog eens"
        )
    except Conflict as exc:
        assert "loopt niet (meer)" in exc.message
    else:
        raise AssertionError("an evaluation of a closed arrangement was accepted")


def test_the_loket_route_through_the_api(world, time_machine):
    time_machine.move_to(dt.datetime(2027, 3, 1, 9, tzinfo=AMS), tick=False)
    steps.types(world)
    give_consent(world.leerling_a, "gegevensdeling")
    _c, school_token = api_client(world, role=Role.SCHOOL, name="Schoolsysteem")
    _c, consulent_token = api_client(world, role=Role.CONSULENT, name="SWV-systeem")
    school, consulent = Api(school_token), Api(consulent_token)
    r = school.post(
        "/api/v1/cases/loket/",
        {
            "leerling": world.leerling_a.pk,
            "school": world.school_a.pk,
            "aanvraag_type": world.ab_type.pk,
            "vraag": "v",
            "ingezet": "i",
        },
    )
    assert r.status_code == 201, r.content
    case_id = r.json()["id"]
    assert r.json()["ondersteuningsaanvraag"]["status"] == "concept"
    task = WorkItem.objects.get(case_id=case_id, node="aanvullen_indienen", status="open")
    r = school.post(f"/api/v1/tasks/{task.pk}/complete/", {})
    assert r.status_code in (400, 409, 422) and "ontbreken" in r.content.decode()
    r = school.upload(f"/api/v1/cases/{case_id}/documents/", {"kind": "interventies", "file": pdf("i.pdf")})
    assert r.status_code == 201, r.content
    assert school.post(f"/api/v1/tasks/{task.pk}/complete/", {}).status_code == 200
    triage = WorkItem.objects.get(case_id=case_id, node="triage", status="open")
    r = consulent.post(f"/api/v1/tasks/{triage.pk}/complete/", {"volledig": "1"})
    assert r.status_code == 200, r.content
    item = WorkItem.objects.get(case_id=case_id, node="beoordeling", status="open")
    r = consulent.post(
        f"/api/v1/tasks/{item.pk}/complete/",
        {"beoordeling": "b", "besluit": "afwijzen", "motivering": "Past niet in het ondersteuningsplan"},
    )
    assert r.status_code == 200, r.content
    detail = consulent.get(f"/api/v1/cases/loket/{case_id}/").json()
    assert detail["ondersteuningsaanvraag"]["status"] == "afgewezen"
    assert "ondersteuningsplan" in detail["ondersteuningsaanvraag"]["motivering"]


def test_the_loket_report_and_budgets_on_the_page_and_in_the_api(client, world, time_machine):
    time_machine.move_to(dt.datetime(2027, 3, 1, 9, tzinfo=AMS), tick=False)
    steps.budget(world, uren=100)
    steps.toegewezen(world, uren=30)  # submitted and granted in Q1 2027
    client.force_login(world.consulent)
    page = client.get(reverse("loket_report") + "?jaar=2027&kwartaal=1").content.decode()
    assert "Ambulante begeleiding" in page and world.school_a.name in page
    assert AccessLog.objects.filter(user=world.consulent, what="loket rapportage 2027-Q1").exists()
    client.force_login(world.school_user)
    assert client.get(reverse("loket_report")).status_code == 403
    _c, token = api_client(world, role=Role.CONSULENT, name="SWV-rapportage")
    api = Api(token)
    data = api.get("/api/v1/reports/loket/", {"jaar": 2027, "kwartaal": 1}).json()
    expected = [{"soort": "Ambulante begeleiding", "school": world.school_a.name, "aantal": 1}]
    assert data["aanvragen"] == expected
    assert data["beslistijden"][0]["toegewezen"] == 1 and data["beslistijden"][0]["binnen_termijn"] == 1
    budgets = api.get("/api/v1/reports/loket-budgets/", {"schooljaar": 2026}).json()
    assert [(b["toegewezen_uren"], b["resterend_uren"]) for b in budgets] == [(30, 70)]
    _c, school_token = api_client(world, role=Role.SCHOOL, name="School-rapportage")
    assert Api(school_token).get("/api/v1/reports/loket/").status_code == 403
