"""Plan quality figures for one plan, and their totals over a persona set, for the evaluation scorecard."""

from __future__ import annotations

from typing import Iterable

from assistant.plan.checks import check_plan
from assistant.plan.commitments import commitments
from assistant.plan.schema import Plan
from assistant.plan.semantic import _match, date_kept, is_filler, measure_kept, semantic_failures

SEMANTIC = {"vision_not_an_answer", "pm_step_missing", "pm_date_changed", "pm_measure_lost", "generic_filler",
            "near_duplicate", "unwanted_promotion", "off_target", "empty_not_said"}


def plan_quality(plan: Plan | dict, transcript: Iterable, manager_notes: str | None = None) -> dict:
    """Filler steps, the PM's own dates and measures kept, and which semantic checks fail."""
    # Dates the PM said are read relative to the day the plan was drafted, as the drafter read them.
    plan = plan if isinstance(plan, Plan) else Plan.model_validate(plan)
    transcript = list(transcript)
    own = commitments(transcript, None, plan.created)
    dated = [c for c in own if c.due]
    measured = [c for c in own if c.measure]
    dates_kept = sum(1 for c in dated if (m := _match(c, plan)) is not None and date_kept(c, m.due, plan))
    measures_kept = sum(1 for c in measured if (m := _match(c, plan)) is not None and measure_kept(c, m.measure))
    failures = semantic_failures(plan, transcript, manager_notes)
    structural = [f.code for f in check_plan(plan, transcript, (), manager_notes) if f.code not in SEMANTIC]
    return {
        "milestones": len(plan.milestones),
        "filler_steps": sum(1 for m in plan.milestones if is_filler(m.text)),
        "pm_dates": len(dated),
        "pm_dates_kept": dates_kept,
        "pm_measures": len(measured),
        "pm_measures_kept": measures_kept,
        "semantic_failures": sorted({f.code for f in failures}),
        "fails_semantic_check": bool(failures),
        "structural_failures": sorted(set(structural)),
    }


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def quality_totals(figures: list[dict]) -> dict:
    """The set's figures: filler steps, shares of the PM's dates and measures kept, plans failing a check."""
    dates = sum(f["pm_dates"] for f in figures)
    measures = sum(f["pm_measures"] for f in figures)
    failing = [f for f in figures if f["fails_semantic_check"]]
    return {
        "plans": len(figures),
        "milestones": sum(f["milestones"] for f in figures),
        "filler_steps": sum(f["filler_steps"] for f in figures),
        "pm_dates": dates,
        "pm_dates_kept_rate": _share(sum(f["pm_dates_kept"] for f in figures), dates),
        "pm_measures": measures,
        "pm_measures_kept_rate": _share(sum(f["pm_measures_kept"] for f in figures), measures),
        "plans_failing_semantic_check": len(failing),
        "failing_checks": sorted({code for f in failing for code in f["semantic_failures"]}),
    }
