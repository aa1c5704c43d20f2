"""Conversations in the store: the journal, resuming, memory across sessions, plans, ratings."""

from __future__ import annotations

import json

import pytest

from assistant.engine import build_backend, start_interview
from assistant.interview.reading import Reading, SlotValues
from assistant.interview.session import Context, Message
from assistant.interview.state import InterviewState, Memory, MoveKind
from test_store_support import converse, store, target, team  # noqa: F401  (fixtures)


def test_journal_round_trips_messages_readings_and_state(store):
    access = store.access(store.person("pat"))
    conv = access.create_conversation("rehearse", "Monday prep",
                                      Context("Senior PM", "ships fast", {"title": "Director"}))
    journal = access.journal(conv.id)
    held = journal.record(Message("assistant", "Where in five years?", "vision", "ask",
                                  {"slot": "title"}))
    assert held is None and access.transcript(conv.id) == []  # a reply waits for its state
    assert [m.text for m in journal.messages()] == ["Where in five years?"]
    pm = journal.record(Message("pm", "Héad of Product, émigré 🚀", "vision"))
    journal.annotate(Reading(answers_question=True, slots=SlotValues(title="Head of Product"),
                             sensitive=["family"]))
    journal.save_state(InterviewState(slots={"title": "Head of Product"}, turns=1))
    assert pm.seq == 2 and access.transcript(conv.id)[0].seq == 1
    assert journal.messages() == [
        Message("assistant", "Where in five years?", "vision", "ask", {"slot": "title"}),
        Message("pm", "Héad of Product, émigré 🚀", "vision", None, {})]
    assert access.transcript(conv.id)[1].sensitive == ("family",)
    assert access.readings(conv.id)[pm.id].slots.title == "Head of Product"
    assert access.load_state(conv.id).slots == {"title": "Head of Product"}
    again = access.conversation(conv.id)
    assert again.message_count == 2 and again.updated >= conv.updated
    assert again.interview_context() == Context("Senior PM", "ships fast", {"title": "Director"})


def test_annotating_twice_keeps_the_newest_reading(store):
    access = store.access(store.person("pat"))
    conv, journal = converse(access, texts=("Q", "A"))
    journal.annotate(Reading(answers_question=False))
    journal.annotate(Reading(answers_question=True, thin=True))
    (reading,) = access.readings(conv.id).values()
    assert reading.answers_question and reading.thin


def test_conversations_are_listed_newest_first_and_by_kind(store):
    access = store.access(store.person("pat"))
    a, _ = converse(access, title="first")
    b, _ = converse(access, kind="reflect", title="second")
    access.journal(a.id).record(Message("pm", "later answer"))
    assert [c.title for c in access.conversations()] == ["first", "second"]
    assert [c.title for c in access.conversations("reflect")] == ["second"]
    access.rename(b.id, "renamed")
    assert access.conversation(b.id).title == "renamed"
    with pytest.raises(ValueError):
        access.create_conversation("chat")


def test_an_interview_resumes_where_it_stopped(store):
    """A restart mid-interview: a new Store, the same conversation, the next question follows."""
    backend = build_backend(seed="t")
    pat = store.person("pat")
    access = store.access(pat)
    conv = access.create_conversation("rehearse", "Prep")
    interview = start_interview(backend, access.journal(conv.id), memory=access.memory())
    interview.open().run()
    interview.answer("Director of Product at a fintech in Berlin").run()
    before = access.transcript(conv.id)

    again = store.access(store.person("pat"))
    state = again.load_state(conv.id)
    resumed = start_interview(backend, again.journal(conv.id), state=state)
    assert resumed.pending() is None and resumed.state.slots == state.slots
    resumed.answer("Curious, kind people who like hard problems").run()
    after = again.transcript(conv.id)
    assert [m.text for m in after[:len(before)]] == [m.text for m in before]
    assert [m.role for m in after] == ["assistant", "pm", "assistant", "pm", "assistant"]
    assert [m.seq for m in after] == [1, 2, 3, 4, 5]


def test_an_unanswered_answer_is_pending_after_resume(store):
    backend = build_backend(seed="t")
    access = store.access(store.person("pat"))
    conv = access.create_conversation("rehearse")
    interview = start_interview(backend, access.journal(conv.id))
    interview.open().run()
    interview.journal.record(Message("pm", "Group PM at a health startup", "vision"))  # no reply
    resumed = start_interview(backend, access.journal(conv.id), state=access.load_state(conv.id))
    assert resumed.pending() == "Group PM at a health startup"
    resumed.retry().run()
    assert access.transcript(conv.id)[-1].role == "assistant"
    assert resumed.pending() is None


def test_a_declined_horizon_is_remembered_by_later_sessions(store):
    """Memory lives with the person: a new rehearsal or reflection never asks the long view."""
    backend = build_backend(seed="t")
    access = store.access(store.person("pat"))
    first = access.create_conversation("rehearse")
    interview = start_interview(backend, access.journal(first.id), memory=access.memory())
    interview.open().run()
    turn = interview.answer("I have a new baby, I really can't think five years ahead right now")
    turn.run()
    assert turn.move.kind == MoveKind.BACK_OFF
    assert access.memory().horizon_declined

    later = store.access(store.person("pat"))
    second = later.create_conversation("reflect")
    follow = start_interview(backend, later.journal(second.id), memory=later.memory())
    assert follow.state.horizon_declined and follow.state.horizon_years == 1
    follow.open().run()
    # Even a later state that forgot the flag cannot unset it: memory only ever gains.
    later.journal(second.id).save_state(InterviewState())
    assert later.memory().horizon_declined


def test_remember_merges_flags(store):
    access = store.access(store.person("pat"))
    assert access.memory() == Memory()
    access.remember(Memory(potential_reflected=True))
    merged = access.remember(Memory(horizon_declined=True))
    assert merged == Memory(horizon_declined=True, potential_reflected=True) == access.memory()
    assert store.access(store.person("quinn")).memory() == Memory()


def test_draft_conversations_do_not_change_memory(store, team):
    access = store.access(team["mia"])
    conv = access.create_conversation("draft", subject=team["pat"])
    access.journal(conv.id).save_state(InterviewState(horizon_declined=True))
    assert access.memory() == Memory() == store.access(team["pat"]).memory()


def test_ratings_keep_the_latest(store):
    access = store.access(store.person("pat"))
    conv, _ = converse(access)
    assert access.rating(conv.id) is None
    access.rate(conv.id, 2)
    access.rate(conv.id, 4)
    assert access.rating(conv.id) == 4
    for bad in (0, 5, "3"):
        with pytest.raises(ValueError):
            access.rate(conv.id, bad)


def test_plan_versions_are_numbered_and_never_overwritten(store, team):
    pat, mia = store.access(team["pat"]), store.access(team["mia"])
    draft = mia.create_conversation("draft", "Plan for Pat", subject=team["pat"])
    v1 = mia.save_plan_version({"milestones": [{"text": "Lead the pricing review"}]},
                               conversation_id=draft.id, note="first draft", title="Pat 2027")
    v2 = mia.save_plan_version({"milestones": []}, conversation_id=draft.id, note="trimmed")
    v3 = pat.save_plan_version({"milestones": [{"text": "mine"}]}, plan_id=v1.plan_id,
                               note="my words")
    assert (v1.version, v2.version, v3.version) == (1, 2, 3)
    assert v1.plan_id == v2.plan_id == v3.plan_id
    versions = pat.plan_versions(v1.plan_id)
    assert [(v.version, v.author_name, v.note) for v in versions] == [
        (1, "Mia", "first draft"), (2, "Mia", "trimmed"), (3, "Pat", "my words")]
    assert versions[0].data == {"milestones": [{"text": "Lead the pricing review"}]}
    plan = pat.plans()[0]
    assert plan.owner_id == team["pat"].id and plan.title == "Pat 2027" and plan.latest.version == 3
    assert mia.plan_for(draft.id).id == plan.id


def test_plans_accept_pydantic_models_with_dates(store):
    from datetime import date

    from pydantic import BaseModel

    class Milestone(BaseModel):
        text: str
        due: date

    access = store.access(store.person("pat"))
    v = access.save_plan_version(Milestone(text="Run a customer council", due=date(2027, 3, 1)))
    assert access.plan_versions(v.plan_id)[0].data == {"text": "Run a customer council",
                                                       "due": "2027-03-01"}


def test_export_holds_everything_of_the_person_as_json(store, team):
    pat = store.access(team["pat"])
    conv, journal = converse(pat, texts=("Q", "my-unique-answer"))
    journal.annotate(Reading(answers_question=True, sensitive=["health"]))
    journal.save_state(InterviewState(horizon_declined=True))
    pat.rate(conv.id, 3)
    v = pat.save_plan_version({"goal": "plan-goal-text"})
    pat.share("plan", plan_id=v.plan_id)
    data = json.loads(json.dumps(pat.export_person()))
    assert data["person"]["identity"] == "pat" and data["manager"]["identity"] == "mia"
    assert data["memory"]["horizon_declined"] is True
    (c,) = data["conversations"]
    assert [m["text"] for m in c["messages"]] == ["Q", "my-unique-answer"]
    assert c["messages"][1]["reading"]["sensitive"] == ["health"]
    assert c["ratings"][0]["score"] == 3 and c["state"]["horizon_declined"] is True
    assert data["plans"][0]["versions"][0]["data"] == {"goal": "plan-goal-text"}
    assert data["shares_given"][0]["what"] == "plan"
    assert "my-unique-answer" not in json.dumps(store.access(team["quinn"]).export_person())


def test_a_reply_is_stored_with_its_state_or_not_at_all(store):
    """If saving the state fails, the reply is not kept either and the answer stays pending."""
    backend = build_backend(seed="t")
    access = store.access(store.person("pat"))
    conv = access.create_conversation("rehearse")
    journal = access.journal(conv.id)
    interview = start_interview(backend, journal)
    interview.open().run()

    def broken(state):
        raise OSError("disk full")

    journal.save_state = broken
    with pytest.raises(OSError):
        interview.answer("Principal PM in a research-heavy company").run()
    assert [m.role for m in access.transcript(conv.id)] == ["assistant", "pm"]

    fresh = start_interview(backend, access.journal(conv.id), state=access.load_state(conv.id))
    assert fresh.pending() == "Principal PM in a research-heavy company"
    fresh.retry().run()
    assert [m.role for m in access.transcript(conv.id)] == ["assistant", "pm", "assistant"]


def test_a_journal_sees_messages_written_elsewhere(store):
    access = store.access(store.person("pat"))
    conv, first = converse(access, texts=("Q",))
    assert [m.text for m in first.messages()] == ["Q"]
    access.journal(conv.id).record(Message("pm", "from another tab"))
    assert [m.text for m in first.messages()] == ["Q", "from another tab"]
    assert [m.text for m in first.messages()] == ["Q", "from another tab"]
