"""`python -m assistant eval`: the evaluation harness on the command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_eval_command(sub) -> None:
    """Register the `eval` subcommand on the main parser's subparsers."""
    ev = sub.add_parser("eval", help="score the interviewer on persona scripts; write a scorecard")
    ev.add_argument("--model", help="interviewer model, provider:model, offline, or scripted (the LLM "
                    "path with an oracle model that reads each persona's ground truth; no network)")
    ev.add_argument("--base-url", help="OpenAI-compatible server for the interviewer")
    ev.add_argument("--judge", help="judge model (provider:model); adds judge metrics")
    ev.add_argument("--judge-base-url", help="server for the judge model, if not the interviewer's")
    ev.add_argument("--personas", help="folder of persona files (default: the tuning set personas/ "
                    "and the held-out sets personas/heldout/ to heldout5/, scored side "
                    "by side)")
    ev.add_argument("--out", help="folder for scorecard.json, .md and .png (default: <data dir>/eval)")
    ev.add_argument("--simulate", action="store_true",
                    help="an LLM plays each PM from the persona's description (needs a model)")
    ev.add_argument("--compare", nargs=2, metavar=("A.json", "B.json"),
                    help="print two scorecards side by side instead of running")
    ev.set_defaults(run_eval=run_command)


def run_command(args: argparse.Namespace) -> int:
    from assistant.evaluation import compare, scorecard
    from assistant.evaluation.cases import load_cases
    from assistant.evaluation.runner import EvalConfig, run_eval
    from assistant.interview.reader import ModelUnavailable
    from assistant.models import ModelConfigError, backend_info, make_chat_model
    from assistant.persona import PersonaError
    from assistant.settings import get_settings

    if args.compare:
        try:
            a, b = (scorecard.load(p) for p in args.compare)
        except (OSError, ValueError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        pa, pb = (Path(p) for p in args.compare)
        # Two runs usually both hold a scorecard.json; then their folders tell them apart.
        names = (pa.stem, pb.stem) if pa.stem != pb.stem else (pa.parent.name or "A", pb.parent.name or "B")
        print(compare.to_markdown(a, b, *names), end="")
        return 0
    settings = get_settings()
    from assistant.evaluation.cases import (
        HELDOUT2_DIR, HELDOUT3_DIR, HELDOUT4_DIR, HELDOUT5_DIR, HELDOUT7_DIR, HELDOUT14_DIR, HELDOUT_DIR, PERSONAS_DIR)

    sets = {"persona set": args.personas} if args.personas else {
        "tuning": str(PERSONAS_DIR), "held-out": str(HELDOUT_DIR)}
    for name, folder in (("held-out 2", HELDOUT2_DIR), ("held-out 3", HELDOUT3_DIR), ("held-out 4", HELDOUT4_DIR),
                         ("held-out 5", HELDOUT5_DIR), ("held-out 7", HELDOUT7_DIR), ("held-out 14", HELDOUT14_DIR)):
        if not args.personas and folder.is_dir():
            sets[name] = str(folder)
    try:
        config = EvalConfig(model=args.model, base_url=args.base_url)
        if args.judge:
            config.judge_model = make_chat_model(settings, args.judge, args.judge_base_url or args.base_url)
            if config.judge_model is None:
                raise ModelConfigError("--judge needs a model, not 'offline'")
            config.judge_label = backend_info(settings, args.judge, args.judge_base_url or args.base_url).label
        if args.simulate:
            config.simulate_model = make_chat_model(settings, args.model, args.base_url)
            if config.simulate_model is None:
                raise ModelConfigError("--simulate needs a model (set --model or OPENAI_API_KEY)")
        cards = {name: run_eval(load_cases(folder), config, settings, folder) for name, folder in sets.items()}
    except (PersonaError, ModelConfigError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except ModelUnavailable as exc:
        print(f"error: {exc} Try again, or use --model offline.", file=sys.stderr)
        return 3
    out = Path(args.out) if args.out else settings.data_dir / "eval"
    written = []
    for name, card in cards.items():
        folder = out if len(cards) == 1 else out / name.replace(" ", "-")
        written.extend(scorecard.write(card, folder).values())
        print(scorecard.to_markdown(card), end="")
    if len(cards) > 1:
        print(scorecard.side_by_side(cards), end="")
    print("Wrote " + ", ".join(str(p) for p in written), file=sys.stderr)
    pushes = sum(card["summary"].get(k, {}).get("value", 0) for card in cards.values()
                 for k in ("pushes_after_resistance", "pushes_next_session"))
    errors = sum(len(card["meta"].get("errors") or []) for card in cards.values())
    if errors:
        print(f"error: {errors} persona(s) could not be run; see the scorecard", file=sys.stderr)
        return 3
    return 1 if pushes else 0
