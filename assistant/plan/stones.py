"""Stepping stones: two to four longer steps spread across the horizon, each toward the vision."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta

from assistant.ladder import DIMENSIONS, Ladder, Level
from assistant.plan import paths
from assistant.plan.dates import business_day
from assistant.plan.schema import Gap

MIN_YEARS = 1.5  # shorter horizons are all near term
MAX_STONES = 4


@dataclass
class Stone:
    """One longer step: what, how anyone can tell, what the manager does, and what it is tied to."""

    text: str
    measure: str
    support: str
    gap_id: str | None = None
    intersection_id: str | None = None


def count(horizon_years: float) -> int:
    if horizon_years < MIN_YEARS:
        return 0
    return max(2, min(MAX_STONES, int(horizon_years) - 1))


def dates(n: int, today: date, end: date) -> list[date]:
    """From about a year out to the horizon's end, evenly, on working days."""
    first = today + relativedelta(years=1)
    if n <= 0 or first >= end:
        return []
    span = (end - first).days
    out = [first + relativedelta(days=round(span * i / max(1, n - 1))) for i in range(n)]
    return [business_day(d, today, end) for d in out]


def promotion(ladder: Ladder, current: Level | None, target: Level, gap_of, n: int,
              skip: set[str] = frozenset()) -> list[Stone]:
    """The levels between today and the target, one stone each; the target's focus when it is one level up."""
    start = (current.rank + 1) if current else target.rank
    levels = [lv for lv in ladder.levels if start <= lv.rank <= target.rank] or [target]
    picks: list[tuple[Level, str]] = []
    focus = [d for d in [*target.focus, *DIMENSIONS] if d not in skip]
    focus = list(dict.fromkeys(focus)) or ["scope"]
    if len(levels) >= n:
        step = (len(levels) - 1) / max(1, n - 1)
        chosen = [levels[round(i * step)] for i in range(n)]
        picks = [(lv, next((d for d in lv.focus if d not in skip), focus[0])) for lv in chosen]
    else:
        picks = [(levels[min(i, len(levels) - 1)], focus[i % len(focus)]) for i in range(n)]
    out = []
    for i, (level, dim) in enumerate(picks):
        label = ladder.dimensions[dim].label.lower()
        last = i == len(picks) - 1
        if last and level.id == target.id:
            text = (f"Be ready for the {target.title} role, with the results of the earlier steps gathered "
                    "into a promotion case.")
            measure = (f"A written case for {target.title}, with an example for each of the level's "
                       "expectations, reviewed with my manager.")
        else:
            text = f"Work at {level.title} level in {label}: \"{level.expectation(dim)}\""
            measure = f"My manager and I agree, with two examples, that I meet the {level.title} expectation for {label}."
        out.append(Stone(text, measure, "Review the evidence with me and say plainly what is still missing.",
                         gap_of(dim)))
    return out


def changer(kind: str, gaps: list[Gap], n: int) -> list[Stone]:
    stones = paths.path_stones(kind)[:n]
    title = paths.path_title(kind)
    return [Stone(f"{text} (toward {title.lower()}).",
                  f"I can show it to my manager with evidence: what I did, for whom, and what came of it.",
                  "Keep an eye out for openings and introductions on this path.",
                  gaps[min(i, len(gaps) - 1)].id if gaps else None)
            for i, text in enumerate(stones)]


def content(area: str, intersection_id: str | None, gap_id: str | None, n: int) -> list[Stone]:
    return [Stone(f"{text}.", "Colleagues outside my team ask for my view on it, and I can name three times they did.",
                  "Point people my way and make the work visible.", gap_id, intersection_id)
            for text in paths.content_stones(area)[:n]]
