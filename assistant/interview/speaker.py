"""Speakers phrase a move as one short message, streamed: an LLM chain, or the phrasebook."""

from __future__ import annotations

import time
from typing import Iterator, Protocol

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import BaseMessage

from assistant.interview.guards import (CUT, SLOW, MessageVerdict, guarded, last_question,
                                        message_rules, tally_for)
from assistant.interview.phrasing import PhrasebookSpeaker
from assistant.interview.reader import as_messages, level_digest, record_usage, window
from assistant.interview.stages import SLOT_LABELS
from assistant.interview.state import InterviewState, Move
from assistant.ladder import Ladder
from assistant.models import ModelUnavailable, call_limits, describe_failure, hold_mode
from assistant.prompts import PROMPTS_DIR, check_inputs, load_prompt
from assistant.settings import Settings, get_settings


# What a clarify move is checking, in the words the speaker prompt expects.
CHECKS = {
    "resistance": "check: would they rather not look that far ahead, or are they just not sure yet?",
    "end_requested": "check: would they like to stop here for today? A plain yes will end it.",
    "skip": "check: would they like to leave this question? A plain yes will skip it.",
}


class Speaker(Protocol):
    def stream(self, move: Move, state: InterviewState, history: list[tuple[str, str]],
               last_answer: str | None, question_back: str | None = None) -> Iterator[str]: ...


class LLMSpeaker:
    """Streams the model's phrasing of a move, a checked sentence at a time (guards.py); a message
    that fails a check is completed or replaced from the phrasebook, and counted."""

    def __init__(self, model: BaseChatModel, ladder: Ladder, settings: Settings | None = None) -> None:
        self.model, self.ladder = model, ladder
        self.settings = settings or get_settings()
        self.prompt = load_prompt("speaker")
        self.prompt_text = (PROMPTS_DIR / "speaker.md").read_text(encoding="utf-8")
        self.phrasebook = PhrasebookSpeaker(ladder)
        self.tally = tally_for(model)
        self.last_verdict: MessageVerdict | None = None

    def inputs(self, move: Move, state: InterviewState, history: list[tuple[str, str]],
               question_back: str | None = None) -> dict:
        nxt = self.ladder.by_rank(state.current_rank + 1) if state.current_rank is not None else None
        known = "; ".join(f"{SLOT_LABELS[k]}: {v}" for k, v in state.slots.items())
        return check_inputs("speaker", {
            "history": as_messages(window(history, self.settings.history_window)),
            "move": move.kind.value + (f" ({CHECKS[move.check]})" if move.check in CHECKS else ""),
            "slot": f"{move.slot} ({SLOT_LABELS[move.slot]})" if move.slot else "none",
            "horizon": f"{move.horizon_years:g}",
            "target": state.target_title or "not given",
            "gaps": "; ".join(f"{g.label}: {g.text}" for g in move.gaps) or "none",
            "evidence": "; ".join(f'"{e}"' for e in move.evidence) or "none",
            "next_level": (f"{nxt.title}: {nxt.expectation(nxt.focus[0])}" if nxt and nxt.focus else "unknown"),
            "question_back": question_back or "none",
            "known": known or "nothing yet",
        })

    def stream(self, move: Move, state: InterviewState, history: list[tuple[str, str]],
               last_answer: str | None, question_back: str | None = None) -> Iterator[str]:
        started = time.monotonic()
        inputs = self.inputs(move, state, history, question_back)
        # Format once, then stream the model itself: running each streamed token through a
        # prompt|model|parser sequence costs more than the rest of the engine's turn.
        messages = self.prompt.invoke(inputs).to_messages()
        context = [text for _, text in history] + [str(v) for v in inputs.values() if isinstance(v, str)]
        context += [level_digest(self.ladder, state), self.prompt_text, last_answer or ""]
        rules = message_rules(move.kind.value, move.slot, state.horizon_declined, self.prompt_text,
                              context, [text for role, text in history if role == "assistant"])

        def fallback() -> str:
            return self.phrasebook.compose(move, state, last_answer, question_back)

        verdict = self.last_verdict = MessageVerdict()
        texts = self._texts(messages, started)
        try:
            yield from guarded(texts, rules, fallback, lambda: last_question(fallback()), verdict,
                               hold_mode(self.settings, self.model))
        except ModelUnavailable:
            verdict.outcome = "error"
            raise
        finally:
            self.tally.message(verdict)
            if verdict.outcome != "discarded":
                self.tally.timed("speaker", time.monotonic() - started)

    def _texts(self, messages: list[BaseMessage], started: float) -> Iterator[object]:
        """The model's text as it streams; CUT or SLOW when it hit its token or time budget. A
        stream that closes without saying it finished is an error, never a reply."""
        budget = self.settings.step_budget
        limits = {**call_limits(self.model, self.settings, "speaker"), "timeout": budget}
        parts: list[str] = []
        finish = usage = None
        try:
            for chunk in self.model.stream(messages, **limits):
                finish = chunk.response_metadata.get("finish_reason") or finish
                usage = chunk.usage_metadata or usage
                if chunk.text:
                    parts.append(chunk.text)
                    yield chunk.text
                if time.monotonic() - started > budget:
                    yield SLOW
                    return
        except ModelUnavailable:
            raise
        except Exception as exc:  # noqa: BLE001 - transport or provider failure mid-stream
            raise describe_failure(exc, budget) from exc
        finally:
            reply = _Reply("".join(parts), usage)
            record_usage(self.tally, "speaker", messages, reply, time.monotonic() - started)
        if finish == "length":
            yield CUT
        elif finish is None:
            raise ModelUnavailable("The model's reply stopped before it finished (the stream closed "
                                   "without an end). Nothing was lost; try again.")


class _Reply:
    """The streamed reply as record_usage reads one."""

    def __init__(self, content: str, usage) -> None:
        self.content, self.usage_metadata, self.tool_calls = content, usage, []


def one_question(chunks: Iterator[str]) -> Iterator[str]:
    """Pass text through up to and including the first question mark, then stop the stream."""
    try:
        for chunk in chunks:
            cut = chunk.find("?")
            if cut >= 0:
                yield chunk[: cut + 1]
                return
            yield chunk
    finally:
        close = getattr(chunks, "close", None)
        if close:
            close()


# The sanitiser lives in assistant.markup; re-exported for existing callers.
from assistant.markup import IMAGE, TAG, safe_markdown  # noqa: E402,F401
