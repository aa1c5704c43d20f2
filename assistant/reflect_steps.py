"""Does a clause of a follow-up answer name a new step the PM wants in their plan? A learned head.

A logistic regression over the offline reader's sentence embedding of the clause (all-MiniLM-L6-v2,
assistant/interview/encoder.py) plus a handful of grammar features built from small closed word
classes: a first-person subject, an intention or future modal, a request to add, a date, a question,
a hedge, the past, someone else as the subject, dropping or delaying, and pointing back at the
milestone under review. It is trained on the hand-written clauses in assistant/data/reflect_steps.yaml
(scikit-learn, at training time only) and runs with NumPy from assistant/data/reflect_steps.npz.

Retrain after editing the data:      .venv/bin/python -m assistant.reflect_steps train
Cross-validated figures on the data: .venv/bin/python -m assistant.reflect_steps report

Only the decision "this clause names a new step" is learned; which words are the step, its date and
its measure are read by rules in assistant/reflect.py, where the grammar is regular.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from datetime import date
from functools import lru_cache
from pathlib import Path

import numpy as np

DATA_DIR = Path(__file__).resolve().parent / "data"
DATA_FILE = DATA_DIR / "reflect_steps.yaml"
MODEL_FILE = DATA_DIR / "reflect_steps.npz"
TRAIN_TODAY = date(2027, 1, 15)  # the day the data's dates are read against; only "is there a date" matters
FOLDS = 5
C = 10.0  # swept 0.3-30 by out-of-fold AUC on the data (0.971 at 1, 0.979 at 10)
# The decision threshold maximises F-beta on out-of-fold predictions (5 folds, repeated with 5 shuffles so a
# flat curve does not make it jump from one retraining to the next). F1: the misses on unseen wording were
# the problem this head is for, and a false "add" is only a proposal the PM declines.
BETA = 1.0
REPEATS = 5

_S = r"(?:^|(?<=[\s,;:(\"'\u2019-]))"
FIRST = re.compile(_S + r"(?:i|i'd|i'll|i'm|i've|id|ill|im|imma|we|we'd|we'll|we're|me|my|myself|us|our|let's|lets)\b", re.I)
INTENT = re.compile(r"\b(?:want|wants|wanting|wanna|like|love|plan|planning|going to|gonna|aim|aiming|intend|hope|"
                    r"wish|will|'ll|shall|commit|propose|goal|next)\b|\b(?:i|we)'d\b", re.I)
ADD = re.compile(r"\b(?:add|adding|put|stick|include|new|another|one more|milestone|step|item)\b", re.I)
QUESTION = re.compile(r"\?|^\s*(?:should|would|could|do|does|is|are|can|any chance)\b", re.I)
HEDGE = re.compile(r"\b(?:maybe|perhaps|might|someday|some day|at some point|one day|who knows|wonder|wondering|"
                   r"not sure|dunno|idea|in theory|would be nice|could be|toying|eventually|dream|kind of)\b", re.I)
PAST = re.compile(r"\b(?:i|we)(?:'ve| have| had)?\s+(?:already\s+)?\w+ed\b|\b(?:last|ago|already|back in|in december|"
                  r"before christmas)\b|\b(?:i|we)\s+(?:ran|did|wrote|led|gave|hired|passed|shipped|built|took|met)\b",
                  re.I)
# Someone else as the subject: "the team is going to", "my manager wants", "Sarah will" (a capitalised name).
OTHER = re.compile(r"\b(?:team|manager|director|vp|ceo|cto|cpo|finance|legal|marketing|engineering|design|support|"
                   r"colleague|boss|squad|he|she|they|someone|somebody)\s+(?:is|are|will|wants?|plans?|planning|said|"
                   r"'s|'ll|would|were|needs?)\b|(?-i:\b[A-Z][a-z]+)(?:'s)?\s+(?:will|wants|plans|is going|'s going|'ll|said)\b",
                   re.I)
DROP = re.compile(r"\b(?:drop|remove|take\s+\w+(?:\s+\w+)?\s+off|off the plan|out|cancel\w*|scrap|postpone|delay|"
                  r"push\w*\s+(?:\w+\s+){0,3}?(?:back|to)|move|slip\w*|give up|more time|until|pause\w*|reschedul\w*)\b",
                  re.I)
BACK = re.compile(r"\b(?:it|this one|that one|the deck|the slides|the draft|the review|the presentation|as planned|"
                  r"as agreed|like we said|like we agreed|instead|the same|anything|nothing)\b", re.I)
NEGATION = re.compile(r"\b(?:not|no|nothing|never|n't)\b|n't\b", re.I)
GRAMMAR = (FIRST, INTENT, ADD, QUESTION, HEDGE, PAST, OTHER, DROP, BACK, NEGATION)
GRAMMAR_NAMES = ("first", "intent", "add", "question", "hedge", "past", "other", "drop", "back", "negation",
                 "opens_with_verb", "date")
# Discourse words a clause may open with before its verb ("oh and hire...", "plus: migrate...").
OPENING = re.compile(r"^[\s,:\-\u2013\u2014]*(?:(?:also|and|but|so|plus|oh|well|yeah|ok|okay|then|next|now|too|"
                     r"please|pls|plz)\b[\s,:\-\u2013\u2014]*)*", re.I)


def grammar(clause: str, today: date) -> list[float]:
    """The closed-class features of one clause, 0 or 1 each: the word classes, whether it opens with one
    of the plan's action verbs (an imperative: "Run a lunch-and-learn..."), whether it names a date."""
    from assistant.plan.commitments import IMPERATIVE
    from assistant.plan.dates import find_dates

    t = clause.replace("\u2019", "'")
    return ([float(bool(rx.search(t))) for rx in GRAMMAR] + [float(bool(IMPERATIVE.match(OPENING.sub("", t))))]
            + [float(bool(find_dates(t, today)))])


def features(clauses: list[str], vectors: np.ndarray, today: date) -> np.ndarray:
    return np.hstack([vectors, np.array([grammar(c, today) for c in clauses], dtype=np.float32).reshape(
        len(clauses), len(GRAMMAR_NAMES))])


def load_data(path: Path = DATA_FILE) -> tuple[list[str], np.ndarray, list[str]]:
    """Clauses, their labels (1 = names a new step) and each clause's kind ("new_step", "progress", ...)."""
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    texts, labels, kinds = [], [], []
    for text in data["new_step"]:
        texts.append(str(text)), labels.append(1), kinds.append("new_step")
    for kind, items in data["not_new_step"].items():
        for text in items:
            texts.append(str(text)), labels.append(0), kinds.append(kind)
    return texts, np.array(labels), kinds


def data_digest(path: Path = DATA_FILE) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def _embed(texts: list[str]) -> np.ndarray:
    from assistant.interview.reader_model import shared_model

    return shared_model().embed(texts)


def out_of_fold(x: np.ndarray, y: np.ndarray, seed: int = 0) -> np.ndarray:
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold

    oof = np.zeros(len(y))
    for train, held in StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=seed).split(x, y):
        model = LogisticRegression(C=C, class_weight="balanced", max_iter=4000).fit(x[train], y[train])
        oof[held] = model.predict_proba(x[held])[:, 1]
    return oof


def repeated_out_of_fold(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Out-of-fold scores from REPEATS shuffles, stacked, with their targets."""
    return np.concatenate([out_of_fold(x, y, seed) for seed in range(REPEATS)]), np.tile(y, REPEATS)


def train(out: Path = MODEL_FILE) -> dict:
    """Fit the head on every labelled clause, thresholds from 5-fold out-of-fold predictions."""
    from sklearn.linear_model import LogisticRegression

    from assistant.interview.training import best_threshold  # training-time only, like sklearn

    texts, y, _ = load_data()
    x = features(texts, _embed(texts), TRAIN_TODAY)
    oof, target = repeated_out_of_fold(x, y)
    model = LogisticRegression(C=C, class_weight="balanced", max_iter=4000).fit(x, y)
    meta = {"threshold": best_threshold(oof, target, BETA, np.linspace(0.1, 0.9, 33)),
            "grammar": list(GRAMMAR_NAMES), "examples": len(texts), "positives": int(y.sum()),
            "data": data_digest(), "C": C}
    np.savez_compressed(out, meta=json.dumps(meta), w=model.coef_[0].astype(np.float32),
                        b=np.array(model.intercept_, dtype=np.float32))
    return meta


class StepHead:
    """The trained head, run with NumPy."""

    def __init__(self, path: Path = MODEL_FILE) -> None:
        data = np.load(path, allow_pickle=False)
        self.meta = json.loads(str(data["meta"]))
        self.w, self.b = data["w"], float(data["b"][0])
        self.threshold = float(self.meta["threshold"])

    def probabilities(self, clauses: list[str], today: date) -> np.ndarray:
        if not clauses:
            return np.zeros(0)
        x = features(clauses, _embed(clauses), today)
        return 1.0 / (1.0 + np.exp(-(x @ self.w + self.b)))


@lru_cache(maxsize=1)
def shared_head() -> StepHead:
    return StepHead()


def names_new_step(clauses: list[str], today: date) -> list[float]:
    """Per clause, the head's probability that it names a new step of the PM's own."""
    return [float(p) for p in shared_head().probabilities(clauses, today)]


def report() -> dict:
    """Out-of-fold precision and recall on the labelled clauses (over every shuffle), and for one shuffle the
    false alarms per look-alike kind, the misses and the false alarms."""
    texts, y, kinds = load_data()
    x = features(texts, _embed(texts), TRAIN_TODAY)
    t = shared_head().threshold
    stacked, target = repeated_out_of_fold(x, y)
    hits = int(((stacked >= t) & (target == 1)).sum())
    oof = out_of_fold(x, y)
    said = oof >= t
    out = {"threshold": t, "examples": len(y), "precision": hits / max(int((stacked >= t).sum()), 1),
           "recall": hits / max(int(target.sum()), 1), "false_alarms": {}}
    for kind in sorted(set(kinds) - {"new_step"}):
        rows = [i for i, k in enumerate(kinds) if k == kind]
        out["false_alarms"][kind] = f"{int(said[rows].sum())}/{len(rows)}"
    out["missed"] = [texts[i] for i in range(len(y)) if y[i] == 1 and not said[i]]
    out["false"] = [texts[i] for i in range(len(y)) if y[i] == 0 and said[i]]
    return out


def main(argv: list[str]) -> int:
    if argv[:1] == ["train"]:
        meta = train()
        print(f"trained on {meta['examples']} clauses ({meta['positives']} new steps); "
              f"threshold {meta['threshold']:.3f}; wrote {MODEL_FILE.name}")
        return 0
    if argv[:1] == ["report"]:
        print(json.dumps(report(), indent=2))
        return 0
    print("usage: python -m assistant.reflect_steps train|report")
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
