"""Every prompt file is well formed, and every call supplies exactly its placeholders."""

from __future__ import annotations

import pytest

from assistant.interview.speaker import LLMSpeaker
from assistant.interview.state import InterviewState, Move, MoveKind
from assistant.interview.stages import Stage
from assistant.prompts import PROMPTS_DIR, PromptError, check_inputs, load_prompt, variables
from fakes import ScriptedChat

PROMPTS = sorted(p.stem for p in PROMPTS_DIR.glob("*.md"))
# Placeholders fixed for a whole conversation (or deployment: the company's ladder) keep the
# cached prefix identical from call to call.
PER_CONVERSATION = {"simulated_pm": {"current_role", "description"}, "reader": {"ladder"},
                    "speaker": {"ladder"}}


def test_there_are_prompts():
    assert {"reader", "speaker"} <= set(PROMPTS)


@pytest.mark.parametrize("name", PROMPTS)
def test_prompt_is_static_first_variable_last(name):
    prompt = load_prompt(name)
    system = prompt.messages[0]
    fixed = set(getattr(system.prompt, "input_variables", []))
    assert fixed <= PER_CONVERSATION.get(name, set()), "system text must not change between calls"
    if "history" in variables(name):
        names = [type(m).__name__ for m in prompt.messages]
        assert names.index("MessagesPlaceholder") < len(names) - 1


def test_reader_call_supplies_every_placeholder(ladder):
    # check_inputs is the guard at every call site; it must reject both kinds of mismatch.
    needed = variables("reader")
    assert needed == {"ladder", "history", "asked", "current_role", "target", "answer"}
    with pytest.raises(PromptError, match="missing"):
        check_inputs("reader", {k: "" for k in needed - {"answer"}})
    with pytest.raises(PromptError, match="unused"):
        check_inputs("reader", {**{k: "" for k in needed}, "extra": 1})


def test_speaker_inputs_match_its_prompt(ladder):
    speaker = LLMSpeaker(ScriptedChat(script=[]), ladder)
    move = Move(kind=MoveKind.ASK, stage=Stage.VISION, slot="title")
    inputs = speaker.inputs(move, InterviewState(current_rank=1), [])
    assert set(inputs) == variables("speaker")


def test_a_missing_section_is_a_loud_error(tmp_path, monkeypatch):
    import assistant.prompts as prompts
    (tmp_path / "broken.md").write_text("# human\nHello {name}\n")
    monkeypatch.setattr(prompts, "PROMPTS_DIR", tmp_path)
    load_prompt.cache_clear()
    with pytest.raises(PromptError, match="system"):
        load_prompt("broken")
    load_prompt.cache_clear()
