"""Rule: the beslistermijn starts on receipt, never on the check (Awb 4:13, 4:15 lid 1 a); via the services.

Each case is hand-derived in its comment. Calendar 2027: Monday 1 March; Sunday 18 April; the term counts
from the day after the event; a pause [start, end) is half-open: the clock runs again on `end`.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from cases.models import Deadline, TermPolicy, WorkItem
from cases.services import tlv

AMS = ZoneInfo("Europe/Amsterdam")
D = dt.date


def at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(9), tzinfo=AMS)


def shown(client, user, a) -> tuple[str, str]:
    """The explanation as the case page and the API show it."""
    client.force_login(user)
    page = client.get(reverse("case_detail", args=[a.case_id])).content.decode()
    api = client.get(f"/api/v1/cases/{a.case_id}/deadlines/").json()
    return page, next(d for d in api if d["kind"] == tlv.BESLISTERMIJN)["explanation"]


# (id, SWV term: None = default 6 weeks from receipt, or (length in weeks, starts_from);
#  submitted, onvolledig asked on (None = complete), items received, consulent's check,
#  expected started_on, expected due_on, sentences the explanation must contain)
CASES = [
    # received Mon 1 March, checked three weeks later (22 March): the term counts from receipt.
    # 1 March + 6 weeks = Mon 12 April.
    (
        "receipt-checked-late",
        None,
        D(2027, 3, 1),
        None,
        None,
        D(2027, 3, 22),
        D(2027, 3, 1),
        D(2027, 4, 12),
        ["Gestart op 1 maart 2027 (aanvraag ontvangen); termijn 6 weken", "Uiterste datum: 12 april 2027."],
    ),
    # received 1 March, herstel asked Wed 3 March, items received Wed 10 March, checked 15 March.
    # Suspended from the day after the request until receipt: [4 March, 10 March) = 6 days.
    # 12 April + 6 = Sun 18 April -> Mon 19 April (Atw). A suspension, not a restart (which gave 21 April).
    (
        "receipt-onvolledig-suspends",
        None,
        D(2027, 3, 1),
        D(2027, 3, 3),
        D(2027, 3, 10),
        D(2027, 3, 15),
        D(2027, 3, 1),
        D(2027, 4, 19),
        [
            "Gestart op 1 maart 2027 (aanvraag ontvangen)",
            "Opgeschort van 4 maart 2027 tot 10 maart 2027 (6 dagen): dossier onvolledig, aanvulling "
            "(herstel) gevraagd, gevraagd op 3 maart 2027.",
            "Verschoven van zo 18 april 2027 naar ma 19 april 2027 (Algemene termijnenwet).",
        ],
    ),
    # seed 002: "binnen 3 weken nadat het volledige dossier is ingediend"; complete when received on
    # 1 March, checked 22 March: 1 March + 21 days = Mon 22 March (not 12 April).
    (
        "complete-dossier-at-receipt",
        (3, "volledig_dossier"),
        D(2027, 3, 1),
        None,
        None,
        D(2027, 3, 22),
        D(2027, 3, 1),
        D(2027, 3, 22),
        [
            "Gestart op 1 maart 2027 (volledig dossier ontvangen bij de aanvraag); termijn 3 weken",
            "Termijn volgens: eigen termijn van het samenwerkingsverband, binnen het wettelijk maximum van "
            "8 weken na ontvangst (Awb 4:13 lid 2).",
        ],
    ),
    # seed 002 with herstel: the complete file arrived on Wed 10 March (checked Mon 15 March):
    # 10 March + 21 days = Wed 31 March.
    (
        "complete-dossier-after-herstel",
        (3, "volledig_dossier"),
        D(2027, 3, 1),
        D(2027, 3, 3),
        D(2027, 3, 10),
        D(2027, 3, 15),
        D(2027, 3, 10),
        D(2027, 3, 31),
        ["Gestart op 10 maart 2027 (volledig dossier ontvangen: ontbrekende stukken ontvangen)"],
    ),
    # The statutory ceiling counts from receipt, whatever the SWV counts from (Awb 4:13 lid 2), suspended
    # while the file was incomplete (4:15 lid 1 a). Received Mon 1 March; the consulent asks for herstel only
    # on Mon 29 March, the items arrive Wed 31 March. Ceiling: 1 March + 8 weeks = Mon 26 April, + [30 March,
    # 31 March) = 1 day -> Tue 27 April, Koningsdag -> Wed 28 April (Atw).
    # SWV 3 weeks from the complete file: 31 March + 21 days = Wed 21 April, before the ceiling: it applies.
    (
        "complete-dossier-within-the-ceiling",
        (3, "volledig_dossier"),
        D(2027, 3, 1),
        D(2027, 3, 29),
        D(2027, 3, 31),
        D(2027, 4, 1),
        D(2027, 3, 31),
        D(2027, 4, 21),
        ["Gestart op 31 maart 2027 (volledig dossier ontvangen: ontbrekende stukken ontvangen)"],
    ),
    # SWV 8 weeks from the complete file: 31 March + 56 days = Wed 26 May, after the ceiling of 28 April: the
    # ceiling applies, counted from receipt with the herstel suspension.
    (
        "complete-dossier-capped-at-the-ceiling",
        (8, "volledig_dossier"),
        D(2027, 3, 1),
        D(2027, 3, 29),
        D(2027, 3, 31),
        D(2027, 4, 1),
        D(2027, 3, 1),
        D(2027, 4, 28),
        [
            "Gestart op 1 maart 2027 (aanvraag ontvangen); termijn 8 weken (beslistermijn TLV) loopt tot "
            "en met 26 april 2027.",
            "Termijn volgens: wettelijk maximum van 8 weken na ontvangst van de aanvraag (Awb 4:13 lid 2); "
            "de eigen termijn van het samenwerkingsverband (8 weken na het volledige dossier, tot en met "
            "26 mei 2027) eindigt later en geldt daarom niet.",
            "Opgeschort van 30 maart 2027 tot 31 maart 2027 (1 dag): dossier onvolledig, aanvulling "
            "(herstel) gevraagd, gevraagd op 29 maart 2027.",
            "Verschoven van di 27 april 2027 naar wo 28 april 2027 (Algemene termijnenwet).",
            "Uiterste datum: 28 april 2027.",
        ],
    ),
    # The same, the items arriving late on Mon 19 April, after the hersteltermijn (29 March + 2 weeks = Mon
    # 12 April): the suspension ends when that term has run out, [30 March, 13 April) = 14 days: 26 April +
    # 14 = Mon 10 May. The SWV's 19 April + 56 days = Mon 14 June is later: the ceiling applies.
    (
        "complete-dossier-late-items-capped",
        (8, "volledig_dossier"),
        D(2027, 3, 1),
        D(2027, 3, 29),
        D(2027, 4, 19),
        D(2027, 4, 20),
        D(2027, 3, 1),
        D(2027, 5, 10),
        [
            "Opgeschort van 30 maart 2027 tot 13 april 2027 (14 dagen)",
            "(8 weken na het volledige dossier, tot en met 14 juni 2027) eindigt later",
        ],
    ),
    # Herstel asked only on Tue 27 April, after the ceiling of Mon 26 April had passed: that request suspends
    # nothing (the suspension would start on 28 April). Items received Mon 3 May; the SWV's 3 weeks from
    # then end on Mon 24 May: the ceiling of 26 April applies, already passed (a suspension would have given
    # [28 April, 3 May) = 5 days -> Sat 1 May -> Mon 3 May).
    (
        "complete-dossier-herstel-after-the-ceiling",
        (3, "volledig_dossier"),
        D(2027, 3, 1),
        D(2027, 4, 27),
        D(2027, 5, 3),
        D(2027, 5, 4),
        D(2027, 3, 1),
        D(2027, 4, 26),
        ["(3 weken na het volledige dossier, tot en met 24 mei 2027) eindigt later"],
    ),
]


@pytest.mark.parametrize(
    ("policy", "submitted", "asked", "received", "checked", "started_on", "due_on", "sentences"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_the_beslistermijn_starts_on_receipt_and_onvolledig_suspends_it(
    world, steps, client, policy, submitted, asked, received, checked, started_on, due_on, sentences
):
    if policy:
        TermPolicy.objects.create(
            swv=world.swv, kind=tlv.BESLISTERMIJN, length=policy[0], unit="weeks", starts_from=policy[1]
        )
    with time_machine.travel(at(submitted), tick=False) as traveller:
        a = steps.ingediend(world)
        if asked:
            traveller.move_to(at(asked))
            tlv.volledigheid_record(aanvraag=a, by=world.consulent, volledig=False, ontbrekende_stukken="OPP")
            traveller.move_to(at(received))
            tlv.herstel_submit(aanvraag=a, by=world.school_user, toelichting="OPP toegevoegd")
        traveller.move_to(at(checked))
        tlv.volledigheid_record(aanvraag=a, by=world.consulent, volledig=True)
        termijn = Deadline.objects.get(case=a.case, kind=tlv.BESLISTERMIJN)
        assert (termijn.status, termijn.started_on, termijn.due_on) == ("running", started_on, due_on)
        page, api = shown(client, world.consulent, a)
    for sentence in sentences:
        assert sentence in termijn.explanation
        assert sentence in api
        assert sentence in page


def test_while_onvolledig_the_due_date_is_projected_with_the_whole_hersteltermijn(world, steps, client):
    # received and herstel asked on Mon 1 March; hersteltermijn 2 weeks = Mon 15 March; the term stands still
    # from 2 March and at the latest until 16 March: 14 days; 12 April + 14 = Mon 26 April (projected).
    with time_machine.travel(at(D(2027, 3, 1)), tick=False):
        a = steps.onvolledig(world)
        termijn = Deadline.objects.get(case=a.case, kind=tlv.BESLISTERMIJN)
        assert (termijn.status, termijn.due_on) == ("paused", D(2027, 4, 26))
        page, api = shown(client, world.consulent, a)
    for sentence in (
        "De termijn staat stil sinds 2 maart 2027: dossier onvolledig",
        "uiterlijk op 16 maart 2027 (de antwoordtermijn loopt tot en met 15 maart 2027)",
        "Uiterste datum (verwacht, als de informatie niet eerder komt): 26 april 2027.",
    ):
        assert sentence in termijn.explanation and sentence in api and sentence in page
    assert "opgeschort, verwacht uiterlijk 26 april 2027" in page


def test_under_the_complete_dossier_rule_the_ceiling_runs_from_receipt_until_the_check(world, steps, client):
    # seed 002's 3 weeks from the complete file; received Mon 1 March 2027 and not yet checked. Until the
    # consulent declares the file complete the statutory ceiling runs: 1 March + 8 weeks = Mon 26 April. On
    # Tue 27 April it is a breach: red on the dashboard and escalated by the sweep.
    from cases.services.deadlines import deadline_light, sweep_deadlines
    from reports import dashboard

    TermPolicy.objects.create(
        swv=world.swv, kind=tlv.BESLISTERMIJN, length=3, unit="weeks", starts_from="volledig_dossier"
    )
    with time_machine.travel(at(D(2027, 3, 1)), tick=False) as traveller:
        a = steps.ingediend(world)
        termijn = Deadline.objects.get(case=a.case, kind=tlv.BESLISTERMIJN)
        assert (termijn.started_on, termijn.due_on) == (D(2027, 3, 1), D(2027, 4, 26))
        page, api = shown(client, world.consulent, a)
        sentence = (
            "Termijn volgens: wettelijk maximum van 8 weken na ontvangst van de aanvraag (Awb 4:13 lid 2); "
            "de eigen termijn van het samenwerkingsverband telt vanaf het volledige dossier en gaat in als "
            "het dossier volledig is."
        )
        assert sentence in termijn.explanation and sentence in page and sentence in api
        traveller.move_to(at(D(2027, 4, 27)))
        assert deadline_light(termijn) == "red"
        assert termijn in dashboard.swv_dashboard(world.consulent, today=D(2027, 4, 27)).breached_list
        sweep_deadlines()
    escalations = WorkItem.objects.filter(case=a.case, kind="escalation", node="escalatie_tlv_beslistermijn")
    assert escalations.exists()
