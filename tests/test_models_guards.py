"""The guards with scripted models: each way a real small model was seen to fail, and what the PM
gets instead."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any, Iterator

import pytest
from langchain_core.messages import AIMessageChunk
from langchain_core.outputs import ChatGenerationChunk

from assistant.engine import build_backend, start_interview
from assistant.interview.guards import (ModelReading, better_plan, guard_reading, message_rules,
                                        tally_of)
from assistant.interview.reader import LLMReader, RulesReader
from assistant.interview.reading import Reading, SlotValues
from assistant.interview.session import Context, MemoryJournal
from assistant.interview.speaker import LLMSpeaker
from assistant.interview.stages import Stage
from assistant.interview.state import InterviewState, Move, MoveKind
from assistant.models import ModelUnavailable
from fakes import ScriptedChat

ASK_LOCATION = Move(kind=MoveKind.ASK, stage=Stage.VISION, slot="location")
WRAP = Move(kind=MoveKind.WRAP_UP, stage=Stage.WRAP_UP)


def _record(**fields: Any) -> dict:
    """A model-facing reading with every key present, as a grammar-constrained server sends it."""
    blank = {k: None for k in ModelReading.model_fields}
    if "slots" in fields:
        fields["slots"] = {**{k: None for k in SlotValues.model_fields}, **fields["slots"]}
    return {**blank, **fields}


def _speak(ladder, reply, move=ASK_LOCATION, state=None, history=None):
    model = ScriptedChat(script=[reply])
    speaker = LLMSpeaker(model, ladder)
    text = "".join(speaker.stream(move, state or InterviewState(asked="company"),
                                  history or [("assistant", "What kind of company?"), ("pm", "A startup")],
                                  "A startup"))
    return text, speaker.last_verdict, speaker.tally


# Reading guard ---------------------------------------------------------------------------------

def test_the_model_facing_schema_requires_every_field_and_hides_internal_ones():
    schema = ModelReading.model_json_schema()
    assert set(schema["required"]) == set(schema["properties"])
    assert not {"source", "confidence", "doubt"} & set(schema["properties"])
    assert {"resistance", "end_requested", "skip", "sensitive", "slots"} <= set(schema["properties"])


def test_an_empty_reading_is_replaced_when_the_rules_hear_resistance(ladder):
    answer = "Honestly I can't think five years out right now. We just had a baby."
    model = ScriptedChat(script=[_record(answers_question=True)])
    reader = LLMReader(model, ladder)
    reading = reader.read(answer, InterviewState(asked="title"), [])
    assert reading.resistance and "family" in reading.sensitive
    assert reading.source == "rules-fallback" and reader.last_replaced == ["empty"]
    assert reader.tally.readings["rules-fallback"] == 1


def test_a_reading_missing_what_the_rules_found_is_merged_field_by_field(ladder):
    answer = "My dad is in hospital, so I can't think five years out right now. Maybe VP of Product one day, but not now."
    record = SimpleNamespace(model_dump=lambda: _record(
        answers_question=True, slots={"title": "VP of Product"}, target_title="VP of Product",
        resistance=None, sensitive=None))  # silent on both: a plain "no" would be a doubt instead
    offline = RulesReader(ladder).read(answer, InterviewState(asked="title"), [])
    assert offline.resistance  # the premise: the rules hear the refusal
    reading, replaced = guard_reading(record, offline, answer, ladder)
    assert reading.slots.title == "VP of Product"  # the model's, kept
    assert reading.resistance and "health" in reading.sensitive  # the rules', a floor
    assert "resistance" in replaced and "sensitive" in replaced
    assert reading.source == "llm+rules"


def test_invented_slot_values_give_way_to_the_rules(ladder):
    answer = "A small startup, somewhere with a strong design culture."
    record = SimpleNamespace(model_dump=lambda: _record(
        answers_question=True, slots={"company": "EchoCo https://echo.example"}))
    offline = RulesReader(ladder).read(answer, InterviewState(asked="company"), [])
    reading, replaced = guard_reading(record, offline, answer, ladder)
    assert "EchoCo" not in (reading.slots.company or "")
    assert "slots.company" in replaced or "filtered:slots.company" in replaced


def test_a_stop_heard_only_by_the_model_becomes_a_doubt_not_an_ending(ladder):
    answer = "I enjoy running experiments and reading the data."
    record = SimpleNamespace(model_dump=lambda: _record(answers_question=True, end_requested=True,
                                                        slots={"interests": "running experiments"}))
    offline = RulesReader(ladder).read(answer, InterviewState(asked="interests"), [])
    reading, replaced = guard_reading(record, offline, answer, ladder)
    assert not reading.end_requested and reading.doubt == "end_requested" and reading.confidence <= 0.5
    assert "doubted:end_requested" in replaced


def test_a_malformed_reading_falls_back_and_is_counted(ladder):
    model = ScriptedChat(script=[{"answers_question": "yes please", "slots": 42}])
    reader = LLMReader(model, ladder)
    reading = reader.read("Skip", InterviewState(asked="location"), [])
    assert reading.source == "rules-fallback" and reading.skip
    assert reader.tally.snapshot()["replaced_fields"] == {"malformed": 1}


# Speaker guard ---------------------------------------------------------------------------------

def test_a_clean_message_streams_sentence_by_sentence(ladder):
    text, verdict, tally = _speak(ladder, "A startup sounds exciting. Where would you like to be based?")
    assert text == "A startup sounds exciting. Where would you like to be based?"
    assert verdict.outcome == "shown" and tally.messages["shown"] == 1


def test_a_prompt_echo_is_replaced_by_the_phrasebook(ladder):
    text, verdict, _ = _speak(ladder, "What we know so far: Kind of company: A startup. Move: ask")
    assert "What we know so far" not in text and "Move:" not in text
    assert verdict.outcome == "replaced" and "prompt_echo" in verdict.faults
    assert text.count("?") == 1 and text.endswith("?")


def test_a_line_of_the_system_prompt_is_caught_too(ladder):
    reply = "You are a warm, plain-spoken career coach helping a product manager. Where to?"
    text, verdict, _ = _speak(ladder, reply)
    assert "career coach" not in text and verdict.outcome == "replaced"


def test_two_questions_are_cut_to_the_first(ladder):
    text, verdict, _ = _speak(ladder, "Where would you like to be based? And who would you work with?")
    assert text == "Where would you like to be based?" and verdict.outcome == "shown"


def test_no_question_gets_the_phrasebook_question_after_what_was_shown(ladder):
    text, verdict, tally = _speak(ladder, "A startup sounds exciting. Startups move fast.")
    assert text.startswith("A startup sounds exciting. Startups move fast.")
    assert text.endswith("?") and text.count("?") == 1
    assert verdict.outcome == "repaired" and "no_question" in verdict.faults
    assert tally.messages["repaired"] == 1


def test_markup_is_never_shown(ladder):
    text, verdict, _ = _speak(ladder, "<b>Great</b> choice! Where would you like to be based?")
    assert "<b>" not in text and verdict.outcome == "replaced" and "markup" in verdict.faults


def test_an_off_topic_question_is_replaced_by_the_slot_question(ladder):
    text, verdict, _ = _speak(ladder, "Nice. What is your favourite food?")
    assert "food" not in text and "off_topic" in verdict.faults
    assert text.endswith("?") and text.count("?") == 1


def test_invented_names_are_caught(ladder):
    text, verdict, _ = _speak(ladder, "At EchoCo you would thrive. Where would you like to be based?")
    assert "EchoCo" not in text and "invented_name" in verdict.faults


def test_wrap_up_asks_nothing(ladder):
    state = InterviewState(slots={"title": "VP of Product"}, target_title="VP of Product")
    text, verdict, _ = _speak(ladder, "Thanks for all of this. What else?", move=WRAP, state=state)
    assert "?" not in text and "question_in_wrap_up" in verdict.faults


def test_no_long_horizon_after_a_decline(ladder):
    state = InterviewState(asked="goal", horizon_declined=True, horizon_years=1)
    move = Move(kind=MoveKind.ADVANCE, stage=Stage.EXPERIENCES, slot="experiences", horizon_years=1)
    text, verdict, _ = _speak(ladder, "In five years you could lead a team. What experience would help?",
                              move=move, state=state)
    assert "five years" not in text and "long_horizon" in verdict.faults


def test_a_copied_earlier_message_is_replaced(ladder):
    history = [("assistant", "Let's start with the long view: what title do you see yourself in?"),
               ("pm", "A startup")]
    text, verdict, _ = _speak(ladder, "Let's start with the long view: what title do you see yourself in?",
                              history=history)
    assert "repeat" in verdict.faults and "long view" not in text


class Endless(ScriptedChat):
    """A model that never stops talking, counting the words it was asked for."""

    pulled: int = 0
    finish: str | None = None

    def _stream(self, messages, stop=None, run_manager=None, **kwargs) -> Iterator[ChatGenerationChunk]:
        while True:
            self.pulled += 1
            if self.finish and self.pulled > 5:
                yield ChatGenerationChunk(message=AIMessageChunk(content=""),
                                          generation_info={"finish_reason": self.finish})
                return
            yield ChatGenerationChunk(message=AIMessageChunk(content=" and more"))


def test_endless_output_is_cut_at_the_budget_and_the_stream_closed(ladder):
    model = Endless()
    speaker = LLMSpeaker(model, ladder)
    text = "".join(speaker.stream(ASK_LOCATION, InterviewState(asked="company"), [], "A startup"))
    assert model.pulled < 200  # stopped reading long before the token limit
    assert "and more" not in text and text.endswith("?")
    assert speaker.last_verdict.faults == ["too_long"]


def test_a_stream_that_closes_without_an_end_is_an_error_not_a_reply(ladder):
    class Truncated(ScriptedChat):
        def _stream(self, messages, stop=None, run_manager=None, **kwargs):
            yield ChatGenerationChunk(message=AIMessageChunk(content="Where would you"))

    speaker = LLMSpeaker(Truncated(), ladder)
    with pytest.raises(ModelUnavailable, match="stopped before it finished"):
        "".join(speaker.stream(ASK_LOCATION, InterviewState(asked="company"), [], "A startup"))
    assert speaker.tally.messages["error"] == 1


def test_a_reply_cut_at_the_token_limit_is_not_shown_as_is(ladder):
    model = Endless(finish="length")
    speaker = LLMSpeaker(model, ladder)
    text = "".join(speaker.stream(ASK_LOCATION, InterviewState(asked="company"), [], "A startup"))
    assert "and more" not in text and "cut_off" in speaker.last_verdict.faults


def test_message_rules_name_the_labels_of_the_human_prompt():
    rules = message_rules("ask", "title", False, "Move: {move}\nWhat we know so far: {known}\n", [])
    assert rules.sentence_faults("What we know so far: nothing.", "") == ["prompt_echo"]


# Plan guard ------------------------------------------------------------------------------------

def _plan(milestones: int):
    return SimpleNamespace(milestones=[f"m{i}" for i in range(milestones)])


def _checks(failing: dict):
    return lambda plan: failing.get(id(plan), [])


def test_an_empty_plan_never_replaces_the_offline_one():
    floor, empty = _plan(2), _plan(0)
    choice = better_plan(empty, floor, _checks({}))
    assert choice.plan is floor and not choice.kept_candidate and "no milestones" in choice.reason
    assert better_plan(None, floor, _checks({})).plan is floor


def test_a_worse_repair_keeps_the_draft_before_it():
    draft, repaired = _plan(2), _plan(1)
    choice = better_plan(repaired, draft, _checks({id(draft): ["undated"], id(repaired): ["undated", "untied"]}))
    assert choice.plan is draft and choice.failures == ["undated"]


def test_an_equal_or_better_candidate_wins():
    floor, draft = _plan(2), _plan(3)
    assert better_plan(draft, floor, _checks({id(floor): ["x"], id(draft): ["y"]})).plan is draft
    assert better_plan(draft, floor, _checks({id(floor): ["x"]})).kept_candidate


# Counting across a conversation ------------------------------------------------------------------

def test_the_backend_tally_counts_a_whole_scripted_conversation(ladder):
    model = ScriptedChat(script=[
        "Where do you see yourself in five years? What title?",
        _record(answers_question=True, slots={"title": "VP of Product"}, target_title="VP of Product"),
        "<div>What kind of company would that be?</div>",
    ])
    backend = build_backend(chat_model=model)
    interview = start_interview(backend, MemoryJournal(), Context(current_role="Senior PM"))
    interview.speculate = False
    interview.open().run()
    interview.answer("VP of Product").run()
    snap = tally_of(backend).snapshot()
    assert snap["messages"] == {"shown": 1, "replaced": 1}
    assert snap["readings"] == {"llm+rules": 1} or snap["readings"] == {"llm": 1}
    assert snap["message_faults"] == {"markup": 1}
    assert snap["tokens"]["speaker"]["calls"] == 2 and snap["tokens"]["reader"]["calls"] == 1
    assert len(snap["seconds"]["speaker"]) == 2 and len(snap["first_word_seconds"]) == 2
    assert 0 < snap["overruled"] < 1


def test_holding_the_whole_message_replaces_it_whole(ladder):
    from assistant.settings import Settings

    model = ScriptedChat(script=["A startup sounds exciting. What is your favourite food?"])
    speaker = LLMSpeaker(model, ladder, Settings(speaker_hold="message"))
    chunks = list(speaker.stream(ASK_LOCATION, InterviewState(asked="company"), [], "A startup"))
    assert "exciting" not in "".join(chunks)  # nothing of the failed message was shown
    assert speaker.last_verdict.outcome == "replaced" and "off_topic" in speaker.last_verdict.faults
