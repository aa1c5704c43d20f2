"""The LLM path with scripted chat models: structured reading, streamed speaking, failures."""

from __future__ import annotations

import pytest
from langchain_core.messages import HumanMessage, SystemMessage

from assistant.engine import build_backend, start_interview
from assistant.interview.reader import LLMReader, ModelUnavailable
from assistant.interview.reading import Reading, SlotValues
from assistant.interview.session import Context, MemoryJournal
from assistant.interview.speaker import LLMSpeaker, one_question
from assistant.interview.state import InterviewState, Move, MoveKind
from assistant.interview.stages import Stage
from fakes import ScriptedChat


def test_reader_returns_a_typed_reading_grounded_in_the_answer(ladder):
    model = ScriptedChat(script=[Reading(
        answers_question=True, slots=SlotValues(title="Director of Product"),
        target_title="Director of Product", target_level="director", horizon_years=2,
        strength_evidence=["grew activation 20%", "invented a quote"],
        covered_dimensions=["influence", "not-a-dimension"])])
    reader = LLMReader(model, ladder)
    state = InterviewState(asked="title", current_title="Product Manager")
    r = reader.read("Director of Product in two years; I grew activation 20% last year.", state, [])
    assert r.source == "llm" and r.slots.title == "Director of Product" and r.horizon_years == 2
    assert r.strength_evidence == ["grew activation 20%"]  # the invented quote is dropped
    assert r.covered_dimensions == ["influence"]
    assert "filtered:covered_dimensions" in reader.last_replaced
    sent = model.calls[0]
    assert isinstance(sent[0], SystemMessage) and isinstance(sent[-1], HumanMessage)
    assert "Director of Product in two years" in sent[-1].content
    assert model.kinds == ["structured"]


def test_reader_falls_back_to_rules_on_malformed_output(ladder):
    model = ScriptedChat(script=[{"answers_question": "not a bool", "slots": 42}])
    r = LLMReader(model, ladder).read("Honestly I can't think five years out right now.",
                                      InterviewState(asked="title"), [])
    assert r.source == "rules-fallback" and r.resistance


def test_reader_outage_raises_a_plain_error(ladder):
    model = ScriptedChat(script=[ConnectionError("refused")])
    with pytest.raises(ModelUnavailable) as err:
        LLMReader(model, ladder).read("VP", InterviewState(asked="title"), [])
    assert "could not be reached" in str(err.value)


def test_speaker_streams_and_stops_after_one_question(ladder):
    model = ScriptedChat(script=["Thanks for that. Where would you like to be based? And who with?"])
    speaker = LLMSpeaker(model, ladder)
    move = Move(kind=MoveKind.ASK, stage=Stage.VISION, slot="location")
    chunks = list(speaker.stream(move, InterviewState(), [("assistant", "Hi"), ("pm", "VP")], "VP"))
    assert len(chunks) > 1
    assert "".join(chunks) == "Thanks for that. Where would you like to be based?"
    human = model.calls[0][-1].content
    assert "Move: ask" in human and "location" in human


def test_one_question_closes_the_upstream_stream():
    closed = []

    def gen():
        try:
            yield "First? "
            yield "Second?"
        finally:
            closed.append(True)

    assert "".join(one_question(gen())) == "First?"
    assert closed == [True]


def _reading(**kw):
    return Reading(answers_question=True, **kw)


def test_full_llm_turn_with_overlap_uses_the_guess_when_it_agrees(ladder):
    # The rules read "VP of Product" as filling the title, and so does the model: one reply call.
    model = ScriptedChat(script=[
        "Where do you see yourself in five years?",
        _reading(slots=SlotValues(title="VP of Product"), target_title="VP of Product"),
        "What kind of company would that be?",
    ])
    journal = MemoryJournal()
    interview = start_interview(build_backend(chat_model=model), journal, Context(current_role="Senior PM"))
    interview.open().run()
    turn = interview.answer("VP of Product")
    assert turn.run() == "What kind of company would that be?"
    assert turn.move.kind is MoveKind.ASK and turn.move.slot == "company"
    assert model.kinds.count("text") == 2 and model.kinds.count("structured") == 1
    assert [m.role for m in journal.messages()] == ["assistant", "pm", "assistant"]


def test_full_llm_turn_discards_a_wrong_guess(ladder):
    # The rules see a plain title; the model hears resistance. The reply must follow the model.
    def reply(messages):
        if "Move: back_off" in messages[-1].content:
            return "That's completely fine. What would make the coming year a good one?"
        return "GUESSED REPLY about company?"

    model = ScriptedChat(script=[
        "Where do you see yourself in five years?",
        _reading(resistance=True, sensitive=["family"]),
        reply, reply,  # one for the speculative guess, one for the real move
    ])
    journal = MemoryJournal()
    interview = start_interview(build_backend(chat_model=model), journal, Context())
    interview.open().run()
    turn = interview.answer("VP someday, but honestly with my mum ill it feels far off")
    text = turn.run()
    assert turn.move.kind is MoveKind.BACK_OFF
    assert "GUESSED" not in text and "coming year" in text
    assert journal.state.horizon_declined
    # The model heard family; the offline reader's health finding is a floor, so both count.
    assert set(journal.readings[-1].sensitive) == {"family", "health"}


def test_outage_keeps_the_answer_and_retry_recovers(ladder):
    model = ScriptedChat(script=[
        "Where do you see yourself in five years?",
        TimeoutError("slow"),  # the server is down for both the reader and the reply
        TimeoutError("slow"),
        _reading(slots=SlotValues(title="VP of Product"), target_title="VP of Product"),
        "What kind of company?",
    ])
    journal = MemoryJournal()
    interview = start_interview(build_backend(chat_model=model), journal, Context())
    interview.open().run()
    with pytest.raises(ModelUnavailable):
        interview.answer("VP of Product")
    assert journal.messages()[-1].role == "pm" and journal.messages()[-1].text == "VP of Product"
    assert interview.pending() == "VP of Product"
    turn = interview.retry()
    assert turn.run() == "What kind of company?" and journal.messages()[-1].role == "assistant"
    assert [m.text for m in journal.messages() if m.role == "pm"] == ["VP of Product"]


def test_empty_model_reply_falls_back_to_a_phrasing(ladder):
    model = ScriptedChat(script=["", _reading(slots=SlotValues(title="VP")), ""])
    interview = start_interview(build_backend(chat_model=model), MemoryJournal(), Context())
    first = interview.open().run()
    assert first.count("?") == 1 and len(first) > 20
