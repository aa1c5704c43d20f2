"""The offline drafter: a plan assembled from what the PM and the manager said, and the ladder, by rules."""

from __future__ import annotations

from datetime import date, timedelta

from assistant.interview.state import InterviewState
from assistant.ladder import Ladder, Level
from assistant.plan import needs, paths, speech, stones
from assistant.plan.checks import is_specific, source_texts
from assistant.plan.commitments import Commitment, answers_to, commitments, measure_for
from assistant.plan.dates import spread
from assistant.plan.notes import read_notes
from assistant.plan.schedule import check_ins
from assistant.plan.schema import (Gap, GapSource, Intersection, Milestone, MilestoneKind, Origin, Plan,
                                   Vision)
from assistant.plan.vision import fit_value

NEAR_TERM_DAYS = 270  # three quarters: what a PM can plan in detail
MAX_SUGGESTED = 4
NO_STEPS = ("You have not named a step of your own yet, so every milestone below is a suggestion: "
            "keep it, rewrite it in your own words, or drop it.")
NOTHING = ("This draft is empty: there is nothing from you yet to build on. The milestones below are "
           "suggestions from the career ladder, not your words; keep, change or drop each one.")


def target_level(state: InterviewState, ladder: Ladder) -> Level | None:
    if state.target_rank is not None:
        return ladder.by_rank(state.target_rank)
    if state.current_rank is not None:
        return ladder.by_rank(min(state.current_rank + 1, ladder.levels[-1].rank))
    return None


def _ties(text: str, plan: Plan, ladder: Ladder, climbing: bool = True) -> tuple[list[str], list[str], bool]:
    """(gap ids, intersection ids, whether the step really answers those gaps); off the ladder, no ladder gaps."""
    dim = needs.dimension(text, ladder)
    gaps = [g for g in plan.gaps if climbing or g.source != GapSource.LADDER or g.id.startswith("path.")]
    gap_ids = [g.id for g in gaps if dim and (g.id.split(".")[-1] == dim or needs.dimension(g.area, ladder) == dim)]
    if gap_ids:
        return gap_ids[:2], [], True
    if plan.intersections:
        return [], [plan.intersections[0].id], False
    return ([gaps[0].id] if gaps else [plan.gaps[0].id] if plan.gaps else []), [], False


def _vision(state: InterviewState, declined: bool) -> Vision:
    if declined or state.vision_skipped:
        return Vision()
    return Vision(**{k: fit_value(k, state.slots.get(k)) for k in ("title", "company", "location", "people")})


def _horizon(state: InterviewState, years_from_notes: float | None, own: list[Commitment], today: date) -> float:
    if state.horizon_declined:
        years = min(state.horizon_years or 1, 1.0)
    elif years_from_notes and not any(state.slots.get(k) for k in ("title", "company", "location", "people")):
        years = years_from_notes  # the manager's stated horizon, when the PM gave none of their own
    else:
        years = max(0.5, min(state.horizon_years or 5, 10))
    latest = max([c.due for c in own if c.due] or [today])
    needed = (latest - today).days / 365.25 + 0.05  # the PM's own dates always fit inside the plan
    return round(min(max(years, needed), 10), 2)


def offline_plan(transcript: list, state: InterviewState, ladder: Ladder, today: date,
                 manager_notes: str | None = None) -> Plan:
    """A plan from rules alone; it passes every check in `checks.check_plan`."""
    sources = source_texts(transcript, manager_notes)
    notes = read_notes(manager_notes, ladder, today)
    own = commitments(transcript, state.slots, today)
    pm_words = [t for t in sources if t != manager_notes]
    declined = state.horizon_declined
    title = fit_value("title", state.target_title) or fit_value("title", state.slots.get("title"))
    off_ladder = getattr(state, "target_level", None) == "off_ladder"
    current = ladder.by_rank(state.current_rank) if state.current_rank is not None else None
    aim = ladder.by_rank(state.target_rank) if state.target_rank is not None else None
    climbing = None if aim is None or current is None else aim.rank > current.rank
    path = paths.path_of([state.target_title or "", state.slots.get("title") or "", state.slots.get("goal") or ""],
                         pm_words, off_ladder, climbing)
    no_reports = paths.wants_no_reports(pm_words)
    target = (target_level(state, ladder) or notes.target) if path == paths.PROMOTION else None
    if target is None and path == paths.PROMOTION and notes.target:
        target = notes.target
    if path == paths.PROMOTION and not title and target and notes.target is target:
        title = target.title
    plan = Plan(current_role=state.current_title, created=today,
                horizon_years=_horizon(state, notes.years, own, today), horizon_declined=declined,
                vision=_vision(state, declined), goal=fit_value("goal", state.slots.get("goal")),
                target_role=None if declined else title, path=path,
                target_level=target.id if target else ("off_ladder" if path in paths.CHANGERS else None),
                strengths=_said(state, transcript, "strengths")
                + [e for e in state.evidence if e not in (state.slots.get("strengths") or "")] + notes.praise,
                interests=_said(state, transcript, "interests"),
                support=list(notes.support))
    end = plan.horizon_end()
    near_end = min(end, today + timedelta(days=NEAR_TERM_DAYS))

    plan.gaps += needs.pm_gaps(state, ladder, target, sources, answers_to(transcript, "experiences"))
    plan.gaps += needs.manager_gaps(notes.concerns, ladder, target, sources)
    plan.gaps += [Gap(id=g.id, area=g.label, expectation=g.text, source=GapSource.LADDER) for g in state.gaps_offered]
    if path in paths.CHANGERS:
        plan.gaps += needs.path_gaps(path)
    interest = plan.interests[0] if plan.interests else None
    opportunity = fit_value("intersections", state.slots.get("intersections"))
    if interest or opportunity or path == paths.CONTENT:
        level = target or current
        focus = (level.focus or ["scope"])[0] if level else "scope"
        plan.intersections.append(Intersection(
            id="x1", interest=interest or opportunity or "The work I do today",
            company_need=level.expectation(focus) if level else "Work that the next level asks for.",
            opportunity=opportunity or "A piece of work that draws on this interest and shows the next level."))
    if not plan.gaps and path == paths.PROMOTION:
        level = target or ladder.by_rank(1)
        plan.gaps += [needs.ladder_gap(level, d, ladder) for d in (level.focus or ["scope"])[:2]]
    if not plan.gaps and not plan.intersections and plan.goal:
        plan.gaps.append(Gap(id="goal", area=plan.goal, source=GapSource.PM, evidence=needs.quote(plan.goal, sources)))
    if not plan.gaps and not plan.intersections:
        level = current or ladder.by_rank(1)
        plan.gaps += [needs.ladder_gap(level, d, ladder) for d in (level.focus or ["scope"])[:2]]

    drafts: list[dict] = []
    covered: set[str] = set()
    for c, origin in [(c, Origin.PM) for c in own] + [(c, Origin.MANAGER) for c in notes.steps]:
        gap_ids, inter, matched = _ties(c.text, plan, ladder, climbing=path == paths.PROMOTION)
        covered.update(gap_ids if matched else [])
        text = c.text[0].upper() + c.text[1:]
        if origin == Origin.MANAGER and len(speech.words(text)) < 5:
            text = f"{text.rstrip('.')}, as my manager suggested: agree with them what done looks like, then do it"
        if origin == Origin.PM and plan.goal and not is_specific(text):
            # "Live in June.", said in a list about one piece of work: what goes live is the aim
            # they named, so the step says so; their own words stay first and whole.
            text = f"{text.rstrip('.')} (toward my aim: {plan.goal[0].lower()}{plan.goal[1:].rstrip('.')})"
        text += "" if text[-1:] in ".!?" else "."
        drafts.append(dict(text=text, due=c.due, measure=c.measure, origin=origin, gap_ids=gap_ids,
                           intersection_ids=inter, evidence=needs.quote(c.text, sources), support=None))
    skip = {"people"} if no_reports else set()
    drafts += _suggestions(plan, path, target, ladder, covered, interest, skip)
    undated = [d for d in drafts if d["due"] is None]
    for d, due in zip(undated, spread(len(undated), today, near_end)):
        d["due"] = due
    if not declined and not state.vision_skipped:
        drafts += _stones(plan, path, current, target, ladder, interest, today, end, skip)
    for n, d in enumerate(drafts):
        d["due"] = min(d["due"], end) if d["origin"] != Origin.PM else d["due"]
        d["measure"] = d["measure"] or measure_for(d["text"], d["due"])
        d["support"] = d["support"] or "Check progress in our one-to-ones and clear blockers."
        far = d.pop("kind", None) or (MilestoneKind.STEPPING_STONE if (d["due"] - today).days > 365
                                      else MilestoneKind.NEAR_TERM)
        plan.milestones.append(Milestone(id=f"m{n + 1}", kind=far, **d))
    _place_offers(plan, ladder)
    if not own and not notes.steps:
        plan.notice = NOTHING if not pm_words and not manager_notes else NO_STEPS
    plan.check_ins = check_ins(today, end, [m.due for m in plan.milestones if m.due])
    return plan


def _said(state: InterviewState, transcript: list, slot: str) -> list[str]:
    """What the PM said for a slot: the slot's statements, else their answers to that question."""
    texts = [state.slots.get(slot)] if state.slots.get(slot) else answers_to(transcript, slot)
    return [s for t in texts for s in speech.sentences(t) if speech.declares(s) and not speech.is_hedged(s)]


def _place_offers(plan: Plan, ladder: Ladder) -> None:
    """Each offer of help in the manager's notes supports the step it fits, in the manager's words."""
    taken: set[str] = set()
    for offer in plan.support:
        dim = needs.dimension(offer, ladder)
        fits = [m for m in plan.milestones if m.id not in taken and dim and needs.dimension(m.text, ladder) == dim]
        fits = fits or [m for m in plan.milestones if m.id not in taken and any(g.startswith("mgr") for g in m.gap_ids)]
        if fits:
            fits[0].support = offer
            taken.add(fits[0].id)


def _suggestions(plan: Plan, path: str, target: Level | None, ladder: Ladder, covered: set[str],
                 interest: str | None, skip: set[str]) -> list[dict]:
    """A step per open gap, written for that gap and that target; a new path gets its own steps."""
    out: list[dict] = []

    def add(step, gap_ids, inter=()):
        text, measure, support = step
        out.append(dict(text=text, due=None, measure=measure, origin=Origin.AI, gap_ids=list(gap_ids),
                        intersection_ids=list(inter), evidence=[], support=support))

    if path in paths.CHANGERS:
        gaps = [g for g in plan.gaps if g.id.startswith(f"path.{path}.")]
        for step, gap in zip(paths.path_steps(path), gaps):
            add(step, [gap.id])
        return out
    if path == paths.CONTENT:
        area = paths.topic(interest)
        tie = ([], [plan.intersections[0].id]) if plan.intersections else ([plan.gaps[0].id], [])
        for step in paths.content_steps(area)[:2]:
            add(step, *tie)
        return out
    by_dim: dict[str, dict] = {}
    for g in plan.gaps:
        if g.id in covered or len(out) >= MAX_SUGGESTED:
            continue
        dim = g.id.split(".")[-1] if g.source == GapSource.LADDER else needs.dimension(g.area, ladder)
        if dim in skip:
            continue
        area = None if g.source == GapSource.LADDER else needs.core(g.area)
        key = dim or paths.theme_of(area or g.area) or "practice"  # one step per kind of need, never two alike
        if key in by_dim:
            by_dim[key]["gap_ids"].append(g.id)
            continue
        if g.source == GapSource.MANAGER:
            area = f"what my manager raised ({needs.decap(g.area)})"
        step = (paths.ladder_step(dim, target, area) if dim else
                paths.theme_step(area or g.area) or paths.practice_step(area or g.area))
        add(step, [g.id])
        by_dim[key] = out[-1]
    return out


def _stones(plan, path, current, target, ladder, interest, today, end, skip) -> list[dict]:
    n = stones.count(plan.horizon_years)
    days = stones.dates(n, today, end)
    if not days:
        return []

    def gap_of(dim: str) -> str:
        found = next((g.id for g in plan.gaps if g.id.split(".")[-1] == dim), None)
        if found is None and target is not None:
            plan.gaps.append(needs.ladder_gap(target, dim, ladder))
            found = plan.gaps[-1].id
        return found

    if path in paths.CHANGERS:
        made = stones.changer(path, [g for g in plan.gaps if g.id.startswith("path.")], len(days))
    elif path == paths.CONTENT:
        x = plan.intersections[0].id if plan.intersections else None
        made = stones.content(paths.topic(interest), x,
                              None if x else plan.gaps[0].id, len(days))
    elif target is not None:
        made = stones.promotion(ladder, current, target, gap_of, len(days), skip)
    else:
        return []
    return [dict(text=s.text, due=d, measure=s.measure, origin=Origin.AI, support=s.support, evidence=[],
                 gap_ids=[s.gap_id] if s.gap_id else [], intersection_ids=[s.intersection_id] if s.intersection_id else [],
                 kind=MilestoneKind.STEPPING_STONE) for s, d in zip(made, days)]
