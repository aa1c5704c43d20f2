"""plan_quality: the figures the scorecard reports, counted from one plan and its conversation."""

from __future__ import annotations

from datetime import date

from assistant.interview.session import Message
from assistant.plan.quality import plan_quality, quality_totals
from tests.test_plan_support import TRANSCRIPT, good_plan


# The PM's step, and a plan that moved its date and swapped its measure for boilerplate.
STEP_TALK = [Message("assistant", "One step?", "milestones"),
             Message("pm", "By March I'll cut billing tickets down a third.", "milestones")]


def moved_plan():
    plan = good_plan()
    plan.milestones[0] = plan.milestones[0].model_copy(update={
        "text": "By March I'll cut billing tickets down a third.", "due": date(2027, 5, 14),
        "measure": "By 14 May I can show my manager a concrete result of this step."})
    return plan


def test_a_good_plan_scores_clean():
    q = plan_quality(good_plan(), TRANSCRIPT)
    assert q["filler_steps"] == 0 and q["pm_dates"] == q["pm_dates_kept"] == 1
    assert q["semantic_failures"] == [] and not q["fails_semantic_check"]


def test_filler_a_lost_date_and_a_lost_measure_are_counted():
    transcript = STEP_TALK
    plan = moved_plan()
    plan.milestones[1] = plan.milestones[1].model_copy(update={
        "text": "For Three things: I will pick three real situations, act on it in each."})
    q = plan_quality(plan.model_dump(mode="json"), [{"role": m.role, "text": m.text, "stage": m.stage}
                                                    for m in transcript])
    assert q["filler_steps"] == 1
    assert (q["pm_dates"], q["pm_dates_kept"], q["pm_measures"], q["pm_measures_kept"]) == (1, 0, 1, 0)
    assert {"pm_date_changed", "pm_measure_lost", "generic_filler"} <= set(q["semantic_failures"])
    totals = quality_totals([q, plan_quality(good_plan(), TRANSCRIPT)])
    assert totals["plans"] == 2 and totals["plans_failing_semantic_check"] == 1
    assert totals["pm_dates_kept_rate"] == 0.5 and totals["filler_steps"] == 1


def test_the_scorecard_reports_the_plans_and_counts_a_planted_bad_one():
    from assistant.evaluation.scorecard import summarise, to_markdown

    cases = [{"persona": "good", "plan_quality": plan_quality(good_plan(), TRANSCRIPT)},
             {"persona": "bad", "plan_quality": plan_quality(moved_plan(), STEP_TALK)}]
    summary = summarise(cases)
    assert summary["plans_failing_semantic"]["value"] == 1
    assert summary["plan_dates_kept"]["count"] == [1, 2]
    assert summary["plan_measures_kept"]["count"][0] < summary["plan_measures_kept"]["count"][1]
    clean = summarise(cases[:1])
    assert clean["plans_failing_semantic"]["value"] == 0 and clean["plan_filler_steps"]["value"] == 0
    assert "Plans failing a semantic check (must be 0) | 1 |" in to_markdown({"summary": summary, "cases": []})
