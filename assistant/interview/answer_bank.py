"""Brief answers to questions a PM asks back, for the offline speaker.

A question about a level ("what does a group PM do?") is answered from the ladder; any other is
matched by meaning to a small bank of topics. Answers carry no question mark: the interviewer's
own question follows them.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np
import yaml

from assistant.interview.titles import find_title
from assistant.ladder import Ladder

BANK = Path(__file__).resolve().parent.parent / "data" / "answers.yaml"
MATCH_FLOOR = 0.35  # below this the question is about something the bank does not cover


@lru_cache(maxsize=1)
def _bank() -> dict:
    return yaml.safe_load(BANK.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _examples() -> tuple[list[str], np.ndarray]:
    from assistant.interview.encoder import shared_encoder

    topics, texts = [], []
    for name, topic in _bank()["topics"].items():
        for example in topic["examples"]:
            topics.append(name)
            texts.append(example)
    return topics, shared_encoder().encode(texts)


def answer(question: str, ladder: Ladder) -> str:
    """One or two sentences that answer `question`, without asking anything."""
    title = find_title(question)
    level = ladder.lookup(title) if title else None
    if level is not None:
        return (f"On this ladder, the {level.title} level in short: {level.scope.strip()} "
                f"{level.customers.strip()} {level.metrics.strip()}")
    try:
        topics, vectors = _examples()
        from assistant.interview.encoder import shared_encoder

        sims = vectors @ shared_encoder().encode([question])[0]
    except Exception:  # noqa: BLE001 - no encoder: the honest fallback is still an answer
        return _bank()["fallback"]
    best = int(np.argmax(sims))
    if sims[best] < MATCH_FLOOR:
        return _bank()["fallback"]
    return _bank()["topics"][topics[best]]["answer"]

