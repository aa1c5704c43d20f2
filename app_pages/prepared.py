"""Prepare's inputs kept in the store, as a rehearsal not begun yet, so a reload loses nothing."""

from __future__ import annotations

import contextlib
import hashlib
import logging
import threading
import weakref

import streamlit as st

from assistant.interview.session import Context
from assistant.plan.prework import TemplateError, read_prework

FIELDS = ("current_role", "manager_notes", "prework")
MAX_UPLOAD_BYTES = 1_000_000  # a filled template is a few kilobytes; server.maxUploadSize matches


class _Turn:
    """One lock; an object so the table below can forget it once nobody holds or waits on it."""

    def __init__(self) -> None:
        self.lock = threading.RLock()


_turns: "weakref.WeakValueDictionary[tuple, _Turn]" = weakref.WeakValueDictionary()
_turns_guard = threading.Lock()


@contextlib.contextmanager
def one_at_a_time(*key):
    """Sessions of this server that reach the same `key` (a person's preparation, a conversation's
    opening) take turns: two tabs of one person pressing "Begin rehearsal" together, say."""
    with _turns_guard:
        turn = _turns.get(key)
        if turn is None:
            turn = _turns[key] = _Turn()
    with turn.lock:
        yield


def _latest(ws):
    """The newest conversation made on Prepare, begun or not."""
    return next((c for c in ws.conversations("rehearse") if c.prepared_flag), None)


def load(ws) -> dict:
    """What the PM last prepared: role, manager's notes and pre-work answers."""
    conv = _latest(ws)
    if conv is None:
        return {"current_role": "", "manager_notes": "", "prework": {}}
    c = conv.context
    return {"current_role": c.current_role or "", "manager_notes": c.manager_notes or "",
            "prework": dict(c.prework)}


def context(prep: dict) -> Context:
    return Context(current_role=(prep.get("current_role") or "").strip() or None,
                   manager_notes=(prep.get("manager_notes") or "").strip() or None,
                   prework=dict(prep.get("prework") or {}))


def title(ws, role: str | None, kind: str = "Rehearsal") -> str:
    """A title no other conversation of this person already has."""
    base = f"{kind} · {(role or '').strip() or 'Product manager'}"
    taken = {c.title for c in ws.conversations()}
    n, name = 1, base
    while name in taken:
        n += 1
        name = f"{base} ({n})"
    return name


def save(ws, prep: dict) -> None:
    """Keep `prep` in the store; an earlier, unbegun preparation is replaced, a begun one kept."""
    with one_at_a_time("prepare", ws.person):
        if context(prep) == context(load(ws)):
            return  # compared as stored (trimmed), so stray spaces do not make a new copy on every rerun
        old = _latest(ws)
        ctx = context(prep)
        ws.start("rehearse", ctx, title(ws, ctx.current_role), prepared=True)
        if old is not None and old.prepared:
            ws.delete(old.id)


def begin(ws, prep: dict) -> str:
    """The rehearsal to begin with `prep`: the prepared one when it holds exactly that.

    Idempotent per preparation: tabs of one person that press "Begin rehearsal" at once take
    turns here, so the second finds what the first prepared and begins the same conversation
    (nothing is created twice, and no tab deletes what another just replaced)."""
    with one_at_a_time("prepare", ws.person):
        save(ws, prep)
        conv = _latest(ws)
        if conv is not None and conv.prepared:
            return conv.id
        ctx = context(prep)
        return ws.start("rehearse", ctx, title(ws, ctx.current_role), prepared=True)


@st.cache_data(max_entries=64, show_spinner=False)
def _parse(digest: str, _data: bytes, name: str) -> tuple[dict, str | None]:
    # Keyed by the content hash: a rerun, or the same file again, is not parsed twice.
    try:
        return read_prework(_data, name), None
    except TemplateError as exc:
        return {}, plain_reason(str(exc), name)
    except Exception:  # noqa: BLE001 - a file no reader foresaw: still one plain line, never a traceback
        logging.getLogger("nextstep.app").exception("a pre-work file could not be read")
        return {}, plain_reason("", name)


def digest(upload) -> str | None:
    return hashlib.sha256(upload.getvalue()).hexdigest() if upload is not None else None


def read_upload(upload) -> tuple[dict, str | None]:
    """The answers in an uploaded pre-work file, or why not, in plain words."""
    if upload is None:
        return {}, None
    data = upload.getvalue()
    if len(data) > MAX_UPLOAD_BYTES:
        return {}, (f"That file is {len(data) // 1000:,} KB; a filled template is far smaller "
                    f"(the limit is {MAX_UPLOAD_BYTES // 1000:,} KB). Please upload the template itself.")
    return _parse(digest(upload), data, upload.name)


def plain_reason(reason: str, name: str) -> str:
    """A file problem as a person would say it, never a library's error text."""
    if "question headings" in reason:
        return ("It does not look like the pre-work template: its questions are missing. Please "
                "download the template above, write your answers under each question and upload that.")
    if name.lower().endswith(".docx"):
        return ("It could not be opened as a Word document; it may be damaged, or a different kind "
                "of file with a .docx name. Try saving it again from Word, or use the Markdown template.")
    return ("It could not be read as text; it may be a Word or PDF file with a .md or .txt name. "
            "Please upload the Word template as .docx, or the Markdown template as plain text.")
