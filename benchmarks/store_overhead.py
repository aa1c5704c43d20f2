"""Store overhead per interview turn, commits included, on SQLite and PostgreSQL.

Usage: python benchmarks/store_overhead.py [--turns N] [--pg URL]
PostgreSQL comes from --pg, NEXTSTEP_TEST_DATABASE_URL or DATABASE_URL; without one it is left out.
Prints numbers only; nothing here asserts a speed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.engine import build_backend, start_interview  # noqa: E402
from assistant.interview.reading import Reading  # noqa: E402
from assistant.interview.session import Message, MemoryJournal  # noqa: E402
from assistant.interview.state import InterviewState  # noqa: E402
from assistant.store import Store  # noqa: E402

ANSWERS = ["Director of Product at a mid-size fintech", "A product-led company, remote first",
           "Europe, ideally Lisbon", "People who argue kindly and ship", "I led the checkout rebuild"]


def journal_ops(journal, turns: int) -> list[float]:
    """The store's part of a turn alone: save answer, reading, reply and state."""
    times, state = [], InterviewState()
    for i in range(turns):
        t = time.perf_counter()
        journal.record(Message("pm", ANSWERS[i % len(ANSWERS)], "vision"))
        journal.annotate(Reading(answers_question=True))
        journal.record(Message("assistant", "And what kind of people?", "vision", "ask"))
        state.turns = i
        journal.save_state(state)
        times.append(time.perf_counter() - t)
    return times


def offline_turns(make_journal, turns: int) -> list[float]:
    """Whole offline turns (reader, policy, speaker, journal), restarting every 5 answers."""
    backend, times = build_backend(seed="bench"), []
    while len(times) < turns:
        interview = start_interview(backend, make_journal())
        interview.open().run()
        for answer in ANSWERS:
            t = time.perf_counter()
            interview.answer(answer).run()
            times.append(time.perf_counter() - t)
    return times[:turns]


def ms(values: list[float]) -> str:
    q = statistics.quantiles(values, n=10)
    return f"median {statistics.median(values) * 1000:7.2f} ms   p90 {q[-1] * 1000:7.2f} ms"


def measure(label: str, store: Store, turns: int, baseline: tuple[float, float]) -> None:
    access = store.access(store.person(f"bench-{uuid.uuid4().hex[:6]}"))
    ops = journal_ops(access.journal(access.create_conversation("rehearse").id), turns)
    full = offline_turns(lambda: access.journal(access.create_conversation("rehearse").id), turns)
    conv = access.create_conversation("rehearse")
    commits = []
    for i in range(turns):  # one small committed write: the durability floor (fsync)
        t = time.perf_counter()
        access.rename(conv.id, f"t{i}")
        commits.append(time.perf_counter() - t)
    ops_med, full_med = statistics.median(ops), statistics.median(full)
    print(f"{label:<11} one commit         {ms(commits)}   (a turn makes 3 commits)")
    print(f"{label:<11} journal ops/turn   {ms(ops)}   ({ops_med / baseline[0]:6.0f}x memory)")
    print(f"{label:<11} offline turn       {ms(full)}   overhead vs memory "
          f"{(full_med - baseline[1]) * 1000:7.2f} ms ({full_med / baseline[1]:4.1f}x)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=200)
    parser.add_argument("--pg", default=os.environ.get("NEXTSTEP_TEST_DATABASE_URL")
                        or os.environ.get("DATABASE_URL"))
    args = parser.parse_args()

    mem_ops = journal_ops(MemoryJournal(), args.turns)
    mem_full = offline_turns(MemoryJournal, args.turns)
    print(f"{'memory':<11} journal ops/turn   {ms(mem_ops)}")
    print(f"{'memory':<11} offline turn       {ms(mem_full)}")
    baseline = (statistics.median(mem_ops), statistics.median(mem_full))

    with tempfile.TemporaryDirectory() as tmp:
        store = Store.connect(f"sqlite:///{Path(tmp) / 'bench.db'}")
        measure("sqlite", store, args.turns, baseline)
        store.close()

    if not args.pg:
        print("postgresql  not measured: pass --pg URL or set NEXTSTEP_TEST_DATABASE_URL")
        return
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    store = Store.connect(args.pg, schema=schema)
    try:
        measure("postgresql", store, args.turns, baseline)
    finally:
        with store.engine.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        store.close()


if __name__ == "__main__":
    main()
