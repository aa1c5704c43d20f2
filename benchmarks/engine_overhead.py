"""Engine overhead per interview turn, model time excluded.

Runs the three shared personas many times on (a) the offline backend and (b) the LLM path with
a zero-latency chat model, and prints per-turn medians and p95 in milliseconds, and the
process's memory after start. The offline reader runs a sentence-embedding model on every
answer, so its cache is cleared before each conversation: the figures are the model's, not the
cache's. Targets: offline median under 25 ms per turn, memory under 400 MB. Numbers only; no
assertions (machines here are noisy).

    .venv/bin/python benchmarks/engine_overhead.py [--rounds 30]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Any, Iterator

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.engine import build_backend, start_interview  # noqa: E402
from assistant.interview.encoder import shared_encoder  # noqa: E402
from assistant.interview.reading import Reading, SlotValues  # noqa: E402
from assistant.interview.session import MemoryJournal  # noqa: E402
from assistant.persona import load_persona  # noqa: E402

PERSONAS = [ROOT / "personas" / f"{n}.yaml" for n in ("immediate", "overconfident", "resistant")]
REPLY = "Thanks, that helps. What kind of company would you want to be doing that in?"
READING = Reading(answers_question=True, slots=SlotValues(title="VP of Product"), target_title="VP of Product")


class InstantChat(BaseChatModel):
    """Answers at once: a fixed reading for structured calls, a fixed reply for text."""

    def bind_tools(self, tools, **kwargs):
        return self.bind(instant_structured=True)

    def _reply(self, kwargs: dict) -> AIMessage:
        if kwargs.get("instant_structured"):
            return AIMessage(content="", tool_calls=[{"name": "Reading", "args": READING.model_dump(), "id": "1"}])
        return AIMessage(content=REPLY)

    def _generate(self, messages, stop=None, run_manager=None, **kwargs: Any) -> ChatResult:
        return ChatResult(generations=[ChatGeneration(message=self._reply(kwargs))])

    def _stream(self, messages, stop=None, run_manager=None, **kwargs: Any) -> Iterator[ChatGenerationChunk]:
        for word in REPLY.split(" "):
            yield ChatGenerationChunk(message=AIMessageChunk(content=word + " "))

    @property
    def _llm_type(self) -> str:
        return "instant"


def per_turn_ms(rounds: int, chat_model: BaseChatModel | None, overlap: bool = True) -> list[float]:
    samples: list[float] = []
    personas = [load_persona(p) for p in PERSONAS]
    for _ in range(rounds):
        for persona in personas:
            shared_encoder().forget()
            backend = build_backend(chat_model=chat_model, seed=persona.name)
            interview = start_interview(backend, MemoryJournal(), persona.interview_context())
            interview.speculate = interview.speculate and overlap
            interview.open().run()
            for answer in persona.answers:
                if interview.done:
                    break
                start = time.perf_counter()
                interview.answer(answer).run()
                samples.append((time.perf_counter() - start) * 1000)
    return samples


def report(name: str, samples: list[float]) -> float:
    ordered = sorted(samples)
    median = statistics.median(ordered)
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    print(f"{name:<34} turns={len(ordered):>5}  median={median:7.3f} ms  p95={p95:7.3f} ms")
    return median


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    import resource

    per_turn_ms(1, None)  # load the reader's model and warm imports before measuring
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process memory after start (peak RSS): {rss:.0f} MB  (target < 400 MB)")
    per_turn_ms(1, InstantChat())
    offline = report("offline backend", per_turn_ms(args.rounds, None))
    llm = report("LLM path, zero-latency model", per_turn_ms(args.rounds, InstantChat()))
    serial = report("LLM path, overlap off", per_turn_ms(args.rounds, InstantChat(), overlap=False))
    print(f"target: offline median < 25 ms per turn. LLM-path/offline = {llm / offline:.1f}x; "
          f"overlap thread costs {llm / serial:.2f}x with a zero-latency model "
          "(with a real model it saves a whole model call before the first word).")


if __name__ == "__main__":
    main()
