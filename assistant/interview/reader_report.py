"""How well the offline reader reads a corpus split: per intent, per slot, resistance vs unsure.

Run on the test split (written apart, never trained or tuned on) and, for comparison, on the
tuning split the model learned from.
"""

from __future__ import annotations

from assistant.interview.corpus import INTENTS, Record, content_words, load_split
from assistant.interview.encoder import shared_encoder
from assistant.interview.dimensions import load_dimensions, score
from assistant.interview.offline_reader import covered, read_answer
from assistant.interview.reader_model import ReaderModel, shared_model
from assistant.interview.stages import ALL_SLOTS, VISION_SLOTS
from assistant.ladder import DIMENSIONS, Ladder, load_ladder

FLAGS = {"resist": "resistance", "unsure": "unsure", "content": "content", "correction": "correction",
         "reopen": "reopen", "stop": "end_requested", "skip": "skip"}


SAME_MEANING = 0.7  # cosine of MiniLM vectors; paraphrases sit above it, different content below


def value_matches(expected: str, got: str | None, slot: str) -> bool:
    """Right content, short enough: most of the expected words or the same meaning, and not a
    paragraph."""
    if not got:
        return False
    limit = 12 if slot in VISION_SLOTS else 40
    if len(got.split()) > max(limit, 2 * len(expected.split())):
        return False
    want, have = content_words(expected), content_words(got)
    if not want or len(want & have) / len(want) >= 0.5:
        return True
    a, b = shared_encoder().encode([expected, got])
    return float(a @ b) >= SAME_MEANING


def evaluate(records: list[Record], ladder: Ladder, model: ReaderModel | None = None) -> dict:
    """Counts and rates for one split."""
    intents = {i: {"tp": 0, "fp": 0, "fn": 0} for i in INTENTS}
    slots = {s: {"right": 0, "expected": 0, "stored": 0, "wrong_or_extra": 0} for s in ALL_SLOTS}
    confusion = {"resist_as_unsure": 0, "unsure_as_resist": 0, "resist_doubt": 0, "unsure_doubt": 0}
    levels = {"right": 0, "total": 0}
    thin = {"tp": 0, "fp": 0, "fn": 0, "tn": 0}
    for record in records:
        reading = read_answer(record.text, record.asked, ladder, model)
        predicted = {name for name, field in FLAGS.items() if getattr(reading, field)}
        if reading.question_back:
            predicted.add("question")
        truth = set(record.intents)
        for name in INTENTS:
            key = "tp" if name in predicted and name in truth else "fp" if name in predicted else \
                "fn" if name in truth else None
            if key:
                intents[name][key] += 1
        if "resist" in truth and "unsure" in predicted and "resist" not in predicted:
            confusion["resist_as_unsure"] += 1
        if "unsure" in truth and "resist" in predicted and "resist" not in truth:
            confusion["unsure_as_resist"] += 1
        if reading.doubt == "resistance":
            confusion["resist_doubt" if "resist" in truth else "unsure_doubt"] += 1
        got = reading.slots.filled()
        for slot in ALL_SLOTS:
            expected = record.slots.get(slot)
            value = got.get(slot)
            if expected:
                slots[slot]["expected"] += 1
                slots[slot]["right"] += value_matches(expected, value, slot)
            if value:
                slots[slot]["stored"] += 1
                if not expected or not value_matches(expected, value, slot):
                    slots[slot]["wrong_or_extra"] += 1
        if record.thin is not None:
            # What the policy would ask more about: a vague answer, an unsure one, or nothing.
            probed = reading.thin or reading.unsure or not got
            thin["tp" if probed and record.thin else "fp" if probed else "fn" if record.thin else "tn"] += 1
        if record.target:
            levels["total"] += 1
            levels["right"] += reading.target_level == record.target
    return {"records": len(records), "intents": _rates(intents), "slots": _slot_rates(slots),
            "confusion": confusion, "target_level": levels, "thin": _rates({"thin": thin})["thin"]}


def _rates(counts: dict) -> dict:
    out = {}
    for name, c in counts.items():
        precision = c["tp"] / max(c["tp"] + c["fp"], 1)
        recall = c["tp"] / max(c["tp"] + c["fn"], 1)
        f1 = 2 * precision * recall / max(precision + recall, 1e-9)
        out[name] = {**c, "precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3)}
    return out


def _slot_rates(counts: dict) -> dict:
    out = {}
    for name, c in counts.items():
        out[name] = {**c, "recall": round(c["right"] / max(c["expected"], 1), 3),
                     "precision": round(1 - c["wrong_or_extra"] / max(c["stored"], 1), 3)}
    return out


def report(split: str = "test") -> dict:
    ladder = load_ladder()
    return {**evaluate(load_split(split), ladder), "dimensions": dimension_report(split, ladder)}


def dimension_report(split: str, ladder: Ladder, model: ReaderModel | None = None) -> dict:
    """Ladder dimensions heard in each labelled experience clause, against the labels."""
    records = load_dimensions(split)
    model = model or shared_model()
    predicted = [set(covered([r.text], ladder, model)) for r in records]
    return {"records": len(records), **score(predicted, [set(r.dimensions) for r in records])}


def as_markdown(results: dict[str, dict]) -> str:
    """A side-by-side table of splits (e.g. tuning and test)."""
    names = list(results)
    lines = ["| intent | " + " | ".join(f"{n} P / R / F1" for n in names) + " |",
             "|---|" + "---|" * len(names)]
    for intent in INTENTS:
        cells = [f"{r['intents'][intent]['precision']:.2f} / {r['intents'][intent]['recall']:.2f} / "
                 f"{r['intents'][intent]['f1']:.2f}" for r in results.values()]
        lines.append(f"| {intent} | " + " | ".join(cells) + " |")
    lines += ["", "| slot | " + " | ".join(f"{n} right / stored-precision" for n in names) + " |",
              "|---|" + "---|" * len(names)]
    for slot in ALL_SLOTS:
        cells = [f"{r['slots'][slot]['recall']:.2f} / {r['slots'][slot]['precision']:.2f}"
                 for r in results.values()]
        lines.append(f"| {slot} | " + " | ".join(cells) + " |")
    lines += ["", "| | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    for key in ("resist_as_unsure", "unsure_as_resist", "resist_doubt", "unsure_doubt"):
        lines.append(f"| {key} | " + " | ".join(str(r["confusion"][key]) for r in results.values()) + " |")
    # A refusal short of sure earns a check question, not a back-off: heard either way.
    lines.append("| refusals heard: backed off or checked | " + " | ".join(
        f"{(r['intents']['resist']['tp'] + r['confusion']['resist_doubt']) / max(1, r['intents']['resist']['tp'] + r['intents']['resist']['fn']):.2f}"
        for r in results.values()) + " |")
    lines.append("| thin answers asked about, P / R (of judged) | " + " | ".join(
        f"{r['thin']['precision']:.2f} / {r['thin']['recall']:.2f} ({sum(r['thin'][k] for k in ('tp', 'fp', 'fn', 'tn'))})"
        for r in results.values()) + " |")
    lines.append("| target level right | " + " | ".join(
        f"{r['target_level']['right']}/{r['target_level']['total']}" for r in results.values()) + " |")
    if all("dimensions" in r for r in results.values()):
        lines += ["", "| ladder dimension heard in an experience | " + " | ".join(
            f"{n} P / R ({r['dimensions']['records']} clauses)" for n, r in results.items()) + " |",
            "|---|" + "---|" * len(names)]
        for name in (*DIMENSIONS, "all"):
            lines.append(f"| {name} | " + " | ".join(
                f"{r['dimensions'][name]['precision']:.2f} / {r['dimensions'][name]['recall']:.2f}"
                for r in results.values()) + " |")
    return "\n".join(lines)
