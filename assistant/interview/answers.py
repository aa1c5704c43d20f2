"""What a PM types, checked before anything else touches it."""

from __future__ import annotations

import re
import unicodedata

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Far beyond any real answer; past it a paste is almost certainly a mistake.
HARD_LIMIT_FACTOR = 50


class AnswerRejected(ValueError):
    """An answer we cannot use, with a message that tells the PM what to do instead."""


def clean_answer(raw: str | bytes, limit: int) -> tuple[str, str | None]:
    """The answer as text, and a notice for the PM when only part of it will be read."""
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise AnswerRejected("That looks like a file rather than text. Please type or paste your answer.") from None
    if "\x00" in raw or _mostly_unprintable(raw):
        raise AnswerRejected("That looks like binary data rather than text. Please type or paste your answer.")
    text = unicodedata.normalize("NFC", CONTROL.sub("", raw)).strip()
    if not text:
        raise AnswerRejected("Your answer is empty. Type a few words, or 'skip' to move on.")
    if len(text) > limit * HARD_LIMIT_FACTOR:
        raise AnswerRejected(
            f"That is {len(text):,} characters, far more than an answer needs. "
            f"Please keep it under {limit:,}."
        )
    notice = None
    if len(text) > limit:
        notice = (f"Your answer is long, so I read the first {limit:,} characters; "
                  "all of it is saved in the transcript.")
    return text, notice


def _mostly_unprintable(text: str) -> bool:
    if not text:
        return False
    sample = text[:2000]
    odd = sum(1 for ch in sample if unicodedata.category(ch) in ("Cc", "Co", "Cs", "Cn") and ch not in "\n\r\t")
    return odd / len(sample) > 0.1
