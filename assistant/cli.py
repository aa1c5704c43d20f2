"""Command line: replay persona scripts through the interviewer."""

from __future__ import annotations

import argparse
import json
import sys

from assistant.engine import build_backend, start_interview
from assistant.interview.reader import ModelUnavailable
from assistant.interview.session import MemoryJournal
from assistant.models import ModelConfigError, startup_message
from assistant.persona import Persona, PersonaError, load_persona
from assistant.settings import get_settings


def replay(persona: Persona, model: str | None = None, base_url: str | None = None,
           chat_model=None) -> dict:
    """Run a persona's answers through an interview; the transcript and final state."""
    settings = get_settings()
    backend = build_backend(settings, model, base_url, chat_model=chat_model, seed=persona.name)
    journal = MemoryJournal()
    interview = start_interview(backend, journal, persona.interview_context(), settings=settings)
    interview.open().run()
    for answer in persona.answers:
        if interview.done:
            break
        interview.answer(answer).run()
    transcript = [
        {"role": m.role, "text": m.text, "stage": m.stage, "move": m.move}
        for m in journal.messages()
    ]
    return {"transcript": transcript, "state": interview.state.model_dump(mode="json"), "plan": None,
            "backend": backend.info.label}


def _print_transcript(result: dict) -> None:
    for turn in result["transcript"]:
        if turn["role"] == "assistant":
            print(f"\nAssistant [{turn['stage']} / {turn['move']}]:\n{turn['text']}")
        else:
            print(f"\nPM:\n{turn['text']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m assistant", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    rp = sub.add_parser("replay", help="replay a persona script through the interviewer")
    rp.add_argument("file")
    rp.add_argument("--model", help="provider:model, e.g. openai:gpt-4.1-mini, or offline")
    rp.add_argument("--base-url", help="OpenAI-compatible server, e.g. http://localhost:11434/v1")
    rp.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)

    if args.command == "replay":
        try:
            persona = load_persona(args.file)
            settings = get_settings()
            if not args.json:
                print(startup_message(settings, args.model, args.base_url), file=sys.stderr)
            result = replay(persona, args.model, args.base_url)
        except PersonaError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        except ModelConfigError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        except ModelUnavailable as exc:
            print(f"error: {exc} Nothing was lost; try again, or use --model offline.", file=sys.stderr)
            return 3
        if args.json:
            print(json.dumps(result, ensure_ascii=False, indent=2))
        else:
            _print_transcript(result)
    return 0
