"""The interviewer's judgment as rules: state + reading -> next move. No I/O, no model.

Every backend reads answers differently, but they all decide the same way here, so the
interviewing rules (one question, back off for good, reflect potential once, offer ladder gaps)
hold on every backend and can be tested exhaustively.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.interview.reading import Reading, SlotValues
from assistant.interview.rules import CARRY_ON, NOT_THAT
from assistant.interview.stages import VISION_SLOTS, Stage, stage_of
from assistant.interview.state import Ack, Gap, InterviewState, Move, MoveKind
from assistant.ladder import DIMENSIONS, Ladder

OFF_LADDER = "off_ladder"
# Gaps named in one message; more would read like a checklist, not a conversation.
GAPS_PER_MESSAGE = 3
# A target within this many years counts as a real five-year aim for the potential check.
LONG_ENOUGH_YEARS = 3
# Questions about what is to come: numbers in their answers are targets, not a track record.
FUTURE_SLOTS = ("milestones", "goal")
# Doubts that would end or close something on one reader's word: asked about, never assumed.
CHECKED_ACTIONS = ("end_requested", "skip")
# A short "yes" to "shall we stop here?" is a closed class of words, not a judgment call.
AGREEMENT = frozenset({"yes", "yeah", "yep", "yup", "sure", "ok", "okay", "please", "yes please",
                       "let's", "lets", "let's stop", "stop", "that's it", "done", "i'm done",
                       "correct", "right", "exactly", "indeed", "ja", "si", "oui"})


@dataclass(frozen=True)
class Limits:
    max_turns: int = 24
    probes_per_slot: int = 2


def opening(state: InterviewState, ladder: Ladder, limits: Limits = Limits()) -> tuple[Move, InterviewState]:
    """The first move of a conversation, after any pre-work answers were absorbed."""
    return _choose(state.model_copy(deep=True), None, ladder, limits)


def step(
    state: InterviewState, reading: Reading, ladder: Ladder, limits: Limits = Limits(),
    answer: str = "",
) -> tuple[Move, InterviewState]:
    """Absorb one reading and choose the next move; `answer` is the PM's text, for the one
    thing a reading does not carry: a bare "yes" to a check question."""
    checked = state.checking == "resistance" and bool(state.moves) and state.moves[-1] is MoveKind.CLARIFY
    reading = settle_check(state, reading, answer)
    if (reading.doubt == "resistance" and state.asked in state.tentative
            and not reading.slots.filled().get(state.asked)):
        # Words already waiting for this slot ("sharp people, no wayang", then "I don't have
        # more on that one") mean they took part: nothing more to add is no refusal to check.
        reading = reading.model_copy(update={"doubt": None})
    # An answer we are about to check ("not now, or not sure yet?") may be a refusal in other
    # words ("imagining a different kind of company is not something I let myself do"): its
    # words wait, like a vague answer's, until the check settles it.
    # (A title named is theirs either way: declining the long view keeps it on record.)
    doubted = (reading.doubt == "resistance" and not state.horizon_declined and state.asked not in (None, "title")
               and state.asked not in state.clarified and reading.slots.filled().get(state.asked))
    held = _vague_answer(state, reading, limits) or doubted
    if held:
        reading = reading.model_copy(update={"slots": reading.slots.model_copy(update={state.asked: None})})
    new = absorb(state, reading, ladder)
    if held:
        new.tentative[state.asked] = held
    if checked and state.asked in new.tentative:
        if reading.resistance:
            new.tentative.pop(state.asked)  # it was a refusal: nothing of it is their picture
        elif state.asked not in new.slots:
            new.slots[state.asked] = new.tentative.pop(state.asked)  # willing: their answer stands
    return _choose(new, reading, ladder, limits, acknowledgement(reading, state))


def _probes_allowed(state: InterviewState, reading: Reading, limits: Limits) -> int:
    # "I don't know" is an answer too: asked again once at most. Once they have put the long
    # view down, nothing is asked twice: pressing someone who said they are stretched is what
    # backing off promised not to do.
    # Someone content where they are has said what the next step needs: nothing, and asking
    # "what haven't you done yet?" would be the push they asked us not to make.
    if state.horizon_declined or (state.content and state.asked == "experiences"):
        return 0
    return 1 if reading.unsure else limits.probes_per_slot


def _vague_answer(state: InterviewState, reading: Reading, limits: Limits) -> str | None:
    """The value a thin answer gave the slot asked ("good people"), when one more gentle
    question is still due: it waits aside rather than standing as their answer."""
    asked = state.asked
    if not asked or not reading.thin or asked in state.slots or asked in state.pm_set:
        return None
    if (reading.resistance or reading.end_requested or reading.skip or reading.correction
            or reading.question_back or reading.doubt):
        return None
    # One gentle question more, at most: a second "could you say more?" about the same vague
    # answer would be pressing.
    if state.probes.get(asked, 0) >= min(1, _probes_allowed(state, reading, limits)):
        return None
    return reading.slots.filled().get(asked)


def _passed_on_picture(state: InterviewState) -> bool:
    """A picture question already passed over, and none answered."""
    return (any(s in state.closed and not state.slots.get(s) for s in VISION_SLOTS)
            and not any(state.slots.get(s) for s in VISION_SLOTS))


def settle_check(state: InterviewState, reading: Reading, answer: str) -> Reading:
    """The answer to a check question. "Shall we stop here?" or "shall we leave this one?": a
    plain yes settles it. "Not now, or not sure yet?": a short answer that picks one of the two
    options we offered settles it. Anything else is read as an answer in its own right."""
    if state.checking == "resistance" and len(answer.split()) <= 30:
        picked = picks_option(answer)
        if picked == "decline":
            return reading.model_copy(update={"resistance": True, "unsure": False, "doubt": None})
        if picked == "willing":
            return reading.model_copy(update={"resistance": False, "unsure": True, "doubt": None})
    if state.checking not in CHECKED_ACTIONS:
        return reading
    if agrees(answer):
        return reading.model_copy(update={state.checking: True, "doubt": None})
    if len(answer.split()) <= 6:
        # "No, let's keep going." answers our question; its "no" refuses nothing else, and
        # "keep going" is no answer to the question before it ("No, curious engineers" is).
        settled = {"resistance": False, "end_requested": False, "skip": False, "doubt": None}
        if CARRY_ON.search(answer):
            settled.update(slots=SlotValues(), answers_question=False)
        return reading.model_copy(update=settled)
    return reading


# The two options every resistance check offers (see phrasings.yaml and the speaker prompt), and
# the plain ways of saying each.
DECLINE_OPTION = ("not now", "rather not", "prefer not", "the first", "first one", "leave it", "no thanks", "declin",
                  "don't care to", "dont care to", "don't want to look", "dont want to look")
WILLING_OPTION = ("not sure", "unsure", "haven't worked", "havent worked", "don't know", "dont know",
                  "the second", "second one",
                  "happy to try", "give it a go", "let's try", "lets try", "i can do it",
                  "i can try", "i'll try", "let me try", "go on", "carry on", "keep going",
                  "happy to", "continue", "go ahead", "fine to go on", "ok to go on", "okay to go on")


# "Not 'not now'", "it isn't a not-now", "it ain't that I'm unsure": an option named only to be
# denied, which picks the other one.
DENIED = re.compile(r"(?:\b(?:not|no|isn't|isnt|wasn't|never)\s+(?:a\s+|an\s+|the\s+)?['\"‘“]?|"
                    r"\b(?:ain't|aint|isn't|isnt|it's not|its not|it is not|not)\s+that\s+(?:i'm|im|i am|i)\s+)\s*$")


def picks_option(text: str) -> str | None:
    # "It's a not-now" picks the first option as surely as "not now". Each option said counts
    # for its side, or for the other side when it is denied; the side said more often wins.
    words = " ".join(text.lower().replace("’", "'").replace("-", " ").split())

    def said(options: tuple[str, ...]) -> tuple[int, int]:
        spans = sorted((m.start(), m.end()) for o in options for m in re.finditer(re.escape(o), words))
        plain = denied = last = 0
        for start, end in spans:
            if start < last:
                continue  # "happy to try" and "happy to" are one saying
            last = end
            # "It is not that I don't know": the clause opened by denying what it names.
            opens = max(words.rfind(mark, 0, start) for mark in ".!?;") + 1
            if DENIED.search(words[:start]) or NOT_THAT.search(words[opens:start]):
                denied += 1
            else:
                plain += 1
        return plain, denied

    decline, decline_denied = said(DECLINE_OPTION)
    willing, willing_denied = said(WILLING_OPTION)
    first, second = decline + willing_denied, willing + decline_denied
    return "decline" if first > second else "willing" if second > first else None


def agrees(text: str) -> bool:
    words = " ".join(text.lower().replace(",", " ").replace(".", " ").replace("!", " ").split())
    return bool(words) and (words in AGREEMENT or (len(words.split()) <= 4 and words.split()[0]
                                                     in AGREEMENT and "not" not in words.split()
                                                     and "no" not in words.split()))


# What someone would need, is good at, enjoys, and where that meets the business sound alike
# and are each asked in turn: a reading of one from an answer to another is never enough to
# skip its question.
ASKED_IN_TURN = ("experiences", "strengths", "interests", "intersections")


def absorb(state: InterviewState, reading: Reading, ladder: Ladder) -> InterviewState:
    """Merge what an answer says into a copy of the state. Facts only; no decisions."""
    new = state.model_copy(deep=True)
    if reading.reopen and new.horizon_declined:
        reopen_horizon(new, ladder)
    for slot, value in reading.slots.filled().items():
        if slot == "goal" and not new.horizon_declined:
            continue
        if slot in VISION_SLOTS and reading.resistance:
            continue  # words around a refusal are not a five-year picture
        if slot in new.pm_set and not reading.correction:
            continue  # what the PM set in the panel wins over any reading
        if slot in new.slots and slot != state.asked and not reading.correction:
            continue  # said in passing while answering something else: the direct answer stands
        if slot in ASKED_IN_TURN and slot != state.asked and not reading.correction:
            # Heard in passing ("I'm very good with payment flows", read as an interest too):
            # it waits, and the question for it is still asked; kept if that brings nothing.
            new.tentative.setdefault(slot, value)
            continue
        new.slots[slot] = value  # an answer to the question, or a correction, wins
        new.tentative.pop(slot, None)
        if slot in new.closed:
            new.closed.remove(slot)
    # Only a title this reading actually set moves the target: a title mentioned in passing
    # ("senior PMs here don't manage either") leaves the stored one and its level alone.
    taken = reading.slots.filled().get("title")
    title = new.slots.get("title") if taken and new.slots.get("title") == taken else None
    if title and not new.horizon_declined and not reading.resistance:
        set_target(new, title, reading.target_level, ladder)
    # "grew revenue in one year" is a track record, not a horizon: only the picture sets it.
    speaks_of_picture = state.asked in VISION_SLOTS or state.asked is None or bool(taken)
    if reading.horizon_years and not new.horizon_declined and speaks_of_picture:
        new.horizon_years = max(0.5, min(float(reading.horizon_years), 10.0))
    if reading.content and not aims_higher(new):
        new.content = True
    elif aims_higher(new):
        new.content = False  # naming a level above today's is not contentment, whatever the tone
    if state.asked not in FUTURE_SLOTS:
        _extend(new.evidence, reading.strength_evidence)  # a milestone's numbers are aims, not results
    _extend(new.experiences, reading.experiences_listed)
    covered = set(reading.covered_dimensions) & set(DIMENSIONS)
    if new.experiences or "experiences" in new.slots:
        covered |= ladder.covered([*new.experiences, new.slots.get("experiences", "")])
    _extend(new.covered, sorted(covered))
    _extend(new.sensitive, reading.sensitive)
    return new


def aims_higher(state: InterviewState) -> bool:
    return (state.target_rank is not None and state.current_rank is not None
            and state.target_rank > state.current_rank)


def set_target(state: InterviewState, title: str, level_id: str | None, ladder: Ladder) -> None:
    """Point the interview at a target title; its level follows, and old gaps no longer apply."""
    level = ladder.by_id(level_id) if level_id and level_id != OFF_LADDER else None
    if level is None and level_id != OFF_LADDER:
        level = ladder.lookup(title)
    changed = title != state.target_title
    state.target_title = title
    state.target_level = OFF_LADDER if level_id == OFF_LADDER else (level.id if level else None)
    state.target_rank = level.rank if level else None
    if changed:
        state.gaps_offered = []  # gaps belong to a target; a new target is measured afresh


def decline_horizon(state: InterviewState) -> None:
    """The PM set the long view aside: a one-year horizon. A title they already named stays on
    record as theirs, but nothing is measured against it (no gaps, no potential)."""
    state.horizon_declined = True
    state.horizon_years = 1
    state.reopened = False


def reopen_horizon(state: InterviewState, ladder: Ladder) -> None:
    """The PM asked to look at the long view after all; only they can do this."""
    state.horizon_declined = False
    state.vision_skipped = False
    state.reopened = True
    state.horizon_years = 5
    state.closed = [s for s in state.closed if s not in VISION_SLOTS]
    if state.slots.get("title"):
        set_target(state, state.slots["title"], None, ladder)


def acknowledgement(reading: Reading | None, before: InterviewState | None = None) -> Ack:
    """How the reply should receive what was said; a rule, so every backend sounds the same."""
    if reading is None:
        return Ack.NONE
    filled = reading.slots.filled()
    disclosed = reading.disclosed or (reading.sensitive and reading.source not in ("offline", "rules"))
    # "Leeds, near my parents" mentions family and answers the question: sympathy there would
    # presume a hardship nobody named. Warmth is for a disclosure that weighs on the answer.
    weighs = (reading.resistance or reading.doubt or reading.unsure or reading.thin
              or not reading.answers_question)
    if disclosed and weighs:
        return Ack.WARM
    if reading.reopen and (before is None or before.horizon_declined):
        return Ack.REOPEN
    corrected = before is None or any(slot in before.slots for slot in filled)
    if reading.correction and filled and corrected:
        return Ack.CORRECTION
    if reading.skip:
        return Ack.SKIP
    if (reading.unsure or reading.thin) and not filled:
        return Ack.UNSURE
    if len(filled) >= 2:
        return Ack.RICH
    return Ack.PLAIN if filled else Ack.NONE


def _choose(
    state: InterviewState, reading: Reading | None, ladder: Ladder, limits: Limits,
    ack: Ack = Ack.NONE,
) -> tuple[Move, InterviewState]:
    asked = state.asked
    question = reading.question_back if reading is not None else None
    # "I can't do five years, let's stop" ends the long view, not the talk: the back-off offers
    # a shorter horizon or skipping, so stopping is still one word away.
    declining_view = reading is not None and reading.resistance and not state.horizon_declined
    if reading is not None and reading.end_requested and not declining_view:
        return _commit(state, MoveKind.WRAP_UP, None, reason="pm asked to stop", ack=ack, answer_to=question)
    if state.turns + 1 >= limits.max_turns:
        return _commit(state, MoveKind.WRAP_UP, None, reason="turn budget reached")

    if reading is not None and reading.resistance:
        # Honoured at any stage: the long view is set aside for good unless the PM reopens it.
        if not state.horizon_declined:
            decline_horizon(state)
            nxt = "goal" if "goal" not in state.slots and "goal" not in state.closed else _next_slot(state)
            return _commit(state, MoveKind.BACK_OFF, nxt, reason="declined the long horizon", ack=ack)
        if asked == "goal" or (asked in VISION_SLOTS):
            state.vision_skipped = True
        if asked:
            _close(state, asked)
    elif reading is not None and reading.reopen and state.reopened:
        pass  # straight to the long view they asked for
    elif reading is not None and asked is not None:
        doubtful = reading.doubt == "resistance" and not state.horizon_declined
        # A pass on one picture question is a pass; a second, with nothing pictured yet, may be
        # a pass on the whole long view ("pass", then "same, pass"). Asked, not assumed.
        if (reading.skip and asked in VISION_SLOTS and not state.horizon_declined
                and "picture" not in state.clarified and _passed_on_picture(state)):
            state.clarified.append("picture")
            return _commit(state, MoveKind.CLARIFY, asked, reason="passed on the picture twice",
                           ack=ack, check="resistance")
        if doubtful and asked not in state.clarified:
            state.clarified.append(asked)
            return _commit(state, MoveKind.CLARIFY, asked, reason="resistance or just unsure?",
                           ack=ack, check="resistance")
        action = reading.doubt if reading.doubt in CHECKED_ACTIONS else None
        if action == "end_requested" and not reading.slots.filled() and state.moves \
                and state.moves[-1] in (MoveKind.REFLECT_POTENTIAL, MoveKind.OFFER_GAPS):
            # "Oh, thank you, that's kind": thanks for what we just said, not a goodbye. The
            # question that came with it still stands.
            return _commit(state, MoveKind.ASK, asked, reason="thanked for the feedback", ack=Ack.NONE)
        if action and f"{action}:{asked}" not in state.clarified:
            state.clarified.append(f"{action}:{asked}")
            return _commit(state, MoveKind.CLARIFY, asked, reason=f"check before {action}",
                           ack=Ack.NONE, check=action)
        if reading.skip:
            _close(state, asked)
        elif asked not in state.slots:
            nothing_filled = not reading.slots.filled() or asked in state.tentative
            if question and nothing_filled and state.asked_count.get(asked, 0) < 2:
                return _commit(state, MoveKind.ASK, asked, reason="answered their question first",
                               ack=ack, answer_to=question)
            if (reading.thin or reading.unsure or not reading.answers_question) and nothing_filled:
                allowed = _probes_allowed(state, reading, limits)
                if asked in state.tentative or asked in state.clarified:
                    # They did answer, vaguely, or we already checked this one with them: one
                    # more gentle question at most; a third ask of the same thing presses.
                    allowed = min(1, allowed)
                if state.probes.get(asked, 0) < allowed:
                    state.probes[asked] = state.probes.get(asked, 0) + 1
                    return _commit(state, MoveKind.PROBE, asked, reason="thin answer", ack=ack,
                                   answer_to=question)
                _close(state, asked)
            elif state.asked_count.get(asked, 0) >= 2:
                _close(state, asked)

    special = _special_move(state, ladder, ack, question)
    if special is not None:
        return special

    nxt = _next_slot(state)
    if nxt is None:
        return _commit(state, MoveKind.WRAP_UP, None, reason="everything covered", ack=ack, answer_to=question)
    same_stage = asked is not None and stage_of(asked) == stage_of(nxt)
    kind = MoveKind.ASK if (same_stage or asked is None) else MoveKind.ADVANCE
    if reading is not None and reading.reopen and state.reopened:
        kind = MoveKind.ADVANCE
    return _commit(state, kind, nxt, ack=ack, answer_to=question)


def _special_move(state: InterviewState, ladder: Ladder, ack: Ack = Ack.NONE,
                  question: str | None = None) -> tuple[Move, InterviewState] | None:
    """Reflect potential or offer ladder gaps, each at most once and only when due; a question
    they just asked is answered first, as on any other move."""
    nxt = _next_slot(state)
    if potential_due(state):
        state.potential_reflected = True
        return _commit(state, MoveKind.REFLECT_POTENTIAL, nxt, evidence=state.evidence[:2],
                       reason="strong PM aiming low", ack=ack, answer_to=question)
    gaps = gaps_due(state, ladder)
    if gaps:
        state.gaps_offered = gaps
        return _commit(state, MoveKind.OFFER_GAPS, nxt, gaps=gaps, reason="ladder gaps", ack=ack,
                       answer_to=question)
    return None


def potential_due(state: InterviewState) -> bool:
    """A strong PM whose five-year target is at most one level above today, not yet told."""
    return (
        not state.potential_reflected
        and not state.horizon_declined
        and not state.content
        and state.target_level != OFF_LADDER
        and state.target_rank is not None
        and state.current_rank is not None
        and state.target_rank <= state.current_rank + 1
        and state.horizon_years >= LONG_ENOUGH_YEARS
        and bool(state.evidence)
    )


def gaps_due(state: InterviewState, ladder: Ladder) -> list[Gap]:
    """Ladder expectations of the target that the PM's listed experiences leave out."""
    if state.gaps_offered or state.horizon_declined or state.target_rank is None or state.content:
        return []
    if "experiences" not in state.slots:
        return []
    if state.current_rank is not None and state.target_rank <= state.current_rank:
        return []
    target = ladder.by_rank(state.target_rank)
    if target is None:
        return []
    found = ladder.gaps(target, set(state.covered))
    # Worth raising only when they missed something the level is mostly judged on (its focus);
    # naming a minor dimension to someone who covered the core would be nitpicking.
    if not any(e.dimension in target.focus for e in found):
        return []
    found = found[:GAPS_PER_MESSAGE]
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
            reason: str = "", ack: Ack = Ack.NONE, answer_to: str | None = None,
            check: str | None = None) -> tuple[Move, InterviewState]:
    stage = stage_of(slot) if slot else Stage.WRAP_UP
    if kind is MoveKind.WRAP_UP:
        slot, stage = None, Stage.WRAP_UP
        state.done = True
        for waiting in list(state.tentative):
            _close(state, waiting)
    move = Move(kind=kind, stage=stage, slot=slot, gaps=gaps or [], evidence=evidence or [],
                horizon_years=state.horizon_years, reason=reason, ack=ack, answer_to=answer_to,
                check=check)
    state.checking = check
    state.asked = slot
    state.stage = stage
    state.turns += 1
    # A check question is about the last answer, not a new ask of the slot.
    if slot and kind is not MoveKind.CLARIFY:
        state.asked_count[slot] = state.asked_count.get(slot, 0) + 1
    state.moves.append(kind)
    return move, state


def _close(state: InterviewState, slot: str) -> None:
    if slot in state.tentative and slot not in state.slots:
        state.slots[slot] = state.tentative.pop(slot)  # asked again, nothing better came: theirs stands
        return
    if slot not in state.closed and slot not in state.slots:
        state.closed.append(slot)


def _extend(target: list[str], items: list[str]) -> None:
    for item in items:
        if item and item not in target:
            target.append(item)


__all__ = ["Limits", "opening", "step", "absorb", "potential_due", "gaps_due", "set_target",
           "decline_horizon", "reopen_horizon", "acknowledgement", "OFF_LADDER"]
