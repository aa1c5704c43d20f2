"""The reader's labelled corpus (docs/reader-data.md): records, clauses, and clause labels."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, Field, ValidationError

from assistant.interview.stages import ALL_SLOTS

CORPUS_DIR = Path(__file__).resolve().parent.parent / "data" / "corpus"
INTENTS = ("resist", "unsure", "content", "question", "correction", "reopen", "stop", "skip")
SENSITIVE = ("health", "family", "other")
ASKED = (*ALL_SLOTS, "clarify")
LEVELS = ("apm", "pm", "senior_pm", "group_pm", "director", "vp", "off_ladder")
STOPWORDS = frozenset("""a an the i i'm im i'd id me my to of in at on for and or but so with
be is am are was were it its it's that this as by from than then just really maybe probably
like would want wanna i'll ill will can could some kind sort more most very also""".split())


ModelT = TypeVar("ModelT", bound=BaseModel)


class CorpusError(ValueError):
    """A corpus line that breaks the format, named by file and line."""


class Record(BaseModel):
    asked: str
    text: str
    intents: list[str] = Field(default_factory=list)
    sensitive: list[str] = Field(default_factory=list)
    slots: dict[str, str] = Field(default_factory=dict)
    target: str | None = None
    evidence: list[str] = Field(default_factory=list)
    voice: str = ""
    # Too vague to note anything specific about the question asked (docs/reader-data.md);
    # None where the writer did not judge it.
    thin: bool | None = None


def load_split(name: str, root: Path | None = None) -> list[Record]:
    """Every record of one split (`tuning` or `test`), files in name order."""
    folder = (root or CORPUS_DIR) / name
    return [record for path in sorted(folder.glob("*.jsonl")) for record in read_jsonl(path, Record)
            if _valid(record)]


def read_jsonl(path: Path, shape: type[ModelT]) -> list[ModelT]:
    """One labelled record per line, blank lines skipped; a bad line is named by file and line."""
    records = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            records.append(shape.model_validate(json.loads(line)))
        except (json.JSONDecodeError, ValidationError) as exc:
            raise CorpusError(f"{path.name}:{number}: {str(exc).splitlines()[0]}") from None
    return records


def _valid(record: Record) -> bool:
    """Drop labels outside the vocabulary rather than train on a typo."""
    record.intents = [i for i in record.intents if i in INTENTS]
    record.sensitive = [s for s in record.sensitive if s in SENSITIVE]
    record.slots = {k: v for k, v in record.slots.items() if k in ALL_SLOTS and v and v.strip()}
    if record.target not in LEVELS:
        record.target = None
    return record.asked in ASKED and bool(record.text.strip())


SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n+|\s+[-\u2013\u2014]+\s+")
# "Anywhere but an agency", "nothing but trouble": that "but" means "except", and splits nothing.
CLAUSE_BREAK = re.compile(r",\s+(?:and\s+|but\s+|so\s+|though\s+|plus\s+)?|"
                          r"(?<!\banywhere)(?<!\banything)(?<!\beverything)(?<!\bnothing)(?<!\ball)\s+but\s+|"
                          r"\s+and\s+(?=i\b|i'd\b|i'm\b|my\b)|\s+also\s+", re.I)


# A full stop after these ends a short form, not a sentence: "sr. PM", "Dir. of Product".
SHORT_FORM_END = re.compile(r"(?:^|\s)(?:sr|snr|jr|dir|mgr|mr|mrs|ms|dr|vs|approx|e\.g|i\.e|st)\.$", re.I)


# A clause that closes its sentence: the splitter keeps the stop on the last clause.
CLOSES_SENTENCE = re.compile(r"[.!?]\W*$")


def sentences(text: str) -> list[str]:
    out: list[str] = []
    for piece in SENTENCE_END.split(" ".join(text.split())):
        if out and SHORT_FORM_END.search(out[-1]):
            out[-1] = f"{out[-1]} {piece}"
        else:
            out.append(piece)
    return out


def clauses(text: str) -> list[str]:
    """Short stretches of an answer that each say one thing; tiny fragments join their neighbour."""
    out: list[str] = []
    for sentence in sentences(text):
        pieces = [p.strip(" ,;") for p in CLAUSE_BREAK.split(sentence) if p and p.strip(" ,;")]
        merged: list[str] = []
        for piece in pieces:
            if merged and (len(piece.split()) < 3 or len(merged[-1].split()) < 2):
                merged[-1] = f"{merged[-1]}, {piece}"
            else:
                merged.append(piece)
        out.extend(merged)
    return [c for c in out if re.search(r"\w", c)]


def content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9%$€£]+(?:'[a-z]+)?", text.lower()) if w not in STOPWORDS}


def clause_labels(record: Record) -> list[tuple[str, set[str], bool]]:
    """(clause, slots it states, shows evidence) for each clause, from the answer-level labels."""
    parts = clauses(record.text)
    labels: list[set[str]] = [set() for _ in parts]
    words = [content_words(p) for p in parts]
    for slot, value in record.slots.items():
        wanted = content_words(value)
        scores = [len(wanted & w) / len(wanted) if wanted else 0.0 for w in words]
        best = max(scores, default=0.0)
        if best < 0.5 and slot == record.asked:
            # A paraphrased note of the answer to the question asked: the whole answer speaks to it.
            for i in range(len(parts)):
                labels[i].add(slot)
            continue
        for i, score in enumerate(scores):
            if (score >= 0.5 and score >= best - 0.2) or (best < 0.5 and score == best and score >= 0.25):
                labels[i].add(slot)
    evidence = [content_words(e) for e in record.evidence]
    shown = [any(e and len(e & w) / len(e) >= 0.6 for e in evidence) for w in words]
    return list(zip(parts, labels, shown))
