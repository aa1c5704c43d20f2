"""A scripted chat model for tests: answers text or structured output, and records every call."""

from __future__ import annotations

from typing import Any, Iterator

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import BaseModel, ConfigDict, PrivateAttr


class ScriptedChat(GenericFakeChatModel):
    """Each call takes the next scripted reply: a string (text), a pydantic model or dict
    (returned as a tool call, which is how structured output arrives), or an exception
    instance (raised, to simulate an outage)."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    messages: Iterator[Any] = iter(())
    script: list[Any] = []
    _calls: list[list[BaseMessage]] = PrivateAttr(default_factory=list)
    _tools: list[Any] = PrivateAttr(default_factory=list)

    def model_post_init(self, __context: Any) -> None:
        self.messages = iter(list(self.script))

    @property
    def calls(self) -> list[list[BaseMessage]]:
        return self._calls

    def bind_tools(self, tools, **kwargs):  # structured output binds the schema as a tool
        self._tools = list(tools)
        return self

    def _next(self, messages: list[BaseMessage]) -> AIMessage:
        self._calls.append(list(messages))
        try:
            reply = next(self.messages)
        except StopIteration:
            raise AssertionError("ScriptedChat ran out of scripted replies") from None
        if isinstance(reply, BaseException):
            raise reply
        if isinstance(reply, (BaseModel, dict)):
            args = reply.model_dump() if isinstance(reply, BaseModel) else reply
            name = self._tools[0].__name__ if self._tools and hasattr(self._tools[0], "__name__") else "Reading"
            return AIMessage(content="", tool_calls=[{"name": name, "args": args, "id": f"call_{len(self._calls)}"}])
        return AIMessage(content=str(reply))

    def _generate(self, messages: list[BaseMessage], stop=None,
                  run_manager: CallbackManagerForLLMRun | None = None, **kwargs: Any) -> ChatResult:
        return ChatResult(generations=[ChatGeneration(message=self._next(messages))])

    def _stream(self, messages: list[BaseMessage], stop=None,
                run_manager: CallbackManagerForLLMRun | None = None, **kwargs: Any
                ) -> Iterator[ChatGenerationChunk]:
        message = self._next(messages)
        if message.tool_calls:
            yield ChatGenerationChunk(message=AIMessageChunk(content="", tool_call_chunks=[
                {"name": c["name"], "args": __import__("json").dumps(c["args"]), "id": c["id"], "index": 0}
                for c in message.tool_calls]))
            return
        words = str(message.content).split(" ")
        for i, word in enumerate(words):
            yield ChatGenerationChunk(message=AIMessageChunk(content=word if i == 0 else " " + word))

    @property
    def _llm_type(self) -> str:
        return "scripted-chat"
