"""What a share shows: a prep summary, a plan or chosen excerpts, with sensitive answers held back."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any

from assistant.interview.stages import SLOT_LABELS
from assistant.interview.state import InterviewState
from assistant.store.records import Conversation, PlanVersion, SharePreview, StoredMessage
from assistant.store.sharefile import (FILE_FORMAT, FILE_VERSION, ShareFileError,  # noqa: F401
                                       read_share_file)


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip().lower()


def _tainted(value: str, private: list[str]) -> bool:
    """True when `value` came from (or contains) an answer flagged as sensitive."""
    v = _norm(value)
    return bool(v) and any(v in p or p in v for p in private)


def _private_texts(messages: list[StoredMessage], readings: dict[int, dict]) -> list[str]:
    """Flagged answers, and everything their readings drew from them (a model may paraphrase)."""
    out = []
    for m in messages:
        if m.role != "pm" or not m.sensitive:
            continue
        out.append(m.text)
        reading = readings.get(m.id) or {}
        out.extend(v for v in (reading.get("slots") or {}).values() if isinstance(v, str))
        out.extend(reading.get("strength_evidence") or [])
        out.extend(reading.get("experiences_listed") or [])
        out.append(reading.get("target_title") or "")
    return [n for n in (_norm(t) for t in out) if n]


def summary(conversation: Conversation, state: InterviewState | None,
            messages: list[StoredMessage], include_sensitive: bool,
            readings: dict[int, dict] | None = None) -> SharePreview:
    """The prep summary: the PM's answers per slot, minus sensitive ones unless they opt in."""
    state = state or InterviewState()
    private = [] if include_sensitive else _private_texts(messages, readings or {})
    left_out: list[str] = []
    answers = {}
    for slot, value in state.slots.items():
        if _tainted(value, private):
            left_out.append(SLOT_LABELS.get(slot, slot))
            continue
        answers[slot] = {"label": SLOT_LABELS.get(slot, slot), "text": value}
    evidence = [e for e in state.evidence if not _tainted(e, private)]
    experiences = [e for e in state.experiences if not _tainted(e, private)]
    if len(evidence) < len(state.evidence) or len(experiences) < len(state.experiences):
        left_out.append("some evidence and experiences")
    content = {
        "kind": "summary",
        "conversation": conversation.title,
        "answers": answers,
        "target_title": None if _tainted(state.target_title or "", private) else state.target_title,
        # The manager must know not to push on the long horizon, never why.
        "horizon_declined": state.horizon_declined,
        "horizon_years": state.horizon_years,
        "evidence": evidence,
        "experiences": experiences,
        "gaps": [g.model_dump() for g in state.gaps_offered],
        "done": state.done,
    }
    return SharePreview(content, left_out)


def excerpts(conversation: Conversation, messages: list[StoredMessage], chosen: list[int],
             include_sensitive: bool) -> SharePreview:
    """Only the messages the PM picked; a sensitive answer needs their explicit opt-in."""
    wanted = set(chosen)
    shown, left_out = [], []
    for m in messages:
        if m.id not in wanted:
            continue
        if m.sensitive and not include_sensitive:
            left_out.append(f"message {m.seq}")
            continue
        shown.append({"id": m.id, "seq": m.seq, "role": m.role, "text": m.text, "stage": m.stage})
    return SharePreview({"kind": "excerpts", "conversation": conversation.title,
                         "messages": shown}, left_out)


def plan(title: str, version: PlanVersion | None) -> SharePreview:
    """The plan's latest version, with who saved it and when."""
    if version is None:
        return SharePreview({"kind": "plan", "title": title, "plan": None}, [])
    return SharePreview({"kind": "plan", "title": title, "version": version.version,
                         "author": version.author_name, "note": version.note,
                         "saved": version.created.isoformat(), "plan": version.data}, [])


def share_file(share_id: str, what: str, sender: dict, title: str, note: str,
               content: dict[str, Any]) -> dict:
    """The JSON a PM hands to a manager who has no shared server."""
    return {"format": FILE_FORMAT, "version": FILE_VERSION, "id": share_id, "what": what,
            "from": sender, "title": title, "note": note,
            "exported": datetime.now(timezone.utc).isoformat(), "content": content}
