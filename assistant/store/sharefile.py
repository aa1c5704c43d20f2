"""A share file handed over by a report, checked in full before anything of it is kept."""

from __future__ import annotations

import json
import re
from typing import Any

FILE_FORMAT = "nextstep-share"
FILE_VERSION = 1
# A real share file is a few kilobytes; past this it is not one of ours.
MAX_FILE_BYTES = 1_000_000
MAX_TEXT = 20_000
MAX_SHORT = 300
MAX_ITEMS = 500
SHARE_ID = re.compile(r"[0-9a-f]{32}")


class ShareFileError(ValueError):
    """A share file that cannot be imported, saying why in one line."""


def read_share_file(data: Any) -> dict:
    """The share file as a dict, or ShareFileError naming the first problem (never its values)."""
    if isinstance(data, (bytes, bytearray, str)):
        data = _parse(data)
    if not isinstance(data, dict) or data.get("format") != FILE_FORMAT:
        raise ShareFileError("This is not a Next Step share file.")
    if data.get("version") != FILE_VERSION or isinstance(data.get("version"), bool):
        raise ShareFileError("This share file comes from a version of Next Step we cannot read.")
    if data.get("what") not in ("summary", "plan", "excerpts"):
        raise ShareFileError("The share file does not say what it shares.")
    _sender(data.get("from"))
    if not isinstance(data.get("id"), str) or not SHARE_ID.fullmatch(data["id"]):
        raise ShareFileError("The share file has no valid id.")
    _text(data, "title", "title", MAX_SHORT)
    _text(data, "note", "note", MAX_TEXT)
    _text(data, "exported", "export date", 64)
    content = data.get("content")
    if not isinstance(content, dict):
        raise ShareFileError("The share file has no content.")
    if content.get("kind") != data["what"]:
        raise ShareFileError("The share file's content does not match what it says it shares.")
    {"summary": _summary, "plan": _plan, "excerpts": _excerpts}[data["what"]](content)
    return data


def _parse(raw: bytes | bytearray | str) -> Any:
    size = len(raw.encode("utf-8", "surrogatepass") if isinstance(raw, str) else raw)
    if size > MAX_FILE_BYTES:
        raise ShareFileError(f"The file is larger than a share file can be "
                             f"({MAX_FILE_BYTES // 1000:,} kB at most).")
    try:
        return json.loads(raw)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ShareFileError("The file is not valid JSON, so it is not a share file.") from None


def _sender(sender: Any) -> None:
    if not isinstance(sender, dict):
        raise ShareFileError("The share file does not say who shared it.")
    if not isinstance(sender.get("identity"), str) or not sender["identity"].strip() \
            or len(sender["identity"]) > 250:
        raise ShareFileError("The share file does not say who shared it.")
    _text(sender, "name", "sender's name", 200)
    _text(sender, "email", "sender's email", 320)


def _text(parent: dict, key: str, what: str, limit: int, required: bool = False) -> None:
    value = parent.get(key)
    if value is None and not required:
        return
    if not isinstance(value, str):
        raise ShareFileError(f"The share file's {what} is not text.")
    if len(value) > limit:
        raise ShareFileError(f"The share file's {what} is longer than {limit:,} characters.")
    if "\x00" in value or _surrogate(value):
        raise ShareFileError(f"The share file's {what} holds characters that are not text.")


def _surrogate(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _texts(parent: dict, key: str, what: str) -> None:
    value = parent.get(key, [])
    if not isinstance(value, list) or len(value) > MAX_ITEMS:
        raise ShareFileError(f"The share file's {what} is not a list of up to {MAX_ITEMS} items.")
    for item in value:
        _text({"v": item}, "v", what, MAX_TEXT, required=True)


def _flag(parent: dict, key: str, what: str) -> None:
    if not isinstance(parent.get(key, False), bool):
        raise ShareFileError(f"The share file's {what} is not yes or no.")


def _summary(content: dict) -> None:
    _text(content, "conversation", "conversation title", MAX_SHORT)
    _text(content, "target_title", "target title", MAX_SHORT)
    answers = content.get("answers", {})
    if not isinstance(answers, dict) or len(answers) > MAX_ITEMS:
        raise ShareFileError("The share file's answers are not a list of labelled texts.")
    for slot, answer in answers.items():
        if not isinstance(answer, dict) or len(slot) > 64:
            raise ShareFileError("The share file's answers are not a list of labelled texts.")
        _text(answer, "label", "answer label", MAX_SHORT, required=True)
        _text(answer, "text", "answer text", MAX_TEXT, required=True)
    _texts(content, "evidence", "evidence")
    _texts(content, "experiences", "experiences")
    _flag(content, "horizon_declined", "horizon choice")
    _flag(content, "done", "finished mark")
    years = content.get("horizon_years")
    if years is not None and (not isinstance(years, (int, float)) or isinstance(years, bool)
                              or not 0 < years <= 15):
        raise ShareFileError("The share file's horizon is not a number of years from 1 to 15.")
    gaps = content.get("gaps", [])
    if not isinstance(gaps, list) or len(gaps) > MAX_ITEMS:
        raise ShareFileError("The share file's gaps are not a list.")
    for gap in gaps:
        if not isinstance(gap, dict):
            raise ShareFileError("The share file's gaps are not a list.")
        for key in ("id", "label", "text"):
            _text(gap, key, "gap", MAX_TEXT)


def _plan(content: dict) -> None:
    _text(content, "title", "plan title", MAX_SHORT)
    _text(content, "author", "plan author", 200)
    _text(content, "note", "version note", MAX_TEXT)
    _text(content, "saved", "save date", 64)
    version = content.get("version")
    if version is not None and (not isinstance(version, int) or isinstance(version, bool)
                                or not 0 < version < 1_000_000):
        raise ShareFileError("The share file's plan version is not a whole number.")
    if content.get("plan") is None:
        return
    if not isinstance(content["plan"], dict) or len(json.dumps(content["plan"])) > MAX_FILE_BYTES:
        raise ShareFileError("The share file's plan is not a plan.")
    from pydantic import ValidationError

    from assistant.plan.schema import Plan  # the plan package reads it exactly as it shows it

    try:
        Plan.model_validate(content["plan"])
    except (ValidationError, ValueError, TypeError, OverflowError):
        raise ShareFileError("The share file's plan is not a plan Next Step can read.") from None


def _excerpts(content: dict) -> None:
    _text(content, "conversation", "conversation title", MAX_SHORT)
    messages = content.get("messages")
    if not isinstance(messages, list) or len(messages) > MAX_ITEMS:
        raise ShareFileError("The share file's messages are not a list.")
    for m in messages:
        if not isinstance(m, dict) or m.get("role") not in ("pm", "assistant"):
            raise ShareFileError("A message in the share file is not from the PM or the assistant.")
        for key in ("id", "seq"):
            if not isinstance(m.get(key), int) or isinstance(m.get(key), bool):
                raise ShareFileError("A message in the share file has no number.")
        _text(m, "text", "message text", MAX_TEXT, required=True)
        _text(m, "stage", "message stage", 64)
