"""The reading guard: a model's reading of an answer is checked field by field against the
offline reader's before it counts.

A small model fills a schema with whatever satisfies it ({"answers_question": true}) and misses
a "not now" or a stop; what the offline reader finds there counts when the model is silent on it,
a plain disagreement about "not now" becomes a check question instead of either reader winning,
values the answer does not support are dropped, and every field taken from the offline reading is
named so the tally can count it.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, Field, ValidationError, create_model

from assistant.interview.grounding import flat, grounded
from assistant.interview.reading import Reading, SlotValues
from assistant.ladder import DIMENSIONS, Ladder

# Fields the model never sees: the application sets them.
INTERNAL = ("source", "confidence", "doubt")
# What the offline reader finds here counts unless the model clearly says otherwise: missing a
# stop or a "not now" hurts a person.
FLOOR_FLAGS = ("resistance", "end_requested", "skip")
# Flags that end or close something; on the model's word alone they become a doubt to check.
CHECK_FIRST = ("end_requested", "skip")
# Flags where the two readers disagreeing, either way, is a doubt to check: backing off wrongly
# sets the long view aside for good, and pushing past a real "not now" hurts, so one kind check
# question ("not now, or not sure yet?") costs less than either reader being wrong.
DISPUTED = ("resistance",)
# Questions nobody expects an answer to ("who knows?", "why not?", "..., right?"): the only ones
# that give way to a model reading no question back (see _question_back). A tag counts only as the
# whole question or after a comma, so "am I doing it right?" stays a question.
RHETORICAL = re.compile(
    r"(^|,\s*)(who knows|who cares|why not|what can you do|go figure|how hard can it be|"
    r"you know|right|isn'?t it|no)\s*[?!.]*$", re.I)
SENSITIVE_LABELS = ("health", "family", "other")


def _nullable(model: type[BaseModel], name: str, doc: str, overrides: dict | None = None) -> type[BaseModel]:
    """A copy of `model` with every field required but nullable and the internal ones left out:
    required keys make a grammar-constrained server emit every field, not just the first."""
    fields: dict[str, Any] = {}
    for key, info in model.model_fields.items():
        if key in INTERNAL:
            continue
        annotation = (overrides or {}).get(key, info.annotation)
        fields[key] = (annotation | None, Field(..., description=info.description))
    return create_model(name, __doc__=doc, **fields)


ModelSlots = _nullable(SlotValues, "Slots", "The PM's own words for each slot; null when the answer says nothing about it.")
ModelReading = _nullable(Reading, "Reading", "What one answer from the PM says. Use null for anything it does not say.",
                         {"slots": ModelSlots})


def guard_reading(record: BaseModel | None, offline: Reading, answer: str,
                  ladder: Ladder) -> tuple[Reading, list[str]]:
    """The reading to use and the fields taken from the offline reading (or "malformed"/"empty")."""
    if record is None:
        return offline.model_copy(update={"source": "rules-fallback"}), ["malformed"]
    try:
        return _merged(record.model_dump(), offline, answer, ladder)
    except (ValidationError, TypeError, ValueError):
        # Schema-valid for the model but not a Reading (a later constraint on a field).
        return offline.model_copy(update={"source": "rules-fallback"}), ["malformed"]


def _merged(data: dict, offline: Reading, answer: str, ladder: Ladder) -> tuple[Reading, list[str]]:
    # A plain "no" against the offline reader's "not now" says something: it is the disagreement
    # the doubt below is for, not an empty record.
    disputes = [k for k in DISPUTED if _disputed(k, data, offline)]
    if _says_nothing(data) and _says_something(offline) and not disputes:
        return offline.model_copy(update={"source": "rules-fallback"}), ["empty"]
    mine = _with_defaults(data)
    merged: dict[str, Any] = {}
    for key in Reading.model_fields:
        if key in INTERNAL or key == "slots":
            continue
        merged[key] = _merge_field(key, data.get(key), getattr(offline, key), answer, ladder)
    merged["question_back"] = _question_back(data, offline, merged["question_back"])
    slots = {}
    for key in SlotValues.model_fields:
        value = (data.get("slots") or {}).get(key)
        slots[key] = value if grounded(value, answer) else getattr(offline.slots, key)
    merged["slots"] = SlotValues(**slots)
    doubts = disputes + [k for k in CHECK_FIRST if data.get(k) and not getattr(offline, k)]
    for key in doubts:
        merged[key] = False
    for key in DISPUTED:
        if offline.doubt == key and data.get(key) is not None:
            # The offline reader could not tell; the model's plain answer settles it.
            merged[key] = bool(data[key])
    reading = Reading(**merged, source="llm")
    if doubts:
        reading = reading.model_copy(update={"doubt": doubts[0], "confidence": min(offline.confidence, 0.5)})
    elif offline.doubt and _silent_on(data, offline.doubt):
        # The model said nothing on what the offline reader could not tell apart: still unsure.
        reading = reading.model_copy(update={"doubt": offline.doubt, "confidence": offline.confidence})
    replaced = [r for r in _differences(mine, reading, offline) if r.split(":")[-1] not in doubts]
    replaced += [f"doubted:{k}" for k in doubts]
    if any(":" not in r for r in replaced):
        reading = reading.model_copy(update={"source": "llm+rules"})
    return reading, replaced


def _disputed(key: str, data: dict, offline: Reading) -> bool:
    """Whether the model's plain true or false on `key` contradicts a sure offline reading. A null
    is silence, and leaves the offline reading standing."""
    said = data.get(key)
    return said is not None and offline.doubt != key and bool(said) != bool(getattr(offline, key))


def _question_back(data: dict, offline: Reading, merged: str | None) -> str | None:
    """The question back to answer. A null from the model is ambiguous (no question, or a field it
    did not fill), so the offline reader's question stands, except in one case: the model read the
    answer (it is not silent) and the offline reader's "question" is rhetorical. Answering "who
    knows?" sounds odd; missing a real question is worse, so any question that could be meant
    (about the role, the ladder, what is normal) stays whatever the model says."""
    if data.get("question_back") is not None or not offline.question_back:
        return merged
    if _says_nothing(data) or not RHETORICAL.search(offline.question_back.strip()):
        return merged
    return None


def _merge_field(key: str, value: Any, fallback: Any, answer: str, ladder: Ladder) -> Any:
    if key in FLOOR_FLAGS:
        return bool(value) or bool(fallback)
    if key == "sensitive":
        said = {str(v).strip().lower() for v in value or []}
        return [s for s in SENSITIVE_LABELS if s in said or s in fallback]
    if value is None or value == []:
        return fallback
    if key == "strength_evidence":
        said = flat(answer)
        kept = [e for e in value if isinstance(e, str) and flat(e) and flat(e) in said]
        return kept or fallback
    if key == "experiences_listed":
        return [e for e in value if grounded(e, answer)] or fallback
    if key == "covered_dimensions":
        return [d for d in value if d in DIMENSIONS] or fallback
    if key in ("target_title", "question_back"):
        return value if grounded(value, answer) else fallback
    if key == "target_level":
        return value if value == "off_ladder" or ladder.by_id(str(value)) else fallback
    if key == "horizon_years":
        return value if 0 < float(value) <= 30 else fallback
    return value


def _silent_on(data: dict, name: str) -> bool:
    if name in SlotValues.model_fields:
        return (data.get("slots") or {}).get(name) is None
    return data.get(name) is None


def _says_nothing(data: dict) -> bool:
    slots = data.get("slots") or {}
    if any(v for v in slots.values()):
        return False
    return not any(v for k, v in data.items() if k not in ("slots", "answers_question", "thin"))


def _says_something(reading: Reading) -> bool:
    return bool(reading.slots.filled() or reading.sensitive or reading.target_title
                or any(getattr(reading, k) for k in FLOOR_FLAGS))


def _with_defaults(data: dict) -> Reading:
    """The model's record as a Reading, nulls as defaults: what it would have said on its own."""
    given = {k: v for k, v in data.items() if v is not None and k != "slots"}
    given.setdefault("answers_question", True)
    slots = {k: v for k, v in (data.get("slots") or {}).items() if v is not None}
    return Reading(**given, slots=SlotValues(**slots))


def _differences(before: Reading, after: Reading, offline: Reading) -> list[str]:
    """Fields whose value is not the model's: taken from the offline reading ("slots.title"),
    or the model's with unsupported parts dropped ("filtered:strength_evidence")."""
    pairs = [(f"slots.{k}", getattr(before.slots, k), getattr(after.slots, k), getattr(offline.slots, k))
             for k in SlotValues.model_fields]
    pairs += [(k, getattr(before, k), getattr(after, k), getattr(offline, k))
              for k in Reading.model_fields if k not in INTERNAL and k != "slots"]
    out = []
    for name, was, now, rules_value in pairs:
        if was == now or (isinstance(now, list) and set(now) == set(was or [])):
            continue
        if isinstance(now, list):
            from_rules = bool(set(now) - set(was or []))
        else:
            from_rules = now == rules_value and now not in (None, False)
        out.append(name if from_rules else f"filtered:{name}")
    return out
