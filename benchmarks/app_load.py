"""Many people answering at once: per-answer latency and server memory of the served app, beside a
minimal Streamlit chat app driven the same way in the same run (the floor).

Run: .venv/bin/python benchmarks/app_load.py [--clients 20] [--answers 3] [--think 1.0]

Each client is a websocket speaking Streamlit's own protocol, as the browser does: it loads the
Rehearse page, begins a rehearsal through the form, then sends answers through the chat input,
pausing a random 0 to 2x `--think` seconds before each like a person reading the reply. An
answer's latency runs from sending it until the server reports the last script run it caused
finished (the app reruns once after each turn). Both servers run on 127.0.0.1 with the project's
.streamlit/config.toml, the offline backend and a fresh SQLite store; they run one after the other,
never together. Memory is the server process's resident set, sampled every 0.1 s. Lost answers
are those sent but missing from the store afterwards.

Each client is a different signed-in person, as on a team server: sign-in is configured (an
[auth] section pointing at an identity provider on 127.0.0.1 that is never called) and the
identity arrives in a header the server trusts (`server.trustedUserHeaders`, as behind an
authenticating proxy). `--local` runs local mode instead, where every client is the one local
person, as if one person had 20 tabs open.

Why websockets and not headless browsers: tried on the 2-core machine, 20 chromium pages of the
echo app took 43 s just to load, with 7.9 GB of resident memory summed over chromium's processes
(the server: 59 MB), so the browsers, not the server, would be measured. The server sees the same
messages either way.
Numbers only; nothing here asserts a speed.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streamlit.proto.Alert_pb2 import Alert  # noqa: E402
from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402
from websockets.asyncio.client import connect  # noqa: E402

ANSWERS = [
    "VP of Product at a B2B SaaS company in Austin, working with people who argue hard and then commit.",
    "Managing managers, owning a P&L, and hiring a team from scratch.",
    "I'm good at discovery work. Pricing work energizes me.",
    "By March I'll lead the pricing experiment end to end and present the results to the exec team.",
]
# The floor: what any Streamlit chat costs, with nothing of ours in it.
ECHO_APP = '''
import streamlit as st

st.title("Echo")
log = st.session_state.setdefault("log", [])
for role, text in log:
    st.chat_message(role).write(text)
if said := st.chat_input("Say something", key="answer"):
    log += [("user", said), ("assistant", f"You said: {said}")]
    st.rerun()
'''
TIMEOUT = 120  # seconds one script run may take before the client gives up on it
# Sign-in configured, so the app serves people by identity; st.login is never called, so the
# provider (a closed port on loopback) is never asked.
SECRETS = """
[auth]
redirect_uri = "http://127.0.0.1:8501/oauth2callback"
cookie_secret = "benchmark-only-cookie-secret-not-used-for-anything"
client_id = "benchmark"
client_secret = "benchmark"
server_metadata_url = "http://127.0.0.1:9/.well-known/openid-configuration"
"""
TRUSTED = ('trustedUserHeaders = { "X-Bench-Email" = "email", "X-Bench-Name" = "name", '
           '"X-Bench-Logged-In" = "is_logged_in" }')


@dataclass
class Outcome:
    loads: list[float] = field(default_factory=list)
    begins: list[float] = field(default_factory=list)
    answers: list[float] = field(default_factory=list)
    sent: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)


class Client:
    """One browser tab's side of the conversation with the server, without the rendering."""

    def __init__(self, ws, errors: list[str]) -> None:
        self.ws, self.errors = ws, errors
        self.page_hash, self.query = "", ""
        self.widgets: dict[str, object] = {}  # the newest element proto of each kind/label

    async def run(self, states=(), page_name: str = "") -> float:
        """Rerun the script with these widget values; seconds until the last run it caused ends."""
        msg = BackMsg()
        rerun = msg.rerun_script
        rerun.query_string, rerun.page_script_hash, rerun.page_name = (
            self.query, self.page_hash, page_name)
        for fill in states:
            fill(rerun.widget_states.widgets.add())
        self.widgets = {}
        start = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        while True:
            fwd = ForwardMsg()
            fwd.ParseFromString(await asyncio.wait_for(self.ws.recv(), TIMEOUT))
            kind = fwd.WhichOneof("type")
            if kind == "delta":
                self._saw(fwd.delta)
            elif kind == "navigation":
                self.page_hash = fwd.navigation.page_script_hash
            elif kind == "page_info_changed":
                self.query = fwd.page_info_changed.query_string
            elif kind == "script_finished":
                status = fwd.script_finished
                if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    self.errors.append("script failed to compile")
                # A run that ends early for a rerun is followed by that rerun: keep waiting.
                if status in (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_WITH_COMPILE_ERROR):
                    return time.perf_counter() - start

    def _saw(self, delta) -> None:
        if delta.WhichOneof("type") != "new_element":
            return
        element = delta.new_element
        kind = element.WhichOneof("type")
        if kind == "exception":
            self.errors.append(f"exception: {element.exception.message[:120]}")
        elif kind == "alert" and element.alert.format == Alert.ERROR:
            self.errors.append(f"error shown: {element.alert.body[:120]}")
        elif kind in ("chat_input", "text_input", "button"):
            proto = getattr(element, kind)
            self.widgets[f"{kind}:{getattr(proto, 'label', '') or ''}"] = proto
            self.widgets[kind] = proto

    def widget(self, key: str):
        if key not in self.widgets:
            raise RuntimeError(f"no {key} on the page (saw {sorted(self.widgets)})")
        return self.widgets[key]


def typed(widget_id: str, text: str):
    def fill(w):
        w.id = widget_id
        w.string_value = text
    return fill


def pressed(widget_id: str):
    def fill(w):
        w.id = widget_id
        w.trigger_value = True
    return fill


def said(widget_id: str, text: str):
    def fill(w):
        w.id = widget_id
        w.chat_input_value.data = text
    return fill


async def session(url: str, app: bool, answers: int, think: float, rng: random.Random,
                  out: Outcome, who: str | None = None) -> None:
    headers = {"X-Bench-Email": f"{who}@example.com", "X-Bench-Name": who,
               "X-Bench-Logged-In": "1"} if who else {}
    try:
        async with connect(f"{url.replace('http', 'ws')}/_stcore/stream", max_size=None,
                           subprotocols=["streamlit"], open_timeout=TIMEOUT,
                           additional_headers=headers) as ws:
            client = Client(ws, out.errors)
            out.loads.append(await client.run(page_name="rehearse" if app else ""))
            if app:
                role = client.widget("text_input:Your current role").id
                begin = client.widget("button:Begin rehearsal").id
                out.begins.append(await client.run([typed(role, "Senior Product Manager"),
                                                    pressed(begin)]))
            for text in ANSWERS[:answers]:
                await asyncio.sleep(rng.uniform(0, 2 * think))
                box = client.widget("chat_input")
                if box.disabled:  # a person could not type here either: counted, not sent
                    out.errors.append("answer box disabled: an earlier reply never came")
                    continue
                out.answers.append(await client.run([said(box.id, text)]))
                out.sent[text] += 1
    except Exception as exc:  # noqa: BLE001 - counted and reported; the other clients carry on
        out.errors.append(f"client failed: {type(exc).__name__}: {exc}"[:200])


class Server:
    """`streamlit run` on loopback with the project's config; its memory sampled while it runs."""

    def __init__(self, script: Path, data_dir: Path, site: Path) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        env = {k: v for k, v in os.environ.items() if k not in ("OPENAI_API_KEY", "DATABASE_URL")}
        env.update(NEXTSTEP_MODEL="offline", NEXTSTEP_DATA_DIR=str(data_dir))
        self.log = open(data_dir.parent / f"{script.stem}.log", "wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(script), "--server.headless=true",
             "--server.address=127.0.0.1", f"--server.port={port}",
             "--browser.gatherUsageStats=false"],
            cwd=site, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        self.url = f"http://127.0.0.1:{port}"
        self.peak = 0
        self._sampling = threading.Event()
        deadline = time.monotonic() + 120
        while True:
            try:
                if urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2).read() == b"ok":
                    break
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    tail = Path(self.log.name).read_text(errors="replace")[-2000:]
                    raise RuntimeError(f"{script.name} did not start:\n{tail}") from None
                time.sleep(0.3)

    def rss_mb(self) -> float:
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        return 0.0

    def cpu_seconds(self) -> float:
        """User and system CPU time the server has used so far: less at the mercy of other
        people's load on the machine than wall-clock latency is."""
        with open(f"/proc/{self.proc.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def start_sampling(self) -> None:
        self.peak = self.rss_mb()
        self._sampling.set()

        def sample():
            while self._sampling.is_set():
                self.peak = max(self.peak, self.rss_mb())
                time.sleep(0.1)

        self._sampler = threading.Thread(target=sample, daemon=True)
        self._sampler.start()

    def stop_sampling(self) -> float:
        self._sampling.clear()
        self._sampler.join()
        return self.peak

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


@dataclass
class Result:
    label: str
    outcome: Outcome
    rest_mb: float
    peak_mb: float
    after_mb: float
    wall: float
    load: float  # the machine's 1-minute load average as the run began: others share these cores
    cpu: float  # server CPU seconds over the whole load
    lost: int | None = None
    people: int = 0


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else float("nan")


def stored_answers(data_dir: Path) -> tuple[Counter, int]:
    """Every PM answer the app's store holds, by text, and how many people gave them."""
    with sqlite3.connect(data_dir / "nextstep.db") as db:
        rows = db.execute("SELECT m.text, c.owner_id FROM messages m JOIN conversations c "
                          "ON c.id = m.conversation_id WHERE m.role = 'pm'").fetchall()
    return Counter(text for text, _ in rows), len({owner for _, owner in rows})


def site(work: Path, sign_in: bool) -> Path:
    """A working folder for the servers: the project's Streamlit config, and sign-in if asked."""
    folder = work / "site"
    (folder / ".streamlit").mkdir(parents=True)
    config = (ROOT / ".streamlit" / "config.toml").read_text()
    if sign_in:
        assert "[server]\n" in config
        config = config.replace("[server]\n", f"[server]\n{TRUSTED}\n", 1)
        (folder / ".streamlit" / "secrets.toml").write_text(SECRETS)
    (folder / ".streamlit" / "config.toml").write_text(config)
    return folder


def measure(label: str, script: Path, app: bool, args, work: Path, folder: Path) -> Result:
    data_dir = work / f"{script.stem}-data"
    data_dir.mkdir()
    server = Server(script, data_dir, folder)
    people = [None] * args.clients if args.local else [f"pm{n:02d}" for n in range(args.clients)]
    try:
        # One person first, alone, through every answer the others will give: imports, the reader's
        # model and its first-use caches load once, outside the figures (cold, a burst of first
        # answers builds those caches in many threads at once).
        asyncio.run(session(server.url, app, args.answers, 0, random.Random(0), Outcome(),
                            None if args.local else "warmup"))
        rest = server.rss_mb()
        before = stored_answers(data_dir)[0] if app else Counter()
        load = os.getloadavg()[0]
        out, rng = Outcome(), random.Random(args.seed)
        server.start_sampling()
        start, cpu = time.perf_counter(), server.cpu_seconds()

        async def everyone():
            await asyncio.gather(*(session(server.url, app, args.answers, args.think,
                                           random.Random(rng.random()), out, who)
                                   for who in people))

        asyncio.run(everyone())
        wall, cpu = time.perf_counter() - start, server.cpu_seconds() - cpu
        peak = server.stop_sampling()
        result = Result(label, out, rest, peak, server.rss_mb(), wall, load, cpu)
        if app:
            kept, result.people = stored_answers(data_dir)
            result.lost = sum((out.sent - (kept - before)).values())
        return result
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--answers", type=int, default=3, choices=range(1, len(ANSWERS) + 1))
    parser.add_argument("--think", type=float, default=1.0,
                        help="mean pause before each answer, seconds (0: answer at once)")
    parser.add_argument("--seed", type=int, default=10)
    parser.add_argument("--local", action="store_true",
                        help="local mode: every client is the one local person")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="nextstep-load-") as tmp:
        work = Path(tmp)
        echo = work / "echo_app.py"
        echo.write_text(ECHO_APP)
        folder = site(work, sign_in=not args.local)
        floor = measure("floor: echo chat", echo, False, args, work, folder)
        app = measure("Next Step: Rehearse", ROOT / "app.py", True, args, work, folder)

    print(f"{args.clients} concurrent websocket sessions on 127.0.0.1, {args.answers} answers each, "
          f"pause before each 0-{2 * args.think:g} s; offline backend, SQLite; "
          f"{'one local person' if args.local else 'a signed-in person each'}; {os.cpu_count()} cores")
    print(f"{'':22} {'answers':>7} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'load p50':>9} "
          f"{'RSS rest':>9} {'peak':>7} {'after':>7} {'errors':>6} {'lost':>5} {'wall s':>7} "
          f"{'CPU s/session':>13}")
    for r in (floor, app):
        o = r.outcome
        print(f"{r.label:22} {len(o.answers):7d} {statistics.median(o.answers) * 1000:8.0f} "
              f"{percentile(o.answers, 0.95) * 1000:8.0f} {max(o.answers) * 1000:8.0f} "
              f"{statistics.median(o.loads) * 1000:9.0f} {r.rest_mb:7.0f}MB {r.peak_mb:5.0f}MB "
              f"{r.after_mb:5.0f}MB {len(o.errors):6d} {'-' if r.lost is None else r.lost:>5} "
              f"{r.wall:7.1f} {r.cpu / args.clients:13.2f}")
    print("machine load average as each began: " +
          ", ".join(f"{r.label} {r.load:.1f}" for r in (floor, app)) +
          f"; answers in the store came from {app.people} people (the warm-up one included)")
    if app.outcome.begins:
        print(f"Next Step: beginning a rehearsal (form submit): p50 "
              f"{statistics.median(app.outcome.begins) * 1000:.0f} ms, p95 "
              f"{percentile(app.outcome.begins, 0.95) * 1000:.0f} ms")
    fa, aa = floor.outcome.answers, app.outcome.answers
    if fa and aa:
        print(f"ratio app / floor: answer p50 {statistics.median(aa) / statistics.median(fa):.1f}x, "
              f"p95 {percentile(aa, 0.95) / percentile(fa, 0.95):.1f}x, "
              f"peak memory {app.peak_mb / floor.peak_mb:.1f}x, "
              f"server CPU {app.cpu / max(floor.cpu, 0.01):.1f}x")
    for r in (floor, app):
        for problem, n in Counter(r.outcome.errors).most_common(5):
            print(f"  {r.label}: {n} x {problem}")


if __name__ == "__main__":
    main()
