"""Train the offline reader's heads on the tuning corpus; thresholds from cross-validation.

The test split is never read here: `assistant.interview.reader_report` measures on it.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from assistant.interview import rules
from assistant.interview.corpus import (
    INTENTS, SENSITIVE, Record, clause_labels, clauses, content_words, load_split)
from assistant.interview.dimensions import ASKED_AS, load_dimensions
from assistant.interview.encoder import shared_encoder
from assistant.interview.reader_model import (
    CLAUSE_CONTEXT, HEADS, MODEL_FILE, TUNING_PERSONAS, corpus_digest, features, thin_features)
from assistant.interview.slot_values import VISION_WORDS, company_value, tidy
from assistant.interview.stages import ALL_SLOTS
from assistant.ladder import DIMENSIONS
from assistant.persona import load_persona

FOLDS = 5
C = 2.0  # chosen by cross-validation on the tuning split; see docs/reader.md
# Resistance scores in [DOUBT_FROM * threshold, threshold) are asked about rather than guessed.
DOUBT_FROM = 0.75
# Verdicts whose false alarms cost more than a miss: a false back-off locks the long view away
# and a false stop ends the talk, while a miss below the threshold still earns a check question.
PRECISION_FIRST = {"resist": 0.7, "stop": 0.5}
THIN_BETA = 0.5


CACHE = Path.home() / ".cache" / "nextstep" / "embeddings.npz"


def encode(texts: list[str]) -> np.ndarray:
    """Embeddings, kept on disk between training runs: re-encoding the corpus takes minutes."""
    known: dict[str, np.ndarray] = {}
    if CACHE.exists():
        with np.load(CACHE, allow_pickle=False) as data:
            known = dict(zip(data["texts"].tolist(), data["vectors"]))
    missing = [t for t in dict.fromkeys(texts) if t not in known]
    if missing:
        known.update(zip(missing, shared_encoder().encode(missing)))
        CACHE.parent.mkdir(parents=True, exist_ok=True)
        np.savez(CACHE, texts=np.array(list(known)), vectors=np.vstack(list(known.values())))
    return np.vstack([known[t] for t in texts]) if texts else np.zeros((0, 384), np.float32)


def answer_matrix(records: list[Record]) -> np.ndarray:
    vectors = encode([r.text for r in records])
    return features(vectors, [r.asked for r in records])


def clause_rows(records: list[Record], context: bool = True
                ) -> tuple[np.ndarray, list[set[str]], list[bool], list[int]]:
    """Features of every clause (with the question asked, or without), its slot labels,
    evidence flag and the record it came from."""
    texts, asked, slots, evidence, owner = [], [], [], [], []
    for index, record in enumerate(records):
        for clause, labels, shown in clause_labels(record):
            texts.append(clause)
            asked.append(record.asked if context else CLAUSE_CONTEXT)
            slots.append(labels)
            evidence.append(shown)
            owner.append(index)
    x = features(encode(texts), asked)
    return x, slots, evidence, owner


def note_rows(records: list[Record]) -> tuple[np.ndarray, list[set[str]], list[int]]:
    """Notes as the reader would write them from each clause (tidied, or with a title cut out
    for the company), labelled with the slots whose written value they carry, beside the
    written values themselves. Read alone, without the question: a note is stored alone."""
    texts, labels, owner = [], [], []
    for index, record in enumerate(records):
        written = {slot: content_words(value) for slot, value in record.slots.items()}
        notes = dict.fromkeys([*record.slots.values(), *(note for clause in clauses(record.text)
                                                        for note in (tidy(clause, VISION_WORDS), company_value(clause)))])
        for note in notes:
            words = content_words(note or "")
            if not words:
                continue
            texts.append(note)
            labels.append({slot for slot, value in written.items()
                           if value and len(words & value) / len(value) >= 0.5
                           and len(words & value) / len(words) >= 0.5})
            owner.append(index)
    return features(encode(texts), [CLAUSE_CONTEXT] * len(texts)), labels, owner


def _targets(rows: list, labels: tuple[str, ...]) -> np.ndarray:
    return np.array([[label in row for label in labels] for row in rows], dtype=int).reshape(len(rows), len(labels))


def fit_head(x: np.ndarray, y: np.ndarray, groups: np.ndarray,
             betas: list[float] | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One logistic regression per label; each threshold maximises F-beta on out-of-fold
    predictions (F1 unless `betas` weighs a label's precision more)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    weights = np.zeros((x.shape[1], y.shape[1]), dtype=np.float32)
    bias = np.zeros(y.shape[1], dtype=np.float32)
    thresholds = np.full(y.shape[1], 0.5, dtype=np.float32)
    for j in range(y.shape[1]):
        target = y[:, j]
        if target.sum() < 3 or target.sum() == len(target):
            thresholds[j] = 1.01  # too few examples to learn: never fires
            continue
        oof = np.zeros(len(target))
        for train, held in GroupKFold(n_splits=FOLDS).split(x, target, groups):
            if target[train].min() == target[train].max():
                continue
            model = LogisticRegression(C=C, class_weight="balanced", max_iter=2000)
            model.fit(x[train], target[train])
            oof[held] = model.predict_proba(x[held])[:, 1]
        thresholds[j] = best_threshold(oof, target, betas[j] if betas else 1.0)
        model = LogisticRegression(C=C, class_weight="balanced", max_iter=2000).fit(x, target)
        weights[:, j], bias[j] = model.coef_[0], model.intercept_[0]
    return weights, bias, thresholds


def thin_label(record: Record) -> bool | None:
    """Whether an answer is too vague to note: as judged where the writer judged it; otherwise a
    plain answer that fills the slot asked is not, and an unsure one that fills nothing is.
    Everything else (refusals, goodbyes, questions) is no example either way."""
    if record.thin is not None:
        return record.thin
    if record.asked in record.slots and not record.intents:
        return False
    if record.intents == ["unsure"] and not record.slots:
        return True
    return None


def persona_thin_rows(folder: Path = TUNING_PERSONAS) -> list[tuple[str, str, bool]]:
    """(asked, text, vague) for each reply of a tuning persona that answers: the first reply to
    the slot its persona expects probed is vague, every other reply and every probe answer is
    not. Personas who decline the long view are left out: their replies are refusals.

    Only the folder's top level is read: the held-out sets live in its subfolders. The personas
    are whole conversations in voices the corpus lacks, so the vagueness head learns from them."""
    rows = []
    for persona in map(load_persona, sorted(folder.glob("*.yaml"))):
        expect = persona.expect
        if not persona.adaptive or expect.get("back_off") or expect.get("probe") is None:
            continue
        rows += [(slot, text, bool(expect["probe"]) and slot in persona.probes)
                 for slot, text in persona.replies.items() if slot != "goal" and text.strip()]
        rows += [(slot, text, False) for slot, text in persona.probes.items() if text.strip()]
    return rows


def persona_intent_rows(folder: Path = TUNING_PERSONAS) -> list[tuple[str, str, bool, str]]:
    """(asked, text, declines the long view, persona) for the replies whose meaning the
    persona's ground truth settles: a persona who declines does so at `resistance_at` and in
    its answer to the check question, and not before; every reply of a persona who never
    declines, its probe answers and its answer to the check question decline nothing. Replies
    after a refusal are left out: some go on declining, some answer the shorter view.

    The look-alikes among them (a grumble, a title after a joke about planning, "nothing
    special, I'm staying") are what the corpus has too few of. Top level only, as above."""
    order = list(ALL_SLOTS)
    rows = []
    for persona in map(load_persona, sorted(folder.glob("*.yaml"))):
        expect = persona.expect
        if not persona.adaptive or "back_off" not in expect:
            continue
        at = expect.get("resistance_at") if expect.get("back_off") else None
        if at is not None and at not in order:
            continue
        for slot, text in persona.replies.items():
            if not text.strip() or (at is not None and order.index(slot) > order.index(at)):
                continue
            if slot == at and rules.SKIP.search(text) and len(text.split()) <= 6:
                # "pass, next one pls" as the refusal: a bare pass says the same words as a skip
                # of one question, so it teaches the head nothing but confusion. The policy
                # checks a bare pass on the picture instead.
                continue
            rows.append((slot, text, slot == at, persona.name))
        if at is None:
            rows += [(slot, text, False, persona.name) for slot, text in persona.probes.items() if text.strip()]
        if persona.clarify and persona.clarify.strip():
            rows.append(("clarify", persona.clarify, at is not None, persona.name))
    return rows


def best_threshold(scores: np.ndarray, target: np.ndarray, beta: float = 1.0,
                   grid: np.ndarray = np.linspace(0.2, 0.9, 29)) -> float:
    """The cut on out-of-fold scores with the best F-beta (beta < 1 favours precision)."""
    best, best_f = 0.5, -1.0
    b2 = beta * beta
    for t in grid:
        predicted = scores >= t
        tp = float((predicted & (target == 1)).sum())
        f = (1 + b2) * tp / max(predicted.sum() + b2 * target.sum(), 1)
        if f > best_f:
            best, best_f = float(t), f
    return best


def train(out: Path = MODEL_FILE) -> dict:
    """Fit every head on the tuning split and write the model file; returns its metadata."""
    records = load_split("tuning")
    groups = np.arange(len(records))
    x = answer_matrix(records)
    heads = {
        "intent": fit_head(x, _targets([r.intents for r in records], INTENTS), groups,
                           [PRECISION_FIRST.get(label, 1.0) for label in INTENTS]),
        "sensitive": fit_head(x, _targets([r.sensitive for r in records], SENSITIVE), groups),
        "answer_slot": fit_head(x, _targets([list(r.slots) for r in records], ALL_SLOTS), groups),
    }
    # Declining the long view also learns from the tuning personas' replies, grouped by persona
    # in cross-validation so a persona's own words never judge its threshold.
    said = persona_intent_rows()
    names = {name: len(records) + k for k, name in enumerate(dict.fromkeys(n for *_, n in said))}
    rx = np.vstack([x, features(encode([t for _, t, _, _ in said]), [a for a, _, _, _ in said])])
    ry = np.array([("resist" in r.intents) for r in records] + [d for _, _, d, _ in said], dtype=int)[:, None]
    rgroups = np.concatenate([groups, [names[n] for *_, n in said]])
    w, b, t = fit_head(rx, ry, rgroups, [PRECISION_FIRST["resist"]])
    j = INTENTS.index("resist")
    heads["intent"][0][:, j], heads["intent"][1][j], heads["intent"][2][j] = w[:, 0], b[0], t[0]
    cx, cslots, cevidence, owner = clause_rows(records)
    owners = np.array(owner)
    heads["slot"] = fit_head(cx, _targets(cslots, ALL_SLOTS), owners)
    ax, _, _, _ = clause_rows(records, context=False)
    heads["slot_any"] = fit_head(ax, _targets(cslots, ALL_SLOTS), owners)
    nx, nslots, nowner = note_rows(records)
    heads["note"] = fit_head(nx, _targets(nslots, ALL_SLOTS), np.array(nowner))
    heads["evidence"] = fit_head(cx, np.array(cevidence, dtype=int)[:, None], owners)
    vague = [thin_label(r) for r in records]
    judged = [i for i, label in enumerate(vague) if label is not None]
    spoken = persona_thin_rows()
    tx = thin_features(
        np.vstack([x[judged], features(encode([t for _, t, _ in spoken]), [a for a, _, _ in spoken])]),
        [records[i].text for i in judged] + [t for _, t, _ in spoken])
    ty = np.array([vague[i] for i in judged] + [v for _, _, v in spoken], dtype=int).reshape(-1, 1)
    # A needless "could you say more?" to a short, complete answer costs more than one vague
    # answer taken as it is: the cut favours precision.
    heads["thin"] = fit_head(tx, ty, np.arange(len(ty)), [THIN_BETA])
    said = load_dimensions("tuning")
    dx = features(encode([r.text for r in said]), [ASKED_AS] * len(said))
    heads["dimension"] = fit_head(dx, _targets([r.dimensions for r in said], DIMENSIONS), np.arange(len(said)))
    resist = heads["intent"][2][INTENTS.index("resist")]
    titled = [(r.slots["title"], r.target) for r in records if r.target and r.slots.get("title")]
    meta = {
        "labels": {name: list(labels) for name, labels in HEADS.items()},
        # Below the resist threshold but above this, the reader asks rather than guesses.
        "doubt_band": [float(resist) * DOUBT_FROM, float(resist)],
        "title_levels": [level for _, level in titled],
        "corpus": corpus_digest(),
        "records": len(records),
    }
    arrays = {f"{name}_{part}": value for name, (w, b, t) in heads.items()
              for part, value in zip("wbt", (w, b, t))}
    titles = encode([t for t, _ in titled])
    np.savez_compressed(out, meta=json.dumps(meta), title_vectors=titles.astype(np.float32), **arrays)
    return meta
