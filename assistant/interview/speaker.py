"""Speakers phrase a move as one short message, streamed: an LLM chain, or the phrasebook."""

from __future__ import annotations

import json
import re
from typing import Iterator, Protocol

from langchain_core.language_models import BaseChatModel

from assistant.interview.reader import ModelUnavailable, as_messages, describe_failure
from assistant.interview.stages import SLOT_LABELS
from assistant.interview.state import InterviewState, Move
from assistant.ladder import Ladder
from assistant.prompts import check_inputs, load_prompt


class Speaker(Protocol):
    def stream(self, move: Move, state: InterviewState, history: list[tuple[str, str]],
               last_answer: str | None, question_back: str | None = None) -> Iterator[str]: ...


class LLMSpeaker:
    """Streams the model's phrasing of a move, holding it to one question."""

    def __init__(self, model: BaseChatModel, ladder: Ladder) -> None:
        self.ladder = ladder
        self.prompt = load_prompt("speaker")
        self.ladder_text = ladder.digest()
        self.model = model

    def inputs(self, move: Move, state: InterviewState, history: list[tuple[str, str]],
               question_back: str | None = None) -> dict:
        nxt = self.ladder.by_rank(state.current_rank + 1) if state.current_rank is not None else None
        known = {SLOT_LABELS[k]: v for k, v in state.slots.items()}
        return check_inputs("speaker", {
            "ladder": self.ladder_text,
            "history": as_messages(history),
            "move": move.kind.value,
            "slot": f"{move.slot} ({SLOT_LABELS[move.slot]})" if move.slot else "none",
            "horizon": f"{move.horizon_years:g}",
            "target": state.target_title or "not given",
            "gaps": "; ".join(f"{g.label}: {g.text}" for g in move.gaps) or "none",
            "evidence": "; ".join(f'"{e}"' for e in move.evidence) or "none",
            "next_level": (f"{nxt.title}: {nxt.expectation(nxt.focus[0])}" if nxt and nxt.focus else "unknown"),
            "question_back": question_back or "none",
            "known": json.dumps(known, ensure_ascii=False) if known else "nothing yet",
        })

    def stream(self, move: Move, state: InterviewState, history: list[tuple[str, str]],
               last_answer: str | None, question_back: str | None = None) -> Iterator[str]:
        # Format once, then stream the model itself: running each streamed token through a
        # prompt|model|parser sequence costs more than the rest of the engine's turn.
        messages = self.prompt.invoke(self.inputs(move, state, history, question_back))
        chunks = (chunk.text for chunk in self.model.stream(messages))
        try:
            yield from one_question(chunks)
        except ModelUnavailable:
            raise
        except Exception as exc:  # noqa: BLE001 - transport or provider failure mid-stream
            raise ModelUnavailable(describe_failure(exc)) from exc


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
