"""What a PM types, checked before anything else touches it."""

from __future__ import annotations

import re
import unicodedata

# Stray control characters and lone surrogates (a paste from a terminal or a broken file) are
# dropped; the answer around them is kept.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
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
    if _mostly_unprintable(raw):
        raise AnswerRejected("That looks like binary data rather than text. Please type or paste your answer.")
    text = unicodedata.normalize("NFC", CONTROL.sub("", raw).replace("\r\n", "\n")).strip()
    if not text:
        raise AnswerRejected("Your answer is empty. Type a few words, or 'skip' to move on.")
    if not any(_visible(ch) for ch in text):
        raise AnswerRejected("Your answer has no visible characters, only invisible spacing marks. "
                             "Type a few words, or 'skip' to move on.")
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
    """True for what reads like binary data; a few stray characters in an answer are not that."""
    if not text:
        return False
    sample = text[:2000]
    odd = sum(1 for ch in sample if unicodedata.category(ch) in ("Cc", "Co", "Cs", "Cn") and ch not in "\n\r\t")
    return odd / len(sample) > 0.25 or (odd >= 4 and odd / len(sample) > 0.1)


def _visible(ch: str) -> bool:
    """False for spaces and invisible format marks (zero-width space, joiners, BOM)."""
    return not ch.isspace() and unicodedata.category(ch) not in ("Cf", "Cc", "Zs", "Mn") \
        and ch not in "\u115f\u1160\u3164\uffa0"
