"""Time to the first streamed word of a full interview turn, against the model's own time to
first token, on the loopback model server with a configurable delay before its first token.

A turn needs a reading (one model call) before the reply (another); the engine starts speaking on
a guessed move while the reader works, so the first word should arrive about one model delay
after the answer, not two. The loopback reader answers like the offline rules, so the guess is
right; a last row uses a reader that overrules every guess, the worst case. Target: ratio at
most 1.15. Numbers only.

    .venv/bin/python benchmarks/ttft.py [--delay 0.3 0.8] [--persona personas/two_levels_up.yaml]

With --base-url, the same personas run against a real server (e.g. `python -m assistant
local-model`) and the offline backend side by side: fallback rates, tokens per second, time per
step and first-word time, from the backend's tally (assistant/interview/guards.py).

    .venv/bin/python benchmarks/ttft.py --base-url http://127.0.0.1:8765/v1 --model openai:smollm2
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.engine import build_backend, start_interview  # noqa: E402
from assistant.interview.session import MemoryJournal  # noqa: E402
from assistant.persona import load_persona  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from tests.model_server import ModelServer, interview_responder  # noqa: E402


def first_chunk(chunks) -> float:
    start = time.perf_counter()
    elapsed = None
    for chunk in chunks:
        if elapsed is None and chunk:
            elapsed = time.perf_counter() - start
    return elapsed if elapsed is not None else float("nan")


def model_ttft(model, rounds: int) -> list[float]:
    out = []
    for _ in range(rounds):
        start = time.perf_counter()
        for chunk in model.stream("Say hello."):
            if chunk.content:
                out.append(time.perf_counter() - start)
                break
    return out


def disagreeing():
    """A reader that finds every answer thin, so the guessed move is always wrong: the worst case."""
    base = interview_responder()

    def respond(request: dict):
        reply = base(request)
        if isinstance(reply, dict) and "answers_question" in reply:
            reply = {**reply, "thin": True, "answers_question": False, "slots": {}, "end_requested": False}
        return reply

    return respond


def against_server(personas, base_url: str, model: str, max_turns: int) -> None:
    """The personas through a real server and through the offline backend, one table."""
    from assistant.interview.guards import tally_of
    from assistant.models import speculate

    rows = {}
    for label, spec, url in (("offline", "offline", None), (model, model, base_url)):
        settings = Settings(model=spec, base_url=url, max_turns=max_turns)
        firsts, turns, started = [], [], time.perf_counter()
        tallies = []
        for persona in personas:
            backend = build_backend(settings, seed=persona.name)
            if backend.model is not None:
                backend.reader.settings = backend.speaker.settings = settings
            interview = start_interview(backend, MemoryJournal(), persona.interview_context(), settings=settings)
            interview.speculate = speculate(settings, backend.model)
            firsts.append(first_chunk(interview.open().stream()))
            for answer in persona.answers:
                if interview.done:
                    break
                start = time.perf_counter()
                chunks = iter(interview.answer(answer).stream())
                next(chunks, None)  # the reading happens first: the PM waits for it too
                firsts.append(time.perf_counter() - start)
                for _ in chunks:
                    pass
                turns.append(time.perf_counter() - start)
            tallies.append(tally_of(backend).snapshot() if backend.model is not None else None)
        rows[label] = _summary(firsts, turns, tallies, time.perf_counter() - started)
    keys = list(next(iter(rows.values())))
    print("measure".ljust(34) + "".join(f" | {name:>22}" for name in rows))
    for key in keys:
        print(key.ljust(34) + "".join(f" | {str(rows[name][key]):>22}" for name in rows))


def _summary(firsts, turns, tallies, total) -> dict:
    def med(values):
        values = [v for v in values if v == v]
        return round(statistics.median(values), 2) if values else "-"

    out = {"first word, median s": med(firsts), "turn, median s": med(turns), "total s": round(total, 1)}
    tallies = [t for t in tallies if t]
    if not tallies:
        return {**out, "readings used/merged/replaced": "rules", "messages shown/repaired/replaced": "phrasebook",
                "reader s (median)": 0.0, "speaker s (median)": 0.0, "output tokens/s": "-", "estimated usage": "-"}
    sum_ = lambda key, name: sum(t[key].get(name, 0) for t in tallies)  # noqa: E731
    tokens = [t["tokens"].get(step, {}) for t in tallies for step in ("reader", "speaker")]
    out_tokens = sum(t.get("output", 0) for t in tokens)
    seconds = sum(t.get("generation_seconds", 0) for t in tokens)
    calls = sum(t.get("calls", 0) for t in tokens)
    return {**out,
            "readings used/merged/replaced": f"{sum_('readings', 'llm')}/{sum_('readings', 'llm+rules')}/"
                                             f"{sum_('readings', 'rules-fallback')}",
            "messages shown/repaired/replaced": f"{sum_('messages', 'shown')}/{sum_('messages', 'repaired')}/"
                                                f"{sum_('messages', 'replaced')}",
            "reader s (median)": med([s for t in tallies for s in t["seconds"].get("reader", [])]),
            "speaker s (median)": med([s for t in tallies for s in t["seconds"].get("speaker", [])]),
            "output tokens/s": round(out_tokens / seconds, 1) if seconds else "-",
            "estimated usage": f"{sum(t.get('estimated_calls', 0) for t in tokens)}/{calls} calls"}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base-url", help="a real OpenAI-compatible server to compare with offline")
    parser.add_argument("--model", default="openai:smollm2", help="provider:model on --base-url")
    parser.add_argument("--max-turns", type=int, default=24, help="turn budget per interview with --base-url")
    parser.add_argument("--delay", type=float, nargs="+", default=[0.3, 0.8])
    parser.add_argument("--persona", action="append")
    parser.add_argument("--wrong-guess-delay", type=float, default=0.3,
                        help="also time turns where the reading overrules the guessed move (0 to skip)")
    args = parser.parse_args()
    personas = [load_persona(p) for p in (args.persona or [ROOT / "personas/two_levels_up.yaml",
                                                           ROOT / "personas/caregiver.yaml"])]
    if args.base_url:
        return against_server(personas, args.base_url, args.model, args.max_turns)
    settings = Settings()
    runs = [(d, "rules-like reader", interview_responder()) for d in args.delay]
    if args.wrong_guess_delay:
        runs.append((args.wrong_guess_delay, "reader disagrees", disagreeing()))
    print("delay s | reader            | model TTFT median s | turn TTFT median s | p90 s | ratio (median) | turns | guessed right")
    for delay, label, responder in runs:
        with ModelServer(responder=responder, first_token_delay=delay) as server:
            backend = build_backend(settings, "openai:test-model", server.base_url)
            base = model_ttft(backend.model, 5)
            turns, kept = [], 0
            for persona in personas:
                interview = start_interview(backend, MemoryJournal(), persona.interview_context(), settings=settings)
                interview.open().run()
                for answer in persona.answers:
                    if interview.done:
                        break
                    start = time.perf_counter()
                    turn = interview.answer(answer)
                    kept += turn.prefetched is not None
                    chunks = turn.stream()
                    first = next(iter(chunks), "")
                    turns.append(time.perf_counter() - start)
                    for _ in chunks:
                        pass
                    del first
            m, t = statistics.median(base), statistics.median(turns)
            p90 = statistics.quantiles(turns, n=10)[-1] if len(turns) > 1 else t
            print(f"{delay:7.2f} | {label:<17} | {m:19.3f} | {t:18.3f} | {p90:5.3f} | {t / m:14.2f} | {len(turns):5d} | "
                  f"{kept}/{len(turns)}")
    print("Target: ratio <= 1.15 (turn's first word within 15% of one model call's first token).")


if __name__ == "__main__":
    main()
