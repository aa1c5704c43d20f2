"""A scripted chat model for tests: answers text or structured output, and records every call."""

from __future__ import annotations

import threading
from typing import Any, Iterator

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import BaseModel, ConfigDict, PrivateAttr

from assistant.evaluation.scripted import stream_message


class ScriptedChat(GenericFakeChatModel):
    """Scripted replies: a string (text) or a function of the call's messages returning one, a pydantic model or dict (returned as a tool call, which
    is how structured output arrives), or an exception instance (raised, to simulate an outage).

    A structured call takes the first remaining model/dict, a text call the first remaining
    string; an exception is taken by whichever call reaches it first. Routing by kind keeps
    scripts deterministic when the engine overlaps the reader and speaker calls on two threads."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    messages: Iterator[Any] = iter(())
    script: list[Any] = []
    _calls: list[list[BaseMessage]] = PrivateAttr(default_factory=list)
    _kinds: list[str] = PrivateAttr(default_factory=list)
    _tools: list[Any] = PrivateAttr(default_factory=list)
    _pending: list[Any] = PrivateAttr(default_factory=list)
    _lock: Any = PrivateAttr(default_factory=threading.Lock)

    def model_post_init(self, __context: Any) -> None:
        self._pending = list(self.script)

    @property
    def calls(self) -> list[list[BaseMessage]]:
        return self._calls

    @property
    def kinds(self) -> list[str]:
        """'structured' or 'text' for each call, in call order."""
        return self._kinds

    @property
    def remaining(self) -> list[Any]:
        return list(self._pending)

    def bind_tools(self, tools, **kwargs):  # structured output binds the schema as a tool
        self._tools = list(tools)
        return self.bind(scripted_structured=True)

    def _take(self, structured: bool) -> Any:
        for i, item in enumerate(self._pending):
            wanted = (BaseModel, dict) if structured else str
            text_fn = callable(item) and not structured and not isinstance(item, (BaseModel, type))
            if isinstance(item, BaseException) or isinstance(item, wanted) or text_fn:
                return self._pending.pop(i)
        kind = "structured" if structured else "text"
        raise AssertionError(f"ScriptedChat ran out of scripted {kind} replies")

    def _next(self, messages: list[BaseMessage], structured: bool) -> AIMessage:
        with self._lock:
            self._calls.append(list(messages))
            self._kinds.append("structured" if structured else "text")
            reply = self._take(structured)
        if isinstance(reply, BaseException):
            raise reply
        if callable(reply) and not isinstance(reply, (BaseModel, dict)):
            reply = reply(messages)
        if isinstance(reply, (BaseModel, dict)):
            args = reply.model_dump() if isinstance(reply, BaseModel) else reply
            name = self._tools[0].__name__ if self._tools and hasattr(self._tools[0], "__name__") else "Reading"
            return AIMessage(content="", tool_calls=[{"name": name, "args": args, "id": f"call_{len(self._calls)}"}])
        return AIMessage(content=str(reply))

    def _generate(self, messages: list[BaseMessage], stop=None,
                  run_manager: CallbackManagerForLLMRun | None = None, **kwargs: Any) -> ChatResult:
        structured = bool(kwargs.get("scripted_structured"))
        return ChatResult(generations=[ChatGeneration(message=self._next(messages, structured))])

    def _stream(self, messages: list[BaseMessage], stop=None,
                run_manager: CallbackManagerForLLMRun | None = None, **kwargs: Any
                ) -> Iterator[ChatGenerationChunk]:
        yield from stream_message(self._next(messages, bool(kwargs.get("scripted_structured"))))

    @property
    def _llm_type(self) -> str:
        return "scripted-chat"
