"""Checks on what a plan says, not just its shape; each names the problem and, where it can, fixes it."""

# The same checks run beside the plan in the app, in the LLM drafter's repair and in the evaluation.

from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import Iterable

from assistant.plan import paths, speech
from assistant.plan.checks import Failure, normalise, source_texts
from assistant.plan.commitments import QUANTITY, Commitment, commitments
from assistant.plan.schema import GapSource, Origin, Plan
from assistant.plan.workdays import working_day

VISION_FIELDS = {"title": "title", "company": "kind of company", "location": "place", "people": "kind of people"}
FILLER = re.compile(r"pick three real situations|act on it in each|a concrete result of this step|"
                    r"talk each one through with my manager|^(?:for [^:]{0,60}: )?(?:improve|work on|get better at|"
                    r"grow|develop|learn)(?: (?:it|things|stuff|myself|my skills|skills))?\.?$", re.I)
PROMOTION = re.compile(r"\bpromot\w*|\bnext level\b|\bbe ready for the .+ role\b|\bwork at .+ level\b|"
                       r"\bpromotion case\b", re.I)
NEAR_DUPLICATE = 0.8
EMPTY_NOTICE = ("You have not named a step of your own yet, so every milestone below is a suggestion: "
                "keep it, rewrite it in your own words, or drop it.")


def _noisy(value: str | None) -> bool:
    if not value or not value.strip():
        return False
    return speech.MARKUP.search(value) is not None or any(
        speech.is_question(s) or speech.is_refusal(s) or speech.is_goodbye(s) or speech.is_vent(s)
        or speech.INSTRUCTION.match(s) for s in speech.sentences(value) or [value])


def _copy(plan: Plan) -> Plan:
    return plan.model_copy(deep=True)


def vision_checks(plan: Plan) -> list[Failure]:
    """No vision field, aim or target may hold a refusal, a question, a goodbye or venting."""
    out = []
    fields = [("vision." + k, label, getattr(plan.vision, k)) for k, label in VISION_FIELDS.items()]
    fields += [("goal", "near-term aim", plan.goal), ("target_role", "target role", plan.target_role)]
    for where, label, value in fields:
        if not _noisy(value):
            continue

        def fix(p: Plan, where=where) -> Plan:
            p = _copy(p)
            owner, _, attr = where.rpartition(".")
            obj = p.vision if owner else p
            setattr(obj, attr or where, speech.keep_statements(getattr(obj, attr or where)))
            return p
        out.append(Failure("vision_not_an_answer", None,
                           f"The {label} reads \"{speech.clean(value)[:80]}\", which asks, refuses or says "
                           "goodbye rather than answering.", fix, f"Clear the {label} of it"))
    return out


def _match(c: Commitment, plan: Plan):
    """The milestone carrying a commitment: its words, or most of them."""
    want = normalise(c.text).lower().rstrip(".")
    best, score = None, 0.0
    for m in plan.milestones:
        have = normalise(m.text).lower()
        ratio = 1.0 if want in have else SequenceMatcher(None, want, have).ratio()
        if ratio > score:
            best, score = m, ratio
    return best if score >= 0.6 else None


def own_due(c: Commitment, plan: Plan):
    """The PM's date as the plan keeps it: on a working day in the plan's country."""
    return working_day(c.due, plan.country, plan.created, plan.horizon_end()) if c.due else None


def date_kept(c: Commitment, due, plan: Plan) -> bool:
    # The day they said, the weekday it falls on, or the working day after a holiday: all theirs.
    return due in (c.due, c.said_due, own_due(c, plan))


def measure_kept(c: Commitment, measure: str) -> bool:
    """Every number or amount in the PM's measure appears in the milestone's measure."""
    wanted = {q.group(0).lower() for q in QUANTITY.finditer(c.measure or "")}
    have = normalise(measure).lower()
    return all(re.search(rf"(?<!\w){re.escape(q)}(?!\w)", have) for q in wanted)


def own_word_checks(plan: Plan, own: list[Commitment]) -> list[Failure]:
    """The PM's own steps are in the plan with their own dates and their own measures."""
    out = []
    for c in own:
        m = _match(c, plan)
        if m is None:
            def add(p: Plan, c=c) -> Plan:
                from assistant.plan.schema import Milestone
                p = _copy(p)
                ids = {x.id for x in p.milestones}
                new_id = next(f"m{i}" for i in range(1, len(ids) + 2) if f"m{i}" not in ids)
                tie = ([p.gaps[0].id], []) if p.gaps else ([], [p.intersections[0].id] if p.intersections else [])
                p.milestones.append(Milestone(id=new_id, text=c.text, due=own_due(c, p), measure=c.measure or
                                              "Done, and shown to my manager at our next check-in.",
                                              gap_ids=tie[0], intersection_ids=tie[1]))
                return p
            out.append(Failure("pm_step_missing", None, f"Your step \"{c.text}\" is not in the plan.", add,
                               "Put the step back"))
            continue
        if c.due and not date_kept(c, m.due, plan):
            def redate(p: Plan, mid=m.id, c=c) -> Plan:
                p = _copy(p)
                if p.milestone(mid) is not None:
                    p.milestone(mid).due = own_due(c, p)
                return p
            out.append(Failure("pm_date_changed", m.id, f"You said \"{c.phrase}\" ({c.due:%d %b %Y}); the plan "
                               f"has {m.due:%d %b %Y}." if m.due else f"You said \"{c.phrase}\"; the plan has no date.",
                               redate, "Use the date you said"))
        if c.measure and not measure_kept(c, m.measure):
            def remeasure(p: Plan, mid=m.id, measure=c.measure) -> Plan:
                p = _copy(p)
                if p.milestone(mid) is not None:
                    p.milestone(mid).measure = measure
                return p
            out.append(Failure("pm_measure_lost", m.id, f"Your own measure \"{c.measure}\" was replaced.",
                               remeasure, "Use your own measure"))
    return out


def _drop(ids: set[str]):
    def fix(p: Plan) -> Plan:
        p = _copy(p)
        p.milestones = [m for m in p.milestones if m.id not in ids]
        return p
    return fix


def is_filler(text: str) -> bool:
    """A step no one can act on: a stock phrase, or a question, refusal or goodbye dressed as a step."""
    head, _, rest = text.partition(": ")
    body = rest if rest and head.lower().startswith(("for ", "on ")) else text
    area = head[4:] if rest and head.lower().startswith("for ") else None
    if area and area.startswith("what my manager raised (") and area.endswith(")"):
        area = area[len("what my manager raised ("):-1]
    return bool(FILLER.search(text)) or speech.is_noise(body) or (area is not None and (
        speech.is_question(area) or speech.is_refusal(area) or speech.is_goodbye(area)
        or len(speech.words(area)) < 2))


def step_checks(plan: Plan) -> list[Failure]:
    """No filler and no two milestones that say the same thing."""
    out = []
    for m in plan.milestones:
        if is_filler(m.text) or FILLER.search(m.measure or ""):
            out.append(Failure("generic_filler", m.id, f"\"{m.text[:80]}\" is a stock phrase or not a step; "
                               "nobody can act on it.", _drop({m.id}) if len(plan.milestones) > 1 else None,
                               "Drop this milestone"))
    for i, a in enumerate(plan.milestones):
        for b in plan.milestones[i + 1:]:
            if a.origin == b.origin == Origin.PM and a.due != b.due:
                continue  # the PM said it twice on purpose, for two dates
            ratio = SequenceMatcher(None, normalise(a.text).lower(), normalise(b.text).lower()).ratio()
            if ratio >= NEAR_DUPLICATE:
                out.append(Failure("near_duplicate", b.id, f"It says the same thing as {a.id}.", _drop({b.id}),
                                   "Keep only the first"))
    return out


def path_checks(plan: Plan, pm_texts: list[str]) -> list[Failure]:
    """No promotion steps for a PM who wants none; a career changer's steps point at their target."""
    out = []
    changer = plan.path if plan.path in paths.CHANGERS else paths.changer_kind(
        [plan.target_role or "", plan.vision.title or ""])
    content = plan.path == paths.CONTENT or (plan.path is None and paths.is_content(pm_texts))
    if content or changer:
        ladder_gaps = {g.id for g in plan.gaps if g.source == GapSource.LADDER and not g.id.startswith("path.")}
        promo = {m.id for m in plan.milestones if m.origin != Origin.PM and (PROMOTION.search(m.text) or (
            m.origin == Origin.AI and set(m.gap_ids) & ladder_gaps and not m.intersection_ids))}
        if promo:
            who = "is happy where they are" if content else f"is moving toward {changer}"
            out.append(Failure("unwanted_promotion", None, f"The PM {who}, but {', '.join(sorted(promo))} "
                               "push toward a product promotion.", _drop(promo), "Drop the promotion steps"))
    if changer:
        words = re.compile(paths.bank()["paths"][changer]["match"], re.I)
        off = {m.id for m in plan.milestones if m.origin == Origin.AI and not any(
            g.startswith(f"path.{changer}.") for g in m.gap_ids) and not words.search(m.text)}
        if off:
            out.append(Failure("off_target", None, f"{', '.join(sorted(off))} do not lead toward "
                               f"{paths.path_title(changer).lower()}.", _drop(off), "Drop those steps"))
    return out


def empty_checks(plan: Plan) -> list[Failure]:
    """A plan with none of the PM's own steps says so rather than passing suggestions off as theirs."""
    theirs = [m for m in plan.milestones if m.origin in (Origin.PM, Origin.MANAGER)]
    # Another notice (a date moved off a holiday) does not say that the steps are only suggestions.
    if theirs or "suggestion" in (plan.notice or "").lower():
        return []

    def fix(p: Plan) -> Plan:
        p = _copy(p)
        p.notice = f"{EMPTY_NOTICE}\n\n{p.notice.strip()}" if (p.notice or "").strip() else EMPTY_NOTICE
        return p
    return [Failure("empty_not_said", None, "None of these milestones came from the PM, and the plan does not say "
                    "so.", fix, "Say that these are suggestions")]


def semantic_failures(plan: Plan, transcript: Iterable = (), manager_notes: str | None = None) -> list[Failure]:
    """Every semantic check on one plan; dates are read relative to the day it was drafted."""
    transcript = list(transcript)
    own = commitments(transcript, None, plan.created)
    pm_texts = [t for t in source_texts(transcript) if t]
    return (vision_checks(plan) + own_word_checks(plan, own) + step_checks(plan)
            + path_checks(plan, pm_texts) + empty_checks(plan))


def apply_fixes(plan: Plan, failures: list[Failure]) -> Plan:
    """The plan with every available one-click fix applied, in order."""
    for f in failures:
        if f.fix is not None:
            plan = f.fix(plan)
    return plan
