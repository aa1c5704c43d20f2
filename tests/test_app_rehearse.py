"""The Rehearse page through AppTest: begin, answer, stream, errors in plain words, resume."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from assistant.engine import build_backend
from assistant.interview.reader import ModelUnavailable
from tests.test_app_support import answer, begin, fresh_app, page_text
from tests.fakes import ScriptedChat


def test_begin_shows_the_first_question_and_the_meter():
    at = begin(fresh_app(), role="Senior Product Manager")
    assert not at.exception
    chats = at.chat_message
    assert chats[0].name == "assistant"
    assert "5 years" in page_text(chats[0]) or "title" in page_text(chats[0]).lower()
    assert "What's still open" in [s.value for s in at.subheader]
    assert "0 of 9 covered" in at.get("progress")[0].proto.text
    assert at.query_params["c"]


def test_answer_is_saved_and_the_reply_streams_in():
    at = begin(fresh_app(), role="Senior Product Manager")
    at = answer(at, "VP of Product at a B2B SaaS company in Austin, with people who argue and then commit.")
    roles = [c.name for c in at.chat_message]
    assert roles[:3] == ["assistant", "user", "assistant"]
    assert "VP of Product" in page_text(at.chat_message[1])
    assert "4 of 9 covered" in at.get("progress")[0].proto.text


def test_an_empty_answer_is_explained_not_raised():
    at = begin(fresh_app())
    at = answer(at, "   ")
    assert not at.exception
    assert any("empty" in w.value for w in at.warning)


def test_model_outage_keeps_the_answer_and_offers_a_retry(monkeypatch):
    import app_pages.services as services

    chat = ScriptedChat(script=["In five years, what title would you like to hold?",
                                ModelUnavailable("the model timed out"), ModelUnavailable("still down")])
    monkeypatch.setattr(services, "make_backend", lambda model=None: build_backend(chat_model=chat))
    at = begin(fresh_app())
    at = answer(at, "Director of Product at a fintech in London")
    assert not at.exception
    assert any("Your answer is saved" in e.value for e in at.error)
    assert "Director of Product" in page_text(at.chat_message[-1])
    assert at.button(key="retry")


def test_reload_with_the_id_in_the_url_resumes_the_conversation():
    at = begin(fresh_app())
    at = answer(at, "Group Product Manager at a health startup")
    cid = at.query_params["c"]
    again = fresh_app()
    again.query_params["c"] = cid
    again.run()
    assert "Group Product Manager" in " ".join(page_text(c) for c in again.chat_message)


def test_start_over_asks_first():
    at = begin(fresh_app())
    first = at.query_params["c"]
    at.button(key="restart").click().run()
    assert at.button(key="restart_yes")
    assert at.query_params["c"] == first
    at.button(key="restart_yes").click().run()
    assert "c" not in at.query_params
    assert [b.label for b in at.button if b.label == "Begin rehearsal"]
