"""Assembles a backend (reader, speaker, chat model) and starts interviews with it."""

from __future__ import annotations

from dataclasses import dataclass

from langchain_core.language_models import BaseChatModel

from assistant.interview.phrasing import PhrasebookSpeaker
from assistant.interview.policy import Limits
from assistant.interview.offline_reader import OfflineReader
from assistant.interview.reader import LLMReader, Reader
from assistant.interview.session import Context, Interview, Journal, initial_state
from assistant.interview.speaker import LLMSpeaker, Speaker
from assistant.interview.state import InterviewState, Memory
from assistant.ladder import Ladder, load_ladder
from assistant.models import BackendInfo, backend_info, make_chat_model, speculate
from assistant.settings import Settings, get_settings


@dataclass
class Backend:
    info: BackendInfo
    reader: Reader
    speaker: Speaker
    model: BaseChatModel | None
    ladder: Ladder


def build_backend(settings: Settings | None = None, model: str | None = None,
                  base_url: str | None = None, chat_model: BaseChatModel | None = None,
                  seed: str = "") -> Backend:
    """The backend the settings select; `chat_model` injects a model (tests, benchmarks)."""
    settings = settings or get_settings()
    ladder = load_ladder(settings.ladder_file)
    if chat_model is None:
        info = backend_info(settings, model, base_url)
        chat_model = make_chat_model(settings, model, base_url)
    else:
        info = BackendInfo("openai", getattr(chat_model, "model_name", None) or type(chat_model).__name__, None)
    if chat_model is None:
        return Backend(info, OfflineReader(ladder), PhrasebookSpeaker(ladder, seed), None, ladder)
    return Backend(info, LLMReader(chat_model, ladder, settings=settings),
                   LLMSpeaker(chat_model, ladder, settings=settings), chat_model, ladder)


def start_interview(backend: Backend, journal: Journal, context: Context | None = None,
                    memory: Memory | None = None, state: InterviewState | None = None,
                    settings: Settings | None = None) -> Interview:
    """A new interview, or a resumed one when `state` is given."""
    settings = settings or get_settings()
    if state is None:
        state = initial_state(context or Context(), backend.ladder, memory)
    limits = Limits(max_turns=settings.max_turns, probes_per_slot=settings.probes_per_slot)
    return Interview(backend.reader, backend.speaker, backend.ladder, journal, state, limits,
                     settings.max_answer_chars, PhrasebookSpeaker(backend.ladder),
                     speculate=speculate(settings, backend.model))
