"""A person's data: all of it as JSON, or none of it left anywhere on disk."""

from __future__ import annotations

import time
from typing import Any

from pydantic_core import to_jsonable_python
from sqlalchemy import Engine, delete, or_, select, text, update

from assistant.store.schema import (ConversationRow, MemoryRow, MessageRow, PersonRow, PlanRow,
                                    PlanVersionRow, RatingRow, ReadingRow, ShareRow, StateRow)
from assistant.store.records import ErasureReport
from assistant.store.shares import forget_unused_senders
from assistant.store.views import share_of

ERASED_AUTHOR = "(erased)"
TABLES = ["messages", "readings", "interview_state", "ratings", "conversations", "memory",
          "plan_versions", "plans", "shares", "people"]


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
        convs = select(ConversationRow.id).where(
            or_(ConversationRow.owner_id == person_id, ConversationRow.subject_id == person_id))
        plans = select(PlanRow.id).where(PlanRow.owner_id == person_id)
        steps = [
            ("shares", delete(ShareRow).where(or_(
                ShareRow.owner_id == person_id, ShareRow.recipient_id == person_id,
                ShareRow.conversation_id.in_(convs), ShareRow.plan_id.in_(plans)))),
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
            ShareRow.recipient_id == person_id, ShareRow.snapshot.is_not(None))))
        for name, stmt in steps:
            deleted[name] = s.execute(stmt, execution_options={"synchronize_session": False}).rowcount
        deleted["people"] = s.execute(delete(PersonRow).where(PersonRow.id == person_id)).rowcount
        forget_unused_senders(s, senders)
    return ErasureReport(identity, deleted, compact_files(engine) if compact else False)


def compact_files(engine: Engine, attempts: int = 50) -> bool:
    """Rewrite storage so deleted bytes are gone from the database file and its log."""
    if engine.dialect.name == "sqlite":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            if not _checkpoint(conn, attempts):
                return False
            conn.exec_driver_sql("VACUUM")
            return _checkpoint(conn, attempts)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        # FULL rewrites each table, so dead row versions do not stay in the data files.
        for table in TABLES:
            conn.execute(text(f"VACUUM FULL {table}"))
    return True


def _checkpoint(conn, attempts: int) -> bool:
    """Copy the WAL into the database and truncate it; readers can make this wait."""
    for _ in range(attempts):
        busy, _log, _done = conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").one()
        if not busy:
            return True
        time.sleep(0.1)
    return False
