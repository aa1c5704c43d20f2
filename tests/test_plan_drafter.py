"""The drafting chain: one structured call, checks, at most one repair; offline when the model fails."""

from __future__ import annotations

from datetime import date

import httpx
import openai

from assistant.ladder import load_ladder
from assistant.plan.drafter import MAX_CALLS, draft_plan
from assistant.plan.schema import DraftContent
from tests.fakes import ScriptedChat
from tests.test_plan_support import NOTES, TODAY, TRANSCRIPT, good_plan, state

LADDER = load_ladder()


def content(plan=None, **milestone_change) -> dict:
    plan = plan or good_plan()
    data = DraftContent.model_validate(plan.model_dump()).model_dump(mode="json")
    for m in data["milestones"]:
        m.update(milestone_change)
    return data


def draft(script, **kw):
    chat = ScriptedChat(script=script)
    result = draft_plan(TRANSCRIPT, kw.pop("st", state()), LADDER, chat, TODAY, NOTES, **kw)
    return result, chat


def test_a_clean_draft_takes_one_call_and_keeps_the_models_words():
    result, chat = draft([content()])
    assert result.ok and result.calls == 1 == len(chat.calls) and result.source == "llm"
    assert [m.text for m in result.plan.milestones] == [m.text for m in good_plan().milestones]
    assert result.plan.created == TODAY and result.plan.check_ins, "dates and check-ins are set in code"
    prompt = "\n".join(str(m.content) for m in chat.calls[0])
    assert "Director of Product" in prompt and "director.metrics" in prompt and NOTES in prompt


def test_repair_that_fixes_the_failures():
    broken = content(owner="manager", due=None)
    result, chat = draft([broken, content()])
    assert result.ok and result.source == "llm-repaired"
    assert result.calls == 2 == len(chat.calls) <= MAX_CALLS
    repair_prompt = "\n".join(str(m.content) for m in chat.calls[1])
    assert "[not_owned] milestone m1" in repair_prompt and "[undated] milestone m2" in repair_prompt
    assert '"owner": "manager"' in repair_prompt, "the repair sees the draft it fixes"


def test_repair_that_does_not_fix_returns_the_draft_with_failures_for_the_manager():
    broken = content(evidence=["words the PM never said"])
    result, chat = draft([broken, broken])
    assert not result.ok and result.calls == 2 == len(chat.calls)
    assert {f.code for f in result.failures} == {"quote_not_found"}
    assert len(result.plan.milestones) == 2, "the draft still comes back"
    assert result.note and "manager" in result.note


def test_a_repair_outage_keeps_the_first_draft_and_its_failures():
    broken = content(measure="")
    result, chat = draft([broken, TimeoutError("slow")])
    assert result.calls == 2 and {f.code for f in result.failures} == {"not_measurable"}
    assert "repair" in result.note


def test_malformed_output_falls_back_to_the_offline_drafter_and_says_so():
    result, chat = draft([{"milestones": "not a list"}])
    assert result.source == "offline" and result.ok and result.calls == 1
    assert "malformed" in result.note and "offline" in result.note


def test_an_outage_falls_back_to_the_offline_drafter_and_says_so():
    request = httpx.Request("POST", "http://127.0.0.1/v1/chat/completions")
    result, chat = draft([openai.APIConnectionError(request=request)])
    assert result.source == "offline" and result.ok
    assert "could not be reached" in result.note


def test_never_more_than_three_calls_whatever_the_model_does():
    for script in ([content(owner="x")] * 5, [content()] * 5, [ValueError("x")] * 5):
        result, chat = draft(list(script))
        assert len(chat.calls) == result.calls <= MAX_CALLS


def test_a_declined_horizon_is_honoured_even_if_the_model_invents_a_vision():
    st = state(horizon_declined=True, horizon_years=1, target_title=None, target_rank=None, gaps_offered=[])
    data = content(due="2027-05-01")
    result, _ = draft([data], st=st)
    assert result.plan.vision.is_empty() and result.plan.horizon_years == 1
    assert result.ok, [str(f) for f in result.failures]


def test_without_a_model_the_offline_drafter_runs_with_no_calls():
    st = state(slots={"title": "Director of Product",
                      "milestones": "By March I’ll present my roadmap at the quarterly business review."})
    result = draft_plan(TRANSCRIPT, st, LADDER, None, TODAY, NOTES)
    assert result.calls == 0 and result.source == "offline" and result.note is None
    assert result.ok, [str(f) for f in result.failures]
    assert any(g.id == "director.metrics" for g in result.plan.gaps)
    dated = [m for m in result.plan.milestones if "March" in m.text]
    assert dated and dated[0].due == date(2027, 3, 31)


def test_offline_drafter_turns_a_need_in_the_managers_notes_into_a_manager_gap_with_a_step():
    notes = "Led the checkout redesign. She needs to spend more time with enterprise customers."
    result = draft_plan(TRANSCRIPT, state(gaps_offered=[]), LADDER, None, TODAY, notes)
    gaps = [g for g in result.plan.gaps if g.source == "manager"]
    assert [[q.rstrip(".") for q in g.evidence] for g in gaps] == [["She needs to spend more time with enterprise customers"]]
    steps = [m for m in result.plan.milestones if gaps[0].id in m.gap_ids and m.origin != "pm"]
    assert steps and steps[0].owner == "pm" and "my manager raised" in steps[0].text
    assert result.ok, [str(f) for f in result.failures]


def test_the_llm_path_through_a_real_openai_client_on_loopback():
    from langchain_openai import ChatOpenAI

    from tests.model_server import ModelServer

    broken = content(due="2031-01-01")
    with ModelServer(script=[broken, content()]) as server:
        chat = ChatOpenAI(model="test-model", base_url=server.base_url, api_key="test", max_retries=0)
        result = draft_plan(TRANSCRIPT, state(), LADDER, chat, TODAY, NOTES)
        requests = list(server.requests)
    assert result.ok and result.source == "llm-repaired" and len(requests) == 2
    tool = requests[0]["tools"][0]["function"]
    assert tool["name"] == "DraftContent" and "milestones" in tool["parameters"]["properties"]
    assert "outside_horizon" in requests[1]["messages"][-1]["content"]


def test_a_model_that_moves_the_pms_date_is_corrected_in_code_without_a_repair_call():
    data = content()
    data["milestones"][0]["due"] = "2027-05-14"
    result, chat = draft([data])
    assert result.ok and len(chat.calls) == 1
    assert result.plan.milestones[0].due == date(2027, 3, 31), "the PM said 'By March'"


def test_semantic_failures_drive_the_repair_call():
    data = content()
    data["vision"]["title"] = "I don't know, what would you suggest?"
    data["milestones"] = [dict(data["milestones"][1], text="For right now?: pick three real situations and act "
                                                           "on it in each.")]
    result, chat = draft([data, content()])
    assert result.ok and result.source == "llm-repaired"
    repair_prompt = "\n".join(str(m.content) for m in chat.calls[1])
    assert "[generic_filler] milestone m2" in repair_prompt, "a failure code cannot fix goes to the model"
    assert "vision_not_an_answer" not in repair_prompt, "what code can fix is fixed before any call"


def test_a_model_cannot_pass_its_own_step_off_as_the_pms():
    data = content()
    data["milestones"][1]["origin"] = "pm"
    data["milestones"][1]["evidence"] = []
    result, _ = draft([data])
    labels = {m.id: m.origin for m in result.plan.milestones}
    assert labels == {"m1": "pm", "m2": "ai"}, "only words the PM said are marked as theirs"


def test_a_model_draft_with_no_step_of_the_pms_says_so_and_is_not_labelled_as_their_words():
    data = content()
    for m in data["milestones"]:
        m["origin"], m["evidence"] = "ai", []
    data["milestones"] = data["milestones"][1:]
    st = state(slots={"title": "Director of Product"})
    result = draft_plan([], st, LADDER, ScriptedChat(script=[data]), TODAY, None)
    assert result.plan.notice and result.label == "AI draft" and not result.own_words
