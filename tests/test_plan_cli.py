"""The export and template subcommands, and replay --json's plan."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from docx import Document

from assistant.cli import main
from assistant.plan.exports import export_plan
from assistant.plan.prework import QUESTIONS
from tests.test_plan_support import good_plan

PERSONAS = Path(__file__).resolve().parent.parent / "personas"


@pytest.fixture
def plan_file(tmp_path):
    path = tmp_path / "plan.json"
    path.write_bytes(export_plan(good_plan(), "json"))
    return path


@pytest.mark.parametrize("fmt", ["md", "docx", "pdf", "ics", "json"])
def test_export_writes_each_format(plan_file, tmp_path, fmt):
    out = tmp_path / f"out.{fmt}"
    assert main(["export", str(plan_file), "--format", fmt, "-o", str(out)]) == 0
    data = out.read_bytes()
    assert data[:4] == {"docx": b"PK\x03\x04", "pdf": b"%PDF"}.get(fmt, data[:4]) and len(data) > 100


def test_export_markdown_to_standard_output(plan_file, capsysbinary):
    assert main(["export", str(plan_file), "--format", "md"]) == 0
    assert good_plan().milestones[0].text.encode() in capsysbinary.readouterr().out


def test_export_reads_a_replay_result(tmp_path, capsys):
    replayed = tmp_path / "replay.json"
    assert main(["replay", str(PERSONAS / "overconfident.yaml"), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["plan"] and result["plan"]["milestones"]
    replayed.write_text(json.dumps(result))
    assert main(["export", str(replayed), "--format", "json", "-o", str(tmp_path / "p.json")]) == 0
    assert json.loads((tmp_path / "p.json").read_text())["milestones"] == result["plan"]["milestones"]


@pytest.mark.parametrize("content, message", [
    (None, "no such file"),
    ("{not json", "not valid JSON"),
    ('{"milestones": []}', "not a plan: created"),
    ("[1, 2]", "expected a JSON object"),
])
def test_bad_plan_files_give_one_line_and_exit_2(tmp_path, capsys, content, message):
    path = tmp_path / "bad.json"
    if content is not None:
        path.write_text(content)
    assert main(["export", str(path), "--format", "md"]) == 2
    err = capsys.readouterr().err.strip()
    assert message in err and "\n" not in err


def test_unknown_format_exits_2(plan_file):
    with pytest.raises(SystemExit) as exit_:
        main(["export", str(plan_file), "--format", "xls"])
    assert exit_.value.code == 2


def test_unwritable_output_exits_2(plan_file, tmp_path, capsys):
    assert main(["export", str(plan_file), "--format", "md", "-o", str(tmp_path / "no" / "dir" / "x.md")]) == 2
    assert "cannot write" in capsys.readouterr().err


def test_template_markdown_and_docx(tmp_path, capsysbinary):
    assert main(["template", "--format", "md"]) == 0
    assert QUESTIONS["title"].encode() in capsysbinary.readouterr().out
    out = tmp_path / "prework.docx"
    assert main(["template", "--format", "docx", "-o", str(out)]) == 0
    assert QUESTIONS["milestones"] in [p.text for p in Document(io.BytesIO(out.read_bytes())).paragraphs]
