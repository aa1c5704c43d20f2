"""Which ladder dimensions a statement of experience speaks to, learned from labelled clauses.

"Three or four PMs whose growth is on me" is people leadership with none of the ladder's words in
it; the ladder's keywords and examples catch the plain cases, a trained head the rest. The data
lives in `assistant/data/dimensions/`: `tuning.jsonl` is trained on, `test.jsonl` was written apart
and is only reported on (`python -m assistant reader-report`).
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, Field

from assistant.interview.corpus import read_jsonl
from assistant.ladder import DIMENSIONS

DIMENSIONS_DIR = Path(__file__).resolve().parent.parent / "data" / "dimensions"
# Read as an answer to "what experiences would the target role need?", whatever was asked.
ASKED_AS = "experiences"


class DimensionRecord(BaseModel):
    text: str
    dimensions: list[str] = Field(default_factory=list)
    voice: str = ""


def load_dimensions(split: str, root: Path | None = None) -> list[DimensionRecord]:
    """One split's labelled clauses (`<split>.jsonl`, and later batches `<split>_*.jsonl`);
    labels outside the seven dimensions are dropped."""
    folder = root or DIMENSIONS_DIR
    paths = [p for p in (folder / f"{split}.jsonl", *sorted(folder.glob(f"{split}_*.jsonl"))) if p.exists()]
    records = [record for path in paths for record in read_jsonl(path, DimensionRecord)]
    for record in records:
        record.dimensions = [d for d in record.dimensions if d in DIMENSIONS]
    return [r for r in records if r.text.strip()]


def score(predicted: list[set[str]], truth: list[set[str]]) -> dict:
    """Micro precision and recall over (clause, dimension) pairs, and per dimension."""
    out = {}
    for name in (*DIMENSIONS, "all"):
        names = DIMENSIONS if name == "all" else (name,)
        tp = sum(len(p & t & set(names)) for p, t in zip(predicted, truth))
        fp = sum(len((p - t) & set(names)) for p, t in zip(predicted, truth))
        fn = sum(len((t - p) & set(names)) for p, t in zip(predicted, truth))
        out[name] = {"precision": round(tp / max(tp + fp, 1), 3), "recall": round(tp / max(tp + fn, 1), 3),
                     "tp": tp, "fp": fp, "fn": fn}
    return out
