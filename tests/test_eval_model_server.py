"""The loopback OpenAI-compatible server, driving the real ChatOpenAI path end to end."""

from __future__ import annotations

import json
import urllib.request

import pytest
from pydantic import BaseModel

from assistant.engine import build_backend, start_interview
from assistant.evaluation.cases import load_cases
from assistant.evaluation.runner import EvalConfig, run_eval
from assistant.evaluation.usage import metering
from assistant.interview.session import MemoryJournal
from assistant.models import make_chat_model
from assistant.settings import get_settings
from tests.model_server import ModelServer, interview_responder


class Pick(BaseModel):
    colour: str
    count: int


@pytest.fixture
def settings():
    return get_settings()


def test_streams_text_word_by_word(settings):
    with ModelServer(script=["One question only?"]) as server:
        model = make_chat_model(settings, "openai:test-model", server.base_url)
        chunks = [c.content for c in model.stream("hi") if c.content]
    assert chunks == ["One", " question", " only?"]
    assert server.requests[0]["stream"] is True
    assert server.requests[0]["messages"][-1]["content"] == "hi"


def test_plain_completion_reports_usage(settings):
    with ModelServer(script=["Hello there"]) as server:
        reply = make_chat_model(settings, "openai:test-model", server.base_url).invoke("a b c d e f g h")
    assert reply.content == "Hello there"
    assert reply.usage_metadata["input_tokens"] >= 1 and reply.usage_metadata["output_tokens"] >= 1


@pytest.mark.parametrize("method", ["function_calling", "json_schema"])
def test_structured_output_as_tool_call_or_json_schema(settings, method):
    with ModelServer(script=[Pick(colour="teal", count=3)]) as server:
        model = make_chat_model(settings, "openai:test-model", server.base_url)
        pick = model.with_structured_output(Pick, method=method).invoke("choose")
    assert pick == Pick(colour="teal", count=3)
    sent = server.requests[0]
    assert ("tools" in sent) == (method == "function_calling")


def test_unknown_path_is_404_and_models_are_listed():
    with ModelServer() as server:
        listing = json.loads(urllib.request.urlopen(server.base_url + "/models", timeout=5).read())
        assert listing["data"][0]["id"] == "test-model"
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(server.base_url + "/nothing", timeout=5)
    assert err.value.code == 404


def test_a_server_with_nothing_to_say_fails_loudly(settings):
    with ModelServer() as server:
        model = make_chat_model(settings.model_copy(update={"max_retries": 0}), "openai:test-model",
                                server.base_url)
        with pytest.raises(Exception, match="no reply"):
            model.invoke("hi")


ON_TOPIC = "Thanks, that helps. What experiences do you think you would need to get there?"


def test_a_full_interview_over_loopback_with_the_llm_reader_and_speaker(settings):
    # The reply is on the next move's topic, so the speaker guard lets the model's words through.
    with ModelServer(responder=interview_responder(speech=ON_TOPIC)) as server:
        backend = build_backend(settings, "openai:test-model", server.base_url)
        journal = MemoryJournal()
        interview = start_interview(backend, journal, settings=settings)
        with metering(backend.model) as meter:
            interview.open().run()
            first = interview.answer("Director of Product at a SaaS company in Dublin, working with "
                                     "people who argue and then commit.")
            streamed = "".join(first.stream())
            interview.answer("That's all, thanks.").run()
    assert backend.info.kind == "local"
    assert streamed == ON_TOPIC
    assert journal.readings[0].source == "llm" and journal.readings[0].slots.title
    assert interview.done
    # The reader's structured calls went out as tool calls named after the Reading schema.
    tool_names = {r["tools"][0]["function"]["name"] for r in server.requests if r.get("tools")}
    # "Probe" is the one-time check of what structured output this server supports.
    assert "Reading" in tool_names and tool_names <= {"Reading", "Probe"}
    assert meter.totals()["calls"] == len(server.requests)


def test_eval_over_loopback_scores_and_counts_calls(settings, tmp_path):
    cases = [c for c in load_cases() if c.persona.name in ("caregiver", "two_levels_up")]
    with ModelServer(responder=interview_responder()) as server:
        config = EvalConfig(model="openai:test-model", base_url=server.base_url, ratings=[])
        config.judge_model = make_chat_model(settings, "openai:test-model", server.base_url)
        card = run_eval(cases, config, settings)
    assert card["summary"]["pushes_after_resistance"]["value"] == 0
    assert card["summary"]["empathy"]["value"] == 4.0
    assert card["usage"]["calls"] + card["usage"]["judge_calls"] == len(server.requests)
    assert card["usage"]["judge_calls"] > 0
    by_name = {c["persona"]: c for c in card["cases"]}
    assert by_name["caregiver"]["back_off_ok"] is True
    assert by_name["two_levels_up"]["usage"]["plan"]["calls"] >= 1
    assert by_name["two_levels_up"]["usage"]["interview"]["calls"] >= 2 * by_name["two_levels_up"]["turns"] - 2
