"""Project personas, the offline evaluation run, the eval CLI, and simulated PMs."""

from __future__ import annotations

import json

import pytest
from langchain_core.messages import AIMessage, HumanMessage

from assistant.cli import main
from assistant.evaluation.replay import replay
from assistant.engine import build_backend
from assistant.evaluation.cases import PERSONAS_DIR, load_case, load_cases
from assistant.evaluation.runner import EvalConfig, run_eval
from assistant.evaluation.scorecard import summarise
from assistant.evaluation.simulated import simulate
from assistant.persona import PersonaError
from tests.fakes import ScriptedChat
from tests.known import KNOWN_FALSE_BACK_OFFS, KNOWN_MISSED_BACK_OFFS, KNOWN_MISSED_POTENTIAL, KNOWN_PUSHES

CASES = load_cases()


def test_at_least_twelve_personas_with_expectations():
    assert len(CASES) >= 12
    assert len({c.persona.name for c in CASES}) == len(CASES)
    described = [c for c in CASES if c.persona.description]
    assert len(described) >= 12, "personas with a description can also drive a simulated PM"
    expected = {k for c in CASES for k, v in c.expect.model_dump().items() if v is not None}
    assert {"back_off", "reflect_potential", "offer_gaps", "probe", "complete"} <= expected


@pytest.mark.parametrize("case", CASES, ids=[c.persona.name for c in CASES])
def test_every_persona_replays_offline(case):
    result = replay(case.persona)
    pm_turns = [m for m in result["transcript"] if m["role"] == "pm"]
    if case.persona.adaptive:
        assert pm_turns and pm_turns[0]["truth"] == {"kind": "reply", "slot": "title"}
        assert pm_turns[0]["text"] == case.persona.replies["title"]
    else:
        assert pm_turns and pm_turns[0]["text"] == case.persona.answers[0]
    assert result["transcript"][0]["role"] == "assistant"


def test_offline_run_keeps_the_hard_rules_on_every_persona():
    card = run_eval(CASES, EvalConfig(ratings=[]))
    # The known misses (tests/known.py) are held to their own account; every other case to all.
    known = KNOWN_PUSHES + KNOWN_FALSE_BACK_OFFS + KNOWN_MISSED_BACK_OFFS + KNOWN_MISSED_POTENTIAL
    missed = [c for c in card["cases"] if c["persona"] in known]
    assert [c["persona"] for c in missed if c["pushes_after_resistance"]] == KNOWN_PUSHES
    assert [c["persona"] for c in missed if c["false_back_offs"]] == KNOWN_FALSE_BACK_OFFS
    assert [c["persona"] for c in missed if c["back_off_ok"] is False] == KNOWN_MISSED_BACK_OFFS
    assert [c["persona"] for c in missed if c["potential_ok"] is False] == KNOWN_MISSED_POTENTIAL
    summary = summarise([c for c in card["cases"] if c["persona"] not in known])
    assert summary["pushes_after_resistance"] == {"value": 0, "n": len(CASES) - len(missed)}
    assert summary["false_back_offs"]["value"] == 0
    assert summary["one_question"]["value"] == 1.0
    assert summary["back_off_ok"]["value"] == 1.0
    assert summary["potential_ok"]["value"] == 1.0
    assert summary["evidence_verbatim"]["value"] == 1.0
    assert summary["safe_output"]["value"] == 1.0
    assert card["usage"]["calls"] == 0
    hostile = next(c for c in card["cases"] if c["persona"] == "hostile")
    from assistant.evaluation.metrics import inert

    # What the hostile PM typed may be quoted back, but only as text: nothing in it is a tag.
    assert all(inert(m["text"]) for m in hostile["transcript"] if m["role"] == "assistant")


def test_unknown_expectation_is_a_one_line_error(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("name: p\nanswers: [hi]\nexpect: {push_hard: true}\n")
    with pytest.raises(PersonaError, match="expect.push_hard"):
        load_case(path)


def test_an_empty_persona_folder_is_an_error(tmp_path):
    with pytest.raises(PersonaError, match="no persona files"):
        load_cases(tmp_path)


def test_eval_cli_writes_a_scorecard_and_compares_two(tmp_path, capsys):
    folder = tmp_path / "personas"
    folder.mkdir()
    for name in ("caregiver", "two_levels_up"):
        (folder / f"{name}.yaml").write_text((PERSONAS_DIR / f"{name}.yaml").read_text())
    assert main(["eval", "--personas", str(folder), "--out", str(tmp_path / "a")]) == 0
    out = capsys.readouterr().out
    assert "| Pushes after resistance (must be 0) | 0 | 2 |" in out
    card = json.loads((tmp_path / "a" / "scorecard.json").read_text())
    assert [c["persona"] for c in card["cases"]] == ["caregiver", "two_levels_up"]
    assert (tmp_path / "a" / "scorecard.png").stat().st_size > 1000
    assert main(["eval", "--compare", str(tmp_path / "a" / "scorecard.json"),
                 str(tmp_path / "a" / "scorecard.json")]) == 0
    table = capsys.readouterr().out
    assert "| Ladder gaps offered when due | 100% | 100% | = |" in table
    assert table.startswith("| Metric | a: Offline rules (no AI model) | a: Offline rules")


def test_eval_cli_errors_are_one_line(tmp_path, capsys):
    assert main(["eval", "--personas", str(tmp_path / "missing")]) == 2
    assert "no such folder" in capsys.readouterr().err
    assert main(["eval", "--simulate", "--model", "offline", "--out", str(tmp_path)]) == 2
    assert "--simulate needs a model" in capsys.readouterr().err
    assert main(["eval", "--compare", str(tmp_path / "x.json"), str(tmp_path / "y.json")]) == 2


def test_simulated_pm_answers_from_the_description():
    case = next(c for c in CASES if c.persona.name == "caregiver")
    pm = ScriptedChat(script=["I can't think five years out right now, my mother is ill.",
                              "This year I want to delegate more.", "That's all, thanks."])
    result = simulate(case.persona, build_backend(), pm)
    moves = [m["move"] for m in result["transcript"] if m["role"] == "assistant"]
    assert moves[1] == "back_off" and moves[-1] == "wrap_up"
    assert result["simulated"] is True
    first = pm.calls[0]
    assert "mother is seriously ill" in first[0].content
    # The interviewer is the human side of the simulated PM's conversation, and the PM the AI side.
    assert isinstance(first[1], HumanMessage)
    assert isinstance(pm.calls[1][2], AIMessage) and "five years" in pm.calls[1][2].content


def test_simulated_run_through_the_harness():
    case = next(c for c in CASES if c.persona.name == "early_exit")
    pm = ScriptedChat(script=["Product Manager at a games studio in Montreal.", "That's all for today, thanks."])
    card = run_eval([case], EvalConfig(simulate_model=pm, ratings=[4]))
    assert card["cases"][0]["simulated"] is True
    assert card["cases"][0]["complete_ok"] is True
    assert card["ratings"]["mean"] == 4


def test_eval_cli_defaults_to_the_data_folder(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "one"
    folder.mkdir()
    (folder / "c.yaml").write_text((PERSONAS_DIR / "caregiver.yaml").read_text())
    assert main(["eval", "--personas", str(folder)]) == 0
    data = tmp_path / "data" / "eval"  # conftest points NEXTSTEP_DATA_DIR at tmp_path/data
    assert (data / "scorecard.md").read_text().startswith("# Interview scorecard")
    assert "scorecard.json" in capsys.readouterr().err


def test_eval_exits_1_when_a_persona_was_pushed(tmp_path, monkeypatch, capsys):
    import assistant.evaluation.runner as runner

    real = runner.score_case

    def pushed(case, result, failures=None):
        score = real(case, result, failures)
        score.pushes_after_resistance = 1
        return score

    monkeypatch.setattr(runner, "score_case", pushed)
    folder = tmp_path / "one"
    folder.mkdir()
    (folder / "c.yaml").write_text((PERSONAS_DIR / "caregiver.yaml").read_text())
    assert main(["eval", "--personas", str(folder), "--out", str(tmp_path / "o")]) == 1
    assert "| Pushes after resistance (must be 0) | 1 | 1 |" in capsys.readouterr().out


def test_an_outage_on_one_persona_is_reported_and_the_rest_still_scored(monkeypatch):
    import assistant.evaluation.replay as replaying
    from assistant.interview.reader import ModelUnavailable

    cases = [c for c in CASES if c.persona.name in ("caregiver", "hostile")]

    def flaky(persona, *args, **kwargs):
        if persona.name == "caregiver":
            raise ModelUnavailable("The model server could not be reached.")
        return replay(persona, *args, **kwargs)

    monkeypatch.setattr(replaying, "replay", flaky)
    card = run_eval(cases, EvalConfig(ratings=[]))
    assert [c["persona"] for c in card["cases"]] == ["hostile"]
    assert card["meta"]["errors"] == [{"persona": "caregiver", "error": "The model server could not be reached."}]
    from assistant.evaluation.scorecard import to_markdown
    assert "Not scored: caregiver" in to_markdown(card)


def test_a_declined_horizon_is_honoured_in_the_next_session():
    card = run_eval([c for c in CASES if c.persona.name in ("caregiver", "two_levels_up")], EvalConfig(ratings=[]))
    by_name = {c["persona"]: c for c in card["cases"]}
    assert by_name["caregiver"]["pushes_next_session"] == 0
    assert by_name["two_levels_up"]["pushes_next_session"] is None
    assert card["summary"]["pushes_next_session"] == {"value": 0, "n": 1}


def test_a_next_session_that_asks_five_years_again_is_counted(monkeypatch):
    from assistant.evaluation import runner
    from assistant.interview.state import Memory

    case = next(c for c in CASES if c.persona.name == "caregiver")
    result = replay(case.persona)
    backend = build_backend()
    forgetful = Memory()  # an engine that lost the memory would open with the five-year question
    monkeypatch.setattr("assistant.interview.state.InterviewState.memory", lambda self: forgetful)
    assert runner.next_session_pushes(case, result, backend, runner.get_settings()) == 1
