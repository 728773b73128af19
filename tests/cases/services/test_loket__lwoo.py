"""LWOO in VO 31-02: its criteria are data in the profile's loket section; a request carries the test results
of allowed instruments, is assessed per criterion, decided and reported; bad input refused and logged."""

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from cases import loket_criteria, profiles
from cases.errors import Conflict, ValidationFailed
from cases.models import AanvraagType, ConsentPurpose, LoketRegels
from cases.roles import Role
from cases.services import loket
from cases.services import profiles as profile_services
from tests import loket_steps as steps
from tests.api.helpers import Api, api_client
from tests.factories import give_consent, make_world

AMS = ZoneInfo("Europe/Amsterdam")
DEMO = Path(profiles.__file__).parent / "demo" / "profiles"


@pytest.fixture
def vo(db):
    w = make_world(mode="bto", sector="vo", code="VO 31-02")
    w.lwoo_type = AanvraagType.objects.create(
        swv=w.swv,
        code="lwoo",
        naam="LWOO",
        arrangement_soort="lwoo",
        eenheid="besluit",
        vereiste_documenten=[],
    )
    profile_services.profile_import(
        swv=w.swv, text=(DEMO / "vo_31_02.yaml").read_text(encoding="utf-8"), by=w.beheerder
    )
    give_consent(w.leerling_a, ConsentPurpose.GEGEVENSDELING)
    return w


def _request(w):
    return loket.aanvraag_create(
        by=w.school_user,
        leerling=w.leerling_a,
        school=w.school_a,
        aanvraag_type=w.lwoo_type,
        vraag="Aanmelding vmbo met leerachterstanden.",
        ingezet="Remedial teaching lezen en rekenen in groep 7 en 8.",
    )


GOOD = [
    {"domein": "begrijpend_lezen", "instrument": "IEP", "dle": 34},
    {"domein": "inzichtelijk_rekenen", "instrument": "Cito LVS", "dle": 41},
    {"domein": "spellen", "instrument": "IEP", "dle": 50},
]


def test_profile_section_holds_the_criteria_and_round_trips(vo):
    criteria = loket_criteria.criteria_for(vo.swv, "lwoo")
    assert criteria["dle_min"] == 30 and criteria["dle_max"] == 45 and criteria["iq_min"] is None
    assert loket_criteria.criteria_for(vo.swv, "pro") is None
    assert LoketRegels.objects.get(swv=vo.swv).history.count() == 1
    text = profiles.dump(vo.swv)
    assert "loket:" in text and "lwoo: true" in text
    # switching a request kind off through the profile
    profile_services.profile_import(
        swv=vo.swv, text=text.replace("lwoo: true", "lwoo: false"), by=vo.beheerder
    )
    assert AanvraagType.objects.get(pk=vo.lwoo_type.pk).actief is False
    # bad criteria are refused with their line, nothing applied
    bad = text.replace("dle_max: 45", "dle_max: 20")
    with pytest.raises(ValidationFailed) as exc:
        profile_services.profile_import(swv=vo.swv, text=bad, by=vo.beheerder)
    assert any(e.path == "loket.lwoo.dle_max" for e in exc.value.errors)
    assert loket_criteria.criteria_for(vo.swv, "lwoo")["dle_max"] == 45


def test_lwoo_request_assessed_and_granted(vo, time_machine):
    time_machine.move_to(dt.datetime(2027, 3, 1, 9, tzinfo=AMS), tick=False)
    a = _request(vo)
    # no test results: submitting is refused, logged on the timeline
    with pytest.raises(ValidationFailed) as exc:
        loket.aanvraag_submit(aanvraag=a, by=vo.school_user)
    assert exc.value.code == "toetsgegevens-ontbreken"
    assert a.case.events.filter(kind="refused").exists()
    with pytest.raises(ValidationFailed):  # a domain twice
        loket.toetsgegevens_record(aanvraag=a, by=vo.school_user, uitslagen=GOOD + [GOOD[0]])
    a = loket.toetsgegevens_record(aanvraag=a, by=vo.school_user, uitslagen=GOOD)
    lines = loket.assessment(a)
    assert [x["voldaan"] for x in lines] == [True, True, True]
    assert a.criteria_toets["dle_max"] == 45  # the rules it is assessed on travel with the request
    loket.aanvraag_submit(aanvraag=a, by=vo.school_user)
    with pytest.raises(Conflict):  # fixed once submitted
        loket.toetsgegevens_record(aanvraag=steps.fresh(a), by=vo.school_user, uitslagen=GOOD)
    loket.triage_record(aanvraag=steps.fresh(a), by=vo.consulent, volledig=True)
    a = loket.besluit_record(
        aanvraag=steps.fresh(a),
        by=vo.consulent,
        beoordeling="Voldoet aan de LWOO-criteria.",
        besluit="toewijzen",
        startdatum=dt.date(2027, 8, 1),
        einddatum=dt.date(2029, 7, 31),
    )
    assert a.status == "toegewezen" and a.arrangement_soort == "lwoo" and a.aanbieder == vo.school_a.name


def test_grant_against_failing_criteria_needs_a_motivation_refusal_sends_a_letter(vo, client, time_machine):
    time_machine.move_to(dt.datetime(2027, 3, 1, 9, tzinfo=AMS), tick=False)
    a = _request(vo)
    only_spelling = [{"domein": "spellen", "instrument": "IEP", "dle": 35}]
    loket.toetsgegevens_record(aanvraag=a, by=vo.school_user, uitslagen=only_spelling)
    loket.aanvraag_submit(aanvraag=steps.fresh(a), by=vo.school_user)
    loket.triage_record(aanvraag=steps.fresh(a), by=vo.consulent, volledig=True)
    assert [x["voldaan"] for x in loket.assessment(steps.fresh(a))] == [True, False, False]
    with pytest.raises(ValidationFailed) as exc:
        loket.besluit_record(
            aanvraag=steps.fresh(a),
            by=vo.consulent,
            beoordeling="x",
            besluit="toewijzen",
            startdatum=dt.date(2027, 8, 1),
            einddatum=dt.date(2029, 7, 31),
        )
    assert exc.value.field == "motivering"
    a = loket.besluit_record(
        aanvraag=steps.fresh(a),
        by=vo.consulent,
        beoordeling="Eén domein.",
        besluit="afwijzen",
        motivering="Alleen op spellen een leerachterstand; de criteria vragen er twee.",
    )
    assert a.status == "afgewezen"
    assert a.case.events.filter(action="besluitbrief").exists()
    # the page shows which criterion passes and which fails
    client.force_login(vo.consulent)
    page = client.get(reverse("loket_detail", args=[a.case_id])).content.decode()
    assert "Toetsing aan de criteria" in page and "Voldoet niet aan alle criteria." in page
    assert "op minstens 2 domeinen" in page


def test_test_results_through_the_page_and_the_api(vo, client):
    a = _request(vo)
    client.force_login(vo.school_user)
    page = client.get(reverse("loket_detail", args=[a.case_id])).content.decode()
    assert "Toetsgegevens vastleggen" in page
    r = client.post(
        reverse("loket_toetsgegevens", args=[a.case_id]),
        {"instrument_begrijpend_lezen": "IEP", "dle_begrijpend_lezen": "33", "instrument_spellen": "DIA",
         "dle_spellen": "40"},
    )  # fmt: skip
    assert r.status_code == 302
    assert len(steps.fresh(a).toetsgegevens["uitslagen"]) == 2
    _, token = api_client(vo, Role.SCHOOL)
    api = Api(token)
    r = api.post(f"/api/v1/loket/{a.case_id}/toetsgegevens/", {"uitslagen": GOOD})
    assert r.status_code == 200, r.content
    assert r.json()["voldaan"] is True and len(r.json()["toetsing"]) == 3
    assert api.get(f"/api/v1/loket/{a.case_id}/toetsgegevens/").json()["voldaan"] is True
    other = make_world(sector="vo")
    _, token = api_client(other, Role.CONSULENT)
    assert Api(token).get(f"/api/v1/loket/{a.case_id}/toetsgegevens/").status_code == 404
