"""Two scorecards side by side: two backends, or two prompt versions, in one table."""

from __future__ import annotations

from assistant.evaluation.scorecard import KINDS, LABELS, fmt

# For these a lower number is better.
LOWER_IS_BETTER = {"pushes_after_resistance", "pushes_next_session", "turns_to_complete"}


def _delta(key: str, a, b) -> str:
    if a is None or b is None:
        return ""
    diff = float(b) - float(a)
    if abs(diff) < 1e-9:
        return "="
    better = diff < 0 if key in LOWER_IS_BETTER else diff > 0
    shown = f"{100 * diff:+.0f} pts" if KINDS.get(key) == "rate" else f"{diff:+.2f}"
    return f"{shown} ({'better' if better else 'worse'})"


def compare(a: dict, b: dict) -> list[dict]:
    """One row per headline metric found in either scorecard."""
    keys = list(dict.fromkeys([*a.get("summary", {}), *b.get("summary", {})]))
    rows = []
    for key in keys:
        va = a.get("summary", {}).get(key, {}).get("value")
        vb = b.get("summary", {}).get(key, {}).get("value")
        rows.append({"metric": key, "label": LABELS.get(key, key), "a": va, "b": vb, "delta": _delta(key, va, vb)})
    return rows


def to_markdown(a: dict, b: dict, name_a: str = "A", name_b: str = "B") -> str:
    head_a = a.get("meta", {}).get("backend") or name_a
    head_b = b.get("meta", {}).get("backend") or name_b
    lines = [f"| Metric | {name_a}: {head_a} | {name_b}: {head_b} | Change |", "| --- | --- | --- | --- |"]
    for row in compare(a, b):
        lines.append(f"| {row['label']} | {fmt(row['metric'], row['a'])} | {fmt(row['metric'], row['b'])} | "
                     f"{row['delta']} |")
    return "\n".join(lines) + "\n"
