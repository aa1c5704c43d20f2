"""A loopback OpenAI-compatible chat server for tests and benchmarks (stdlib only).

Serves POST /v1/chat/completions, streaming (server-sent events) and not, with text replies or
tool calls (how structured output arrives), and waits `first_token_delay` seconds before the
first token, like a real model's time to first token. Binds 127.0.0.1 on a free port.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable

from pydantic import BaseModel

Reply = Any  # str (text), dict or pydantic model (tool call), or a callable(request) -> one of those


class ModelServer:
    """`with ModelServer(script=[...]) as server:` then point ChatOpenAI at `server.base_url`."""

    def __init__(self, script: list[Reply] | None = None, responder: Callable[[dict], Reply] | None = None,
                 first_token_delay: float = 0.0, token_delay: float = 0.0, model: str = "test-model",
                 refuse: Callable[[dict], tuple[int, str] | None] | None = None,
                 stream_usage: bool = True) -> None:
        self.script = list(script or [])
        self.responder = responder
        # refuse(request) -> (HTTP status, the server's message) answers a request with an error,
        # as servers do for what they cannot serve (tools, a JSON format, a long prompt).
        self.refuse, self.stream_usage = refuse, stream_usage
        self.first_token_delay, self.token_delay, self.model = first_token_delay, token_delay, model
        self.requests: list[dict] = []
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True, name="model-server")

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/v1"

    def start(self) -> "ModelServer":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> "ModelServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def next_reply(self, request: dict) -> Reply:
        """A structured request takes the first scripted dict/model, a text one the first string."""
        with self._lock:
            self.requests.append(request)
            for i, item in enumerate(self.script):
                if isinstance(item, (dict, BaseModel)) == _structured(request) or callable(item):
                    reply = self.script.pop(i)
                    break
            else:
                reply = self.responder
        if callable(reply) and not isinstance(reply, BaseModel):
            reply = reply(request)
        if reply is None:
            raise LookupError("model server has no reply for this request")
        return _as_text(request, reply)

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:  # keep test output clean
                pass

            def do_GET(self) -> None:
                if self.path.rstrip("/").endswith("/models"):
                    return self._json(200, {"object": "list", "data": [{"id": server.model, "object": "model"}]})
                self._json(404, {"error": {"message": "not found"}})

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                try:
                    request = json.loads(self.rfile.read(length) or b"{}")
                except json.JSONDecodeError:
                    return self._json(400, {"error": {"message": "body is not JSON"}})
                if not self.path.rstrip("/").endswith("/chat/completions"):
                    return self._json(404, {"error": {"message": "not found"}})
                refusal = server.refuse(request) if server.refuse else None
                if refusal:
                    with server._lock:
                        server.requests.append(request)
                    return self._json(refusal[0], {"error": {"message": refusal[1]}})
                try:
                    reply = server.next_reply(request)
                except LookupError as exc:
                    return self._json(500, {"error": {"message": str(exc)}})
                usage = _usage(request, reply)
                if request.get("stream"):
                    self._stream(request, reply, usage)
                else:
                    time.sleep(server.first_token_delay)
                    self._json(200, _completion(server.model, request, reply, usage))

            def _json(self, status: int, body: dict) -> None:
                data = json.dumps(body).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up first, as it does when a step runs out of time

            def _stream(self, request: dict, reply: Reply, usage: dict) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Cache-Control", "no-cache")
                self.send_header("Connection", "close")
                self.end_headers()
                self.close_connection = True
                time.sleep(server.first_token_delay)
                try:
                    for i, chunk in enumerate(_chunks(server.model, request, reply)):
                        if i and server.token_delay:
                            time.sleep(server.token_delay)
                        self._event(chunk)
                    if server.stream_usage and (request.get("stream_options") or {}).get("include_usage"):
                        self._event({**_base(server.model, "chat.completion.chunk"), "choices": [], "usage": usage})
                    self.wfile.write(b"data: [DONE]\n\n")
                    self.wfile.flush()
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client stopped reading early, as the speaker does after one question

            def _event(self, body: dict) -> None:
                self.wfile.write(b"data: " + json.dumps(body).encode() + b"\n\n")
                self.wfile.flush()

        return Handler


def _structured(request: dict) -> bool:
    """Whether the client asked for structured output: as a tool, or as a JSON response format."""
    kind = (request.get("response_format") or {}).get("type")
    return bool(request.get("tools")) or kind in ("json_schema", "json_object")


def _as_text(request: dict, reply: Reply) -> Reply:
    """Structured replies to a JSON-response-format request travel as the message text."""
    if isinstance(reply, str) or request.get("tools"):
        return reply
    return json.dumps(reply.model_dump(mode="json") if isinstance(reply, BaseModel) else reply)


def _base(model: str, kind: str) -> dict:
    return {"id": "chatcmpl-loopback", "object": kind, "created": int(time.time()), "model": model}


def _tool_call(request: dict, reply: Reply) -> dict:
    args = reply.model_dump(mode="json") if isinstance(reply, BaseModel) else reply
    tools = request.get("tools") or [{}]
    name = (tools[0].get("function") or {}).get("name", "tool")
    return {"id": "call_loopback", "type": "function", "function": {"name": name, "arguments": json.dumps(args)}}


def _completion(model: str, request: dict, reply: Reply, usage: dict) -> dict:
    if isinstance(reply, str):
        message, finish = {"role": "assistant", "content": reply}, "stop"
    else:
        message, finish = {"role": "assistant", "content": None, "tool_calls": [_tool_call(request, reply)]}, "tool_calls"
    return {**_base(model, "chat.completion"),
            "choices": [{"index": 0, "message": message, "finish_reason": finish}], "usage": usage}


def _chunks(model: str, request: dict, reply: Reply):
    base = _base(model, "chat.completion.chunk")
    if isinstance(reply, str):
        words = reply.split(" ")
        for i, word in enumerate(words):
            delta = {"content": word if i == 0 else " " + word}
            if i == 0:
                delta["role"] = "assistant"
            yield {**base, "choices": [{"index": 0, "delta": delta, "finish_reason": None}]}
        finish = "stop"
    else:
        call = _tool_call(request, reply)
        yield {**base, "choices": [{"index": 0, "delta": {"role": "assistant", "tool_calls": [
            {"index": 0, **call}]}, "finish_reason": None}]}
        finish = "tool_calls"
    yield {**base, "choices": [{"index": 0, "delta": {}, "finish_reason": finish}]}


def _usage(request: dict, reply: Reply) -> dict:
    """Rough token counts (four characters a token); benchmarks count exactly with tiktoken."""
    prompt = sum(len(str(m.get("content") or "")) for m in request.get("messages", [])) // 4 + 1
    out = len(reply if isinstance(reply, str) else json.dumps(
        reply.model_dump(mode="json") if isinstance(reply, BaseModel) else reply)) // 4 + 1
    return {"prompt_tokens": prompt, "completion_tokens": out, "total_tokens": prompt + out}


# A JSON-mode or plain-JSON request names no schema; its listed keys tell which one it is.
KEYS_TO_SCHEMA = {"- answers_question:": "Reading", "- fruit:": "Probe", "- milestones:": "DraftContent"}


def _schema_name(request: dict) -> str | None:
    tools = request.get("tools") or []
    if tools:
        return (tools[0].get("function") or {}).get("name")
    named = ((request.get("response_format") or {}).get("json_schema") or {}).get("name")
    if named:
        return named
    last = _last_user_text(request)
    if "Every key listed below must be present" in last:
        return next((name for key, name in KEYS_TO_SCHEMA.items() if key in last), None)
    return None


def _last_user_text(request: dict) -> str:
    for message in reversed(request.get("messages", [])):
        if message.get("role") == "user":
            content = message.get("content")
            return content if isinstance(content, str) else " ".join(
                part.get("text", "") for part in content or [] if isinstance(part, dict))
    return ""


def interview_responder(ladder=None, speech: str = "Thanks, that helps. What would you like to explore next?"):
    """Plausible replies for every call the product makes: readings by the offline rules, a small
    plan draft, judge verdicts, and one short question of speech for everything else."""
    import re
    from datetime import date, timedelta

    from assistant.interview import rules
    from assistant.interview.stages import SLOT_LABELS
    from assistant.ladder import load_ladder

    ladder = ladder or load_ladder()
    by_label = {label: slot for slot, label in SLOT_LABELS.items()}

    def respond(request: dict) -> Reply:
        name = _schema_name(request)
        text = _last_user_text(request)
        if name == "Reading":
            text = "\n".join(str(m.get("content") or "") for m in request.get("messages", [])
                             if m.get("role") == "user")
            answer = re.search(r"<<<ANSWER\n(.*?)\nANSWER>>>", text, re.S)
            asked = re.search(r"The question was about: (.*)", text)
            slot = by_label.get(asked.group(1).strip()) if asked else None
            reading = rules.read_answer(answer.group(1) if answer else text, slot, ladder)
            return reading.model_copy(update={"source": "llm"}).model_dump(mode="json")
        if name == "DraftContent":
            due = (date.today() + timedelta(days=60)).isoformat()
            return {"intersections": [{"id": "i1", "interest": "customer research", "company_need": "retention",
                                       "opportunity": "Run the retention research"}],
                    "milestones": [{"id": "m1", "text": "Run five customer interviews on retention and share a summary",
                                    "due": due, "measure": "Summary shared with the team", "owner": "pm",
                                    "intersection_ids": ["i1"]}]}
        if name == "Probe":
            return {"fruit": "pears", "count": 3}
        if name == "QuestionVerdict":
            return {"empathy": 4, "necessity": 4, "context": 4, "openness": 5, "justified_skip": None, "reason": "ok"}
        if name == "AnswerVerdict":
            return {"relevance": 4, "richness": 3, "reason": "ok"}
        if name:
            raise LookupError(f"no canned reply for schema {name}")
        return speech

    return respond
