"""Sharing is explicit and selective: summaries without sensitive answers, excerpts, plans, files."""

from __future__ import annotations

import json

import pytest

from assistant.engine import build_backend, start_interview
from assistant.interview.reading import Reading, SlotValues
from assistant.interview.session import Message
from assistant.interview.state import InterviewState
from assistant.store import NotAllowed, ShareFileError, Store
from test_store_support import converse, store, target, team  # noqa: F401  (fixtures)

CARE = "stay in Porto while my father recovers from surgery"


def rehearsal_with_a_sensitive_answer(access):
    """Three answers; the location one mentions a parent's health and is flagged."""
    conv = access.create_conversation("rehearse", "Prep for Thursday")
    j = access.journal(conv.id)
    for role, text, reading in [
        ("assistant", "What title in five years?", None),
        ("pm", "Director of Product", Reading(answers_question=True,
                                              slots=SlotValues(title="Director of Product"))),
        ("assistant", "Where would you like to be?", None),
        ("pm", f"I want to {CARE}", Reading(answers_question=True, sensitive=["health", "family"],
                                             slots=SlotValues(location=CARE))),
        ("assistant", "What kind of people?", None),
        ("pm", "Builders who argue kindly", Reading(answers_question=True,
                                                    slots=SlotValues(people="Builders who argue kindly"))),
    ]:
        j.record(Message(role, text, "vision"))
        if reading:
            j.annotate(reading)
    j.save_state(InterviewState(slots={"title": "Director of Product", "location": CARE,
                                       "people": "Builders who argue kindly"},
                                evidence=["led the checkout rebuild", CARE],
                                target_title="Director of Product"))
    return conv


def test_a_summary_leaves_out_sensitive_answers(store, team):
    pat, mia = store.access(team["pat"]), store.access(team["mia"])
    conv = rehearsal_with_a_sensitive_answer(pat)
    preview = pat.preview_share("summary", conversation_id=conv.id)
    assert preview.left_out and "Where" in " ".join(preview.left_out)
    pat.share("summary", conversation_id=conv.id)
    (item,) = mia.shared_with_me()
    text = json.dumps(item.content)
    assert "Porto" not in text and "father" not in text
    assert item.content["answers"]["title"]["text"] == "Director of Product"
    assert item.content["answers"]["people"]["text"] == "Builders who argue kindly"
    assert item.content["evidence"] == ["led the checkout rebuild"]
    assert item.title == "Prep for Thursday" and item.owner.identity == "pat"
    # The manager never learns that something was held back.
    assert "left_out" not in text and "Prep for Thursday" == item.content["conversation"]


def test_the_pm_can_choose_to_include_sensitive_answers(store, team):
    pat, mia = store.access(team["pat"]), store.access(team["mia"])
    conv = rehearsal_with_a_sensitive_answer(pat)
    pat.share("summary", conversation_id=conv.id, include_sensitive=True)
    (item,) = mia.shared_with_me()
    assert item.content["answers"]["location"]["text"] == CARE


def test_excerpts_show_only_the_chosen_messages(store, team):
    pat, mia = store.access(team["pat"]), store.access(team["mia"])
    conv = rehearsal_with_a_sensitive_answer(pat)
    msgs = pat.transcript(conv.id)
    chosen = [msgs[1].id, msgs[3].id]  # the title answer and the sensitive one
    pat.share("excerpts", conversation_id=conv.id, excerpts=chosen)
    (item,) = mia.shared_with_me()
    assert [m["text"] for m in item.content["messages"]] == ["Director of Product"]
    pat.share("excerpts", conversation_id=conv.id, excerpts=chosen, include_sensitive=True)
    newest = mia.shared_with_me()[0]
    assert [m["text"] for m in newest.content["messages"]] == ["Director of Product",
                                                                f"I want to {CARE}"]
    assert "Builders" not in json.dumps([i.content for i in mia.shared_with_me()])


def test_excerpts_must_come_from_the_shared_conversation(store, team):
    pat = store.access(team["pat"])
    a = rehearsal_with_a_sensitive_answer(pat)
    b, _ = converse(pat, texts=("Q", "other"))
    other_id = pat.transcript(b.id)[1].id
    with pytest.raises(ValueError):
        pat.share("excerpts", conversation_id=a.id, excerpts=[other_id])
    with pytest.raises(ValueError):
        pat.share("excerpts", conversation_id=a.id, excerpts=[])
    with pytest.raises(ValueError):
        pat.share("transcript", conversation_id=a.id)


def test_a_shared_plan_shows_its_latest_version(store, team):
    pat, mia = store.access(team["pat"]), store.access(team["mia"])
    v1 = pat.save_plan_version({"milestones": ["one"]}, title="My plan")
    share = pat.share("plan", plan_id=v1.plan_id, note="for Thursday")
    pat.save_plan_version({"milestones": ["one", "two"]}, plan_id=v1.plan_id)
    (item,) = mia.shared_with_me()
    assert item.content["plan"] == {"milestones": ["one", "two"]} and item.content["version"] == 2
    assert item.share.note == "for Thursday" and item.share.id == share.id
    assert item.title == "My plan"


def test_a_live_interview_summary_is_shareable(store, team):
    """End to end with the offline reader: a disclosed illness stays out of the summary."""
    pat, mia = store.access(team["pat"]), store.access(team["mia"])
    conv = pat.create_conversation("rehearse", "Real run")
    interview = start_interview(build_backend(seed="t"), pat.journal(conv.id))
    interview.open().run()
    interview.answer("Head of Product at a climate startup").run()
    interview.answer("My mother has cancer so I cannot plan five years ahead").run()
    flagged = [m for m in pat.transcript(conv.id) if m.sensitive]
    assert flagged, "the offline reader should flag the disclosure"
    pat.share("summary", conversation_id=conv.id)
    (item,) = mia.shared_with_me()
    assert "cancer" not in json.dumps(item.content)
    assert item.content["horizon_declined"] is True


def test_a_share_travels_as_a_file_to_a_managers_own_store(store, team, tmp_path):
    pat = store.access(team["pat"])
    conv = rehearsal_with_a_sensitive_answer(pat)
    share = pat.share("summary", conversation_id=conv.id, note="see you Thursday")
    path = tmp_path / "share.json"
    path.write_text(json.dumps(pat.export_share(share.id)))

    managers = Store.connect(f"sqlite:///{tmp_path / 'managers.db'}")
    try:
        me = managers.access(managers.local_person())
        item = me.import_share(json.loads(path.read_text()))
        assert item.share.imported and item.owner.name == "Pat"
        assert item.content["answers"]["title"]["text"] == "Director of Product"
        assert "Porto" not in path.read_text()
        assert me.import_share(json.loads(path.read_text())).share.id == item.share.id
        assert [i.share.id for i in me.shared_with_me()] == [share.id]
        assert me.shared_item(share.id).share.note == "see you Thursday"
        # Nobody else in that store sees it, and it is not the manager's to revoke or export.
        other = managers.access(managers.person("someone-else"))
        assert other.shared_with_me() == []
        with pytest.raises(NotAllowed):
            other.shared_item(share.id)
        with pytest.raises(NotAllowed):
            other.import_share(json.loads(path.read_text()))
        with pytest.raises(NotAllowed):
            me.revoke(share.id)
    finally:
        managers.close()


@pytest.mark.parametrize("broken,needle", [
    ([], "not a Next Step share"),
    ({"format": "nextstep-share", "version": 9}, "version"),
    ({"format": "nextstep-share", "version": 1, "what": "everything"}, "what"),
    ({"format": "nextstep-share", "version": 1, "what": "plan", "from": {}}, "who"),
    ({"format": "nextstep-share", "version": 1, "what": "plan", "from": {"identity": "x"},
      "id": "../../etc"}, "id"),
    ({"format": "nextstep-share", "version": 1, "what": "plan", "from": {"identity": "x"},
      "id": "a" * 32, "content": "text"}, "content"),
])
def test_broken_share_files_are_refused_clearly(store, broken, needle):
    with pytest.raises(ShareFileError, match=needle):
        store.access(store.local_person()).import_share(broken)


def test_a_manager_can_drop_received_shares_and_imported_senders_go_with_them(store, team, tmp_path):
    pat, mia = store.access(team["pat"]), store.access(team["mia"])
    conv = rehearsal_with_a_sensitive_answer(pat)
    live = pat.share("summary", conversation_id=conv.id)
    file = pat.export_share(pat.share("summary", conversation_id=conv.id).id)
    with pytest.raises(NotAllowed):
        store.access(team["quinn"]).dismiss(live.id)
    mia.dismiss(live.id)
    assert live.id not in [i.share.id for i in mia.shared_with_me()]

    managers = Store.connect(f"sqlite:///{tmp_path / 'managers.db'}")
    try:
        me = managers.access(managers.local_person())
        item = me.import_share(file)
        assert managers.find_person(item.owner.identity).identity.startswith("imported:")
        me.dismiss(item.share.id)
        assert me.shared_with_me() == [] and managers.find_person(item.owner.identity) is None
        # Erasing the manager also forgets who sent them files.
        again = me.import_share(file)
        me.erase_person(compact=False)
        assert managers.find_person(again.owner.identity) is None
    finally:
        managers.close()


def test_a_paraphrased_sensitive_answer_stays_out_too(store, team):
    """A model reader may reword a flagged answer into a slot; the summary still holds it back."""
    pat, mia = store.access(team["pat"]), store.access(team["mia"])
    conv = pat.create_conversation("rehearse", "Paraphrase")
    j = pat.journal(conv.id)
    j.record(Message("pm", "Honestly my partner's chemo means I need to stay put", "vision"))
    j.annotate(Reading(answers_question=True, sensitive=["health"],
                       slots=SlotValues(location="Remain in current city")))
    j.save_state(InterviewState(slots={"location": "Remain in current city",
                                       "title": "Senior PM"}))
    pat.share("summary", conversation_id=conv.id)
    (item,) = mia.shared_with_me()
    assert list(item.content["answers"]) == ["title"]
