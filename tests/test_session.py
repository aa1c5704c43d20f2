"""A whole interview through the session: saving first, bad input, pre-work, memory."""

from __future__ import annotations

import pytest

from assistant.engine import build_backend, start_interview
from assistant.interview.answers import AnswerRejected
from assistant.interview.session import Context, MemoryJournal
from assistant.interview.state import Memory, MoveKind


class RecordingJournal(MemoryJournal):
    """Notes the order of events so a test can see the answer was saved before any reading."""

    def __init__(self, events):
        super().__init__()
        self.events = events

    def record(self, message):
        self.events.append(f"record:{message.role}")
        super().record(message)


class SpyReader:
    def __init__(self, inner, events):
        self.inner, self.events = inner, events

    def read(self, answer, state, history):
        self.events.append("read")
        return self.inner.read(answer, state, history)


def offline(journal=None, context=None, memory=None):
    backend = build_backend(seed="t")
    journal = journal or MemoryJournal()
    return start_interview(backend, journal, context or Context(), memory=memory), journal


def test_answer_is_saved_before_it_is_read():
    events: list[str] = []
    interview, journal = offline(RecordingJournal(events))
    interview.reader = SpyReader(interview.reader, events)
    interview.open().run()
    interview.answer("VP of Product at a startup").run()
    assert events == ["record:assistant", "record:pm", "read", "record:assistant"]


@pytest.mark.parametrize("raw,needle", [
    ("", "empty"), ("   \n\t ", "empty"), (b"\x89PNG\r\n\x1a\n\x00\x00", "file"),
    ("\x00\x01\x02binary", "binary"), ("x" * 300_000, "far more"),
])
def test_bad_input_gets_a_clear_message_and_no_turn(raw, needle):
    interview, journal = offline()
    interview.open().run()
    with pytest.raises(AnswerRejected) as err:
        interview.answer(raw)
    assert needle in str(err.value)
    assert [m.role for m in journal.messages()] == ["assistant"]


def test_long_answer_is_kept_whole_and_read_in_part():
    interview, journal = offline()
    interview.open().run()
    long = "VP of Product. " + "I care about pricing and growth. " * 200
    turn = interview.answer(long)
    assert turn.notice and "first 4,000" in turn.notice
    turn.run()
    assert journal.messages()[1].text == long.strip()


def test_prework_is_absorbed_and_only_gaps_are_asked(ladder):
    context = Context(current_role="Senior Product Manager", prework={
        "title": "VP of Product", "company": "a B2B SaaS scale-up", "location": "Remote",
        "people": "people who argue hard and commit", "strengths": "not sure",
    })
    interview, _ = offline(context=context)
    first = interview.open()
    assert first.move.slot == "experiences"  # vision is already answered
    assert interview.state.target_rank == ladder.by_id("vp").rank
    assert "strengths" not in interview.state.slots  # thin pre-work is asked again


def test_a_later_session_honours_a_declined_horizon():
    interview, journal = offline()
    interview.open().run()
    interview.answer("I can't think five years out right now, my dad is ill.").run()
    memory = journal.state.memory()
    assert memory == Memory(horizon_declined=True)
    later, later_journal = offline(memory=memory)
    opening = later.open()
    text = opening.run()
    assert opening.move.slot == "goal" and "five years" not in text.lower()


def test_stop_at_any_time_wraps_up_and_summarises():
    interview, journal = offline()
    interview.open().run()
    interview.answer("Director of Product at a fintech").run()
    turn = interview.answer("That's enough for now.")
    text = turn.run()
    assert turn.move.kind is MoveKind.WRAP_UP and interview.done
    assert "Director of Product" in text and text.count("?") == 0


def test_every_offline_message_has_at_most_one_question():
    interview, journal = offline(context=Context(current_role="PM"))
    interview.open().run()
    for answer in ["not sure", "hmm", "Group PM in five years", "skip", "a startup", "Berlin",
                   "kind people", "more scope", "I'm good at discovery", "I like pricing",
                   "not sure", "launch the pricing test by March", "done"]:
        if interview.done:
            break
        interview.answer(answer).run()
    texts = [m.text for m in journal.messages() if m.role == "assistant"]
    assert len(texts) > 5 and all(t.count("?") <= 1 for t in texts)
