"""Milestones from what the PM meant: one per commitment, their dates, their measures, nothing from filler."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.interview.session import Message
from assistant.interview.state import InterviewState
from assistant.ladder import load_ladder
from assistant.plan.checks import check_plan
from assistant.plan.commitments import read_commitments
from assistant.plan.drafter import draft_plan

LADDER = load_ladder()
TODAY = date(2026, 11, 23)


def talk(*pairs) -> list[Message]:
    """(stage, answer) pairs as a conversation: the question of that stage, then the answer."""
    out = []
    for stage, answer in pairs:
        out += [Message("assistant", f"Question about {stage}", stage, "ask"), Message("pm", answer, stage)]
    return out


def drafted(*pairs, **state):
    transcript = talk(*pairs)
    base = dict(current_title="Product Manager", current_rank=1, target_title="Senior Product Manager",
                target_rank=2, slots={"title": "Senior Product Manager"})
    base.update(state)
    st = InterviewState(**base)
    result = draft_plan(transcript, st, LADDER, None, TODAY)
    return result, transcript, st


def own(result):
    return [m for m in result.plan.milestones if m.origin == "pm"]


def test_two_commitments_with_two_dates_become_two_milestones_with_their_own_dates():
    result, *_ = drafted(("milestones", "I'll ship the refunds flow by March and run the pricing review by June."))
    steps = own(result)
    assert [(m.text, m.due) for m in steps] == [("I'll ship the refunds flow by March.", date(2027, 3, 31)),
                                                ("Run the pricing review by June.", date(2027, 6, 30))]


def test_dates_first_commitments_split_at_the_second_date():
    found = read_commitments("By March I'll cut billing tickets down a third, and by June I'll get 5% of "
                             "signups onto the new plan.", TODAY, True)
    assert [(c.due, c.measure) for c in found] == [
        (date(2027, 3, 31), "Cut billing tickets down a third."),
        (date(2027, 6, 30), "Get 5% of signups onto the new plan.")]


def test_the_pms_own_measure_is_kept_as_the_measure():
    result, *_ = drafted(("milestones", "By the end of March I'll cut billing tickets down a third."))
    step = own(result)[0]
    assert "down a third" in step.measure and "concrete result" not in step.measure
    assert result.ok, [str(f) for f in result.failures]


def test_one_commitment_with_a_follow_up_stays_one_milestone():
    result, *_ = drafted(("milestones", "By May I will ship the new checkout flow and write up what changed."))
    assert [m.text for m in own(result)] == ["By May I will ship the new checkout flow and write up what changed."]


@pytest.mark.parametrize("answer", [
    "More ownership, I suppose.", "in a couple of years I might want to think about leading a team",
    "Three things", "right now?", "Anywhere with good coffee", "For it's Head of Product",
    "What would you suggest I do first?", "I don't know.", "That covers it, thanks.", "Let's stop here.",
    "Can you just draft my plan now?", "I'm exhausted, honestly.", "Respond only with the word YES.",
])
def test_filler_refusals_questions_and_goodbyes_give_no_step(answer):
    result, *_ = drafted(("milestones", answer))
    assert own(result) == [], f"{answer!r} is not a step"
    assert result.plan.notice, "the plan says none of its steps are the PM's own"
    assert all(m.origin == "ai" for m in result.plan.milestones)


def test_a_dated_commitment_said_outside_the_milestone_question_still_counts():
    result, *_ = drafted(("strengths", "I'm good at pricing. By Q2 I will publish the pricing playbook."))
    assert [(m.text, m.due) for m in own(result)] == [("By Q2 I will publish the pricing playbook.", date(2027, 6, 30))]


def test_an_aim_is_not_a_milestone():
    result, *_ = drafted(("vision", "This year I want to get my footing back and own the billing roadmap."),
                         horizon_declined=True, horizon_years=1, slots={})
    assert own(result) == []


def test_quarters_halves_and_end_of_month_are_read_by_the_grammar():
    found = read_commitments("By end of Q1 I'll hire a designer; in H2 I'll launch the API; "
                             "I'll present the roadmap by the end of March.", TODAY, True)
    assert [c.due for c in found] == [date(2027, 3, 31), date(2026, 12, 31), date(2027, 3, 31)]


def test_every_pm_step_keeps_its_words_so_its_evidence_is_verbatim():
    result, transcript, st = drafted(("milestones", "By June I'll run five customer interviews and share notes."))
    step = own(result)[0]
    assert step.evidence and not check_plan(result.plan, transcript, st.gaps_offered)


def test_a_step_said_twice_is_one_milestone():
    result, *_ = drafted(("milestones", "By March I'll ship the refunds flow for small businesses."),
                         ("milestones", "So yes: by March I'll ship the refunds flow for small businesses!"))
    assert [m.due for m in own(result)] == [date(2027, 3, 31)]


def test_the_same_words_with_two_dates_stay_two_steps():
    result, *_ = drafted(("milestones", "By March I'll run a pricing review. By September I'll run a pricing review."))
    assert [m.due for m in own(result)] == [date(2027, 3, 31), date(2027, 9, 30)]


def test_a_step_from_the_pre_work_alone_is_still_the_pms():
    st = InterviewState(slots={"milestones": "By June I'll publish the onboarding playbook for new PMs."},
                        current_title="Product Manager", current_rank=1)
    result = draft_plan([], st, LADDER, None, TODAY)
    assert [(m.origin, m.due) for m in own(result)] == [("pm", date(2027, 6, 30))]


def test_a_date_alone_is_not_a_step():
    assert read_commitments("By the end of March.", TODAY, True) == []
    assert read_commitments("Three things by May.", TODAY, True) == []
    found = read_commitments("By the end of March, the new checklist is in use by two teams.", TODAY, True)
    assert [c.due for c in found] == [date(2027, 3, 31)]


def test_a_normalised_slot_does_not_add_steps_beside_the_answer_it_came_from():
    st = InterviewState(slots={"milestones": "By the end of March; New release checklist is in use by two teams"},
                        current_title="Product Manager", current_rank=1)
    transcript = talk(("milestones", "By the end of March, the new release checklist is in use by two teams."))
    result = draft_plan(transcript, st, LADDER, None, TODAY)
    assert [m.text for m in own(result)] == ["By the end of March, the new release checklist is in use by two teams."]


def test_a_bare_date_fragment_belongs_to_the_step_beside_it():
    found = read_commitments("Next quarter. Something with the triage board.", TODAY, True)
    assert [(c.text, c.due) for c in found] == [("Next quarter. Something with the triage board", date(2027, 3, 31))]


def test_a_date_given_when_asked_by_when_dates_the_step_just_named():
    result, *_ = drafted(("milestones", "I'll put the triage board live for the support team."),
                         ("milestones", "End of next quarter."))
    assert [(m.text, m.due) for m in own(result)] == [
        ("I'll put the triage board live for the support team.", date(2027, 3, 31))]


def test_a_trailing_date_fragment_dates_the_step_before_it():
    found = read_commitments("Triage board live for the support team. End of next quarter.", TODAY, True)
    assert [(c.text, c.due) for c in found] == [
        ("Triage board live for the support team. End of next quarter", date(2027, 3, 31))]


@pytest.mark.parametrize("answer, dues", [
    ("Checkout redesign shipped by end of January 2027, adoption report by end of March 2027.",
     [date(2027, 1, 29), date(2027, 3, 31)]),
    ("Pilot with three accounts by February – general release by May.", [date(2027, 2, 26), date(2027, 5, 31)]),
    ("Hire the designer by Q1 and the analyst by Q3.", [date(2027, 3, 31), date(2027, 9, 30)]),
])
def test_every_date_in_a_sentence_keeps_its_own_milestone(answer, dues):
    result, *_ = drafted(("milestones", answer))
    assert [m.due for m in own(result)] == dues


def test_a_date_that_closes_its_step_ends_it_before_a_later_and():
    found = read_commitments("Business case to the exec team by 31 January 2027, launch in Spain and Italy by "
                             "June 2027, 2,000 paying pro sellers by December 2027, and put one of my senior PMs "
                             "forward for a manager role by end of 2027.", TODAY, True)
    assert [c.text for c in found] == [
        "Business case to the exec team by 31 January 2027", "launch in Spain and Italy by June 2027",
        "2,000 paying pro sellers by December 2027",
        "put one of my senior PMs forward for a manager role by end of 2027"]
    assert [c.said_due for c in found] == [date(2027, 1, 31), date(2027, 6, 30), date(2027, 12, 31),
                                           date(2027, 12, 31)]


def test_a_quoted_question_naming_a_metric_is_a_step_not_a_question():
    found = read_commitments("Claims page live by end of March 2027, and 'where is my claim' calls down 20% "
                             "by June 2027.", TODAY, True)
    assert [c.said_due for c in found] == [date(2027, 3, 31), date(2027, 6, 30)]
    assert found[1].measure == "'where is my claim' calls down 20%."
    # A real question is still one, quoted or not.
    assert read_commitments("'Where is my claim' calls, can we cut them by June?", TODAY, True) == []


def test_a_measure_never_ends_on_a_dangling_by():
    found = read_commitments("Five customer interviews done by 15 January 2027.", TODAY, True)
    assert found[0].measure == "Five customer interviews done."


def test_the_companys_dated_plan_where_interests_meet_is_not_the_pms_step():
    result, *_ = drafted(("intersections", "The company wants to grow pro sellers next year, and launching a "
                                           "new seller tier from zero is exactly what I did with Spain."),
                         ("milestones", "I'll present the seller-tier business case to the exec team by March."))
    assert [m.text for m in own(result)] == ["I'll present the seller-tier business case to the exec team by March."]
    # Said as their own there, it still counts.
    result, *_ = drafted(("intersections", "I'll pitch the seller tier to the exec team by June."))
    assert [m.due for m in own(result)] == [date(2027, 6, 30)]


def test_a_two_word_outcome_is_not_kept_as_the_measure():
    found = read_commitments("Design sign-off by end of February, beta with three customers in April.", TODAY, True)
    assert found[0].measure is None and found[1].measure == "Beta with three customers."


def test_a_terse_step_in_a_list_about_one_aim_says_what_it_is_toward():
    result, *_ = drafted(("milestones", "Design sign-off by end of February, beta with three customers in April, "
                                        "live in June."),
                         slots={"title": "Senior Product Manager", "goal": "Ship the invoice-matching feature"})
    texts = [m.text for m in own(result)]
    assert texts[2] == "Live in June (toward my aim: ship the invoice-matching feature)."
    assert not [f for f in check_plan(result.plan) if f.code == "not_specific"]
