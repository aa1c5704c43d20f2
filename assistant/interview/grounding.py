"""Whether a model's words come from the conversation: the word-level comparisons the reading
guard and the message rules share."""

from __future__ import annotations

import re
from typing import Any

STOPWORDS = frozenset("the and for with that this from have want would like some more about into "
                      "what where when which their there been being them they your you our".split())


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def flat(text: str) -> str:
    """Lower case with runs of whitespace made one space, so line breaks do not hide a match."""
    return " ".join(text.split()).lower()


def grounded(value: Any, answer: str) -> bool:
    """Whether a short value shares a word with the answer: a model may normalise, not invent."""
    if not isinstance(value, str) or not value.strip():
        return False
    said = {w[:5] for w in words(answer)}
    content = [w for w in words(value) if w not in STOPWORDS and len(w) > 2] or words(value)
    return any(w[:5] in said for w in content)
