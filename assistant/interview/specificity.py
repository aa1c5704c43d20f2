"""How specific an answer's words are. Rare words tend to name something ("galvanising",
"Kitwe", "tiller"); an answer made only of everyday words ("good ones", "something bigger",
"near home") tends to say little. The sentence encoder hears topic more than precision, so the
vagueness head gets these counts beside it.

Frequencies come from wordfreq's small English list (a few MB in memory); any word it lacks
counts as rare."""
from __future__ import annotations

from functools import lru_cache

import numpy as np
from wordfreq import tokenize, zipf_frequency

# Zipf bands (log10 of uses per billion words, plus 3) and how many words each counts up to.
BANDS = ((0.0, 3.5, 4), (3.5, 4.5, 4), (4.5, 5.5, 4), (5.5, 10.0, 8))
WIDTH = len(BANDS) + 3
LONGEST = np.log(60.0)


@lru_cache(maxsize=4096)
def _zipf(word: str) -> float:
    return zipf_frequency(word, "en", wordlist="small")


def _row(text: str) -> list[float]:
    words = [w for w in tokenize(text, "en") if any(ch.isalpha() for ch in w)]
    zipfs = [_zipf(w) for w in words]
    counts = [min(sum(lo <= z < hi for z in zipfs), cap) / cap for lo, hi, cap in BANDS]
    return [*counts,
            float(any(ch.isdigit() for ch in text)),
            (min(zipfs) if zipfs else 8.0) / 8.0,
            float(np.log1p(len(words)) / LONGEST)]


def specificity(texts: list[str]) -> np.ndarray:
    """One row per text: the share of its words in each frequency band, whether it has a
    number, its rarest word's frequency, and its length."""
    return np.array([_row(t) for t in texts], dtype=np.float32).reshape(len(texts), WIDTH)
