"""Where the app keeps a person's conversations and plans: the store when it exists, else memory."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from assistant.interview.session import Context, MemoryJournal, Message
from assistant.interview.state import InterviewState, Memory


class StampedJournal(MemoryJournal):
    """A memory journal that also remembers when it last changed."""

    def __init__(self) -> None:
        super().__init__()
        self.updated: datetime | None = None

    def record(self, message: Message) -> None:
        super().record(message)
        self.updated = _now()

    def save_state(self, state: InterviewState) -> None:
        super().save_state(state)
        self.updated = _now()


@dataclass
class Conversation:
    """One rehearsal, draft or reflection, as the History page lists it."""

    id: str
    kind: str  # "rehearse" | "draft" | "reflect"
    title: str
    context: Context
    started: datetime
    parent: str | None = None  # the rehearsal a reflection follows up
    journal: StampedJournal = field(default_factory=lambda: StampedJournal())
    rating: int | None = None
    report: str | None = None  # set on a manager's draft: the PM the plan is for
    sources: list[str] = field(default_factory=list)
    prepared_flag: bool = False  # made on Prepare to carry the pre-work into the rehearsal

    @property
    def prepared(self) -> bool:
        """Prepared on the Prepare page and not begun yet."""
        return self.prepared_flag and self.message_count == 0

    @property
    def updated(self) -> datetime:
        return self.journal.updated or self.started

    @property
    def state(self) -> InterviewState | None:
        return self.journal.state

    @property
    def message_count(self) -> int:
        return len(self.journal.messages())

    @property
    def done(self) -> bool:
        return bool(self.journal.state and self.journal.state.done)


@dataclass
class PlanVersion:
    number: int
    plan: Any
    author: str
    note: str
    at: datetime


class LocalWorkspace:
    """Single-process keeping for one person: survives reruns and reloads, not restarts."""

    def __init__(self, person: str) -> None:
        self.person = person
        self._conversations: dict[str, Conversation] = {}
        self._plans: dict[str, list[PlanVersion]] = {}
        self._shares: dict[str, str] = {}

    def start(self, kind: str, context: Context, title: str, parent: str | None = None,
              prepared: bool = False) -> str:
        cid = uuid.uuid4().hex[:12]
        self._conversations[cid] = Conversation(cid, kind, title, context, _now(), parent,
                                                StampedJournal(), prepared_flag=prepared)
        return cid

    def rename(self, cid: str, title: str) -> None:
        self._conversations[cid].title = title

    def delete(self, cid: str) -> None:
        self._conversations.pop(cid, None)
        self._plans.pop(cid, None)

    def start_report_draft(self, subject, name: str, context: Context, title: str,
                           sources: list[str]) -> str:
        """A manager's draft for `name`; without the database there are no reports to check."""
        if subject is not None:
            raise PermissionError("Drafting for a signed-in report needs the database; it could not be opened.")
        cid = self.start("draft", context, title)
        self._conversations[cid].report, self._conversations[cid].sources = name, list(sources)
        return cid

    def reports(self) -> list:
        return []

    def get(self, cid: str | None) -> Conversation | None:
        return self._conversations.get(cid) if cid else None

    def conversations(self, kind: str | None = None) -> list[Conversation]:
        items = [c for c in self._conversations.values() if kind in (None, c.kind)]
        return sorted(items, key=lambda c: c.updated, reverse=True)

    def memory(self) -> Memory:
        """What earlier rehearsals learned that a new one must honour."""
        memory = Memory()
        for c in self._conversations.values():
            state = c.journal.state
            if state is not None:
                memory.horizon_declined |= state.horizon_declined
                memory.potential_reflected |= state.potential_reflected
        return memory

    def rate(self, cid: str, score: int) -> None:
        self._conversations[cid].rating = score

    def save_plan(self, cid: str, plan: Any, author: str, note: str) -> PlanVersion:
        versions = self._plans.setdefault(cid, [])
        version = PlanVersion(len(versions) + 1, plan.model_copy(deep=True), author, note, _now())
        versions.append(version)
        return version

    def versions(self, cid: str) -> list[PlanVersion]:
        return list(self._plans.get(cid, []))

    def plans(self, include_reports: bool = False) -> list[tuple[Conversation, PlanVersion]]:
        """The latest version of every plan, newest first (drafts for reports on request)."""
        out = [(self._conversations[c], v[-1]) for c, v in self._plans.items()
               if v and (include_reports or not self._conversations[c].report)]
        return sorted(out, key=lambda pair: pair[1].at, reverse=True)

    def drafted_for_me(self) -> list[PlanVersion]:
        return []  # only signed-in managers draft for others, and that needs the database

    def share(self, cid: str, manager: str) -> None:
        self._shares[cid] = manager

    def unshare(self, cid: str) -> None:
        self._shares.pop(cid, None)

    def shared_with(self, cid: str) -> str | None:
        return self._shares.get(cid)

    def shared_with_me(self) -> list:
        return []

    def import_share(self, data) -> object:
        raise PermissionError("Importing a share needs the database; it could not be opened.")

    def dismiss_share(self, share_id: str) -> None:
        raise PermissionError("Shares need the database; it could not be opened.")

    def export_all(self) -> dict:
        return {"person": self.person, "conversations": [
            {"id": c.id, "kind": c.kind, "title": c.title,
             "messages": [{"role": m.role, "text": m.text} for m in c.journal.messages()]}
            for c in self._conversations.values()]}

    def erase(self) -> None:
        self._conversations.clear()
        self._plans.clear()
        self._shares.clear()

    def sharing(self, cid: str):
        """Who sees the plan, and a maker of the share file (None: no file in this mode)."""
        return self._shares.get(cid), None


def _now() -> datetime:
    return datetime.now(timezone.utc)
