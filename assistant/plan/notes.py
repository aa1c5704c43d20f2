"""The manager's notes read in full: every goal, concern, step, offer of help and praise lands somewhere."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from assistant.ladder import Ladder, Level
from assistant.plan import speech
from assistant.plan.commitments import Commitment, own_measure
from assistant.plan.verbs import ACTION, BASE
from assistant.plan.dates import business_day, find_dates

ITEM_SPLIT = re.compile(r"\n+|(?<=[.!?])\s+|;\s*|^\s*[-*•]\s*|,\s*(?:and\s+)?(?=[a-z])|\s+and\s+(?={BASE}\b)".replace("{BASE}", BASE), re.I | re.M)
SUPPORT = re.compile(r"^(?:i'?ll|i will|i can|i'm happy to|i am happy to|i'd like to|i would like to|we'll|"
                     r"we will|we can|i plan to|i'm going to|i am going to|happy to|i want to|i'll make sure)\b", re.I)
GOAL = re.compile(r"\b(?:grow|grows|growing|move|moving|step up|progress|promot\w*|ready for|aim\w*|path|"
                  r"become|becoming|toward|towards|next level|level up)\b", re.I)
CONCERN = re.compile(r"\b(?:needs?\b|should|would benefit|not yet|has yet to|work on|struggles?|room to grow|"
                     r"next step is|could (?:do|get|be)|weak|lacks?|lacking|too (?:quiet|slow|detailed|deep|"
                     r"narrow|reactive)|hasn't|has not|doesn't yet|does not yet|concern|worr\w+|blind spot|"
                     r"gap|avoid\w*|hesitant|shy|rarely|seldom|less confident)\b", re.I)
PRAISE = re.compile(r"\b(?:great|strong|excellent|good at|brilliant|impressive|trusted|reliable|"
                    r"led|launched|shipped|grew|hired|delivered|presented|mentored|built|cut|won|onboarded|"
                    r"raised|drove|owned)\b", re.I)
YEARS = re.compile(r"\b(?:in|within|over)\s+(\d+|one|two|three|four|five|a couple of)\s+years?\b", re.I)
YEAR_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "a couple of": 2}


@dataclass
class NotesReading:
    """What the notes say, sorted into the parts of a plan; `items` keeps every piece in order."""

    target: Level | None = None
    target_phrase: str | None = None
    years: float | None = None
    concerns: list[str] = field(default_factory=list)
    steps: list[Commitment] = field(default_factory=list)
    support: list[str] = field(default_factory=list)
    praise: list[str] = field(default_factory=list)
    items: list[tuple[str, str]] = field(default_factory=list)  # (kind, the manager's words)


def items(notes: str | None) -> list[str]:
    """The notes cut into single points, each still in the manager's words."""
    text = speech.clean(notes) if notes and "\n" not in notes else (notes or "")
    parts = [p.strip(" .,;-*•\t") for p in ITEM_SPLIT.split(text) if p]
    return [p for p in parts if len(speech.words(p)) >= 2]


def read_notes(notes: str | None, ladder: Ladder, today: date) -> NotesReading:
    """Sort every point of the manager's notes; none is dropped."""
    out = NotesReading()
    for item in items(notes):
        kind = _kind(item, ladder, today)
        out.items.append((kind, item))
        if kind == "goal":
            level = ladder.lookup(item)
            out.target, out.target_phrase = out.target or level, out.target_phrase or item
            if m := YEARS.search(item):
                word = m.group(1).lower()
                out.years = float(YEAR_WORDS.get(word) or int(word))
        elif kind == "support":
            out.support.append(item)
        elif kind == "concern":
            out.concerns.append(item)
        elif kind == "praise":
            out.praise.append(item)
        else:
            found = find_dates(item, today)
            due = business_day(found[0].due, today) if found else None
            phrase = found[0].phrase if found else None
            out.steps.append(Commitment(item, due, phrase, found[0].due if found else None,
                                        own_measure(item, phrase), item))
    return out


def _kind(item: str, ladder: Ladder, today: date) -> str:
    if SUPPORT.match(item):
        return "support"
    if GOAL.search(item) and ladder.lookup(item) is not None:
        return "goal"
    if CONCERN.search(item):
        return "concern"
    if ACTION.match(item) and not re.match(r"\w+ed\b", item):
        return "step"
    if PRAISE.search(item):
        return "praise"
    return "step" if find_dates(item, today) else "praise"  # the notes box asks for strengths seen
