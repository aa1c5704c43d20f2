"""How well the follow-up finds new steps in whole answers: precision, recall and date accuracy.

A case is one answer about the first milestone of a plan, labelled with whether it names a new step,
words that step must contain and the day named for it (or none). A detector turns an answer into the
steps it would propose or ask about, each as (text, due); `reflection_detector` is the real one.

    .venv/bin/python -m assistant.reflect_eval FILE.yaml   # figures for a labelled file
"""

from __future__ import annotations

import statistics
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable

Detector = Callable[[str], list[tuple[str, "date | None"]]]
TODAY = date(2027, 1, 15)


@dataclass
class Case:
    text: str
    new_step: bool
    words: list[str]
    due: date | None


@dataclass
class Score:
    replies: int
    positives: int
    predicted: int
    hits: int
    dated_hits: int
    right_dates: int
    median_ms: float = 0.0

    @property
    def precision(self) -> float:
        return self.hits / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.hits / self.positives if self.positives else 1.0

    @property
    def date_accuracy(self) -> float:
        return self.right_dates / self.dated_hits if self.dated_hits else 1.0

    def line(self) -> str:
        return (f"{self.replies} replies, {self.positives} with a new step: precision {self.precision:.2f} "
                f"({self.hits}/{self.predicted}), recall {self.recall:.2f} ({self.hits}/{self.positives}), "
                f"date accuracy {self.date_accuracy:.2f} ({self.right_dates}/{self.dated_hits}), "
                f"median {self.median_ms:.1f} ms per reply")


def _as_date(value) -> date | None:
    if value in (None, "", "null"):
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def load_cases(path: Path) -> tuple[list[Case], date]:
    """Cases from a YAML file: a list, or a mapping holding one (under `replies`, `cases` or `items`)."""
    import yaml

    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    today = TODAY
    if isinstance(data, dict):
        today = _as_date(data.get("today")) or TODAY
        data = next(data[k] for k in ("replies", "cases", "items", "examples") if k in data)
    cases = []
    for row in data:
        words = row.get("words") or []
        cases.append(Case(text=str(row.get("text") or row.get("reply") or row.get("answer")),
                          new_step=bool(row["new_step"]),
                          words=[str(words)] if isinstance(words, str) else [str(w) for w in words],
                          due=_as_date(row.get("due"))))
    return cases, today


def reflection_detector(plan, today: date = TODAY) -> Detector:
    """The real follow-up: the steps proposed as additions, then the one it asks about, after one answer."""
    from assistant.reflect import Reflection

    def detect(text: str) -> list[tuple[str, date | None]]:
        r = Reflection(plan=plan.model_copy(deep=True), today=today)
        r.opening()
        r.answer(text)
        out = [(p.milestone.text, p.milestone.due) for p in r.proposals if p.field == "add" and p.milestone]
        if r.asking is not None:
            out.append((r.asking.text, r.asking.due))
        return out

    return detect


def score(cases: list[Case], detect: Detector, today: date = TODAY) -> Score:
    """A hit is a labelled new step found with its words; anything proposed for an answer that names none,
    or proposed without those words, is a false proposal. Dates are judged on hits with a labelled day,
    against that day moved to a working day as the plan's own rule does."""
    from assistant.plan.dates import business_day

    positives = predicted = hits = dated = right = 0
    times = []
    for case in cases:
        start = time.perf_counter()
        found = detect(case.text)
        times.append((time.perf_counter() - start) * 1000)
        positives += case.new_step
        if not found:
            continue
        predicted += 1
        match = next((f for f in found if case.new_step
                      and all(w.lower() in f[0].lower() for w in case.words)), None)
        if match is None:
            continue
        hits += 1
        if case.due is not None:
            dated += 1
            right += match[1] == business_day(case.due, today)
    return Score(len(cases), positives, predicted, hits, dated, right,
                 statistics.median(times) if times else 0.0)


def main(argv: list[str]) -> int:
    from tests.test_plan_support import good_plan  # the plan every labelled answer is about

    for name in argv:
        cases, today = load_cases(Path(name))
        print(f"{name}: {score(cases, reflection_detector(good_plan(), today), today).line()}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
