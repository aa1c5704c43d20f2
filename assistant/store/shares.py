"""Sharing: a PM chooses what their manager sees, can take it back, or hand it over as a file."""

from __future__ import annotations

from typing import Any, Iterable

from sqlalchemy import select

from assistant.store import sharing
from assistant.store.database import retry_busy, upsert
from assistant.store.journal import load_messages, load_state
from assistant.store.records import NotAllowed, Share, SharedItem, SharePreview
from assistant.store.schema import (ConversationRow, PersonRow, PlanRow, PlanVersionRow,
                                    ReadingRow, RetiredShareRow, ShareRow, new_id, now)
from assistant.store.views import conversation_of, person_of, plan_version_of, share_of

# Identity prefix of a person known only from a share file they handed over.
IMPORTED = "imported:"


class SharingAccess:
    """The sharing half of `Access` (kept apart to keep each module small)."""

    # Provided by Access.
    person: Any
    _sessions: Any

    def preview_share(self, what: str, *, conversation_id: str | None = None,
                      plan_id: str | None = None, excerpts: Iterable[int] = (),
                      include_sensitive: bool = False) -> SharePreview:
        """Exactly what the manager would see, and what is held back, before sharing."""
        with self._sessions() as s:
            row = ShareRow(what=what, owner_id=self.person.id, conversation_id=conversation_id,
                           plan_id=plan_id, excerpt_ids=[int(i) for i in excerpts],
                           include_sensitive=include_sensitive)
            self._check_shareable(s, row)
            return self._content(s, row)

    @retry_busy
    def share(self, what: str, *, conversation_id: str | None = None, plan_id: str | None = None,
              excerpts: Iterable[int] = (), include_sensitive: bool = False,
              note: str = "") -> Share:
        """Share one thing with this person's manager: a summary, the plan, or chosen excerpts."""
        with self._sessions.begin() as s:
            me = self._me(s)
            row = ShareRow(id=new_id(), owner_id=me.id, recipient_id=me.manager_id, what=what,
                           conversation_id=conversation_id, plan_id=plan_id,
                           excerpt_ids=[int(i) for i in excerpts],
                           include_sensitive=bool(include_sensitive), note=note or "",
                           created=now())
            self._check_shareable(s, row)
            if me.manager_id is None:
                raise NotAllowed("Add your manager before sharing: nobody would see it yet.")
            s.add(row)
            s.flush()
            return share_of(row)

    def _check_shareable(self, s, row: ShareRow) -> None:
        """Only your own things, and only whole kinds we know how to show."""
        if row.what in ("summary", "excerpts"):
            conv = self._own(s, row.conversation_id)
            if conv.subject_id != self.person.id:
                raise NotAllowed("You can only share conversations about yourself.")
            if row.what == "excerpts":
                ids = {m.id for m in load_messages(s, conv.id)}
                if not row.excerpt_ids or not set(row.excerpt_ids) <= ids:
                    raise ValueError("choose at least one message of this conversation to share")
            row.plan_id = None
        elif row.what == "plan":
            plan = s.get(PlanRow, row.plan_id) if row.plan_id else None
            if plan is None or plan.owner_id != self.person.id:
                raise NotAllowed("That plan is not yours, or it does not exist.")
            row.conversation_id, row.excerpt_ids = None, []
        else:
            raise ValueError(f"share 'summary', 'plan' or 'excerpts', not {row.what!r}")

    def _content(self, s, row: ShareRow) -> SharePreview:
        if row.snapshot is not None:
            return SharePreview(dict(row.snapshot.get("content") or {}), [])
        if row.what == "plan":
            plan = s.get(PlanRow, row.plan_id)
            latest = s.scalars(select(PlanVersionRow).where(PlanVersionRow.plan_id == plan.id)
                               .order_by(PlanVersionRow.version.desc()).limit(1)).first()
            return sharing.plan(plan.title, plan_version_of(latest) if latest else None)
        # Callers have already checked that this person may see the share.
        conv = conversation_of(s.get(ConversationRow, row.conversation_id))
        messages = load_messages(s, conv.id)
        if row.what == "summary":
            readings = {r.message_id: r.data for r in s.scalars(
                select(ReadingRow).where(ReadingRow.conversation_id == conv.id))}
            return sharing.summary(conv, load_state(s, conv.id), messages, row.include_sensitive,
                                   readings)
        return sharing.excerpts(conv, messages, list(row.excerpt_ids or []), row.include_sensitive)

    def shares(self) -> list[Share]:
        """What this person has shared, newest first (revoked ones included, marked)."""
        with self._sessions() as s:
            rows = s.scalars(select(ShareRow).where(ShareRow.owner_id == self.person.id,
                                                    ShareRow.snapshot.is_(None))
                             .order_by(ShareRow.created.desc()))
            return [share_of(r) for r in rows]

    @retry_busy
    def revoke(self, share_id: str) -> Share:
        """Take a share back; the manager stops seeing it at once."""
        with self._sessions.begin() as s:
            row = s.get(ShareRow, share_id)
            if row is None or row.owner_id != self.person.id or row.snapshot is not None:
                raise NotAllowed("That share is not yours, or it does not exist.")
            row.revoked_at = row.revoked_at or now()
            retire(s, [row.id])
            s.flush()
            return share_of(row)

    @retry_busy
    def dismiss(self, share_id: str) -> None:
        """The recipient drops a share they received (an imported file's copy is deleted)."""
        with self._sessions.begin() as s:
            row = s.get(ShareRow, share_id)
            if row is None or row.recipient_id != self.person.id:
                raise NotAllowed("That was not shared with you, or it does not exist.")
            owner_id, imported = row.owner_id, row.snapshot is not None
            s.delete(row)
            s.flush()
            if imported:
                forget_unused_senders(s, [owner_id])

    def shared_with_me(self) -> list[SharedItem]:
        """Everything this person's reports currently share with them, newest first."""
        with self._sessions() as s:
            rows = s.scalars(select(ShareRow).where(ShareRow.recipient_id == self.person.id,
                                                    ShareRow.revoked_at.is_(None))
                             .order_by(ShareRow.created.desc()))
            return [self._item(s, r) for r in rows if self._receives(s, r)]

    def shared_item(self, share_id: str) -> SharedItem:
        with self._sessions() as s:
            row = s.get(ShareRow, share_id)
            if row is None or not self._receives(s, row):
                raise NotAllowed("That was not shared with you, was revoked, or does not exist.")
            return self._item(s, row)

    def _receives(self, s, row: ShareRow) -> bool:
        """A live share reaches only the sharer's current manager, until revoked."""
        if row.recipient_id != self.person.id or row.revoked_at is not None:
            return False
        return row.snapshot is not None or self._manages(s, row.owner_id)

    def _item(self, s, row: ShareRow) -> SharedItem:
        """What the manager sees; an imported file that no longer reads is named, not raised."""
        owner = person_of(s.get(PersonRow, row.owner_id))
        if row.snapshot is not None:
            try:
                sharing.read_share_file(row.snapshot)
            except sharing.ShareFileError as exc:
                return SharedItem(share_of(row), owner, "Unreadable share file", {}, str(exc))
        content = self._content(s, row).content
        title = content.get("conversation") or content.get("title") or ""
        return SharedItem(share_of(row), owner, str(title), content)

    def export_share(self, share_id: str) -> dict:
        """A share as a JSON-ready file for a manager who has no shared server."""
        with self._sessions() as s:
            row = s.get(ShareRow, share_id)
            if row is None or row.owner_id != self.person.id or row.snapshot is not None:
                raise NotAllowed("That share is not yours, or it does not exist.")
            if row.revoked_at is not None:
                raise NotAllowed("That share was revoked.")
            me = self._me(s)
            content = self._content(s, row).content
            sender = {"identity": me.identity, "name": me.name, "email": me.email}
            title = content.get("conversation") or content.get("title") or ""
            return sharing.share_file(row.id, row.what, sender, title, row.note, content)

    @retry_busy
    def import_share(self, data: Any) -> SharedItem:
        """Keep a share file handed over by a report; importing it twice changes nothing."""
        data = sharing.read_share_file(data)
        sender = data["from"]
        key = sender.get("email") or f"{sender['identity']}:{sender.get('name') or ''}"
        with self._sessions.begin() as s:
            self._me(s)
            if s.get(RetiredShareRow, data["id"]) is not None:
                raise NotAllowed("That share was revoked or erased by the person who made it.")
            existing = s.get(ShareRow, data["id"])
            if existing is not None:
                # The file may outlive the share: a revoked one stays gone, file or not.
                if existing.recipient_id != self.person.id or not self._receives(s, existing):
                    raise NotAllowed("That share was revoked or is not for you.")
                return self._item(s, existing)
            identity = f"{IMPORTED}{key}"
            upsert(s, PersonRow, {"identity": identity, "name": sender.get("name"),
                                  "email": sender.get("email"), "created": now()},
                   ["identity"], nothing=True)
            owner = s.scalars(select(PersonRow).where(PersonRow.identity == identity)).one()
            row = ShareRow(id=data["id"], owner_id=owner.id, recipient_id=self.person.id,
                           what=data["what"], excerpt_ids=[], include_sensitive=False,
                           note=str(data.get("note") or ""), snapshot=data, created=now())
            s.add(row)
            s.flush()
            return self._item(s, row)


def forget_unused_senders(s, person_ids) -> None:
    """People known only from imported share files are deleted with their last share."""
    for person_id in person_ids:
        person = s.get(PersonRow, person_id)
        if person is None or not person.identity.startswith(IMPORTED):
            continue
        if s.scalars(select(ShareRow.id).where(ShareRow.owner_id == person_id)).first() is None:
            s.delete(person)


def retire(s, share_ids) -> None:
    """Remember that these shares are gone, so no file of them is ever imported again."""
    for share_id in share_ids:
        upsert(s, RetiredShareRow, {"share_id": share_id, "retired": now()}, ["share_id"],
               nothing=True)
