"""Shares that stay revoked, share files checked in full, erasure that reaches imported copies
and survives a crash, writes that outlast a locked database, and private files."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import threading
import time

import pytest
from sqlalchemy import insert, select

from assistant.interview.session import Message
from assistant.settings import ROOT
from assistant.store import NotAllowed, ShareFileError, Store, StoreBusy, compaction
from assistant.store.schema import ShareRow, now
from assistant.store.sharefile import read_share_file
from test_store_erasure import sqlite_bytes
from test_store_support import converse, store, target, team  # noqa: F401  (fixtures)


def plan_file(access, note="Pat's plan"):
    v = access.save_plan_version({"created": "2026-01-05", "milestones": []}, title="Growth plan",
                                 note="first")
    share = access.share("plan", plan_id=v.plan_id, note=note)
    return share, access.export_share(share.id)


# --- revoked means gone ----------------------------------------------------------------------

def test_a_revoked_share_cannot_come_back_through_its_file(store, team):
    pat, mia = store.access(team["pat"]), store.access(team["mia"])
    share, data = plan_file(pat)
    pat.revoke(share.id)
    with pytest.raises(NotAllowed, match="revoked"):
        mia.import_share(data)
    assert mia.shared_with_me() == [] and mia.plans() == []
    with pytest.raises(NotAllowed):
        mia.shared_item(share.id)


def test_a_deleted_conversation_takes_its_share_files_with_it(store, team):
    pat, mia = store.access(team["pat"]), store.access(team["mia"])
    conv, _ = converse(pat, texts=("Where?", "Director of Product"))
    share = pat.share("excerpts", conversation_id=conv.id,
                      excerpts=[m.id for m in pat.transcript(conv.id)])
    data = pat.export_share(share.id)
    pat.delete_conversation(conv.id)
    with pytest.raises(NotAllowed):
        mia.import_share(data)


# --- share files checked in full -------------------------------------------------------------

def good_file() -> dict:
    return {"format": "nextstep-share", "version": 1, "id": "b" * 32, "what": "excerpts",
            "from": {"identity": "pat", "name": "Pat", "email": "pat@example.com"},
            "title": "Prep", "note": "", "exported": "2026-01-01T00:00:00+00:00",
            "content": {"kind": "excerpts", "conversation": "Prep", "messages": [
                {"id": 1, "seq": 1, "role": "pm", "text": "Director", "stage": "vision"}]}}


def broken(path: str, value) -> dict:
    data = good_file()
    *parents, key = path.split(".")
    node = data
    for p in parents:
        node = node[p] if not p.isdigit() else node[int(p)]
    node[key if not key.isdigit() else int(key)] = value
    return data


@pytest.mark.parametrize("data,needle", [
    (broken("from.name", 7), "sender's name is not text"),
    (broken("from.name", "<img src=x>" * 100), "sender's name is longer"),
    (broken("from.identity", "  "), "who shared it"),
    (broken("title", ["a"]), "title is not text"),
    (broken("title", "t" * 5000), "title is longer"),
    (broken("version", "1"), "version of Next Step"),
    (broken("version", True), "version of Next Step"),
    (broken("note", "x\x00y"), "not text"),
    (broken("content.kind", "plan"), "does not match"),
    (broken("content.messages", {"a": 1}), "messages are not a list"),
    (broken("content.messages.0.role", "system"), "not from the PM"),
    (broken("content.messages.0.text", None), "message text is not text"),
    (broken("content.messages.0.id", "1"), "no number"),
    (broken("content.messages.0.text", "x" * 30_000), "longer than 20,000"),
    (broken("from", "pat"), "who shared it"),
], ids=lambda v: v if isinstance(v, str) else "")
def test_each_broken_field_is_named_in_one_line_without_its_value(store, data, needle):
    me = store.access(store.local_person())
    with pytest.raises(ShareFileError, match=needle) as err:
        me.import_share(data)
    assert "\n" not in str(err.value) and "<img" not in str(err.value) and len(str(err.value)) < 120
    assert me.shared_with_me() == []


@pytest.mark.parametrize("raw,needle", [
    (b"\xff\xfe not json", "not valid JSON"),
    (b" " * 1_000_001, "larger than"),
    ("[" * 200_000 + "]" * 200_000, "not valid JSON"),
    ('"just a string"', "not a Next Step"),
])
def test_raw_files_are_parsed_safely(raw, needle):
    with pytest.raises(ShareFileError, match=needle):
        read_share_file(raw)


def test_a_plan_file_with_a_plan_that_does_not_read_is_refused(store, team):
    _, data = plan_file(store.access(team["pat"]))
    data["content"]["plan"] = {"milestones": "all of them"}
    me = store.access(store.person("elsewhere"))
    with pytest.raises(ShareFileError, match="plan is not a plan"):
        me.import_share(data)


def test_a_real_file_of_every_kind_passes(store, team):
    pat = store.access(team["pat"])
    conv, _ = converse(pat, texts=("Where?", "Director of Product"))
    _, plan = plan_file(pat)
    excerpt = pat.share("excerpts", conversation_id=conv.id,
                        excerpts=[m.id for m in pat.transcript(conv.id)])
    summary = pat.share("summary", conversation_id=conv.id)
    for data in (plan, pat.export_share(excerpt.id), pat.export_share(summary.id)):
        assert read_share_file(json.dumps(data)) == data


def test_a_broken_import_is_listed_with_its_problem_and_can_be_removed(store):
    me = store.access(store.local_person())
    ok = me.import_share(good_file())
    bad = dict(good_file(), id="c" * 32, content={"kind": "excerpts", "messages": "oops"})
    with store.sessions.begin() as s:  # as an older version without full checks kept it
        sender = s.execute(select(ShareRow.owner_id).where(ShareRow.id == ok.share.id)).scalar()
        s.execute(insert(ShareRow).values(id=bad["id"], owner_id=sender, recipient_id=me.person.id,
                                          what="excerpts", excerpt_ids=[], include_sensitive=False,
                                          note="", snapshot=bad, created=now()))
    items = {i.share.id: i for i in me.shared_with_me()}
    assert items[ok.share.id].problem is None
    assert "messages are not a list" in items[bad["id"]].problem
    assert items[bad["id"]].content == {}
    me.dismiss(bad["id"])
    assert [i.share.id for i in me.shared_with_me()] == [ok.share.id]


# --- erasure ---------------------------------------------------------------------------------

def test_erase_removes_imported_copies_of_the_persons_shares(target, store, team, tmp_path):
    other = Store.connect(f"sqlite:///{tmp_path / 'pats-own.db'}")
    try:
        pat_there = other.person("pat", name="Pat Zqmarker", email="pat.zq@example.com")
        mia_there = other.person("mia", name="Mia")
        other.set_manager(pat_there, mia_there)
        share, data = plan_file(other.access(pat_there), note="note zqplanted")
    finally:
        other.close()
    store.person("pat", name="Pat Zqmarker", email="pat.zq@example.com")
    mia = store.access(team["mia"])
    mia.import_share(data)
    assert len(mia.shared_with_me()) == 1
    report = store.access(store.find_person("pat")).erase_person()
    assert report.deleted["shares"] >= 1 and mia.shared_with_me() == []
    with pytest.raises(NotAllowed, match="revoked or erased"):
        mia.import_share(data)
    if target.backend == "sqlite":
        assert b"zqplanted" not in sqlite_bytes(target.path)
        assert b"Zqmarker" not in sqlite_bytes(target.path)


def test_erase_removes_a_managers_name_from_the_reports_notes(store, team):
    store.person("mia", name="Mia Quillfeather", email="mia.q@example.com")
    pat, mia = store.access(team["pat"]), store.access(team["mia"])
    v = pat.save_plan_version({"support": "Mia Quillfeather reviews monthly"}, title="Plan",
                              note="Agreed with Mia Quillfeather (mia.q@example.com)")
    mia.erase_person(compact=False)
    (version,) = pat.plan_versions(v.plan_id)
    assert version.note == "Agreed with (erased) ((erased))"
    assert version.data == {"support": "(erased) reviews monthly"}


# Erases, then is killed while it would be compacting.
KILLED_MID_ERASE = r"""
import sys, time
import assistant.store.access as access_module
from assistant.store import Store

def hang(engine):
    print("compacting", flush=True)
    time.sleep(600)

access_module.compact_files = hang
store = Store.connect(sys.argv[1])
store.access(store.find_person("gone")).erase_person()
"""


def every_file(folder) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


def test_an_erasure_killed_before_compaction_is_compacted_at_the_next_start(tmp_path):
    folder = tmp_path / "data"
    url = f"sqlite:///{folder / 'crash.db'}"
    store = Store.connect(url)
    access = store.access(store.person("gone"))
    converse(access, texts=("Where?", "zqsecret answer " * 30))
    store.close()
    child = subprocess.Popen([sys.executable, "-c", KILLED_MID_ERASE, url], cwd=ROOT,
                             stdout=subprocess.PIPE, text=True,
                             env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert child.stdout.readline().strip() == "compacting"
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=10)
    assert b"zqsecret" in every_file(folder)  # deleted, but the bytes are still on disk
    again = Store.connect(url)
    try:
        assert compaction.pending(again.engine) == 0
        assert again.find_person("gone") is None
    finally:
        again.close()
    assert b"zqsecret" not in every_file(folder)


def test_compaction_never_holds_other_writers_up_for_a_second(tmp_path):
    store = Store.connect(f"sqlite:///{tmp_path / 'busy.db'}")
    access = store.access(store.person("writer"))
    conv, journal = converse(access, texts=("Where?",))
    reader = sqlite3.connect(tmp_path / "busy.db", check_same_thread=False)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM messages").fetchone()  # pins the log: checkpoints wait
    done = threading.Event()
    result = []
    worker = threading.Thread(target=lambda: (result.append(compaction.compact_files(
        store.engine, attempts=15)), done.set()))
    worker.start()
    waits = []
    while not done.is_set():
        start = time.perf_counter()
        journal.record(Message("pm", "still typing", "vision"))
        waits.append(time.perf_counter() - start)
        time.sleep(0.02)
    worker.join()
    reader.rollback()
    reader.close()
    store.close()
    assert result == [False] and len(waits) > 5
    assert max(waits) < 1.0


# --- locked database -------------------------------------------------------------------------

def lock_for(path, seconds: float) -> threading.Thread:
    """Another writer holding the write lock for `seconds`."""
    ready = threading.Event()

    def hold():
        conn = sqlite3.connect(path)
        conn.execute("BEGIN IMMEDIATE")
        ready.set()
        time.sleep(seconds)
        conn.rollback()
        conn.close()

    t = threading.Thread(target=hold)
    t.start()
    ready.wait()
    return t


def test_an_answer_waits_out_a_locked_database_and_is_kept(tmp_path, monkeypatch):
    monkeypatch.setattr("assistant.store.database.BUSY_TIMEOUT_MS", 100)
    store = Store.connect(f"sqlite:///{tmp_path / 'locked.db'}")
    access = store.access(store.person("pm"))
    conv, journal = converse(access, texts=("Where?",))
    holder = lock_for(tmp_path / "locked.db", 0.5)
    journal.record(Message("pm", "Director of Product", "vision"))
    holder.join()
    assert [m.text for m in access.transcript(conv.id)] == ["Where?", "Director of Product"]
    store.close()


def test_a_database_locked_past_every_retry_says_so_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr("assistant.store.database.BUSY_TIMEOUT_MS", 20)
    monkeypatch.setattr("assistant.store.database.WRITE_ATTEMPTS", 2)
    store = Store.connect(f"sqlite:///{tmp_path / 'stuck.db'}")
    access = store.access(store.person("pm"))
    conv, journal = converse(access, texts=("Where?",))
    holder = lock_for(tmp_path / "stuck.db", 1.0)
    with pytest.raises(StoreBusy, match="not saved; please try again"):
        journal.record(Message("pm", "Director of Product", "vision"))
    holder.join()
    assert [m.text for m in access.transcript(conv.id)] == ["Where?"]
    journal.record(Message("pm", "Director of Product", "vision"))
    assert len(access.transcript(conv.id)) == 2
    store.close()


# --- files -----------------------------------------------------------------------------------

def test_database_files_are_private_to_their_owner(tmp_path):
    path = tmp_path / "data" / "nextstep.db"
    path.parent.mkdir()
    path.touch(mode=0o644)
    store = Store.connect(f"sqlite:///{path}")
    converse(store.access(store.local_person()), texts=("Where?", "Director"))
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in path.parent.iterdir()}
    store.close()
    assert modes and all(mode == 0o600 for mode in modes.values()), modes


def test_twenty_writers_and_an_erasure_at_once_lose_nothing_and_wait_little(tmp_path):
    store = Store.connect(f"sqlite:///{tmp_path / 'load.db'}")
    gone = store.access(store.person("gone", name="Gone Person"))
    converse(gone, texts=[f"zqload {i} " * 40 for i in range(200)])
    journals = [converse(store.access(store.person(f"pm{k}")), texts=("Where?",))[1]
                for k in range(20)]
    stop, waits, sent = threading.Event(), [], [0] * 20

    def write(k):
        while not stop.is_set():
            start = time.perf_counter()
            journals[k].record(Message("pm", f"answer {k} {sent[k]}", "vision"))
            waits.append(time.perf_counter() - start)
            sent[k] += 1

    threads = [threading.Thread(target=write, args=(k,)) for k in range(20)]
    for t in threads:
        t.start()
    time.sleep(0.5)
    report = gone.erase_person()
    time.sleep(0.5)
    stop.set()
    for t in threads:
        t.join()
    stored = [len(j.stored()) - 1 for j in journals]
    store.close()
    assert report.compacted and stored == sent and sum(sent) > 100
    # Without taking turns, SQLite's polling busy handler left some writers waiting 3 s here.
    assert max(waits) < 1.5
    assert b"zqload" not in sqlite_bytes(tmp_path / "load.db")
