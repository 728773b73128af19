"""Hand-checked literal-date cases for the pure term engine (no database, no clock).

Calendar reference used for the comments:
* 2025: 27 April is a Sunday -> Koningsdag on Saturday 26 April.
* 2026: 1 March Sunday; Koningsdag Monday 27 April; 5 May Tuesday (no lustrum year); Hemelvaart Thursday
  14 May; tweede Pinksterdag Monday 25 May; Kerst Friday 25 / Saturday 26 December.
* 2027: 1 January Friday; 1 March Monday; Goede Vrijdag 26 March; tweede Paasdag Monday 29 March;
  Koningsdag Tuesday 27 April; 5 May Wednesday; Hemelvaart Thursday 6 May; tweede Pinksterdag Monday 17 May.
The ``holidays`` package (working days) includes Goede Vrijdag, and 5 May only in lustrum years (2025, 2030).
"""

from datetime import date

import pytest

from cases.calendars import (
    add_working_days,
    atw_feestdagen,
    dutch_public_holidays,
    is_atw_rest_day,
    is_working_day,
    next_atw_day,
    working_days_between,
)
from cases.deadlines import (
    DueResult,
    Extension,
    Pause,
    TermRule,
    Unit,
    add_term,
    compute_due,
    format_date_nl,
    term_status,
)

W, D, M, WD = Unit.WEEKS, Unit.CALENDAR_DAYS, Unit.MONTHS, Unit.WORKING_DAYS
NL = "nl_holidays"  # the holidays package's list (with Goede Vrijdag); the Atw list is the default

# (id, started_on, rule, pauses, extensions, expected due_on)
DUE_CASES = [
    # --- weeks / calendar days -------------------------------------------------------------------------
    ("weeks-plain", date(2027, 3, 1), TermRule(6, W), (), (), date(2027, 4, 12)),  # Mon + 42 d = Mon 12 Apr
    (
        "weeks-atw-weekend",
        date(2027, 3, 6),
        TermRule(6, W),
        (),
        (),
        date(2027, 4, 19),
    ),  # Sat 17 Apr -> Mon 19
    ("weeks-no-atw", date(2027, 3, 6), TermRule(6, W, atw=False), (), (), date(2027, 4, 17)),  # stays Sat
    ("days-plain", date(2027, 3, 1), TermRule(10, D), (), (), date(2027, 3, 11)),  # Thu 11 Mar
    # 20 Dec 2026 + 12 d = Fri 1 Jan 2027 (Nieuwjaarsdag) -> Sat, Sun -> Mon 4 Jan
    ("days-nieuwjaar", date(2026, 12, 20), TermRule(12, D), (), (), date(2027, 1, 4)),
    # Fri 18 Dec 2026 + 7 d = Fri 25 Dec (Kerst) -> Sat 26 (2e Kerstdag + Sat) -> Sun -> Mon 28 Dec
    ("weeks-kerst", date(2026, 12, 18), TermRule(1, W), (), (), date(2026, 12, 28)),
    # Tue 21 Apr 2026 + 14 d = Tue 5 May 2026: Atw feestdag also outside lustrum years -> Wed 6 May
    ("atw-5-mei-2026", date(2026, 4, 21), TermRule(2, W), (), (), date(2026, 5, 6)),
    # Wed 28 Apr 2027 + 7 d = Wed 5 May -> Thu 6 May (Hemelvaart) -> Fri 7 May
    ("atw-5-mei-hemelvaart-2027", date(2027, 4, 28), TermRule(1, W), (), (), date(2027, 5, 7)),
    # Tue 13 Apr 2027 + 14 d = Tue 27 Apr (Koningsdag) -> Wed 28 Apr
    ("atw-koningsdag-2027", date(2027, 4, 13), TermRule(2, W), (), (), date(2027, 4, 28)),
    # Mon 22 Mar 2027 + 7 d = Mon 29 Mar (tweede Paasdag) -> Tue 30 Mar
    ("atw-tweede-paasdag", date(2027, 3, 22), TermRule(1, W), (), (), date(2027, 3, 30)),
    # Fri 19 Mar 2027 + 7 d = Fri 26 Mar: Goede Vrijdag is no Atw feestdag -> stays
    ("atw-goede-vrijdag-no-shift", date(2027, 3, 19), TermRule(1, W), (), (), date(2027, 3, 26)),
    # Sat 12 Apr 2025 + 14 d = Sat 26 Apr (Koningsdag, 27th is a Sunday) -> Sun 27 -> Mon 28 Apr
    ("atw-koningsdag-2025-saturday", date(2025, 4, 12), TermRule(2, W), (), (), date(2025, 4, 28)),
    # --- months ----------------------------------------------------------------------------------------
    # 31 Jan 2027 + 1 month = 28 Feb 2027 (clamped), a Sunday -> Mon 1 Mar
    ("months-clamp-atw", date(2027, 1, 31), TermRule(1, M), (), (), date(2027, 3, 1)),
    ("months-leap-year", date(2028, 1, 31), TermRule(1, M, atw=False), (), (), date(2028, 2, 29)),
    # 31 Aug 2026 + 6 months = 28 Feb 2027 (clamped), atw off
    ("months-half-year-clamp", date(2026, 8, 31), TermRule(6, M, atw=False), (), (), date(2027, 2, 28)),
    # 15 Nov 2026 + 3 months = Mon 15 Feb 2027 (year wrap)
    ("months-year-wrap", date(2026, 11, 15), TermRule(3, M), (), (), date(2027, 2, 15)),
    # --- working days (holidays package) ---------------------------------------------------------------
    # Fri 23 Apr 2027 + 5 wd: Mon 26, (Tue 27 Koningsdag), Wed 28, Thu 29, Fri 30, Mon 3 May
    ("wd-koningsdag-2027", date(2027, 4, 23), TermRule(5, WD), (), (), date(2027, 5, 3)),
    # Fri 24 Apr 2026 + 1 wd: (Mon 27 Koningsdag) -> Tue 28 Apr
    ("wd-koningsdag-2026", date(2026, 4, 24), TermRule(1, WD), (), (), date(2026, 4, 28)),
    # Wed 23 Dec 2026 + 6 wd: Thu 24, (Fri 25 Kerst), Mon 28, Tue 29, Wed 30, Thu 31, (Fri 1 Jan) Mon 4 Jan
    ("wd-kerst-nieuwjaar", date(2026, 12, 23), TermRule(6, WD), (), (), date(2027, 1, 4)),
    # Mon 3 May 2027 + 4 wd: Tue 4, Wed 5 (no package holiday in 2027), (Thu 6 Hemelvaart), Fri 7, Mon 10
    ("wd-hemelvaart-2027", date(2027, 5, 3), TermRule(4, WD, calendar=NL), (), (), date(2027, 5, 10)),
    # on the Atw calendar (the default): Tue 4, (Wed 5 May), (Thu 6 Hemelvaart), Fri 7, Mon 10, Tue 11
    ("wd-hemelvaart-2027-atw", date(2027, 5, 3), TermRule(4, WD), (), (), date(2027, 5, 11)),
    # Wed 13 May 2026 + 2 wd: (Thu 14 Hemelvaart), Fri 15, Mon 18
    ("wd-hemelvaart-2026", date(2026, 5, 13), TermRule(2, WD), (), (), date(2026, 5, 18)),
    # Fri 22 May 2026 + 2 wd: (Mon 25 tweede Pinksterdag), Tue 26, Wed 27
    ("wd-pinksteren-2026", date(2026, 5, 22), TermRule(2, WD), (), (), date(2026, 5, 27)),
    # Thu 25 Mar 2027 + 1 wd: (Fri 26 Goede Vrijdag is a package holiday), (Mon 29 Paasmaandag) -> Tue 30
    ("wd-pasen-2027", date(2027, 3, 25), TermRule(1, WD, calendar=NL), (), (), date(2027, 3, 30)),
    # the same on the Atw calendar (the default): Good Friday is a working day -> Fri 26 Mar
    ("wd-pasen-2027-atw", date(2027, 3, 25), TermRule(1, WD), (), (), date(2027, 3, 26)),
    # Fri 30 Apr 2027 + 3 wd = Mon 3, Tue 4, Wed 5 May; but Atw: 5 May -> (Thu 6 Hemelvaart) -> Fri 7 May
    ("wd-then-atw-5-mei", date(2027, 4, 30), TermRule(3, WD), (), (), date(2027, 5, 7)),
    # --- pauses ----------------------------------------------------------------------------------------
    # 12 Apr 2027 + 14 paused days (5-19 Mar) = Mon 26 Apr
    (
        "pause-closed",
        date(2027, 3, 1),
        TermRule(6, W),
        (Pause(date(2027, 3, 5), date(2027, 3, 19), "dossier onvolledig"),),
        (),
        date(2027, 4, 26),
    ),
    # 5-19 Mar and 15-22 Mar merge to 5-22 Mar = 17 days: 12 Apr + 17 = Thu 29 Apr
    (
        "pause-overlapping",
        date(2027, 3, 1),
        TermRule(6, W),
        (Pause(date(2027, 3, 15), date(2027, 3, 22)), Pause(date(2027, 3, 5), date(2027, 3, 19))),
        (),
        date(2027, 4, 29),
    ),
    # a pause contained in another adds nothing: 5-19 Mar contains 8-10 Mar -> still 26 Apr
    (
        "pause-contained",
        date(2027, 3, 1),
        TermRule(6, W),
        (Pause(date(2027, 3, 5), date(2027, 3, 19)), Pause(date(2027, 3, 8), date(2027, 3, 10))),
        (),
        date(2027, 4, 26),
    ),
    # end <= start counts 0
    (
        "pause-empty",
        date(2027, 3, 1),
        TermRule(6, W),
        (Pause(date(2027, 3, 10), date(2027, 3, 10)),),
        (),
        date(2027, 4, 12),
    ),
    # 10 wd from Mon 1 Mar 2027 = Mon 15 Mar; pause [Fri 5, Fri 12) = 5 wd (5, 8-11) -> 16..19, 22: Mon 22 Mar
    (
        "pause-working-days",
        date(2027, 3, 1),
        TermRule(10, WD),
        (Pause(date(2027, 3, 5), date(2027, 3, 12)),),
        (),
        date(2027, 3, 22),
    ),
    # a pause 20-27 Apr, after the nominal end (12 Apr), is not clipped: 12 Apr + 7 days = Mon 19 Apr
    (
        "pause-not-clipped",
        date(2027, 3, 1),
        TermRule(6, W),
        (Pause(date(2027, 4, 20), date(2027, 4, 27)),),
        (),
        date(2027, 4, 19),
    ),
    # --- extensions (verdaging) ------------------------------------------------------------------------
    # 12 Apr 2027 + 6 weeks = Mon 24 May
    (
        "extension-weeks",
        date(2027, 3, 1),
        TermRule(6, W),
        (),
        (Extension(6, W, "complex dossier"),),
        date(2027, 5, 24),
    ),
    # 24 May 2027 + 14 paused days = Mon 7 Jun
    (
        "extension-and-pause",
        date(2027, 3, 1),
        TermRule(6, W),
        (Pause(date(2027, 3, 5), date(2027, 3, 19)),),
        (Extension(6, W),),
        date(2027, 6, 7),
    ),
    # 31 Jan 2027 + 1 month = 28 Feb; + 1 month = Sun 28 Mar (running date, no re-clamping to the 31st)
    # -> Mon 29 Mar (tweede Paasdag) -> Tue 30 Mar
    ("extension-months", date(2027, 1, 31), TermRule(1, M), (), (Extension(1, M),), date(2027, 3, 30)),
    # Mon 12 Apr 2027 + 3 wd = Thu 15 Apr; then + 2 days = Sat 17 Apr -> Mon 19 Apr
    (
        "extension-mixed-units",
        date(2027, 3, 1),
        TermRule(6, W),
        (),
        (Extension(3, WD), Extension(2, D)),
        date(2027, 4, 19),
    ),
]


@pytest.mark.parametrize(
    ("started_on", "rule", "pauses", "extensions", "expected"),
    [case[1:] for case in DUE_CASES],
    ids=[case[0] for case in DUE_CASES],
)
def test_compute_due__literal_dates(started_on, rule, pauses, extensions, expected):
    result = compute_due(started_on=started_on, rule=rule, pauses=pauses, extensions=extensions)
    assert result.due_on == expected
    assert result.paused is False
    assert result.lines[-1] == f"Uiterste datum: {format_date_nl(expected)}."


@pytest.mark.parametrize(
    ("start", "length", "unit", "expected"),
    [
        (date(2027, 1, 31), 1, M, date(2027, 2, 28)),  # clamp to February
        (date(2028, 1, 31), 1, M, date(2028, 2, 29)),  # leap year
        (date(2028, 2, 29), 12, M, date(2029, 2, 28)),  # leap day + 1 year
        (date(2027, 3, 31), 1, M, date(2027, 4, 30)),  # 30-day month
        (date(2026, 11, 15), 3, M, date(2027, 2, 15)),  # year wrap
        (date(2027, 3, 1), 0, M, date(2027, 3, 1)),
        (date(2027, 3, 1), 6, W, date(2027, 4, 12)),
        (date(2027, 2, 20), 10, D, date(2027, 3, 2)),  # 2027 is no leap year: 28 Feb + 2
        (date(2027, 4, 23), 5, WD, date(2027, 5, 3)),  # over Koningsdag
        (date(2027, 3, 1), 0, WD, date(2027, 3, 1)),
    ],
)
def test_add_term(start, length, unit, expected):
    assert add_term(start, length, unit) == expected


def test_add_term__negative_length_is_refused():
    with pytest.raises(ValueError):
        add_term(date(2027, 3, 1), -1, W)


# --- calendars -----------------------------------------------------------------------------------------


def test_atw_feestdagen__2026():
    assert atw_feestdagen(2026) == {
        date(2026, 1, 1),  # Nieuwjaarsdag
        date(2026, 4, 6),  # tweede Paasdag (Easter 5 April)
        date(2026, 4, 27),  # Koningsdag
        date(2026, 5, 5),  # Bevrijdingsdag, also outside lustrum years
        date(2026, 5, 14),  # Hemelvaartsdag
        date(2026, 5, 25),  # tweede Pinksterdag
        date(2026, 12, 25),
        date(2026, 12, 26),
    }


def test_atw_feestdagen__koningsdag_on_sunday_moves_to_saturday():
    days = atw_feestdagen(2025)  # 27 April 2025 is a Sunday
    assert date(2025, 4, 26) in days
    assert date(2025, 4, 27) not in days


def test_atw_feestdagen__no_goede_vrijdag():
    assert date(2027, 3, 26) not in atw_feestdagen(2027)
    assert date(2027, 3, 26) in dutch_public_holidays(2027)  # but the holidays package has it


def test_atw_rest_days_and_next_atw_day():
    assert is_atw_rest_day(date(2027, 5, 1))  # Saturday
    assert is_atw_rest_day(date(2026, 5, 5))  # Tuesday, Bevrijdingsdag
    assert not is_atw_rest_day(date(2026, 5, 6))
    assert next_atw_day(date(2027, 5, 1)) == date(2027, 5, 3)  # Sat -> Mon
    assert next_atw_day(date(2027, 5, 4)) == date(2027, 5, 4)  # Tuesday stays


def test_working_days():
    assert not is_working_day(date(2027, 4, 27))  # Koningsdag
    assert is_working_day(date(2027, 5, 5))  # not a package holiday in 2027
    assert not is_working_day(date(2025, 5, 5))  # lustrum year
    assert add_working_days(date(2027, 3, 1), 0) == date(2027, 3, 1)
    assert add_working_days(date(2027, 3, 5), 1) == date(2027, 3, 8)  # Fri -> Mon
    # [Mon 26 Apr, Mon 3 May) 2027: 26, 28, 29, 30 (27 is Koningsdag)
    assert working_days_between(date(2027, 4, 26), date(2027, 5, 3)) == 4
    assert working_days_between(date(2027, 5, 3), date(2027, 4, 26)) == 0
    with pytest.raises(ValueError):
        add_working_days(date(2027, 3, 1), -1)


# --- explanation, pauses, warnings, status ---------------------------------------------------------------


def test_format_date_nl():
    assert format_date_nl(date(2027, 5, 3)) == "3 mei 2027"
    assert format_date_nl(date(2027, 5, 1), weekday=True) == "za 1 mei 2027"


def test_explanation__full_example():
    result = compute_due(
        started_on=date(2027, 3, 1),
        rule=TermRule(6, W, label="beslistermijn"),
        pauses=[Pause(date(2027, 3, 5), date(2027, 3, 19), "dossier onvolledig")],
    )
    assert result.lines == (
        "Gestart op 1 maart 2027; termijn 6 weken (beslistermijn) loopt tot en met 12 april 2027.",
        "Opgeschort van 5 maart 2027 tot 19 maart 2027 (14 dagen): dossier onvolledig.",
        "Door opschorting loopt de termijn tot en met 26 april 2027.",
        "Uiterste datum: 26 april 2027.",
    )
    assert result.paused_days == 14
    assert result.atw_shifted_from is None
    assert result.text == " ".join(result.lines)


def test_explanation__extension_and_atw():
    # Fri 2 Apr + 2 weeks = Fri 16 Apr; + 1 week (verdaging) = Fri 23 Apr; + 8 days = Sat 1 May -> Mon 3 May
    result = compute_due(
        started_on=date(2027, 4, 2),
        rule=TermRule(2, W),
        extensions=[Extension(1, W, "complex dossier"), Extension(8, D)],
    )
    assert result.due_on == date(2027, 5, 3)
    assert result.atw_shifted_from == date(2027, 5, 1)
    assert "Verdaagd met 1 week: complex dossier." in result.lines
    assert "Verdaagd met 8 dagen." in result.lines
    assert "Verschoven van za 1 mei 2027 naar ma 3 mei 2027 (Algemene termijnenwet)." in result.lines


def test_explanation__working_days_wording():
    result = compute_due(started_on=date(2027, 3, 1), rule=TermRule(10, WD, label="hersteltermijn"))
    assert result.lines[0] == (
        "Gestart op 1 maart 2027; termijn 10 werkdagen (zonder weekend en feestdagen) (hersteltermijn) "
        "loopt tot en met 15 maart 2027."
    )


def test_open_pause():
    # closed pause [2, 3) Mar 2027, open since 5 Mar: used = days in (1 Mar, 5 Mar) minus 2 Mar = 3, 4 Mar
    result = compute_due(
        started_on=date(2027, 3, 1),
        rule=TermRule(6, W),
        pauses=[Pause(date(2027, 3, 2), date(2027, 3, 3)), Pause(date(2027, 3, 5), None, "wacht op OPP")],
    )
    assert result.due_on is None
    assert result.warn_on is None
    assert result.paused is True
    assert result.paused_days == 1
    assert "De termijn staat stil sinds 5 maart 2027: wacht op OPP." in result.lines
    assert "Tot dan verbruikt: 2 van 42 dagen." in result.lines
    assert term_status(result, today=date(2030, 1, 1)) == "paused"


def test_open_pause__absorbs_overlapping_closed_pause():
    # closed [4, 10) Mar overlaps open from 6 Mar: the clock stands still since 4 Mar; used: 2, 3 Mar (wd)
    result = compute_due(
        started_on=date(2027, 3, 1),
        rule=TermRule(10, WD),
        pauses=[Pause(date(2027, 3, 6), None), Pause(date(2027, 3, 4), date(2027, 3, 10))],
    )
    assert result.paused is True
    assert result.paused_days == 0
    assert "De termijn staat stil sinds 4 maart 2027." in result.lines
    assert "Tot dan verbruikt: 2 van 10 werkdagen." in result.lines


@pytest.mark.parametrize(
    ("rule", "pauses", "extensions", "expected_warn"),
    [
        # 42 days * 0.75 = 31.5 -> 32: 1 Mar 2027 + 32 = 2 Apr
        (TermRule(6, W), (), (), date(2027, 4, 2)),
        # shifted by the 14 paused days -> 16 Apr
        (TermRule(6, W), (Pause(date(2027, 3, 5), date(2027, 3, 19)),), (), date(2027, 4, 16)),
        # extensions do not move the warning point
        (TermRule(6, W), (), (Extension(6, W),), date(2027, 4, 2)),
        # 10 wd -> 15 Mar = 14 calendar days * 0.75 = 10.5 -> 11: 12 Mar; + 5 paused wd -> 19 Mar
        (TermRule(10, WD), (Pause(date(2027, 3, 5), date(2027, 3, 12)),), (), date(2027, 3, 19)),
        # 0.28 * 25 = 7.000000000000001 in floats, must give 7: 1 Mar + 7 = 8 Mar
        (TermRule(25, D, warn_fraction=0.28), (), (), date(2027, 3, 8)),
        # fraction > 1 is capped at due_on (12 Apr)
        (TermRule(6, W, warn_fraction=1.5), (), (), date(2027, 4, 12)),
        (TermRule(6, W, warn_fraction=None), (), (), None),
    ],
)
def test_warn_on(rule, pauses, extensions, expected_warn):
    result = compute_due(started_on=date(2027, 3, 1), rule=rule, pauses=pauses, extensions=extensions)
    assert result.warn_on == expected_warn


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2027, 3, 1), "green"),
        (date(2027, 4, 1), "green"),  # day before warn_on (2 Apr)
        (date(2027, 4, 2), "amber"),
        (date(2027, 4, 12), "amber"),  # the due date itself is still on time
        (date(2027, 4, 13), "red"),
    ],
)
def test_term_status(today, expected):
    result = compute_due(started_on=date(2027, 3, 1), rule=TermRule(6, W))
    assert (result.due_on, result.warn_on) == (date(2027, 4, 12), date(2027, 4, 2))
    assert term_status(result, today=today) == expected


def test_term_status__no_warning():
    result = DueResult(
        due_on=date(2027, 4, 12), warn_on=None, paused=False, paused_days=0, atw_shifted_from=None, lines=()
    )
    assert term_status(result, today=date(2027, 4, 12)) == "green"
