"""The steps a PM committed to, one per commitment, each with its own date and the PM's own measure."""

# A commitment is read from meaning, not from length: it has to state an action or a dated outcome,
# and it must not be a question, a refusal, a goodbye or a hedge ("I might think about...").

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher

from assistant.plan import speech
from assistant.plan.dates import Found, business_day, find_dates
from assistant.plan.verbs import ACTION, BASE

FIRST_PERSON = re.compile(r"\b(?:i'?ll|i will|i'm going to|i am going to|i plan to|i intend to|i aim to|"
                          r"i commit to|i want to|i'd like to|i would like to|i need to|my goal is to|"
                          r"i'm aiming to|i promise to|we'll|we will)\b", re.I)
STRONG_HEDGE = re.compile(r"\b(?:might|someday|some day|at some point|one day|who knows|think about|"
                          r"i suppose|eventually|could|would be nice|in theory)\b", re.I)
WEAK_HEDGE = re.compile(r"\b(?:maybe|perhaps|i guess|probably|not sure)\b", re.I)
IMPERATIVE = re.compile(rf"^(?:(?:by|in|before|until)\b[^,]*,\s*)?{BASE}\b(?!ing)", re.I)
JOIN = re.compile(r",?\s+and\s+(?:then\s+)?|,\s*then\s+|\s+then\s+|;\s*|,\s+(?=(?:i|by|in|before)\b)", re.I)
LOOSE_JOIN = re.compile(r",\s*|\s+[-–—]\s+|\s+and\s+|\s+plus\s+", re.I)
NEW_SUBJECT = re.compile(r",?\s+and\s+(?=(?:also\s+)?(?:i'?ll|i will|i'm going to|i am going to)\b)", re.I)
LEAD = re.compile(r"^(?:(?:okay|ok|so|well|and|also|then|concretely|first|second|finally|plus)\b[\s,:]*)+", re.I)
QUANTITY = re.compile(r"\d+(?:\.\d+)?\s?%|\b\d+\b|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twelve|"
                      r"twenty|fifty|hundred|a third|a quarter|half|double|twice|triple|all)\b", re.I)
OUTCOME = re.compile(r"\b(?:in use|signed off|sign-off|approved|agreed by|adopted|at least|no more than|so that|"
                     r"until)\b|\b(?:down|up|under|below|above|over)\s+(?:by|to|from|a|\d)", re.I)
SAME_STEP = 0.8  # the share of matching characters above which two commitments are one step said twice
STEP_QUESTION = "Which one or two concrete steps"  # the pre-work template's question for milestones
AIM_QUESTIONS = ("What job title would you like", "what would you like to be true a year from now")


@dataclass
class Commitment:
    """One step the PM said they will take: their words, the day they named, their measure."""

    text: str
    due: date | None
    phrase: str | None
    said_due: date | None
    measure: str | None
    source: str


def _role_text(m) -> tuple[str, str, str | None]:
    if isinstance(m, dict):
        return m.get("role", ""), m.get("text", "") or "", m.get("stage")
    return getattr(m, "role", ""), getattr(m, "text", "") or "", getattr(m, "stage", None)


def step_answers(transcript) -> tuple[list[str], list[str]]:
    """(answers to the milestone question, other PM messages); answers about the aim itself are neither."""
    steps, other, asked, aim = [], [], False, False
    for m in transcript:
        role, text, stage = _role_text(m)
        if role != "pm":
            # Where their interests meet the company's is asked for openings, not steps: a dated
            # sentence there ("the company wants to grow pro sellers next year") is the company's
            # plan, so it counts only when said as their own, like anything said elsewhere.
            asked = stage == "milestones" or STEP_QUESTION in text
            aim = stage == "vision" or any(q in text for q in AIM_QUESTIONS)
            continue
        if asked or stage == "milestones":
            steps.append(text)
        elif not (aim or stage == "vision"):
            other.append(text)
    return steps, other


def answers_to(transcript, stage: str) -> list[str]:
    """The PM's answers to the questions of one stage, for when a slot holds nothing usable."""
    out, current = [], None
    for m in transcript:
        role, text, st = _role_text(m)
        if role != "pm":
            current = st
        elif (st or current) == stage:
            out.append(text)
    return out


def _split(sentence: str, dates: list[Found]) -> list[tuple[str, Found | None]]:
    """A sentence with two dated commitments becomes two; one date stays one commitment."""
    parts: list[tuple[str, Found | None]] = []
    cut = 0
    for first, second in zip(dates, dates[1:]):
        joins = [j for j in JOIN.finditer(sentence, first.end, second.start)]
        # Every date is its own commitment: without a joining word, a comma or dash between them will do.
        joins = joins or list(LOOSE_JOIN.finditer(sentence, first.end, second.start))
        if not joins:
            continue
        before = [j for j in joins if j.end() == second.start]
        # "Case to the exec team by 31 January, launch in Spain and Italy by June": a date that
        # closes its own step ends it, so the cut is right after that date, not at a later "and".
        after = JOIN.match(sentence, first.end) or LOOSE_JOIN.match(sentence, first.end)
        closes = after is not None and len(speech.words(sentence[cut:first.start])) >= 3
        j = after if closes else before[0] if before else joins[0]
        parts.append((sentence[cut:j.start()], first))
        cut = j.end()
    parts.append((sentence[cut:], dates[-1] if dates else None))
    out = []
    for text, found in parts:
        pieces = NEW_SUBJECT.split(text)
        out += [(p, found) for p in pieces]
    return out


def _tidy(text: str) -> str:
    return LEAD.sub("", text.strip()).strip(" ,;:-").rstrip(".!")


def own_measure(text: str, phrase: str | None) -> str | None:
    """The PM's own way to tell the step is done: their words when they name a number or an outcome."""
    core = text.replace(phrase, " ") if phrase else text
    core = re.sub(r"^\W*(?:by|in|before)\b\W*", "", core.strip(), flags=re.I)
    core = re.sub(r"\W*\b(?:by|in|before|until|on)\W*$", "", core, flags=re.I)
    core = FIRST_PERSON.sub(" ", core)
    core = re.sub(r"^\s*(?:i|we)\s+", "", " ".join(core.split()), flags=re.I).strip(" ,.;:")
    # "Design sign-off." names an outcome but not how anyone could tell: the drafter's measure is better.
    if not core or not (QUANTITY.search(core) or OUTCOME.search(core)) or len(speech.words(core)) < 3:
        return None
    core = core[0].upper() + core[1:]
    return core if core[-1:] in ".!" else f"{core}."


def is_commitment(text: str, dated: bool, in_step_answer: bool, today: date | None = None) -> bool:
    """True when a clause commits to an action or a dated outcome."""
    t = speech.clean(text)
    if len(speech.words(t)) < 4 or speech.is_noise(t) or speech.is_vent(t) or STRONG_HEDGE.search(t):
        return False
    if WEAK_HEDGE.search(t) and not dated:
        return False
    for found in find_dates(t, today or date.today()) if dated else []:
        t = t.replace(found.phrase, " ")
    if len(speech.words(t)) < 3 and not (len(speech.words(t)) == 2 and ACTION.search(t)):
        return False  # a date with nothing to do by it ("By the end of March", "Three things by May")
    acts = bool(ACTION.search(t)) and (bool(FIRST_PERSON.search(t)) or bool(IMPERATIVE.match(_tidy(t))))
    if in_step_answer:
        return acts or dated
    # Said elsewhere, only a commitment in so many words: "launching X is what I did" is not one.
    return dated and (bool(FIRST_PERSON.search(t)) or bool(IMPERATIVE.match(_tidy(t))))


def only_a_date(sentence: str, today: date) -> Found | None:
    """The date a fragment like "Next quarter." names, when it says nothing else."""
    found = find_dates(sentence, today)
    rest = sentence
    for f in found:
        rest = rest.replace(f.phrase, " ")
    return found[0] if found and len(speech.words(rest)) < 2 else None


def _units(text: str, today: date) -> list[str]:
    """Sentences, a bare date fragment joined to the undated sentence it closes, else to the next one."""
    out: list[str] = []
    pending = ""
    for sentence in speech.sentences(text):
        if only_a_date(sentence, today) and not pending:
            if out and not find_dates(out[-1], today) and not speech.is_question(out[-1]):
                out[-1] = f"{out[-1]} {sentence}"  # "Triage board live. End of March."
            else:
                pending = sentence  # "Next quarter. Something with the triage board."
            continue
        out.append(f"{pending} {sentence}".strip())
        pending = ""
    return out + ([pending] if pending else [])


def read_commitments(text: str, today: date, in_step_answer: bool) -> list[Commitment]:
    """Every commitment in one answer, in order."""
    out = []
    for sentence in _units(text, today):
        if speech.is_question(sentence) or speech.is_goodbye(sentence) or speech.is_refusal(sentence):
            continue
        lead = False  # "Hire the designer by Q1 and the analyst by Q3": the second part borrows the verb
        for part, found in _split(sentence, find_dates(sentence, today)):
            clause = _tidy(part)
            inner = find_dates(clause, today)
            found = inner[0] if inner else found
            borrowed = lead and found is not None and len(speech.words(clause)) >= 3
            if not (borrowed or is_commitment(clause, found is not None, in_step_answer, today)):
                continue
            lead = True
            due = business_day(found.due, today) if found else None
            out.append(Commitment(clause, due, found.phrase if found else None, found.due if found else None,
                                  own_measure(clause, found.phrase if found else None), sentence))
    return out


def commitments(transcript, slots: dict | None, today: date) -> list[Commitment]:
    """The PM's steps: every commitment in their milestone answers, and dated ones said elsewhere."""
    steps, other = step_answers(transcript)
    said = " ".join(steps + other)
    slot = (slots or {}).get("milestones")
    if slot and not steps and speech.clean(slot) not in speech.clean(said):
        steps.append(slot)  # pre-work or a shared answer the transcript does not hold
    found: list[Commitment] = []
    for text in steps:
        bare = only_a_date(speech.clean(text), today)
        undated = [c for c in found if c.due is None]
        if bare and undated:  # "By when?" "Next quarter.": the date belongs to the step just named
            c = undated[-1]
            c.due, c.phrase, c.said_due = business_day(bare.due, today), bare.phrase, bare.due
            continue
        found += read_commitments(text, today, True)
    for text in other:
        found += read_commitments(text, today, False)
    unique: list[Commitment] = []
    for c in found:
        twin = next((u for u in unique if _same(u, c)), None)
        if twin is None:
            unique.append(c)
        elif twin.due is None and c.due is not None:
            unique[unique.index(twin)] = c  # the restatement that names a date says more
    return unique


def _same(a: Commitment, b: Commitment) -> bool:
    """One step said twice: nearly the same words, and no two different dates."""
    if a.due and b.due and a.due != b.due:
        return False
    words = lambda c: speech.clean(c.text).lower().replace(c.phrase.lower() if c.phrase else "\0", " ")  # noqa: E731
    return SequenceMatcher(None, words(a), words(b)).ratio() >= SAME_STEP


def measure_for(text: str, due: date) -> str:
    """A way to tell a step is done when the PM named none, fitted to what the step does."""
    t, when = text.lower(), f"{due:%d %B %Y}".lstrip("0")
    if re.search(r"\bpresent|\bdemo|\bpitch|\btalk at|\bspeak", t):
        return f"Presented by {when}, with the slides or notes and the audience's questions shared with my manager."
    if re.search(r"\bship|\blaunch|\brelease|\broll out|\bgo live", t):
        return f"Live for users by {when}, with a short note on how it is doing."
    if re.search(r"\bwrite|\bdraft|\bdocument|\bpublish|\bproposal|\bmemo", t):
        return f"Written and shared with the people it is for by {when}."
    if re.search(r"\bmentor|\bcoach|\bhire|\binterview", t):
        return f"Under way by {when}, with each session or interview noted."
    if re.search(r"\blead|\brun|\bown|\borgani[sz]e|\bhost", t):
        return f"Run end to end by {when}, with the outcome written up for my manager."
    return f"Finished by {when} and walked through with my manager, with what came of it."
