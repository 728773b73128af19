"""Properties of the term engine, checked by hypothesis over generated starts, terms, pauses and
extensions: the hand-checked table in test_deadlines__terms.py shows the cases, these show the laws."""

from __future__ import annotations

import datetime as dt

from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from cases.calendars import (
    add_working_days,
    is_atw_rest_day,
    is_working_day,
    next_atw_day,
    working_days_between,
)
from cases.deadlines import Extension, Pause, TermRule, Unit, add_term, compute_due

TERMS = settings(max_examples=150, deadline=None)  # the working-day calendar is slow on its first years

dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2055, 12, 31))
units = st.sampled_from(list(Unit))
lengths = st.integers(min_value=0, max_value=80)


@st.composite
def rules(draw, atw=None):
    return TermRule(
        length=draw(lengths),
        unit=draw(units),
        atw=draw(st.booleans()) if atw is None else atw,
        warn_fraction=draw(st.one_of(st.none(), st.floats(min_value=0, max_value=1))),
    )


@st.composite
def closed_pauses(draw, near: dt.date):
    start = near + dt.timedelta(days=draw(st.integers(min_value=-30, max_value=200)))
    return Pause(start=start, end=start + dt.timedelta(days=draw(st.integers(min_value=0, max_value=120))))


extensions = st.builds(Extension, length=st.integers(min_value=0, max_value=12), unit=units)


@TERMS
@given(started=dates, rule=rules(), data=st.data())
def test_a_due_date_never_precedes_its_start_and_the_warning_lies_between(started, rule, data):
    pauses = data.draw(st.lists(closed_pauses(started), max_size=3))
    exts = data.draw(st.lists(extensions, max_size=2))
    result = compute_due(started_on=started, rule=rule, pauses=pauses, extensions=exts)
    assert result.due_on >= started
    if result.warn_on is not None:
        assert started <= result.warn_on <= result.due_on


@TERMS
@given(started=dates, rule=rules(atw=False), data=st.data())
@example(  # a pause over a weekend in a working-day term moves it by the working days inside only
    started=dt.date(2027, 3, 1), rule=TermRule(length=10, unit=Unit.WORKING_DAYS, atw=False), data=None
)
def test_a_pause_moves_the_due_date_by_exactly_its_length_in_the_terms_unit(started, rule, data):
    pause = data.draw(closed_pauses(started)) if data else Pause(dt.date(2027, 3, 5), dt.date(2027, 3, 9))
    without = compute_due(started_on=started, rule=rule).due_on
    with_pause = compute_due(started_on=started, rule=rule, pauses=[pause]).due_on
    if rule.unit is Unit.WORKING_DAYS:
        days = working_days_between(pause.start, pause.end, rule.calendar)
        assert with_pause == add_working_days(without, days, rule.calendar)
    else:
        assert with_pause == without + (pause.end - pause.start)


@TERMS
@given(started=dates, rule=rules(), data=st.data())
def test_the_order_of_pauses_and_splitting_one_in_two_change_nothing(started, rule, data):
    pause = data.draw(closed_pauses(started))
    assume(pause.end > pause.start)
    cut = pause.start + dt.timedelta(days=data.draw(st.integers(0, (pause.end - pause.start).days)))
    other = data.draw(closed_pauses(started))
    one = compute_due(started_on=started, rule=rule, pauses=[pause, other])
    split = compute_due(
        started_on=started, rule=rule, pauses=[other, Pause(cut, pause.end), Pause(pause.start, cut)]
    )
    assert (one.due_on, one.warn_on) == (split.due_on, split.warn_on)


@TERMS
@given(started=dates, rule=rules(), extension=extensions, data=st.data())
def test_an_extension_never_shortens_a_term(started, rule, extension, data):
    earlier = data.draw(st.lists(extensions, max_size=2))
    pauses = data.draw(st.lists(closed_pauses(started), max_size=2))
    before = compute_due(started_on=started, rule=rule, pauses=pauses, extensions=earlier)
    after = compute_due(started_on=started, rule=rule, pauses=pauses, extensions=[*earlier, extension])
    assert after.due_on >= before.due_on
    assert after.warn_on == before.warn_on  # extensions do not move the warning point (capped at due_on)


@TERMS
@given(started=dates, rule=rules(atw=True), data=st.data())
@example(
    started=dt.date(2026, 12, 4), rule=TermRule(length=4, unit=Unit.WEEKS), data=None
)  # 1 Jan: Nieuwjaar
@example(
    started=dt.date(2027, 4, 7), rule=TermRule(length=4, unit=Unit.WEEKS), data=None
)  # 5 May (Atw, yearly)
def test_the_atw_roll_forward_lands_on_the_first_weekday_that_is_no_feestdag(started, rule, data):
    pauses = data.draw(st.lists(closed_pauses(started), max_size=2)) if data else []
    result = compute_due(started_on=started, rule=rule, pauses=pauses)
    assert result.due_on.weekday() < 5 and not is_atw_rest_day(result.due_on)
    if result.atw_shifted_from is not None:
        skipped = result.atw_shifted_from
        while skipped < result.due_on:  # every day rolled over was a rest day: the first free day is taken
            assert is_atw_rest_day(skipped)
            skipped += dt.timedelta(days=1)
    else:
        assert next_atw_day(result.due_on) == result.due_on


@TERMS
@given(start=dates, n=st.integers(min_value=0, max_value=120))
def test_working_days_added_are_counted_back_exactly(start, n):
    end = add_working_days(start, n)
    assert working_days_between(start + dt.timedelta(days=1), end + dt.timedelta(days=1)) == n
    if n:
        assert is_working_day(end)


@TERMS
@given(start=dates, months=st.integers(min_value=0, max_value=40))
def test_months_clamp_to_the_end_of_a_shorter_month(start, months):
    end = add_term(start, months, Unit.MONTHS)
    assert (end.year * 12 + end.month) - (start.year * 12 + start.month) == months
    assert end.day == start.day or (end.day < start.day and (end + dt.timedelta(days=1)).day == 1)
