"""Semantic plan checks: each has a name, a plain message, and where it can, a one-click fix that works."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.interview.session import Message
from assistant.plan.checks import check_plan
from assistant.plan.schema import Gap, GapSource, Milestone, Origin
from assistant.plan.semantic import apply_fixes, semantic_failures
from tests.test_plan_support import TRANSCRIPT, good_plan


def named(plan, code, transcript=TRANSCRIPT):
    found = [f for f in semantic_failures(plan, transcript) if f.code == code]
    assert found, f"{code} should fail"
    f = found[0]
    assert f.name == code and f.message and "Traceback" not in f.message
    return f


def fixed(plan, failure, transcript=TRANSCRIPT):
    assert failure.fix is not None and failure.fix_label
    after = failure.fix(plan)
    assert failure.code not in {f.code for f in semantic_failures(after, transcript)}, "the fix fixes it"
    return after


def test_a_good_plan_passes_every_semantic_check():
    assert semantic_failures(good_plan(), TRANSCRIPT) == []


@pytest.mark.parametrize("field, value", [
    ("title", "I don't know."), ("title", "What would you pick for me?"), ("company", "That's all, thanks."),
    ("title", "Honestly I just want to not be this burnt out"), ("people", "<script>x()</script> builders"),
])
def test_no_vision_field_holds_a_refusal_a_question_a_goodbye_or_venting(field, value):
    plan = good_plan()
    setattr(plan.vision, field, value)
    after = fixed(plan, named(plan, "vision_not_an_answer"))
    assert getattr(after.vision, field) != value


def test_a_question_in_the_company_field_is_cut_and_the_answer_kept():
    plan = good_plan()
    plan.vision.company = "Is it normal to want a smaller company? I'd like a small company"
    after = fixed(plan, named(plan, "vision_not_an_answer"))
    assert after.vision.company == "I'd like a small company"


def test_the_pms_date_is_preserved_and_restored_in_one_click():
    plan = good_plan()
    plan.milestones[0].due = date(2027, 5, 14)
    failure = named(plan, "pm_date_changed")
    assert failure.milestone_id == "m1" and "By March" in failure.message
    assert fixed(plan, failure).milestones[0].due == date(2027, 3, 31)


def test_a_dropped_pm_step_is_named_and_put_back():
    plan = good_plan()
    plan.milestones = plan.milestones[1:]
    after = fixed(plan, named(plan, "pm_step_missing"))
    assert any("present my roadmap" in m.text for m in after.milestones)


def test_the_pms_own_measure_is_preserved():
    transcript = [Message("assistant", "One step?", "milestones"),
                  Message("pm", "By March I'll cut billing tickets down a third.", "milestones")]
    plan = good_plan()
    plan.milestones[0] = plan.milestones[0].model_copy(update={
        "text": "By March I'll cut billing tickets down a third.", "evidence": [],
        "measure": "By 31 March I can show my manager a concrete result of this step."})
    failure = named(plan, "pm_measure_lost", transcript)
    after = fixed(plan, failure, transcript)
    assert "down a third" in after.milestones[0].measure


def test_two_milestones_that_say_the_same_thing_are_caught():
    plan = good_plan()
    twin = plan.milestones[1].model_copy(update={"id": "m3", "text": plan.milestones[1].text.replace("monthly", "each month")})
    plan.milestones.append(twin)
    after = fixed(plan, named(plan, "near_duplicate"))
    assert [m.id for m in after.milestones] == ["m1", "m2"]


@pytest.mark.parametrize("text", [
    "For Three things: I will pick three real situations, act on it in each, and talk each one through with my manager.",
    "For right now?: pick one piece of work this quarter that needs it.",
    "Improve.",
])
def test_generic_filler_is_caught_and_dropped(text):
    plan = good_plan()
    plan.milestones[1] = plan.milestones[1].model_copy(update={"text": text})
    after = fixed(plan, named(plan, "generic_filler"))
    assert [m.id for m in after.milestones] == ["m1"]


def test_no_promotion_steps_for_a_pm_content_where_they_are():
    transcript = [*TRANSCRIPT, Message("pm", "Honestly I'm happy where I am, no promotion for me.", "vision")]
    plan = good_plan()
    plan.path = None
    failure = named(plan, "unwanted_promotion", transcript)
    assert "m2" in failure.message and "m1" not in failure.message, "the PM's own step stays"
    after = fixed(plan, failure, transcript)
    assert [m.origin for m in after.milestones] == ["pm"]


def test_a_career_changers_suggested_steps_point_at_their_target():
    plan = good_plan()
    plan.path, plan.target_role, plan.vision.title = "founder", "Founder of my own startup", "Founder"
    plan.gaps.append(Gap(id="path.founder.1", area="Validating a problem", source=GapSource.LADDER))
    plan.milestones.append(Milestone(id="m3", text="Talk to fifteen people who have the problem I want to solve.",
                                     due=date(2027, 4, 30), measure="Fifteen conversations written up.",
                                     origin=Origin.AI, gap_ids=["path.founder.1"]))
    failures = {f.code: f for f in semantic_failures(plan, TRANSCRIPT)}
    assert "unwanted_promotion" in failures and "m2" in failures["unwanted_promotion"].message
    after = apply_fixes(plan, list(failures.values()))
    assert [m.id for m in after.milestones] == ["m1", "m3"]
    assert not {"unwanted_promotion", "off_target"} & {f.code for f in semantic_failures(after, TRANSCRIPT)}


def test_a_plan_without_any_step_of_the_pms_says_it_is_empty():
    plan = good_plan()
    plan.milestones = [m.model_copy(update={"origin": Origin.AI, "evidence": []}) for m in plan.milestones]
    failure = named(plan, "empty_not_said", [])
    assert "suggestion" in fixed(plan, failure, []).notice


def test_check_plan_reports_semantic_failures_beside_the_structural_ones():
    plan = good_plan()
    plan.vision.title = "Can we skip this?"
    assert "vision_not_an_answer" in {f.code for f in check_plan(plan, TRANSCRIPT)}


def test_fixes_never_fail_even_when_one_removes_what_another_would_change():
    plan = good_plan()
    plan.milestones[0].due = date(2027, 5, 14)
    plan.milestones.append(plan.milestones[0].model_copy(update={"id": "m3"}))
    after = apply_fixes(plan, semantic_failures(plan, TRANSCRIPT))
    assert after.milestones and all(m.id != "m3" for m in after.milestones)
