"""The chat-model factory: one place that turns a "provider:model" string into a backend."""

from __future__ import annotations

from dataclasses import dataclass

from langchain_core.language_models import BaseChatModel

from assistant.settings import Settings

OLLAMA_URL = "http://localhost:11434/v1"


class ModelConfigError(ValueError):
    """A model setting that cannot work, with what to change."""


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
        timeout=settings.request_timeout,
        max_retries=settings.max_retries,
        stream_usage=True,
    )


def startup_message(settings: Settings, model: str | None = None, base_url: str | None = None) -> str:
    """One line for logs and the CLI: which backend is active and how to switch."""
    info = backend_info(settings, model, base_url)
    return f"Backend: {info.label}. {info.how_to_switch}"
