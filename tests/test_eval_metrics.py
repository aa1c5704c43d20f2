"""Deterministic evaluation metrics on hand-made transcripts, passing and failing."""

from __future__ import annotations

import pytest

from assistant.evaluation.cases import Case, Expect
from assistant.evaluation.metrics import fill_rates, one_question_share, quotes_verbatim, score_case
from assistant.evaluation.understanding import (asked_again, false_back_offs, pasted, pushes_after,
                                                slot_accuracy)
from assistant.persona import Persona, PersonaContext


def a(text, move="ask", stage="vision"):
    return {"role": "assistant", "text": text, "stage": stage, "move": move}


def pm(text):
    return {"role": "pm", "text": text, "stage": "vision", "move": None}


def case(notes=None, **expect):
    persona = Persona(name="t", context=PersonaContext(current_role="Product Manager", manager_notes=notes),
                      answers=["x"])
    return Case(persona=persona, expect=Expect(**expect), path="t.yaml")


def test_one_question_share_counts_stacked_questions():
    transcript = [a("Where do you see yourself?"), pm("VP."), a("What company? And where?")]
    assert one_question_share(transcript) == 0.5


def test_a_recap_quoting_the_pms_question_is_not_a_second_question():
    transcript = [a("What role?"), pm("What do others say? I want to be a director."),
                  a("Here's what I heard: What do others say? I want to be a director. What comes next?",
                    "wrap_up")]
    assert one_question_share(transcript) == 1.0


def test_returning_to_five_years_after_back_off_is_a_push():
    transcript = [a("In five years, what role?"), pm("I can't think that far ahead, new baby."),
                  a("That's fine. What about this year?", "back_off"), pm("Get better at planning."),
                  a("Great. And picturing five years from now, what title would you want?", "ask")]
    assert pushes_after(transcript, 1) == 1


def test_backing_off_twice_or_reflecting_potential_after_back_off_are_pushes():
    transcript = [a("Q?"), pm("no"), a("Fine, this year?", "back_off"), pm("no"),
                  a("Okay, shall we skip?", "back_off"), pm("ok"),
                  a("You led the launch; you could aim higher. What next?", "reflect_potential")]
    assert pushes_after(transcript, 1) == 2


def test_setting_the_long_view_aside_is_not_a_push():
    transcript = [a("In five years?"), pm("Not now."), a("Sure.", "back_off"), pm("Ok"),
                  a("Leaving the five-year view aside, what would you like to learn this year?", "advance",
                    "experiences"),
                  a("Thanks. Recap: you said you can't think five years out.", "wrap_up", "wrap_up")]
    assert pushes_after(transcript, 1) == 0


def test_long_horizon_questions_without_resistance_are_not_pushes():
    assert pushes_after([a("In five years, what role?"), pm("VP"), a("In ten years?")], None) == 0


def test_fill_rates_follow_a_declined_horizon():
    state = {"slots": {"goal": "plan better", "experiences": "x", "milestones": "y"}, "horizon_declined": True}
    overall, vision, stages = fill_rates(state)
    assert vision == 1.0
    assert stages == pytest.approx(2 / 5)
    assert overall == pytest.approx(3 / 6)


def test_fill_rates_count_open_vision_slots():
    overall, vision, stages = fill_rates({"slots": {"title": "VP", "company": "SaaS"}})
    assert vision == 0.5 and stages == 0.0 and overall == pytest.approx(2 / 9)


def test_invented_evidence_is_caught():
    sources = ["I led the checkout redesign that grew conversion 12%."]
    assert quotes_verbatim(["led the checkout  redesign", "grew revenue 40%"], sources) == 0.5
    assert quotes_verbatim([], sources) is None


def test_score_case_flags_missing_potential_reflection_and_html():
    result = {"transcript": [a("What role?"), pm("Senior PM."), a("<b>Great</b>. Strengths?", "advance")],
              "state": {"slots": {"title": "Senior PM"}, "done": False, "evidence": ["led the launch"]}}
    score = score_case(case(notes="I led the launch of X", reflect_potential=True, complete=True), result)
    assert score.potential_ok is False
    assert score.complete_ok is False
    assert score.safe_output == 0.5
    assert score.evidence_verbatim == 1.0
    assert score.turns == 2 and score.turns_to_complete is None


def test_score_case_passes_a_good_back_off_interview():
    transcript = [a("In five years, what role?"), pm("I can't think five years out, my dad is ill."),
                  a("Of course. Just this year, what would you like?", "back_off"), pm("Delegate more."),
                  a("Thanks, here's the recap.", "wrap_up", "wrap_up")]
    result = {"transcript": transcript,
              "state": {"slots": {"goal": "Delegate more."}, "horizon_declined": True, "done": True}}
    score = score_case(case(back_off=True, reflect_potential=False, offer_gaps=False, complete=True), result)
    assert (score.back_off_ok, score.potential_ok, score.gaps_ok, score.complete_ok) == (True, True, True, True)
    assert score.pushes_after_resistance == 0
    assert score.turns_to_complete == 3


def test_reflecting_potential_twice_fails_even_when_due():
    moves = [a("Q?"), pm("x"), a("You could aim higher. Q?", "reflect_potential"), pm("y"),
             a("Really, aim higher. Q?", "reflect_potential")]
    score = score_case(case(reflect_potential=True), {"transcript": moves, "state": {}})
    assert score.potential_ok is False
    assert "potential reflected 2 times" in score.notes


def test_plan_failures_make_the_plan_fail():
    score = score_case(case(), {"transcript": [a("Q?")], "state": {}}, ["[undated] milestone m1"])
    assert score.plan_ok is False and score.plan_failures == ["[undated] milestone m1"]
    assert score_case(case(), {"transcript": [a("Q?")], "state": {}}, []).plan_ok is True


def test_pushes_count_from_the_resistance_even_when_the_interviewer_never_backed_off():
    """The blind spot of counting from the first back_off: a missed refusal scored 0 pushes."""
    transcript = [a("In five years, what role?"), pm("I'm burnt out, I can't look that far."),
                  a("Take your time. What role do you picture in five years?", "probe"),
                  pm("Really, not now."), {**a("What kind of company?", "ask"), "slot": "company"}]
    assert pushes_after(transcript, 1) == 2


def test_a_back_off_before_any_resistance_is_a_false_back_off():
    transcript = [a("In five years?"), pm("I can't imagine managing people. Principal PM."),
                  a("That's fine, let's look at this year instead. What would make it good?", "back_off")]
    assert false_back_offs(transcript, None) == 1
    assert false_back_offs(transcript, 1) == 0


def test_slot_accuracy_fails_a_refusal_stored_as_the_title():
    """The blind spot of slot-fill: any stored text counted as filled."""
    c = case(slots={"title": None, "goal": ["onboarding"]})
    refusal = {"slots": {"title": "To be blunt, I'm burnt out", "goal": "Ship the onboarding revamp"}}
    right = {"slots": {"goal": "Ship the onboarding revamp"}}
    assert slot_accuracy(c, refusal)[0] == 0.5
    assert slot_accuracy(c, right)[0] == 1.0


def test_slot_accuracy_fails_a_value_that_is_a_whole_paragraph():
    c = case(slots={"location": ["berlin"]})
    long = {"slots": {"location": "I think Berlin because my partner's family is there and we have "
                                  "talked about it for years and years"}}
    assert slot_accuracy(c, long)[0] == 0.0


def test_pm_text_pasted_into_a_question_is_counted():
    transcript = [a("What role?"), pm("To be blunt, I'm burnt out and tired of it all"),
                  a("What would you need to be ready for To be blunt, I'm burnt out and tired?")]
    assert pasted(transcript) == 1


def test_asking_for_what_was_just_volunteered_is_counted():
    c = case(slots={"location": ["berlin"]})
    transcript = [a("Role?"), {**pm("Head of Product in Berlin."), "truth": {"kind": "reply", "slot": "title"}},
                  {**a("Where would you like to be based?"), "slot": "location"}]
    assert asked_again(c, transcript) == 1


def test_a_later_stage_sharing_a_word_with_an_earlier_answer_is_not_asked_again():
    c = case(slots={"milestones": ["billing"]})
    transcript = [{**a("What interests you?"), "slot": "interests"},
                  {**pm("Billing systems."), "truth": {"kind": "reply", "slot": "interests"}},
                  {**a("What is one step, with a date?"), "slot": "milestones"}]
    assert asked_again(c, transcript) == 0
