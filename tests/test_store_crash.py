"""A process killed mid-turn loses nothing: the answer is stored and the interview resumes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from assistant.engine import build_backend, start_interview
from assistant.settings import ROOT
from test_store_support import store, target  # noqa: F401  (fixtures)

ANSWER = "I'd like to be a group PM at a logistics company, leading other PMs"

# Resumes the conversation, records the PM's answer, then hangs inside the model call.
CHILD = r"""
import sys, time
sys.path.insert(0, "tests")
from fakes import ScriptedChat
from assistant.engine import build_backend, start_interview
from assistant.store import Store

class HangingChat(ScriptedChat):
    def _generate(self, *args, **kwargs):
        print("in model call", flush=True)
        time.sleep(600)

    def _stream(self, *args, **kwargs):
        yield from ()
        self._generate()

url, schema, cid, answer, where = sys.argv[1:6]
store = Store.connect(url, schema=schema or None)
access = store.access(store.person("pat"))
if where == "model":
    backend = build_backend(chat_model=HangingChat(script=[]))
else:  # the reply is written; hang just before its state is saved
    from assistant.store import StoreJournal
    def hang(self, state):
        print("in model call", flush=True)
        time.sleep(600)
    StoreJournal.save_state = hang
    backend = build_backend(seed="t")
interview = start_interview(backend, access.journal(cid), state=access.load_state(cid))
interview.answer(answer).run()
print("finished", flush=True)
"""


def run_until_blocked(target, cid: str, where: str) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, target.url, target.schema or "", cid, ANSWER, where],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)})
    line = proc.stdout.readline()
    # A retrying reader may enter the model twice; once is enough to be mid-turn.
    assert "in model call" in line, proc.stderr.read() if not line else line
    return proc


@pytest.mark.parametrize("where", ["model", "state"])
def test_sigkill_mid_turn_loses_nothing_and_the_interview_resumes(target, store, where):
    """Killed inside the model call, or after the reply was spoken but before its state was
    saved: either way the answer is kept and the turn is simply replayed."""
    backend = build_backend(seed="t")
    access = store.access(store.person("pat"))
    conv = access.create_conversation("rehearse", "Before the crash")
    first = start_interview(backend, access.journal(conv.id))
    question = first.open().run()

    proc = run_until_blocked(target, conv.id, where)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    # A fresh start, as after a restart of the app.
    store.close()
    again = target.connect()
    try:
        access = again.access(again.person("pat"))
        transcript = access.transcript(conv.id)
        assert [(m.role, m.text) for m in transcript] == [("assistant", question), ("pm", ANSWER)]
        resumed = start_interview(backend, access.journal(conv.id),
                                  state=access.load_state(conv.id))
        assert resumed.pending() == ANSWER
        reply = resumed.retry().run()
        assert reply and resumed.pending() is None
        after = access.transcript(conv.id)
        assert [m.role for m in after] == ["assistant", "pm", "assistant"]
        assert "title" in access.load_state(conv.id).slots
        # The conversation simply carries on.
        resumed.answer("People who are curious and direct").run()
        assert [m.seq for m in access.transcript(conv.id)] == [1, 2, 3, 4, 5]
    finally:
        again.close()
