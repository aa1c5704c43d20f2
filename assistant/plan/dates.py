"""Due dates from a PM's phrasing ("by March", "next quarter", "in six weeks"), relative to today."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
           "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
           "couple of": 2, "few": 3}
UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_NUM = r"\d+|" + "|".join(sorted(NUMBERS, key=len, reverse=True))
IN_SPAN = re.compile(rf"\b(?:in|within|over)\s+(?:the\s+next\s+)?({_NUM})\s+(day|week|month|year)s?\b")
NEXT_SPAN = re.compile(rf"\bnext\s+({_NUM})\s+(day|week|month|year)s?\b")
BY_MONTH = re.compile(rf"\b(?:by|in|before|end of|until)\s+(?:the\s+end\s+of\s+)?({_MONTH})\b\.?(?:\s+(\d{{4}}))?")
QUARTER = re.compile(r"\b(?:by\s+|in\s+|end\s+of\s+)?q([1-4])(?:\s+(\d{4}))?\b")
ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def add_days(day: date, days: int) -> date:
    return day + timedelta(days=days)


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def quarter_end(year: int, quarter: int) -> date:
    return month_end(year, quarter * 3)


def _count(word: str) -> int:
    return int(word) if word.isdigit() else NUMBERS.get(word, 1)


def parse_due(text: str, today: date) -> date | None:
    """The date a phrase points at, or None when it names no time. Always after `today`."""
    t = " ".join(text.lower().replace("’", "'").split())
    if m := ISO.search(t):
        try:
            found = date(int(m[1]), int(m[2]), int(m[3]))
            return found if found > today else None
        except ValueError:
            return None
    for pattern in (IN_SPAN, NEXT_SPAN):
        if m := pattern.search(t):
            return add_days(today, _count(m[1]) * UNIT_DAYS[m[2]])
    if m := BY_MONTH.search(t):
        month = MONTHS[m[1]]
        year = int(m[2]) if m[2] else today.year
        end = month_end(year, month)
        if not m[2] and end <= today:
            end = month_end(year + 1, month)
        return end if end > today else None
    current_q = (today.month - 1) // 3 + 1
    if m := QUARTER.search(t):
        q = int(m[1])
        year = int(m[2]) if m[2] else today.year
        end = quarter_end(year, q)
        if not m[2] and end <= today:
            end = quarter_end(year + 1, q)
        return end if end > today else None
    if re.search(r"\bnext quarter\b", t):
        q, year = (1, today.year + 1) if current_q == 4 else (current_q + 1, today.year)
        return quarter_end(year, q)
    if re.search(r"\b(this|the end of the|end of the) quarter\b", t):
        return quarter_end(today.year, current_q)
    if re.search(r"\bnext month\b", t):
        year, month = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
        return month_end(year, month)
    if re.search(r"\b(end of (the |this )?year|this year|year[- ]end)\b", t):
        end = date(today.year, 12, 31)
        return end if end > add_days(today, 14) else date(today.year + 1, 12, 31)
    if re.search(r"\bnext year\b", t):
        return date(today.year + 1, 12, 31)
    if re.search(r"\bnext (few|couple of) weeks\b", t):
        return add_days(today, 21)
    return None


def spread(count: int, today: date, end: date, first_gap: int = 30) -> list[date]:
    """`count` dates spaced evenly after today, the last no later than `end`."""
    if count <= 0:
        return []
    span = max((end - today).days, first_gap)
    step = span / (count + 1) if count > 1 else span / 2
    return [min(add_days(today, max(first_gap, round(step * (i + 1)))), end) for i in range(count)]
