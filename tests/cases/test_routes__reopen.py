"""Reopening a closed case, for every route through the one machinery (RouteRecord.reopen): a required
reason, SWV staff only, the record back to its first working state with a new process, history and a
timeline line, the archiefactiedatum cleared; refused on an approved destruction list, past the
archiefactiedatum, or for an open record. Page action and API path per route."""

import datetime as dt

import pytest
from django.urls import reverse

from cases import clock
from cases.errors import Conflict, DomainError, NotPermitted, ValidationFailed
from cases.models import CaseEvent, TlvAanvraag, VernietigingsItem, Vernietigingslijst, WorkItem
from cases.roles import Role
from cases.services import schakel, screening, tlv, vernietiging
from tests import loket_steps, schakel_steps, screening_steps, tlv_steps
from tests.api.helpers import Api
from tests.factories import make_user

# what a route's reopening asks besides the reason (the loket: the arrangement's new end date)
_REOPEN_INPUT = {"loket": {"heropenen-einddatum": (clock.today() + dt.timedelta(days=60)).isoformat()}}


def _fresh(a):
    return TlvAanvraag.objects.select_related("case").get(pk=a.pk)


def _withdrawn(w):
    a = tlv_steps.ingediend(w)
    tlv.aanvraag_withdraw(aanvraag=a, by=w.school_user, reason="Ouders kiezen anders")
    a = _fresh(a)
    return a


def _closed_screening(w):
    screening_steps.actors(w)
    return screening_steps.fresh(screening_steps.geplaatst(w))


def _closed_schakel(w):
    t = schakel_steps.in_proef(w)
    schakel.besluit_record(traject=t, by=w.consulent, besluit="terug", motivering="Past nog niet")
    return schakel_steps.fresh(t)


def test_a_withdrawn_tlv_is_reopened_as_a_concept_with_a_new_process(world):
    a = _withdrawn(world)
    case = a.case
    case.refresh_from_db()
    assert case.archiefactiedatum is not None and case.resultaat == "ingetrokken"
    old_process = a.process_id
    tlv.aanvraag_reopen(aanvraag=a, by=world.consulent, reason="Ouders willen toch een TLV")
    a = _fresh(a)
    case.refresh_from_db()
    assert a.status == "concept" and a.intrekking_reden == ""
    assert case.closed_at is None and case.archiefactiedatum is None and case.resultaat == ""
    assert a.process_id != old_process
    assert WorkItem.objects.filter(case=case, node="indienen", status="open").count() == 1
    assert case.history.first().history_change_reason == "heropend: Ouders willen toch een TLV"
    line = CaseEvent.objects.filter(case=case, action="heropenen").get()
    assert line.kind == "transition" and line.reason == "Ouders willen toch een TLV"


def test_a_reopened_tlv_is_submitted_again_and_closes_with_a_new_archiefactiedatum(world):
    a = _withdrawn(world)
    tlv.aanvraag_reopen(aanvraag=a, by=world.consulent, reason="Nieuwe aanvraag")
    a = _fresh(a)
    tlv.aanvraag_submit(aanvraag=a, by=world.school_user)
    a = _fresh(a)
    assert a.status == "ingediend"
    tlv.aanvraag_withdraw(aanvraag=a, by=world.school_user, reason="Toch niet")
    a.case.refresh_from_db()
    assert a.case.resultaat == "ingetrokken" and a.case.archiefactiedatum is not None


def test_a_decided_tlv_is_not_reopened(world):
    a = tlv_steps.afgewezen(world)
    with pytest.raises(DomainError):
        tlv.aanvraag_reopen(aanvraag=a, by=world.consulent, reason="Opnieuw")
    a.case.refresh_from_db()
    assert a.case.closed_at is not None and a.case.archiefactiedatum is not None
    assert CaseEvent.objects.filter(case=a.case, kind="refused", action="heropenen").exists()


def test_a_closed_screening_starts_again_with_a_new_term(world):
    s = _closed_screening(world)
    assert s.status == "afgesloten" and s.case.archiefactiedatum is not None
    screening.screening_reopen(screening=s, by=world.screeningsteam, reason="Nieuwe informatie")
    s = screening_steps.fresh(s)
    assert s.status == "aangemeld" and s.plaatsing == ""
    assert s.case.closed_at is None and s.case.archiefactiedatum is None
    assert s.case.deadlines.filter(kind="screening_termijn").exclude(status="closed").count() == 1
    assert WorkItem.objects.filter(case=s.case, node="screening", status="open").count() == 1


def test_a_closed_schakeltraject_starts_again_from_the_signal(world):
    t = _closed_schakel(world)
    assert t.status == "afgesloten" and t.uitkomst == "terug"
    schakel.traject_reopen(traject=t, by=world.consulent, reason="Nieuwe kans")
    t = schakel_steps.fresh(t)
    assert t.status == "signaal" and t.uitkomst == "" and t.case.archiefactiedatum is None
    assert WorkItem.objects.filter(case=t.case, status="open").count() == 1


def test_reopening_needs_a_reason_and_swv_staff(world):
    a = _withdrawn(world)
    with pytest.raises(ValidationFailed):
        tlv.aanvraag_reopen(aanvraag=a, by=world.consulent, reason="  ")
    with pytest.raises(NotPermitted):
        tlv.aanvraag_reopen(aanvraag=a, by=world.school_user, reason="De school wil verder")
    auditor = make_user(role=Role.AUDITOR, swv=world.swv)
    with pytest.raises(NotPermitted):
        tlv.aanvraag_reopen(aanvraag=a, by=auditor, reason="Kijken")
    a = _fresh(a)
    a.case.refresh_from_db()
    assert a.status == "ingetrokken" and a.case.closed_at is not None
    assert CaseEvent.objects.filter(case=a.case, kind="refused", action="heropenen").count() == 3


def test_an_open_case_is_not_reopened(world):
    a = tlv_steps.ingediend(world)
    with pytest.raises(Conflict) as exc:
        tlv.aanvraag_reopen(aanvraag=a, by=world.consulent, reason="Opnieuw")
    assert exc.value.code == "heropenen-niet-afgesloten"


def test_reopening_is_refused_past_the_archiefactiedatum(world):
    a = _withdrawn(world)
    a.case.refresh_from_db()
    with clock.travel(clock.start_of_day(a.case.archiefactiedatum)), pytest.raises(Conflict) as exc:
        tlv.aanvraag_reopen(aanvraag=a, by=world.consulent, reason="Te laat")
    assert exc.value.code == "heropenen-bewaartermijn-voorbij"


@pytest.fixture
def reviewers(world):
    return (
        make_user(role=Role.PRIVACY_OFFICER, swv=world.swv),
        make_user(role=Role.ARCHIVARIS, swv=world.swv),
    )


def test_reopening_takes_a_case_off_a_list_in_review_and_is_refused_on_an_approved_one(world, reviewers):
    a = _withdrawn(world)
    b = tlv_steps.afgewezen(world)  # a second case keeps the list non-empty
    a.case.refresh_from_db()
    b.case.refresh_from_db()
    due = max(a.case.archiefactiedatum, b.case.archiefactiedatum)
    lijst = vernietiging.lijst_propose(swv=world.swv, by=reviewers[0], today=due)
    item = VernietigingsItem.objects.get(lijst=lijst, case=a.case)
    vernietiging.lijst_approve(lijst=lijst, by=reviewers[0])
    # on a list in review (one approval): the reopening takes it off and the approvals start again
    vernietiging.reopen_check(a.case, by=world.consulent, reason="Nieuwe feiten")
    item.refresh_from_db()
    assert item.status == "verwijderd" and item.reason == "heropend: Nieuwe feiten"
    assert not lijst.akkoorden.exists()
    # on an approved list: refused
    for user in reviewers:
        vernietiging.lijst_approve(lijst=lijst, by=user)
    assert Vernietigingslijst.objects.get(pk=lijst.pk).status == "goedgekeurd"
    with pytest.raises(Conflict) as exc:
        vernietiging.reopen_check(b.case, by=world.consulent, reason="Toch")
    assert exc.value.code == "heropenen-op-vernietigingslijst"


@pytest.mark.parametrize(
    ("route", "make", "user"),
    [
        ("tlv", _withdrawn, "consulent"),
        ("screening", _closed_screening, "consulent"),
        ("schakel", _closed_schakel, "consulent"),
        ("loket", loket_steps.afgesloten, "consulent"),
    ],
)
def test_the_case_page_reopens_every_route(client, world, route, make, user):
    record = make(world)
    case = record.case
    client.force_login(getattr(world, user))
    html = client.get(reverse("case_detail", args=[case.pk]), follow=True).content.decode()
    assert reverse("case_heropenen", args=[case.pk]) in html
    extra = _REOPEN_INPUT.get(route, {})
    r = client.post(reverse("case_heropenen", args=[case.pk]), {"heropenen-reason": "", **extra}, follow=True)
    assert "Geef een reden" in r.content.decode()
    case.refresh_from_db()
    assert case.closed_at is not None
    r = client.post(
        reverse("case_heropenen", args=[case.pk]),
        {"heropenen-reason": "Opnieuw bekijken", **extra},
        follow=True,
    )
    assert "De casus is heropend." in r.content.decode()
    case.refresh_from_db()
    assert case.closed_at is None and case.archiefactiedatum is None


def test_the_school_gets_no_reopen_form_and_a_post_is_refused(client, world):
    a = _withdrawn(world)
    client.force_login(world.school_user)
    html = client.get(reverse("case_detail", args=[a.case_id]), follow=True).content.decode()
    assert reverse("case_heropenen", args=[a.case_id]) not in html
    client.post(reverse("case_heropenen", args=[a.case_id]), {"heropenen-reason": "Wij willen verder"})
    a.case.refresh_from_db()
    assert a.case.closed_at is not None


@pytest.mark.parametrize(
    ("action", "make"),
    [
        ("tlv_heropenen", _withdrawn),
        ("screening_heropenen", _closed_screening),
        ("schakel_heropenen", _closed_schakel),
        ("loket_heropenen", loket_steps.afgesloten),
    ],
)
def test_the_api_reopens_every_route(world, action, make):
    record = make(world)
    api = Api()
    api.http.force_login(world.consulent)
    url = f"/api/v1/cases/{record.case_id}/transitions/{action}/"
    extra = {k.removeprefix("heropenen-"): v for k, v in _REOPEN_INPUT.get(record.case.route, {}).items()}
    r = api.post(url, {"reason": "", **extra})
    assert r.status_code == 400
    r = api.post(url, {"reason": "Opnieuw", **extra})
    assert r.status_code == 200, r.content
    assert r.json()["case"]["archiefactiedatum"] is None
    r = api.post(url, {"reason": "Nog eens", **extra})
    assert r.status_code == 409
