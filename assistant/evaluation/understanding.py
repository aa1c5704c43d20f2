"""Metrics that can see misunderstanding, scored against each persona's ground truth.

Pushes count from the first resistance the persona really expressed (not from the first
back_off the interviewer happened to make); slot accuracy compares what is stored with what the
PM said (not whether anything is stored).
"""

from __future__ import annotations

import re

from assistant.evaluation.cases import Case, SlotPattern
from assistant.interview.stages import VISION_SLOTS

LONG_HORIZON = re.compile(
    r"\b(five|5|ten|10)[- ]?(years?|yrs?)\b|\blong[- ](term|run|view|horizon)\b|"
    r"\byears? from now\b|\bin \d+ years\b|\bfurther (out|ahead)\b", re.I)
SETS_ASIDE = re.compile(r"\b(aside|instead|rather than|skip|leave|leaving|not now|no need|parked?)\b", re.I)
SENTENCE = re.compile(r"[^.!?\n]*[.!?]+|[^.!?\n]+$")
PUSH_MOVES = {"back_off", "reflect_potential", "offer_gaps"}
PASTE_WORDS = 5


def pm_indices(transcript: list[dict]) -> list[int]:
    return [i for i, m in enumerate(transcript) if m.get("role") == "pm"]


def resistance_index(case: Case, transcript: list[dict]) -> int | None:
    """Transcript index of the PM message where the ground truth says resistance first appears."""
    at = case.expect.resistance_at
    if at is None:
        return None
    pms = pm_indices(transcript)
    if isinstance(at, int):
        return pms[at] if at < len(pms) else None
    for i in pms:
        truth = transcript[i].get("truth") or {}
        if truth.get("kind") == "reply" and truth.get("slot") == at:
            return i
    return None


def pushes_long_horizon(text: str) -> bool:
    """A question sentence that brings the long horizon back without setting it aside."""
    return any("?" in s and LONG_HORIZON.search(s) and not SETS_ASIDE.search(s)
               for s in SENTENCE.findall(text))


def pushes_after(transcript: list[dict], start: int | None) -> int:
    """Assistant messages after the PM resisted that bring the long view or a push back."""
    if start is None:
        return 0
    pushes, backed_off = 0, False
    for m in transcript[start + 1:]:
        if m.get("role") != "assistant":
            if m.get("intent") == "reopen_horizon":
                break  # the PM reopened it themselves
            continue
        move = m.get("move")
        if move == "clarify":
            continue  # one kind check question ("not now, or not sure?") sets nothing in motion
        if move == "back_off" and not backed_off:
            backed_off = True
            continue
        if move in PUSH_MOVES or m.get("slot") in VISION_SLOTS or pushes_long_horizon(m.get("text", "")):
            pushes += 1
    return pushes


def false_back_offs(transcript: list[dict], start: int | None) -> int:
    """Back-offs before the PM resisted, or for a PM who never did."""
    return sum(1 for i, m in enumerate(transcript)
               if m.get("move") == "back_off" and (start is None or i < start))


def backed_off_in_time(transcript: list[dict], start: int | None) -> bool | None:
    """The back-off comes in reply to the resistance, or right after one kind check question."""
    if start is None:
        return None
    replies = [m for m in transcript[start + 1:] if m.get("role") == "assistant"][:2]
    if replies and replies[0].get("move") == "back_off":
        return True
    return len(replies) == 2 and replies[0].get("move") == "clarify" and replies[1].get("move") == "back_off"


def slot_matches(value: str | None, rule, slot: str) -> bool:
    if rule is None:
        return not value
    if not value:
        return False
    limit = 12 if slot in VISION_SLOTS else 40
    if len(value.split()) > limit:
        return False
    if isinstance(rule, SlotPattern):
        return re.search(rule.regex, value, re.I) is not None
    return any(option.lower() in value.lower() for option in rule)


def slot_accuracy(case: Case, state: dict) -> tuple[float | None, list[str]]:
    """Share of expected slot contents found, and the misses (for the notes)."""
    expected = case.expect.slots
    if not expected:
        return None, []
    slots = state.get("slots") or {}
    misses = [f"{slot}={slots.get(slot)!r}" for slot, rule in expected.items()
              if not slot_matches(slots.get(slot), rule, slot)]
    return 1 - len(misses) / len(expected), misses


def asked_again(case: Case, transcript: list[dict]) -> int:
    """Questions about a part of the five-year picture (title, company, place, people) the PM
    had already volunteered while answering another question, by the ground truth's expected
    content; scored on adaptive personas only. Later stages share words by nature ("billing"
    in an interest and in a milestone) and each is asked on purpose, so they are not counted."""
    count = 0
    for i, m in enumerate(transcript):
        slot = m.get("slot")
        if m.get("role") != "assistant" or m.get("move") not in ("ask", "advance") or not slot:
            continue
        if slot not in VISION_SLOTS:
            continue
        rule = case.expect.slots.get(slot)
        if not rule:
            continue
        volunteered = [t.get("text", "") for t in transcript[:i] if t.get("role") == "pm"
                       and (t.get("truth") or {}).get("slot") not in (None, slot)]
        count += any(slot_matches(text, rule, "experiences") for text in volunteered)
    return count


def pasted(transcript: list[dict]) -> int:
    """Assistant questions that carry five or more words in a row from what the PM typed."""
    count, seen = 0, []
    for m in transcript:
        if m.get("role") == "pm":
            words = re.findall(r"[\w']+", m.get("text", "").lower())
            seen.extend(" ".join(words[k:k + PASTE_WORDS]) for k in range(len(words) - PASTE_WORDS + 1))
            continue
        if m.get("move") in ("reflect_potential", "wrap_up"):
            continue  # quoting evidence and recapping are meant to use their words
        questions = " ".join(s for s in SENTENCE.findall(m.get("text", "")) if "?" in s)
        flat = " ".join(re.findall(r"[\w']+", questions.lower()))
        count += any(gram and gram in flat for gram in seen)
    return count


def questions_answered(case: Case, transcript: list[dict]) -> float | None:
    """Share of the PM's real questions (by ground truth) whose reply answered them."""
    at = case.expect.question_back_at
    if at is None:
        return None
    pms = pm_indices(transcript)
    targets = [pms[at]] if isinstance(at, int) and at < len(pms) else [
        i for i in pms if (transcript[i].get("truth") or {}).get("slot") == at
        and (transcript[i].get("truth") or {}).get("kind") == "reply"]
    if not targets:
        return 0.0
    answered = sum(1 for i in targets if i + 1 < len(transcript) and transcript[i + 1].get("answered"))
    return answered / len(targets)


def repeated_questions(transcript: list[dict]) -> int:
    """Question sentences said word for word in two assistant messages."""
    seen, count = set(), 0
    for m in transcript:
        if m.get("role") != "assistant":
            continue
        for sentence in (s.strip() for s in SENTENCE.findall(m.get("text", "")) if "?" in s):
            count += sentence in seen
            seen.add(sentence)
    return count

