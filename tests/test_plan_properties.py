"""Every offline draft validates and holds no sentence the PM used to refuse, stop or ask, whatever was said."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings, strategies as st

from assistant.interview.session import Message
from assistant.interview.stages import ALL_SLOTS
from assistant.interview.state import Gap as OfferedGap, InterviewState
from assistant.ladder import load_ladder
from assistant.plan import speech
from assistant.plan.checks import check_plan, normalise
from assistant.plan.drafter import draft_plan
from assistant.plan.schema import Plan

LADDER = load_ladder()
STAGES = ["vision", "experiences", "strengths", "interests", "intersections", "milestones"]
NOISE = [
    "I don't know.", "What do you think I should do?", "Can we stop here?", "That's all, thanks.", "Bye!",
    "Three things", "right now?", "More ownership, I suppose.", "I'd rather not say.", "Let's stop.",
    "Is this going to my manager?", "Skip.", "No idea, honestly.", "Draft my plan now.", "Done.",
]
SAYINGS = [
    "By March I'll ship the refunds flow and by June I'll run the pricing review.",
    "In six weeks I will run five customer interviews and share a summary.",
    "By the end of Q2 I'll cut billing tickets down a third.", "Present my roadmap at the business review.",
    "Director of Product at a fintech in Berlin.", "Founder of my own startup", "UX researcher",
    "I'm happy where I am, no promotion for me.", "I need more visibility with the execs and owning a P&L.",
    "I enjoy pricing work.", "in a couple of years I might want to think about leading a team",
    "I'm burnt out, I just want to get through the year.", "😀 “quoted” words — 東京 fine by H1",
    "<b>bold</b> by 2027-02-01 I will publish the memo", "Head of Product", "Berlin",
]
NOTES = [None, "grow toward Group PM in two years, own merchant onboarding in H1, mentor the APM",
         "Needs to spend more time with enterprise customers. I will introduce her to the sales leads.",
         "Led the checkout redesign that grew conversion 12%."]


@st.composite
def conversations(draw):
    answers = draw(st.lists(st.tuples(st.sampled_from(STAGES), st.sampled_from(NOISE + SAYINGS)), max_size=8))
    transcript = []
    for stage, text in answers:
        transcript += [Message("assistant", f"A question about {stage}?", stage, "ask"), Message("pm", text, stage)]
    return transcript


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(transcript=conversations(),
       slots=st.dictionaries(st.sampled_from(ALL_SLOTS), st.sampled_from(NOISE + SAYINGS), max_size=5),
       declined=st.booleans(), current=st.sampled_from([None, 0, 1, 2, 3]),
       target=st.sampled_from([None, 1, 2, 4, 5]), notes=st.sampled_from(NOTES),
       offered=st.lists(st.sampled_from(["customers", "metrics", "horizon", "people"]), unique=True),
       today=st.dates(min_value=date(2025, 1, 1), max_value=date(2031, 12, 31)))
def test_every_drafted_plan_validates_and_holds_no_refusal_stop_or_question(
        transcript, slots, declined, current, target, notes, offered, today):
    level = LADDER.by_rank(target) if target is not None else None
    gaps = [OfferedGap(id=f"{level.id}.{d}", label=d, text=level.expectation(d)) for d in offered] if level else []
    state = InterviewState(slots=slots, horizon_declined=declined, horizon_years=1 if declined else 5,
                           current_rank=current, target_rank=target, gaps_offered=gaps,
                           target_title=level.title if level else None)
    result = draft_plan(transcript, state, LADDER, None, today, notes)
    plan = Plan.model_validate(result.plan.model_dump(mode="json"))
    failures = check_plan(plan, transcript, gaps, notes, declined)
    assert failures == [], [str(f) for f in failures]
    assert plan.milestones and all(m.due.weekday() < 5 for m in plan.milestones if m.origin != "pm")
    said = [t for t in [m.text for m in transcript if m.role == "pm"] + list(slots.values())]
    refusing = {normalise(s).lower().rstrip(".!?") for t in said for s in speech.sentences(t)
                if speech.is_refusal(s) or speech.is_goodbye(s) or speech.is_question(s)}
    for m in plan.milestones:
        text = normalise(m.text).lower().rstrip(".!?")
        assert text not in refusing and not any(r and r == text.split(": ", 1)[-1] for r in refusing)
    if not any(m.origin in ("pm", "manager") for m in plan.milestones):
        assert plan.notice and not result.own_words
