"""What a manager drafts a report's plan from: what the PM shared, their pre-work, the manager's notes.

Only what the PM chose to share reaches a Brief (the store's `shared_with_me` has already held back
anything sensitive), so nothing here can leak what they kept private."""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.interview.session import Context, initial_state
from assistant.interview.stages import ALL_SLOTS, SLOT_LABELS
from assistant.interview.state import Gap as OfferedGap
from assistant.interview.state import InterviewState
from assistant.ladder import Ladder
from assistant.plan.checks import is_verbatim, source_texts
from assistant.plan.prework import QUESTIONS
from assistant.plan.schema import GapSource, Origin, Plan

VISION = ("title", "company", "location", "people", "goal")
KIND_LABELS = {"summary": "rehearsal summary", "plan": "plan", "excerpts": "chosen excerpts"}


def shared_by(items: list, report=None) -> list:
    """The shared items that came from `report` (every item when drafting locally, by name)."""
    if report is None:
        return list(items)
    return [i for i in items if i.owner.id == report.id
            or (report.email and i.owner.email and i.owner.email.lower() == report.email.lower())]


def describe(content: dict) -> str:
    """A one-line account of what a shared item holds, for the manager to choose by."""
    kind = content.get("kind")
    if kind == "summary":
        answers = content.get("answers") or {}
        return f"{len(answers)} answer(s) from their rehearsal" + (
            f", aiming for {content['target_title']}" if content.get("target_title") else "")
    if kind == "plan":
        plan = content.get("plan") or {}
        return f"version {content.get('version', '?')} of their plan, {len(plan.get('milestones') or [])} milestone(s)"
    return f"{len(content.get('messages') or [])} message(s) they picked from a rehearsal"


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text[-1:] in ".!?" else f"{text}."


def _plan_slots(data: dict) -> dict[str, str]:
    """A shared plan read back as answers: only the parts the PM wrote themselves."""
    plan = Plan.model_validate(data)
    slots = {k: v for k, v in plan.vision.model_dump().items() if v}
    if plan.goal:
        slots["goal"] = plan.goal
    if plan.strengths:
        slots["strengths"] = " ".join(_sentence(s) for s in plan.strengths)
    if plan.interests:
        slots["interests"] = " ".join(_sentence(s) for s in plan.interests)
    own = [m.text for m in plan.milestones if m.origin == Origin.PM]
    if own:
        slots["milestones"] = " ".join(_sentence(t) for t in own)
    return slots


@dataclass
class Brief:
    """Everything one draft starts from; every part is optional."""

    pm_name: str
    current_role: str | None = None
    notes: str | None = None
    prework: dict[str, str] = field(default_factory=dict)
    shared: list[dict] = field(default_factory=list)  # share contents, as shared_with_me gives them

    @property
    def empty(self) -> bool:
        return not (self.prework or self.shared or (self.notes or "").strip())

    def sources(self) -> list[str]:
        out = [f"their shared {KIND_LABELS.get(c.get('kind'), 'item')}" for c in self.shared]
        if self.prework:
            out.append("their pre-work")
        if (self.notes or "").strip():
            out.append("your notes")
        return out

    def _shared_slots(self) -> list[dict[str, str]]:
        out = []
        for c in self.shared:
            if c.get("kind") == "summary":
                out.append({s: a["text"] for s, a in (c.get("answers") or {}).items()
                            if isinstance(a, dict) and a.get("text")})
            elif c.get("kind") == "plan" and c.get("plan"):
                out.append(_plan_slots(c["plan"]))
        return out

    def slots(self) -> dict[str, str]:
        """Slot -> the PM's words: what they shared, then their pre-work (which wins on the vision)."""
        merged: dict[str, str] = {}
        for answers in [*self._shared_slots(), self.prework]:
            for slot, text in answers.items():
                text = (text or "").strip()
                if slot not in ALL_SLOTS or not text:
                    continue
                if slot not in merged or slot in VISION:
                    merged[slot] = text
                elif text not in merged[slot]:
                    merged[slot] = f"{merged[slot]}\n{text}"
        return merged

    def context(self) -> Context:
        return Context(current_role=(self.current_role or "").strip() or self._shared_role(),
                       manager_notes=(self.notes or "").strip() or None, prework=dict(self.prework))

    def _shared_role(self) -> str | None:
        plans = [c["plan"] for c in self.shared if c.get("kind") == "plan" and c.get("plan")]
        return next((p.get("current_role") for p in plans if p.get("current_role")), None)

    def state(self, ladder: Ladder) -> InterviewState:
        """The state a rehearsal would have reached, built from the PM's words alone."""
        context = self.context()
        state = initial_state(Context(context.current_role, context.manager_notes, self.slots()), ladder)
        for answers in self._shared_slots():
            for slot, text in answers.items():
                # Shared answers already passed a rehearsal; a terse one is still the PM's answer.
                if slot in ALL_SLOTS and (slot != "goal" or state.horizon_declined):
                    state.slots.setdefault(slot, text)
        for c in self.shared:
            plan = (c.get("plan") or {}) if c.get("kind") == "plan" else {}
            declined = c.get("horizon_declined") or plan.get("horizon_declined")
            if declined:  # the PM said not now; a draft never asks them to look further
                state.horizon_declined = True
                state.horizon_years = min(float(c.get("horizon_years") or plan.get("horizon_years") or 1), 1.0)
            target = c.get("target_title") or plan.get("target_role")
            if target and not state.target_title and not state.horizon_declined:
                level = ladder.lookup(target)
                state.target_title, state.target_rank = target, level.rank if level else None
            state.evidence += [e for e in c.get("evidence") or [] if e not in state.evidence]
            state.experiences += [e for e in c.get("experiences") or [] if e not in state.experiences]
            named = [g["area"] for g in plan.get("gaps") or [] if g.get("source") == GapSource.PM.value]
            state.experiences += [e for e in named if e not in state.experiences]
            known = {g.id for g in state.gaps_offered}
            state.gaps_offered += [OfferedGap(**g) for g in c.get("gaps") or [] if g.get("id") not in known]
        if state.horizon_declined:
            state.vision_skipped = True
        return state

    def transcript(self) -> list[dict]:
        """The PM's words as a conversation, so a draft can quote them and the checks find the quotes."""
        lines: list[dict] = []
        for slot, text in self.slots().items():
            lines += [{"role": "assistant", "text": QUESTIONS.get(slot, SLOT_LABELS[slot])},
                      {"role": "pm", "text": text}]
        for c in self.shared:
            for quote in [*(c.get("evidence") or []), *(c.get("experiences") or [])]:
                lines.append({"role": "pm", "text": quote})
            for m in c.get("messages") or []:
                if m.get("text"):
                    lines.append({"role": "pm" if m.get("role") == "pm" else "assistant", "text": m["text"]})
        return lines

    def finish(self, plan: Plan) -> Plan:
        """The drafted plan, named for the PM; steps answering only the manager's points are theirs.

        Quotes that are not word for word in the sources are dropped, so every quote the plan
        keeps was checked here, and later checks can trust them."""
        sources = source_texts(self.transcript(), self.context().manager_notes)
        manager_gaps = {g.id for g in plan.gaps if g.source == GapSource.MANAGER}
        steps = []
        for m in plan.milestones:
            update = {"evidence": [q for q in m.evidence if is_verbatim(q, sources)]}
            if m.origin == Origin.AI and m.gap_ids and set(m.gap_ids) <= manager_gaps:
                update["origin"] = Origin.MANAGER
            steps.append(m.model_copy(update=update))
        gaps = [g.model_copy(update={"evidence": [q for q in g.evidence if is_verbatim(q, sources)]})
                for g in plan.gaps]
        return plan.model_copy(update={"pm_name": self.pm_name, "milestones": steps, "gaps": gaps})


def check_sources(context: Context, first: Plan) -> list[dict]:
    """What later checks may find quotes in: the pre-work, and the quotes the first draft verified."""
    lines = [{"role": "pm", "text": t} for t in context.prework.values() if t]
    quotes = [q for m in first.milestones for q in m.evidence] + [q for g in first.gaps for q in g.evidence]
    return lines + [{"role": "pm", "text": q} for q in quotes]
