"""Two app servers on one PostgreSQL: each is its own process with its own Store, as in a team
deployment behind a load balancer, and a person's requests may land on either of them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections import Counter
from typing import Any

import pytest

from assistant.settings import ROOT
from test_store_support import Target

pytestmark = pytest.mark.postgres

THREADS, SAVES = 4, 10  # per server: like four sessions saving the plan ten times each

# One app server's store, driven line by line: a JSON command in, a JSON result out. Nothing is
# shared with the test process or the other server except the database itself.
SERVER = r"""
import json, sys, threading, time
from pydantic_core import to_jsonable_python
from assistant.interview.session import Message
from assistant.interview.state import InterviewState
from assistant.store import Store

store = Store.connect(sys.argv[1], schema=sys.argv[2])


def access(who):
    return store.access(store.person(who, name=who.title()))


def edits(who, plan_id, tag, start_at):
    # Threads stand for separate browser sessions of this server, each with its own Access.
    errors = []

    def work(t):
        mine = access(who)
        time.sleep(max(0.0, start_at - time.time()))
        for i in range(%(saves)d):
            note = f"{tag}-{t}-{i}"
            try:
                mine.save_plan_version({"vision": note, "milestones": [note]}, plan_id=plan_id,
                                       note=note)
            except Exception as exc:
                errors.append(f"{note}: {type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=work, args=(t,)) for t in range(%(threads)d)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


def run(cmd):
    op, who = cmd.pop("op"), cmd.pop("as", None)
    if op == "set_manager":
        return store.set_manager(store.person(who), store.person(cmd["manager"]))
    if op == "turn":
        journal = access(who).journal(cmd["conversation"])
        for role, text in cmd["messages"]:
            journal.record(Message(role, text, "vision"))
        journal.save_state(InterviewState.model_validate(cmd["state"]))
        return None
    if op == "edits":
        return edits(who, **cmd)
    return getattr(access(who), op)(*cmd.get("args", []), **cmd.get("kwargs", {}))


print(json.dumps({"ready": True}), flush=True)
for line in sys.stdin:
    try:
        out = {"ok": to_jsonable_python(run(json.loads(line)))}
    except Exception as exc:
        out = {"error": type(exc).__name__, "message": str(exc)}
    print(json.dumps(out), flush=True)
""" % {"threads": THREADS, "saves": SAVES}


class Refused(Exception):
    def __init__(self, kind: str, message: str) -> None:
        super().__init__(f"{kind}: {message}")
        self.kind = kind


class Server:
    """A separate process holding its own connection pool to the shared database."""

    def __init__(self, url: str, schema: str) -> None:
        self.proc = subprocess.Popen([sys.executable, "-c", SERVER, url, schema], cwd=ROOT,
                                     text=True, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE,
                                     env={**os.environ, "PYTHONPATH": str(ROOT)})

    def wait_ready(self) -> None:
        line = self.proc.stdout.readline()
        assert json.loads(line or "{}").get("ready"), self.proc.stderr.read()

    def send(self, op: str, who: str | None = None, **kw: Any) -> None:
        self.proc.stdin.write(json.dumps({"op": op, "as": who, **kw}) + "\n")
        self.proc.stdin.flush()

    def receive(self) -> Any:
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"server process died: {self.proc.stderr.read()}")
        out = json.loads(line)
        if "error" in out:
            raise Refused(out["error"], out["message"])
        return out["ok"]

    def __call__(self, op: str, who: str | None = None, *args: Any, **kwargs: Any) -> Any:
        self.send(op, who, args=list(args), kwargs=kwargs)
        return self.receive()

    def close(self) -> None:
        self.proc.stdin.close()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


@pytest.fixture
def servers(tmp_path):
    """Two servers started together on a fresh schema, so both race to migrate it too."""
    target = Target("postgresql", tmp_path)
    a, b = Server(target.url, target.schema), Server(target.url, target.schema)
    try:
        a.wait_ready()
        b.wait_ready()
        a.send("set_manager", "pat", manager="mia")
        a.receive()
        yield a, b
    finally:
        a.close()
        b.close()
        target.drop()


def test_a_conversation_started_on_one_server_is_resumed_on_the_other(servers):
    a, b = servers
    conv = a("create_conversation", "pat", "rehearse", "Lisbon")
    a.send("turn", "pat", conversation=conv["id"],
           messages=[["assistant", "Where would you like to be?"], ["pm", "Head of Product"]],
           state={"turns": 1, "slots": {"title": "Head of Product"}})
    a.receive()

    assert [m["text"] for m in b("transcript", "pat", conv["id"])] == [
        "Where would you like to be?", "Head of Product"]
    assert b("load_state", "pat", conv["id"])["slots"] == {"title": "Head of Product"}
    assert b("manager", "pat")["identity"] == "mia"

    b.send("turn", "pat", conversation=conv["id"],
           messages=[["assistant", "What kind of company?"], ["pm", "A small fintech"]],
           state={"turns": 2, "slots": {"title": "Head of Product",
                                        "company": "A small fintech"}})
    b.receive()
    b("rename", "pat", conv["id"], "Lisbon, resumed")

    messages = a("transcript", "pat", conv["id"])
    assert [m["seq"] for m in messages] == [1, 2, 3, 4]
    assert messages[-1]["text"] == "A small fintech"
    assert a("load_state", "pat", conv["id"])["turns"] == 2
    assert a("conversation", "pat", conv["id"])["title"] == "Lisbon, resumed"
    with pytest.raises(Refused) as refused:  # permissions hold on both servers alike
        b("transcript", "mia", conv["id"])
    assert refused.value.kind == "NotAllowed"


def test_concurrent_edits_to_one_plan_on_two_servers_keep_every_version(servers):
    a, b = servers
    first = a("save_plan_version", "pat", {"vision": "v1", "milestones": []}, title="My plan",
              note="first draft")
    plan_id = first["plan_id"]
    a("share", "pat", "plan", plan_id=plan_id)
    assert b("plan", "mia", plan_id)["id"] == plan_id  # the manager may edit it from server B

    # The PM saves on one server while the manager saves on the other, from several sessions each.
    start_at = time.time() + 1.0
    a.send("edits", "pat", plan_id=plan_id, tag="pat", start_at=start_at)
    b.send("edits", "mia", plan_id=plan_id, tag="mia", start_at=start_at)
    assert a.receive() == [] and b.receive() == []

    versions = a("plan_versions", "pat", plan_id)
    expected = ["first draft"] + [f"{who}-{t}-{i}" for who in ("pat", "mia")
                                  for t in range(THREADS) for i in range(SAVES)]
    assert Counter(v["note"] for v in versions) == Counter(expected)
    assert [v["version"] for v in versions] == list(range(1, len(expected) + 1))
    assert all(v["data"]["vision"] == v["note"] for v in versions[1:])  # each saved what it sent
    authors = Counter(v["author_name"] for v in versions[1:])
    assert authors == {"Pat": THREADS * SAVES, "Mia": THREADS * SAVES}
    latest = versions[-1]["version"]
    assert a("plan", "pat", plan_id)["latest"]["version"] == latest
    assert b("plan", "mia", plan_id)["latest"]["version"] == latest


def test_a_share_revoked_on_one_server_is_refused_on_the_other(servers):
    a, b = servers
    conv = a("create_conversation", "pat", "rehearse", "Before our 1:1")
    a.send("turn", "pat", conversation=conv["id"],
           messages=[["assistant", "Where would you like to be?"], ["pm", "Head of Product"]],
           state={"turns": 1, "slots": {"title": "Head of Product"}})
    a.receive()
    plan = a("save_plan_version", "pat", {"vision": "Head of Product", "milestones": []},
             title="Plan to share")
    summary = a("share", "pat", "summary", conversation_id=conv["id"], note="for our 1:1")
    plan_share = a("share", "pat", "plan", plan_id=plan["plan_id"])
    handed_over = a("export_share", "pat", summary["id"])  # the same share, also as a file

    assert {i["share"]["id"] for i in b("shared_with_me", "mia")} == {summary["id"], plan_share["id"]}
    answers = b("shared_item", "mia", summary["id"])["content"]["answers"]
    assert [x["text"] for x in answers.values()] == ["Head of Product"]
    assert b("plan", "mia", plan["plan_id"])["id"] == plan["plan_id"]

    a("revoke", "pat", summary["id"])
    a("revoke", "pat", plan_share["id"])

    assert b("shared_with_me", "mia") == []
    for op, args in [("shared_item", [summary["id"]]), ("shared_item", [plan_share["id"]]),
                     ("plan", [plan["plan_id"]]), ("import_share", [handed_over])]:
        with pytest.raises(Refused) as refused:
            b(op, "mia", *args)
        assert refused.value.kind == "NotAllowed", op
    # Refused alike on the server that revoked it.
    with pytest.raises(Refused):
        a("shared_item", "mia", summary["id"])
