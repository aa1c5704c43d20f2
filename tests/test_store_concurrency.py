"""Many sessions writing at once, from threads and from processes, lose no message."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections import Counter

from assistant.interview.reading import Reading
from assistant.interview.session import Message
from assistant.interview.state import InterviewState
from assistant.settings import ROOT
from test_store_support import store, target  # noqa: F401  (fixtures)

WRITERS, TURNS = 8, 25
# Each process pays for its own interpreter start, so fewer of them than threads.
PROCESSES = 4

# Waits for "go" so every process writes at the same time, then writes its share.
WRITER = r"""
import sys
from assistant.interview.session import Message
from assistant.store import Store
url, schema, idx, turns, shared_id = sys.argv[1], sys.argv[2] or None, int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
store = Store.connect(url, schema=schema)
mine = store.access(store.person(f"w{idx}"))
own = mine.journal(mine.create_conversation("rehearse", f"writer {idx}").id)
shared = store.access(store.person("owner")).journal(shared_id)
print("ready", flush=True)
sys.stdin.readline()
for i in range(turns):
    own.record(Message("pm", f"own {idx}-{i}"))
    shared.record(Message("pm", f"shared {idx}-{i}"))
print(own.conversation_id, flush=True)
"""

# Races on a brand-new database: every process runs the migrations at once.
CONNECTOR = r"""
import sys
from assistant.store import Store
url, schema, idx = sys.argv[1], sys.argv[2] or None, sys.argv[3]
print("ready", flush=True)
sys.stdin.readline()
store = Store.connect(url, schema=schema)
store.person(f"p{idx}")
print("done", flush=True)
"""


def assert_complete(access, conversation_id, expected: Counter) -> None:
    messages = access.transcript(conversation_id)
    assert Counter(m.text for m in messages) == expected
    assert [m.seq for m in messages] == list(range(1, len(messages) + 1))
    assert access.conversation(conversation_id).message_count == len(messages)


def test_threads_writing_at_once_lose_nothing(store):
    owner = store.access(store.person("owner"))
    shared = owner.create_conversation("rehearse", "shared")
    start, errors, own_ids = threading.Barrier(WRITERS), [], {}

    def write(idx: int) -> None:
        try:
            mine = store.access(store.person(f"w{idx}"))
            conv = mine.create_conversation("rehearse")
            own_ids[idx] = conv.id
            own, common = mine.journal(conv.id), owner.journal(shared.id)
            start.wait()
            for i in range(TURNS):
                own.record(Message("pm", f"own {idx}-{i}"))
                own.annotate(Reading(answers_question=True))
                own.record(Message("assistant", f"reply {idx}-{i}"))
                own.save_state(InterviewState(turns=i))
                common.record(Message("pm", f"shared {idx}-{i}"))
        except BaseException as exc:  # surfaced below; a thread cannot fail the test itself
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(i,)) for i in range(WRITERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert_complete(owner, shared.id, Counter(f"shared {w}-{i}" for w in range(WRITERS)
                                              for i in range(TURNS)))
    for idx, cid in own_ids.items():
        mine = store.access(store.find_person(f"w{idx}"))
        expected = Counter([f"own {idx}-{i}" for i in range(TURNS)] +
                           [f"reply {idx}-{i}" for i in range(TURNS)])
        assert_complete(mine, cid, expected)
        assert len(mine.readings(cid)) == TURNS
        assert mine.load_state(cid).turns == TURNS - 1


def spawn(script: str, args: list[str]) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", script, *args], cwd=ROOT, text=True,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})


def run_together(procs: list[subprocess.Popen]) -> list[str]:
    """Release every process at once; return each one's last line of output."""
    for p in procs:
        line = p.stdout.readline()
        assert line.strip() == "ready", p.stderr.read()
    for p in procs:
        p.stdin.write("go\n")
        p.stdin.flush()
    outs = []
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
        outs.append(out.strip().splitlines()[-1])
    return outs


def test_processes_writing_at_once_lose_nothing(target, store):
    owner = store.access(store.person("owner"))
    shared = owner.create_conversation("rehearse", "shared")
    procs = [spawn(WRITER, [target.url, target.schema or "", str(i), str(TURNS), shared.id])
             for i in range(PROCESSES)]
    own_ids = run_together(procs)
    assert_complete(owner, shared.id, Counter(f"shared {w}-{i}" for w in range(PROCESSES)
                                              for i in range(TURNS)))
    for idx, cid in enumerate(own_ids):
        mine = store.access(store.find_person(f"w{idx}"))
        assert_complete(mine, cid, Counter(f"own {idx}-{i}" for i in range(TURNS)))


def test_processes_starting_on_a_new_database_migrate_once(target):
    procs = [spawn(CONNECTOR, [target.url, target.schema or "", str(i)]) for i in range(PROCESSES)]
    assert run_together(procs) == ["done"] * PROCESSES
    store = target.connect()
    try:
        assert all(store.find_person(f"p{i}") for i in range(PROCESSES))
    finally:
        store.close()
