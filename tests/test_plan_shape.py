"""A plan shaped like a career plan: near-term steps, stepping stones to the vision, the manager's notes in full."""

from __future__ import annotations

from datetime import date, timedelta

from assistant.interview.state import InterviewState
from assistant.ladder import load_ladder
from assistant.plan.drafter import draft_plan
from assistant.plan.notes import read_notes
from assistant.plan.offline import NEAR_TERM_DAYS, NOTHING
from tests.test_plan_commitments import talk

LADDER = load_ladder()
TODAY = date(2026, 11, 23)
NOTES = "grow toward Group PM in two years, own merchant onboarding in H1, mentor the APM"


def test_near_term_milestones_and_two_to_four_stepping_stones_toward_the_vision():
    st = InterviewState(slots={"title": "Director of Product"}, current_title="Product Manager", current_rank=1,
                        target_title="Director of Product", target_rank=4, horizon_years=5)
    result = draft_plan(talk(("milestones", "By March I'll present the roadmap to the leadership team.")),
                        st, LADDER, None, TODAY)
    plan = result.plan
    near = [m for m in plan.milestones if m.kind == "near_term"]
    stones = [m for m in plan.milestones if m.kind == "stepping_stone"]
    assert near and all(m.due <= TODAY + timedelta(days=NEAR_TERM_DAYS) for m in near)
    assert 2 <= len(stones) <= 4
    assert max(m.due for m in stones) > TODAY + timedelta(days=3 * 365), "the stones reach across the horizon"
    assert all(m.gap_ids or m.intersection_ids for m in stones)
    assert any("Director of Product" in m.text for m in stones)
    assert result.ok, [str(f) for f in result.failures]


def test_a_declined_long_view_gets_no_stepping_stones():
    st = InterviewState(slots={"goal": "Keep my area steady this year."}, horizon_declined=True, horizon_years=1,
                        current_title="Product Manager", current_rank=1)
    plan = draft_plan(talk(("milestones", "By March I'll hand the release process to Priya.")), st, LADDER, None,
                      TODAY).plan
    assert not [m for m in plan.milestones if m.kind == "stepping_stone"] and plan.vision.is_empty()


def test_every_due_date_is_a_working_day():
    st = InterviewState(slots={"title": "VP of Product"}, current_title="Product Manager", current_rank=1,
                        target_title="VP of Product", target_rank=5)
    plan = draft_plan(talk(("milestones", "By the end of February 2027 I'll publish the pricing memo.")),
                      st, LADDER, None, TODAY).plan
    assert all(m.due.weekday() < 5 for m in plan.milestones)
    assert plan.milestones[0].due == date(2027, 2, 26), "28 Feb 2027 is a Sunday: due the Friday before"


def test_the_managers_notes_are_read_in_full():
    reading = read_notes(NOTES, LADDER, TODAY)
    assert [kind for kind, _ in reading.items] == ["goal", "step", "step"]
    assert reading.target.id == "group_pm" and reading.years == 2


def test_a_draft_from_the_managers_notes_has_the_target_the_horizon_and_a_step_per_goal():
    st = InterviewState(current_title="Senior Product Manager", current_rank=2)
    result = draft_plan([], st, LADDER, None, TODAY, NOTES)
    plan = result.plan
    assert plan.target_role == "Group Product Manager" and plan.target_level == "group_pm"
    assert plan.horizon_years == 2
    steps = {m.text: m for m in plan.milestones if m.origin == "manager"}
    assert steps["Own merchant onboarding in H1."].due == date(2027, 6, 30)
    assert any(text.startswith("Mentor the APM") for text in steps)
    assert result.ok, [str(f) for f in result.failures]


def test_concerns_become_gaps_offers_become_support_and_praise_becomes_strengths():
    notes = ("Needs to spend more time with enterprise customers. I will introduce her to the sales leads. "
             "Great at discovery.")
    st = InterviewState(current_title="Product Manager", current_rank=1, target_rank=2,
                        target_title="Senior Product Manager")
    plan = draft_plan([], st, LADDER, None, TODAY, notes).plan
    assert [g.area for g in plan.gaps if g.source == "manager"] == ["Needs to spend more time with enterprise customers"]
    assert plan.support == ["I will introduce her to the sales leads"]
    assert "Great at discovery" in plan.strengths
    customer_step = next(m for m in plan.milestones if "mgr1" in m.gap_ids)
    assert customer_step.support == "I will introduce her to the sales leads", "the offer supports its step"


def test_draft_my_plan_now_with_no_answers_is_an_honest_empty_draft():
    st = InterviewState(current_title="Product Manager", current_rank=1)
    transcript = talk(("vision", "Draft my plan now."))[:1]
    result = draft_plan(transcript, st, LADDER, None, TODAY)
    assert result.plan.notice == NOTHING
    assert all(m.origin == "ai" for m in result.plan.milestones)
    assert result.label.startswith("Suggestions only") and not result.own_words
    assert result.ok, [str(f) for f in result.failures]


def test_a_draft_with_the_pms_steps_may_say_so():
    st = InterviewState(current_title="Product Manager", current_rank=1)
    result = draft_plan(talk(("milestones", "By June I'll run five customer interviews.")), st, LADDER, None, TODAY)
    assert result.own_words and result.label == "Draft from your own words (offline rules)"
    assert result.plan.notice is None


def test_the_vision_keeps_answers_only_whatever_the_slots_hold():
    st = InterviewState(slots={"title": "Honestly I just want to not be this burnt out",
                               "company": "Is it normal to want a smaller company? I'd like a small company",
                               "location": "Berlin", "people": "That's all, thanks."},
                        current_title="Product Manager", current_rank=1)
    plan = draft_plan([], st, LADDER, None, TODAY).plan
    assert plan.vision.title is None and plan.vision.people is None
    assert plan.vision.company == "I'd like a small company" and plan.vision.location == "Berlin"


def test_short_normalised_slot_values_draft_as_well_as_sentences():
    st = InterviewState(slots={"title": "Head of Product", "location": "Berlin", "company": "Fintech scale-up",
                               "milestones": "Pricing review by Q2"},
                        current_title="Senior Product Manager", current_rank=2, target_title="Head of Product",
                        target_rank=4)
    result = draft_plan([], st, LADDER, None, TODAY)
    assert result.plan.vision.title == "Head of Product" and result.plan.target_level == "director"
    assert [(m.text, m.due) for m in result.plan.milestones if m.origin == "pm"] == [
        ("Pricing review by Q2.", date(2027, 6, 30))]
    assert result.ok, [str(f) for f in result.failures]
