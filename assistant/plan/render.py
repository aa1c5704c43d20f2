"""The plan as a person reads it (Markdown, and the outline DOCX and PDF share), and as JSON."""

# Nothing a person reads carries an internal id: gaps are named in the ladder's words, milestones by
# what they say, levels by their titles.

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date

from assistant.plan.schema import Milestone, MilestoneKind, Origin, Plan

STATUS_LABELS = {"not_started": "Not started", "in_progress": "In progress", "done": "Done", "dropped": "Dropped"}
SOURCE_LABELS = {"pm": "named by the PM", "ladder": "what the target role expects", "manager": "raised by the manager"}
KIND_LABELS = {"discussion": "Discussion", "follow_up": "Follow-up", "review": "Review"}
PATH_LABELS = {"founder": "a move to founding a company", "engineering": "a move into engineering",
               "research": "a move into UX research", "design": "a move into design",
               "content": "growing in the current role, without a promotion"}
MILESTONE_HEADER = ["What", "By when", "Done when", "Owner", "Support"]


@dataclass
class Section:
    """One heading of the plan with its paragraphs, bullet items and at most one table, format-neutral."""

    title: str
    lines: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    table: list[list[str]] = field(default_factory=list)  # the first row is the header
    milestones: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)  # kept for older callers


def day(d: date | None) -> str:
    """A date as a person writes it: '31 Mar 2027'."""
    return f"{d:%d %b %Y}".lstrip("0") if d else "no date"


def heading(plan: Plan) -> str:
    who = f" for {plan.pm_name}" if plan.pm_name else ""
    return f"Development plan{who}"


def owner(plan: Plan, m: Milestone) -> str:
    if m.owner.lower() in ("pm", "the pm", "me", "i"):
        return plan.pm_name or "The PM"
    return m.owner


def what(m: Milestone) -> str:
    mark = {Origin.AI: " (suggested)", Origin.MANAGER: " (added by the manager)"}.get(m.origin, "")
    status = "" if m.status.value == "not_started" else f" [{STATUS_LABELS[m.status.value]}]"
    return f"{m.text}{mark}{status}"


def milestone_rows(plan: Plan, kind: MilestoneKind) -> list[list[str]]:
    chosen = sorted((m for m in plan.milestones if m.kind == kind), key=lambda m: (m.due is None, m.due or plan.created))
    return [[what(m), day(m.due), m.measure or "-", owner(plan, m), m.support or "-"] for m in chosen]


def _overview(plan: Plan) -> Section:
    years = f"{plan.horizon_years:g} year" + ("" if plan.horizon_years == 1 else "s")
    intro = Section("Overview", [f"Product manager: {plan.pm_name or 'not named'}. "
                                 f"Manager: {plan.manager_name or 'not named'}.",
                                 f"Drafted {day(plan.created)}; looks {years} ahead, to {day(plan.horizon_end())}."])
    if plan.current_role:
        intro.lines.append(f"Role today: {plan.current_role}.")
    if plan.target_role:
        intro.lines.append(f"Aiming for: {plan.target_role}.")
    if plan.path in PATH_LABELS:
        intro.lines.append(f"Direction: {PATH_LABELS[plan.path]}.")
    return intro


def outline(plan: Plan) -> list[Section]:
    """The plan's content in reading order, shared by every document format."""
    sections = [_overview(plan)]
    if plan.notice:
        sections.append(Section("Please read first", [plan.notice]))
    if plan.horizon_declined:
        aim = Section("Near-term aim", ["The PM chose a shorter horizon for now; there is no five-year vision in this plan."])
        if plan.goal:
            aim.lines.append(plan.goal)
        sections.append(aim)
    elif not plan.vision.is_empty():
        v = plan.vision
        sections.append(Section("Vision", items=[f"{label}: {value}" for label, value in (
            ("Title", v.title), ("Kind of company", v.company), ("Where", v.location), ("Kind of people", v.people))
            if value]))
    near = milestone_rows(plan, MilestoneKind.NEAR_TERM)
    ms = Section("Milestones for the coming quarters", table=[MILESTONE_HEADER, *near] if near else [])
    if not near:
        ms.lines.append("No milestones yet.")
    sections.append(ms)
    far = milestone_rows(plan, MilestoneKind.STEPPING_STONE)
    if far:
        sections.append(Section("Stepping stones toward the vision", table=[MILESTONE_HEADER, *far]))
    if plan.gaps:
        sections.append(Section("Gaps to close", items=[
            f"{g.area} ({SOURCE_LABELS[g.source.value]})" + (f": {g.expectation}" if g.expectation else "")
            + "".join(f' "{q}"' for q in g.evidence if q.strip(' .') != g.area.strip(' .'))
            for g in plan.gaps]))
    if plan.intersections:
        sections.append(Section("Where interests meet company needs", items=[
            f"{x.interest.rstrip('.')}. What the company needs: {x.company_need.rstrip('.')}. "
            f"Where they meet: {x.opportunity}"
            for x in plan.intersections]))
    if plan.strengths:
        sections.append(Section("Strengths", items=list(plan.strengths)))
    if plan.interests:
        sections.append(Section("Interests", items=list(plan.interests)))
    if plan.support:
        sections.append(Section("What the manager offered", items=list(plan.support)))
    if plan.check_ins:
        sections.append(Section("Check-ins", table=[["When", "What", "Length"], *[
            [day(c.when), f"{KIND_LABELS.get(c.kind.value, c.kind.value)}: {c.purpose}", f"{c.minutes} min"]
            for c in plan.check_ins]]))
    return sections


def md_text(text: str) -> str:
    """User or model text inline in Markdown: one line, no HTML, no images, no stray headings."""
    text = " ".join(str(text).split())
    text = text.replace("<", "&lt;").replace(">", "&gt;").replace("![", "!\\[")
    return re.sub(r"^([#>|])", r"\\\1", text)


def _cell(text: str) -> str:
    return md_text(text).replace("|", "\\|")


def to_markdown(plan: Plan) -> str:
    out = [f"# {md_text(heading(plan))}", ""]
    for s in outline(plan):
        out += [f"## {s.title}", ""]
        out += [md_text(line) + "\n" for line in s.lines]
        out += [f"- {md_text(i)}" for i in s.items]
        if s.items:
            out.append("")
        if s.table:
            out.append("| " + " | ".join(s.table[0]) + " |")
            out.append("|" + "---|" * len(s.table[0]))
            out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in s.table[1:]]
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def to_json(plan: Plan) -> str:
    """The plan as JSON with ISO 8601 dates; `Plan.model_validate_json` reads it back."""
    return json.dumps(plan.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"
