"""The adaptive simulated PM, the held-out set, the side-by-side scorecard and the terminal chat."""

from __future__ import annotations

import io
import json
from argparse import Namespace

import pytest

from assistant.chat import run_chat
from assistant.cli import main
from assistant.evaluation.cases import (HELDOUT2_DIR, HELDOUT3_DIR, HELDOUT4_DIR, HELDOUT5_DIR, HELDOUT7_DIR,
                                        HELDOUT14_DIR, HELDOUT_DIR, PERSONAS_DIR, load_cases)
from assistant.evaluation.player import Player
from assistant.evaluation.replay import replay
from assistant.persona import Persona
from tests.known import KNOWN_PUSHES

HELDOUT = load_cases(HELDOUT_DIR)
TUNING = load_cases(PERSONAS_DIR)


def test_the_held_out_set_is_large_and_carries_ground_truth():
    assert len(HELDOUT) >= 30
    assert all(c.persona.adaptive for c in HELDOUT)
    assert all(c.expect.slots for c in HELDOUT)
    assert sum(c.expect.resistance_at is not None for c in HELDOUT) >= 8
    assert not {c.persona.name for c in HELDOUT} & {c.persona.name for c in TUNING}


LATER_BLIND = (HELDOUT2_DIR, HELDOUT3_DIR, HELDOUT4_DIR, HELDOUT5_DIR, HELDOUT7_DIR, HELDOUT14_DIR)


@pytest.mark.parametrize("folder", LATER_BLIND,
                         ids=["held-out 2", "held-out 3", "held-out 4", "held-out 5", "held-out 7", "held-out 14"])
def test_the_later_blind_sets_load_and_share_no_name_with_any_other_set(folder):
    cases = load_cases(folder)
    assert len(cases) >= 30 and all(c.persona.adaptive for c in cases)
    others = {c.persona.name for c in [*TUNING, *HELDOUT]} | {
        c.persona.name for d in LATER_BLIND if d != folder for c in load_cases(d)}
    assert not {c.persona.name for c in cases} & others


def persona(**kw) -> Persona:
    return Persona(name="p", replies={"title": "Group PM at a games studio in Montreal.",
                                      "experiences": "Hiring.", "goal": "Ship the editor."},
                   probes={"experiences": "Hiring and owning a roadmap a year out."}, **kw)


def test_the_player_answers_the_slot_actually_asked():
    from assistant.interview.stages import Stage
    from assistant.interview.state import Move, MoveKind

    player = Player(persona(expect={"resistance_at": None}))

    class T:
        def __init__(self, kind, slot):
            self.move = Move(kind=kind, stage=Stage.VISION, slot=slot)

    assert player.reply(T(MoveKind.ASK, "experiences")) == "Hiring."
    assert player.reply(T(MoveKind.PROBE, "experiences")).startswith("Hiring and owning")
    assert player.reply(T(MoveKind.CLARIFY, "title")).startswith("No,")
    assert player.reply(T(MoveKind.ASK, "title")).startswith("Group PM")
    assert player.reply(T(MoveKind.WRAP_UP, None)) is None
    assert [t["kind"] for t in player.truths] == ["reply", "probe", "clarify", "reply"]


def test_the_player_answers_a_probe_of_its_last_reply_before_saying_goodbye():
    from assistant.interview.stages import Stage
    from assistant.interview.state import Move, MoveKind

    player = Player(persona(expect={"resistance_at": None}))

    class T:
        def __init__(self, kind, slot):
            self.move = Move(kind=kind, stage=Stage.VISION, slot=slot)

    for slot in ("title", "goal", "experiences"):
        player.reply(T(MoveKind.ASK, slot))
    assert player.reply(T(MoveKind.PROBE, "experiences")).startswith("Hiring and owning")
    player.reply(T(MoveKind.ASK, "milestones"))
    assert [t["kind"] for t in player.truths][-2:] == ["probe", "closing"]


def test_a_replay_of_an_adaptive_persona_keeps_the_public_shape():
    result = replay(HELDOUT[0].persona, plan=False)
    for turn in result["transcript"]:
        assert {"role", "text", "stage", "move"} <= set(turn)
        if turn["role"] == "assistant":
            assert "slot" in turn
    state = result["state"]
    for key in ("slots", "target_title", "target_rank", "horizon_declined", "gaps_offered", "done"):
        assert key in state


@pytest.mark.parametrize("cases", [TUNING, HELDOUT], ids=["tuning", "held-out"])
def test_the_hard_rules_hold_on_both_sets(cases):
    from assistant.evaluation.metrics import score_case

    pushed = []
    for case in cases:
        score = score_case(case, replay(case.persona, plan=False))
        if score.pushes_after_resistance:
            pushed.append(case.persona.name)
        assert score.one_question == 1.0, case.persona.name
        assert score.pasted_into_question == 0, case.persona.name
    # Known and open (tests/known.py); anything else pushed fails, and so does a fixed one.
    assert pushed == [name for name in KNOWN_PUSHES if name in {c.persona.name for c in cases}]


def test_eval_prints_both_sets_side_by_side(tmp_path, capsys):
    small = tmp_path / "sets"
    for name in ("tuning", "held"):
        (small / name).mkdir(parents=True)
    (small / "tuning" / "a.yaml").write_text((PERSONAS_DIR / "resistant.yaml").read_text())
    assert main(["eval", "--personas", str(small / "tuning"), "--out", str(tmp_path / "o")]) == 0
    assert "Every due move right" in capsys.readouterr().out


def test_chat_json_emits_one_object_per_message_then_the_final_state():
    out = io.StringIO()
    lines = io.StringIO("Head of Product at a fintech in Berlin\n/decline\nget better at planning\n/stop\n")
    code = run_chat(Namespace(model="offline", base_url=None, role="Product Manager", json=True), lines, out)
    assert code == 0
    objects = [json.loads(line) for line in out.getvalue().splitlines()]
    messages, final = objects[:-1], objects[-1]
    assert all(set(m) == {"text", "stage", "move", "slot"} for m in messages)
    assert "back_off" in [m["move"] for m in messages]
    assert final["state"]["horizon_declined"] and final["state"]["done"]
    assert "milestones" in final["plan"]


def test_chat_refuses_an_empty_line_and_carries_on():
    out = io.StringIO()
    code = run_chat(Namespace(model="offline", base_url=None, role=None, json=True),
                    io.StringIO("   \nVP of Product\n/stop\n"), out)
    objects = [json.loads(line) for line in out.getvalue().splitlines()]
    assert code == 0 and any("error" in o for o in objects)
