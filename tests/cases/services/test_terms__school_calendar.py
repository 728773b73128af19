"""Rule: which calendar, the school calendar. A term the SWV sets itself may count in school weeks or school
days (calendar "school"): the schoolvakanties of the SWV's region (noord, midden, zuid) do not count, and for
school days neither do weekends and the Atw feestdagen. The explanation names the calendar, the region and
each vakantie skipped; a school year without entered vakanties is counted without them, said so in the
explanation and flagged on the page. Statutory terms (and the beslistermijn's statutory ceiling) never
count in school time. Through the services: the hersteltermijn the consulent starts with "onvolledig".

The periods below are test data entered by each test (a week-long vakantie runs Saturday to Sunday, nine
days, as on rijksoverheid.nl). Regio zuid, school year 2026-2027:
herfstvakantie Sat 17 - Sun 25 Oct 2026, kerstvakantie Sat 19 Dec 2026 - Sun 3 Jan 2027, meivakantie
Sat 24 Apr - Sun 2 May 2027, zomervakantie Sat 10 Jul - Sun 22 Aug 2027. Regio noord: herfstvakantie
Sat 10 - Sun 18 Oct 2026 (to show that another region's vakantie counts as a school week).
Atw 2027: Koningsdag Tue 27 April, 5 May Wed, Hemelvaart Thu 6 May.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from cases.models import Deadline, SchoolVakantie, TermPolicy
from cases.services import tlv

AMS = ZoneInfo("Europe/Amsterdam")
D = dt.date
HERSTEL = "tlv_hersteltermijn"

PERIODS = [
    ("zuid", "herfstvakantie", D(2026, 10, 17), D(2026, 10, 25)),
    ("zuid", "kerstvakantie", D(2026, 12, 19), D(2027, 1, 3)),
    ("zuid", "meivakantie", D(2027, 4, 24), D(2027, 5, 2)),
    ("zuid", "zomervakantie", D(2027, 7, 10), D(2027, 8, 22)),
    ("noord", "herfstvakantie", D(2026, 10, 10), D(2026, 10, 18)),
]
WEEKS_CAL = (
    "Schoolweken volgens: de schoolvakanties van regio zuid; een week waarin de school van maandag tot en "
    "met vrijdag dicht is, telt niet mee."
)
DAYS_CAL = (
    "Schooldagen volgens: maandag tot en met vrijdag, zonder de feestdagen van de Algemene termijnenwet en "
    "de schoolvakanties van regio zuid."
)
HERFST = "de herfstvakantie 17-10-2026 t/m 25-10-2026 telt niet mee"
KERST = "de kerstvakantie 19-12-2026 t/m 3-1-2027 telt niet mee"
MEI = "de meivakantie 24-4-2027 t/m 2-5-2027 telt niet mee"
NONE = "geen schoolvakantie in deze periode"

# (id, unit, length, received (= the day the consulent records "onvolledig"), due_on, amount sentence part)
CASES = [
    # Mon 7 Sep 2026 + 2 weeks = Mon 21 Sep; no vakantie in (7 Sep, 21 Sep]
    ("no-vakantie", "weeks", 2, D(2026, 9, 7), D(2026, 9, 21), f"2 schoolweken (regio zuid; {NONE})"),
    # Wed 14 Oct + 2 weeks = Wed 28 Oct; the week Mon 19 - Fri 23 Oct is all herfstvakantie: + 7 = Wed 4 Nov
    (
        "herfst-week-skipped",
        "weeks",
        2,
        D(2026, 10, 14),
        D(2026, 11, 4),
        f"2 schoolweken (regio zuid; {HERFST})",
    ),
    # Wed 7 Oct + 1 week = Wed 14 Oct; regio noord's herfstvakantie (12-16 Oct) is a school week in zuid
    (
        "other-region-counts",
        "weeks",
        1,
        D(2026, 10, 7),
        D(2026, 10, 14),
        f"1 schoolweek (regio zuid; {NONE})",
    ),
    # Fri 11 Dec + 2 weeks = Fri 25 Dec; the weeks of Mon 21 and Mon 28 Dec are kerstvakantie: + 14 days =
    # Fri 8 Jan
    ("kerst-two-weeks", "weeks", 2, D(2026, 12, 11), D(2027, 1, 8), f"2 schoolweken (regio zuid; {KERST})"),
    # received Wed 28 Apr 2027, in the meivakantie: + 1 week = Wed 5 May; the rest of the vakantieweek
    # (Thu 29, Fri 30 Apr) lies in the term, so that week does not count: + 7 = Wed 12 May
    ("start-in-vakantie", "weeks", 1, D(2027, 4, 28), D(2027, 5, 12), f"1 schoolweek (regio zuid; {MEI})"),
    # Thu 17 Dec 2026, 3 school days: Fri 18 Dec (1), kerstvakantie to Sun 3 Jan, Mon 4 Jan (2), Tue 5 Jan (3)
    (
        "school-days-kerst",
        "working_days",
        3,
        D(2026, 12, 17),
        D(2027, 1, 5),
        f"3 schooldagen (regio zuid; {KERST})",
    ),
    # Mon 3 May 2027, 3 school days: Tue 4 (1), 5 May and Hemelvaart 6 May are Atw feestdagen, Fri 7 (2),
    # Mon 10 (3)
    (
        "school-days-atw",
        "working_days",
        3,
        D(2027, 5, 3),
        D(2027, 5, 10),
        f"3 schooldagen (regio zuid; {NONE})",
    ),
]


def at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(9), tzinfo=AMS)


@pytest.fixture
def zuid(world):
    world.swv.regio = "zuid"
    world.swv.save()
    for regio, naam, start, end in PERIODS:
        SchoolVakantie.objects.create(regio=regio, naam=naam, start=start, end=end)
    return world


def onvolledig_on(world, steps, client, day):
    with time_machine.travel(at(day), tick=False):
        a = steps.ingediend(world)
        tlv.volledigheid_record(aanvraag=a, by=world.consulent, volledig=False, ontbrekende_stukken="OPP")
        termijn = Deadline.objects.get(case=a.case, kind=HERSTEL)
        client.force_login(world.consulent)
        page = client.get(reverse("case_detail", args=[a.case_id])).content.decode()
        api = client.get(f"/api/v1/cases/{a.case_id}/deadlines/").json()
    return termijn, page, next(d for d in api if d["kind"] == HERSTEL)


@pytest.mark.parametrize(
    ("unit", "length", "received", "due_on", "amount"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_school_weeks_and_days_skip_the_regions_vakanties(
    zuid, steps, client, unit, length, received, due_on, amount
):
    TermPolicy.objects.create(swv=zuid.swv, kind=HERSTEL, length=length, unit=unit, calendar="school")
    termijn, page, api = onvolledig_on(zuid, steps, client, received)
    assert termijn.due_on == due_on
    assert (termijn.regio, termijn.calendar, termijn.calendar_incomplete) == ("zuid", "school", False)
    calendar = WEEKS_CAL if unit == "weeks" else DAYS_CAL
    for text in (termijn.explanation, api["explanation"]):
        assert f"termijn {amount} (hersteltermijn) loopt tot en met" in text
        assert calendar in text
        assert "Let op" not in text
    assert api["due_on"] == due_on.isoformat()
    assert termijn.explanation in page
    assert "schoolvakanties ontbreken" not in page


def test_the_whole_explanation_of_a_school_week_term(zuid, steps, client):
    # Wed 14 Oct 2026 + 2 weeks = Wed 28 Oct; + the herfstvakantie week = Wed 4 Nov (a Wednesday: no Atw)
    TermPolicy.objects.create(swv=zuid.swv, kind=HERSTEL, length=2, unit="weeks", calendar="school")
    termijn, page, api = onvolledig_on(zuid, steps, client, D(2026, 10, 14))
    expected = (
        "Gestart op 14 oktober 2026 (om aanvulling van het dossier gevraagd); termijn 2 schoolweken (regio "
        f"zuid; {HERFST}) (hersteltermijn) loopt tot en met 4 november 2026. De termijn telt vanaf de dag "
        "erna, 15 oktober 2026. Termijn volgens: eigen termijn van het samenwerkingsverband. "
        f"{WEEKS_CAL} Uiterste datum: 4 november 2026."
    )
    assert termijn.explanation == expected
    assert api["explanation"] == expected


def test_a_school_year_without_vakanties_is_counted_without_them_and_flagged(zuid, steps, client):
    # Mon 5 Jul 2027 + 2 weeks = Mon 19 Jul; the zomervakantie weeks of 12, 19, 26 Jul, 2, 9 and 16 Aug do
    # not count: + 6 weeks = Mon 30 Aug 2027. 23-30 Aug lie in school year 2027-2028: nothing entered.
    TermPolicy.objects.create(swv=zuid.swv, kind=HERSTEL, length=2, unit="weeks", calendar="school")
    termijn, page, api = onvolledig_on(zuid, steps, client, D(2027, 7, 5))
    assert termijn.due_on == D(2027, 8, 30)
    assert termijn.calendar_incomplete is True
    missing = (
        "Let op: de schoolvakanties van regio zuid voor schooljaar 2027-2028 zijn niet ingevoerd; die "
        "periode is zonder schoolvakanties geteld."
    )
    assert missing in termijn.explanation
    assert missing in api["explanation"]
    assert "de zomervakantie 10-7-2027 t/m 22-8-2027 telt niet mee" in termijn.explanation
    assert "schoolvakanties ontbreken" in page


def test_without_a_region_the_term_is_counted_without_vakanties_and_flagged(world, steps, client):
    # the region was cleared after the policy was set: Mon 7 Sep 2026 + 2 weeks = Mon 21 Sep, flagged
    TermPolicy.objects.create(swv=world.swv, kind=HERSTEL, length=2, unit="weeks", calendar="school")
    termijn, page, api = onvolledig_on(world, steps, client, D(2026, 9, 7))
    assert termijn.due_on == D(2026, 9, 21)
    assert termijn.calendar_incomplete is True
    assert "heeft geen regio voor de schoolvakanties ingesteld" in api["explanation"]
    assert "schoolvakanties ontbreken" in page


@pytest.mark.parametrize(
    ("kind", "unit", "code"),
    [
        ("bezwaartermijn", "weeks", "termijn-schoolkalender-wettelijk"),  # Awb 6:7: statutory
        ("zorgplicht", "weeks", "termijn-schoolkalender-wettelijk"),  # statutory: 6 weeks + at most 4
        ("tlv_beslistermijn", "weeks", "termijn-schoolkalender-wettelijk"),  # the 8-week ceiling (Awb 4:13)
        ("tlv_hersteltermijn", "months", "termijn-schoolkalender-eenheid"),  # school time is weeks or days
    ],
)
def test_the_school_calendar_is_refused_where_the_law_counts(zuid, kind, unit, code):
    from cases.terms import DEFAULT_TERMS

    policy = TermPolicy(
        swv=zuid.swv, kind=kind, length=DEFAULT_TERMS[kind].length, unit=unit, calendar="school"
    )
    policy.max_extensions = DEFAULT_TERMS[kind].max_extensions
    with pytest.raises(ValidationError) as refused:
        policy.full_clean()
    assert code in {e.code for errors in refused.value.error_dict.values() for e in errors} | {
        e.code for e in getattr(refused.value, "error_list", [])
    }


def test_the_beslistermijn_ignores_a_school_calendar_saved_around_the_form(zuid, steps):
    # a policy row written without clean(): the ceiling's calendar weeks still apply (Mon 12 Oct 2026 + 6
    # weeks = Mon 23 Nov, the herfstvakantie in between counts)
    TermPolicy.objects.create(swv=zuid.swv, kind=tlv.BESLISTERMIJN, length=6, unit="weeks", calendar="school")
    with time_machine.travel(at(D(2026, 10, 12)), tick=False):
        a = steps.deskundigenadvies(zuid)
    termijn = Deadline.objects.get(case=a.case, kind=tlv.BESLISTERMIJN)
    assert (termijn.due_on, termijn.calendar) == (D(2026, 11, 23), "atw")


def test_a_school_calendar_policy_needs_the_swv_region(world):
    policy = TermPolicy(swv=world.swv, kind=HERSTEL, length=2, unit="weeks", calendar="school")
    with pytest.raises(ValidationError, match="regio"):
        policy.full_clean()


@pytest.mark.parametrize("model", ["termpolicy", "deadline"])
def test_an_unknown_term_kind_cannot_be_saved(world, steps, model):
    if model == "termpolicy":
        row = TermPolicy(swv=world.swv, kind="tlv_beslistermijm", length=6, unit="weeks")  # a typo
    else:
        a = steps.ingediend(world)
        row = Deadline(
            case=a.case, kind="beslistermijn", label="x", started_on=D(2027, 1, 4), length=6, unit="weeks"
        )
    with pytest.raises(IntegrityError, match="kind_known"), transaction.atomic():
        row.save()


def test_vakantie_periods_are_validated(db):
    SchoolVakantie.objects.create(
        regio="zuid", naam="herfstvakantie", start=D(2026, 10, 17), end=D(2026, 10, 25)
    )
    backwards = SchoolVakantie(regio="zuid", naam="kerstvakantie", start=D(2027, 1, 3), end=D(2026, 12, 19))
    with pytest.raises(ValidationError, match="vóór de eerste dag"):
        backwards.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        backwards.save()
    overlapping = SchoolVakantie(
        regio="zuid", naam="kerstvakantie", start=D(2026, 10, 24), end=D(2026, 11, 1)
    )
    with pytest.raises(ValidationError, match="overlapt"):
        overlapping.full_clean()
    # the same days in another region are fine
    SchoolVakantie(
        regio="noord", naam="herfstvakantie", start=D(2026, 10, 24), end=D(2026, 11, 1)
    ).full_clean()


def test_beheer_loads_the_vakanties_from_a_csv_and_running_terms_follow(world, steps, client, tmp_path):
    # the hersteltermijn of Mon 5 Jul 2027 first counts without school year 2026-2027's vakanties (nothing
    # entered: Mon 19 Jul, flagged); loading the zomervakantie (10 Jul - 22 Aug, all regions) recalculates it:
    # + the weeks of 12 Jul ... 16 Aug = Mon 30 Aug, still flagged for 2027-2028 (23-30 Aug)
    from django.core.management import call_command

    world.swv.regio = "zuid"
    world.swv.save()
    TermPolicy.objects.create(swv=world.swv, kind=HERSTEL, length=2, unit="weeks", calendar="school")
    termijn, _page, _api = onvolledig_on(world, steps, client, D(2027, 7, 5))
    assert termijn.due_on == D(2027, 7, 19)
    csv_file = tmp_path / "schoolvakanties.csv"
    csv_file.write_text("region,name,start,end\nheel nederland,zomervakantie,2027-07-10,22-08-2027\n")
    call_command("load_schoolvakanties", str(csv_file))
    call_command("load_schoolvakanties", str(csv_file))  # a second run adds nothing
    assert SchoolVakantie.objects.filter(naam="zomervakantie").count() == 3
    termijn.refresh_from_db()
    assert termijn.due_on == D(2027, 8, 30)
    assert "de zomervakantie 10-7-2027 t/m 22-8-2027 telt niet mee" in termijn.explanation
    bad = tmp_path / "bad.csv"
    bad.write_text("region,name,start,end\nzuid,paasvakantie,2027-04-01,2027-04-05\n")
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="onbekende vakantie"):
        call_command("load_schoolvakanties", str(bad))
