"""Script rerun time of the main pages (p50/p95), offline backend so no model time is counted.

Run: .venv/bin/python benchmarks/app_rerun.py [--runs 40] [--profile [--top 25]]
Measured with streamlit.testing.v1.AppTest, which runs the real script in-process against a
temporary SQLite store; the figure includes AppTest's own bookkeeping, so a served app is a bit faster.
`--profile` also runs cProfile inside the script thread (where AppTest runs the page) and prints,
per page, the functions with the most cumulative time over those reruns.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
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


class ScriptProfile:
    """cProfile switched on inside the script thread for every script run, while `on`."""

    def __init__(self) -> None:
        from streamlit.runtime.scriptrunner.script_runner import ScriptRunner

        self.on, self.prof = False, cProfile.Profile()
        original = ScriptRunner._run_script
        outer = self

        def profiled(runner, rerun_data):
            if not outer.on:
                return original(runner, rerun_data)
            outer.prof.enable()
            try:
                return original(runner, rerun_data)
            finally:
                outer.prof.disable()

        ScriptRunner._run_script = profiled

    def report(self, label: str, top: int) -> str:
        out = io.StringIO()
        stats = pstats.Stats(self.prof, stream=out)
        stats.sort_stats("cumulative").print_stats(top)
        self.prof = cProfile.Profile()
        return f"--- {label}: top {top} by cumulative time ---\n" + out.getvalue().split("\n\n", 1)[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--profile", action="store_true", help="print each page's top costs (cProfile)")
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    os.environ.update(NEXTSTEP_MODEL="offline", NEXTSTEP_DATA_DIR=tempfile.mkdtemp(prefix="nextstep-bench-"))
    for name in ("OPENAI_API_KEY", "DATABASE_URL"):
        os.environ.pop(name, None)
    from streamlit.testing.v1 import AppTest

    profile = ScriptProfile() if args.profile else None
    profiles = []
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.text_input[0].input("Senior Product Manager")
    [b for b in at.button if b.label == "Begin rehearsal"][0].click().run()
    answer_ms = []
    if profile:
        profile.on = True
    for text in ANSWERS:
        start = time.perf_counter()
        at.chat_input(key="answer").set_value(text).run()
        answer_ms.append((time.perf_counter() - start) * 1000)
    if profile:
        profile.on = False
        profiles.append(profile.report("Rehearse: answering", args.top))
    at.button(key="draft_now").click().run()
    assert not at.exception, at.exception

    rows = [("Rehearse: answer a question (read, decide, stream, save)", answer_ms)]
    for label, page in [("Prepare", "app_pages/prepare.py"), ("Rehearse", "app_pages/rehearse.py"),
                        ("Plan (editor, checks, timeline, versions)", "app_pages/plan.py"),
                        ("Reflect", "app_pages/reflect.py"), ("History", "app_pages/history.py")]:
        at.switch_page(page).run()
        assert not at.exception, (page, at.exception)
        if profile:
            profile.on = True
        rows.append((f"{label}: rerun", timed(at.run, args.runs)))
        if profile:
            profile.on = False
            profiles.append(profile.report(f"{label}: rerun", args.top))

    print(f"Script rerun time, offline backend, SQLite store, {args.runs} reruns per page (ms)")
    print(f"{'page':58} {'p50':>8} {'p95':>8}")
    for label, values in rows:
        print(f"{label:58} {statistics.median(values):8.1f} {percentile(values, 0.95):8.1f}")
    for text in profiles:
        print()
        print(text)


if __name__ == "__main__":
    main()
