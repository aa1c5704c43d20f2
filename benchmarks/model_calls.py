"""Model calls and tokens per full interview and per plan draft, with an estimated cost.

Every persona runs on the real ChatOpenAI path against the loopback model server (readings like
the offline rules, a small plan draft); calls are counted with a callback meter and tokens with
tiktoken over the prompts and replies as sent. Cost uses settings.prices for the configured
OpenAI model (gpt-4.1-mini when none is set). Numbers only.

    .venv/bin/python benchmarks/model_calls.py [--price-model gpt-4.1-mini]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import statistics
import sys
from datetime import date
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from tokens import Counter, render  # noqa: E402

from assistant.engine import build_backend  # noqa: E402
from assistant.evaluation.cases import load_cases  # noqa: E402
from assistant.evaluation.runner import plan_for  # noqa: E402
from assistant.evaluation.usage import cost, metering  # noqa: E402
from assistant.settings import DEFAULT_OPENAI_MODEL, Settings  # noqa: E402
from tests.model_server import ModelServer, interview_responder  # noqa: E402


def tokens(meter, counter: Counter) -> tuple[int, int]:
    tin = sum(counter.count(render(c.prompt)) for c in meter.calls)
    tout = sum(counter.count(c.output) for c in meter.calls)
    return tin, tout


def main() -> None:
    from assistant.cli import replay

    settings = Settings()
    parser = argparse.ArgumentParser()
    default = settings.resolved_model.split(":", 1)[-1] if settings.resolved_model != "offline" else DEFAULT_OPENAI_MODEL
    parser.add_argument("--price-model", default=default)
    parser.add_argument("--base-url", help="a real OpenAI-compatible server instead of the loopback fake")
    parser.add_argument("--model", default="openai:smollm2", help="provider:model on --base-url")
    args = parser.parse_args()
    counter = Counter()
    print(f"Tokenizer: {counter.label}")
    print(f"Prices: {args.price_model} at {settings.prices.get(args.price_model)} USD per million (in, out)\n")
    print(f"{'persona':<20} {'turns':>5} | {'interview calls':>15} {'in tok':>7} {'out tok':>7} | "
          f"{'plan calls':>10} {'in tok':>7} {'out tok':>7} | {'USD':>8}")
    totals = []
    with _server(args, interview_responder()) as server:
        for case in load_cases():
            backend = build_backend(settings, args.model if args.base_url else "openai:test-model", server.base_url)
            with metering(backend.model) as talk:
                result = replay(case.persona, chat_model=backend.model, plan=False)
            with metering(backend.model) as draft:
                plan_for(result, case, backend.model, backend.ladder, date.today())
            ti, to = tokens(talk, counter)
            pi, po = tokens(draft, counter)
            usd = cost(args.price_model, ti + pi, to + po, settings.prices)
            turns = sum(1 for m in result["transcript"] if m["role"] == "assistant")
            totals.append((len(talk.calls), ti, to, len(draft.calls), pi, po, usd or 0.0, turns))
            print(f"{case.persona.name:<20} {turns:>5} | {len(talk.calls):>15} {ti:>7} {to:>7} | "
                  f"{len(draft.calls):>10} {pi:>7} {po:>7} | {usd if usd is not None else float('nan'):>8.4f}")
    med = [statistics.median(col) for col in zip(*totals)]
    print(f"{'median':<20} {med[7]:>5.0f} | {med[0]:>15.0f} {med[1]:>7.0f} {med[2]:>7.0f} | "
          f"{med[3]:>10.0f} {med[4]:>7.0f} {med[5]:>7.0f} | {med[6]:>8.4f}")
    print(f"\nAll {len(totals)} personas: {sum(t[0] + t[3] for t in totals)} calls, "
          f"USD {sum(t[6] for t in totals):.4f} in all.")
    print("Interview calls include the speculative reply started before each reading; a turn whose "
          "reading changes the move costs one extra speaker call.")
    print(json.dumps({"median_interview_calls": med[0], "median_plan_calls": med[3],
                      "median_usd_per_persona": round(med[6], 5)}))


def _server(args, responder):
    """The loopback fake, or the real server named by --base-url."""
    if args.base_url:
        return contextlib.nullcontext(SimpleNamespace(base_url=args.base_url))
    return ModelServer(responder=responder)


if __name__ == "__main__":
    main()
