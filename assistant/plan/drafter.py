"""Drafting a plan: one structured-output call, the checks, at most one repair; offline otherwise."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date

from langchain_core.exceptions import OutputParserException
from langchain_core.language_models import BaseChatModel
from pydantic import ValidationError

from assistant.interview.stages import SLOT_LABELS
from assistant.interview.state import InterviewState
from assistant.ladder import DIMENSIONS, Ladder
from assistant.plan import speech
from assistant.plan.checks import Failure, check_plan, is_verbatim, source_texts, summary
from assistant.plan.offline import offline_plan, target_level
from assistant.plan.schedule import check_ins
from assistant.plan.schema import DraftContent, Origin, Plan, Vision
from assistant.plan.semantic import apply_fixes
from assistant.plan.workdays import country_code, country_from_place, keep_to_working_days
from assistant.prompts import check_inputs, load_prompt

MAX_CALLS = 3


@dataclass
class Draft:
    """A drafted plan, the checks it still fails (for the manager to see), and how it was made."""

    plan: Plan
    failures: list[Failure] = field(default_factory=list)
    calls: int = 0
    source: str = "offline"  # "llm", "llm-repaired" or "offline"
    note: str | None = None

    @property
    def ok(self) -> bool:
        return not self.failures

    @property
    def own_words(self) -> bool:
        """True only when at least one milestone is the PM's own step."""
        return any(m.origin == Origin.PM for m in self.plan.milestones)

    @property
    def label(self) -> str:
        """How the draft may be described to a person: never 'your own words' when it is not."""
        if self.source != "offline":
            return "AI draft"
        if self.own_words:
            return "Draft from your own words (offline rules)"
        return "Suggestions only: no step of your own yet (offline rules)"


class _Malformed(Exception):
    pass


def _role_text(m) -> tuple[str, str]:
    if isinstance(m, dict):
        return m.get("role", ""), m.get("text", "")
    return getattr(m, "role", ""), getattr(m, "text", "")


def _transcript_text(transcript: list) -> str:
    lines = []
    for m in transcript:
        role, text = _role_text(m)
        lines.append(f"{'PM' if role == 'pm' else 'Interviewer'}: {text}")
    return "\n".join(lines) or "(no conversation)"


def _horizon(state: InterviewState) -> float:
    return min(state.horizon_years, 1.0) if state.horizon_declined else max(0.5, min(state.horizon_years or 5, 10))


def _shell(state: InterviewState, ladder: Ladder, today: date) -> Plan:
    """The parts of a plan the application knows without a model."""
    target = ladder.by_rank(state.target_rank) if state.target_rank is not None else None
    return Plan(current_role=state.current_title, created=today, horizon_years=_horizon(state),
                horizon_declined=state.horizon_declined, target_role=state.target_title,
                target_level=target.id if target else None)


def honest_origins(plan: Plan, transcript: list, manager_notes: str | None, answers=()) -> Plan:
    """A model may call a step the PM's own; it stays so only if the PM's words (or pre-work answers) hold it."""
    pm_words = source_texts(transcript) + [a for a in answers if a]
    # The drafter quotes text with markup taken out and a capital at the start.
    pm_words = [t.lower() for t in pm_words + [speech.clean(t) for t in pm_words]]
    for m in plan.milestones:
        if m.origin == Origin.PM and not (is_verbatim(m.text.lower(), pm_words)
                                          or any(is_verbatim(q.lower(), pm_words) for q in m.evidence)):
            m.origin = Origin.AI
    if not any(m.origin in (Origin.PM, Origin.MANAGER) for m in plan.milestones) and not plan.notice:
        from assistant.plan.offline import NO_STEPS
        plan.notice = NO_STEPS
    return plan


def _assemble(content: DraftContent, shell: Plan, state: InterviewState) -> Plan:
    data = content.model_dump()
    plan = shell.model_copy(update={k: getattr(content, k) for k in data})
    if state.horizon_declined or state.vision_skipped:
        plan.vision = Vision()  # the PM said not now; that is never overridden by a model
    plan.target_role = plan.target_role or shell.target_role
    plan.target_level = plan.target_level or shell.target_level
    plan.check_ins = check_ins(plan.created, plan.horizon_end(), [m.due for m in plan.milestones if m.due])
    return plan


def _invoke(chain, inputs: dict) -> DraftContent:
    try:
        result = chain.invoke(inputs)
    except (OutputParserException, ValidationError) as exc:
        raise _Malformed(str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from exc
    if isinstance(result, dict):
        try:
            result = DraftContent.model_validate(result)
        except ValidationError as exc:
            raise _Malformed("the plan did not match the schema") from exc
    if not isinstance(result, DraftContent):
        raise _Malformed("the model returned no plan")
    return result


def draft_inputs(transcript: list, state: InterviewState, ladder: Ladder, today: date,
                 manager_notes: str | None) -> dict:
    shell = _shell(state, ladder, today)
    target = target_level(state, ladder)
    expectations = "\n".join(f"- {target.id}.{d} ({ladder.dimensions[d].label}): {target.expectation(d)}"
                             for d in DIMENSIONS) if target else "(no target level known)"
    return check_inputs("draft", {
        "today": today.isoformat(),
        "horizon_end": shell.horizon_end().isoformat(),
        "horizon_declined": "yes" if state.horizon_declined else "no",
        "current_role": state.current_title or "not given",
        "target": f"{state.target_title or 'not given'} ({target.id if target else 'unknown'})",
        "ladder": expectations,
        "gaps_offered": "\n".join(f"- {g.id}: {g.label}: {g.text}" for g in state.gaps_offered) or "(none)",
        "manager_notes": manager_notes or "(none)",
        "slots": "\n".join(f"- {SLOT_LABELS.get(k, k)}: {v}" for k, v in state.slots.items()) or "(none)",
        "transcript": _transcript_text(transcript),
    })


def draft_plan(transcript: list, state: InterviewState, ladder: Ladder, model: BaseChatModel | None,
               today: date, manager_notes: str | None = None,
               method: str = "function_calling", country: str | None = None) -> Draft:
    """Draft a plan. `transcript` holds Message objects or {"role","text"} dicts. `country` (an ISO
    code or name) says whose public holidays due dates avoid; without it, the place the PM named
    when it clearly lies in one country, and weekends only when it does not."""
    where = country_code(country) or country_from_place(state.slots.get("location"))

    def checked(plan: Plan) -> list[Failure]:
        return check_plan(plan, transcript, state.gaps_offered, manager_notes, state.horizon_declined)

    def fixed(plan: Plan) -> tuple[Plan, list[Failure]]:
        """The one-click fixes applied in code first, so a repair call is spent only on what they cannot."""
        plan = keep_to_working_days(honest_origins(plan, transcript, manager_notes, state.slots.values()), where)
        failures = checked(plan)
        if any(f.fix for f in failures):
            plan = keep_to_working_days(apply_fixes(plan, failures), where)
            failures = checked(plan)
        return plan, failures

    def offline(note: str | None, calls: int) -> Draft:
        plan, failures = fixed(offline_plan(transcript, state, ladder, today, manager_notes))
        if note and not any(m.origin == Origin.PM for m in plan.milestones):
            note = note.replace("from the PM's own words", "from the rules; none of its steps is the PM's own yet")
        return Draft(plan, failures, calls, "offline", note)

    if model is None:
        return offline(None, 0)
    structured = model.with_structured_output(DraftContent, method=method)
    shell = _shell(state, ladder, today)
    calls = 1
    try:
        content = _invoke(load_prompt("draft") | structured,
                          draft_inputs(transcript, state, ladder, today, manager_notes))
    except _Malformed as exc:
        return offline(f"The model's draft was malformed ({exc}); this plan was assembled offline "
                       "from the PM's own words.", calls)
    except Exception as exc:  # noqa: BLE001 - any transport or provider failure
        return offline(f"The model could not be reached ({type(exc).__name__}); this plan was "
                       "assembled offline from the PM's own words.", calls)
    plan, failures = fixed(_assemble(content, shell, state))
    if not failures:
        return Draft(plan, [], calls, "llm")
    calls += 1
    try:
        repaired_content = _invoke(load_prompt("repair") | structured, check_inputs("repair", {
            "today": today.isoformat(),
            "horizon_end": shell.horizon_end().isoformat(),
            "sources": "\n".join(f"- {s}" for s in source_texts(transcript, manager_notes)) or "(none)",
            "failures": summary(failures),
            "draft": json.dumps(content.model_dump(mode="json"), ensure_ascii=False, indent=1),
        }))
    except Exception as exc:  # noqa: BLE001 - keep the first draft; the manager sees what failed
        return Draft(plan, failures, calls, "llm",
                     f"The repair step failed ({type(exc).__name__}); the draft is shown with its open checks.")
    repaired, still = fixed(_assemble(repaired_content, shell, state))
    note = None if not still else "Some checks still fail after one repair; they are listed for the manager."
    return Draft(repaired, still, calls, "llm-repaired", note)
