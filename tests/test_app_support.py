"""Helpers for the AppTest suites."""

from __future__ import annotations

import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def fresh_app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    return at


def begin(at: AppTest, role: str = "Product Manager") -> AppTest:
    at.run()
    at.text_input[0].input(role)
    form_submit = [b for b in at.button if b.label == "Begin rehearsal"][0]
    form_submit.click().run()
    return at


def answer(at: AppTest, text: str) -> AppTest:
    at.chat_input(key="answer").set_value(text).run()
    return at


def page_text(node) -> str:
    """All Markdown text under an element, joined."""
    return " ".join(m.value for m in node.markdown)


def shown(markdown: str) -> str:
    """What a Markdown source shows: labels escape every punctuation mark to keep it as typed."""
    return re.sub(r"\\(.)", r"\1", markdown)
