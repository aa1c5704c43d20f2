"""Steps written for the gap and the target: career changers head for their target, content PMs get no promotion."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.interview.state import Gap as OfferedGap, InterviewState
from assistant.ladder import load_ladder
from assistant.plan.drafter import draft_plan
from assistant.plan.semantic import PROMOTION, semantic_failures
from tests.test_plan_commitments import talk

LADDER = load_ladder()
TODAY = date(2026, 11, 23)


def plan_for(title: str, current=1, target=None, answers=(), **extra):
    st = InterviewState(slots={"title": title}, current_title=LADDER.by_rank(current).title, current_rank=current,
                        target_title=title, target_rank=target, **extra)
    transcript = talk(("vision", title), *answers)
    result = draft_plan(transcript, st, LADDER, None, TODAY)
    assert result.ok, [str(f) for f in result.failures]
    return result.plan, transcript


@pytest.mark.parametrize("title, kind, word", [
    ("Founder of my own startup", "founder", "problem"),
    ("Backend engineer on a platform team", "engineering", "engineer"),
    ("UX researcher", "research", "stud"),
    ("Product designer", "design", "design"),
])
def test_a_career_changer_gets_steps_toward_their_target_and_no_promotion(title, kind, word):
    plan, transcript = plan_for(title)
    assert plan.path == kind and plan.target_level == "off_ladder"
    suggested = [m for m in plan.milestones if m.origin == "ai"]
    assert suggested and not [m.text for m in suggested if PROMOTION.search(m.text)]
    assert all(any(g.startswith(f"path.{kind}.") for g in m.gap_ids) for m in suggested)
    assert any(word in m.text.lower() for m in suggested)
    assert not semantic_failures(plan, transcript)


def test_a_director_of_product_title_is_still_the_product_ladder():
    plan, _ = plan_for("Director of Product", target=4)
    assert plan.path == "promotion" and plan.target_level == "director"


def test_a_pm_content_where_they_are_gets_no_promotion_steps():
    plan, transcript = plan_for("Product Manager", target=1,
                                answers=[("interests", "I really enjoy API design.")])
    assert plan.path == "content"
    assert not [m.text for m in plan.milestones if PROMOTION.search(m.text)]
    assert any("API design" in m.text for m in plan.milestones)


def test_content_said_in_words_is_honoured_even_without_a_target():
    st = InterviewState(slots={}, current_title="Product Manager", current_rank=1)
    transcript = talk(("vision", "I'm happy where I am, honestly, no promotion for me."))
    plan = draft_plan(transcript, st, LADDER, None, TODAY).plan
    assert plan.path == "content" and not [m for m in plan.milestones if PROMOTION.search(m.text)]


def test_ladder_gap_steps_are_written_for_that_gap_and_that_target():
    gaps = ["customers", "metrics", "horizon"]
    texts = {}
    for rank in (2, 4):
        level = LADDER.by_rank(rank)
        offered = [OfferedGap(id=f"{level.id}.{d}", label=d, text=level.expectation(d)) for d in gaps]
        plan, _ = plan_for(level.title, current=1, target=rank, gaps_offered=offered)
        steps = {g: next(m.text for m in plan.milestones if f"{level.id}.{g}" in m.gap_ids and m.kind == "near_term")
                 for g in gaps}
        assert len(set(steps.values())) == len(gaps), "one step per gap, each its own"
        texts[rank] = steps
    assert all(texts[2][g] != texts[4][g] for g in gaps), "a director's step is not a senior PM's"


def test_a_pm_who_wants_no_reports_gets_no_people_management_steps():
    level = LADDER.by_rank(3)
    offered = [OfferedGap(id=f"{level.id}.{d}", label=d, text=level.expectation(d)) for d in ("people", "horizon")]
    plan, _ = plan_for("Principal PM", current=2, target=3, gaps_offered=offered,
                       answers=[("experiences", "I don't want to manage managers; I want to go deep.")])
    assert not [m for m in plan.milestones if "group_pm.people" in m.gap_ids and m.origin == "ai"]
    assert any(g.id == "group_pm.people" for g in plan.gaps), "the gap is still named"


def test_a_need_said_as_a_verb_reads_as_a_purpose_not_for_plus_a_verb():
    from assistant.plan.paths import lead_in

    assert lead_in("present the results to the claims director on my own") == \
        "To present the results to the claims director on my own"
    assert lead_in("pricing and packaging") == "For pricing and packaging"
