"""The plan as Markdown and JSON; the document exports follow the same outline (`outline`)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from assistant.plan.schema import Plan

STATUS_LABELS = {"not_started": "Not started", "in_progress": "In progress", "done": "Done", "dropped": "Dropped"}
SOURCE_LABELS = {"pm": "named by the PM", "ladder": "from the ladder", "manager": "from the manager"}
KIND_LABELS = {"discussion": "Discussion", "follow_up": "Follow-up", "review": "Review"}


@dataclass
class Section:
    """One heading of the plan with its paragraphs and bullet items, format-neutral."""

    title: str
    lines: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    milestones: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)


def _day(d) -> str:
    return d.isoformat() if d else "no date"


def heading(plan: Plan) -> str:
    who = f" for {plan.pm_name}" if plan.pm_name else ""
    return f"Development plan{who}"


def outline(plan: Plan) -> list[Section]:
    """The plan's content in reading order, shared by every document format."""
    years = f"{plan.horizon_years:g} year" + ("" if plan.horizon_years == 1 else "s")
    intro = Section("Overview", [f"Drafted {_day(plan.created)}. Looks {years} ahead, to {_day(plan.horizon_end())}."])
    if plan.current_role:
        intro.lines.append(f"Role today: {plan.current_role}.")
    if plan.target_role or plan.target_level:
        level = f" (ladder level: {plan.target_level})" if plan.target_level else ""
        intro.lines.append(f"Aiming for: {plan.target_role or plan.target_level}{level}.")
    sections = [intro]
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
    if plan.strengths:
        sections.append(Section("Strengths", items=list(plan.strengths)))
    if plan.interests:
        sections.append(Section("Interests", items=list(plan.interests)))
    if plan.gaps:
        sections.append(Section("Gaps", items=[
            f"{g.area} ({SOURCE_LABELS[g.source.value]}, {g.id})"
            + (f": {g.expectation}" if g.expectation else "")
            + "".join(f' Evidence: "{q}"' for q in g.evidence if q.strip(' .') != g.area.strip(' .'))
            for g in plan.gaps]))
    if plan.intersections:
        sections.append(Section("Where interests meet company needs", items=[
            f"Interest: {x.interest} Company need: {x.company_need} Opportunity: {x.opportunity} ({x.id})"
            for x in plan.intersections]))
    ms = Section("Milestones")
    for m in sorted(plan.milestones, key=lambda m: (m.due is None, m.due or plan.created)):
        fields = [("Due", _day(m.due)), ("Done when", m.measure or "-"), ("Owner", "the PM" if m.owner.lower() in ("pm", "the pm") else m.owner),
                  ("Manager's support", m.support or "-"), ("Status", STATUS_LABELS.get(m.status.value, m.status.value)),
                  ("Marked", m.ownership + (" (suggested)" if m.origin.value == "ai" else "")),
                  ("Tied to", ", ".join([*m.gap_ids, *m.intersection_ids]) or "-")]
        fields += [("Evidence", f'"{q}"') for q in m.evidence]
        ms.milestones.append((f"{m.id}. {m.text}", fields))
    if not ms.milestones:
        ms.lines.append("No milestones yet.")
    sections.append(ms)
    if plan.check_ins:
        sections.append(Section("Check-ins", items=[
            f"{_day(c.when)}: {KIND_LABELS.get(c.kind.value, c.kind.value)} ({c.minutes} min). {c.purpose}"
            for c in plan.check_ins]))
    return sections


def md_text(text: str) -> str:
    """User or model text inline in Markdown: one line, no HTML, no images, no stray headings."""
    text = " ".join(str(text).split())
    text = text.replace("<", "&lt;").replace(">", "&gt;").replace("![", "!\\[")
    return re.sub(r"^([#>|])", r"\\\1", text)


def to_markdown(plan: Plan) -> str:
    out = [f"# {md_text(heading(plan))}", ""]
    for s in outline(plan):
        out += [f"## {s.title}", ""]
        out += [md_text(line) + "\n" for line in s.lines]
        out += [f"- {md_text(i)}" for i in s.items]
        if s.items:
            out.append("")
        for title, fields in s.milestones:
            out += [f"### {md_text(title)}", ""]
            out += [f"- **{k}**: {md_text(v)}" for k, v in fields]
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def to_json(plan: Plan) -> str:
    """The plan as JSON with ISO 8601 dates; `Plan.model_validate_json` reads it back."""
    return json.dumps(plan.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"
