"""A conversation's journal in the database: each message is committed the moment it is recorded."""

from __future__ import annotations

from contextlib import contextmanager
from typing import TYPE_CHECKING, Iterator

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from assistant.interview.reading import Reading
from assistant.interview.state import InterviewState, Memory
from assistant.store.database import upsert
from assistant.store.records import NotAllowed, StoredMessage
from assistant.store.schema import (ConversationRow, MemoryRow, MessageRow, ReadingRow, StateRow,
                                    now)

if TYPE_CHECKING:
    from assistant.interview.session import Message

# Conversations whose state teaches later ones (a declined horizon, potential already reflected).
REMEMBERING_KINDS = ("rehearse", "reflect")


class StoreJournal:
    """Implements the engine's Journal protocol for one conversation, for its owner only."""

    def __init__(self, sessions: sessionmaker[Session], conversation_id: str, owner_id: int,
                 kind: str) -> None:
        self._sessions, self.conversation_id = sessions, conversation_id
        self.owner_id, self.kind = owner_id, kind
        self._held: list["Message"] = []
        # Messages are append-only, so what was read once never changes: fetch only newer ones.
        self._seen: list["Message"] = []
        self._last_seq = 0

    def record(self, message: "Message") -> StoredMessage | None:
        """Append and commit at once, so a PM's answer is durable before any model is called.

        An interviewer reply (a message with a move) is held until `save_state`, which commits
        both together: a crash between them leaves the answer pending, never a reply whose
        state was lost."""
        if message.role == "assistant" and message.move is not None:
            self._held.append(message)
            return None
        with self._writing() as s:
            return self._append(s, message)

    def _append(self, s: Session, message: "Message") -> StoredMessage:
        seq = self._touch(s, message_count=ConversationRow.message_count + 1)
        created = now()
        row_id = s.execute(insert(MessageRow).values(
            conversation_id=self.conversation_id, seq=seq, role=message.role,
            text=message.text, stage=message.stage, move=message.move,
            meta=dict(message.meta or {}), created=created).returning(MessageRow.id)).scalar()
        return StoredMessage(row_id, seq, message.role, message.text, message.stage, message.move,
                             dict(message.meta or {}), created)

    @contextmanager
    def _writing(self) -> Iterator[Session]:
        """A transaction that first writes any held reply; the hold clears once committed."""
        held = list(self._held)
        with self._sessions.begin() as s:
            for message in held:
                self._append(s, message)
            yield s
        del self._held[:len(held)]

    def annotate(self, reading: Reading) -> None:
        """Attach the reading to the latest PM message (again on a retry: the newest wins)."""
        with self._writing() as s:
            self._touch(s)
            message_id = s.execute(
                select(MessageRow.id).where(MessageRow.conversation_id == self.conversation_id,
                                            MessageRow.role == "pm")
                .order_by(MessageRow.seq.desc()).limit(1)).scalar()
            if message_id is None:
                return
            upsert(s, ReadingRow, {"message_id": message_id,
                                   "conversation_id": self.conversation_id,
                                   "data": reading.model_dump(mode="json"),
                                   "sensitive": list(reading.sensitive), "created": now()},
                   ["message_id"])

    def save_state(self, state: InterviewState) -> None:
        """Keep the latest state, and fold what must be honoured later into the PM's memory."""
        with self._writing() as s:
            self._touch(s)
            upsert(s, StateRow, {"conversation_id": self.conversation_id,
                                 "data": state.model_dump(mode="json"), "updated": now()},
                   ["conversation_id"])
            learned = state.memory()
            # Memory only ever gains, so a state that learned nothing has nothing to add.
            if self.kind in REMEMBERING_KINDS and any(learned.model_dump().values()):
                remember(s, self.owner_id, learned)

    def _touch(self, s: Session, **values) -> int:
        """Mark the conversation active; being the first write, it takes the lock that orders
        writers, and it fails if the conversation is gone or not this owner's."""
        count = s.execute(
            update(ConversationRow)
            .where(ConversationRow.id == self.conversation_id,
                   ConversationRow.owner_id == self.owner_id)
            .values(updated=now(), **values)
            .returning(ConversationRow.message_count)).scalar()
        if count is None:
            raise NotAllowed("This conversation is gone or not yours.")
        return count

    def messages(self) -> list["Message"]:
        """Stored messages, then any reply still waiting for its state."""
        from assistant.interview.session import Message  # lazily: it pulls in LangChain

        with self._sessions() as s:
            rows = s.scalars(select(MessageRow).where(
                MessageRow.conversation_id == self.conversation_id,
                MessageRow.seq > self._last_seq).order_by(MessageRow.seq)).all()
        for m in rows:
            self._seen.append(Message(m.role, m.text, m.stage, m.move, dict(m.meta or {})))
            self._last_seq = m.seq
        return list(self._seen) + list(self._held)

    def stored(self) -> list[StoredMessage]:
        """Messages with their ids and sensitive flags, in order."""
        with self._sessions() as s:
            return load_messages(s, self.conversation_id)

    def state(self) -> InterviewState | None:
        with self._sessions() as s:
            return load_state(s, self.conversation_id)


def load_messages(s: Session, conversation_id: str) -> list[StoredMessage]:
    rows = s.execute(
        select(MessageRow, ReadingRow.sensitive)
        .outerjoin(ReadingRow, ReadingRow.message_id == MessageRow.id)
        .where(MessageRow.conversation_id == conversation_id)
        .order_by(MessageRow.seq)).all()
    return [StoredMessage(m.id, m.seq, m.role, m.text, m.stage, m.move, dict(m.meta or {}),
                          m.created, tuple(sens or ())) for m, sens in rows]


def load_state(s: Session, conversation_id: str) -> InterviewState | None:
    data = s.execute(select(StateRow.data)
                     .where(StateRow.conversation_id == conversation_id)).scalar()
    return InterviewState.model_validate(data) if data is not None else None


def load_memory(s: Session, person_id: int) -> Memory:
    data = s.execute(select(MemoryRow.data).where(MemoryRow.person_id == person_id)).scalar()
    return Memory.model_validate(data or {})


def remember(s: Session, person_id: int, memory: Memory) -> Memory:
    """Merge `memory` in: a flag once set stays set, so nothing learned is ever forgotten."""
    upsert(s, MemoryRow, {"person_id": person_id, "data": {}, "updated": now()},
           ["person_id"], nothing=True)
    row = s.execute(select(MemoryRow).where(MemoryRow.person_id == person_id)
                    .with_for_update()).scalar_one()
    merged = dict(row.data or {})
    for key, value in memory.model_dump().items():
        merged[key] = bool(merged.get(key)) or bool(value) if isinstance(value, bool) else value
    if memory.horizon_reopened:
        # The one way back: the PM themselves asked to look at the long view again.
        merged["horizon_declined"] = False
    merged["horizon_reopened"] = False
    row.data, row.updated = merged, now()
    return Memory.model_validate(merged)


def count_messages(s: Session, conversation_id: str) -> int:
    return s.execute(select(func.count()).select_from(MessageRow)
                     .where(MessageRow.conversation_id == conversation_id)).scalar_one()
