"""The gaps a plan closes: needs the PM named, the manager's concerns, the ladder's expectations, a new path's asks."""

from __future__ import annotations

import re

from assistant.interview.state import InterviewState
from assistant.ladder import DIMENSIONS, Ladder, Level
from assistant.plan import paths, speech
from assistant.plan.checks import is_verbatim, normalise
from assistant.plan.schema import Gap, GapSource

# Spoken lists start items with asides; these are trimmed, and clauses opening with DROP are not needs.
LEAD = re.compile(r"^(?:(?:and|so|also|i think|i guess|probably|maybe|honestly|anyway|well|okay|ok|then|plus|"
                  r"i'?d guess|i suppose|just)\b[\s,]*)+", re.I)
DROP = re.compile(r"^(?:but|because|which|what|that|not|let me|though|although|since|if|like|when|where|who|"
                  r"i'?m|i am|my|it'?s|it is|i could|i'?d (?!need|want|have)|i would (?!need|want|have)|we could|they|"
                  r"the company|our company)\b",
                  re.I)
MAX_PM_GAPS = 4
MAX_MANAGER_GAPS = 4
# Sentence-initial words safe to lower-case mid-sentence; anything else may be a name ("Sam").
COMMON_STARTS = {"a", "an", "the", "more", "better", "stronger", "less", "some", "any", "my",
                 "our", "their", "his", "her", "time", "experience", "exposure", "visibility",
                 "owning", "leading", "managing", "needs", "need", "should", "could", "to"}


def decap(text: str) -> str:
    """Lower-case a leading common word or gerund for use mid-sentence; keep names as written."""
    first = text.split(" ", 1)[0]
    bare = first.lower().strip(",.;:")
    if bare in COMMON_STARTS or (bare.endswith("ing") and first[1:].islower()):
        return text[0].lower() + text[1:]
    return text


def core(area: str) -> str:
    """'I'd need to get better at saying no' -> 'saying no': the need without the preamble."""
    found = re.sub(r"^(?:i(?:'d| would)?\s+(?:just\s+|really\s+)?(?:need|want)\s+(?:to\s+)?"
                   r"(?:get\s+better\s+at\s+|be\s+better\s+at\s+|have\s+|get\s+)?)", "", area.strip(), flags=re.I)
    return decap(found.rstrip(".!") or area)


def need(clause: str, ladder: Ladder) -> str | None:
    """A clause from the PM's list of needs, trimmed to the need itself, or None for an aside."""
    clause = LEAD.sub("", speech.clean(clause)).strip(" ,.;")
    if not clause or DROP.match(clause) or not speech.declares(clause) or speech.is_hedged(clause) and \
            len(speech.words(clause)) < 3:
        return None
    if re.match(r"i(?: have|'ve| had| was| tried| led| shipped| launched)\b", clause, re.I):
        return None  # a story about the past, not something still needed
    if re.search(r"\b(?:i'?ll|i will|i'?m going to|i am going to)\b", clause, re.I):
        return None  # a commitment, which becomes a milestone rather than a gap
    words = len(speech.words(clause))
    return clause if words >= 2 and (words <= 8 or ladder.covered([clause])) else None


def clauses(text: str | None) -> list[str]:
    """A list the PM gave ('A, B, and C') as separate items, each still their own words."""
    items = []
    for sentence in speech.sentences(text):
        if speech.is_question(sentence) or speech.is_refusal(sentence) or speech.is_goodbye(sentence) \
                or speech.is_vent(sentence):
            continue
        items += [p.strip() for p in re.split(r",\s*(?:and\s+)?|;\s*|\s+and\s+(?=\w+ing\b)", sentence.rstrip(".!?"))
                  if p.strip()]
    return items


# Everyday ways PMs name a dimension that a ladder file's keywords may not list.
EXTRA = {"scope": re.compile(r"\b(?:bigger|larger|wider) (?:area|scope|remit)|more ownership|own more\b", re.I),
         "people": re.compile(r"\bteams? of pms|\bleading (?:other )?pms|\bmanaging (?:other )?pms|\bcoaching\b", re.I),
         "metrics": re.compile(r"\bthe numbers\b|\bdata\b|\banalytics\b", re.I)}


def dimension(text: str, ladder: Ladder) -> str | None:
    found = ladder.covered([text]) | {d for d, rx in EXTRA.items() if rx.search(text)}
    return next((d for d in DIMENSIONS if d in found), None)


def quote(text: str, sources: list[str]) -> list[str]:
    return [normalise(text)] if is_verbatim(text, sources) else []


def pm_gaps(state: InterviewState, ladder: Ladder, target: Level | None, sources: list[str],
            answers: list[str] = ()) -> list[Gap]:
    """The needs the PM named: the interview's list, else the slot, else their answers to that question."""
    said = state.experiences or ([state.slots["experiences"]] if state.slots.get("experiences") else list(answers))
    raw = [c for item in said for c in clauses(item)]
    named = list(dict.fromkeys(n for n in (need(c, ladder) for c in raw) if n))[:MAX_PM_GAPS]
    out = []
    for i, item in enumerate(named):
        dim = dimension(item, ladder)
        out.append(Gap(id=f"pm{i + 1}", area=item, source=GapSource.PM, evidence=quote(item, sources),
                       expectation=target.expectation(dim) if target and dim else ""))
    return out


def manager_gaps(concerns: list[str], ladder: Ladder, target: Level | None, sources: list[str]) -> list[Gap]:
    out = []
    for i, note in enumerate(concerns[:MAX_MANAGER_GAPS]):
        dim = dimension(note, ladder)
        out.append(Gap(id=f"mgr{i + 1}", area=note.rstrip("."), source=GapSource.MANAGER,
                       expectation=target.expectation(dim) if target and dim else "", evidence=quote(note, sources)))
    return out


def ladder_gap(level: Level, dim: str, ladder: Ladder) -> Gap:
    return Gap(id=f"{level.id}.{dim}", area=ladder.dimensions[dim].label, expectation=level.expectation(dim),
               source=GapSource.LADDER)


def path_gaps(kind: str) -> list[Gap]:
    return [Gap(id=f"path.{kind}.{i + 1}", area=area, expectation=expectation, source=GapSource.LADDER)
            for i, (area, expectation) in enumerate(paths.path_gaps(kind))]
