"""Deterministic plan checks: each failure is named, so a repair prompt or a manager can act on it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Iterable

from assistant.plan.verbs import ACTION
from assistant.plan.schema import Plan

# Steps that name no action or outcome; a PM can do nothing with them on Monday morning.
VAGUE = re.compile(
    r"^(?:i\s+(?:will|want to|need to|should)\s+)?(?:get|be|become|do)\s+(?:better|more|good)"
    r"(?:\s+at\s+(?:it|things|stuff|everything|my job|work))?[.!]?$"
    r"|^(?:improve|grow|learn|develop|work on)(?:\s+(?:myself|skills|more|it|things|stuff|my skills))?[.!]?$"
    r"|^(?:tbd|todo|n/?a|none|nothing|something|various|misc\.?|etc\.?)[.!]?$"
)
VAGUE_MEASURE = re.compile(r"^(?:done|tbd|n/?a|yes|ok|okay|complete|completed|finished|when done|it is done)[.!]?$")
PM_OWNERS = {"pm", "the pm", "me", "i", "myself", "product manager", "the product manager"}
MAX_DECLINED_HORIZON = 2.0


@dataclass(frozen=True)
class Failure:
    """One check that did not pass; `fix`, when set, returns a corrected copy of the plan (a one-click fix)."""

    code: str
    milestone_id: str | None
    message: str
    fix: Callable | None = field(default=None, compare=False, repr=False)
    fix_label: str | None = field(default=None, compare=False)

    @property
    def name(self) -> str:
        return self.code

    def __str__(self) -> str:
        where = f"milestone {self.milestone_id}: " if self.milestone_id else ""
        return f"[{self.code}] {where}{self.message}"


def normalise(text: str) -> str:
    """Whitespace and typographic quotes flattened, so a re-wrapped quote still counts as verbatim."""
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return " ".join(text.split()).strip()


def source_texts(transcript: Iterable, manager_notes: str | None = None) -> list[str]:
    """What evidence may quote: the PM's messages and the manager's notes, never the assistant."""
    texts = []
    for m in transcript:
        role = m.get("role") if isinstance(m, dict) else getattr(m, "role", None)
        text = m.get("text") if isinstance(m, dict) else getattr(m, "text", None)
        if role == "pm" and text:
            texts.append(text)
    if manager_notes:
        texts.append(manager_notes)
    return texts


def is_verbatim(quote: str, sources: list[str]) -> bool:
    q = normalise(quote).strip(" .,;:!?\"'")
    return bool(q) and any(q in normalise(s) for s in sources)


def is_specific(text: str) -> bool:
    words = re.findall(r"[\w'&%-]+", text)
    if VAGUE.match(normalise(text).lower()):
        return False
    # Terse is fine when it names an action and what it acts on ("Q3: hire one lead.").
    return (len(words) >= 4 and len(text.strip()) >= 20) or (len(words) >= 3 and bool(ACTION.search(text)))


def is_measurable(measure: str) -> bool:
    words = re.findall(r"[\w'&%-]+", measure)
    return len(words) >= 3 and not VAGUE_MEASURE.match(normalise(measure).lower())


def is_pm_owner(owner: str, pm_name: str | None) -> bool:
    o = normalise(owner).lower()
    return o in PM_OWNERS or bool(pm_name and o == normalise(pm_name).lower())


def check_plan(plan: Plan, transcript: Iterable = (), gaps_offered: Iterable = (),
               manager_notes: str | None = None, horizon_declined: bool | None = None) -> list[Failure]:
    """Every failure in `plan`. `transcript` holds Message objects or {"role","text"} dicts;
    `gaps_offered` the ladder gaps (objects or dicts with an id, or ids) the interview raised."""
    transcript = list(transcript)
    sources = source_texts(transcript, manager_notes)
    out: list[Failure] = []
    declined = plan.horizon_declined if horizon_declined is None else horizon_declined
    if declined and not plan.vision.is_empty():
        out.append(Failure("invented_vision", None,
                           "The PM chose not to look five years out, so the plan must not hold a five-year vision."))
    own_years = max([(m.due - plan.created).days / 365.25 + 0.1 for m in plan.milestones
                     if m.due and m.origin.value == "pm"] or [0])
    # A step the PM dated further out is their choice, not the long view pushed on them.
    if declined and plan.horizon_years > max(MAX_DECLINED_HORIZON, own_years):
        out.append(Failure("horizon_too_long", None,
                           f"The PM asked for a shorter horizon; {plan.horizon_years:g} years is too long "
                           f"(at most {MAX_DECLINED_HORIZON:g})."))
    if not plan.milestones:
        out.append(Failure("no_milestones", None, "The plan has no milestones."))
    gap_ids = {g.id for g in plan.gaps}
    inter_ids = {i.id for i in plan.intersections}
    seen: set[str] = set()
    end = plan.horizon_end()
    for m in plan.milestones:
        if m.id in seen:
            out.append(Failure("duplicate_id", m.id, "Another milestone has the same id."))
        seen.add(m.id)
        if not is_specific(m.text):
            out.append(Failure("not_specific", m.id,
                               f"'{m.text}' is too vague: name the action and what it produces."))
        if m.due is None:
            out.append(Failure("undated", m.id, "It has no due date."))
        elif not plan.created < m.due <= end:
            out.append(Failure("outside_horizon", m.id,
                               f"Due {m.due.isoformat()} is outside the plan's horizon "
                               f"({plan.created.isoformat()} to {end.isoformat()})."))
        if not is_measurable(m.measure):
            out.append(Failure("not_measurable", m.id, "It needs a measure that shows when it is done."))
        if not is_pm_owner(m.owner, plan.pm_name):
            out.append(Failure("not_owned", m.id, f"Owner is '{m.owner}'; every milestone is owned by the PM."))
        unknown = [g for g in m.gap_ids if g not in gap_ids] + [i for i in m.intersection_ids if i not in inter_ids]
        if unknown:
            out.append(Failure("unknown_link", m.id, f"It points at gaps or intersections that do not exist: "
                                                      f"{', '.join(unknown)}."))
        if not [g for g in m.gap_ids if g in gap_ids] and not [i for i in m.intersection_ids if i in inter_ids]:
            out.append(Failure("untied", m.id, "It is tied to no gap and no intersection."))
        for quote in m.evidence:
            if not is_verbatim(quote, sources):
                out.append(Failure("quote_not_found", m.id,
                                   f"Evidence \"{quote}\" does not appear word for word in the conversation."))
    for g in plan.gaps:
        for quote in g.evidence:
            if not is_verbatim(quote, sources):
                out.append(Failure("quote_not_found", None,
                                   f"Gap '{g.area}': evidence \"{quote}\" does not appear word for word "
                                   "in the conversation."))
    for gap in gaps_offered:
        if isinstance(gap, dict):  # a state read back from JSON
            gap = type("Offered", (), gap)
        gid = gap if isinstance(gap, str) else gap.id
        if gid not in gap_ids:
            label = gid if isinstance(gap, str) else f"{getattr(gap, 'label', gid)} ({gid})"
            out.append(Failure("gap_missing", None,
                               f"The interview raised the ladder gap {label}, but the plan leaves it out."))
    from assistant.plan.semantic import semantic_failures  # it builds on the helpers above
    from assistant.plan.workdays import working_day_failures
    return out + working_day_failures(plan) + semantic_failures(plan, list(transcript), manager_notes)


def summary(failures: list[Failure]) -> str:
    """The failures as a bulleted list, for a repair prompt or a manager."""
    return "\n".join(f"- {f}" for f in failures) or "- none"
