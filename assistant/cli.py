"""Command line: replay persona scripts, export plans, and hand out the pre-work template."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from assistant.evaluation.replay import replay
from assistant.interview.reader import ModelUnavailable
from assistant.models import ModelConfigError, startup_message
from assistant.persona import PersonaError, load_persona
from assistant.plan.exports import FORMATS, TEMPLATE_FORMATS, PlanFileError, export_plan, export_template, load_plan
from assistant.settings import get_settings

__all__ = ["main", "replay"]


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
    from assistant.interview.corpus import CorpusError
    from assistant.interview.encoder import EncoderUnavailable
    from assistant.settings import SettingsError

    try:
        return _main(argv)
    except (SettingsError, EncoderUnavailable, CorpusError) as exc:
        return _fail(str(exc))
    except BrokenPipeError:
        # The reader of our output went away (`| head`): nothing left to say, and no traceback.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m assistant", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    rp = sub.add_parser("replay", help="replay a persona script through the interviewer")
    rp.add_argument("file")
    rp.add_argument("--model", help="provider:model, e.g. openai:gpt-4.1-mini, offline, or scripted "
                    "(the LLM path with an oracle model reading the persona's ground truth)")
    rp.add_argument("--base-url", help="OpenAI-compatible server, e.g. http://localhost:11434/v1")
    rp.add_argument("--json", action="store_true", help="print one JSON object")
    ex = sub.add_parser("export", help="export a plan (JSON) as Markdown, DOCX, PDF, calendar or JSON")
    ex.add_argument("file", help="a plan JSON file, or a replay --json result")
    ex.add_argument("--format", required=True, choices=list(FORMATS))
    ex.add_argument("-o", "--output", help="file to write (default: standard output)")
    tp = sub.add_parser("template", help="the pre-work template for the PM to fill in")
    tp.add_argument("--format", default="md", choices=list(TEMPLATE_FORMATS))
    tp.add_argument("-o", "--output", help="file to write (default: standard output)")
    ch = sub.add_parser("chat", help="a rehearsal in the terminal, one answer per line")
    ch.add_argument("--model", help="provider:model, e.g. openai:gpt-4.1-mini, or offline")
    ch.add_argument("--base-url", help="OpenAI-compatible server")
    ch.add_argument("--role", help="your current role, e.g. 'Senior Product Manager'")
    ch.add_argument("--json", action="store_true",
                    help="one JSON object per assistant message, then the final state and plan")
    sub.add_parser("train-reader", help="retrain the offline reader on the tuning corpus")
    rr = sub.add_parser("reader-report", help="how well the offline reader reads each corpus split")
    rr.add_argument("--json", action="store_true")
    lm = sub.add_parser("local-model", help="build and start a small local model server (llama.cpp)")
    lm.add_argument("rest", nargs=argparse.REMAINDER)
    from assistant.evaluation.command import add_eval_command  # light: heavy imports run only for eval
    add_eval_command(sub)
    args = parser.parse_args(argv)
    if args.command == "eval":
        return args.run_eval(args)
    if args.command == "chat":
        from assistant.chat import run_chat
        return run_chat(args, sys.stdin, sys.stdout)
    if args.command == "train-reader":
        from assistant.interview.training import train
        meta = train()
        print(f"trained on {meta['records']} answers; wrote the model (corpus {meta['corpus']})")
        return 0
    if args.command == "reader-report":
        from assistant.interview.reader_report import as_markdown, report
        results = {split: report(split) for split in ("tuning", "test")}
        print(json.dumps(results, indent=2) if args.json else as_markdown(results))
        return 0
    if args.command == "local-model":
        try:
            from assistant.local_model import main as local_main
        except ImportError:
            return _fail("the local model helper is not available in this install")
        return local_main(args.rest)

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
                from assistant.evaluation.scripted import LABEL, SCRIPTED

                line = f"Backend: {LABEL}." if args.model == SCRIPTED else startup_message(
                    settings, args.model, args.base_url)
                print(line, file=sys.stderr)
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
