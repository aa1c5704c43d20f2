"""The scorecard: per-persona scores rolled up into headline figures, written as JSON, Markdown, PNG."""

from __future__ import annotations

import json
from pathlib import Path
from statistics import mean

from assistant.plan.quality import quality_totals

# (key, label, kind): "rate" is a share in 0..1, "count" a number that should be 0, "number" plain.
HEADLINES = [
    ("moves_ok", "Every due move right", "rate"),
    ("resistance_recognised", "Resistance recognised (back_off in reply)", "rate"),
    ("false_back_offs", "False back-offs (must be 0)", "count"),
    ("slot_accuracy", "Slots holding the right content", "rate"),
    ("target_level_ok", "Target level right", "rate"),
    ("asked_again", "Questions about what was already said", "count"),
    ("pasted_into_question", "PM text pasted into a question (must be 0)", "count"),
    ("repeated_questions", "Questions repeated word for word", "count"),
    ("questions_answered", "Questions back answered", "rate"),
    ("slot_fill", "Slot-fill rate (all intended slots)", "rate"),
    ("vision_fill", "Slot-fill rate (vision slots)", "rate"),
    ("stage_fill", "Stage coverage (experiences to milestones)", "rate"),
    ("one_question", "Messages with at most one question", "rate"),
    ("pushes_after_resistance", "Pushes after resistance (must be 0)", "count"),
    ("pushes_next_session", "Pushes in the next session (must be 0)", "count"),
    ("back_off_ok", "Backed off when due", "rate"),
    ("potential_ok", "Potential reflected when due", "rate"),
    ("gaps_ok", "Ladder gaps offered when due", "rate"),
    ("probe_ok", "Thin answers probed when due", "rate"),
    ("complete_ok", "Ended well when due", "rate"),
    ("plan_ok", "Plan checks pass rate", "rate"),
    ("evidence_verbatim", "Evidence quotes verbatim", "rate"),
    ("safe_output", "Messages free of markup", "rate"),
    ("turns_to_complete", "Turns to complete (mean)", "number"),
]
JUDGE_HEADLINES = [
    ("empathy", "Judge: empathic tone (1-5)"),
    ("necessity", "Judge: question necessary (1-5)"),
    ("context", "Judge: context-aware (1-5)"),
    ("openness", "Judge: open, not leading (1-5)"),
    ("justified_skip", "Judge: skips justified (share)"),
    ("relevance", "Judge: answer relevance (1-5)"),
    ("richness", "Judge: answer richness (1-5)"),
]
# The LLM path's fallbacks, pooled over every reading, message, plan and answer of a persona set
# (a persona with twenty readings weighs more than one with five): (key, label, numerator,
# denominator) over the per-case counts that runner.llm_path keeps. Absent on the offline backend.
LLM_HEADLINES = [
    ("readings_merged", "LLM path: readings merged with the offline reader's", "readings_merged", "readings"),
    ("readings_replaced", "LLM path: readings replaced by the offline reader's", "readings_replaced", "readings"),
    ("messages_repaired", "LLM path: messages repaired by the phrasebook", "messages_repaired", "messages"),
    ("messages_replaced", "LLM path: messages replaced by the phrasebook", "messages_replaced", "messages"),
    ("plans_offline", "LLM path: plans from the offline floor", "plans_offline", "plans"),
    ("guess_agreement", "LLM path: offline guess = final move (PM answers)", "guesses_kept", "guesses"),
]
# The drafted plans, pooled over a set (plan_quality per case): (key, label, kind).
PLAN_HEADLINES = [
    ("plan_filler_steps", "Plans: generic filler steps (must be 0)", "count"),
    ("plan_dates_kept", "Plans: the PM's own dates kept", "rate"),
    ("plan_measures_kept", "Plans: the PM's own measures kept", "rate"),
    ("plans_failing_semantic", "Plans failing a semantic check (must be 0)", "count"),
]
LABELS = ({k: label for k, label, _ in HEADLINES} | dict(JUDGE_HEADLINES) | {k: l for k, l, _, _ in LLM_HEADLINES}
          | {k: label for k, label, _ in PLAN_HEADLINES})
KINDS = ({k: kind for k, _, kind in HEADLINES} | {k: "score" for k, _ in JUDGE_HEADLINES}
         | {"justified_skip": "rate"} | {k: "rate" for k, *_ in LLM_HEADLINES}
         | {k: kind for k, _, kind in PLAN_HEADLINES})


def _values(cases: list[dict], key: str) -> list[float]:
    out = []
    for case in cases:
        value = case.get(key)
        if value is None and isinstance(case.get("judge"), dict):
            value = case["judge"].get(key)
        if value is not None:
            out.append(float(value))
    return out


def summarise(cases: list[dict]) -> dict:
    """Headline figures across personas; each with how many personas it covers."""
    summary = {}
    for key in [k for k, _, _ in HEADLINES] + [k for k, _ in JUDGE_HEADLINES]:
        values = _values(cases, key)
        if not values:
            continue
        value = sum(values) if KINDS[key] == "count" else mean(values)
        summary[key] = {"value": round(value, 4), "n": len(values)}
    summary.update(pooled(cases))
    summary.update(plan_totals(cases))
    return summary


def plan_totals(cases: list[dict]) -> dict:
    """Filler steps, the PM's own dates and measures kept (with the counts behind them) and plans
    failing a semantic check, over every case whose plan was drafted."""
    figures = [c["plan_quality"] for c in cases if isinstance(c.get("plan_quality"), dict)]
    if not figures:
        return {}
    t, n = quality_totals(figures), len(figures)
    out = {"plan_filler_steps": {"value": t["filler_steps"], "n": n}}
    for key, part, whole in (("plan_dates_kept", "pm_dates_kept", "pm_dates"),
                             ("plan_measures_kept", "pm_measures_kept", "pm_measures")):
        total = sum(f[whole] for f in figures)
        if total:
            kept = sum(f[part] for f in figures)
            out[key] = {"value": round(kept / total, 4), "n": n, "count": [kept, total]}
    out["plans_failing_semantic"] = {"value": t["plans_failing_semantic_check"], "n": n}
    return out


def _counts(path: dict) -> dict:
    counts = dict(path)
    if path.get("plan_source") is not None:
        counts["plans"], counts["plans_offline"] = 1, int(path["plan_source"] == "offline")
    return counts


def pooled(cases: list[dict]) -> dict:
    """The LLM path's fallback rates and guess agreement for a persona set, each with how many
    personas it covers and the counts behind it; nothing when no case ran on the LLM path."""
    paths = [_counts(c["llm_path"]) for c in cases if isinstance(c.get("llm_path"), dict)]
    out = {}
    for key, _, num, den in LLM_HEADLINES:
        used = [p for p in paths if p.get(den)]
        total = sum(p[den] for p in used)
        if total:
            part = sum(p.get(num) or 0 for p in used)
            out[key] = {"value": round(part / total, 4), "n": len(used), "count": [part, total]}
    return out


def llm_details(cases: list[dict]) -> dict:
    """What the guards replaced, pooled: reading fields taken from the offline reader and the
    faults that sent messages to the phrasebook, most frequent first."""
    fields: dict[str, int] = {}
    faults: dict[str, int] = {}
    for case in cases:
        path = case.get("llm_path")
        if not isinstance(path, dict):
            continue
        for name, n in (path.get("replaced_fields") or {}).items():
            fields[name] = fields.get(name, 0) + n
        for name, n in (path.get("message_faults") or {}).items():
            faults[name] = faults.get(name, 0) + n
    return {"replaced_fields": dict(sorted(fields.items(), key=lambda kv: -kv[1])),
            "message_faults": dict(sorted(faults.items(), key=lambda kv: -kv[1]))}


def case_agreement(case: dict) -> float | None:
    path = case.get("llm_path")
    if not isinstance(path, dict) or not path.get("guesses"):
        return None
    return path["guesses_kept"] / path["guesses"]


def build(cases: list[dict], meta: dict, ratings: dict | None = None, usage: dict | None = None) -> dict:
    card = {"meta": meta, "summary": summarise(cases), "cases": cases}
    if ratings is not None:
        card["ratings"] = ratings
    if usage is not None:
        card["usage"] = usage
    return card


def fmt(key: str, value) -> str:
    if value is None:
        return "n/a"
    kind = KINDS.get(key, "number")
    if kind == "rate":
        return f"{100 * float(value):.0f}%"
    if kind == "count":
        return f"{int(value)}"
    return f"{float(value):.2f}" if isinstance(value, float) else str(value)


def _with_count(key: str, entry: dict) -> str:
    """A pooled rate with the counts behind it ("12% (3/25)"); any other figure as it is."""
    count = entry.get("count")
    return fmt(key, entry["value"]) + (f" ({count[0]}/{count[1]})" if count else "")


def _cell(key: str, value) -> str:
    if isinstance(value, bool):
        return "pass" if value else "FAIL"
    return fmt(key, value)


def to_markdown(card: dict) -> str:
    meta = card.get("meta", {})
    lines = ["# Interview scorecard", ""]
    for name in ("backend", "judge", "personas", "created"):
        if meta.get(name):
            lines.append(f"- {name.capitalize()}: {meta[name]}")
    lines += ["", "| Metric | Value | Personas |", "| --- | --- | --- |"]
    for key, entry in card.get("summary", {}).items():
        lines.append(f"| {LABELS.get(key, key)} | {_with_count(key, entry)} | {entry['n']} |")
    cols = ["moves_ok", "slot_accuracy", "target_level_ok", "pushes_after_resistance", "false_back_offs",
            "back_off_ok", "potential_ok", "gaps_ok", "probe_ok", "complete_ok", "plan_ok", "turns"]
    if any(isinstance(c.get("judge"), dict) for c in card.get("cases", [])):
        cols += [k for k, _ in JUDGE_HEADLINES]
    on_llm_path = any(isinstance(c.get("llm_path"), dict) for c in card.get("cases", []))
    if on_llm_path:
        cols.append("guess_agreement")
    lines += ["", "## Per persona", "", "| Persona | " + " | ".join(cols) + " |",
              "| --- |" + " --- |" * len(cols)]
    for case in card.get("cases", []):
        values = {**case, **(case.get("judge") or {})}
        if on_llm_path:
            values["guess_agreement"] = case_agreement(case)
        cells = [_cell(c, values.get(c)) if values.get(c) is not None else "-" for c in cols]
        lines.append(f"| {case['persona']} | " + " | ".join(cells) + " |")
    for err in meta.get("errors") or []:
        lines.append(f"\nNot scored: {err['persona']}: {err['error']}")
    failing = [(c["persona"], c.get("plan_failures") or [], c.get("notes") or []) for c in card.get("cases", [])]
    details = [f"- {p}: " + "; ".join([*n, *f]) for p, f, n in failing if f or n]
    if details:
        lines += ["", "## Notes", "", *details]
    if on_llm_path:
        details = llm_details(card.get("cases", []))
        lines += ["", "## LLM path: what the guards replaced", "",
                  "- Reading fields taken from the offline reader: "
                  + (", ".join(f"{k} {v}" for k, v in details["replaced_fields"].items()) or "none"),
                  "- Faults that sent a message to the phrasebook: "
                  + (", ".join(f"{k} {v}" for k, v in details["message_faults"].items()) or "none")]
    if card.get("ratings"):
        r = card["ratings"]
        lines += ["", "## Summary ratings (1-4)", "",
                  f"- {r['count']} ratings, mean {fmt('x', r['mean'])}, distribution {r['distribution']}"]
    if card.get("usage"):
        u = card["usage"]
        lines += ["", "## Model usage", "", f"- {u.get('calls', 0)} calls, {u.get('input_tokens', 0)} input "
                  f"and {u.get('output_tokens', 0)} output tokens"
                  + (f"; about {u['cost_usd']:.4f} USD" if u.get("cost_usd") is not None else "")
                  + (f"; the judge made {u['judge_calls']} more calls" if u.get("judge_calls") else "")]
    return "\n".join(lines) + "\n"


def side_by_side(cards: dict[str, dict]) -> str:
    """Headline figures of several persona sets in one table (tuning beside held-out)."""
    names = list(cards)
    lines = ["", "## Persona sets side by side", "",
             "| Metric | " + " | ".join(f"{n} ({len(cards[n].get('cases', []))})" for n in names) + " |",
             "| --- |" + " --- |" * len(names)]
    keys = [k for k in LABELS if any(k in c.get("summary", {}) for c in cards.values())]
    for key in keys:
        cells = [_with_count(key, cards[n]["summary"][key]) if key in cards[n].get("summary", {})
                 else "n/a" for n in names]
        lines.append(f"| {LABELS[key]} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def chart(card: dict, path: Path) -> Path:
    """A bar chart of the headline rates, with the push count in the title."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    summary = card.get("summary", {})
    rates = [(LABELS[k], v["value"]) for k, v in summary.items() if KINDS.get(k) == "rate"]
    scores = [(LABELS[k], (v["value"] - 1) / 4) for k, v in summary.items() if KINDS.get(k) == "score"]
    rows = rates + scores
    fig, ax = plt.subplots(figsize=(8, 0.4 * max(len(rows), 1) + 1.2))
    names = [r[0] for r in rows][::-1]
    values = [max(0.0, min(1.0, r[1])) for r in rows][::-1]
    colors = ["#2e7d32" if v >= 0.8 else "#f9a825" if v >= 0.5 else "#c62828" for v in values]
    ax.barh(names, values, color=colors)
    ax.set_xlim(0, 1)
    ax.set_xlabel("share (judge scores rescaled from 1-5 to 0-1)")
    pushes = sum(summary.get(k, {}).get("value", 0) for k in ("pushes_after_resistance", "pushes_next_session"))
    ax.set_title(f"{card.get('meta', {}).get('backend', '')}: pushes after resistance = {int(pushes)}")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def write(card: dict, out: Path | str) -> dict[str, Path]:
    """scorecard.json, scorecard.md and scorecard.png in `out`."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    paths = {"json": out / "scorecard.json", "md": out / "scorecard.md", "png": out / "scorecard.png"}
    paths["json"].write_text(json.dumps(card, ensure_ascii=False, indent=2), encoding="utf-8")
    paths["md"].write_text(to_markdown(card), encoding="utf-8")
    chart(card, paths["png"])
    return paths


def load(path: Path | str) -> dict:
    card = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(card, dict) or "summary" not in card:
        raise ValueError(f"{path}: not a scorecard (no 'summary')")
    return card
