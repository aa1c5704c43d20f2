"""The app when the model is overruled or fails, through AppTest with scripted chat models: the
"Checked" note, the offline interviewer offered beside "Try again", and nothing the PM said lost."""

from __future__ import annotations

import pytest
import streamlit as st

from assistant.engine import build_backend
from assistant.interview.guards import ModelReading
from assistant.models import ModelUnavailable
from tests.fakes import ScriptedChat
from tests.test_app_support import answer, begin, fresh_app, page_text

OPENING = "What title would you like to hold in five years?"
ANSWER = "Director of Product at a fintech in London, with people who argue and then commit."


@pytest.fixture(autouse=True)
def one_call_at_a_time(monkeypatch):
    """No speculative reply, so each scripted item goes to the step the test means it for; and
    no backend cached by an earlier test (a cache key is the id of a swapped factory)."""
    from assistant.settings import get_settings

    monkeypatch.setenv("NEXTSTEP_SPECULATIVE_REPLY", "false")
    get_settings.cache_clear()
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()


def use(monkeypatch, chat: ScriptedChat) -> None:
    import app_pages.services as services

    monkeypatch.setattr(services, "make_backend", lambda model=None: build_backend(chat_model=chat))


def says_nothing() -> dict:
    """A reading a small model really returned: every field null but "it answers the question"."""
    return {**{key: None for key in ModelReading.model_fields}, "answers_question": True}


def checked(at) -> list:
    return [c for c in at.main.caption if "Checked:" in c.value]


def buttons(at) -> set[str]:
    return {b.key for b in at.button if b.key}


class KeyRefused(Exception):
    """What the OpenAI client raises for a refused key, as far as the error mapping reads it."""

    status_code = 401


def test_the_checked_note_appears_once_the_offline_reader_replaces_a_reading(monkeypatch):
    chat = ScriptedChat(script=[OPENING, says_nothing(),
                                "Thanks, that is clear. What kind of company would you like that to be in?"])
    use(monkeypatch, chat)
    at = begin(fresh_app())
    assert not checked(at), "nothing was overruled yet"
    at = answer(at, ANSWER)
    assert not at.exception
    notes = checked(at)
    assert len(notes) == 1
    assert "1 of the model's 1 reading of your answers was completed or replaced by the offline reader" \
        in notes[0].value
    assert "offline interviewer" in notes[0].proto.help, "the tooltip says why"
    assert not at.error, "a note, not an alarm"


def test_the_sidebar_says_overruled_often_only_when_the_checks_replace_much(monkeypatch):
    chat = ScriptedChat(script=[OPENING, says_nothing(),
                                "Thanks, that is clear. What kind of company would you like that to be in?"])
    use(monkeypatch, chat)
    at = begin(fresh_app())
    often = [m for m in at.sidebar.markdown if "Overruled often" in m.value]
    assert not often, "nothing replaced yet"
    at = answer(at, ANSWER).run()  # the sidebar is drawn before the answer is read
    often = [m for m in at.sidebar.markdown if "Overruled often" in m.value]
    assert len(often) == 1 and "of its output replaced by checks" in often[0].value


def test_the_checked_note_counts_this_session_only(monkeypatch):
    chat = ScriptedChat(script=[OPENING, says_nothing(), "Thanks. What kind of company would suit you?",
                                "Where would you like your career to go next?"])
    use(monkeypatch, chat)
    first = answer(begin(fresh_app()), ANSWER)
    assert checked(first)
    second = begin(fresh_app())  # another visitor on the same server and the same cached model
    assert not second.exception
    assert second.chat_message, "the second session began"
    assert not checked(second)


def test_no_checked_note_on_the_offline_backend():
    at = answer(begin(fresh_app()), ANSWER)
    assert not at.exception
    assert "Offline: rules, no AI model" in " ".join(m.value for m in at.sidebar.markdown)
    assert not checked(at)


def test_an_outage_offers_a_retry_and_the_offline_interviewer_which_replies_to_the_saved_answer(monkeypatch):
    chat = ScriptedChat(script=[OPENING, ModelUnavailable("The model did not answer within 60 s. Try again.")])
    use(monkeypatch, chat)
    at = answer(begin(fresh_app()), ANSWER)
    assert not at.exception
    assert any("Your answer is saved" in e.value and "did not answer" in e.value for e in at.error)
    assert {"retry", "go_offline"} <= buttons(at)
    assert at.chat_input(key="answer").proto.disabled
    calls = len(chat.calls)

    at.button(key="go_offline").click().run()
    assert not at.exception and not at.error
    assert len(chat.calls) == calls, "the failing model is not asked again"
    roles = [c.name for c in at.chat_message]
    assert roles == ["assistant", "user", "assistant"]
    assert page_text(at.chat_message[0]) == OPENING
    assert "Director of Product" in page_text(at.chat_message[1]), "the answer is kept, once"
    assert page_text(at.chat_message[2]).strip(), "the offline interviewer replied"
    assert "0 of" not in at.get("progress")[0].proto.text, "the saved answer was read"
    assert not at.chat_input(key="answer").proto.disabled
    assert "Offline: rules, no AI model" in " ".join(m.value for m in at.sidebar.markdown)

    at = answer(at, "Managing managers and owning a P&L.")  # the rehearsal carries on offline
    assert not at.exception and not at.error
    assert [c.name for c in at.chat_message][-2:] == ["user", "assistant"]
    assert len(chat.calls) == calls

    at.sidebar.button(key="model_again").click().run()
    assert "Offline: rules, no AI model" not in " ".join(m.value for m in at.sidebar.markdown)


def test_a_setup_failure_offers_only_the_offline_interviewer(monkeypatch):
    chat = ScriptedChat(script=[OPENING, KeyRefused("Incorrect API key provided")])
    use(monkeypatch, chat)
    at = answer(begin(fresh_app()), ANSWER)
    assert not at.exception
    [error] = at.error
    assert "Your answer is saved" in error.value
    assert "trying again would not help" in error.value
    assert "OPENAI_API_KEY" in error.value.replace("\\", ""), "it says what to fix"
    assert "Traceback" not in error.value and "KeyRefused" not in error.value
    assert "retry" not in buttons(at) and "go_offline" in buttons(at)

    at.button(key="go_offline").click().run()
    assert not at.exception and not at.error
    assert [c.name for c in at.chat_message] == ["assistant", "user", "assistant"]
    assert "Director of Product" in page_text(at.chat_message[1])


def test_a_setup_failure_on_the_first_question_is_answered_offline(monkeypatch):
    chat = ScriptedChat(script=[KeyRefused("Incorrect API key provided")])
    use(monkeypatch, chat)
    at = begin(fresh_app())
    assert not at.exception
    assert any("could not start the conversation" in e.value for e in at.error)
    assert "retry_open" not in buttons(at) and "go_offline" in buttons(at)
    at.button(key="go_offline").click().run()
    assert not at.exception and not at.error
    assert [c.name for c in at.chat_message] == ["assistant"]
    assert "?" in page_text(at.chat_message[0])
    assert len(chat.calls) == 1


def test_reflect_notes_a_reading_the_rules_replaced(monkeypatch):
    import app_pages.services as services
    from assistant.engine import Backend
    from assistant.interview.phrasing import PhrasebookSpeaker
    from assistant.interview.reader import RulesReader
    from assistant.ladder import load_ladder
    from assistant.models import BackendInfo
    from tests.test_app_plan import drafted

    ladder = load_ladder()
    chat = ScriptedChat(script=[ConnectionError("no drafting model"), ConnectionError("no reading either")])
    monkeypatch.setattr(services, "make_backend", lambda model=None: Backend(
        BackendInfo("openai", "scripted", None), RulesReader(ladder), PhrasebookSpeaker(ladder), chat, ladder))
    at = drafted()
    at.switch_page("app_pages/reflect.py").run()
    at.button(key="reflect_start").click().run()
    assert not checked(at)
    at.chat_input(key="reflect_answer").set_value("Done, I presented it last week.").run()
    assert not at.exception
    notes = checked(at)
    assert len(notes) == 1 and "in this follow-up" in notes[0].value
    assert "1 of the model's 1 reading" in notes[0].value


def test_a_failed_continue_after_the_end_keeps_the_words_and_can_carry_on_offline(monkeypatch):
    chat = ScriptedChat(script=[OPENING, "Thank you, that is a good place to stop for today.",
                                ModelUnavailable("The model server could not be reached.")])
    use(monkeypatch, chat)
    at = begin(fresh_app())
    at.button(key="quick_stop").click().run()
    at = answer(at, "One more thing: I'd like to mentor two junior PMs.")
    at.button(key="resume").click().run()
    assert not at.exception
    assert any("could not carry on the conversation" in e.value for e in at.error)
    assert {"retry_resume", "go_offline"} <= buttons(at)
    assert any("mentor two junior PMs" in i.value for i in at.info), "the words are still kept"

    at.button(key="go_offline").click().run()
    assert not at.exception and not at.error
    pm = [page_text(c) for c in at.chat_message if c.name == "user"]
    assert any("mentor two junior PMs" in text for text in pm), "answered with the kept words"
    assert at.chat_message[-1].name == "assistant"
