"""One interview, turn by turn: save the answer, read it, decide, speak, save again."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator, Protocol

from assistant.interview import policy, rules
from assistant.interview.offline_reader import asked_context, read_answer
from assistant.interview.answers import clean_answer
from assistant.interview.overlap import Prefetch, same_move
from assistant.interview.reader import Reader
from assistant.interview.reading import Reading, SlotValues
from assistant.interview.speaker import Speaker, safe_markdown
from assistant.interview.stages import ALL_SLOTS, SLOT_LABELS, slot_order
from assistant.interview.slot_values import LATER_WORDS, VISION_WORDS, free_value
from assistant.interview.stages import VISION_SLOTS
from assistant.interview.titles import level_of
from assistant.interview.state import InterviewState, Memory, Move
from assistant.ladder import Ladder


# A value typed into the "what I heard" panel is a note, not an essay.
MAX_CORRECTION_CHARS = 300

# Quick replies: the PM's words as recorded, and the fact they state.
SIGNALS: dict[str, tuple[str, Reading]] = {
    "decline_horizon": ("I'd rather not look that far ahead.",
                        Reading(answers_question=False, resistance=True, source="pm")),
    "reopen_horizon": ("I'd like to think about the long view after all.",
                       Reading(answers_question=False, reopen=True, source="pm")),
    "not_sure": ("Not sure yet.", Reading(answers_question=False, unsure=True, thin=True, source="pm")),
    "skip": ("Skip this one.", Reading(answers_question=False, skip=True, source="pm")),
    "stop": ("That's all for today.", Reading(answers_question=False, end_requested=True, source="pm")),
}


@dataclass
class Message:
    role: str  # "assistant" | "pm"
    text: str
    stage: str | None = None
    move: str | None = None
    meta: dict = field(default_factory=dict)


@dataclass
class Context:
    """What is known before the first question: role, manager's notes, pre-work answers."""

    current_role: str | None = None
    manager_notes: str | None = None
    prework: dict[str, str] = field(default_factory=dict)


class Journal(Protocol):
    """Where a conversation is kept. Messages are append-only."""

    def record(self, message: Message) -> None: ...
    def annotate(self, reading: Reading) -> None: ...
    def save_state(self, state: InterviewState) -> None: ...
    def messages(self) -> list[Message]: ...


class MemoryJournal:
    """An in-process journal for the CLI and tests."""

    def __init__(self) -> None:
        self._messages: list[Message] = []
        self.readings: list[Reading] = []
        self.state: InterviewState | None = None

    def record(self, message: Message) -> None:
        self._messages.append(message)

    def annotate(self, reading: Reading) -> None:
        self.readings.append(reading)

    def save_state(self, state: InterviewState) -> None:
        self.state = state.model_copy(deep=True)

    def messages(self) -> list[Message]:
        return list(self._messages)


def initial_state(context: Context, ladder: Ladder, memory: Memory | None = None) -> InterviewState:
    """State before the first question: current level, manager evidence, pre-work absorbed."""
    state = InterviewState.remembering(memory)
    level = ladder.lookup(context.current_role)
    state.current_title = context.current_role
    state.current_rank = level.rank if level else None
    state.evidence = rules.read_notes(context.manager_notes)
    for slot, answer in context.prework.items():
        if slot not in ALL_SLOTS or not answer or not answer.strip():
            continue
        reading = rules.read_answer(answer, slot, ladder)
        if reading.resistance and slot in ("title", "company", "location", "people"):
            state.horizon_declined, state.horizon_years = True, 1
            continue
        if reading.thin:
            continue  # a thin pre-work answer is asked again, gently, in the interview
        if not reading.slots.filled():
            # Written under that slot's heading, so it belongs there; kept to a note's length.
            limit = VISION_WORDS if slot in VISION_SLOTS else LATER_WORDS
            value = free_value([answer], limit)
            reading = reading.model_copy(update={"slots": SlotValues(**{slot: value})})
        state = policy.absorb(state, reading, ladder)
    return state


class Turn:
    """The assistant's reply to one answer: stream it, and it is saved when it completes."""

    def __init__(self, interview: "Interview", move: Move, state: InterviewState,
                 last_answer: str | None, question_back: str | None, notice: str | None,
                 prefetched: Iterator[str] | None = None) -> None:
        self.interview, self.move, self.state = interview, move, state
        self.last_answer, self.question_back, self.notice = last_answer, question_back, notice
        self.prefetched = prefetched
        self.text = ""

    def stream(self) -> Iterator[str]:
        journal = self.interview.journal
        history = self.interview.history()
        parts: list[str] = []
        chunks = self.prefetched or self.interview.speaker.stream(
            self.move, self.state, history, self.last_answer, self.question_back)
        for chunk in chunks:
            parts.append(chunk)
            yield chunk
        self.text = safe_markdown("".join(parts).strip()) or self.interview.fallback_text(self)
        meta = {"slot": self.move.slot, "reason": self.move.reason}
        if self.move.answer_to:
            meta["answered"] = self.move.answer_to
        journal.record(Message("assistant", self.text, self.move.stage.value, self.move.kind.value,
                               meta))
        journal.save_state(self.state)
        self.interview.state = self.state

    def run(self) -> str:
        for _ in self.stream():
            pass
        return self.text


class Interview:
    """Drives a rehearsal. The engine's public face for the CLI, the app and tests."""

    def __init__(self, reader: Reader, speaker: Speaker, ladder: Ladder, journal: Journal,
                 state: InterviewState, limits: policy.Limits = policy.Limits(),
                 max_answer_chars: int = 4000, fallback_speaker: Speaker | None = None,
                 speculate: bool = False) -> None:
        self.reader, self.speaker, self.ladder = reader, speaker, ladder
        self.journal, self.state, self.limits = journal, state, limits
        self.max_answer_chars = max_answer_chars
        self.fallback_speaker = fallback_speaker
        # Only worth it when reading costs a model call; see overlap.py.
        self.speculate = speculate

    def history(self) -> list[tuple[str, str]]:
        return [(m.role, m.text) for m in self.journal.messages()]

    def open(self) -> Turn:
        """The first message: the opening question, shaped by any pre-work."""
        move, state = policy.opening(self.state, self.ladder, self.limits)
        return Turn(self, move, state, None, None, None)

    def answer(self, raw: str | bytes) -> Turn:
        """Save the answer first, then read it and choose the reply. Raises AnswerRejected."""
        text, notice = clean_answer(raw, self.max_answer_chars)
        self.journal.record(Message("pm", text, self.state.stage.value, None))
        return self._reply(text, notice)

    def signal(self, intent: str) -> Turn:
        """An explicit intent from a quick reply: recorded as the PM's words, read as a fact."""
        if intent not in SIGNALS:
            raise ValueError(f"unknown intent {intent!r}; expected one of {', '.join(SIGNALS)}")
        words, fact = SIGNALS[intent]
        self.journal.record(Message("pm", words, self.state.stage.value, None, {"intent": intent}))
        reading = fact.model_copy(deep=True)
        self.journal.annotate(reading)
        move, state = policy.step(self.state, reading, self.ladder, self.limits)
        return Turn(self, move, state, words, None, None)

    def correct(self, slot: str, value: str | None) -> None:
        """The PM's own value for a slot (None clears it). It wins over every later reading."""
        if slot not in ALL_SLOTS:
            raise ValueError(f"unknown slot {slot!r}")
        value = " ".join((value or "").split())[:MAX_CORRECTION_CHARS] or None
        state = self.state.model_copy(deep=True)
        state.tentative.pop(slot, None)  # their own words replace what was waiting
        if value:
            state.slots[slot] = value
            if slot in state.closed:
                state.closed.remove(slot)
        else:
            state.slots.pop(slot, None)
        if slot not in state.pm_set:
            state.pm_set.append(slot)
        if slot == "title" and not state.horizon_declined:
            if value:
                policy.set_target(state, value, level_of(value, self.ladder), self.ladder)
            else:
                state.target_title = state.target_rank = state.target_level = None
                state.gaps_offered = []
        if slot == "experiences":
            state.experiences = [value] if value else []
            state.covered = sorted(self.ladder.covered(state.experiences))
            state.gaps_offered = []
        self.journal.save_state(state)
        self.state = state

    def heard(self) -> list[tuple[str, str, str | None, str]]:
        """(slot, label, value, source) for every slot this interview covers; source "pm" when
        the PM set the value themselves, "heard" when it came from reading their answers, and
        "waiting" for words set aside while we ask once more (a vague answer, or one checked for
        a "not now"): the PM sees what would be kept and can fix it before it is."""
        state = self.state
        slots = list(slot_order(state.horizon_declined, state.vision_skipped))
        slots += [s for s in state.slots if s not in slots]
        rows = []
        for s in slots:
            if s in state.slots or s not in state.tentative:
                rows.append((s, SLOT_LABELS[s], state.slots.get(s), "pm" if s in state.pm_set else "heard"))
            else:
                rows.append((s, SLOT_LABELS[s], state.tentative[s], "waiting"))
        return rows

    def resume(self) -> Turn:
        """Carry on a conversation that had wrapped up: the next open question, if any."""
        state = self.state.model_copy(deep=True)
        state.done = False
        move, state = policy.opening(state, self.ladder, self.limits)
        return Turn(self, move, state, None, None, None)

    def pending(self) -> str | None:
        """An answer that was saved but never replied to (a crash or a model outage)."""
        messages = self.journal.messages()
        return messages[-1].text if messages and messages[-1].role == "pm" else None

    def retry(self) -> Turn | None:
        """Reply to the pending answer, if there is one."""
        text = self.pending()
        return self._reply(text, None) if text is not None else None

    def _reply(self, text: str, notice: str | None) -> Turn:
        full_history = self.history()
        clipped = text[: self.max_answer_chars]
        prefetch = guess = None
        if self.speculate:
            hint = read_answer(clipped, asked_context(self.state), self.ladder,
                               on_record=self.state.slots.get("title"),
                               place_on_record=self.state.slots.get("location"))
            guess, guess_state = policy.step(self.state, hint, self.ladder, self.limits, clipped)
            prefetch = Prefetch(self.speaker.stream(guess, guess_state, full_history, text,
                                                    hint.question_back))
        try:
            reading = self.reader.read(clipped, self.state, full_history[:-1])
        except BaseException:
            if prefetch:
                prefetch.cancel()
            raise
        self.journal.annotate(reading)
        move, state = policy.step(self.state, reading, self.ladder, self.limits, clipped)
        if prefetch and not same_move(guess, move):
            prefetch.cancel()
            prefetch = None
        return Turn(self, move, state, text, reading.question_back, notice, prefetch)

    def fallback_text(self, turn: Turn) -> str:
        """A phrasing from the bank when the model returned nothing usable."""
        speaker = self.fallback_speaker
        if speaker is None:
            from assistant.interview.phrasing import PhrasebookSpeaker
            speaker = PhrasebookSpeaker(self.ladder)
        return "".join(speaker.stream(turn.move, turn.state, [], turn.last_answer, turn.question_back))

    @property
    def done(self) -> bool:
        return self.state.done
