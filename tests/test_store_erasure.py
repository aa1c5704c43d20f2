"""Erasure for real: planted strings are gone from the tables and from the bytes on disk."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import psycopg
import pytest

from assistant.interview.reading import Reading, SlotValues
from assistant.interview.session import Context, Message
from assistant.interview.state import InterviewState, Memory
from assistant.store import NotAllowed
from assistant.store.privacy import TABLES
from test_store_support import libpq_url, store, target, team  # noqa: F401  (fixtures)


def plant(store, person, manager=None) -> list[str]:
    """Write unique markers into every table that can hold something of `person`."""
    tag = uuid.uuid4().hex[:10]
    marks = [f"zq{tag}{i}x" for i in range(9)]
    name = f"Name {marks[0]}"
    person = store.person(person.identity, name=name, email=f"{marks[1]}@example.com")
    access = store.access(person)
    conv = access.create_conversation("rehearse", f"title {marks[2]}",
                                      Context(f"role {marks[3]}", None, {}))
    j = access.journal(conv.id)
    j.record(Message("assistant", "Where in five years?", "vision", "ask"))
    j.record(Message("pm", f"answer {marks[4]} " * 40, "vision"))
    j.annotate(Reading(answers_question=True, slots=SlotValues(title=f"t {marks[5]}")))
    j.save_state(InterviewState(slots={"title": f"t {marks[5]}"}, horizon_declined=True))
    access.remember(Memory(potential_reflected=True))
    access.rate(conv.id, 4)
    v = access.save_plan_version({"goal": f"goal {marks[6]}"}, conversation_id=conv.id,
                                 note=f"note {marks[7]}")
    if manager is not None:
        access.share("plan", plan_id=v.plan_id, note=f"share {marks[8]}")
        mgr = store.access(manager)
        draft = mgr.create_conversation("draft", f"about {marks[8]}", subject=person)
        mgr.journal(draft.id).record(Message("assistant", f"draft {marks[8]}"))
    return marks


def sqlite_bytes(path: Path) -> bytes:
    out = b""
    for suffix in ("", "-wal", "-journal"):
        p = Path(str(path) + suffix)
        if p.exists():
            out += p.read_bytes()
    return out


def pg_dump_text(target) -> str:
    return "\n".join(str(r) for t in TABLES for r in target.pg_rows(f"SELECT x::text FROM {t} x"))


def pg_heap_bytes(target) -> bytes:
    """The tables' data files on disk, after a checkpoint flushed them."""
    with psycopg.connect(libpq_url(target.url), autocommit=True) as conn:
        conn.execute(f'SET search_path TO "{target.schema}"')
        conn.execute("CHECKPOINT")
        data_dir = Path(conn.execute("SHOW data_directory").fetchone()[0])
        files = [conn.execute("SELECT pg_relation_filepath(%s)", (t,)).fetchone()[0] for t in TABLES]
    out = b""
    for rel in files:
        for p in sorted(data_dir.glob(rel + "*")):
            out += p.read_bytes()
    return out


def test_erasure_removes_every_trace(target, store, team):
    pat_marks = plant(store, team["pat"], manager=team["mia"])
    quinn_marks = plant(store, team["quinn"], manager=team["mia"])
    pat = store.access(store.find_person("pat"))
    mia = store.access(team["mia"])
    mia_plan = mia.plans()
    assert len(mia.shared_with_me()) == 2 and len(mia_plan) == 2

    if target.backend == "sqlite":
        before = sqlite_bytes(target.path)
        assert all(m.encode() in before for m in pat_marks)  # the search can see them

    report = pat.erase_person()
    assert report.compacted and report.deleted["people"] == 1
    assert report.deleted["messages"] >= 3 and report.deleted["plan_versions"] == 1

    # Through the store: Pat is gone, Quinn is whole, Mia keeps only Quinn's share.
    assert store.find_person("pat") is None
    assert [i.owner.identity for i in mia.shared_with_me()] == ["quinn"]
    assert len(mia.conversations("draft")) == 1
    quinn = store.access(store.find_person("quinn"))
    assert quinn_marks[4] in json.dumps(quinn.export_person())
    with pytest.raises(NotAllowed):
        pat.export_person()

    if target.backend == "sqlite":
        after = sqlite_bytes(target.path)
        wal = Path(str(target.path) + "-wal")
        assert not wal.exists() or wal.stat().st_size == 0
        assert [m for m in pat_marks if m.encode() in after] == []
        assert all(m.encode() in after for m in quinn_marks[:8])
    else:
        rows = pg_dump_text(target)
        assert [m for m in pat_marks if m in rows] == []
        assert all(m in rows for m in quinn_marks[:8])
        heap = pg_heap_bytes(target)
        assert [m for m in pat_marks if m.encode() in heap] == []
        assert quinn_marks[4].encode() in heap


def test_erasing_a_manager_keeps_their_reports_plans_without_their_name(store, team):
    pat, mia = store.access(team["pat"]), store.access(team["mia"])
    v = mia.save_plan_version({"goal": "from the manager"}, subject=team["pat"], note="draft")
    mia.erase_person(compact=False)
    (version,) = pat.plan_versions(v.plan_id)
    assert version.data == {"goal": "from the manager"}
    assert version.author_id is None and version.author_name == "(erased)"
    assert store.access(store.find_person("pat")).manager() is None


def test_erasing_twice_is_harmless(store):
    access = store.access(store.person("gone"))
    access.erase_person(compact=False)
    assert access.erase_person(compact=False).deleted == {}
