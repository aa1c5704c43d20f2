"""Signposts: the words a PM uses to say which question a stretch of an answer is about.

"People-wise, ...", "As for the company, ...", "Experiences: ...", "Quick fix on people first":
someone answering several things in one message often names each part. The nouns for the parts
of the conversation and the ways of leading with them are a closed class, so the grammar is
read here; what each part says is still read by the reader's heads.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from assistant.interview.corpus import CLOSES_SENTENCE

# The conversation's own nouns for its parts, each with the slot it names.
NOUNS: dict[str, str] = {
    r"(?:job\s+)?titles?|roles?": "title",
    r"compan(?:y|ies)|employers?|org(?:ani[sz]ation)?s?|firms?": "company",
    r"locations?|places?|cit(?:y|ies)|where": "location",
    r"people|team(?:mates)?|colleagues|crew|who": "people",
    r"experiences?": "experiences",
    r"strengths?": "strengths",
    r"interests?": "interests",
    r"milestones?": "milestones",
}
_NOUN = "(?:" + "|".join(f"(?:{rx})" for rx in NOUNS) + ")"
# Words people put in front of a signpost ("And, as for people", "Okay, company-wise").
_LEAD = r"^\W*(?:(?:and|so|ok(?:ay)?|right|then|now|also|oh|sorry|quick(?:ly)?|finally|lastly|first|for|"\
        r"next|well|anyway)\W+)*"
# Ways of leading with a part's name. Each leaves the rest of the clause as what is said of it.
LEADS = re.compile(
    _LEAD + r"(?:"
    rf"(?P<wise>{_NOUN})[\s-]wise\b|"
    rf"as\s+(?:for|to|regards)\s+(?:the\s+|my\s+)?(?P<asfor>{_NOUN})\b|"
    rf"(?:on|re|regarding|about)\s+(?:the\s+)?(?P<on>{_NOUN})(?:\s+(?:front|side|question|bit|part|one))?\s*[,:—-]|"
    rf"(?P<colon>{_NOUN})\s*:"
    r")\W*", re.I)
# A clause led by one word and a colon ("Horizon: I own the roadmap").
COLON_LABEL = re.compile(_LEAD + r"([A-Za-z]+)\s*:\s*(?=\w)")
# Going back to fix an earlier part: "quick fix on people", "I want to correct the company",
# "change my answer about the city", "back to people for a second".
CORRECTS = re.compile(
    rf"\b(?:correct(?:ion)?|amend|revise)\w*\s+(?:on\s+|to\s+|of\s+)?(?:the\s+|my\s+)?"
    rf"(?:answer\s+(?:on|about|for|to)\s+(?:the\s+)?)?(?P<fixed>{_NOUN})\b|"
    rf"\bfix\s+(?:on|to)\s+(?:the\s+|my\s+)?(?P<fixon>{_NOUN})\b|"
    rf"\b(?:change|update)\s+(?:my|the)\s+answer\s+(?:on|about|for|to)\s+(?:the\s+)?(?P<answer>{_NOUN})\b|"
    rf"\b(?:go(?:ing)?\s+)?back\s+to\s+(?:the\s+)?(?P<back>{_NOUN})\b", re.I)
# Going back to something said before by what it was, not by our name for it: "scratch the
# pros from before", "scrap Bath from before", "what I said about the bank is wrong". The verbs
# of striking out are a closed class; which earlier answer they strike is found in the record.
STRUCK = re.compile(
    # The verb leads its clause, as an imperative does ("Oh, and scrap Bath"): "cut scrap rate
    # from 12% to 4%" strikes nothing.
    r"^\W*(?:(?:and|oh|also|actually|right|so|sorry|wait|ok(?:ay)?|correction|but|please|hmm|no|"
    r"let\s+me|let's|you\s+can|can\s+you|I'd|I\s+want\s+to|I'll)\W+)*"
    r"(?:scratch|scrap|strike|forget|ignore|disregard|cross\s+out|take\s+back)\s+"
    r"(?:what\s+I\s+said\s+(?:about|on|for)\s+)?(?P<what>[^,:;.!?—]{2,40}?)"
    r"(?:\s+(?:from\s+)?(?:before|earlier|above|I\s+said|I\s+gave))?\s*(?=[,:;.!?—]|$)|"
    r"\bwhat\s+I\s+said\s+(?:about|on|for)\s+(?P<said>[^,:;.!?—]{2,40}?)\s+(?:is|was)\s+"
    r"(?:wrong|not\s+right|off|a\s+mistake)\b|"
    r"\bI\s+was\s+wrong\s+about\s+(?P<wrong>[^,:;.!?—]{2,40}?)\s*(?=[,:;.!?—]|$)", re.I)
# "it'd be beginners", "I mean a legal-tech scale-up": the words that bring the new answer in.
BRINGS_IN = re.compile(r"^\W*(?:I\s+mean[t]?|it(?:'d|\s+would|'s|\s+is|\s+should)\s+be|"
                       r"make\s+(?:that|it)|rather|instead)\b\W*", re.I)
_STOP_WORDS = {"the", "a", "an", "my", "that", "this", "bit", "part", "thing", "one", "answer", "about",
               "what", "said", "before", "earlier", "whole", "stuff", "idea"}


def struck_slot(what: str, record: Mapping[str, str]) -> str | None:
    """The earlier answer a strike-out names: by our noun for it ("the company bit"), or by a
    word of what is on record ("the pros" for "Professional actors", "Bath" for Bath)."""
    words = [w for w in re.findall(r"[A-Za-zÀ-ÿ'-]+", what.lower()) if w not in _STOP_WORDS]
    for w in words:
        named = _slot_of(w)
        if named:
            return named
    stems = words + [re.sub(r"(?:'s|s)$", "", w) for w in words]
    for slot, value in record.items():
        said = re.findall(r"[a-zà-ÿ'-]+", (value or "").lower())
        if any(len(stem) >= 3 and any(v == stem or (len(v) >= 6 and v.startswith(stem))
                                      or (len(v) >= 4 and stem.startswith(v)) for v in said)
               for stem in stems):
            return slot
    return None


# "Before people, ...", "before company:": what follows is about something else first.
BEFORE = re.compile(rf"^\W*(?:\w+\W+)?before\s+(?:the\s+)?{_NOUN}\b", re.I)
# "Plainly: puzzle editor", "Short answer: park ranger": a few words of lead-in, then the answer.
LED_BY_COLON = re.compile(r"^\W*(?:\w+\W+){0,3}?\w+\s*:\s*(?=\w)")
# "Not a big medtech group: a small clinic network": what is ruled out, then what is meant.
NOT_THIS_BUT = re.compile(r"^\W*not\b[^:;]{1,60}[:;]\s*(?=\w)", re.I)


@dataclass(frozen=True)
class Signpost:
    slot: str | None  # the part this clause belongs to, if a signpost named one
    text: str  # the clause, its signpost taken off
    only_signpost: bool  # nothing but the signpost ("As for people", "I want to correct the company.")
    corrects: bool  # the part was named to be corrected


def _slot_of(noun: str) -> str | None:
    return next((slot for rx, slot in NOUNS.items() if re.fullmatch(rx, noun, re.I)), None)


def read_signposts(parts: list[str], record: Mapping[str, str] | None = None) -> list[Signpost]:
    """Each clause with the part of the conversation a signpost before or in it names. A part
    runs from its signpost to the next one; clauses before any signpost belong to none. A
    strike-out of something on `record` runs to the end of its sentence."""
    # "Three buckets. People: ... Horizon: ... Customers: ...": where the PM labels parts with
    # words of their own, the labels are theirs, not the names of our questions.
    own_labels = any(label and not _slot_of(label.group(1))
                     for label in (COLON_LABEL.match(part) for part in parts))
    out: list[Signpost] = []
    current: str | None = None
    correcting = False
    struck_until_stop = False
    for part in parts:
        fixed = CORRECTS.search(part)
        strike = STRUCK.search(part) if record and not fixed else None
        struck = struck_slot(next(g for g in strike.groups() if g), record) if strike else None
        lead = LEADS.match(part)
        if lead and lead.group("colon") and own_labels:
            lead = None
        before = BEFORE.match(part)
        rest = part
        if before and not fixed:
            current, correcting = None, False
            rest = part[before.end():]
        elif fixed:
            current = _slot_of(next(g for g in fixed.groups() if g))
            correcting = True
            rest = part[fixed.end():]
        elif struck:
            current, correcting, struck_until_stop = struck, True, True
            rest = part[strike.end():]
        elif lead:
            current = _slot_of(next(g for g in lead.groups() if g))
            correcting = False
            rest = part[lead.end():]
        rest = rest.strip(" ,;:.!-—")
        words = re.findall(r"[A-Za-zÀ-ÿ']+", rest)
        # "Quick fix on people first", "I want to correct the company.": a signpost with no words
        # of its own left but fillers.
        posted = bool(before or fixed or lead or struck)
        bare = posted and not [w for w in words if w.lower() not in FILLERS]
        said = rest if posted else part
        if current:
            # Under a signpost, "I was being flip: I'd want kennel owners..." and "Not a big
            # medtech group: a small clinic network": the words after the colon are the answer.
            said = LED_BY_COLON.sub("", NOT_THIS_BUT.sub("", said)) or said
            if correcting:
                said = BRINGS_IN.sub("", said) or said
        out.append(Signpost(current, said, bare, correcting))
        if struck_until_stop and CLOSES_SENTENCE.search(part):
            # The new answer after a strike-out is said in the same breath; the next sentence
            # is back to the question asked.
            current, correcting, struck_until_stop = None, False, False
    return out


FILLERS = {"first", "quickly", "quick", "then", "now", "please", "sorry", "too", "also", "again", "though",
           "actually", "real", "a", "sec", "second", "bit", "for", "the", "i", "want", "to", "need", "let",
           "me", "just", "before", "that", "okay", "ok", "so", "and", "on", "one", "thing"}
