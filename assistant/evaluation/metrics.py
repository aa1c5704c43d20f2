"""Deterministic interview metrics, computed from a replay result and the persona's expectations.

Every metric reads only the transcript, the final state and the plan, so it scores any backend
the same way. Definitions in docs/metrics.md.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from assistant.evaluation.cases import Case
from assistant.interview.stages import LATER_SLOTS, SHORT_VISION_SLOTS, VISION_SLOTS, slot_order

# A question about the long horizon: five or ten years, the long term, "years from now".
LONG_HORIZON = re.compile(
    r"\b(five|5|ten|10)[- ]?(years?|yrs?)\b|\blong[- ](term|run|view|horizon)\b|"
    r"\byears? from now\b|\bin \d+ years\b|\bfurther (out|ahead)\b", re.I)
# Setting the long view aside in the same breath is not a push.
SETS_ASIDE = re.compile(r"\b(aside|instead|rather than|skip|leave|leaving|not now|no need|parked?)\b", re.I)
MARKUP = re.compile(r"<\s*/?\s*[a-z][^>\n]{0,200}>|!\[[^\]]*\]\([^)]*\)", re.I)
SENTENCE = re.compile(r"[^.!?\n]*[.!?]+|[^.!?\n]+$")
PUSH_MOVES = {"back_off", "reflect_potential"}


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
    plan_failures: list[str] = field(default_factory=list)
    moves: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


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


def pushes_long_horizon(text: str) -> bool:
    """A question sentence that brings the long horizon back without setting it aside."""
    for sentence in SENTENCE.findall(text):
        if "?" in sentence and LONG_HORIZON.search(sentence) and not SETS_ASIDE.search(sentence):
            return True
    return False


def pushes_after_resistance(transcript: list[dict]) -> int:
    """Messages after the first back_off that return to the long horizon or back off again."""
    pushes, backed_off = 0, False
    pm_seen: list[str] = []
    for m in transcript:
        if m.get("role") == "pm":
            pm_seen.append(m.get("text", ""))
            continue
        if not backed_off:
            backed_off = m.get("move") == "back_off"
            continue
        slot = (m.get("meta") or {}).get("slot") or m.get("slot")
        if (m.get("move") in PUSH_MOVES or slot in VISION_SLOTS
                or pushes_long_horizon(own_words(m.get("text", ""), pm_seen))):
            pushes += 1
    return pushes


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
    score.pushes_after_resistance = pushes_after_resistance(transcript)
    exp = case.expect
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
    score.safe_output = sum(1 for t in texts if not MARKUP.search(t)) / len(texts) if texts else 1.0
    if plan_failures is not None:
        score.plan_failures = list(plan_failures)
        score.plan_ok = not plan_failures
    return score
