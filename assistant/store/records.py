"""What the store hands back: plain frozen records, detached from any database session."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the engine's session module pulls in LangChain; the store need not
    from assistant.interview.session import Context, Message

LOCAL_IDENTITY = "local"


class NotAllowed(PermissionError):
    """This person may not see or change that, or it does not exist (we do not say which)."""


@dataclass(frozen=True)
class Person:
    id: int
    identity: str
    name: str | None = None
    email: str | None = None
    manager_id: int | None = None

    @property
    def label(self) -> str:
        return self.name or self.email or self.identity

    @property
    def local(self) -> bool:
        """True for the single person of local mode (no login configured)."""
        return self.identity == LOCAL_IDENTITY


@dataclass(frozen=True)
class Conversation:
    id: str
    kind: str  # "rehearse" | "draft" | "reflect"
    owner_id: int
    subject_id: int
    title: str
    context: dict
    created: datetime
    updated: datetime
    message_count: int = 0
    parent_id: str | None = None

    def interview_context(self) -> "Context":
        """The stored context as the engine's `Context`."""
        from assistant.interview.session import Context

        data = self.context or {}
        return Context(current_role=data.get("current_role"),
                       manager_notes=data.get("manager_notes"),
                       prework=dict(data.get("prework") or {}))


@dataclass(frozen=True)
class StoredMessage:
    id: int
    seq: int
    role: str
    text: str
    stage: str | None
    move: str | None
    meta: dict
    created: datetime
    sensitive: tuple[str, ...] = ()

    def message(self) -> "Message":
        from assistant.interview.session import Message

        return Message(self.role, self.text, self.stage, self.move, dict(self.meta or {}))


@dataclass(frozen=True)
class PlanVersion:
    plan_id: str
    version: int
    data: dict
    author_id: int | None
    author_name: str
    note: str
    created: datetime


@dataclass(frozen=True)
class Plan:
    id: str
    owner_id: int
    created_by: int | None
    conversation_id: str | None
    title: str
    created: datetime
    latest: PlanVersion | None = None


@dataclass(frozen=True)
class Share:
    id: str
    owner_id: int
    recipient_id: int | None
    what: str  # "summary" | "plan" | "excerpts"
    conversation_id: str | None
    plan_id: str | None
    excerpt_ids: tuple[int, ...]
    include_sensitive: bool
    note: str
    created: datetime
    revoked_at: datetime | None = None
    imported: bool = False

    @property
    def active(self) -> bool:
        return self.revoked_at is None


@dataclass(frozen=True)
class SharedItem:
    """One thing a report shared, as their manager sees it."""

    share: Share
    owner: Person
    title: str
    content: dict[str, Any] = field(default_factory=dict)
    # Set when an imported file no longer reads: shown with a way to remove it, never raised.
    problem: str | None = None


@dataclass(frozen=True)
class SharePreview:
    """What a share would show, and what it leaves out, for the PM to check before sharing."""

    content: dict[str, Any]
    left_out: list[str]


@dataclass(frozen=True)
class ErasureReport:
    identity: str
    deleted: dict[str, int]
    compacted: bool

    def as_dict(self) -> dict:
        return asdict(self)
