"""Deterministic interview metrics, computed from a replay result and the persona's expectations.

Every metric reads only the transcript, the final state and the plan, so it scores any backend
the same way. Definitions in docs/metrics.md.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from assistant.evaluation import understanding as u
from assistant.evaluation.cases import Case
from assistant.interview.stages import LATER_SLOTS, SHORT_VISION_SLOTS, VISION_SLOTS, slot_order

SENTENCE = re.compile(r"[^.!?\n]*[.!?]+|[^.!?\n]+$")


@dataclass
class CaseScore:
    """One persona's deterministic scores; None where the metric does not apply."""

    persona: str
    slot_fill: float | None = None
    vision_fill: float | None = None
    stage_fill: float | None = None
    one_question: float = 1.0
    pushes_after_resistance: int = 0
    back_off_ok: bool | None = None
    potential_ok: bool | None = None
    gaps_ok: bool | None = None
    probe_ok: bool | None = None
    complete_ok: bool | None = None
    done: bool = False
    turns: int = 0
    turns_to_complete: int | None = None
    evidence_verbatim: float | None = None
    safe_output: float = 1.0
    plan_ok: bool | None = None
    moves_ok: bool | None = None
    resistance_recognised: bool | None = None
    false_back_offs: int = 0
    slot_accuracy: float | None = None
    target_level_ok: bool | None = None
    asked_again: int = 0
    pasted_into_question: int = 0
    repeated_questions: int = 0
    questions_answered: float | None = None
    plan_failures: list[str] = field(default_factory=list)
    moves: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


def inert(text: str) -> bool:
    """Shown as Markdown, the message fetches nothing and runs nothing: no raw HTML, no image,
    no link but http(s). Escaped markup the PM typed ("\\<b>") is text, not a tag."""
    from markdown_it import MarkdownIt

    for block in MarkdownIt("commonmark").parse(text):
        for tok in [block, *(block.children or [])]:
            if tok.type in ("html_inline", "html_block", "image"):
                return False
            if tok.type == "link_open" and not str(tok.attrs.get("href", "")).startswith(("http://", "https://")):
                return False
    return True


def normalise(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return " ".join(text.split()).lower()


def assistant_messages(transcript: list[dict]) -> list[dict]:
    return [m for m in transcript if m.get("role") == "assistant"]


def own_words(text: str, pm_texts: list[str]) -> str:
    """An assistant message without the PM's sentences it quotes back (a recap quotes questions too)."""
    out = text
    for pm in pm_texts:
        for sentence in SENTENCE.findall(pm):
            s = sentence.strip()
            if "?" in s and len(s) > 3:
                out = out.replace(s, "")
    return out


def question_count(text: str) -> int:
    return text.count("?")


def one_question_share(transcript: list[dict]) -> float:
    """Share of assistant messages asking at most one question of their own."""
    pm_seen: list[str] = []
    ok = total = 0
    for m in transcript:
        if m.get("role") == "pm":
            pm_seen.append(m.get("text", ""))
            continue
        total += 1
        ok += question_count(own_words(m.get("text", ""), pm_seen)) <= 1
    return ok / total if total else 1.0


def fill_rates(state: dict) -> tuple[float | None, float | None, float | None]:
    """(all intended slots, vision slots, later stages) filled, as shares."""
    slots = state.get("slots") or {}
    intended = slot_order(bool(state.get("horizon_declined")), bool(state.get("vision_skipped")))
    vision = [s for s in intended if s in (*VISION_SLOTS, *SHORT_VISION_SLOTS)]

    def share(names) -> float | None:
        names = list(names)
        return sum(1 for s in names if s in slots) / len(names) if names else None

    return share(intended), share(vision), share(LATER_SLOTS)


def quotes_verbatim(quotes: list[str], sources: list[str]) -> float | None:
    if not quotes:
        return None
    flat = [normalise(s) for s in sources]
    found = sum(1 for q in quotes if normalise(q).strip(" .,;:!?\"'") and
                any(normalise(q).strip(" .,;:!?\"'") in s for s in flat))
    return found / len(quotes)


def plan_quotes(plan: dict | None) -> list[str]:
    if not plan:
        return []
    quotes = [q for m in plan.get("milestones", []) for q in m.get("evidence", [])]
    return quotes + [q for g in plan.get("gaps", []) for q in g.get("evidence", [])]


def expected(flag: bool | None, happened: bool) -> bool | None:
    return None if flag is None else flag == happened


def score_case(case: Case, result: dict, plan_failures: list[str] | None = None) -> CaseScore:
    """Score one replay result against the persona's expectations."""
    transcript, state = result.get("transcript", []), result.get("state", {})
    moves = [m.get("move") for m in assistant_messages(transcript)]
    score = CaseScore(persona=case.persona.name, moves=[str(m) for m in moves])
    score.slot_fill, score.vision_fill, score.stage_fill = fill_rates(state)
    score.one_question = one_question_share(transcript)
    exp = case.expect
    start = u.resistance_index(case, transcript)
    score.pushes_after_resistance = u.pushes_after(transcript, start)
    score.false_back_offs = u.false_back_offs(transcript, start)
    score.resistance_recognised = u.backed_off_in_time(transcript, start)
    score.slot_accuracy, misses = u.slot_accuracy(case, state)
    score.notes.extend(f"slot {m}" for m in misses)
    if "target_level" in exp.model_fields_set:
        score.target_level_ok = state.get("target_level") == exp.target_level
        if not score.target_level_ok:
            score.notes.append(f"target level {state.get('target_level')!r}, expected {exp.target_level!r}")
    score.asked_again = u.asked_again(case, transcript)
    score.pasted_into_question = u.pasted(transcript)
    score.repeated_questions = u.repeated_questions(transcript)
    score.questions_answered = u.questions_answered(case, transcript)
    score.back_off_ok = expected(exp.back_off, "back_off" in moves)
    reflected = moves.count("reflect_potential")
    score.potential_ok = expected(exp.reflect_potential, reflected > 0)
    if reflected > 1:
        score.potential_ok = False
        score.notes.append(f"potential reflected {reflected} times")
    score.gaps_ok = expected(exp.offer_gaps, "offer_gaps" in moves)
    score.probe_ok = expected(exp.probe, "probe" in moves)
    score.done = bool(state.get("done"))
    score.complete_ok = expected(exp.complete, score.done)
    score.turns = len(moves)
    score.turns_to_complete = score.turns if score.done else None
    pm_texts = [m.get("text", "") for m in transcript if m.get("role") == "pm"]
    sources = pm_texts + ([case.persona.context.manager_notes] if case.persona.context.manager_notes else [])
    quotes = list(state.get("evidence") or []) + plan_quotes(result.get("plan"))
    score.evidence_verbatim = quotes_verbatim(quotes, sources)
    texts = [m.get("text", "") for m in assistant_messages(transcript)]
    score.safe_output = sum(1 for t in texts if inert(t)) / len(texts) if texts else 1.0
    if plan_failures is not None:
        score.plan_failures = list(plan_failures)
        score.plan_ok = not plan_failures
    due = [score.back_off_ok, score.potential_ok, score.gaps_ok, score.probe_ok, score.complete_ok]
    if any(d is not None for d in due):
        score.moves_ok = all(d is not False for d in due) and score.false_back_offs == 0 \
            and score.resistance_recognised is not False
    return score
