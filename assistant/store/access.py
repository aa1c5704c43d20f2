"""One person's door into the store. Every permission check in the product lives here."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from pydantic_core import to_jsonable_python
from sqlalchemy import select

from assistant.interview.reading import Reading
from assistant.interview.state import InterviewState, Memory
from assistant.store import privacy
from assistant.store.compaction import compact_files
from assistant.store.connection import StoreConnection
from assistant.store.database import retry_busy
from assistant.store.journal import StoreJournal, load_memory, load_messages, load_state, remember
from assistant.store.plans import PlanAccess
from assistant.store.records import Conversation, ErasureReport, NotAllowed, Person, StoredMessage
from assistant.store.schema import (KINDS, ConversationRow, PersonRow, RatingRow, ReadingRow,
                                    ShareRow, new_id, now)
from assistant.store.shares import SharingAccess, retire
from assistant.store.views import conversation_of, person_of

if TYPE_CHECKING:
    from assistant.interview.session import Context


class DurableJournal(StoreJournal):
    """A journal whose writes outlast a locked database: each is one transaction, retried."""

    @retry_busy
    def record(self, message):
        return super().record(message)

    @retry_busy
    def annotate(self, reading):
        return super().annotate(reading)

    @retry_busy
    def save_state(self, state):
        return super().save_state(state)


class Access(PlanAccess, SharingAccess):
    """What `person` may do: their own things, and what their reports chose to share."""

    def __init__(self, store: StoreConnection, person: Person) -> None:
        self.store, self.person = store, person
        self._sessions = store.sessions

    # people -----------------------------------------------------------------------------
    def me(self) -> Person:
        """This person as stored now (their manager may have changed)."""
        with self._sessions() as s:
            return person_of(self._me(s))

    def _me(self, s) -> PersonRow:
        row = s.get(PersonRow, self.person.id)
        if row is None:
            raise NotAllowed("This person no longer exists in the store.")
        return row

    def manager(self) -> Person | None:
        with self._sessions() as s:
            me = self._me(s)
            return person_of(s.get(PersonRow, me.manager_id)) if me.manager_id else None

    def reports(self) -> list[Person]:
        """People whose manager is this person."""
        with self._sessions() as s:
            rows = s.scalars(select(PersonRow).where(PersonRow.manager_id == self.person.id)
                             .order_by(PersonRow.name, PersonRow.identity))
            return [person_of(r) for r in rows]

    @retry_busy
    def choose_manager(self, who: str | None) -> Person | None:
        """Name your manager by login identity or email (None: nobody); shares go to them."""
        with self._sessions.begin() as s:
            me = self._me(s)
            if not who or not who.strip():
                me.manager_id = None
                return None
            who = who.strip()
            row = s.scalars(select(PersonRow).where(
                (PersonRow.identity == who) | (PersonRow.email == who))
                .order_by(PersonRow.id)).first()
            if row is None:  # they become this person when they first log in as `who`
                row = PersonRow(identity=who, email=who if "@" in who else None, created=now())
                s.add(row)
                s.flush()
            if row.id == me.id:
                raise ValueError("nobody can be their own manager")
            me.manager_id = row.id
            return person_of(row)

    def _manages(self, s, person_id: int) -> bool:
        row = s.get(PersonRow, person_id)
        return row is not None and row.manager_id == self.person.id

    # conversations ----------------------------------------------------------------------
    @retry_busy
    def create_conversation(self, kind: str, title: str = "",
                            context: "Context | dict | None" = None, subject: Person | None = None,
                            parent_id: str | None = None) -> Conversation:
        """A new conversation; a manager may open a draft about one of their reports."""
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
        if dataclasses.is_dataclass(context):
            context = dataclasses.asdict(context)
        with self._sessions.begin() as s:
            self._me(s)
            subject_id = subject.id if subject else self.person.id
            if subject_id != self.person.id and not (kind == "draft" and self._manages(s, subject_id)):
                raise NotAllowed("You can only draft for people who report to you.")
            if parent_id is not None:
                self._own(s, parent_id)
            row = ConversationRow(id=new_id(), kind=kind, owner_id=self.person.id,
                                  subject_id=subject_id, parent_id=parent_id, title=title or "",
                                  context=to_jsonable_python(context or {}), message_count=0,
                                  created=now(), updated=now())
            s.add(row)
            s.flush()
            return conversation_of(row)

    def conversations(self, kind: str | None = None) -> list[Conversation]:
        """This person's own conversations, most recently active first."""
        with self._sessions() as s:
            q = select(ConversationRow).where(ConversationRow.owner_id == self.person.id)
            if kind:
                q = q.where(ConversationRow.kind == kind)
            return [conversation_of(r) for r in s.scalars(
                q.order_by(ConversationRow.updated.desc(), ConversationRow.created.desc()))]

    def conversation(self, conversation_id: str) -> Conversation:
        with self._sessions() as s:
            return conversation_of(self._own(s, conversation_id))

    def _own(self, s, conversation_id: str) -> ConversationRow:
        row = s.get(ConversationRow, conversation_id) if conversation_id else None
        if row is None or row.owner_id != self.person.id:
            raise NotAllowed("That conversation is not yours, or it does not exist.")
        return row

    def journal(self, conversation_id: str) -> StoreJournal:
        """The engine's Journal for one of this person's conversations."""
        with self._sessions() as s:
            row = self._own(s, conversation_id)
            return DurableJournal(self._sessions, row.id, row.owner_id, row.kind)

    def transcript(self, conversation_id: str) -> list[StoredMessage]:
        with self._sessions() as s:
            self._own(s, conversation_id)
            return load_messages(s, conversation_id)

    def load_state(self, conversation_id: str) -> InterviewState | None:
        """The latest saved state, to resume with `start_interview(..., state=...)`."""
        with self._sessions() as s:
            self._own(s, conversation_id)
            return load_state(s, conversation_id)

    def readings(self, conversation_id: str) -> dict[int, Reading]:
        """Message id -> how the reader understood that PM answer."""
        with self._sessions() as s:
            self._own(s, conversation_id)
            rows = s.scalars(select(ReadingRow).where(ReadingRow.conversation_id == conversation_id))
            return {r.message_id: Reading.model_validate(r.data) for r in rows}

    @retry_busy
    def rename(self, conversation_id: str, title: str) -> None:
        with self._sessions.begin() as s:
            self._own(s, conversation_id).title = title

    @retry_busy
    def delete_conversation(self, conversation_id: str) -> None:
        with self._sessions.begin() as s:
            row = self._own(s, conversation_id)
            retire(s, s.scalars(select(ShareRow.id).where(ShareRow.conversation_id == row.id)))
            s.delete(row)

    # memory and ratings -----------------------------------------------------------------
    def memory(self) -> Memory:
        """What every later conversation with this person must honour."""
        with self._sessions() as s:
            return load_memory(s, self.person.id)

    @retry_busy
    def remember(self, memory: Memory) -> Memory:
        with self._sessions.begin() as s:
            self._me(s)
            return remember(s, self.person.id, memory)

    @retry_busy
    def rate(self, conversation_id: str, score: int) -> None:
        """The PM's 1-4 rating of how useful a conversation was."""
        if not isinstance(score, int) or not 1 <= score <= 4:
            raise ValueError("a rating is a whole number from 1 to 4")
        with self._sessions.begin() as s:
            self._own(s, conversation_id)
            s.add(RatingRow(conversation_id=conversation_id, score=score, created=now()))

    def rating(self, conversation_id: str) -> int | None:
        with self._sessions() as s:
            self._own(s, conversation_id)
            return s.scalars(select(RatingRow.score).where(RatingRow.conversation_id == conversation_id)
                             .order_by(RatingRow.id.desc()).limit(1)).first()

    # your data --------------------------------------------------------------------------
    def export_person(self) -> dict[str, Any]:
        """Everything stored about this person, as JSON-ready data."""
        with self._sessions() as s:
            return privacy.export(s, self._me(s))

    def erase_person(self, compact: bool = True) -> ErasureReport:
        """Delete everything of this person for real, then compact so no bytes linger."""
        report = self._erase()
        # Compacting outside the write turn: other people's answers go in while it waits.
        return dataclasses.replace(report, compacted=compact_files(self.store.engine)) \
            if compact and report.identity else report

    @retry_busy
    def _erase(self) -> ErasureReport:
        return privacy.erase(self.store.engine, self._sessions, self.person.id, compact=False)
