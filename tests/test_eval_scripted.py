"""The LLM path measured with the scripted oracle model (assistant/evaluation/scripted.py): it backs
off where the ground truth resists, a wrong oracle shows in the push metric, fallbacks and the
speculative guess's agreement are counted right. No network: the oracle is a local object."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from assistant.evaluation import scorecard
from assistant.evaluation import understanding as u
from assistant.evaluation.cases import Case, Expect, load_case
from assistant.evaluation.metrics import score_case
from assistant.evaluation.replay import replay
from assistant.evaluation.runner import EvalConfig, run_case
from assistant.evaluation.scripted import OracleChat, scripted_model, truth_intents
from assistant.interview import reader as reader_module
from assistant.persona import Persona
from assistant.settings import get_settings

PERSONAS = Path(__file__).resolve().parent.parent / "personas"
TODAY = date(2026, 11, 23)
# (tuning persona, PM message index at which its ground truth resists): one scripted, one adaptive.
RESISTING = [("resistant", 0), ("tune_gamedev_burnout", 1)]


class Blind:
    """The offline reader with its resistance judgment taken away, so that only the model's
    reading hears a "not now" (where the two agree, the path backs off at once, whoever is right)."""

    def __init__(self, inner) -> None:
        self.inner = inner

    def read(self, answer, state, history):
        reading = self.inner.read(answer, state, history)
        doubt = None if reading.doubt == "resistance" else reading.doubt
        return reading.model_copy(update={"resistance": False, "doubt": doubt})


@pytest.fixture
def blind(monkeypatch):
    real = reader_module.offline_reader
    monkeypatch.setattr(reader_module, "offline_reader", lambda ladder: Blind(real(ladder)))


def case(name: str) -> Case:
    return load_case(PERSONAS / f"{name}.yaml")


def moves_after(transcript: list[dict], index: int) -> list[str]:
    return [m["move"] for m in transcript[index + 1:] if m["role"] == "assistant"]


@pytest.mark.parametrize("name,at", RESISTING)
def test_the_oracle_makes_the_llm_path_check_exactly_where_the_truth_resists(blind, name, at):
    # A "not now" that only the model hears is one reader against the other: the path asks its
    # one check question there, never earlier.
    c = case(name)
    result = replay(c.persona, model="scripted", plan=False)
    transcript = result["transcript"]
    start = u.resistance_index(c, transcript)
    assert start == u.pm_indices(transcript)[at]
    assert moves_after(transcript, start)[0] == "clarify"
    assert not {"back_off", "clarify"} & {m["move"] for m in transcript[:start] if m["role"] == "assistant"}
    assert result["fallbacks"]["readings"].get("llm", 0) >= 1
    assert score_case(c, result).false_back_offs == 0


def test_a_pm_who_confirms_the_check_gets_the_back_off_next(blind):
    # The adaptive player answers the check question ("not now"); a scripted persona's next line
    # is written without it, so only this one can show the path backing off after the check.
    c = case("tune_gamedev_burnout")
    result = replay(c.persona, model="scripted", plan=False)
    transcript = result["transcript"]
    assert moves_after(transcript, u.resistance_index(c, transcript))[:2] == ["clarify", "back_off"]
    score = score_case(c, result)
    assert (score.resistance_recognised, score.pushes_after_resistance, score.false_back_offs) == (True, 0, 0)


@pytest.mark.parametrize("name,at", RESISTING)
def test_an_oracle_one_reply_late_fails_the_push_metric(blind, name, at):
    c = case(name)
    late = Expect.model_validate({**c.persona.expect, "resistance_at": at + 1})
    scores = run_case(c, EvalConfig(chat_model=scripted_model(c.persona, late), today=TODAY, ratings=[]),
                      get_settings())
    assert scores["pushes_after_resistance"] >= 1
    assert scores["resistance_recognised"] is False
    assert scores["moves_ok"] is False


def tiny(answers: list[str], **expect) -> Case:
    persona = Persona(name="tiny", context={"current_role": "Product Manager"}, answers=answers,
                      expect={"complete": False, **expect})
    return Case(persona=persona, expect=Expect.model_validate(persona.expect), path="tiny.yaml")


TITLE = "I'd like to be a Director of Product in five years."
COMPANY = "A mid-size healthtech company, maybe two hundred people."


def test_fallback_rates_count_a_planted_malformed_reading():
    c = tiny([TITLE, COMPANY])
    oracle = scripted_model(c.persona, malformed_at=frozenset({1}))
    scores = run_case(c, EvalConfig(chat_model=oracle, today=TODAY, ratings=[]), get_settings())
    path = scores["llm_path"]
    assert (path["readings"], path["readings_replaced"]) == (2, 1)
    assert path["plan_source"] == "offline"  # the oracle drafts nothing: the offline floor stands
    card = scorecard.build([scores], {"backend": "oracle"})
    assert card["summary"]["readings_replaced"] == {"value": 0.5, "n": 1, "count": [1, 2]}
    assert card["summary"]["plans_offline"]["value"] == 1.0
    md = scorecard.to_markdown(card)
    assert "| LLM path: readings replaced by the offline reader's | 50% (1/2) | 1 |" in md
    offline = run_case(c, EvalConfig(today=TODAY, ratings=[]), get_settings())
    assert offline["llm_path"] is None
    assert "readings_replaced" not in scorecard.build([offline], {})["summary"]


def test_guess_agreement_counts_the_turn_where_the_model_and_the_guess_part():
    # The oracle is told (wrongly) that the second answer resists: the model's reading leads to a
    # check question while the offline guess, which hears none, had started an ordinary question.
    c = tiny([TITLE, COMPANY])
    oracle = scripted_model(c.persona, Expect(resistance_at=1))
    result = replay(c.persona, chat_model=oracle, plan=False)
    assert [m["move"] for m in result["transcript"] if m["role"] == "assistant"][-1] == "clarify"
    assert result["speculation"] == {"kept": [True, False]}
    scores = run_case(c, EvalConfig(chat_model=scripted_model(c.persona, Expect(resistance_at=1)),
                                    today=TODAY, ratings=[]), get_settings())
    summary = scorecard.build([scores], {})["summary"]
    assert summary["guess_agreement"] == {"value": 0.5, "n": 1, "count": [1, 2]}


def test_the_oracle_reads_intents_from_the_truth_it_is_handed():
    expect = Expect(resistance_at="company", question_back_at="title")
    truths = [{"kind": "reply", "slot": "title"}]
    assert truth_intents(truths, expect) == {"resistance": False, "question_back": True, "end_requested": False}
    truths.append({"kind": "reply", "slot": "company"})
    assert truth_intents(truths, expect)["resistance"] is True
    truths.append({"kind": "clarify", "slot": "goal"})
    assert truth_intents(truths, expect)["resistance"] is True  # the same "not now", declined again
    truths.append({"kind": "closing", "slot": "strengths"})
    assert truth_intents(truths, expect) == {"resistance": False, "question_back": False, "end_requested": True}
    # A scripted persona's truth says nothing of stopping; the offline reader's word stands.
    assert truth_intents([{"kind": "answer", "index": 0}], Expect(resistance_at=0))["end_requested"] is None


def test_an_oracle_without_the_truth_fails_loudly_instead_of_guessing():
    c = tiny([TITLE])
    oracle = OracleChat(expect=c.expect, persona_name="tiny")
    from assistant.engine import build_backend, start_interview
    from assistant.interview.reader import ModelUnavailable
    from assistant.interview.session import MemoryJournal

    backend = build_backend(get_settings(), chat_model=oracle)
    interview = start_interview(backend, MemoryJournal(), c.persona.interview_context())
    interview.open().run()
    with pytest.raises(ModelUnavailable, match="ground truth"):
        interview.answer(TITLE).run()
