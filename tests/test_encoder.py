"""The sentence encoder packs several texts into one pass; packing must change nothing."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.interview import encoder as enc
from assistant.interview.encoder import shared_encoder

TEXTS = [
    "Head of Product at a Series B fintech in Berlin.",
    "I can't think five years out right now, my dad is ill.",
    "ok",
    "Small senior teams who argue well and ship.",
    "Took trial-to-paid from 9 to 14 percent last year, mostly by fixing onboarding emails "
    "that nobody had touched since the company was founded.",
]


@pytest.fixture(scope="module")
def encoder():
    return shared_encoder()


def _alone(encoder, text: str) -> np.ndarray:
    encoder.forget()
    return encoder.encode([text])[0]


def test_a_packed_pass_gives_each_text_the_vector_it_gets_alone(encoder):
    encoder.forget()
    packed = encoder.encode(TEXTS)
    alone = np.stack([_alone(encoder, t) for t in TEXTS])
    assert np.abs(packed - alone).max() < 1e-5
    # Unit length, and the texts are not all one vector.
    assert np.allclose(np.linalg.norm(packed, axis=1), 1.0, atol=1e-5)
    assert (packed @ packed.T)[0, 1] < 0.9


def test_without_the_block_mask_texts_would_bleed_into_each_other(encoder, monkeypatch):
    """The check above can fail: attention across texts changes every vector."""
    encoder.forget()
    monkeypatch.setattr(enc, "_block_bias", lambda lengths: np.zeros((sum(lengths),) * 2, dtype=np.float32))
    leaked = encoder.encode(TEXTS[:2])
    monkeypatch.undo()
    alone = np.stack([_alone(encoder, t) for t in TEXTS[:2]])
    assert np.abs(leaked - alone).max() > 1e-3
    encoder.forget()


def test_packs_stay_within_their_token_budget():
    lengths = [120, 100, 60, 5, 128, 128, 1]
    packs = enc._packs(lengths)
    assert sorted(i for p in packs for i in p) == list(range(len(lengths)))
    assert all(sum(lengths[i] for i in p) <= enc.PACK_TOKENS for p in packs)
