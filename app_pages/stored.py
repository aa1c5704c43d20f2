"""The app's workspace backed by the store: every read and write goes through the person's Access."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from assistant.interview.session import Context
from assistant.interview.state import InterviewState, Memory
from assistant.plan.schema import Plan
from assistant.store import Access, NotAllowed, Store
from assistant.store.records import Conversation as Record

from app_pages.workspace import PlanVersion


class StoredTalk:
    """One stored conversation, shaped as the pages use it; reads are lazy and cached per rerun."""

    def __init__(self, access: Access, record: Record) -> None:
        self.access, self.record = access, record
        self.id, self.kind, self.title = record.id, record.kind, record.title or "Conversation"
        self.started: datetime = record.created
        self.updated: datetime = record.updated
        self.parent = record.parent_id
        self.message_count = record.message_count
        extra = record.context or {}
        # Set on a manager's draft: the PM the plan is for, and what it was drafted from.
        self.report: str | None = extra.get("report")
        self.sources: list[str] = list(extra.get("sources") or [])
        self.prepared_flag = bool(extra.get("prepared"))

    @property
    def prepared(self) -> bool:
        """Prepared on the Prepare page and not begun yet."""
        return self.prepared_flag and self.message_count == 0

    @cached_property
    def context(self) -> Context:
        return self.record.interview_context()

    @cached_property
    def journal(self):
        return self.access.journal(self.id)

    @cached_property
    def state(self) -> InterviewState | None:
        return self.journal.state()

    @property
    def done(self) -> bool:
        return bool(self.state and self.state.done)

    @cached_property
    def rating(self) -> int | None:
        return self.access.rating(self.id)


@dataclass
class StoreWorkspace:
    """A person's conversations, plans and shares in the SQLAlchemy store."""

    store: Store
    access: Access
    _plans: dict = field(default_factory=dict)

    @property
    def person(self) -> str:
        return self.access.person.identity

    def start(self, kind: str, context: Context, title: str, parent: str | None = None,
              prepared: bool = False) -> str:
        # The flag rides in the stored context, which the engine's Context simply ignores.
        data = {**dataclasses.asdict(context), "prepared": True} if prepared else context
        return self.access.create_conversation(kind, title, data, parent_id=parent).id

    def rename(self, cid: str, title: str) -> None:
        self.access.rename(cid, title)

    def delete(self, cid: str) -> None:
        self.access.delete_conversation(cid)

    def start_report_draft(self, subject, name: str, context: Context, title: str,
                           sources: list[str]) -> str:
        """A manager's draft about `subject` (None: the local person keeps it); the store checks."""
        data = {**dataclasses.asdict(context), "report": name, "sources": list(sources)}
        return self.access.create_conversation("draft", title, data, subject=subject).id

    def reports(self) -> list:
        return self.access.reports()

    def get(self, cid: str | None) -> StoredTalk | None:
        if not cid:
            return None
        try:
            return StoredTalk(self.access, self.access.conversation(cid))
        except NotAllowed:
            return None

    def conversations(self, kind: str | None = None) -> list[StoredTalk]:
        return [StoredTalk(self.access, r) for r in self.access.conversations(kind)]

    def memory(self) -> Memory:
        return self.access.memory()

    def rate(self, cid: str, score: int) -> None:
        self.access.rate(cid, score)

    def save_plan(self, cid: str, plan: Plan, author: str, note: str) -> PlanVersion:
        # The store records who saved; the role they edited in travels in the note.
        self._plans.pop(cid, None)
        stored = self.access.save_plan_version(plan, conversation_id=cid, note=f"{note} · {author}",
                                               title=self.access.conversation(cid).title)
        return _version(stored)

    def _plan(self, cid: str):
        # One lookup per rerun: the workspace object lives for a single script run.
        if cid not in self._plans:
            self._plans[cid] = self.access.plan_for(cid)
        return self._plans[cid]

    def versions(self, cid: str) -> list[PlanVersion]:
        plan = self._plan(cid)
        return [_version(v) for v in self.access.plan_versions(plan.id)] if plan else []

    def plans(self, include_reports: bool = False) -> list[tuple[StoredTalk, PlanVersion]]:
        """This person's own plans, newest first (reports' shared plans are listed apart).

        Drafts this person made for a report are not their own plan (even when, locally, the store
        keeps them under their name), so they are left out unless asked for."""
        me = self.access.person.id
        out = []
        for plan in self.access.plans():
            if plan.latest is None or plan.conversation_id is None:
                continue
            talk = self.get(plan.conversation_id)  # None unless the conversation is this person's
            if talk is None:
                continue
            if (talk.report and include_reports) or (not talk.report and plan.owner_id == me):
                out.append((talk, _version(plan.latest)))
        return out

    def drafted_for_me(self) -> list[PlanVersion]:
        """The latest version of each plan a manager drafted for this person (theirs to keep)."""
        me = self.access.person.id
        return [_version(p.latest) for p in self.access.plans()
                if p.owner_id == me and p.created_by not in (None, me) and p.latest is not None]

    def share(self, cid: str, manager: str) -> None:
        """Record the manager (by email) and share the latest plan with them."""
        boss = self.store.person(manager, email=manager)
        if self.access.me().manager_id != boss.id:
            self.store.set_manager(self.access.person, boss)
        self.access.share("plan", plan_id=self._plan(cid).id)

    def _active_share(self, cid: str):
        plan = self._plan(cid)
        if plan is None:
            return None
        return next((s for s in self.access.shares() if s.plan_id == plan.id and s.active), None)

    def unshare(self, cid: str) -> None:
        if share := self._active_share(cid):
            self.access.revoke(share.id)

    def shared_with(self, cid: str) -> str | None:
        return self.sharing(cid)[0]

    def sharing(self, cid: str):
        """Who sees the plan, and a maker of the share file for a manager without this server."""
        share = self._active_share(cid)
        if share is None:
            return None, None
        manager = self.access.manager()
        return (manager.label if manager else "your manager"), lambda: self.access.export_share(share.id)

    # sharing a rehearsal: a summary or picked answers, checked in a preview first
    def manager_label(self) -> str | None:
        manager = self.access.manager()
        return manager.label if manager else None

    def choose_manager(self, who: str) -> None:
        self.access.choose_manager(who)

    def transcript(self, cid: str) -> list:
        return self.access.transcript(cid)

    def preview_share(self, what: str, cid: str, excerpts: list[int], include_sensitive: bool):
        return self.access.preview_share(what, conversation_id=cid, excerpts=excerpts,
                                         include_sensitive=include_sensitive)

    def share_talk(self, what: str, cid: str, excerpts: list[int], include_sensitive: bool):
        return self.access.share(what, conversation_id=cid, excerpts=excerpts,
                                 include_sensitive=include_sensitive)

    def talk_shares(self, cid: str) -> list:
        return [s for s in self.access.shares() if s.conversation_id == cid]

    def revoke(self, share_id: str) -> None:
        self.access.revoke(share_id)

    def export_share(self, share_id: str) -> dict:
        return self.access.export_share(share_id)

    def shared_with_me(self) -> list:
        """What this person's reports currently share with them."""
        return self.access.shared_with_me()

    def import_share(self, data) -> object:
        return self.access.import_share(data)

    def dismiss_share(self, share_id: str) -> None:
        self.access.dismiss(share_id)

    def export_all(self) -> dict:
        return self.access.export_person()

    def erase(self) -> None:
        self.access.erase_person()


def _version(v) -> PlanVersion:
    note, sep, author = v.note.rpartition(" · ")
    if not sep:
        note, author = v.note, v.author_name
    return PlanVersion(v.version, Plan.model_validate(v.data), author, note, v.created)
