"""The offline reader's trained heads: linear layers over sentence embeddings, run with NumPy.

Trained by `python -m assistant train-reader` (assistant/interview/training.py) on the tuning
corpus only; the weights ship as a small .npz so start-up trains nothing.
"""

from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from assistant.interview.corpus import ASKED, CORPUS_DIR, INTENTS, SENSITIVE
from assistant.interview.encoder import Encoder, shared_encoder
from assistant.interview.dimensions import DIMENSIONS_DIR
from assistant.interview.specificity import specificity
from assistant.interview.stages import ALL_SLOTS
from assistant.ladder import DIMENSIONS

MODEL_FILE = Path(__file__).resolve().parent.parent / "data" / "reader_model.npz"
# The tuning personas teach the vagueness head (training.persona_thin_rows).
TUNING_PERSONAS = Path(__file__).resolve().parents[2] / "personas"
# answer_slot: which slots the whole answer speaks to; slot: which clause says it.
# Clauses are read for what they say, whatever was asked: a city named while answering the title
# question is still a city.
CLAUSE_CONTEXT = "any"
HEADS = {"intent": INTENTS, "sensitive": SENSITIVE, "answer_slot": ALL_SLOTS, "slot": ALL_SLOTS,
         "slot_any": ALL_SLOTS, "note": ALL_SLOTS, "evidence": ("evidence",), "thin": ("thin",), "dimension": DIMENSIONS}


def features(vectors: np.ndarray, asked: list[str]) -> np.ndarray:
    """Embedding plus which question was asked: the same words mean different things after each."""
    onehot = np.zeros((len(asked), len(ASKED) + 1), dtype=np.float32)
    for row, name in enumerate(asked):
        onehot[row, ASKED.index(name) if name in ASKED else len(ASKED)] = 1.0
    return np.hstack([vectors, onehot])


def thin_features(x: np.ndarray, texts: list[str]) -> np.ndarray:
    """What the vagueness head reads: the answer's features, plus how specific its words are."""
    return np.hstack([x, specificity(texts)])


def corpus_digest(root: Path | None = None) -> str:
    """A fingerprint of the tuning files, so a stale model is caught by a test."""
    digest = hashlib.sha256()
    for path in sorted(((root or CORPUS_DIR) / "tuning").glob("*.jsonl")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    if root is None:
        for labelled in sorted(DIMENSIONS_DIR.glob("tuning*.jsonl")):
            digest.update(labelled.read_bytes())
        for persona in sorted(TUNING_PERSONAS.glob("*.yaml")):
            digest.update(persona.read_bytes())
    return digest.hexdigest()[:16]


@dataclass
class Head:
    labels: tuple[str, ...]
    weights: np.ndarray  # (features, labels)
    bias: np.ndarray
    thresholds: np.ndarray

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-(x @ self.weights + self.bias)))

    def decide(self, x: np.ndarray) -> list[dict[str, float]]:
        """Per row, each label whose probability clears its threshold, with that probability."""
        probs = self.probabilities(x)
        return [{label: float(p) for label, p, t in zip(self.labels, row, self.thresholds) if p >= t}
                for row in probs]


class ReaderModel:
    """Trained heads plus the title examples the level lookup falls back on."""

    def __init__(self, path: Path = MODEL_FILE, encoder: Encoder | None = None) -> None:
        data = np.load(path, allow_pickle=False)
        self.meta = json.loads(str(data["meta"]))
        self.heads = {
            name: Head(tuple(self.meta["labels"][name]), data[f"{name}_w"], data[f"{name}_b"],
                       data[f"{name}_t"])
            for name in HEADS
        }
        self.doubt_band = tuple(self.meta["doubt_band"])
        self.title_vectors = data["title_vectors"]
        self.title_levels = list(self.meta["title_levels"])
        self.encoder = encoder or shared_encoder()

    def embed(self, texts: list[str]) -> np.ndarray:
        return self.encoder.encode(texts)

    def nearest_level(self, title: str, floor: float = 0.72) -> str | None:
        """The level of the most similar title in the corpus, when it is similar enough."""
        if not len(self.title_levels):
            return None
        sims = self.title_vectors @ self.embed([title])[0]
        best = int(np.argmax(sims))
        return self.title_levels[best] if sims[best] >= floor else None


_SHARED_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _build() -> ReaderModel:
    return ReaderModel()


def shared_model() -> ReaderModel:
    """One reader model per process, built once even when many sessions start together."""
    with _SHARED_LOCK:
        return _build()
