"""The chat-model factory: one place that turns a "provider:model" string into a backend,
bounds every call it makes, and says in plain words what went wrong and how to fix it."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage
from pydantic import BaseModel, ValidationError

from assistant.prompts import load_prompt
from assistant.settings import Settings

OLLAMA_URL = "http://localhost:11434/v1"
STEPS = ("reader", "speaker", "draft")


class ModelConfigError(ValueError):
    """A model setting that cannot work, with what to change."""


class ModelUnavailable(RuntimeError):
    """The model could not be reached or failed; the PM's words are already saved.

    `retryable` is False for failures that repeat until someone changes a setting or the server
    (context too long, unsupported output format, unknown model, refused key); the message then
    says what to change, and the app offers the offline rules instead of "Try again"."""

    def __init__(self, message: str, retryable: bool = True) -> None:
        super().__init__(message)
        self.retryable = retryable


@dataclass(frozen=True)
class BackendInfo:
    """Which backend is active, in words for people."""

    kind: str  # "offline" | "openai" | "local"
    model: str
    base_url: str | None

    @property
    def label(self) -> str:
        if self.kind == "offline":
            return "Offline rules (no AI model)"
        if self.kind == "local":
            return f"Local model {self.model} at {self.base_url}"
        return f"OpenAI {self.model}"

    @property
    def how_to_switch(self) -> str:
        return (
            "Set OPENAI_API_KEY to use OpenAI, or NEXTSTEP_MODEL=openai:<model> with "
            "NEXTSTEP_BASE_URL=<url> for Ollama, vLLM or llama.cpp; NEXTSTEP_MODEL=offline for rules."
        )


def backend_info(settings: Settings, model: str | None = None, base_url: str | None = None) -> BackendInfo:
    """Describe the backend a model string and base URL select."""
    spec = model or settings.resolved_model
    if spec == "offline":
        return BackendInfo("offline", "offline", None)
    provider, _, name = spec.partition(":")
    url = base_url or settings.base_url
    if provider == "ollama":
        return BackendInfo("local", name, url or OLLAMA_URL)
    if provider != "openai":
        raise ModelConfigError(
            f"unknown model provider {provider!r} in {spec!r}: use openai:<model>, "
            "ollama:<model> or offline"
        )
    if not name:
        raise ModelConfigError(f"model {spec!r} names no model after 'openai:'")
    return BackendInfo("local" if url else "openai", name, url)


def make_chat_model(settings: Settings, model: str | None = None,
                    base_url: str | None = None) -> BaseChatModel | None:
    """A LangChain chat model for the configured backend, or None for offline."""
    info = backend_info(settings, model, base_url)
    if info.kind == "offline":
        return None
    from langchain_openai import ChatOpenAI

    key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else None
    if info.kind == "openai" and not key:
        raise ModelConfigError(
            f"{info.label} needs OPENAI_API_KEY; or set NEXTSTEP_BASE_URL for a local server, "
            "or NEXTSTEP_MODEL=offline"
        )
    return ChatOpenAI(
        model=info.model,
        base_url=info.base_url,
        # Local servers ignore the key, but the client insists on one.
        api_key=key or "not-needed",
        temperature=settings.temperature,
        timeout=min(settings.request_timeout, settings.step_budget),
        max_retries=settings.max_retries,
        stream_usage=True,
        # A ceiling for every call, including steps that pass no limit of their own.
        max_tokens=settings.max_tokens_draft,
        extra_body={"max_tokens": settings.max_tokens_draft} if info.kind == "local" else None,
    )


def call_limits(model: BaseChatModel, settings: Settings, step: str) -> dict:
    """Keyword arguments that bound one call of `step`: its output tokens, sent both ways.

    ChatOpenAI sends `max_tokens` as `max_completion_tokens`, which llama.cpp's server ignores
    (an abandoned repair ran 7,599 tokens); servers behind a base URL also get `max_tokens`."""
    limit = getattr(settings, f"max_tokens_{step}")
    limits: dict = {"max_tokens": limit}
    if is_local(model):
        limits["extra_body"] = {"max_tokens": limit}
    return limits


def is_local(model: BaseChatModel | None) -> bool:
    """Whether the model is served from a base URL (Ollama, vLLM, llama.cpp) rather than OpenAI."""
    base = str(getattr(model, "openai_api_base", None) or "")
    return bool(base) and "api.openai.com" not in base


def speculate(settings: Settings, model: BaseChatModel | None) -> bool:
    """Whether to start the reply on the rules' guess while the model reads the answer.

    A local server answers one request at a time, so the guess either queues the reading behind
    it or gets cut off by it; hosted models serve both at once."""
    if model is None:
        return False
    if settings.speculative_reply is not None:
        return settings.speculative_reply
    return not is_local(model)


def hold_mode(settings: Settings, model: BaseChatModel | None) -> str:
    """How much of a reply the speaker guard holds back before showing it: a sentence for hosted
    models, whose messages mostly pass; the whole message for local ones, whose first sentences
    are often fine while the rest is not, so a splice with the phrasebook would read oddly."""
    if settings.speaker_hold:
        return settings.speaker_hold
    return "message" if is_local(model) else "sentence"


CONTEXT = re.compile(r"context (length|window|size)|maximum context|exceeds? (the )?(context|n_ctx)|"
                     r"too many tokens|prompt is too long|requested tokens \(\d+\) exceed", re.I)
FORMAT = re.compile(r"response_format|json_schema|json_object|tool_choice|does not support (tools|"
                    r"function)|tools? (is|are) not supported|input should be 'text'", re.I)
MODEL_NAME = re.compile(r"model .{0,60}(not found|does not exist|unknown)|no such model|"
                        r"unknown model|model_not_found", re.I)


def describe_failure(exc: BaseException, timeout: float | None = None) -> ModelUnavailable:
    """A plain sentence for a model failure, with the server's own reason and what to do."""
    if isinstance(exc, ModelUnavailable):
        return exc
    name = type(exc).__name__
    status = getattr(exc, "status_code", None)
    reason = server_reason(exc)
    said = f" (the server said: {reason})" if reason else ""
    if CONTEXT.search(reason) or CONTEXT.search(name):
        return ModelUnavailable(
            f"The conversation no longer fits the model's context window{said}. Start the server "
            "with a larger context (llama.cpp: --n_ctx 8192) or lower NEXTSTEP_HISTORY_WINDOW.", False)
    if FORMAT.search(reason):
        return ModelUnavailable(
            f"The model server cannot produce this structured output{said}. Set "
            "NEXTSTEP_STRUCTURED_METHOD=json_mode, or json_prompt for servers without JSON mode.", False)
    if "NotFound" in name or status == 404 or MODEL_NAME.search(reason):
        return ModelUnavailable(
            f"The model server does not know that model name{said}. Check NEXTSTEP_MODEL against "
            "the names the server lists at <base URL>/models.", False)
    if "Authentication" in name or "PermissionDenied" in name or status in (401, 403):
        return ModelUnavailable(
            f"The model server refused the API key{said}. Check OPENAI_API_KEY, or set "
            "NEXTSTEP_MODEL=offline.", False)
    if "Timeout" in name or isinstance(exc, TimeoutError):
        limit = f" within {timeout:g} s" if timeout else ""
        return ModelUnavailable(f"The model did not answer{limit}{said}. Try again; a smaller model "
                                "or a larger NEXTSTEP_STEP_BUDGET helps if it keeps happening.")
    if "RateLimit" in name or status == 429:
        return ModelUnavailable(f"The model is rate-limited right now{said}. Wait a minute and try again.")
    if "Connection" in name or isinstance(exc, ConnectionError):
        return ModelUnavailable(f"The model server could not be reached{said}. Check that it is "
                                "running and NEXTSTEP_BASE_URL points at it.")
    if status is not None and 400 <= status < 500:
        return ModelUnavailable(f"The model server rejected the request (HTTP {status}){said}.", False)
    if status is not None:
        return ModelUnavailable(f"The model server failed (HTTP {status}){said}. Try again.")
    return ModelUnavailable(f"The model failed ({name}){said}. Try again.")


def server_reason(exc: BaseException) -> str:
    """The server's own error message, on one line, without a Python traceback it may carry."""
    body = getattr(exc, "body", None)
    text = ""
    if isinstance(body, dict):
        error = body.get("error", body)
        text = str(error.get("message") or error.get("detail") or "") if isinstance(error, dict) else str(error)
    if not text:
        text = str(getattr(exc, "message", "") or exc or "")
    text = text.split("  File \"", 1)[0]  # llama.cpp's server appends its traceback
    text = re.sub(r"^Error code: \d+ - ", "", " ".join(text.split()))
    return text[:240].rstrip(" .")


def startup_message(settings: Settings, model: str | None = None, base_url: str | None = None) -> str:
    """One line for logs and the CLI: which backend is active and how to switch."""
    info = backend_info(settings, model, base_url)
    return f"Backend: {info.label}. {info.how_to_switch}"


# Structured output ---------------------------------------------------------------------------
# Function calling is the default; json_mode and a plain JSON prompt are the fallbacks, in this
# order, for servers where the one before does not work. A local server is probed once and the
# answer remembered for the process, keyed by server and model.
FALLBACKS = ("function_calling", "json_mode", "json_prompt")
MAX_STRING = 120
MAX_ITEMS = 5
_chosen: dict[tuple[str, str], str] = {}


class _Probe(BaseModel):
    """A tiny record: does the server return structured output this way?"""

    fruit: str | None
    count: int | None


def method_for(model: BaseChatModel, settings: Settings) -> str:
    """The structured-output method to use with this model, probing a local server once."""
    wanted = settings.structured_method
    if wanted != "function_calling" or not is_local(model):
        return wanted
    key = _server_key(model)
    if key not in _chosen:
        _chosen[key] = probe(model, settings)
    return _chosen[key]


def probe(model: BaseChatModel, settings: Settings) -> str:
    """The first method in FALLBACKS whose reply parses; transport failures are raised."""
    messages = [HumanMessage("Record this: three ripe pears.")]
    limits = {"max_tokens": 120, "extra_body": {"max_tokens": 120}, "timeout": settings.step_budget}
    for method in FALLBACKS:
        try:
            result, _ = structured_call(model, _Probe, messages, method, limits)
        except ModelUnavailable as exc:
            if getattr(exc.__cause__, "status_code", None) is None:
                raise  # the server is down or slow, which says nothing about the method
            continue
        if result is not None:
            return method
    return FALLBACKS[-1]


def forget_probes() -> None:
    """Drop remembered probe results (tests; a server restarted with other flags)."""
    _chosen.clear()


def structured_call(model: BaseChatModel, schema: type[BaseModel], messages: list[BaseMessage],
                    method: str, limits: dict) -> tuple[BaseModel | None, AIMessage]:
    """One call asking for `schema` by `method`: the parsed record (None when malformed) and the
    raw reply. Failures of the call itself are raised as ModelUnavailable."""
    name = schema.__name__.lstrip("_")
    spec = json_schema(schema)
    if method == "function_calling":
        bound = model.bind_tools([{"type": "function", "function": {
            "name": name, "description": (schema.__doc__ or name).strip(), "parameters": spec}}],
            tool_choice=name)
    elif method == "json_schema":
        bound = model.bind(response_format={"type": "json_schema", "json_schema": {
            "name": name, "schema": spec, "strict": False}})
    else:
        messages = [*messages, json_instruction(spec)]
        fmt = {"type": "json_object"}
        if is_local(model):
            fmt["schema"] = spec  # llama.cpp's server turns this into a grammar
        bound = model.bind(response_format=fmt) if method == "json_mode" else model
    try:
        # Records, not prose: the most likely tokens are the best reading.
        reply = bound.invoke(messages, **{"temperature": 0, **limits})
    except Exception as exc:  # noqa: BLE001 - any transport or provider failure
        raise describe_failure(exc, limits.get("timeout")) from exc
    return parse_reply(schema, reply), reply


def parse_reply(schema: type[BaseModel], reply: AIMessage) -> BaseModel | None:
    """The record in a tool call or in the text, or None when there is none that validates."""
    calls = getattr(reply, "tool_calls", None) or []
    broken = getattr(reply, "invalid_tool_calls", None) or []
    if calls:
        data = calls[0].get("args")
    elif broken:
        try:  # the client's parser refuses raw newlines inside strings, which grammars allow
            data = json.loads(broken[0].get("args") or "", strict=False)
        except json.JSONDecodeError:
            return None
    else:
        text = str(reply.content or "")
        start, end = text.find("{"), text.rfind("}")
        if start < 0 or end <= start:
            return None
        try:
            data = json.loads(text[start:end + 1], strict=False)  # raw newlines inside strings
        except json.JSONDecodeError:
            return None
    try:
        return schema.model_validate(data)
    except ValidationError:
        return None


def json_schema(schema: type[BaseModel]) -> dict:
    """The schema as JSON Schema with every reference inlined: some servers' grammars cannot
    follow $ref."""
    raw = schema.model_json_schema()
    defs = raw.pop("$defs", {})

    def inline(node):
        if isinstance(node, dict):
            if "$ref" in node:
                return inline(defs[node["$ref"].rsplit("/", 1)[-1]])
            out = {k: inline(v) for k, v in node.items() if k != "title"}
            # A grammar-constrained small model otherwise rambles inside a string or a list
            # until it runs out of tokens; no field here needs more.
            if out.get("type") == "string":
                out.setdefault("maxLength", MAX_STRING)
            if out.get("type") == "array":
                out.setdefault("maxItems", MAX_ITEMS)
            return out
        if isinstance(node, list):
            return [inline(v) for v in node]
        return node

    return inline(raw)


def json_instruction(spec: dict) -> HumanMessage:
    """The plain-JSON request appended as the last message, for servers without tools."""
    lines = [f"- {key}: {_type_name(value)}" for key, value in spec.get("properties", {}).items()]
    parts = load_prompt("json_reply").format_messages(schema="\n".join(lines))
    return HumanMessage("\n\n".join(str(p.content) for p in parts))


def _type_name(node: dict) -> str:
    if "anyOf" in node:
        return " or ".join(_type_name(n) for n in node["anyOf"])
    if node.get("type") == "object":
        inner = ", ".join(f"{k}: {_type_name(v)}" for k, v in node.get("properties", {}).items())
        return "{" + inner + "}"
    if node.get("type") == "array":
        return f"list of {_type_name(node.get('items', {}))}"
    return str(node.get("type", "any"))


def _server_key(model: BaseChatModel) -> tuple[str, str]:
    return (str(getattr(model, "openai_api_base", "") or ""), str(getattr(model, "model_name", "") or ""))
