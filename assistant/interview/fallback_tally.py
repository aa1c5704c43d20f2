"""The tally of fallbacks: per conversation, how often the model's readings and messages were
used as they came, merged with the offline path or replaced by it, with time and tokens per
step. It is what the replay JSON, the scorecard and the app's "checked" note report.
"""

from __future__ import annotations

import threading
import weakref
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assistant.interview.message_guard import MessageVerdict

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
