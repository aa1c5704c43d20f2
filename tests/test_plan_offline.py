"""The offline drafter passes every check whatever the interview collected, even almost nothing."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings, strategies as st

from assistant.interview.session import Message
from assistant.interview.stages import ALL_SLOTS
from assistant.interview.state import Gap as OfferedGap, InterviewState
from assistant.ladder import load_ladder
from assistant.plan.checks import check_plan
from assistant.plan.offline import offline_plan

LADDER = load_ladder()
PHRASES = st.sampled_from([
    "Director of Product", "by March I'll ship the new onboarding flow", "dunno", "",
    "I'd need to get better at saying no to stakeholders, and owning a P&L", "Pricing work energizes me.",
    "Present my roadmap at the quarterly business review.", "in six weeks run five customer interviews",
    "so probably leading several teams properly, but not by accident", "😀 “quoted” words — fine",
])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(slots=st.dictionaries(st.sampled_from(ALL_SLOTS), PHRASES, max_size=6),
       declined=st.booleans(), current=st.sampled_from([None, 0, 1, 2, 3, 4]),
       target=st.sampled_from([None, 1, 3, 4, 5]), years=st.sampled_from([1, 2, 5, 10]),
       offered=st.lists(st.sampled_from(["customers", "metrics", "horizon", "people"]), unique=True),
       today=st.dates(min_value=date(2024, 1, 1), max_value=date(2032, 12, 31)))
def test_offline_plans_always_pass_the_checks(slots, declined, current, target, years, offered, today):
    slots = {k: v for k, v in slots.items() if v}
    level = LADDER.by_rank(target) if target is not None else None
    gaps = [OfferedGap(id=f"{level.id}.{d}", label=d, text=level.expectation(d)) for d in offered] if level else []
    state = InterviewState(slots=slots, horizon_declined=declined, horizon_years=1 if declined else years,
                           current_rank=current, target_rank=target, gaps_offered=gaps,
                           target_title=level.title if level else None)
    transcript = [Message("pm", text) for text in slots.values()]
    plan = offline_plan(transcript, state, LADDER, today)
    failures = check_plan(plan, transcript, gaps, None, declined)
    assert failures == [], [str(f) for f in failures]
    assert plan.milestones and (not declined or plan.vision.is_empty())


def test_names_in_a_need_keep_their_capital():
    from assistant.plan.needs import core, decap
    assert decap("Sam needs more time with customers").startswith("Sam")
    assert core("Managing managers") == "managing managers"
    assert core("I'd need to get better at saying no.") == "saying no"
