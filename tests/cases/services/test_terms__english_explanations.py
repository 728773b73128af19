"""Rule: a term's explanation reads fully in English for an English reader: the statutory ceiling under the
SWV's 'complete dossier' rule and a pause reason with the day it was asked are stored as Dutch text made from
messages, and shown from those messages with their dates and amounts in the reader's words. Through the
services.

The English catalogue may not yet hold the newest messages; the fixture adds a test-local English entry for
each that it lacks (and takes it out again), so the test checks that every sentence goes through gettext.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation
from django.utils.translation import trans_real

from cases import deadlines
from cases.models import Deadline, TermPolicy
from cases.services import tlv

AMS = ZoneInfo("Europe/Amsterdam")
D = dt.date

# the messages a stored basis or pause reason is made from, with an English text for the test
ENGLISH = {
    deadlines.CEILING_OWN_TERM_LONGER: (
        "statutory maximum of %(weeks)s weeks after receipt (%(article)s); the partnership's own term "
        "(%(own)s) is longer and therefore does not apply"
    ),
    deadlines.OWN_TERM_WITHIN_CEILING: (
        "the partnership's own term, within the statutory maximum of %(weeks)s weeks after receipt "
        "(%(article)s)"
    ),
    deadlines.CEILING_UNTIL_COMPLETE: (
        "statutory maximum of %(weeks)s weeks after receipt of the application (%(article)s); the "
        "partnership's own term counts from the complete file and starts once the file is complete"
    ),
    deadlines.CEILING_OWN_TERM_ENDS_LATER: (
        "statutory maximum of %(weeks)s weeks after receipt of the application (%(article)s); the "
        "partnership's own term (%(own)s after the complete file, up to and including %(date)s) ends later "
        "and therefore does not apply"
    ),
    deadlines.ASKED_ON: "%(reason)s, requested on %(date)s",
    deadlines.UNUSED_EXPIRED_ON: "%(term)s expired unused on %(date)s",
    deadlines.NOTICE_TO_PARENTS: "notice to the parents: %(notice)s",
    tlv.HERSTEL_GEVRAAGD_REDEN: "file incomplete, supplement requested",
}
DUTCH_WORDS = re.compile(
    r"\b(termijn|gevraagd|wettelijke?|eindigt|geldt|opgeschort|weken|dagen|maart|mei|juni|"
    r"samenwerkingsverband|ontvangst|volledige|tot en met|stil|sinds)\b",
    re.IGNORECASE,
)


def at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(9), tzinfo=AMS)


@pytest.fixture
def english_catalogue():
    catalog = trans_real.translation("en")._catalog
    added = [msgid for msgid in ENGLISH if msgid not in catalog]
    for msgid in added:
        catalog[msgid] = ENGLISH[msgid]
    yield
    for msgid in added:
        catalog._catalogs[0].pop(msgid, None)


def in_english(termijn: Deadline) -> str:
    with translation.override("en"):
        return Deadline.objects.get(pk=termijn.pk).display_explanation


def test_a_capped_beslistermijn_under_the_complete_dossier_rule_reads_in_english(
    world, steps, english_catalogue
):
    # SWV 8 weeks from the complete file; received Mon 1 March 2027, herstel asked Mon 29 March, items
    # received Wed 31 March, checked Thu 1 April: the SWV's 31 March + 56 days = 26 May ends after the ceiling
    # (28 April).
    TermPolicy.objects.create(
        swv=world.swv, kind=tlv.BESLISTERMIJN, length=8, unit="weeks", starts_from="volledig_dossier"
    )
    with time_machine.travel(at(D(2027, 3, 1)), tick=False) as traveller:
        a = steps.ingediend(world)
        traveller.move_to(at(D(2027, 3, 29)))
        tlv.volledigheid_record(aanvraag=a, by=world.consulent, volledig=False, ontbrekende_stukken="OPP")
        traveller.move_to(at(D(2027, 3, 31)))
        tlv.herstel_submit(aanvraag=a, by=world.school_user, toelichting="OPP toegevoegd")
        traveller.move_to(at(D(2027, 4, 1)))
        tlv.volledigheid_record(aanvraag=a, by=world.consulent, volledig=True)
        termijn = Deadline.objects.get(case=a.case, kind=tlv.BESLISTERMIJN)
        english = in_english(termijn)

    # the stored record stays Dutch
    assert (
        "(8 weken na het volledige dossier, tot en met 26 mei 2027) eindigt later en geldt daarom niet"
        in (termijn.explanation)
    )
    assert (
        "dossier onvolledig, aanvulling (herstel) gevraagd, gevraagd op 29 maart 2027" in termijn.explanation
    )
    assert DUTCH_WORDS.findall(english) == [], english
    assert (
        "the partnership's own term (8 weeks after the complete file, up to and including 26 May 2027) ends "
        "later and therefore does not apply" in english
    )
    assert "file incomplete, supplement requested, requested on 29 March 2027" in english
    assert "Awb 4:13 lid 2" in english


def test_a_paused_term_with_a_dated_pause_reason_reads_in_english(world, steps, english_catalogue):
    # received and herstel asked on Mon 1 March 2027: the term stands still from 2 March
    with time_machine.travel(at(D(2027, 3, 1)), tick=False):
        a = steps.onvolledig(world)
        termijn = Deadline.objects.get(case=a.case, kind=tlv.BESLISTERMIJN)
        assert termijn.status == "paused"
        english = in_english(termijn)

    assert (
        "dossier onvolledig, aanvulling (herstel) gevraagd, gevraagd op 1 maart 2027" in termijn.explanation
    )
    assert DUTCH_WORDS.findall(english) == [], english
    assert "file incomplete, supplement requested, requested on 1 March 2027" in english


def test_every_sentence_of_the_explanation_differs_in_english(world, steps, english_catalogue):
    TermPolicy.objects.create(
        swv=world.swv, kind=tlv.BESLISTERMIJN, length=12, unit="weeks", starts_from="volledig_dossier"
    )
    with time_machine.travel(at(D(2027, 3, 1)), tick=False):
        a = steps.onvolledig(world)
        termijn = Deadline.objects.get(case=a.case, kind=tlv.BESLISTERMIJN)
        english = in_english(termijn)
    dutch = termijn.explanation.split(". ")
    assert len(english.split(". ")) == len(dutch)
    for nl, en in zip(dutch, english.split(". "), strict=True):
        assert nl != en


@pytest.mark.parametrize(
    ("message", "params", "dutch", "english"),
    [
        (
            deadlines.CEILING_OWN_TERM_LONGER,
            {"weeks": 8, "article": "Awb 4:13 lid 2", "own": (1, deadlines.Unit.MONTHS)},
            "wettelijk maximum van 8 weken na ontvangst (Awb 4:13 lid 2); de eigen termijn van het "
            "samenwerkingsverband (1 maand) is langer en geldt daarom niet",
            "statutory maximum of 8 weeks after receipt (Awb 4:13 lid 2); the partnership's own term "
            "(1 month) is longer and therefore does not apply",
        ),
        (
            deadlines.UNUSED_EXPIRED_ON,
            {"term": "hersteltermijn", "date": D(2027, 3, 15)},
            "hersteltermijn ongebruikt verstreken op 15 maart 2027",
            "period to complete the application (hersteltermijn) expired unused on 15 March 2027",
        ),
        (  # what the ouders were told is their text, as it is
            deadlines.NOTICE_TO_PARENTS,
            {"notice": "brief van 3 maart 2027"},
            "kennisgeving aan ouders: brief van 3 maart 2027",
            "notice to the parents: brief van 3 maart 2027",
        ),
    ],
)
def test_a_stored_term_text_is_dutch_and_reads_in_english(english_catalogue, message, params, dutch, english):
    with translation.override("en"):  # stored in Dutch whatever the language of the moment
        stored = deadlines.stored_term_text(message, **params)
    assert stored == dutch
    with translation.override("en"):
        assert deadlines._gettext_or_text(stored) == english
    with translation.override("nl"):
        assert deadlines._gettext_or_text(stored) == dutch
