"""Versions of a plan: every edit is a new version, and any two versions can be compared."""

from __future__ import annotations

from datetime import datetime, timezone
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel

from assistant.plan.schema import GapSource, Origin, Plan

MILESTONE_FIELDS = ("text", "due", "measure", "owner", "support", "status", "evidence", "gap_ids", "intersection_ids",
                    "kind")
GAP_FIELDS = ("area", "expectation", "evidence", "source")
INTERSECTION_FIELDS = ("interest", "company_need", "opportunity")
TOP_FIELDS = ("pm_name", "manager_name", "current_role", "horizon_years", "horizon_declined", "goal", "target_role",
              "target_level", "notice", "path", "time_zone",
              "country")


class Role(StrEnum):
    AI = "ai"
    PM = "pm"
    MANAGER = "manager"


class Version(BaseModel):
    """One saved state of a plan, with who made it, when and why."""

    number: int
    plan: Plan
    author: str
    role: Role
    at: datetime
    note: str = ""


class Change(BaseModel):
    """One difference between two versions, readable on its own."""

    kind: Literal["added", "removed", "changed"]
    where: str  # "vision.title", "milestone m2", "gap director.metrics", "strengths"
    field: str | None = None
    before: str | None = None
    after: str | None = None
    mark: str | None = None  # "PM-owned" or "manager-added" for milestones

    def line(self) -> str:
        mark = f" [{self.mark}]" if self.mark else ""
        what = f"{self.where}.{self.field}" if self.field else self.where
        if self.kind == "added":
            return f"+ {what}{mark}: {self.after}"
        if self.kind == "removed":
            return f"- {what}{mark}: {self.before}"
        return f"~ {what}{mark}: {self.before} -> {self.after}"


class PlanDiff(BaseModel):
    before: int | None = None
    after: int | None = None
    changes: list[Change] = []

    def __bool__(self) -> bool:
        return bool(self.changes)

    def text(self) -> str:
        head = f"Changes from version {self.before} to version {self.after}" if self.before else "Changes"
        return head + ":\n" + ("\n".join(c.line() for c in self.changes) or "(none)")

    def markdown(self) -> str:
        from assistant.plan.render import md_text
        if not self.changes:
            return "No changes."
        return "\n".join(f"- {md_text(c.line())}" for c in self.changes)


def _show(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        return "; ".join(str(v) for v in value) if value else "(none)"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(getattr(value, "value", value))


def _fields(where: str, old, new, names, mark=None) -> list[Change]:
    out = []
    for name in names:
        a, b = getattr(old, name), getattr(new, name)
        if a != b:
            out.append(Change(kind="changed", where=where, field=name, before=_show(a), after=_show(b), mark=mark))
    return out


def _keyed(label: str, old: list, new: list, names, describe, mark=lambda item: None) -> list[Change]:
    before, after = {i.id: i for i in old}, {i.id: i for i in new}
    out = []
    for key, item in after.items():
        if key not in before:
            out.append(Change(kind="added", where=f"{label} {key}", after=describe(item), mark=mark(item)))
        else:
            out += _fields(f"{label} {key}", before[key], item, names, mark(item))
    out += [Change(kind="removed", where=f"{label} {key}", before=describe(item), mark=mark(item))
            for key, item in before.items() if key not in after]
    return out


def _listed(label: str, old: list, new: list) -> list[Change]:
    return ([Change(kind="added", where=label, after=_show(v)) for v in new if v not in old]
            + [Change(kind="removed", where=label, before=_show(v)) for v in old if v not in new])


def diff_plans(old: Plan, new: Plan) -> list[Change]:
    """Every difference, per field and per milestone, in reading order."""
    out = _fields("plan", old, new, TOP_FIELDS)
    out += _fields("vision", old.vision, new.vision, ("title", "company", "location", "people"))
    out += _listed("strengths", old.strengths, new.strengths)
    out += _listed("interests", old.interests, new.interests)
    out += _listed("manager's support", old.support, new.support)
    out += _keyed("gap", old.gaps, new.gaps, GAP_FIELDS, lambda g: g.area,
                  lambda g: "manager-added" if g.source == GapSource.MANAGER else None)
    out += _keyed("intersection", old.intersections, new.intersections, INTERSECTION_FIELDS, lambda x: x.opportunity)
    out += _keyed("milestone", old.milestones, new.milestones, MILESTONE_FIELDS,
                  lambda m: f"{m.text} (due {_show(m.due) or 'no date'})", lambda m: m.ownership)
    out += _listed("check-ins", [f"{c.when.isoformat()} {c.kind.value}: {c.purpose}" for c in old.check_ins],
                   [f"{c.when.isoformat()} {c.kind.value}: {c.purpose}" for c in new.check_ins])
    return out


def marks(plan: Plan) -> list[tuple[str, str, str]]:
    """(milestone id, text, 'PM-owned' | 'manager-added') for every milestone."""
    return [(m.id, m.text, m.ownership) for m in plan.milestones]


class PlanHistory(BaseModel):
    """All versions of one plan, oldest first; serialises to JSON for the store."""

    versions: list[Version] = []

    @classmethod
    def start(cls, plan: Plan, author: str = "Next Step", role: Role = Role.AI,
              note: str = "First draft", at: datetime | None = None) -> "PlanHistory":
        history = cls()
        history.versions.append(Version(number=1, plan=plan, author=author, role=role,
                                        at=at or datetime.now(timezone.utc), note=note))
        return history

    @property
    def latest(self) -> Version:
        return self.versions[-1]

    @property
    def draft(self) -> Version:
        """The AI draft every later version is compared against (the first, if none was AI)."""
        return next((v for v in self.versions if v.role == Role.AI), self.versions[0])

    def get(self, number: int) -> Version:
        for v in self.versions:
            if v.number == number:
                return v
        raise KeyError(f"no version {number}")

    def edit(self, plan: Plan, author: str, role: Role | str, note: str = "",
             at: datetime | None = None) -> Version:
        """Save an edit as a new version. What a manager adds is marked as theirs."""
        role = Role(role)
        previous = self.latest.plan
        plan = plan.model_copy(deep=True)
        old_ms, old_gaps = {m.id for m in previous.milestones}, {g.id for g in previous.gaps}
        for m in plan.milestones:
            if m.id not in old_ms:
                m.origin = Origin.MANAGER if role == Role.MANAGER else Origin.PM if role == Role.PM else m.origin
        for g in plan.gaps:
            if g.id not in old_gaps and role == Role.MANAGER and g.source != GapSource.LADDER:
                g.source = GapSource.MANAGER
        version = Version(number=self.latest.number + 1, plan=plan, author=author, role=role,
                          at=at or datetime.now(timezone.utc), note=note)
        self.versions.append(version)
        return version

    def diff(self, a: int, b: int) -> PlanDiff:
        return PlanDiff(before=a, after=b, changes=diff_plans(self.get(a).plan, self.get(b).plan))

    def diff_from_draft(self, number: int | None = None) -> PlanDiff:
        target = self.get(number) if number is not None else self.latest
        return PlanDiff(before=self.draft.number, after=target.number,
                        changes=diff_plans(self.draft.plan, target.plan))
