"""Readers turn an answer into a `Reading`: an LLM chain, or the offline rules."""

from __future__ import annotations

import json
import time
from typing import Protocol

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage

from assistant.interview import rules
from assistant.interview.guards import ModelReading, count_tokens, guard_reading, tally_for
from assistant.interview.reading import Reading
from assistant.interview.stages import SLOT_LABELS
from assistant.interview.state import InterviewState
from assistant.ladder import DIMENSIONS, Ladder
from assistant.models import (ModelUnavailable, call_limits, describe_failure,  # noqa: F401 - re-exported
                              method_for, structured_call)
from assistant.prompts import check_inputs, load_prompt
from assistant.settings import Settings, get_settings


class Reader(Protocol):
    def read(self, answer: str, state: InterviewState, history: list[tuple[str, str]]) -> Reading: ...


class RulesReader:
    """Offline: transparent phrase rules."""

    def __init__(self, ladder: Ladder) -> None:
        self.ladder = ladder

    def read(self, answer: str, state: InterviewState, history: list[tuple[str, str]]) -> Reading:
        return rules.read_answer(answer, state.asked, self.ladder)


def offline_reader(ladder: Ladder) -> Reader:
    """The trained offline reader when it is installed and loads; the phrase rules otherwise."""
    try:
        from assistant.interview.offline_reader import OfflineReader

        return OfflineReader(ladder)
    except Exception:  # noqa: BLE001 - not landed yet, or its model file is missing
        return RulesReader(ladder)


class LLMReader:
    """A structured-output call whose reading is checked against the offline reader's, field by
    field (see guards.py); a malformed or empty reading falls back to the offline one."""

    def __init__(self, model: BaseChatModel, ladder: Ladder, method: str | None = None,
                 settings: Settings | None = None) -> None:
        settings = settings or get_settings()
        if method and method != settings.structured_method:
            settings = settings.model_copy(update={"structured_method": method})
        self.model, self.ladder, self.settings = model, ladder, settings
        self.fallback = offline_reader(ladder)
        self.prompt = load_prompt("reader")
        self.tally = tally_for(model)
        self.last_replaced: list[str] = []

    def inputs(self, answer: str, state: InterviewState, history: list[tuple[str, str]]) -> dict:
        return check_inputs("reader", {
            "ladder": level_digest(self.ladder, state),
            "history": as_messages(window(history, self.settings.history_window)),
            "asked": SLOT_LABELS.get(state.asked or "", "the opening question"),
            "current_role": state.current_title or "not given",
            "target": state.target_title or "not given yet",
            "answer": answer,
        })

    def read(self, answer: str, state: InterviewState, history: list[tuple[str, str]]) -> Reading:
        started = time.monotonic()
        try:
            offline = self.fallback.read(answer, state, history)
        except Exception:  # noqa: BLE001 - the trained reader failing must not cost the PM a turn
            offline = RulesReader(self.ladder).read(answer, state, history)
        messages = self.prompt.invoke(self.inputs(answer, state, history)).to_messages()
        try:
            method = method_for(self.model, self.settings)
            self.tally.method = method
            budget = self.settings.step_budget - (time.monotonic() - started)
            limits = {**call_limits(self.model, self.settings, "reader"), "timeout": max(1.0, budget)}
            record, reply = structured_call(self.model, ModelReading, messages, method, limits)
        except ModelUnavailable:
            self.tally.reading("error", [])
            raise
        finally:
            self.tally.timed("reader", time.monotonic() - started)
        record_usage(self.tally, "reader", messages, reply, time.monotonic() - started)
        reading, self.last_replaced = guard_reading(record, offline, answer, self.ladder)
        self.tally.reading(reading.source, self.last_replaced)
        return reading


def level_digest(ladder: Ladder, state: InterviewState) -> str:
    """The ladder's level ids, and what the level that matters now expects: the target, else the
    level above today's. The whole ladder made prompts of 5,000 tokens that small servers choke on."""
    rank = state.target_rank
    if rank is None and state.current_rank is not None:
        rank = state.current_rank + 1
    level = ladder.by_rank(rank)
    lines = ["Levels (id = title): " + "; ".join(f"{lv.id} = {lv.title}" for lv in ladder.levels) + "."]
    if level is not None:
        lines.append(f"What {level.title} ({level.id}) expects:")
        lines += [f"- {ladder.dimensions[d].label}: {level.expectation(d)}" for d in DIMENSIONS]
    return "\n".join(lines)


def window(history: list[tuple[str, str]], size: int) -> list[tuple[str, str]]:
    """The last `size` messages; the state already holds what older ones established."""
    return history[-size:] if size > 0 else []


def record_usage(tally, step: str, messages: list[BaseMessage], reply, seconds: float | None) -> None:
    """Tokens the server reported for a call, or a tokenizer's estimate when it sent none."""
    usage = getattr(reply, "usage_metadata", None)
    if usage and usage.get("output_tokens"):
        tally.used(step, usage.get("input_tokens", 0), usage["output_tokens"], False, seconds)
        return
    prompt = "\n".join(str(m.content) for m in messages)
    output = str(getattr(reply, "content", "") or "") + "".join(
        json.dumps(c.get("args")) for c in getattr(reply, "tool_calls", None) or [])
    tally.used(step, count_tokens(prompt)[0], count_tokens(output)[0], True, seconds)


def as_messages(history: list[tuple[str, str]]) -> list[BaseMessage]:
    """(role, text) pairs as chat messages; the PM is the human side."""
    return [HumanMessage(text) if role == "pm" else AIMessage(text) for role, text in history]
