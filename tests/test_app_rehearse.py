"""The Rehearse page through AppTest: begin, answer, stream, errors in plain words, resume."""

from __future__ import annotations


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
    assert "What I heard" in [s.value for s in at.subheader]
    assert "0 of 9 answered" in at.get("progress")[0].proto.text
    assert at.query_params["c"]


def test_answer_is_saved_and_the_reply_streams_in():
    at = begin(fresh_app(), role="Senior Product Manager")
    at = answer(at, "VP of Product at a B2B SaaS company in Austin, with people who argue and then commit.")
    roles = [c.name for c in at.chat_message]
    assert roles[:3] == ["assistant", "user", "assistant"]
    assert "VP of Product" in page_text(at.chat_message[1])
    answered = int(at.get("progress")[0].proto.text.split(" of 9 answered")[0])
    assert answered >= 3, "title, company and place were heard in one answer"


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


def test_a_conversation_survives_a_server_restart():
    import streamlit as st

    at = begin(fresh_app())
    at = answer(at, "Head of Product at a climate startup")
    cid = at.query_params["c"]
    st.cache_resource.clear()  # what a restart loses: every cached store, backend and workspace
    again = fresh_app()
    again.query_params["c"] = cid
    again.run()
    assert "Head of Product" in " ".join(page_text(c) for c in again.chat_message)
    assert again.query_params["c"] == cid


def test_the_summary_can_be_rated_one_to_four():
    at = begin(fresh_app(), role="Senior Product Manager")
    for text in ["VP of Product at a B2B SaaS company in Austin, with people who argue and then commit.",
                 "Managing managers and owning a P&L.", "Discovery work; pricing energizes me.",
                 "By March I'll lead the pricing experiment and present it to the execs.", "Done."]:
        if [w for w in at.segmented_control if w.key]:
            break
        at = answer(at, text)
    cid = at.query_params["c"]
    rating = at.segmented_control(key=f"rating_{cid}")
    assert [o.content for o in rating.proto.options] == ["1 · Not useful", "2 · A little", "3 · Useful",
                                                         "4 · Very useful"]
    rating.set_value(3).run()
    at.switch_page("app_pages/history.py").run()
    assert any("summary rated 3/4" in c.value for c in at.caption)


class ImageSpeaker:
    """A speaker whose replies carry an external image and a tag, split across chunks."""

    def stream(self, move, state, history, last_answer, question_back=None):
        yield from ["Noted. ![track", "er](http://evil.example/p", ".png) That is <b>", "bold</b>. ",
                    "What kind of company?"]


def test_model_text_is_markdown_without_external_images_or_html(monkeypatch):
    import app_pages.services as services
    from assistant.engine import Backend
    from assistant.interview.reader import RulesReader
    from assistant.ladder import load_ladder
    from assistant.models import BackendInfo

    ladder = load_ladder()
    monkeypatch.setattr(services, "make_backend", lambda model=None: Backend(
        BackendInfo("openai", "scripted", None), RulesReader(ladder), ImageSpeaker(), None, ladder))
    at = begin(fresh_app())
    at = answer(at, "Director of Product")
    shown = " ".join(page_text(c) for c in at.chat_message)
    assert "What kind of company?" in shown
    assert "evil.example" not in shown and "![" not in shown
    assert "<b>" not in shown.replace("\\<", ""), "a tag is shown as typed (escaped), never as HTML"


def test_a_long_answer_is_read_in_part_and_saved_whole():
    at = begin(fresh_app())
    long = "I want to lead a product group. " * 200
    at = answer(at, long)
    assert not at.exception
    assert any("first" in i.value and "characters" in i.value for i in at.info)
    assert long.strip()[:200] in page_text(at.chat_message[1])


class FlakyReader:
    """Fails like a model outage on the first reading, then reads by the rules."""

    def __init__(self, inner):
        self.inner, self.calls = inner, 0

    def read(self, answer, state, history):
        from assistant.interview.reader import ModelUnavailable

        self.calls += 1
        if self.calls == 1:
            raise ModelUnavailable("the model did not answer in time")
        return self.inner.read(answer, state, history)


def test_retry_after_an_outage_replies_to_the_saved_answer(monkeypatch):
    import app_pages.services as services
    from assistant.engine import build_backend

    backend = build_backend()
    backend.reader = FlakyReader(backend.reader)
    monkeypatch.setattr(services, "make_backend", lambda model=None: backend)
    at = begin(fresh_app())
    at = answer(at, "Director of Product at a fintech in London")
    assert any("did not answer in time" in e.value for e in at.error)
    assert at.chat_input(key="answer").proto.disabled, "no new answer until this one has a reply"
    at.button(key="retry").click().run()
    assert not at.exception and not at.error
    roles = [c.name for c in at.chat_message]
    assert roles == ["assistant", "user", "assistant"]
    assert [m for m in at.chat_message[1].markdown if "fintech" in m.value]


def test_a_declined_long_horizon_is_honoured_in_the_next_rehearsal():
    at = begin(fresh_app())
    first = at.query_params["c"]
    assert "5 years" in page_text(at.chat_message[0])
    at = answer(at, "Honestly I can't think five years out right now. We just had a baby.")
    at.button(key="restart").click().run()
    at.button(key="restart_yes").click().run()
    at = begin(at)
    assert at.query_params["c"] != first
    opening = page_text(at.chat_message[0]).lower()
    assert "5 years" not in opening and "five years" not in opening
    assert any("shorter horizon" in c.value for c in at.caption)


def test_the_offline_backend_is_labelled_with_how_to_switch():
    at = fresh_app()
    at.run()
    sidebar = " ".join(m.value for m in at.sidebar.markdown)
    assert "Offline: rules, no AI model" in sidebar
    assert any("OPENAI_API_KEY" in c.value.replace("\\", "") for c in at.sidebar.caption)


def test_a_broken_model_setting_falls_back_to_offline_and_says_so(monkeypatch):
    monkeypatch.setenv("NEXTSTEP_MODEL", "openai:gpt-4.1-mini")  # no key in tests
    from assistant.settings import get_settings

    get_settings.cache_clear()
    at = fresh_app()
    at.run()
    assert not at.exception
    assert any("could not start" in w.value and "OPENAI_API_KEY" in w.value.replace("\\", "")
               for w in at.sidebar.warning)
    assert "Offline: rules, no AI model" in " ".join(m.value for m in at.sidebar.markdown)


def test_an_outage_on_the_first_question_offers_a_retry(monkeypatch):
    import app_pages.services as services
    from assistant.engine import build_backend

    chat = ScriptedChat(script=[ModelUnavailable("the model timed out"),
                                "Where would you like your career to be in five years?"])
    monkeypatch.setattr(services, "make_backend", lambda model=None: build_backend(chat_model=chat))
    at = begin(fresh_app())
    assert not at.exception
    assert any("could not start" in e.value for e in at.error)
    at.button(key="retry_open").click().run()
    assert not at.error
    assert "five years" in page_text(at.chat_message[0])


def test_a_malformed_setting_is_explained_instead_of_crashing(monkeypatch):
    from assistant.settings import get_settings

    monkeypatch.setenv("NEXTSTEP_MODEL", "gpt4")  # missing the provider
    get_settings.cache_clear()
    at = fresh_app()
    at.run()
    assert not at.exception
    assert any("setting could not be read" in e.value and "provider:model" in e.value for e in at.error)


def test_a_broken_ladder_file_is_explained_in_one_line(monkeypatch, tmp_path):
    from assistant.settings import get_settings

    bad = tmp_path / "ladder.yaml"
    bad.write_text("levels: [unclosed")
    monkeypatch.setenv("NEXTSTEP_LADDER_FILE", str(bad))
    get_settings.cache_clear()
    at = fresh_app()
    at.run()
    assert not at.exception
    assert any("career ladder could not be loaded" in e.value for e in at.error)
