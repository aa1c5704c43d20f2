"""Plans: the PM owns them, their manager may draft and edit, and every save is a new version."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from pydantic_core import to_jsonable_python
from sqlalchemy import func, select, update

from assistant.store.database import retry_busy
from assistant.store.records import NotAllowed, Person, Plan, PlanVersion
from assistant.store.schema import PersonRow, PlanRow, PlanVersionRow, ShareRow, new_id, now
from assistant.store.views import plan_of, plan_version_of


class PlanAccess:
    """The plan half of `Access` (kept apart to keep each module small)."""

    # Provided by Access.
    person: Any
    _sessions: Any

    def _plan(self, s, plan_id: str) -> PlanRow:
        row = s.get(PlanRow, plan_id) if plan_id else None
        if row is not None and (row.owner_id == self.person.id or self._may_see_plan(s, row)):
            return row
        raise NotAllowed("That plan is not yours or shared with you, or it does not exist.")

    def _may_see_plan(self, s, row: PlanRow) -> bool:
        """A manager sees a report's plan they drafted, or one the report shared with them."""
        if not self._manages(s, row.owner_id):
            return False
        if row.created_by == self.person.id:
            return True
        return s.scalars(select(ShareRow.id).where(
            ShareRow.plan_id == row.id, ShareRow.recipient_id == self.person.id,
            ShareRow.revoked_at.is_(None))).first() is not None

    @retry_busy
    def save_plan_version(self, plan: BaseModel | dict[str, Any], *, plan_id: str | None = None,
                          conversation_id: str | None = None, subject: Person | None = None,
                          note: str = "", title: str | None = None) -> PlanVersion:
        """Save a new version (never overwrite); creates the plan on first save."""
        data = plan.model_dump(mode="json") if isinstance(plan, BaseModel) else to_jsonable_python(plan)
        with self._sessions.begin() as s:
            me = self._me(s)
            if plan_id is None and conversation_id is not None:
                conv = self._own(s, conversation_id)
                plan_id = s.scalars(select(PlanRow.id).where(
                    PlanRow.conversation_id == conv.id).order_by(PlanRow.created)).first()
                subject_id = conv.subject_id
            else:
                subject_id = subject.id if subject else self.person.id
            if plan_id is None:
                if subject_id != self.person.id and not self._manages(s, subject_id):
                    raise NotAllowed("You can only draft plans for people who report to you.")
                row = PlanRow(id=new_id(), owner_id=subject_id, created_by=self.person.id,
                              conversation_id=conversation_id, title=title or "", created=now())
                s.add(row)
                s.flush()
            else:
                row = self._plan(s, plan_id)
                # Writing the plan row first takes the lock that orders concurrent saves.
                s.execute(update(PlanRow).where(PlanRow.id == row.id)
                          .values(title=title or PlanRow.title))
            number = (s.scalar(select(func.max(PlanVersionRow.version))
                               .where(PlanVersionRow.plan_id == row.id)) or 0) + 1
            version = PlanVersionRow(plan_id=row.id, version=number, data=data,
                                     author_id=self.person.id, author_name=me.name or me.identity,
                                     note=note or "", created=now())
            s.add(version)
            s.flush()
            return plan_version_of(version)

    def plans(self) -> list[Plan]:
        """Plans this person owns, and their reports' plans they may see; newest first."""
        with self._sessions() as s:
            rows = s.scalars(select(PlanRow).join(PersonRow, PersonRow.id == PlanRow.owner_id).where(
                (PlanRow.owner_id == self.person.id) | (PersonRow.manager_id == self.person.id)))
            visible = [r for r in rows if r.owner_id == self.person.id or self._may_see_plan(s, r)]
            out = [plan_of(r, self._latest(s, r.id)) for r in visible]
        return sorted(out, key=lambda p: p.latest.created if p.latest else p.created, reverse=True)

    def plan(self, plan_id: str) -> Plan:
        with self._sessions() as s:
            row = self._plan(s, plan_id)
            return plan_of(row, self._latest(s, row.id))

    def plan_for(self, conversation_id: str) -> Plan | None:
        """The plan drafted in one of this person's conversations, if any."""
        with self._sessions() as s:
            self._own(s, conversation_id)
            row = s.scalars(select(PlanRow).where(PlanRow.conversation_id == conversation_id)
                            .order_by(PlanRow.created)).first()
            return plan_of(row, self._latest(s, row.id)) if row else None

    def plan_versions(self, plan_id: str) -> list[PlanVersion]:
        """Every version, oldest first; version 1 is the first draft."""
        with self._sessions() as s:
            self._plan(s, plan_id)
            rows = s.scalars(select(PlanVersionRow).where(PlanVersionRow.plan_id == plan_id)
                             .order_by(PlanVersionRow.version))
            return [plan_version_of(r) for r in rows]

    @staticmethod
    def _latest(s, plan_id: str) -> PlanVersionRow | None:
        return s.scalars(select(PlanVersionRow).where(PlanVersionRow.plan_id == plan_id)
                         .order_by(PlanVersionRow.version.desc()).limit(1)).first()
