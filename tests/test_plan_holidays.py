"""Working days: due dates leave weekends and the PM's public holidays, the plan says so, the checks agree."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from icalendar import Calendar

from assistant.interview.session import Message
from assistant.interview.state import InterviewState
from assistant.ladder import load_ladder
from assistant.plan.checks import check_plan
from assistant.plan.drafter import draft_plan
from assistant.plan.invites import plan_calendar
from assistant.plan.schema import CheckIn, Gap, GapSource, Milestone, Plan
from assistant.plan.workdays import (country_code, country_from_place, is_working_day, keep_to_working_days,
                                     working_day, working_day_failures)

LADDER = load_ladder()
TODAY = date(2026, 11, 20)


def plan_with(*dues: date, country: str | None = None) -> Plan:
    return Plan(created=TODAY, horizon_years=3, country=country, pm_name="Ana",
                gaps=[Gap(id="g1", area="Pricing", source=GapSource.PM)],
                milestones=[Milestone(id=f"m{i}", text=f"Ship pricing change number {i} to all accounts",
                                      due=due, measure="Live for every account, shown at the review",
                                      gap_ids=["g1"]) for i, due in enumerate(dues, start=1)],
                check_ins=[CheckIn(when=date(2026, 12, 25), purpose="Review the plan.")])


def drafted(answer: str, country: str | None = None, location: str | None = None):
    transcript = [Message("assistant", "Which steps, and by when?", "milestones", "ask"),
                  Message("pm", answer, "milestones")]
    slots = {"title": "Senior Product Manager", **({"location": location} if location else {})}
    state = InterviewState(current_title="Product Manager", current_rank=1, target_title="Senior Product Manager",
                           target_rank=2, slots=slots)
    return draft_plan(transcript, state, LADDER, None, TODAY, country=country), transcript, state


def test_christmas_moves_to_the_next_working_day_in_germany():
    # 25 December 2026 is a Friday; the 26th is a holiday and a Saturday, so Monday the 28th is next.
    assert is_working_day(date(2026, 12, 25)) and not is_working_day(date(2026, 12, 25), "DE")
    assert working_day(date(2026, 12, 25), "DE") == date(2026, 12, 28)


def test_a_country_specific_holiday_moves_only_in_that_country():
    unity_day = date(2028, 10, 3)  # a Tuesday: German Unity Day, an ordinary day in the United States
    assert working_day(unity_day, "DE") == date(2028, 10, 4)
    assert working_day(unity_day, "US") == unity_day
    assert working_day(unity_day, "Germany") == date(2028, 10, 4), "a country's name works as well as its code"


def test_a_weekend_at_the_end_of_a_month_stays_in_that_month():
    # "By the end of January": Sunday 31 January 2027 becomes Friday the 29th, not 1 February.
    assert working_day(date(2027, 1, 31)) == date(2027, 1, 29)
    assert working_day(date(2027, 1, 30)) == date(2027, 1, 29)
    assert working_day(date(2027, 1, 16)) == date(2027, 1, 18), "mid-month, the next working day"


def test_a_holiday_on_the_horizons_last_day_moves_back_inside_it():
    assert working_day(date(2026, 12, 25), "DE", latest=date(2026, 12, 26)) == date(2026, 12, 24)


def test_keeping_to_working_days_moves_milestones_and_check_ins_and_says_so_in_the_notice():
    plan = plan_with(date(2028, 10, 3), date(2027, 3, 10), country="DE")
    kept = keep_to_working_days(plan)
    assert [m.due for m in kept.milestones] == [date(2028, 10, 4), date(2027, 3, 10)]
    assert kept.check_ins[0].when == date(2026, 12, 28), "a review is not held on Christmas Day either"
    assert "German Unity Day" in kept.notice and "Germany" in kept.notice and "Wed 04 Oct 2028" in kept.notice
    assert "number 2" not in kept.notice, "a step that did not move is not listed"
    assert plan.milestones[0].due == date(2028, 10, 3), "the plan passed in is left as it was"


def test_the_notice_keeps_what_it_said_before_and_replaces_only_its_own_line():
    plan = plan_with(date(2028, 10, 3), country="DE")
    plan.notice = "Every milestone below is a suggestion."
    once = keep_to_working_days(plan)
    once.milestones[0].due = date(2028, 12, 25)
    twice = keep_to_working_days(once)
    assert twice.notice.startswith("Every milestone below is a suggestion.")
    assert twice.notice.count("Due dates moved") == 1 and "Christmas" in twice.notice


def test_a_milestone_on_a_holiday_fails_a_check_whose_fix_moves_only_that_one():
    plan = plan_with(date(2026, 12, 25), date(2027, 1, 1), date(2027, 2, 3), country="DE")
    failures = [f for f in check_plan(plan) if f.code == "not_a_working_day"]
    assert [f.milestone_id for f in failures] == ["m1", "m2"]
    assert "Christmas" in failures[0].message and failures[0].fix_label == "Move it to Mon 28 Dec"
    fixed = failures[0].fix(plan)
    assert [m.due for m in fixed.milestones] == [date(2026, 12, 28), date(2027, 1, 1), date(2027, 2, 3)]
    assert [f.milestone_id for f in working_day_failures(fixed)] == ["m2"]


def test_without_a_country_only_weekends_fail():
    plan = plan_with(date(2026, 12, 25), date(2026, 12, 26))
    assert [f.milestone_id for f in working_day_failures(plan)] == ["m2"]


def test_the_drafter_moves_the_pms_own_date_off_a_holiday_and_the_checks_accept_it():
    result, transcript, state = drafted("By 25 December I'll ship the new pricing page to every customer.",
                                        country="GB")
    step = next(m for m in result.plan.milestones if m.origin == "pm")
    # Christmas is a Friday; Boxing Day falls on Saturday, so the UK's substitute holiday is Monday the 28th.
    assert step.due == date(2026, 12, 29)
    assert result.plan.country == "GB" and "Christmas Day" in result.plan.notice
    codes = {f.code for f in check_plan(result.plan, transcript, state.gaps_offered)}
    assert not codes & {"pm_date_changed", "not_a_working_day"}, codes


def test_without_a_country_the_drafter_reads_it_from_the_place_the_pm_named():
    result, *_ = drafted("By 3 October 2028 I'll run the pricing review with finance.", location="Berlin")
    assert result.plan.country == "DE"
    assert next(m for m in result.plan.milestones if m.origin == "pm").due == date(2028, 10, 4)


def test_an_unclear_place_names_no_country_and_dates_keep_to_weekdays_only():
    result, *_ = drafted("By 3 October 2028 I'll run the pricing review with finance.",
                         location="Vienna or Munich")
    assert result.plan.country is None
    assert next(m for m in result.plan.milestones if m.origin == "pm").due == date(2028, 10, 3)


@pytest.mark.parametrize("place, code", [
    ("Berlin", "DE"), ("London", "GB"), ("Lisbon, Portugal", "PT"), ("the UK", "GB"), ("Austin", "US"),
    ("Vienna or Munich", None), ("Anywhere with good coffee", None), ("remote", None), (None, None),
])
def test_a_place_maps_to_a_country_only_when_it_is_clear(place, code):
    assert country_from_place(place) == code


def test_country_codes_and_names_are_read_and_unknown_ones_are_not():
    assert country_code("de") == "DE" and country_code("Germany") == "DE" and country_code("UK") == "GB"
    assert country_code("Atlantis") is None and country_code("") is None


def test_the_calendar_file_carries_the_chosen_zone_and_parses_back():
    plan = keep_to_working_days(plan_with(date(2027, 3, 10), country="DE"))
    plan.time_zone = "America/New_York"
    cal = Calendar.from_ical(plan_calendar(plan, start=time(9, 30)))
    assert [tz.get("tzid") for tz in cal.walk("VTIMEZONE")] == ["America/New_York"]
    review = next(e for e in cal.walk("VEVENT") if not str(e.get("summary")).startswith("Milestone"))
    assert review["DTSTART"].params["TZID"] == "America/New_York"
    start = review.decoded("dtstart")
    assert isinstance(start, datetime) and (start.date(), start.hour, start.minute) == (date(2026, 12, 28), 9, 30)
    assert str(start.tzinfo) == "America/New_York" and start.utcoffset().total_seconds() == -5 * 3600
