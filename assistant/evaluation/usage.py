"""Counting model calls and tokens across everything a block of code does."""

from __future__ import annotations

import threading
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, Iterator

from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.messages import BaseMessage
from langchain_core.tracers.context import register_configure_hook


@dataclass
class Call:
    """One chat-model call: its prompt, what came back, and the provider's token counts if sent."""

    prompt: list[BaseMessage]
    output: str = ""
    input_tokens: int | None = None
    output_tokens: int | None = None


@dataclass(eq=False)
class Meter(BaseCallbackHandler):
    calls: list[Call] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__()
        self._lock = threading.Lock()
        self._open: dict[Any, Call] = {}

    def on_chat_model_start(self, serialized, messages, *, run_id, **kwargs) -> None:
        call = Call(prompt=list(messages[0]) if messages else [])
        with self._lock:
            self.calls.append(call)
            self._open[run_id] = call

    def on_llm_new_token(self, token: str, *, run_id, **kwargs) -> None:
        call = self._open.get(run_id)
        if call is not None:
            call.output += token

    def on_llm_end(self, response, *, run_id, **kwargs) -> None:
        call = self._open.pop(run_id, None)
        if call is None:
            return
        try:
            message = response.generations[0][0].message
        except (IndexError, AttributeError):
            return
        if not call.output:
            call.output = str(message.content or "") + "".join(
                str(t.get("args")) for t in getattr(message, "tool_calls", []) or [])
        usage = getattr(message, "usage_metadata", None)
        if usage:
            call.input_tokens, call.output_tokens = usage.get("input_tokens"), usage.get("output_tokens")

    def totals(self) -> dict:
        return {
            "calls": len(self.calls),
            "input_tokens": sum(c.input_tokens or 0 for c in self.calls),
            "output_tokens": sum(c.output_tokens or 0 for c in self.calls),
        }


_active: ContextVar[Meter | None] = ContextVar("nextstep_meter", default=None)
register_configure_hook(_active, inheritable=True)


@contextmanager
def metering(*models: Any) -> Iterator[Meter]:
    """Every chat-model call made inside the block is recorded on the yielded meter.

    Calls on threads the block starts itself (the speaker's prefetch) do not inherit the
    context, so the meter is also attached to each model given."""
    meter = Meter()
    token = _active.set(meter)
    attached = []
    for model in models:
        if model is not None and hasattr(model, "callbacks"):
            before = model.callbacks
            model.callbacks = [*(before or []), meter]
            attached.append((model, before))
    try:
        yield meter
    finally:
        _active.reset(token)
        for model, before in attached:
            model.callbacks = before


def cost(model: str, input_tokens: int, output_tokens: int, prices: dict) -> float | None:
    """USD for the tokens at the settings' price per million, or None for an unpriced model."""
    name = model.split(":", 1)[-1]
    if name not in prices:
        return None
    per_in, per_out = prices[name]
    return (input_tokens * per_in + output_tokens * per_out) / 1_000_000
