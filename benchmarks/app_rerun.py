"""Script rerun time of the main pages (p50/p95), offline backend so no model time is counted.

Run: .venv/bin/python benchmarks/app_rerun.py [--runs 40]
Measured with streamlit.testing.v1.AppTest, which runs the real script in-process against a
temporary SQLite store; the figure includes AppTest's own bookkeeping, so a served app is a bit faster.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ANSWERS = [
    "VP of Product at a B2B SaaS company in Austin, working with people who argue hard and then commit.",
    "Managing managers, owning a P&L, and hiring a team from scratch.",
    "I'm good at discovery work. Pricing work energizes me.",
    "By March I'll lead the pricing experiment end to end and present the results to the exec team.",
]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def timed(action, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        out.append((time.perf_counter() - start) * 1000)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    os.environ.update(NEXTSTEP_MODEL="offline", NEXTSTEP_DATA_DIR=tempfile.mkdtemp(prefix="nextstep-bench-"))
    for name in ("OPENAI_API_KEY", "DATABASE_URL"):
        os.environ.pop(name, None)
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.text_input[0].input("Senior Product Manager")
    [b for b in at.button if b.label == "Begin rehearsal"][0].click().run()
    answer_ms = []
    for text in ANSWERS:
        start = time.perf_counter()
        at.chat_input(key="answer").set_value(text).run()
        answer_ms.append((time.perf_counter() - start) * 1000)
    at.button(key="draft_now").click().run()
    assert not at.exception, at.exception

    rows = [("Rehearse: answer a question (read, decide, stream, save)", answer_ms)]
    for label, page in [("Prepare", "app_pages/prepare.py"), ("Rehearse", "app_pages/rehearse.py"),
                        ("Plan (editor, checks, timeline, versions)", "app_pages/plan.py"),
                        ("Reflect", "app_pages/reflect.py"), ("History", "app_pages/history.py")]:
        at.switch_page(page).run()
        assert not at.exception, (page, at.exception)
        rows.append((f"{label}: rerun", timed(at.run, args.runs)))

    print(f"Script rerun time, offline backend, SQLite store, {args.runs} reruns per page (ms)")
    print(f"{'page':58} {'p50':>8} {'p95':>8}")
    for label, values in rows:
        print(f"{label:58} {statistics.median(values):8.1f} {percentile(values, 0.95):8.1f}")


if __name__ == "__main__":
    main()
