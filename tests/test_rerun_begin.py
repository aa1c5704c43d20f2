"""Two tabs of one person pressing "Begin rehearsal" at once begin one conversation, opened once."""

from __future__ import annotations

import threading
import time

import pytest
from streamlit.testing.v1 import AppTest

from app_pages import prepared
from app_pages.stored import StoreWorkspace
from assistant.store import Store
from tests.test_app_support import APP

PREP = {"current_role": "Senior Product Manager", "manager_notes": "", "prework": {}}


class Slow:
    """A workspace whose reads take a moment, so two tabs read before either writes."""

    def __init__(self, ws) -> None:
        self.ws = ws

    def conversations(self, kind=None):
        found = self.ws.conversations(kind)
        time.sleep(0.05)
        return found

    def __getattr__(self, name):
        return getattr(self.ws, name)


def together(action, tabs: int = 2) -> tuple[list, list[BaseException]]:
    """Run `action` in `tabs` threads released at the same moment; their results and failures."""
    start, results, errors = threading.Barrier(tabs), [], []

    def run():
        start.wait()
        try:
            results.append(action())
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(tabs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results, errors


@pytest.fixture
def store(tmp_path):
    return Store.connect(f"sqlite:///{tmp_path / 'begin.db'}")


def workspace(store) -> StoreWorkspace:
    # Each tab has its own workspace object, as each browser session does.
    return StoreWorkspace(store, store.access(store.local_person()))


def test_two_tabs_begin_the_same_conversation(store):
    ids, errors = together(lambda: prepared.begin(Slow(workspace(store)), PREP), tabs=3)
    assert not errors
    assert len(set(ids)) == 1
    talks = workspace(store).conversations("rehearse")
    assert [t.id for t in talks] == ids[:1]
    assert talks[0].context.current_role == "Senior Product Manager"


def test_a_begun_preparation_is_replaced_once_by_tabs_preparing_anew(store):
    first = prepared.begin(workspace(store), PREP)  # prepared, not begun yet: no message
    anew = {**PREP, "current_role": "Group Product Manager"}
    ids, errors = together(lambda: prepared.begin(Slow(workspace(store)), anew))
    assert not errors
    assert len(set(ids)) == 1 and ids[0] != first
    # The unbegun first preparation was replaced, not kept beside two new copies.
    assert [t.id for t in workspace(store).conversations("rehearse")] == ids[:1]


def test_begin_after_the_first_tab_has_started_makes_a_new_rehearsal(store):
    first = prepared.begin(workspace(store), PREP)
    ws = workspace(store)
    from assistant.interview.session import Message

    ws.get(first).journal.record(Message("assistant", "What would you like to be doing in five years?"))
    second = prepared.begin(workspace(store), PREP)
    assert second != first  # a begun rehearsal is kept; pressing Begin again starts another


def test_two_app_tabs_pressing_begin_together_open_one_conversation_once():
    tabs = [AppTest.from_file(APP, default_timeout=60) for _ in range(2)]
    for at in tabs:
        at.run()
        at.text_input[0].input("Senior Product Manager")
    buttons = iter([[b for b in at.button if b.label == "Begin rehearsal"][0] for at in tabs])
    lock = threading.Lock()

    def press():
        with lock:
            button = next(buttons)
        return button.click().run()

    done, errors = together(press)
    assert not errors
    for at in done:
        assert not at.exception, at.exception
    from app_pages import services

    store = services._store(services.settings().database)
    ws = StoreWorkspace(store, store.access(store.local_person()))
    talks = ws.conversations("rehearse")
    assert len(talks) == 1
    opening = [m for m in talks[0].journal.messages() if m.role == "assistant"]
    assert len(opening) == 1
