"""Bounded calls, the structured-output probe and error messages, over a loopback server."""

from __future__ import annotations

import socket

import pytest

from assistant.interview.reader import LLMReader
from assistant.interview.speaker import LLMSpeaker
from assistant.interview.stages import Stage
from assistant.interview.state import InterviewState, Move, MoveKind
from assistant.models import (ModelUnavailable, describe_failure, forget_probes, make_chat_model,
                              method_for, speculate)
from assistant.settings import Settings, SettingsError, get_settings
from tests.model_server import ModelServer, interview_responder


@pytest.fixture(autouse=True)
def fresh_probes():
    forget_probes()
    yield
    forget_probes()


def _local(server: ModelServer, **overrides):
    settings = Settings(max_retries=0, **overrides)
    return settings, make_chat_model(settings, "openai:test-model", server.base_url)


def _tools(request: dict):
    return (500, "tools are not supported by this chat format") if request.get("tools") else None


def _tools_and_json(request: dict):
    if request.get("tools") or request.get("response_format"):
        return (500, "1 validation error: Input should be 'text' or 'json_object'")
    return None


# Structured output probe -------------------------------------------------------------------------

def test_function_calling_is_kept_when_the_server_handles_it(ladder):
    with ModelServer(responder=interview_responder()) as server:
        settings, model = _local(server)
        assert method_for(model, settings) == "function_calling"
        assert method_for(model, settings) == "function_calling"
        probes = [r for r in server.requests if r.get("tools")]
    assert len(probes) == 1  # probed once, then remembered


def test_a_server_without_tools_moves_to_json_mode_once(ladder):
    with ModelServer(responder=interview_responder(), refuse=_tools) as server:
        settings, model = _local(server)
        reader = LLMReader(model, ladder, settings=settings)
        reading = reader.read("VP of Product at a fintech", InterviewState(asked="title"), [])
        reader.read("Remote, in Lisbon", InterviewState(asked="location"), [])
        kinds = [("tools" in r, (r.get("response_format") or {}).get("type")) for r in server.requests]
    assert reading.slots.title and reader.tally.method == "json_mode"
    assert kinds[0] == (True, None)  # the probe's function call, refused
    assert kinds.count((True, None)) == 1 and kinds.count((False, "json_object")) == 3


def test_a_server_without_json_mode_gets_a_plain_json_prompt(ladder):
    with ModelServer(responder=interview_responder(), refuse=_tools_and_json) as server:
        settings, model = _local(server)
        assert method_for(model, settings) == "json_prompt"
        last = server.requests[-1]
    assert "response_format" not in last and "tools" not in last
    assert "Every key listed below must be present" in last["messages"][-1]["content"]


def test_hosted_models_are_not_probed():
    settings = Settings(openai_api_key="test-key-not-real")
    model = make_chat_model(settings, "openai:gpt-4.1-mini")
    assert method_for(model, settings) == "function_calling"


def test_an_unreachable_server_is_not_remembered_as_unable():
    settings = Settings(max_retries=0)
    model = make_chat_model(settings, "openai:test-model", f"http://127.0.0.1:{_closed_port()}/v1")
    with pytest.raises(ModelUnavailable, match="could not be reached") as err:
        method_for(model, settings)
    assert err.value.retryable


def test_a_wrong_structured_method_is_a_one_line_error(monkeypatch):
    monkeypatch.setenv("NEXTSTEP_STRUCTURED_METHOD", "json")
    get_settings.cache_clear()
    with pytest.raises(SettingsError) as err:
        get_settings()
    assert "\n" not in str(err.value) and "json_mode" in str(err.value)


# Bounded calls -----------------------------------------------------------------------------------

def test_every_call_is_bounded_and_the_prompt_windowed(ladder):
    history = [("assistant" if i % 2 else "pm", f"message {i}") for i in range(30)]
    state = InterviewState(asked="experiences", current_rank=3, target_rank=5, target_title="Director")
    with ModelServer(responder=interview_responder(speech="Which experiences would you need?")) as server:
        settings, model = _local(server, history_window=4, max_tokens_reader=321, max_tokens_speaker=123)
        LLMReader(model, ladder, settings=settings).read("Bigger scope", state, history)
        move = Move(kind=MoveKind.ASK, stage=Stage.EXPERIENCES, slot="experiences")
        "".join(LLMSpeaker(model, ladder, settings).stream(move, state, history, "Bigger scope"))
    read, spoken = server.requests[-2], server.requests[-1]
    assert read["max_tokens"] == 321 and read["max_completion_tokens"] == 321
    assert spoken["max_tokens"] == 123 and spoken["stream"]
    # system + 4 history messages + the request
    assert len(read["messages"]) == 6 and len(spoken["messages"]) == 6
    prompt = read["messages"][-1]["content"]
    director = ladder.by_rank(5)
    assert director.expectation("scope") in prompt
    assert not any(lv.expectation("scope") in prompt for lv in ladder.levels if lv.rank != 5)


def test_speculation_is_off_for_local_servers_unless_asked():
    local = make_chat_model(Settings(), "openai:m", "http://127.0.0.1:9/v1")
    hosted = make_chat_model(Settings(openai_api_key="k"), "openai:gpt-4.1-mini")
    assert not speculate(Settings(), local) and speculate(Settings(), hosted)
    assert speculate(Settings(speculative_reply=True), local)
    assert not speculate(Settings(), None)


def test_streams_without_usage_are_counted_with_a_tokenizer(ladder):
    move = Move(kind=MoveKind.ASK, stage=Stage.VISION, slot="location")
    for sends, estimated in ((True, 0), (False, 1)):
        with ModelServer(script=["Where would you like to be based?"], stream_usage=sends) as server:
            settings, model = _local(server)
            speaker = LLMSpeaker(model, ladder, settings)
            "".join(speaker.stream(move, InterviewState(asked="company"), [], "A startup"))
        tokens = speaker.tally.snapshot()["tokens"]["speaker"]
        assert tokens["estimated_calls"] == estimated and tokens["output"] > 0 and tokens["input"] > 0


# Errors that say what to do ----------------------------------------------------------------------

def _failure(status: int, message: str, ladder) -> ModelUnavailable:
    with ModelServer(refuse=lambda request: (status, message)) as server:
        settings, model = _local(server, structured_method="json_mode")
        with pytest.raises(ModelUnavailable) as err:
            LLMReader(model, ladder, settings=settings).read("VP", InterviewState(asked="title"), [])
    return err.value


def test_context_overflow_says_how_to_fix_and_is_not_retried(ladder):
    err = _failure(400, "Requested tokens (9000) exceed context window of 8192", ladder)
    assert not err.retryable
    assert "exceed context window of 8192" in str(err) and "--n_ctx" in str(err)


def test_an_unsupported_format_names_the_setting_to_change(ladder):
    err = _failure(500, "1 validation error:\n  {'msg': \"Input should be 'text' or 'json_object'\"}\n\n"
                        "  File \"/srv/llama_cpp/server/app.py\", line 1, in create", ladder)
    assert not err.retryable and "NEXTSTEP_STRUCTURED_METHOD" in str(err)
    assert "Input should be 'text' or 'json_object'" in str(err) and "File \"" not in str(err)


def test_an_unknown_model_name_says_where_to_look(ladder):
    err = _failure(404, "The model `gpt-9` does not exist", ladder)
    assert not err.retryable and "NEXTSTEP_MODEL" in str(err) and "gpt-9" in str(err)


def test_a_refused_key_is_permanent(ladder):
    err = _failure(401, "Incorrect API key provided", ladder)
    assert not err.retryable and "OPENAI_API_KEY" in str(err)


def test_a_busy_server_is_retryable_with_its_reason(ladder):
    err = _failure(503, "server is loading the model", ladder)
    assert err.retryable and "loading the model" in str(err) and "503" in str(err)


def test_a_slow_server_runs_out_of_the_step_budget(ladder):
    with ModelServer(responder=interview_responder(), first_token_delay=3) as server:
        settings, model = _local(server, structured_method="json_mode", step_budget=1.0)
        with pytest.raises(ModelUnavailable, match="did not answer within") as err:
            LLMReader(model, ladder, settings=settings).read("VP", InterviewState(asked="title"), [])
    assert err.value.retryable


def test_unknown_failures_keep_their_words():
    err = describe_failure(RuntimeError("socket hung up"))
    assert "socket hung up" in str(err) and err.retryable


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_local_servers_get_max_tokens_and_hold_whole_messages():
    from assistant.models import call_limits, hold_mode

    local = make_chat_model(Settings(), "openai:m", "http://127.0.0.1:9/v1")
    hosted = make_chat_model(Settings(openai_api_key="k"), "openai:gpt-4.1-mini")
    assert call_limits(local, Settings(max_tokens_reader=77), "reader") == {
        "max_tokens": 77, "extra_body": {"max_tokens": 77}}
    assert call_limits(hosted, Settings(max_tokens_reader=77), "reader") == {"max_tokens": 77}
    assert local.max_tokens == Settings().max_tokens_draft  # a ceiling even for unbounded callers
    assert hold_mode(Settings(), local) == "message" and hold_mode(Settings(), hosted) == "sentence"
    assert hold_mode(Settings(speaker_hold="sentence"), local) == "sentence"
