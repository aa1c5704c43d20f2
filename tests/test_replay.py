"""The replay CLI on the shared personas, and its errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.cli import main, replay
from assistant.persona import load_persona

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT / "personas"
PERSONAS = [SHARED / f"{n}.yaml" for n in ("immediate", "overconfident", "resistant")]


def moves(result):
    return [t["move"] for t in result["transcript"] if t["role"] == "assistant"]


def test_the_shared_personas_are_present():
    assert {p.stem for p in PERSONAS} >= {"immediate", "overconfident", "resistant"}


@pytest.mark.parametrize("path", PERSONAS, ids=[p.stem for p in PERSONAS])
def test_replay_feeds_one_answer_per_turn(path):
    persona = load_persona(path)
    result = replay(persona)
    turns = result["transcript"]
    assert turns[0]["role"] == "assistant"
    pm = [t["text"] for t in turns if t["role"] == "pm"]
    assert pm == persona.answers[: len(pm)]
    for t in turns:
        if t["role"] == "assistant":
            assert t["text"].count("?") <= 1 and t["stage"] and t["move"]
        else:
            assert t["move"] is None
    assert result["state"]["done"]


def test_resistant_gets_one_back_off_and_no_horizon_after():
    result = replay(load_persona(SHARED / "resistant.yaml"))
    assert moves(result).count("back_off") == 1
    after = result["transcript"][result["transcript"].index(
        next(t for t in result["transcript"] if t["move"] == "back_off")) + 1:]
    assert all("five years" not in t["text"].lower() for t in after if t["role"] == "assistant")
    assert result["state"]["horizon_declined"] is True


def test_overconfident_is_offered_the_director_gaps():
    result = replay(load_persona(SHARED / "overconfident.yaml"))
    offer = next(t for t in result["transcript"] if t["move"] == "offer_gaps")
    for needle in ("customers", "KPIs", "12 to 18 month"):
        assert needle in offer["text"]


def test_immediate_fills_the_vision_in_one_answer():
    result = replay(load_persona(SHARED / "immediate.yaml"))
    slots = result["state"]["slots"]
    assert {"title", "company", "location", "people"} <= set(slots)
    assert moves(result)[1] == "advance", moves(result)


def test_json_output_shape(capsys):
    assert main(["replay", str(SHARED / "immediate.yaml"), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) >= {"transcript", "state", "plan"}
    assert {"role", "text", "stage", "move"} <= set(out["transcript"][0])


@pytest.mark.parametrize("content,needle", [
    ("answers: [", "not valid YAML"),
    ("- just\n- a list\n", "expected a mapping"),
    ("name: x\nanswers: []\n", "answers"),
    ("name: x\nanswers: [1, {a: b}]\n", "answers"),
    ("name: x\nmode: chat\nanswers: ['hi']\n", "mode"),
])
def test_bad_files_get_one_line_and_exit_2(tmp_path, capsys, content, needle):
    path = tmp_path / "bad.yaml"
    path.write_text(content)
    assert main(["replay", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and needle in err


def test_missing_file_and_bad_model(tmp_path, capsys):
    assert main(["replay", str(tmp_path / "nope.yaml")]) == 2
    assert "no such file" in capsys.readouterr().err
    assert main(["replay", str(SHARED / "immediate.yaml"), "--model", "acme:big"]) == 2
    assert "unknown model provider" in capsys.readouterr().err


def test_module_entry_point_runs():
    proc = subprocess.run([sys.executable, "-m", "assistant", "replay", str(SHARED / "resistant.yaml")],
                          capture_output=True, text=True, cwd=ROOT, timeout=60,
                          env={"PATH": "/usr/bin:/bin", "NEXTSTEP_DATA_DIR": "/tmp/nextstep-test"})
    assert proc.returncode == 0, proc.stderr
    assert "Offline" in proc.stderr and "back_off" in proc.stdout
