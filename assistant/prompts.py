"""Prompt files from `prompts/`: static text first, history, then the variable part last.

A file has up to three sections, each opened by a heading line: `# system`, `# history` (the
conversation so far, as chat messages) and `# human`. Keeping the variable part last lets
providers cache the shared prefix across calls.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from langchain_core.prompts import ChatPromptTemplate, MessagesPlaceholder

PROMPTS_DIR = Path(__file__).resolve().parent.parent / "prompts"
SECTION = re.compile(r"^# (system|history|human)\s*$", re.M)


class PromptError(ValueError):
    """A prompt file that is malformed or called with the wrong variables."""


@lru_cache(maxsize=32)
def load_prompt(name: str) -> ChatPromptTemplate:
    """The chat prompt in `prompts/<name>.md`."""
    path = PROMPTS_DIR / f"{name}.md"
    text = path.read_text(encoding="utf-8")
    marks = list(SECTION.finditer(text))
    if not marks or marks[0].group(1) != "system":
        raise PromptError(f"{path.name}: must start with a '# system' section")
    messages: list = []
    for i, mark in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        body = text[mark.end():end].strip()
        kind = mark.group(1)
        if kind == "history":
            messages.append(MessagesPlaceholder("history"))
        else:
            messages.append((kind, body))
    return ChatPromptTemplate.from_messages(messages)


def variables(name: str) -> set[str]:
    """The placeholders a prompt file needs, history included."""
    return set(load_prompt(name).input_variables)


def check_inputs(name: str, inputs: dict) -> dict:
    """Fail loudly when a call leaves a placeholder empty or passes one the prompt never uses."""
    needed = variables(name)
    given = set(inputs)
    if needed != given:
        missing, unused = sorted(needed - given), sorted(given - needed)
        raise PromptError(f"prompt {name!r}: missing {missing}, unused {unused}")
    return inputs
