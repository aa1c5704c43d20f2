"""The message guard: what the speaker says is streamed only once it has passed the message
rules, and a message that fails is completed or replaced from the phrasebook, so nothing a PM has
already read is taken back and nothing unchecked is shown.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

from assistant.interview.message_rules import SENTENCE_END, MessageRules

CUT = object()  # put in a text stream when the model stopped at its token limit
SLOW = object()  # ... and when it ran past the step's time budget


@dataclass
class MessageVerdict:
    """How one message turned out: shown as written, repaired, replaced, or discarded unseen."""

    outcome: str = "pending"
    faults: list[str] = field(default_factory=list)
    first_word: float | None = None


def guarded(texts: Iterator[Any], rules: MessageRules, fallback: Callable[[], str],
            question: Callable[[], str], verdict: MessageVerdict, hold: str = "sentence") -> Iterator[str]:
    """Stream the model's text a sentence at a time, each shown only once it passes the rules;
    with hold="message", nothing is shown until the whole message has passed.

    A fault before anything is shown replaces the message with the phrasebook's; after, the rest
    is dropped and the phrasebook's question closes the message, so what was seen stays true."""
    started, shown, buf, done = time.monotonic(), "", "", False
    # Line breaks between sentences come out of the splitter as pieces of their own; they go
    # with the sentence after them, or a list's bullets would run together.
    breaks = ""
    held: list[str] = []
    try:
        for piece in texts:
            if piece is CUT or piece is SLOW:
                verdict.faults.append("cut_off" if piece is CUT else "over_time")
                break
            buf += piece
            while not done and not verdict.faults and (end := SENTENCE_END.search(buf)):
                sentence, buf = buf[:end.end()], buf[end.end():]
                if not sentence.strip():
                    breaks += sentence
                    continue
                sentence, breaks = breaks + sentence, ""
                verdict.faults += rules.sentence_faults(sentence, shown)
                if verdict.faults:
                    break
                out = sentence.lstrip() if not shown else sentence
                shown += out
                done = sentence.rstrip().endswith("?")
                if hold == "message":
                    held.append(out)
                    continue
                if verdict.first_word is None:
                    verdict.first_word = time.monotonic() - started
                yield out
            if done or verdict.faults:
                break
            if len((shown + " " + buf).split()) > rules.budget:
                verdict.faults.append("too_long")
                break
        if not done and not verdict.faults and buf.strip():
            buf = breaks + buf
            verdict.faults += rules.sentence_faults(buf, shown)
            if not verdict.faults:
                out = buf if shown else buf.lstrip()
                shown += out
                held.append(out)
                if hold != "message":
                    yield out
        if not verdict.faults:
            verdict.faults += rules.final_faults(shown)
        if not verdict.faults:
            verdict.outcome = "shown"
            if hold == "message":
                verdict.first_word = time.monotonic() - started
                yield from held
            return
        if hold == "message":
            shown = ""  # nothing was seen: the whole message is the phrasebook's
        if not shown.strip():
            verdict.outcome = "replaced"
            text = fallback()
        else:
            verdict.outcome = "repaired"
            text = (" " + question()) if rules.asks else ""
        if verdict.first_word is None:
            verdict.first_word = time.monotonic() - started
        for i, word in enumerate(text.split(" ")):
            yield word if i == 0 else " " + word
    except GeneratorExit:
        verdict.outcome = "discarded"
        raise
    finally:
        close = getattr(texts, "close", None)
        if close:
            close()


def last_question(text: str) -> str:
    """The last sentence of `text` that is a question, to close a repaired message."""
    parts = [p.strip() for p in re.split(r"(?<=[.!?])\s+", text) if p.strip()]
    return next((p for p in reversed(parts) if p.endswith("?")), parts[-1] if parts else "")
