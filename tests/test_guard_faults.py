"""Guard faults found by the scripted oracle evaluation: the guards turned down phrasebook-quality
text and overrode a model that read an intent right. Each test fails on the guard as it was."""

from __future__ import annotations

from types import SimpleNamespace
import re
from typing import Any

import pytest
import yaml

from assistant.interview.guards import ModelReading, guard_reading, message_rules
from assistant.interview.phrasing import PHRASES, PhrasebookSpeaker
from assistant.interview.reading import Reading, SlotValues
from assistant.interview.speaker import LLMSpeaker
from assistant.interview.stages import SLOT_LABELS, Stage
from assistant.interview.state import Gap, InterviewState, Move, MoveKind
from fakes import ScriptedChat

GAPS = [Gap(id="scope", label="Scope",
            text="Owns a complex area or several related teams, with little direction."),
        Gap(id="people", label="People leadership",
            text="Mentors other PMs and raises the bar for the team's practice.")]


def _record(**fields: Any) -> SimpleNamespace:
    """A model's record with every key present, as a grammar-constrained server sends it."""
    data = {k: None for k in ModelReading.model_fields}
    data["slots"] = {**{k: None for k in SlotValues.model_fields}, **fields.pop("slots", {})}
    data.update(fields)
    return SimpleNamespace(model_dump=lambda: data)


def _spoken(ladder, text: str, move: Move, state: InterviewState, history=None, last_answer="Sure."):
    """What the LLM path shows when the model says `text` for `move`, and the verdict."""
    speaker = LLMSpeaker(ScriptedChat(script=[text]), ladder)
    if history is None:
        history = [("assistant", "Thanks for making time."), ("pm", last_answer)]
    shown = "".join(speaker.stream(move, state, history, last_answer))
    return shown, speaker.last_verdict


# 1. Line breaks in lists ---------------------------------------------------------------------

def test_gap_bullets_keep_their_line_breaks_when_streamed_by_sentence(ladder):
    move = Move(kind=MoveKind.OFFER_GAPS, stage=Stage.STRENGTHS, slot="strengths", gaps=GAPS)
    state = InterviewState(asked="experiences", target_title="Senior Product Manager")
    text = ("Good list. Senior Product Manager usually calls for more:\n\n"
            "- **Scope**: Owns a complex area or several related teams, with little direction.\n"
            "- **People leadership**: Mentors other PMs and raises the bar for the team's practice.\n\n"
            "We can fold these into your plan. What do you see as your strongest skills today?")
    shown, verdict = _spoken(ladder, text, move, state)
    assert verdict.outcome == "shown", verdict.faults
    assert shown == text
    assert "direction.\n- **People" in shown


def test_a_recap_keeps_one_line_per_slot(ladder):
    state = InterviewState(slots={"title": "Group PM", "location": "Remote, Lisbon"}, target_title="Group PM")
    text = ("Here's what I heard:\n\n- **Title**: Group PM\n- **Where**: Remote, Lisbon\n\n"
            "Thanks for your time.")
    shown, verdict = _spoken(ladder, text, Move(kind=MoveKind.WRAP_UP, stage=Stage.WRAP_UP), state)
    assert verdict.outcome == "shown", verdict.faults
    assert shown.splitlines() == ["Here's what I heard:", "", "- **Title**: Group PM",
                                  "- **Where**: Remote, Lisbon", "", "Thanks for your time."]


# 2. Message rules on phrasebook-quality text -------------------------------------------------

def test_the_phrasebook_probes_are_on_topic():
    for key, probes in yaml.safe_load(PHRASES.read_text(encoding="utf-8"))["probes"].items():
        # "experiences_short": the same slot's probe once the long view is put down.
        rules = message_rules("probe", key.removesuffix("_short"), False, "", [])
        for probe in probes:
            question = re.split(r"(?<=[.!?])\s+", probe)[-1]
            assert rules.on_topic(question), (key, probe)


@pytest.mark.parametrize("slot", ["title", "company", "location", "people", "strengths"])
@pytest.mark.parametrize("question", [
    "Would you rather not look that far ahead, or are you just not sure yet?",
    "Would you like to stop here for today?",
    "Shall we leave this question for now?",
])
def test_a_check_question_is_on_topic_whatever_slot_it_interrupts(slot, question):
    rules = message_rules("clarify", slot, False, "", [])
    assert "off_topic" not in rules.sentence_faults(question, "")


def test_a_check_question_about_something_else_is_still_off_topic():
    rules = message_rules("clarify", "title", False, "", [])
    assert "off_topic" in rules.sentence_faults("What is your favourite food?", "")


@pytest.mark.parametrize("sentence,said", [
    ("By the end of Q3 you'll publish the results.", "By the end of Q3 I'll publish the results"),
    ("A Series C B2B SaaS scale-up suits you.", "A Series C B2B SaaS scale-up"),
    ("Twenty pharmacy interviews with Inès sounds right.", "Twenty pharmacy interviews with Inès"),
    ("Remote, or São Paulo then.", "Remote, São Paulo"),
    ("So working with Éric again.", "I'd love to work with Éric again"),
])
def test_the_pms_own_words_with_digits_or_accents_are_known(sentence, said):
    assert not message_rules("ask", "title", False, "", [said]).invented(sentence)
    assert message_rules("ask", "title", False, "", ["something else entirely"]).invented(sentence)


def test_a_word_of_our_machinery_the_pm_used_may_be_quoted_back():
    said = "Just more reps shipping, and go deeper on prompt engineering."
    rules = message_rules("wrap_up", None, False, "You write the prompt: {known}", [said])
    assert rules.sentence_faults("- **Experiences**: Go deeper on prompt engineering\n", "") == []
    assert rules.sentence_faults("As the prompt says, we are done.", "") == ["prompt_echo"]
    assert message_rules("wrap_up", None, False, "", ["Nothing like it."]).sentence_faults(
        "- **Experiences**: Go deeper on prompt engineering\n", "") == ["prompt_echo"]


def _bank() -> dict:
    return yaml.safe_load(PHRASES.read_text(encoding="utf-8"))


def _fill(ladder, move: Move, state: InterviewState) -> dict[str, str]:
    return PhrasebookSpeaker(ladder)._fill(move, state)


def _cases(ladder) -> list[tuple[str, str, Move, InterviewState]]:
    """Every phrasing in the bank as the message for the move it is used for: (name, text, move,
    state). Bodies that carry no question are completed with a question the bank has for the slot."""
    bank = _bank()
    current = dict(current_title="Product Manager", current_rank=1)
    aiming = InterviewState(asked="title", target_title="Senior Product Manager", target_rank=2,
                            evidence=["Last year I took on-time delivery alerts from 91 to 97 percent accuracy "
                                      "and cut carrier onboarding from three weeks to four days"], **current)
    declined = InterviewState(asked="goal", horizon_declined=True, horizon_years=1, **current)
    summary = InterviewState(slots={"title": "Senior PM in Q3", "company": "B2B SaaS in São Paulo",
                                    "people": "People like Inès"}, target_title="Senior Product Manager",
                             target_rank=2, **current)
    out: list[tuple[str, str, Move, InterviewState]] = []

    def add(name: str, body: str, move: Move, state: InterviewState, question_key: str | None = None):
        fill = _fill(ladder, move, state)
        text = body.format(**fill)
        if question_key:
            text += " " + bank["questions"][question_key][0].format(**fill)
        out.append((name, text, move, state))

    for group in ("questions", "probes"):
        for key, options in bank[group].items():
            slot = key.split("_")[0]
            kind = MoveKind.PROBE if group == "probes" else MoveKind.ASK
            state = declined if key.endswith("_short") or slot == "goal" else aiming
            for i, option in enumerate(options):
                add(f"{group}.{key}[{i}]", option, Move(kind=kind, stage=Stage.VISION, slot=slot), state)
    for key in ("clarify", "clarify_stop", "clarify_skip"):
        check = {"clarify": "resistance", "clarify_stop": "end_requested", "clarify_skip": "skip"}[key]
        for slot in SLOT_LABELS:
            for i, option in enumerate(bank[key]):
                move = Move(kind=MoveKind.CLARIFY, stage=Stage.VISION, slot=slot, check=check)
                add(f"{key}[{i}]@{slot}", option, move, aiming)
    for ack, options in bank["acknowledge"].items():
        for i, option in enumerate(options or []):
            move = Move(kind=MoveKind.ASK, stage=Stage.VISION, slot="company")
            add(f"acknowledge.{ack}[{i}]", option, move, aiming, "company")
    for key, options in bank["advance"].items():
        slot = key.split("_")[0]  # "experiences_blank" leads to the experiences question too
        state = declined if slot == "goal" else aiming
        question = "experiences_short" if slot == "experiences" and state is declined else key
        for i, option in enumerate(options):
            add(f"advance.{key}[{i}]", option, Move(kind=MoveKind.ADVANCE, stage=Stage.VISION, slot=slot),
                state, question)
    for i, option in enumerate(bank["back_off"]):
        move = Move(kind=MoveKind.BACK_OFF, stage=Stage.VISION, slot="goal", horizon_years=1)
        add(f"back_off[{i}]", option, move, declined, "goal")
    # Reflecting potential and offering gaps come before whichever slot is next, so with every
    # question the bank asks (the longest make the longest messages).
    for key in bank["questions"]:
        slot = key.split("_")[0]
        for i, option in enumerate(bank["reflect_potential"]):
            move = Move(kind=MoveKind.REFLECT_POTENTIAL, stage=Stage.EXPERIENCES, slot=slot,
                        evidence=aiming.evidence)
            add(f"reflect_potential[{i}]+{key}", option, move, aiming, key)
        for i, option in enumerate(bank["offer_gaps"]):
            move = Move(kind=MoveKind.OFFER_GAPS, stage=Stage.STRENGTHS, slot=slot, gaps=GAPS)
            add(f"offer_gaps[{i}]+{key}", option, move, aiming, key)
    for key, state in (("wrap_up", summary), ("wrap_up_empty", InterviewState())):
        for i, option in enumerate(bank[key]):
            add(f"{key}[{i}]", option, Move(kind=MoveKind.WRAP_UP, stage=Stage.WRAP_UP), state)
    return out


def test_every_phrasing_in_the_bank_passes_the_message_rules_for_its_move(ladder):
    """A bank-wide property: the phrasebook is what a failing message is replaced with, so the
    guard must pass every phrasing it has for the move it is used for, as the LLM path shows it.
    The guard ends a message at its first question (the speaker prompt's rule), so that is where
    a phrasing that asks is expected to end."""
    cases = _cases(ladder)
    assert len(cases) > 80  # every group of the bank is reached
    failures = []
    for name, text, move, state in cases:
        shown, verdict = _spoken(ladder, text, move, state, last_answer="Hard to say, honestly.")
        first_question = re.match(r"[^?]*\?(?=\s|$)", text, re.S)
        expected = first_question.group(0) if first_question and move.slot else text
        if verdict.outcome != "shown" or verdict.faults or shown != expected:
            failures.append((name, verdict.faults, text))
    assert not failures, "\n".join(map(str, failures))


# 3. Reading guard: disagreement about resistance is a doubt --------------------------------

def _offline(**fields: Any) -> Reading:
    return Reading(answers_question=True, **fields)


def test_the_offline_readers_not_now_against_a_clear_model_no_becomes_a_doubt(ladder):
    answer = "Saying no to scope. Badly need that."
    reading, replaced = guard_reading(_record(answers_question=True, resistance=False),
                                      _offline(resistance=True, confidence=0.84), answer, ladder)
    assert not reading.resistance and reading.doubt == "resistance" and reading.confidence <= 0.5
    assert "doubted:resistance" in replaced and "empty" not in replaced


def test_the_models_not_now_alone_becomes_a_doubt_too(ladder):
    answer = "Fried."
    reading, replaced = guard_reading(_record(answers_question=False, resistance=True),
                                      _offline(), answer, ladder)
    assert not reading.resistance and reading.doubt == "resistance" and reading.confidence <= 0.5
    assert "doubted:resistance" in replaced


def test_a_silent_model_leaves_the_offline_not_now_standing(ladder):
    answer = "I can't think five years out right now."
    reading, _ = guard_reading(_record(answers_question=True, slots={"title": None}),
                               _offline(resistance=True), answer, ladder)
    assert reading.resistance and reading.doubt is None


def test_agreement_and_an_unsure_offline_reader_need_no_check(ladder):
    answer = "I'd rather not look that far ahead."
    agreed, _ = guard_reading(_record(answers_question=True, resistance=True),
                              _offline(resistance=True), answer, ladder)
    assert agreed.resistance and agreed.doubt is None
    # The offline reader could not tell "not now" from "not sure": the model's clear word settles it.
    settled, _ = guard_reading(_record(answers_question=True, resistance=True),
                               _offline(doubt="resistance", confidence=0.4), answer, ladder)
    assert settled.resistance and settled.doubt is None


def test_a_stop_the_offline_reader_hears_is_still_a_floor(ladder):
    answer = "Next quarter I'll ship the card-freeze button."
    reading, _ = guard_reading(_record(answers_question=True, end_requested=False,
                                       slots={"milestones": "Next quarter I'll ship the card-freeze button"}),
                               _offline(end_requested=True), answer, ladder)
    assert reading.end_requested


def test_a_policy_turns_the_resistance_doubt_into_one_check_question(ladder):
    from assistant.interview.policy import step

    answer = "Saying no to scope. Badly need that."
    reading, _ = guard_reading(_record(answers_question=True, resistance=False),
                               _offline(resistance=True), answer, ladder)
    state = InterviewState(asked="people", slots={"title": "Group PM"})
    move, state = step(state, reading, ladder, answer=answer)
    assert move.kind is MoveKind.CLARIFY and move.check == "resistance" and not state.horizon_declined


@pytest.mark.parametrize("question", ["Who knows?", "Maybe Group PM one day, who knows?", "Why not?",
                                      "What else is there, right?"])
def test_a_confident_model_reading_drops_a_rhetorical_question_back(ladder, question):
    answer = f"I'd like to lead a product group. {question}"
    record = _record(answers_question=True, slots={"title": "lead a product group"}, question_back=None)
    reading, replaced = guard_reading(record, _offline(question_back=question), answer, ladder)
    assert reading.question_back is None and "question_back" not in replaced


@pytest.mark.parametrize("question", ["What does a Group PM actually do day to day?",
                                      "Am I doing it right?", "Is that a yes or a no?"])
def test_a_real_question_back_survives_a_models_null(ladder, question):
    answer = f"Maybe Group PM. {question}"
    record = _record(answers_question=True, slots={"title": "Group PM"}, question_back=None)
    reading, replaced = guard_reading(record, _offline(question_back=question), answer, ladder)
    assert reading.question_back == question and "question_back" in replaced


def test_a_silent_model_keeps_even_a_rhetorical_question_back(ladder):
    offline = _offline(question_back="Who knows?", thin=True)
    reading, _ = guard_reading(_record(), offline, "Who knows?", ladder)
    assert reading.question_back == "Who knows?"


def test_the_order_of_sensitive_labels_is_not_a_change(ladder):
    answer = "My mother is in hospital a lot and I'm taking it one day at a time."
    record = _record(answers_question=True, resistance=True, sensitive=["family", "health"])
    offline = _offline(resistance=True, sensitive=["family", "health"])
    _, replaced = guard_reading(record, offline, answer, ladder)
    assert replaced == []
