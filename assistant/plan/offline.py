"""The offline drafter: a plan assembled from the PM's own words and the ladder, by rules."""

from __future__ import annotations

import re
from datetime import date

from assistant.interview.state import InterviewState
from assistant.ladder import DIMENSIONS, Ladder, Level
from assistant.plan.checks import is_specific, is_verbatim, normalise, source_texts
from assistant.plan.dates import parse_due, spread
from assistant.plan.schedule import check_ins
from assistant.plan.schema import (Gap, GapSource, Intersection, Milestone, Origin, Plan, Vision)

FILLER = re.compile(r"^(?:that'?s (?:about )?it|that'?s all|nothing else|not sure|i don'?t know|and|etc)\W*$", re.I)
# Steps a PM can take toward each ladder dimension, in the first person so the plan reads as theirs.
STEPS = {
    "customers": ("I will lead at least three conversations with large or strategic customers and write up what I learn from each.",
                  "Three customer conversations held, each with a written summary shared with my manager.",
                  "Introduce me to key accounts and bring me into customer meetings."),
    "metrics": ("I will choose one business metric my area can move, set a target with my manager, and report on it every month.",
                "A target agreed, monthly reports sent, and the metric's movement shown at the review.",
                "Help me pick a metric that matters to the business and agree the target."),
    "horizon": ("I will write a roadmap for my area that looks 12 to 18 months ahead and review it with my manager and peers.",
                "A written long-range roadmap reviewed with my manager and shared with my peers.",
                "Review the draft roadmap and point out what leadership will ask."),
    "scope": ("I will take ownership of a wider problem that spans more than one team and agree its goals with the teams involved.",
              "The wider area is formally mine, with goals agreed by every team involved.",
              "Find a wider problem I can own and make the ownership visible."),
    "people": ("I will mentor another PM every two weeks and take part in hiring for the team.",
               "A mentoring rhythm held for a quarter and at least two hiring loops joined.",
               "Pair me with a PM to mentor and add me to hiring loops."),
    "strategy": ("I will write a strategy note for my area covering the market, the competition and where we should invest.",
                 "The strategy note written and discussed with my manager and one senior leader.",
                 "Give feedback on the strategy note and get it in front of leadership."),
    "influence": ("I will present my area's plan and results to senior leaders at least once a quarter.",
                  "At least two presentations to senior leaders given, with their feedback noted.",
                  "Find a slot for me in a leadership review and give feedback afterwards."),
}


# Spoken lists start items with asides; these are trimmed, and clauses opening with DROP are not needs.
LEAD = re.compile(r"^(?:(?:and|so|also|i think|i guess|probably|maybe|honestly|anyway|well|okay|ok|then|plus)\b[\s,]*)+", re.I)
DROP = re.compile(r"^(?:but|because|which|what|that|not|let me|though|although|since|if|like|when|where|who)\b", re.I)
MANAGER_NEED = re.compile(r"\b(?:needs? to|should|would benefit|not yet|has yet to|work on|struggles?|"
                          r"room to grow|next step is|could (?:do|get|be) (?:more|better))\b", re.I)
MAX_PM_GAPS = 4
MAX_OWN_STEPS = 3
MAX_GENERIC_STEPS = 2


def _need(clause: str, ladder: Ladder) -> str | None:
    """A clause from the PM's list of needs, trimmed to the need itself, or None for an aside."""
    clause = LEAD.sub("", clause.strip()).strip(" ,.;")
    if not clause or DROP.match(clause) or FILLER.match(clause):
        return None
    if re.match(r"i(?: have|'ve| had| was| tried)\b", clause, re.I):
        return None  # a story about the past, not something still needed
    words = len(clause.split())
    return clause if words >= 2 and (words <= 8 or ladder.covered([clause])) else None


def _topic(gap: Gap) -> str:
    """How a suggested step names the need it answers, crediting who raised it."""
    if gap.source == GapSource.MANAGER:
        return f"On what my manager raised ({_decap(gap.area)})"
    return f"For {_core(gap.area)}"


def _sentences(text: str | None) -> list[str]:
    if not text:
        return []
    parts = re.split(r"(?<=[.!?;])\s+", text.strip())
    return [p.strip() for p in parts if p.strip() and not FILLER.match(p.strip())]


def _clauses(text: str | None) -> list[str]:
    """A list the PM gave ('A, B, and C') as separate items, each still their own words."""
    items = []
    for sentence in _sentences(text):
        for part in re.split(r",\s*(?:and\s+)?|;\s*", sentence.rstrip(".!?")):
            part = part.strip()
            if part and not FILLER.match(part):
                items.append(part)
    return items


def _measure(text: str, due: date) -> str:
    t = text.lower()
    when = due.strftime("%d %B %Y").lstrip("0")
    if re.search(r"\bpresent|\bdemo|\btalk\b|\bpitch", t):
        return f"The presentation has been given by {when} and the slides or notes are shared with my manager."
    if re.search(r"\bship|\blaunch|\brelease|\broll out", t):
        return f"It is live for users by {when}, with the result written up."
    if re.search(r"\bwrite|\bdraft|\bdocument|\bpublish", t):
        return f"The document is written and shared with my manager by {when}."
    if re.search(r"\blead|\brun|\bown", t):
        return f"By {when} I have run it end to end and can show the outcome to my manager."
    return f"By {when} I can show my manager a concrete result of this step."


def _dimensions(text: str, ladder: Ladder) -> list[str]:
    found = ladder.covered([text])
    return [d for d in DIMENSIONS if d in found]


def _dimension(text: str, ladder: Ladder) -> str | None:
    return next(iter(_dimensions(text, ladder)), None)


def _core(area: str) -> str:
    """'I'd need to get better at saying no' -> 'saying no': the need without the preamble."""
    core = re.sub(r"^(?:i(?:'d| would)?\s+(?:just\s+|really\s+)?(?:need|want)\s+(?:to\s+)?"
                  r"(?:get\s+better\s+at\s+|be\s+better\s+at\s+|have\s+|get\s+)?)", "", area.strip(), flags=re.I)
    core = core.rstrip(".!") or area
    return _decap(core)


# Sentence-initial words safe to lower-case mid-sentence; anything else may be a name ("Sam").
COMMON_STARTS = {"a", "an", "the", "more", "better", "stronger", "less", "some", "any", "my",
                 "our", "their", "his", "her", "time", "experience", "exposure", "visibility",
                 "owning", "leading", "managing", "needs", "need", "should", "could", "to"}


def _decap(text: str) -> str:
    """Lower-case a leading common word or gerund for use mid-sentence; keep names as written."""
    first = text.split(" ", 1)[0]
    bare = first.lower().strip(",.;:")
    if bare in COMMON_STARTS or (bare.endswith("ing") and first[1:].islower()):
        return text[0].lower() + text[1:]
    return text


def _quote(text: str, sources: list[str]) -> list[str]:
    return [normalise(text)] if is_verbatim(text, sources) else []


def target_level(state: InterviewState, ladder: Ladder) -> Level | None:
    if state.target_rank is not None:
        return ladder.by_rank(state.target_rank)
    if state.current_rank is not None:
        return ladder.by_rank(min(state.current_rank + 1, ladder.levels[-1].rank))
    return None


def offline_plan(transcript: list, state: InterviewState, ladder: Ladder, today: date,
                 manager_notes: str | None = None) -> Plan:
    """A plan from rules alone; it passes every check in `checks.check_plan`."""
    sources = source_texts(transcript, manager_notes)
    slots = state.slots
    declined = state.horizon_declined
    horizon = min(state.horizon_years, 1.0) if declined else max(0.5, min(state.horizon_years or 5, 10))
    vision = Vision() if declined or state.vision_skipped else Vision(
        title=slots.get("title"), company=slots.get("company"),
        location=slots.get("location"), people=slots.get("people"))
    target = target_level(state, ladder)
    plan = Plan(current_role=state.current_title, created=today, horizon_years=horizon,
                horizon_declined=declined, vision=vision, goal=slots.get("goal"),
                target_role=state.target_title or (None if declined else slots.get("title")),
                target_level=ladder.by_rank(state.target_rank).id if state.target_rank is not None
                and ladder.by_rank(state.target_rank) else None,
                strengths=_sentences(slots.get("strengths")) + [e for e in state.evidence
                                                               if e not in (slots.get("strengths") or "")],
                interests=_sentences(slots.get("interests")))
    end = plan.horizon_end()

    # Gaps: what the PM named first, then what the ladder added in the interview.
    named = [n for n in (_need(c, ladder) for c in state.experiences or _clauses(slots.get("experiences"))) if n]
    for i, item in enumerate(list(dict.fromkeys(named))[:MAX_PM_GAPS]):
        dim = _dimension(item, ladder)
        plan.gaps.append(Gap(id=f"pm{i + 1}", area=item, source=GapSource.PM,
                             expectation=target.expectation(dim) if target and dim else "",
                             evidence=_quote(item, sources)))
    notes = [n for n in _sentences(manager_notes) if MANAGER_NEED.search(n)]
    for i, note in enumerate(notes[:MAX_PM_GAPS]):
        dim = _dimension(note, ladder)
        plan.gaps.append(Gap(id=f"mgr{i + 1}", area=note.rstrip("."), source=GapSource.MANAGER,
                             expectation=target.expectation(dim) if target and dim else "",
                             evidence=_quote(note, sources)))
    for g in state.gaps_offered:
        plan.gaps.append(Gap(id=g.id, area=g.label, expectation=g.text, source=GapSource.LADDER))
    if not plan.gaps and plan.goal:
        plan.gaps.append(Gap(id="goal", area=plan.goal, source=GapSource.PM, evidence=_quote(plan.goal, sources)))
    if not plan.gaps:
        # The interview ended before any need was named: start from what the ladder asks of the next level.
        level = target or ladder.by_rank(1)
        for dim in (level.focus or ["scope"])[:2]:
            plan.gaps.append(Gap(id=f"{level.id}.{dim}", area=ladder.dimensions[dim].label,
                                 expectation=level.expectation(dim), source=GapSource.LADDER))

    # Intersections: the PM's interests against what the next level asks for.
    if slots.get("interests") or slots.get("intersections"):
        focus = target.focus[0] if target and target.focus else "scope"
        need = target.expectation(focus) if target else "Work that shows the next level."
        plan.intersections.append(Intersection(
            id="x1", interest=slots.get("interests") or slots.get("intersections"), company_need=need,
            opportunity=slots.get("intersections")
            or "Find a piece of next-level work that draws on this interest and make it a milestone."))

    # Milestones: the PM's own commitments first, then a step per gap still open.
    own = [t for t in _sentences(slots.get("milestones")) if is_specific(t)][:MAX_OWN_STEPS]
    if not own and slots.get("intersections") and is_specific(slots["intersections"]):
        own = [t for t in _sentences(slots["intersections"]) if is_specific(t)][:1]
    drafts: list[tuple[str, Origin, list[str], list[str], str | None, str | None, date | None, list[str]]] = []
    covered: set[str] = set()
    for text in own:
        dims = _dimensions(text, ladder)
        gap_ids = [g.id for g in plan.gaps if g.source == GapSource.LADDER and g.id.split(".")[-1] in dims]
        if not gap_ids:
            gap_ids = [g.id for g in plan.gaps if g.source == GapSource.PM and _dimension(g.area, ladder) in dims]
        inter = [x.id for x in plan.intersections] if not gap_ids else []
        if not gap_ids and not inter and plan.gaps:
            gap_ids = [plan.gaps[0].id]
        covered.update(gap_ids)
        drafts.append((text, Origin.PM, gap_ids, inter, None, None, parse_due(text, today), _quote(text, sources)))
    used: dict[str, int] = {}
    generic = 0
    for g in plan.gaps:
        if g.id in covered:
            continue
        dim = g.id.split(".")[-1] if g.source == GapSource.LADDER else _dimension(g.area, ladder)
        if dim in used:
            drafts[used[dim]][2].append(g.id)  # one step serves every gap on the same dimension
            drafts[used[dim]][7].extend(q for q in g.evidence if q not in drafts[used[dim]][7])
            continue
        if dim in STEPS and not (g.source == GapSource.PM and dim == "influence"):
            used[dim] = len(drafts)
            text, measure, support = STEPS[dim]
            if g.source != GapSource.LADDER:
                text = f"{_topic(g)}: {text}"
        elif generic >= MAX_GENERIC_STEPS:
            continue
        else:
            generic += 1
            text = (f"{_topic(g)}: I will pick three real situations, act on it in each, "
                    "and talk each one through with my manager.")
            measure = "Three situations written down, with what I did and what happened, reviewed at our check-ins."
            support = "Point out chances to practise this and give feedback after each one."
        drafts.append((text, Origin.AI, [g.id], [], measure, support, None, list(g.evidence)))
    undated = [i for i, d in enumerate(drafts) if d[6] is None]
    dates = spread(len(undated), today, min(end, today.replace(year=today.year + 1) if not
                                          (today.month == 2 and today.day == 29) else end))
    for n, (text, origin, gap_ids, inter, measure, support, due, quotes) in enumerate(drafts):
        if due is None:
            due = dates[undated.index(n)]
        due = min(due, end)
        plan.milestones.append(Milestone(
            id=f"m{n + 1}", text=text, due=due, measure=measure or _measure(text, due),
            support=support or "Check progress in our one-to-ones and clear blockers.",
            evidence=quotes, origin=origin,
            gap_ids=gap_ids, intersection_ids=inter))
    plan.check_ins = check_ins(today, end, [m.due for m in plan.milestones if m.due])
    return plan
