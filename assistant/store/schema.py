"""The tables: people, conversations, append-only messages, plans, shares and what surrounds them."""

from __future__ import annotations

import uuid
from datetime import datetime, timezone

from sqlalchemy import (JSON, BigInteger, Boolean, ForeignKey, Integer, SmallInteger, String, Text,
                        UniqueConstraint)
from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# SQLite only auto-increments a plain INTEGER primary key.
BigId = BigInteger().with_variant(Integer(), "sqlite")
Json = JSON().with_variant(JSONB(), "postgresql")
KINDS = ("rehearse", "draft", "reflect")
SHARE_WHATS = ("summary", "plan", "excerpts")


class UtcDateTime(TypeDecorator):
    """Aware UTC datetimes on both databases (SQLite drops the zone, so put it back)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return value.astimezone(timezone.utc) if value is not None and value.tzinfo else value

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value


def now() -> datetime:
    return datetime.now(timezone.utc)


def new_id() -> str:
    return uuid.uuid4().hex


class Base(DeclarativeBase):
    pass


class PersonRow(Base):
    __tablename__ = "people"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    identity: Mapped[str] = mapped_column(String(320), unique=True)
    name: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    manager_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("people.id", ondelete="SET NULL"), index=True)
    created: Mapped[datetime] = mapped_column(UtcDateTime(), default=now)


class ConversationRow(Base):
    __tablename__ = "conversations"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    kind: Mapped[str] = mapped_column(String(16))
    owner_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("people.id", ondelete="CASCADE"), index=True)
    # Who the conversation is about: the PM, also when their manager drafts a plan.
    subject_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("people.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[str | None] = mapped_column(
        String(32), ForeignKey("conversations.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(300), default="")
    context: Mapped[dict] = mapped_column(Json, default=dict)
    # Bumped atomically with each message, which serialises writers on one conversation.
    message_count: Mapped[int] = mapped_column(Integer, default=0)
    created: Mapped[datetime] = mapped_column(UtcDateTime(), default=now)
    updated: Mapped[datetime] = mapped_column(UtcDateTime(), default=now)


class MessageRow(Base):
    __tablename__ = "messages"
    __table_args__ = (UniqueConstraint("conversation_id", "seq"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("conversations.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)
    role: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    stage: Mapped[str | None] = mapped_column(String(32))
    move: Mapped[str | None] = mapped_column(String(32))
    meta: Mapped[dict] = mapped_column(Json, default=dict)
    created: Mapped[datetime] = mapped_column(UtcDateTime(), default=now)


class ReadingRow(Base):
    __tablename__ = "readings"

    message_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("messages.id", ondelete="CASCADE"), primary_key=True)
    conversation_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("conversations.id", ondelete="CASCADE"), index=True)
    data: Mapped[dict] = mapped_column(Json)
    sensitive: Mapped[list] = mapped_column(Json, default=list)
    created: Mapped[datetime] = mapped_column(UtcDateTime(), default=now)


class StateRow(Base):
    __tablename__ = "interview_state"

    conversation_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("conversations.id", ondelete="CASCADE"), primary_key=True)
    data: Mapped[dict] = mapped_column(Json)
    updated: Mapped[datetime] = mapped_column(UtcDateTime(), default=now)


class MemoryRow(Base):
    __tablename__ = "memory"

    person_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("people.id", ondelete="CASCADE"), primary_key=True)
    data: Mapped[dict] = mapped_column(Json, default=dict)
    updated: Mapped[datetime] = mapped_column(UtcDateTime(), default=now)


class PlanRow(Base):
    __tablename__ = "plans"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    # The plan belongs to the PM, whoever drafted it.
    owner_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("people.id", ondelete="CASCADE"), index=True)
    created_by: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("people.id", ondelete="SET NULL"))
    conversation_id: Mapped[str | None] = mapped_column(
        String(32), ForeignKey("conversations.id", ondelete="SET NULL"), index=True)
    title: Mapped[str] = mapped_column(String(300), default="")
    created: Mapped[datetime] = mapped_column(UtcDateTime(), default=now)


class PlanVersionRow(Base):
    __tablename__ = "plan_versions"
    __table_args__ = (UniqueConstraint("plan_id", "version"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    plan_id: Mapped[str] = mapped_column(String(32), ForeignKey("plans.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict] = mapped_column(Json)
    author_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("people.id", ondelete="SET NULL"))
    author_name: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    created: Mapped[datetime] = mapped_column(UtcDateTime(), default=now)


class ShareRow(Base):
    __tablename__ = "shares"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    owner_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("people.id", ondelete="CASCADE"), index=True)
    recipient_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("people.id", ondelete="CASCADE"), index=True)
    what: Mapped[str] = mapped_column(String(16))
    conversation_id: Mapped[str | None] = mapped_column(
        String(32), ForeignKey("conversations.id", ondelete="CASCADE"))
    plan_id: Mapped[str | None] = mapped_column(
        String(32), ForeignKey("plans.id", ondelete="CASCADE"))
    excerpt_ids: Mapped[list] = mapped_column(Json, default=list)
    include_sensitive: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str] = mapped_column(Text, default="")
    # Set for a share imported from a file: the content as it was handed over.
    snapshot: Mapped[dict | None] = mapped_column(Json)
    created: Mapped[datetime] = mapped_column(UtcDateTime(), default=now)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class RatingRow(Base):
    __tablename__ = "ratings"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("conversations.id", ondelete="CASCADE"), index=True)
    score: Mapped[int] = mapped_column(SmallInteger)
    created: Mapped[datetime] = mapped_column(UtcDateTime(), default=now)


class RetiredShareRow(Base):
    """Ids of shares that were revoked or erased: a share file carrying one is never imported."""

    __tablename__ = "retired_shares"

    share_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    retired: Mapped[datetime] = mapped_column(UtcDateTime(), default=now)


class PendingCompactionRow(Base):
    """Written with an erasure, deleted once the files are compacted: survives a crash between."""

    __tablename__ = "pending_compaction"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    requested: Mapped[datetime] = mapped_column(UtcDateTime(), default=now)
