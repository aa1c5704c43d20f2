"""Prompt tokens per turn over a 30-turn conversation, and how much of each prompt a provider can
cache: the share of each call's prompt identical to the previous call's prefix (same chain).

Drives the real ChatOpenAI path against the loopback model server; the server's reader reply is
forced to "thin" so the interviewer keeps probing and the conversation reaches 30 turns. Target:
prefix share at least 80% from the second turn on. Numbers only.

    .venv/bin/python benchmarks/prompt_tokens.py [--turns 30]
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from tokens import Counter, common_prefix, render  # noqa: E402

from assistant.engine import build_backend, start_interview  # noqa: E402
from assistant.evaluation.cases import load_cases  # noqa: E402
from assistant.evaluation.usage import metering  # noqa: E402
from assistant.interview.reading import Reading  # noqa: E402
from assistant.interview.session import MemoryJournal  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from tests.model_server import ModelServer  # noqa: E402


def responder(request: dict):
    if request.get("tools") or request.get("response_format"):
        return Reading(answers_question=False, thin=True, source="llm").model_dump(mode="json")
    return "Thanks, that is useful. Could you say a little more about it?"


def kind_of(call) -> str:
    first = str(call.prompt[0].content) if call.prompt else ""
    return "reader" if "You read one answer" in first else "speaker" if "career coach" in first else "other"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--turns", type=int, default=30)
    parser.add_argument("--base-url", help="a real OpenAI-compatible server instead of the loopback fake")
    parser.add_argument("--model", default="openai:smollm2", help="provider:model on --base-url")
    args = parser.parse_args()
    counter = Counter()
    answers = [a for c in load_cases() for a in c.persona.answers if len(a) > 40]
    settings = Settings(max_turns=args.turns + 2, probes_per_slot=args.turns)
    with _server(args, responder) as server:
        backend = build_backend(settings, args.model if args.base_url else "openai:test-model", server.base_url)
        interview = start_interview(backend, MemoryJournal(), settings=settings)
        bounds = [0]
        with metering(backend.model) as meter:
            interview.open().run()
            bounds.append(len(meter.calls))
            for turn in range(1, args.turns):
                if interview.done:
                    break
                interview.answer(answers[turn % len(answers)]).run()
                bounds.append(len(meter.calls))
    print(f"Tokenizer: {counter.label}")
    print(f"{len(meter.calls)} model calls over {interview.state.turns} assistant turns\n")
    rows, last = [], {}
    for call in meter.calls:
        kind = kind_of(call)
        tokens = counter.encode(render(call.prompt))
        prev = last.get(kind)
        share = common_prefix(prev, tokens) / len(tokens) if prev else None
        last[kind] = tokens
        rows.append((kind, len(tokens), share))
    def pct(share):
        return "-" if share is None else f"{100 * share:.1f}%"

    # Per turn: the reader call and the speaker call whose words the PM saw (the last one); a turn
    # with two speaker calls started speaking on a guessed move that the reading then changed.
    print(f"{'turn':>4} {'reader tok':>10} {'prefix':>7} {'speaker tok':>11} {'prefix':>7} {'speaker calls':>13}")
    for turn, (lo, hi) in enumerate(zip(bounds, bounds[1:])):
        calls = rows[lo:hi]
        reader = next((r for r in calls if r[0] == "reader"), None)
        speakers = [r for r in calls if r[0] == "speaker"]
        spoken = speakers[-1] if speakers else None
        print(f"{turn:>4} {reader[1] if reader else '-':>10} {pct(reader[2]) if reader else '-':>7} "
              f"{spoken[1] if spoken else '-':>11} {pct(spoken[2]) if spoken else '-':>7} {len(speakers):>13}")
    print()
    for kind in ("speaker", "reader"):
        sizes = [n for k, n, _ in rows if k == kind]
        shares = [s for k, _, s in rows if k == kind and s is not None]
        if not sizes:
            continue
        growth = (sizes[-1] - sizes[0]) / max(len(sizes) - 1, 1)
        print(f"{kind}: {len(sizes)} calls, prompt {sizes[0]} -> {sizes[-1]} tokens "
              f"(+{growth:.0f} per call); prefix share from the second call: "
              f"min {100 * min(shares):.1f}%, median {100 * statistics.median(shares):.1f}% "
              f"(target >= 80%)")


def _server(args, responder):
    """The loopback fake, or the real server named by --base-url."""
    if args.base_url:
        return contextlib.nullcontext(SimpleNamespace(base_url=args.base_url))
    return ModelServer(responder=responder)


if __name__ == "__main__":
    main()
