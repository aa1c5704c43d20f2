"""Readers turn an answer into a `Reading`: an LLM chain, or the offline rules."""

from __future__ import annotations

from typing import Protocol

from langchain_core.exceptions import OutputParserException
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage
from pydantic import ValidationError

from assistant.interview import rules
from assistant.interview.reading import Reading
from assistant.interview.stages import SLOT_LABELS
from assistant.interview.state import InterviewState
from assistant.ladder import DIMENSIONS, Ladder
from assistant.prompts import check_inputs, load_prompt


class ModelUnavailable(RuntimeError):
    """The model could not be reached or failed; the PM's words are already saved."""


class Reader(Protocol):
    def read(self, answer: str, state: InterviewState, history: list[tuple[str, str]]) -> Reading: ...


class RulesReader:
    """Offline: transparent phrase rules."""

    def __init__(self, ladder: Ladder) -> None:
        self.ladder = ladder

    def read(self, answer: str, state: InterviewState, history: list[tuple[str, str]]) -> Reading:
        return rules.read_answer(answer, state.asked, self.ladder)


class LLMReader:
    """A structured-output chain; falls back to the rules when the model's output is malformed."""

    def __init__(self, model: BaseChatModel, ladder: Ladder, method: str = "function_calling") -> None:
        self.ladder = ladder
        self.ladder_text = ladder.digest()
        self.fallback = RulesReader(ladder)
        structured = model.with_structured_output(Reading, method=method)
        self.chain = load_prompt("reader") | structured

    def read(self, answer: str, state: InterviewState, history: list[tuple[str, str]]) -> Reading:
        inputs = check_inputs("reader", {
            "ladder": self.ladder_text,
            "history": as_messages(history),
            "asked": SLOT_LABELS.get(state.asked or "", "the opening question"),
            "current_role": state.current_title or "not given",
            "target": state.target_title or "not given yet",
            "answer": answer,
        })
        try:
            reading = self.chain.invoke(inputs)
        except (OutputParserException, ValidationError):
            reading = None
        except Exception as exc:  # noqa: BLE001 - any transport or provider failure
            raise ModelUnavailable(describe_failure(exc)) from exc
        if not isinstance(reading, Reading):
            fallback = self.fallback.read(answer, state, history)
            return fallback.model_copy(update={"source": "rules-fallback"})
        return self._grounded(reading, answer)

    def _grounded(self, reading: Reading, answer: str) -> Reading:
        """Keep only what the answer supports: verbatim evidence, known dimensions."""
        flat = " ".join(answer.split()).lower()
        evidence = [e for e in reading.strength_evidence if " ".join(e.split()).lower() in flat]
        covered = [d for d in reading.covered_dimensions if d in DIMENSIONS]
        return reading.model_copy(update={
            "strength_evidence": evidence, "covered_dimensions": covered, "source": "llm",
        })


def as_messages(history: list[tuple[str, str]]) -> list[BaseMessage]:
    """(role, text) pairs as chat messages; the PM is the human side."""
    return [HumanMessage(text) if role == "pm" else AIMessage(text) for role, text in history]


def describe_failure(exc: Exception) -> str:
    """A plain sentence for a model failure, without a traceback."""
    name = type(exc).__name__
    if "Timeout" in name:
        return "The model took too long to answer."
    if "Authentication" in name or "PermissionDenied" in name:
        return "The model server refused the API key."
    if "RateLimit" in name:
        return "The model is rate-limited right now."
    if "Connection" in name:
        return "The model server could not be reached."
    if "NotFound" in name:
        return "The model server does not know that model name."
    return f"The model failed ({name})."
