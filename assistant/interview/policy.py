"""The interviewer's judgment as rules: state + reading -> next move. No I/O, no model.

Every backend reads answers differently, but they all decide the same way here, so the
interviewing rules (one question, back off for good, reflect potential once, offer ladder gaps)
hold on every backend and can be tested exhaustively.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.interview.reading import Reading
from assistant.interview.stages import VISION_SLOTS, Stage, stage_of
from assistant.interview.state import Gap, InterviewState, Move, MoveKind
from assistant.ladder import DIMENSIONS, Ladder

# Gaps named in one message; more would read like a checklist, not a conversation.
GAPS_PER_MESSAGE = 3
# A target within this many years counts as a real five-year aim for the potential check.
LONG_ENOUGH_YEARS = 3


@dataclass(frozen=True)
class Limits:
    max_turns: int = 24
    probes_per_slot: int = 2


def opening(state: InterviewState, ladder: Ladder, limits: Limits = Limits()) -> tuple[Move, InterviewState]:
    """The first move of a conversation, after any pre-work answers were absorbed."""
    return _choose(state.model_copy(deep=True), None, ladder, limits)


def step(
    state: InterviewState, reading: Reading, ladder: Ladder, limits: Limits = Limits()
) -> tuple[Move, InterviewState]:
    """Absorb one reading and choose the next move."""
    new = absorb(state, reading, ladder)
    return _choose(new, reading, ladder, limits)


def absorb(state: InterviewState, reading: Reading, ladder: Ladder) -> InterviewState:
    """Merge what an answer says into a copy of the state. Facts only; no decisions."""
    new = state.model_copy(deep=True)
    for slot, value in reading.slots.filled().items():
        if slot == "goal" and not new.horizon_declined:
            continue
        new.slots[slot] = value  # a later answer wins: people change their minds
        if slot in new.closed:
            new.closed.remove(slot)
    title = reading.target_title or reading.slots.title
    if title and not new.horizon_declined:
        level = ladder.lookup(title)
        new.target_title = title
        new.target_rank = level.rank if level else new.target_rank
    if reading.horizon_years and not new.horizon_declined:
        new.horizon_years = max(0.5, min(float(reading.horizon_years), 10.0))
    _extend(new.evidence, reading.strength_evidence)
    _extend(new.experiences, reading.experiences_listed)
    covered = set(reading.covered_dimensions) & set(DIMENSIONS)
    if new.experiences or "experiences" in new.slots:
        covered |= ladder.covered([*new.experiences, new.slots.get("experiences", "")])
    _extend(new.covered, sorted(covered))
    _extend(new.sensitive, reading.sensitive)
    return new


def _choose(
    state: InterviewState, reading: Reading | None, ladder: Ladder, limits: Limits
) -> tuple[Move, InterviewState]:
    asked = state.asked
    if reading is not None and reading.end_requested:
        return _commit(state, MoveKind.WRAP_UP, None, reason="pm asked to stop")
    if state.turns + 1 >= limits.max_turns:
        return _commit(state, MoveKind.WRAP_UP, None, reason="turn budget reached")

    if reading is not None and asked is not None:
        declined_now = reading.resistance and asked in (*VISION_SLOTS, "goal")
        if declined_now and not state.horizon_declined:
            state.horizon_declined = True
            state.horizon_years = 1
            state.target_title, state.target_rank = None, None
            return _commit(state, MoveKind.BACK_OFF, "goal", reason="declined the long horizon")
        if declined_now or reading.skip or reading.resistance:
            # Declined again, or asked to skip: drop the question and never return to it.
            if asked == "goal" or (declined_now and state.horizon_declined):
                state.vision_skipped = True
            _close(state, asked)
        elif asked not in state.slots:
            nothing_filled = not reading.slots.filled()
            if (reading.thin or not reading.answers_question) and nothing_filled:
                if state.probes.get(asked, 0) < limits.probes_per_slot:
                    state.probes[asked] = state.probes.get(asked, 0) + 1
                    return _commit(state, MoveKind.PROBE, asked, reason="thin answer")
                _close(state, asked)
            elif state.asked_count.get(asked, 0) >= 2:
                _close(state, asked)

    special = _special_move(state, ladder)
    if special is not None:
        return special

    nxt = _next_slot(state)
    if nxt is None:
        return _commit(state, MoveKind.WRAP_UP, None, reason="everything covered")
    same_stage = asked is not None and stage_of(asked) == stage_of(nxt)
    kind = MoveKind.ASK if (same_stage or asked is None) else MoveKind.ADVANCE
    return _commit(state, kind, nxt)


def _special_move(state: InterviewState, ladder: Ladder) -> tuple[Move, InterviewState] | None:
    """Reflect potential or offer ladder gaps, each at most once and only when due."""
    nxt = _next_slot(state)
    if potential_due(state):
        state.potential_reflected = True
        return _commit(state, MoveKind.REFLECT_POTENTIAL, nxt, evidence=state.evidence[:2],
                       reason="strong PM aiming low")
    gaps = gaps_due(state, ladder)
    if gaps:
        state.gaps_offered = gaps
        return _commit(state, MoveKind.OFFER_GAPS, nxt, gaps=gaps, reason="ladder gaps")
    return None


def potential_due(state: InterviewState) -> bool:
    """A strong PM whose five-year target is at most one level above today, not yet told."""
    return (
        not state.potential_reflected
        and not state.horizon_declined
        and state.target_rank is not None
        and state.current_rank is not None
        and state.target_rank <= state.current_rank + 1
        and state.horizon_years >= LONG_ENOUGH_YEARS
        and bool(state.evidence)
    )


def gaps_due(state: InterviewState, ladder: Ladder) -> list[Gap]:
    """Ladder expectations of the target that the PM's listed experiences leave out."""
    if state.gaps_offered or state.horizon_declined or state.target_rank is None:
        return []
    if "experiences" not in state.slots:
        return []
    if state.current_rank is not None and state.target_rank <= state.current_rank:
        return []
    target = ladder.by_rank(state.target_rank)
    if target is None:
        return []
    found = ladder.gaps(target, set(state.covered))[:GAPS_PER_MESSAGE]
    return [Gap(id=e.id, label=e.label, text=e.text) for e in found]


def _next_slot(state: InterviewState) -> str | None:
    """The first open slot not yet asked, else the first asked one still open."""
    open_slots = state.open_slots()
    fresh = [s for s in open_slots if state.asked_count.get(s, 0) == 0]
    if fresh:
        return fresh[0]
    return next((s for s in open_slots if s != state.asked), None)


def _commit(state: InterviewState, kind: MoveKind, slot: str | None, *,
            gaps: list[Gap] | None = None, evidence: list[str] | None = None,
            reason: str = "") -> tuple[Move, InterviewState]:
    stage = stage_of(slot) if slot else Stage.WRAP_UP
    if kind is MoveKind.WRAP_UP:
        slot, stage = None, Stage.WRAP_UP
        state.done = True
    move = Move(kind=kind, stage=stage, slot=slot, gaps=gaps or [], evidence=evidence or [],
                horizon_years=state.horizon_years, reason=reason)
    state.asked = slot
    state.stage = stage
    state.turns += 1
    if slot:
        state.asked_count[slot] = state.asked_count.get(slot, 0) + 1
    state.moves.append(kind)
    return move, state


def _close(state: InterviewState, slot: str) -> None:
    if slot not in state.closed and slot not in state.slots:
        state.closed.append(slot)


def _extend(target: list[str], items: list[str]) -> None:
    for item in items:
        if item and item not in target:
            target.append(item)


__all__ = ["Limits", "opening", "step", "absorb", "potential_due", "gaps_due"]
