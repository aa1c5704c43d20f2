"""Due dates from a PM's phrasing ("by March", "end of Q2", "H1", "in six weeks"), every one in a sentence."""

# python-dateutil does the calendar arithmetic and reads explicit days ("15 March"); the small grammar
# below covers what planning talk adds on top: quarters, halves, seasons and spans.

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from dateutil import parser as dateutil_parser
from dateutil.relativedelta import FR, relativedelta

from assistant.plan.workdays import working_day

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
           "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
           "a couple of": 2, "couple of": 2, "a few": 3, "few": 3, "eighteen": 18}
ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}
SEASON_END = {"spring": 5, "summer": 8, "autumn": 11, "fall": 11, "winter": 2}

_M = "|".join(sorted(MONTHS, key=len, reverse=True))
_N = r"\d+|" + "|".join(sorted(NUMBERS, key=len, reverse=True))
_Y = r"(?:\s+(?:of\s+)?(\d{4}|next year|this year))?"
_ORD = "|".join(ORDINALS)
GRAMMAR = [
    ("iso", re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")),
    ("day_month", re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_M})\b\.?(?:,?\s+(\d{{4}}))?")),
    ("month_day", re.compile(rf"\b({_M})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?!\s*(?:%|people|pms|teams))(?:,?\s+(\d{{4}}))?")),
    ("month", re.compile(rf"\b(?:(?:by|in|before|until|till|through|for)\s+)?(?:(?:the\s+)?(end|middle|mid|early|late|start|beginning)"
                         rf"(?:\s+of\s+|-of-|\s*-\s*|\s+))?({_M})\b\.?(?:\s+(\d{{4}}))?")),
    ("quarter", re.compile(rf"\b(?:(?:by|in|before|during)\s+)?(?:the\s+)?(?:end\s+of\s+)?(?:q([1-4])|({_ORD})\s+quarter)"
                           rf"(?:\s*'(\d{{2}})|\s+(?:of\s+)?(\d{{4}}|next year|this year))?\b")),
    ("half", re.compile(rf"\b(?:(?:by|in|before|during)\s+)?(?:the\s+)?(?:end\s+of\s+)?(?:h([12])|(first|second)\s+half)"
                        rf"(?:\s+of\s+(?:the\s+)?(?:year))?{_Y}\b")),
    ("named", re.compile(r"\b(?:(?:by|in|before|until|within)\s+)?(?:(?:the\s+)?end\s+of\s+(?:the\s+|this\s+|next\s+)?"
                         r"|this\s+|next\s+|the\s+next\s+)(quarter|month|year|half|week)\b|\b(year)[- ]end\b")),
    ("season", re.compile(r"\b(?:by|in|before|until|over)\s+(?:the\s+)?(?:end\s+of\s+)?(?:this\s+|next\s+)?"
                          r"(spring|summer|autumn|fall|winter)\b(?:\s+(\d{4}))?")),
    ("span", re.compile(rf"\b(?:in|within|over|after|inside)\s+(?:the\s+)?(?:next\s+)?({_N})\s+"
                        r"(day|week|month|quarter|year)s?\b|\bnext\s+(" + _N + r")\s+(day|week|month|quarter|year)s\b")),
    ("year", re.compile(r"\b(?:(?:by|in|before|during|until)\s+(?:(?:the\s+)?end\s+of\s+)?|(?:the\s+)?end\s+of\s+)"
                        r"(20\d\d)\b(?!-\d)")),
]


DAY_KINDS = {"iso", "day_month", "month_day"}


@dataclass(frozen=True)
class Found:
    """One date expression in a text: where it is, what it said, the day it means."""

    start: int
    end: int
    phrase: str
    due: date


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def quarter_end(year: int, quarter: int) -> date:
    return month_end(year, quarter * 3)


def add_days(day: date, days: int) -> date:
    return day + timedelta(days=days)


def _count(word: str) -> int:
    return int(word) if word.isdigit() else NUMBERS.get(word, 1)


def _year(text: str | None, today: date) -> int | None:
    if not text:
        return None
    if text == "next year":
        return today.year + 1
    if text == "this year":
        return today.year
    return int(text) if len(text) == 4 else 2000 + int(text)


def _roll(make, year: int | None, today: date) -> date | None:
    """The first occurrence after today when no year was said; the named year otherwise."""
    try:
        found = make(year or today.year)
        if year is None and found <= today:
            found = make(today.year + 1)
    except ValueError:
        return None
    return found if found > today else None


def _named(unit: str, phrase: str, today: date) -> date | None:
    """'next quarter', 'this month', 'end of the year': the end of that period."""
    nxt = "next" in phrase
    if unit == "quarter":
        q = (today.month - 1) // 3 + 1 + (1 if nxt else 0)
        return quarter_end(today.year + (q - 1) // 4, (q - 1) % 4 + 1)
    if unit == "half":
        h = (today.month - 1) // 6 + 1 + (1 if nxt else 0)
        return month_end(today.year + (h - 1) // 2, 6 if h % 2 else 12)
    if unit == "month":
        d = today + relativedelta(months=1 if nxt else 0)
        return month_end(d.year, d.month)
    if unit == "week":
        return today + relativedelta(weeks=1 if nxt else 0, weekday=FR)
    if nxt:
        return date(today.year + 1, 12, 31)
    end = date(today.year, 12, 31)
    return end if end > add_days(today, 14) else date(today.year + 1, 12, 31)


def _meaning(kind: str, m: re.Match, today: date) -> date | None:
    g = m.groups()
    if kind == "iso":
        try:
            return date(int(g[0]), int(g[1]), int(g[2]))
        except ValueError:
            return None
    if kind in ("day_month", "month_day"):
        day, month = (g[0], g[1]) if kind == "day_month" else (g[1], g[0])
        try:
            base = dateutil_parser.parse(f"{day} {month}", default=datetime(today.year, 1, 1)).date()
        except (ValueError, OverflowError):
            return None
        return _roll(lambda y: base.replace(year=y), int(g[2]) if g[2] else None, today)
    if kind == "month":
        month, where = MONTHS[g[1]], g[0] or "end"
        day = {"middle": 15, "mid": 15, "early": 10, "start": 7, "beginning": 7}.get(where)
        return _roll(lambda y: date(y, month, day) if day else month_end(y, month), int(g[2]) if g[2] else None, today)
    if kind == "quarter":
        quarter = int(g[0]) if g[0] else ORDINALS[g[1]]
        return _roll(lambda y: quarter_end(y, quarter), _year(g[2] or g[3], today), today)
    if kind == "half":
        half = int(g[0]) if g[0] else ORDINALS[g[1]]
        return _roll(lambda y: month_end(y, 6 * half), _year(g[2], today), today)
    if kind == "named":
        return _named(g[0] or g[1], m.group(0), today)
    if kind == "season":
        month = SEASON_END[g[0]]
        return _roll(lambda y: month_end(y + (1 if month == 2 else 0), month), int(g[1]) if g[1] else None, today)
    if kind == "span":
        count, unit = (g[0], g[1]) if g[0] else (g[2], g[3])
        n = _count(count)
        delta = {"day": relativedelta(days=n), "week": relativedelta(weeks=n), "month": relativedelta(months=n),
                 "quarter": relativedelta(months=3 * n), "year": relativedelta(years=n)}[unit]
        return today + delta
    if kind == "year":
        return _roll(lambda y: date(y, 12, 31), int(g[0]), today)
    return None


AMBIGUOUS = {"may", "march", "mar", "jan", "sep"}  # also everyday words ("I may", "march on")


def _plainly_a_month(m: re.Match, text: str) -> bool:
    """'may' and 'march' count as months only with a preposition, a modifier, a year or a capital."""
    word = m.group(2)
    if word not in AMBIGUOUS or m.group(1) or m.group(3):
        return True
    start = m.start(2)
    return start > 0 and text[start].isupper()


def find_dates(text: str, today: date) -> list[Found]:
    """Every date expression in `text`, in order and without overlaps; each one after today."""
    t = text.lower().replace("’", "'")
    hits: list[Found] = []
    for kind, rx in GRAMMAR:
        for m in rx.finditer(t):
            if kind == "month" and not _plainly_a_month(m, text):
                continue
            due = _meaning(kind, m, today)
            if due is not None and due > today:
                hits.append((kind in DAY_KINDS, Found(m.start(), m.end(), text[m.start():m.end()], due)))
    # Where two readings overlap, the one naming a day wins ("by Feb 12" is the 12th, not the
    # month's end), then the longer, then the earlier.
    hits.sort(key=lambda h: (not h[0], -(h[1].end - h[1].start), h[1].start))
    out: list[Found] = []
    for _, f in hits:
        if all(f.end <= o.start or f.start >= o.end for o in out):
            out.append(f)
    return sorted(out, key=lambda f: f.start)


def business_day(day: date, today: date, end: date | None = None) -> date:
    """A due date on a working day (see workdays.working_day), after today and by `end` when given.

    Public holidays depend on the PM's country, which a phrase does not say; the drafter moves
    those afterwards and says so in the plan's notice."""
    return working_day(day, None, today, end)


def parse_due(text: str, today: date) -> date | None:
    """The first date a phrase points at, on a working day, or None when it names no time."""
    found = find_dates(text, today)
    return business_day(found[0].due, today) if found else None


def spread(count: int, today: date, end: date, first_gap: int = 30) -> list[date]:
    """`count` working days spaced evenly after today, the last no later than `end`."""
    if count <= 0:
        return []
    span = max((end - today).days, first_gap)
    step = span / (count + 1) if count > 1 else span / 2
    days = [min(add_days(today, max(first_gap, round(step * (i + 1)))), end) for i in range(count)]
    return sorted(business_day(d, today, end) for d in days)
