"""Due dates from the PM's phrasing, relative to today."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, strategies as st

from assistant.plan.dates import find_dates, parse_due, spread

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize("text, due", [
    ("By March I'll lead the pricing experiment", date(2027, 3, 31)),
    ("by december", date(2026, 12, 31)),
    ("before the end of June 2027", date(2027, 6, 30)),
    ("Ship it by next quarter", date(2027, 3, 31)),
    ("finish this quarter", date(2026, 12, 31)),
    ("in six weeks", date(2027, 1, 4)),
    ("within 3 months", date(2027, 2, 23)),
    ("in a year", date(2027, 11, 23)),
    ("by Q2", date(2027, 6, 30)),
    ("by the end of the year", date(2026, 12, 31)),
    ("next month", date(2026, 12, 31)),
    ("by 2027-02-01", date(2027, 2, 1)),
    ("Present my roadmap at the review", None),
    ("I may do it", None),
    ("by 2020-01-01", None),
])
def test_phrases(text, due):
    assert parse_due(text, TODAY) == due


@given(st.text(max_size=80), st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)))
def test_a_parsed_date_is_always_after_today(text, today):
    due = parse_due(text, today)
    assert due is None or due > today


@given(st.integers(0, 12), st.integers(40, 4000))
def test_spread_dates_stay_after_today_and_within_the_end(count, days):
    end = date.fromordinal(TODAY.toordinal() + days)
    dates = spread(count, TODAY, end)
    assert len(dates) == count and all(TODAY < d <= end for d in dates) and dates == sorted(dates)


@pytest.mark.parametrize("text, day", [
    ("by mid-April", date(2027, 4, 15)), ("in mid-March 2027", date(2027, 3, 15)),
    ("by Feb 12", date(2027, 2, 12)), ("end-of-March", date(2027, 3, 31)),
    ("put one senior PM forward by end of 2027", date(2027, 12, 31))])
def test_hyphenated_parts_of_a_month_a_named_day_and_a_year_end_are_read(text, day):
    assert [f.due for f in find_dates(text, date(2027, 1, 15))] == [day]
