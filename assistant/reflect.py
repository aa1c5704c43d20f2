"""The follow-up conversation over a saved plan: milestone by milestone, proposing changes a person accepts."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Literal

from pydantic import BaseModel, Field

from assistant.plan.dates import parse_due
from assistant.plan.schema import Plan, Status

DONE = re.compile(r"\b(done|finished|complete[d]?|shipped|launched|delivered|presented|wrapped up|nailed)\b", re.I)
NOT = re.compile(r"\b(not|n't|never|yet to|haven't|hasn't|didn't)\b[^.,;]{0,20}$", re.I)
STARTED = re.compile(r"\b(started|in progress|halfway|half way|underway|working on|on track|begun|began|partly|some progress)\b", re.I)
DROPPED = re.compile(r"\b(drop(ped)?|no longer|not relevant|abandon(ed)?|cancel(l)?ed|give up|gave up|doesn't matter)\b", re.I)
LATER = re.compile(r"\b(push(ed)? (it )?back|delay(ed)?|more time|slipp?(ed|ing)?|behind|postpone[d]?|later than)\b", re.I)
STOP = re.compile(r"^\s*(stop|that's enough|thats enough|enough for (now|today)|let's stop|end)\b", re.I)
SKIP = re.compile(r"^\s*(skip|pass|next)\b", re.I)
ISO = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")
SLIP_DAYS = 28  # "I need more time" without a date: propose four weeks, the PM can change it


class Update(BaseModel):
    """What the PM said about one milestone, as data: the model fills it, or the rules do."""

    status: Literal["not_started", "in_progress", "done", "dropped"] | None = Field(
        None, description="The milestone's state as the PM describes it now; null if they did not say")
    due: date | None = Field(None, description="A new due date if they moved it, ISO 8601; else null")
    later: bool = Field(False, description="True when they need more time but named no date")
    skip: bool = Field(False, description="True when they want to skip this milestone")
    stop: bool = Field(False, description="True when they want to end the follow-up now")
    source: str = "rules"


def read_update(text: str, today: date) -> Update:
    """The rules' reading of an update: transparent patterns, no model."""
    if STOP.match(text):
        return Update(stop=True)
    if SKIP.match(text):
        return Update(skip=True)
    status = None
    done = DONE.search(text)
    if DROPPED.search(text):
        status = "dropped"
    elif done and not NOT.search(text[: done.start()]):
        status = "done"
    elif STARTED.search(text):
        status = "in_progress"
    return Update(status=status, due=_named_date(text, today), later=bool(LATER.search(text)))


class UpdateReader:
    """Reads updates with a chat model when there is one; the rules otherwise, or when it fails."""

    def __init__(self, model=None, method: str = "function_calling") -> None:
        self.chain = None
        if model is not None:
            from assistant.prompts import load_prompt

            self.chain = load_prompt("reflect") | model.with_structured_output(Update, method=method)

    def read(self, text: str, milestone, today: date) -> Update:
        if self.chain is None:
            return read_update(text, today)
        from assistant.prompts import check_inputs

        try:
            update = self.chain.invoke(check_inputs("reflect", {
                "today": today.isoformat(), "milestone": milestone.text,
                "due": milestone.due.isoformat() if milestone.due else "no date",
                "measure": milestone.measure or "not set", "status": milestone.status.value,
                "answer": text}))
        except Exception:  # noqa: BLE001 - an outage or malformed output: the rules still work
            update = None
        if not isinstance(update, Update):
            return read_update(text, today).model_copy(update={"source": "rules-fallback"})
        return update.model_copy(update={"source": "model"})


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
    def replay(cls, plan: Plan, today: date, answers: list) -> "Reflection":
        """Rebuild from the PM's answers: plain texts, or (text, saved Update or None) pairs."""
        reflection = cls(plan=plan, today=today)
        for item in answers:
            text, update = item if isinstance(item, tuple) else (item, None)
            reflection.answer(text, update)
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

    def answer(self, text: str, update: Update | None = None) -> str:
        """Note the PM's update on the current milestone and ask about the next one.

        `update` is the reading saved with the message; without one the rules read `text`."""
        steps = self.steps()
        if self.done or self.position >= len(steps):
            self.done = True
            return "We've been through the whole plan. Review the proposed changes below when you're ready."
        update = update or read_update(text, self.today)
        if update.stop:
            self.done = True
            return self._close("Let's stop here.")
        m = steps[self.position]
        reply = "Okay, let's leave that one as it is."
        if not update.skip:
            self.notes[m.id] = text.strip()
            found = self._proposals(m, update, text)
            self.proposals.extend(found)
            reply = ("Thanks for the update. I've noted a suggestion: " + "; ".join(p.describe() for p in found) + "."
                     if found else "Thanks, that's noted.")
        self.position += 1
        if self.position >= len(steps):
            self.done = True
            return self._close(reply)
        return f"{reply}\n\nNext, {self._ask(steps[self.position])}"

    def current(self):
        """The milestone the next answer is about, if any."""
        steps = self.steps()
        return steps[self.position] if not self.done and self.position < len(steps) else None

    def _close(self, lead: str) -> str:
        if self.proposals:
            return (f"{lead} That's the review done. The changes I'd suggest are listed below; "
                    "nothing in the plan changes until you accept them.")
        return f"{lead} That's the review done, and the plan stays as it is."

    def _proposals(self, m, update: Update, text: str) -> list[Proposal]:
        out: list[Proposal] = []
        reason = text.strip()[:300]
        status = Status(update.status) if update.status else None
        if status is not None and status != m.status:
            out.append(Proposal(milestone_id=m.id, field="status", before=m.status.value,
                                after=status.value, reason=reason))
        due = update.due or ((m.due or self.today) + timedelta(days=SLIP_DAYS) if update.later else None)
        if due is not None and due != m.due and status not in (Status.DONE, Status.DROPPED):
            out.append(Proposal(milestone_id=m.id, field="due", before=m.due.isoformat() if m.due else None,
                                after=due.isoformat(), reason=reason))
        return out


def _named_date(text: str, today: date) -> date | None:
    """The first date the PM names ("by May", "end of Q2", "2027-03-01"), on a working day."""
    if found := ISO.search(text):
        try:
            return date.fromisoformat(found.group(1))
        except ValueError:
            return None
    return parse_due(text, today)


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
