"""A person's data: all of it as JSON, or none of it left anywhere on disk."""

from __future__ import annotations

import re
from typing import Any

from pydantic_core import to_jsonable_python
from sqlalchemy import Engine, delete, or_, select, update

from assistant.store.compaction import TABLES, compact_files  # noqa: F401  (TABLES re-exported)
from assistant.store.records import ErasureReport
from assistant.store.schema import (ConversationRow, MemoryRow, MessageRow, PendingCompactionRow,
                                    PersonRow, PlanRow, PlanVersionRow, RatingRow, ReadingRow,
                                    ShareRow, StateRow, now)
from assistant.store.shares import IMPORTED, forget_unused_senders, retire
from assistant.store.views import share_of

ERASED_AUTHOR = "(erased)"
# Shorter names would match inside other words ("Al" in "Also").
MIN_NAME = 4


def _columns(row) -> dict[str, Any]:
    return {c.key: getattr(row, c.key) for c in row.__table__.columns}


def export(s, me: PersonRow) -> dict[str, Any]:
    """Everything stored about `me`: conversations, memory, plans, shares, ratings."""
    manager = s.get(PersonRow, me.manager_id) if me.manager_id else None
    conversations = []
    for conv in s.scalars(select(ConversationRow).where(
            or_(ConversationRow.owner_id == me.id, ConversationRow.subject_id == me.id))
            .order_by(ConversationRow.created)):
        readings = {r.message_id: r.data for r in s.scalars(
            select(ReadingRow).where(ReadingRow.conversation_id == conv.id))}
        messages = [dict(_columns(m), reading=readings.get(m.id)) for m in s.scalars(
            select(MessageRow).where(MessageRow.conversation_id == conv.id)
            .order_by(MessageRow.seq))]
        state = s.get(StateRow, conv.id)
        ratings = [_columns(r) for r in s.scalars(
            select(RatingRow).where(RatingRow.conversation_id == conv.id))]
        conversations.append(dict(_columns(conv), messages=messages,
                                  state=state.data if state else None, ratings=ratings))
    plans = []
    for plan in s.scalars(select(PlanRow).where(PlanRow.owner_id == me.id).order_by(PlanRow.created)):
        versions = [_columns(v) for v in s.scalars(
            select(PlanVersionRow).where(PlanVersionRow.plan_id == plan.id)
            .order_by(PlanVersionRow.version))]
        plans.append(dict(_columns(plan), versions=versions))
    memory = s.get(MemoryRow, me.id)
    shared = [share_of(r) for r in s.scalars(select(ShareRow).where(ShareRow.owner_id == me.id))]
    received = [share_of(r) for r in s.scalars(
        select(ShareRow).where(ShareRow.recipient_id == me.id))]
    return to_jsonable_python({
        "format": "nextstep-export", "version": 1,
        "person": {"identity": me.identity, "name": me.name, "email": me.email,
                   "created": me.created},
        "manager": {"identity": manager.identity, "name": manager.name} if manager else None,
        "memory": memory.data if memory else {},
        "conversations": conversations, "plans": plans,
        "shares_given": shared, "shares_received": received,
    })


def erase(engine: Engine, sessions, person_id: int, compact: bool = True) -> ErasureReport:
    """Delete every row of the person and everything about them, then scrub the files."""
    deleted: dict[str, int] = {}
    with sessions.begin() as s:
        me = s.get(PersonRow, person_id)
        if me is None:
            return ErasureReport("", {}, False)
        identity = me.identity
        needles = names_of(me)
        convs = select(ConversationRow.id).where(
            or_(ConversationRow.owner_id == person_id, ConversationRow.subject_id == person_id))
        plans = select(PlanRow.id).where(PlanRow.owner_id == person_id)
        theirs = or_(ShareRow.owner_id == person_id, ShareRow.recipient_id == person_id,
                     ShareRow.conversation_id.in_(convs), ShareRow.plan_id.in_(plans))
        # A share file of theirs that is still around must not bring any of it back.
        copies = imported_copies(s, me)
        retire(s, list(s.scalars(select(ShareRow.id).where(theirs))) + copies)
        steps = [
            ("shares", delete(ShareRow).where(or_(theirs, ShareRow.id.in_(copies)))),
            ("readings", delete(ReadingRow).where(ReadingRow.conversation_id.in_(convs))),
            ("messages", delete(MessageRow).where(MessageRow.conversation_id.in_(convs))),
            ("interview_state", delete(StateRow).where(StateRow.conversation_id.in_(convs))),
            ("ratings", delete(RatingRow).where(RatingRow.conversation_id.in_(convs))),
            ("plan_versions", delete(PlanVersionRow).where(PlanVersionRow.plan_id.in_(plans))),
            ("plans", delete(PlanRow).where(PlanRow.id.in_(plans))),
            ("conversations", delete(ConversationRow).where(ConversationRow.id.in_(convs))),
            ("memory", delete(MemoryRow).where(MemoryRow.person_id == person_id)),
        ]
        # Edits they made to other people's plans stay with those plans, without their name.
        s.execute(update(PlanVersionRow).where(PlanVersionRow.author_id == person_id)
                  .values(author_id=None, author_name=ERASED_AUTHOR))
        s.execute(update(PersonRow).where(PersonRow.manager_id == person_id).values(manager_id=None))
        senders = list(s.scalars(select(ShareRow.owner_id).where(
            or_(ShareRow.recipient_id == person_id, ShareRow.id.in_(copies)),
            ShareRow.snapshot.is_not(None))))
        for name, stmt in steps:
            deleted[name] = s.execute(stmt, execution_options={"synchronize_session": False}).rowcount
        deleted["people"] = s.execute(delete(PersonRow).where(PersonRow.id == person_id)).rowcount
        forget_unused_senders(s, senders)
        deleted["mentions"] = scrub_mentions(s, needles)
        s.add(PendingCompactionRow(requested=now()))
    return ErasureReport(identity, deleted, compact_files(engine) if compact else False)


def names_of(me: PersonRow) -> list[str]:
    """How others' notes may name this person: full name and email, never the login subject."""
    return [n for n in {(me.name or "").strip(), (me.email or "").strip()} if len(n) >= MIN_NAME]


def imported_copies(s, me: PersonRow) -> list[str]:
    """Shares handed over as files by this person and imported here by someone else."""
    out = []
    for share_id, snapshot in s.execute(select(ShareRow.id, ShareRow.snapshot)
                                        .where(ShareRow.snapshot.is_not(None))):
        sender = (snapshot or {}).get("from") or {}
        if not isinstance(sender, dict):
            continue
        if sender.get("identity") == me.identity or (me.email and sender.get("email") == me.email):
            out.append(share_id)
    for owner in s.scalars(select(PersonRow).where(PersonRow.identity.like(f"{IMPORTED}%"))):
        key = owner.identity[len(IMPORTED):]
        if key in (me.email, f"{me.identity}:{me.name or ''}"):
            out.extend(s.scalars(select(ShareRow.id).where(ShareRow.owner_id == owner.id)))
    return out


def scrub_mentions(s, needles: list[str]) -> int:
    """Replace the person's name and email in what stays behind: others' notes and snapshots."""
    if not needles:
        return 0
    pattern = re.compile("|".join(rf"(?<!\w){re.escape(n)}(?!\w)" for n in needles), re.I)
    changed = 0
    for row in s.scalars(select(PlanVersionRow)):
        note, data = _scrub(row.note, pattern), _scrub(row.data, pattern)
        if note != row.note or data != row.data:
            row.note, row.data, changed = note, data, changed + 1
    for row in s.scalars(select(ShareRow)):
        note, snapshot = _scrub(row.note, pattern), _scrub(row.snapshot, pattern)
        if note != row.note or snapshot != row.snapshot:
            row.note, row.snapshot, changed = note, snapshot, changed + 1
    return changed


def _scrub(value: Any, pattern: re.Pattern) -> Any:
    if isinstance(value, str):
        return pattern.sub(ERASED_AUTHOR, value)
    if isinstance(value, list):
        return [_scrub(v, pattern) for v in value]
    if isinstance(value, dict):
        return {k: _scrub(v, pattern) for k, v in value.items()}
    return value
