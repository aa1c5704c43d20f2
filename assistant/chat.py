"""`python -m assistant chat`: a rehearsal in the terminal, one answer per line.

With `--json`, every assistant message is one JSON object (`text`, `stage`, `move`, `slot`), and
the last line holds the final state and plan, in the same shapes as `replay --json`.
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from typing import TextIO

from assistant.engine import build_backend, start_interview
from assistant.interview.answers import AnswerRejected
from assistant.interview.reader import ModelUnavailable
from assistant.interview.session import Context, MemoryJournal, Turn
from assistant.models import ModelConfigError, startup_message
from assistant.settings import get_settings

# Typed on a line of its own, these are explicit intents, not text to guess at.
COMMANDS = {"/decline": "decline_horizon", "/reopen": "reopen_horizon", "/unsure": "not_sure",
            "/skip": "skip", "/stop": "stop"}


def run_chat(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    settings = get_settings()
    try:
        backend = build_backend(settings, args.model, args.base_url)
    except ModelConfigError as exc:
        print(f"error: {exc}", file=_err())
        return 2
    journal = MemoryJournal()
    interview = start_interview(backend, journal, Context(current_role=args.role), settings=settings)
    if not args.json:
        print(startup_message(settings, args.model, args.base_url), file=_err())
        print("One answer per line. /skip, /unsure, /decline, /reopen or /stop work any time.",
              file=_err())
    try:
        _show(interview.open(), args.json, stdout)
        for line in stdin:
            if interview.done:
                break
            text = line.rstrip("\n")
            try:
                turn = (interview.signal(COMMANDS[text.strip()]) if text.strip() in COMMANDS
                        else interview.answer(text))
            except AnswerRejected as exc:
                _say_error(str(exc), args.json, stdout)
                continue
            _show(turn, args.json, stdout)
    except ModelUnavailable as exc:
        _say_error(f"{exc} Your answers so far are kept in this run; try again, or use --model offline.",
                   args.json, stdout)
        return 3
    except KeyboardInterrupt:
        return 130
    if args.json:
        from assistant.evaluation.replay import transcript_of
        from assistant.plan.drafter import draft_plan

        plan = draft_plan(journal.messages(), interview.state, backend.ladder, backend.model,
                          date.today(), None, method=settings.structured_method).plan
        print(json.dumps({"transcript": transcript_of(journal.messages()),
                          "state": interview.state.model_dump(mode="json"),
                          "plan": plan.model_dump(mode="json")}, ensure_ascii=False), file=stdout)
    return 0


def _show(turn: Turn, as_json: bool, out: TextIO) -> None:
    if as_json:
        text = turn.run()
        print(json.dumps({"text": text, "stage": turn.move.stage.value, "move": turn.move.kind.value,
                          "slot": turn.move.slot}, ensure_ascii=False), file=out, flush=True)
        return
    for chunk in turn.stream():
        print(chunk, end="", file=out, flush=True)
    print("\n", file=out, flush=True)


def _say_error(message: str, as_json: bool, out: TextIO) -> None:
    if as_json:
        print(json.dumps({"error": message}, ensure_ascii=False), file=out, flush=True)
    else:
        print(message, file=_err())


def _err() -> TextIO:
    import sys

    return sys.stderr

