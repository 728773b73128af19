"""Rule: explanations a parent can follow. Every due date says when it started and why, that it counts from
the day after, which rule set it, each pause with both dates and its reason, the verdaging with the day it was
notified and each Atw shift; the same text on the case page and in the API. Through the services.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from cases.models import Deadline
from cases.services import tlv

AMS = ZoneInfo("Europe/Amsterdam")
D = dt.date


def at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(9), tzinfo=AMS)


# One TLV told in full. Received Mon 1 March 2027: 6 weeks -> Mon 12 April. Herstel asked Wed 3 March, items
# received Wed 10 March: paused [4, 10 March) = 6 days. The CvA asks for information on Fri 2 April (answer
# term to 16 April), answered Fri 9 April: paused [3, 9 April) = 6 days. Verdaging of 6 weeks notified on Tue
# 13 April (then due Mon 26 April: within the term): 12 April + 42 days = 24 May; + 12 paused days = Sat
# 5 June -> Mon 7 June (Atw).
STORY = [
    "Gestart op 1 maart 2027 (aanvraag ontvangen); termijn 6 weken (beslistermijn TLV) loopt tot en met "
    "12 april 2027.",
    "De termijn telt vanaf de dag erna, 2 maart 2027.",
    "Termijn volgens: standaardtermijn, binnen het wettelijk maximum van 8 weken na ontvangst (Awb 4:13).",
    "Verdaagd met 6 weken (meegedeeld op 13 april 2027): Extra onderzoek nodig.",
    "Door verdaging loopt de termijn tot en met 24 mei 2027.",
    "Opgeschort van 4 maart 2027 tot 10 maart 2027 (6 dagen): dossier onvolledig, aanvulling (herstel) "
    "gevraagd, gevraagd op 3 maart 2027.",
    "Opgeschort van 3 april 2027 tot 9 april 2027 (6 dagen): CvA/BTO vraagt meer informatie, gevraagd op "
    "2 april 2027.",
    "Door opschorting loopt de termijn tot en met 5 juni 2027.",
    "Verschoven van za 5 juni 2027 naar ma 7 juni 2027 (Algemene termijnenwet).",
    "Uiterste datum: 7 juni 2027.",
]


def test_the_whole_story_of_a_beslistermijn(world, steps, client):
    with time_machine.travel(at(D(2027, 3, 1)), tick=False) as traveller:
        a = steps.ingediend(world)
        traveller.move_to(at(D(2027, 3, 3)))
        tlv.volledigheid_record(aanvraag=a, by=world.consulent, volledig=False, ontbrekende_stukken="OPP")
        traveller.move_to(at(D(2027, 3, 10)))
        tlv.herstel_submit(aanvraag=a, by=world.school_user)
        traveller.move_to(at(D(2027, 3, 15)))
        tlv.volledigheid_record(aanvraag=a, by=world.consulent, volledig=True)
        for n, user in ((1, world.deskundige1), (2, world.deskundige2)):
            tlv.deskundigenadvies_record(aanvraag=a, by=user, volgorde=n, advies="A", aanbeveling="toekennen")
        traveller.move_to(at(D(2027, 4, 2)))
        a = steps.fresh(a)
        tlv.cva_advies_record(aanvraag=a, by=steps.adviser(world, a), uitkomst="meer_informatie", vraag="MDO")
        traveller.move_to(at(D(2027, 4, 9)))
        tlv.informatie_aanvullen(aanvraag=a, by=world.school_user, toelichting="MDO-verslag")
        traveller.move_to(at(D(2027, 4, 13)))
        tlv.verdaging_record(aanvraag=a, by=world.beslisser, reason="Extra onderzoek nodig")
        termijn = Deadline.objects.get(case=a.case, kind=tlv.BESLISTERMIJN)
        client.force_login(world.consulent)
        page = client.get(reverse("case_detail", args=[a.case_id])).content.decode()
        api = client.get(f"/api/v1/cases/{a.case_id}/deadlines/").json()
    assert termijn.explanation == " ".join(STORY)
    assert next(d for d in api if d["kind"] == tlv.BESLISTERMIJN)["explanation"] == " ".join(STORY)
    assert " ".join(STORY) in page


@pytest.mark.parametrize(
    ("bekendgemaakt_op", "expected"),
    [
        # Mon 1 March + 6 weeks = Mon 12 April (Awb 6:7, 6:8)
        (
            D(2027, 3, 1),
            "Gestart op 1 maart 2027 (bekendmaking van het besluit); termijn 6 weken (bezwaartermijn) loopt "
            "tot en met 12 april 2027. De termijn telt vanaf de dag erna, 2 maart 2027. Termijn volgens: "
            "wettelijke termijn van 6 weken vanaf de dag na de bekendmaking (Awb 6:7, 6:8). "
            "Uiterste datum: 12 april 2027.",
        ),
        # Tue 16 March + 6 weeks = Tue 27 April, Koningsdag -> Wed 28 April (Atw)
        (
            D(2027, 3, 16),
            "Gestart op 16 maart 2027 (bekendmaking van het besluit); termijn 6 weken (bezwaartermijn) loopt "
            "tot en met 27 april 2027. De termijn telt vanaf de dag erna, 17 maart 2027. Termijn volgens: "
            "wettelijke termijn van 6 weken vanaf de dag na de bekendmaking (Awb 6:7, 6:8). Verschoven van "
            "di 27 april 2027 naar wo 28 april 2027 (Algemene termijnenwet). Uiterste datum: 28 april 2027.",
        ),
    ],
    ids=["plain", "koningsdag"],
)
def test_the_bezwaartermijn_explains_itself(world, steps, client, bekendgemaakt_op, expected):
    with time_machine.travel(at(bekendgemaakt_op), tick=False):
        a = steps.bekendgemaakt(world)
        client.force_login(world.consulent)
        page = client.get(reverse("case_detail", args=[a.case_id])).content.decode()
    assert a.bekendmakingen.get().bezwaartermijn_uitleg == expected
    assert expected in page


def _zorgplicht(world, client):
    from cases.services import zorgplicht

    with time_machine.travel(at(D(2027, 3, 1)), tick=False):
        a = zorgplicht.aanmelding_create(
            by=world.school_user, leerling=world.leerling_b, school=world.school_a, aangemeld_op=D(2027, 3, 1)
        )
    return a.case, "zorgplicht"


def _bezwaar(received):
    def make(world, client):
        from cases.services import bekendmaking
        from tests import tlv_steps as steps

        with time_machine.travel(at(D(2026, 12, 22)), tick=False) as traveller:
            a = steps.toegekend(world)
            bekendmaking.bekendmaking_record(aanvraag=a, by=world.consulent)
            traveller.move_to(at(received))
            steps.bezwaar_ontvangen(world, steps.fresh(a), ontvangen_op=received)
        return a.case, "beslistermijn_bezwaar"

    return make


# (id, how the term starts, the sentences naming its event and the day it counts from)
STARTS = [
    # written aanmelding Mon 1 March 2027: 6 weeks -> Mon 12 April
    (
        "zorgplicht",
        _zorgplicht,
        "Gestart op 1 maart 2027 (schriftelijke aanmelding ontvangen); termijn 6 weken (zorgplichttermijn) "
        "loopt tot en met 12 april 2027. De termijn telt vanaf de dag erna, 2 maart 2027.",
    ),
    # bekendmaking Tue 22 Dec 2026 -> bezwaartermijn to Tue 2 Feb 2027; a bezwaar received on time (20
    # January) gets its 12 weeks from the end of the bezwaartermijn (Awb 7:10 lid 1): to Tue 27 April 2027
    # (Koningsdag, so the Atw moves it to Wed 28 April)
    (
        "bezwaar-on-time",
        _bezwaar(D(2027, 1, 20)),
        "Gestart op 2 februari 2027 (einde van de bezwaartermijn); termijn 12 weken (beslistermijn bezwaar) "
        "loopt tot en met 27 april 2027. De termijn telt vanaf de dag erna, 3 februari 2027.",
    ),
    # a late bezwaar received Wed 10 February 2027: its term counts from its receipt, to Wed 5 May 2027 (5 May
    # and Hemelvaart 6 May are Atw feestdagen: Fri 7 May)
    (
        "bezwaar-late",
        _bezwaar(D(2027, 2, 10)),
        "Gestart op 10 februari 2027 (bezwaarschrift ontvangen na de bezwaartermijn); termijn 12 weken "
        "(beslistermijn bezwaar) loopt tot en met 5 mei 2027. De termijn telt vanaf de dag erna, "
        "11 februari 2027.",
    ),
]


@pytest.mark.parametrize(("make", "sentence"), [c[1:] for c in STARTS], ids=[c[0] for c in STARTS])
def test_statutory_terms_name_the_event_they_start_from(world, client, make, sentence):
    case, kind = make(world, client)
    termijn = Deadline.objects.get(case=case, kind=kind)
    client.force_login(world.consulent)
    page = client.get(reverse("case_detail", args=[case.pk]), follow=True).content.decode()
    api = client.get(f"/api/v1/cases/{case.pk}/deadlines/").json()
    assert sentence in termijn.explanation
    assert sentence in next(d for d in api if d["kind"] == kind)["explanation"]
    assert sentence in page
