"""The follow-up conversation over a saved plan: milestone by milestone, proposing changes a person accepts."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from typing import Literal

from pydantic import BaseModel

from assistant.plan.schema import Plan, Status

DONE = re.compile(r"\b(done|finished|complete[d]?|shipped|launched|delivered|presented|wrapped up|nailed)\b", re.I)
NOT = re.compile(r"\b(not|n't|never|yet to|haven't|hasn't|didn't)\b[^.,;]{0,20}$", re.I)
STARTED = re.compile(r"\b(started|in progress|halfway|half way|underway|working on|on track|begun|began|partly|some progress)\b", re.I)
DROPPED = re.compile(r"\b(drop(ped)?|no longer|not relevant|abandon(ed)?|cancel(l)?ed|give up|gave up|doesn't matter)\b", re.I)
LATER = re.compile(r"\b(push(ed)? (it )?back|delay(ed)?|more time|slipp?(ed|ing)?|behind|postpone[d]?|later than)\b", re.I)
STOP = re.compile(r"^\s*(stop|that's enough|thats enough|enough for (now|today)|let's stop|end)\b", re.I)
SKIP = re.compile(r"^\s*(skip|pass|next)\b", re.I)
ISO = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")
MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTH = re.compile(r"\b(?:by|in|to|until|end of|before)\s+(?:the\s+end\s+of\s+)?(" + "|".join(MONTHS) + r")\b", re.I)
SLIP_DAYS = 28  # "I need more time" without a date: propose four weeks, the PM can change it


class Proposal(BaseModel):
    """One change to a milestone that the follow-up suggests; nothing changes until accepted."""

    milestone_id: str
    field: Literal["status", "due"]
    before: str | None
    after: str
    reason: str

    def describe(self) -> str:
        if self.field == "status":
            return f"Mark {self.milestone_id} as {self.after.replace('_', ' ')}"
        return f"Move {self.milestone_id} from {self.before or 'no date'} to {self.after}"


class Reflection(BaseModel):
    """Where the follow-up stands. Rebuilt from the PM's messages, so it needs no storage of its own."""

    plan: Plan
    today: date
    position: int = 0
    notes: dict[str, str] = {}
    proposals: list[Proposal] = []
    done: bool = False

    @classmethod
    def replay(cls, plan: Plan, today: date, answers: list[str]) -> "Reflection":
        reflection = cls(plan=plan, today=today)
        for text in answers:
            reflection.answer(text)
        return reflection

    def steps(self) -> list:
        """Milestones still open. Proposals are not applied during the talk, so this list holds still."""
        return [m for m in self.plan.milestones if m.status not in (Status.DONE, Status.DROPPED)]

    def opening(self) -> str:
        steps = self.steps()
        if not steps:
            self.done = True
            return ("Welcome back. Every milestone in this plan is already done or dropped, so there is "
                    "nothing to review today. A good moment to set the next ones together.")
        return ("Welcome back. Let's walk through your plan one milestone at a time. Say 'skip' to move "
                "on, or 'stop' whenever you like.\n\n" + self._ask(steps[0]))

    def _ask(self, m) -> str:
        due = f" (due {m.due:%d %b %Y})" if m.due else ""
        return f'**{m.id}**: "{m.text}"{due}. How is it going?'

    def answer(self, text: str) -> str:
        """Note the PM's update on the current milestone and ask about the next one."""
        steps = self.steps()
        if self.done or self.position >= len(steps):
            self.done = True
            return "We've been through the whole plan. Review the proposed changes below when you're ready."
        if STOP.match(text):
            self.done = True
            return self._close("Let's stop here.")
        m = steps[self.position]
        reply = "Okay, let's leave that one as it is."
        if not SKIP.match(text):
            self.notes[m.id] = text.strip()
            found = self._read(m, text)
            self.proposals.extend(found)
            reply = ("Thanks for the update. I've noted a suggestion: " + "; ".join(p.describe() for p in found) + "."
                     if found else "Thanks, that's noted.")
        self.position += 1
        if self.position >= len(steps):
            self.done = True
            return self._close(reply)
        return f"{reply}\n\nNext, {self._ask(steps[self.position])}"

    def _close(self, lead: str) -> str:
        if self.proposals:
            return (f"{lead} That's the review done. The changes I'd suggest are listed below; "
                    "nothing in the plan changes until you accept them.")
        return f"{lead} That's the review done, and the plan stays as it is."

    def _read(self, m, text: str) -> list[Proposal]:
        out: list[Proposal] = []
        reason = text.strip()[:300]
        status = None
        done = DONE.search(text)
        if DROPPED.search(text):
            status = Status.DROPPED
        elif done and not NOT.search(text[: done.start()]):
            status = Status.DONE
        elif STARTED.search(text):
            status = Status.IN_PROGRESS
        if status is not None and status != m.status:
            out.append(Proposal(milestone_id=m.id, field="status", before=m.status.value,
                                after=status.value, reason=reason))
        due = self._new_date(m.due, text)
        if due is not None and due != m.due and status not in (Status.DONE, Status.DROPPED):
            out.append(Proposal(milestone_id=m.id, field="due", before=m.due.isoformat() if m.due else None,
                                after=due.isoformat(), reason=reason))
        return out

    def _new_date(self, current: date | None, text: str) -> date | None:
        if found := ISO.search(text):
            try:
                return date.fromisoformat(found.group(1))
            except ValueError:
                return None
        if found := MONTH.search(text):
            month = MONTHS[found.group(1).lower()]
            year = self.today.year + (1 if month < self.today.month else 0)
            return date(year, month, calendar.monthrange(year, month)[1])
        if LATER.search(text):
            return (current or self.today) + timedelta(days=SLIP_DAYS)
        return None


def apply(plan: Plan, proposals: list[Proposal]) -> Plan:
    """The plan with the accepted proposals applied; the original is left untouched."""
    new = plan.model_copy(deep=True)
    for p in proposals:
        m = new.milestone(p.milestone_id)
        if m is None:
            continue
        if p.field == "status":
            m.status = Status(p.after)
        else:
            m.due = date.fromisoformat(p.after)
    return new
