"""Command line: replay persona scripts, export plans, and hand out the pre-work template."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from assistant.engine import build_backend, start_interview
from assistant.interview.reader import ModelUnavailable
from assistant.interview.session import MemoryJournal
from assistant.models import ModelConfigError, startup_message
from assistant.persona import Persona, PersonaError, load_persona
from assistant.plan.drafter import draft_plan
from assistant.plan.exports import FORMATS, TEMPLATE_FORMATS, PlanFileError, export_plan, export_template, load_plan
from assistant.settings import get_settings


def replay(persona: Persona, model: str | None = None, base_url: str | None = None,
           chat_model=None, plan: bool = True, today: date | None = None) -> dict:
    """Run a persona's answers through an interview; the transcript, final state and drafted plan."""
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
    drafted = None
    if plan:
        draft = draft_plan(journal.messages(), interview.state, backend.ladder, backend.model,
                           today or date.today(), persona.context.manager_notes,
                           method=settings.structured_method)
        drafted = draft.plan.model_dump(mode="json")
    return {"transcript": transcript, "state": interview.state.model_dump(mode="json"), "plan": drafted,
            "backend": backend.info.label}


def _print_transcript(result: dict) -> None:
    for turn in result["transcript"]:
        if turn["role"] == "assistant":
            print(f"\nAssistant [{turn['stage']} / {turn['move']}]:\n{turn['text']}")
        else:
            print(f"\nPM:\n{turn['text']}")


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 2


def _emit(data: bytes, fmt: str, output: str | None) -> int:
    """Write to a file, or to standard output when that is not a terminal (or the format is text)."""
    if output:
        try:
            Path(output).write_bytes(data)
        except OSError as exc:
            return _fail(f"cannot write {output}: {exc.strerror or exc}")
        print(f"wrote {output}", file=sys.stderr)
        return 0
    if fmt in ("docx", "pdf") and sys.stdout.isatty():
        return _fail(f"{fmt} is a binary format; add -o FILE.{fmt}")
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m assistant", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    rp = sub.add_parser("replay", help="replay a persona script through the interviewer")
    rp.add_argument("file")
    rp.add_argument("--model", help="provider:model, e.g. openai:gpt-4.1-mini, or offline")
    rp.add_argument("--base-url", help="OpenAI-compatible server, e.g. http://localhost:11434/v1")
    rp.add_argument("--json", action="store_true", help="print one JSON object")
    ex = sub.add_parser("export", help="export a plan (JSON) as Markdown, DOCX, PDF, calendar or JSON")
    ex.add_argument("file", help="a plan JSON file, or a replay --json result")
    ex.add_argument("--format", required=True, choices=list(FORMATS))
    ex.add_argument("-o", "--output", help="file to write (default: standard output)")
    tp = sub.add_parser("template", help="the pre-work template for the PM to fill in")
    tp.add_argument("--format", default="md", choices=list(TEMPLATE_FORMATS))
    tp.add_argument("-o", "--output", help="file to write (default: standard output)")
    from assistant.evaluation.command import add_eval_command  # light: heavy imports run only for eval
    add_eval_command(sub)
    args = parser.parse_args(argv)
    if args.command == "eval":
        return args.run_eval(args)

    if args.command == "export":
        try:
            plan = load_plan(Path(args.file).read_bytes())
        except (FileNotFoundError, IsADirectoryError):
            return _fail(f"{args.file}: no such file")
        except PlanFileError as exc:
            return _fail(f"{args.file}: {exc}")
        return _emit(export_plan(plan, args.format), args.format, args.output)
    if args.command == "template":
        return _emit(export_template(args.format), args.format, args.output)

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
