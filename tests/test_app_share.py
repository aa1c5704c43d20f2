"""Sharing a finished rehearsal with the manager: summary, picked answers, revoking, share files."""

from __future__ import annotations

import json


from assistant.settings import get_settings
from assistant.store import Store
from tests.test_app_support import answer, begin, fresh_app

PRIVATE = "recovering from surgery"
ANSWERS = [
    "VP of Product at a B2B SaaS company in Austin, working with people who argue hard and then commit.",
    "Managing managers, owning a P&L, and hiring a team from scratch.",
    f"I'm good at discovery work. I'm {PRIVATE} this year, so I pace my evenings carefully.",
    "Pricing work energizes me.",
    "By March I'll lead the pricing experiment end to end and present the results to the exec team.",
]
MANAGER = "lee@example.com"


def finished():
    at = begin(fresh_app(), role="Senior Product Manager")
    for text in ANSWERS:
        at = answer(at, text)
    if not any("rehearsal done" in s.value for s in at.success):
        at.button(key="quick_stop").click().run()  # the interviewer may still want a detail
    assert not at.exception
    assert any("rehearsal done" in s.value for s in at.success)
    return at


def with_manager(at):
    cid = at.query_params["c"]
    at.text_input(key=f"share_manager_{cid}").input(MANAGER)
    [b for b in at.button if b.label == "Save my manager"][0].click().run()
    assert not at.exception
    return at, cid


def manager_view() -> list:
    """What the manager's own door into the store returns."""
    store = Store.connect(get_settings().database)
    return store.access(store.person(MANAGER, email=MANAGER)).shared_with_me()


def preview(at, cid) -> str:
    return " ".join(m.value for m in at.container(key=f"share_preview_{cid}").markdown)


def test_without_a_manager_the_panel_explains_and_share_is_off():
    at = finished()
    cid = at.query_params["c"]
    assert any("Nobody is set as your manager" in c.value for c in at.caption)
    assert at.button(key=f"share_go_{cid}").disabled
    assert not manager_view()


def test_a_summary_leaves_private_answers_out_unless_the_pm_opts_in():
    at, cid = with_manager(finished())
    assert PRIVATE not in preview(at, cid)
    assert "Pricing work energizes me" in preview(at, cid)
    assert any("Left out because it is private" in c.value and "Strengths" in c.value for c in at.caption)

    at.button(key=f"share_go_{cid}").click().run()
    assert not at.exception
    [item] = manager_view()
    assert item.share.what == "summary"
    assert PRIVATE not in json.dumps(item.content)
    assert "Pricing work energizes me" in json.dumps(item.content)

    # The answer that carried the disclosure is held back whole; the PM can opt in to it.
    held = "Discovery work"
    assert held not in preview(at, cid) and held not in json.dumps(item.content)
    at.checkbox(key=f"share_sensitive_{cid}").check().run()
    assert held in preview(at, cid)
    at.button(key=f"share_go_{cid}").click().run()
    shared = [json.dumps(i.content) for i in manager_view()]
    assert len(shared) == 2 and sum(held in c for c in shared) == 1


def test_only_the_picked_answers_reach_the_manager():
    at, cid = with_manager(finished())
    at.radio(key=f"share_what_{cid}").set_value("excerpts").run()
    boxes = [c for c in at.checkbox if c.key.startswith(f"excerpt_{cid}_")]
    assert len(boxes) >= len(ANSWERS) and not any(b.value for b in boxes), "nothing is picked up front"
    private = [b for b in boxes if ":material/lock:" in b.label]
    assert len(private) == 1 and any("Marked private" in c.value for c in at.caption)
    assert at.button(key=f"share_go_{cid}").disabled

    picked = next(b for b in boxes if "Pricing" in b.label)
    picked.check().run()
    assert "Pricing work energizes me" in preview(at, cid)
    assert "Managing managers" not in preview(at, cid)
    at.button(key=f"share_go_{cid}").click().run()
    assert not at.exception

    [item] = manager_view()
    texts = [m["text"] for m in item.content["messages"]]
    assert [t.rstrip(".") for t in texts] == ["Pricing work energizes me"]
    seen = json.dumps(item.content)
    assert "Managing managers" not in seen and PRIVATE not in seen and "VP of Product" not in seen


def test_revoking_takes_it_out_of_the_managers_view():
    at, cid = with_manager(finished())
    at.button(key=f"share_go_{cid}").click().run()
    [item] = manager_view()
    at.button(key=f"revoke_{item.share.id}").click().run()
    assert not at.exception
    assert manager_view() == []
    assert not [b for b in at.button if b.key and b.key.startswith("revoke_")]


def test_a_local_share_file_downloads_and_imports_on_another_store(files, tmp_path):
    at, cid = with_manager(finished())
    at.button(key=f"share_go_{cid}").click().run()
    data = json.loads(files["next-step-share.json"]())
    assert data["what"] == "summary" and PRIVATE not in json.dumps(data)

    with Store.connect(f"sqlite:///{tmp_path / 'elsewhere.db'}") as other:
        lee = other.access(other.person(MANAGER, "Lee", MANAGER))
        item = lee.import_share(data)
        assert item.content["answers"]["interests"]["text"].rstrip(".") == "Pricing work energizes me"
        assert [i.share.id for i in lee.shared_with_me()] == [data["id"]]


def test_history_opens_the_same_panel_for_a_finished_rehearsal():
    at, cid = with_manager(finished())
    at.switch_page("app_pages/history.py").run()
    assert not at.checkbox, "the panel stays closed until asked for"
    at.button(key=f"share_open_{cid}").click().run()
    assert not at.exception
    assert PRIVATE not in preview(at, cid)
    at.button(key=f"share_go_{cid}").click().run()
    assert not at.exception
    [item] = manager_view()
    assert item.share.conversation_id == cid and PRIVATE not in json.dumps(item.content)
    assert at.button(key=f"revoke_{item.share.id}"), "the dialog stays open, listing the share"
