"""When the plan is talked about: the discussion, the follow-up, then regular reviews."""

from __future__ import annotations

from datetime import date, timedelta

from assistant.plan.schema import CheckIn, CheckInKind

DISCUSSION_DAYS = 7  # invite about a week out, so there is time for the pre-work
FOLLOW_UP_DAYS = 14  # meet again one to two weeks later to review and finalise
REVIEW_DAYS = 91
MAX_REVIEWS = 4


def weekday_on_or_after(day: date) -> date:
    """Meetings land on a working day."""
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def discussion_date(today: date) -> date:
    return weekday_on_or_after(today + timedelta(days=DISCUSSION_DAYS))


def follow_up_date(discussion: date) -> date:
    return weekday_on_or_after(discussion + timedelta(days=FOLLOW_UP_DAYS))


def check_ins(today: date, end: date, dues: list[date] = ()) -> list[CheckIn]:
    """The discussion, the follow-up, then a review each quarter until the last due date."""
    first = discussion_date(today)
    second = follow_up_date(first)
    out = [
        CheckIn(when=first, kind=CheckInKind.DISCUSSION, minutes=50,
                purpose="Talk through the career vision and the draft plan together."),
        CheckIn(when=second, kind=CheckInKind.FOLLOW_UP, minutes=30,
                purpose="Review the plan, agree changes and finalise it."),
    ]
    last = min(end, max([*dues, second + timedelta(days=REVIEW_DAYS)]))
    day = second
    for _ in range(MAX_REVIEWS):
        day = weekday_on_or_after(day + timedelta(days=REVIEW_DAYS))
        if day > last:
            break
        out.append(CheckIn(when=day, kind=CheckInKind.REVIEW, minutes=30,
                           purpose="Check progress on each milestone and adjust the plan."))
    return out
