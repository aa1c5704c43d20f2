"""Interview state and the moves the policy chooses; both plain, serialisable data."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, Field

from assistant.interview.stages import SLOT_LABELS, Stage, slot_order


class MoveKind(StrEnum):
    ASK = "ask"
    PROBE = "probe"
    BACK_OFF = "back_off"
    REFLECT_POTENTIAL = "reflect_potential"
    OFFER_GAPS = "offer_gaps"
    ADVANCE = "advance"
    CLARIFY = "clarify"
    WRAP_UP = "wrap_up"


class Ack(StrEnum):
    """How the reply should acknowledge what was just said: it must fit, never cheer a refusal."""

    NONE = "none"
    PLAIN = "plain"
    RICH = "rich"
    WARM = "warm"
    UNSURE = "unsure"
    SKIP = "skip"
    CORRECTION = "correction"
    REOPEN = "reopen"


class Gap(BaseModel):
    """A ladder expectation the PM did not name for their target level."""

    id: str
    label: str
    text: str


class Move(BaseModel):
    """What the interviewer does next. `slot` is the one question it asks, if any."""

    kind: MoveKind
    stage: Stage
    slot: str | None = None
    gaps: list[Gap] = []
    evidence: list[str] = []
    horizon_years: float = 5
    reason: str = ""
    ack: Ack = Ack.NONE
    # A real question the PM asked; the reply answers it briefly before its own question.
    answer_to: str | None = None
    # What a clarify move checks: "resistance" (not now, or not sure?), "end_requested" (stop
    # here?) or "skip" (leave this one?).
    check: str | None = None

    @property
    def asks(self) -> bool:
        return self.slot is not None


class Memory(BaseModel):
    """What every later conversation with this PM must honour."""

    horizon_declined: bool = False
    potential_reflected: bool = False
    content: bool = False
    # Set only when the PM reopened the long view: it lifts horizon_declined in later sessions.
    horizon_reopened: bool = False


class InterviewState(BaseModel):
    """Everything the policy needs, and nothing a model has to remember for it."""

    stage: Stage = Stage.VISION
    asked: str | None = None
    slots: dict[str, str] = {}
    closed: list[str] = []
    probes: dict[str, int] = {}
    # A vague answer to the slot asked ("nice people"), set aside while we ask once more: it is
    # kept if asking again brings nothing better.
    tentative: dict[str, str] = {}
    asked_count: dict[str, int] = {}
    current_title: str | None = None
    current_rank: int | None = None
    target_title: str | None = None
    target_rank: int | None = None
    # Ladder level id of the target, or "off_ladder" when the PM is heading out of product.
    target_level: str | None = None
    horizon_years: float = 5
    horizon_declined: bool = False
    vision_skipped: bool = False
    reopened: bool = False
    content: bool = False
    pm_set: list[str] = []
    clarified: list[str] = []
    # The check the last clarify move asked, while its answer is awaited.
    checking: str | None = None
    evidence: list[str] = []
    experiences: list[str] = []
    covered: list[str] = []
    potential_reflected: bool = False
    gaps_offered: list[Gap] = []
    sensitive: list[str] = []
    turns: int = 0
    done: bool = False
    moves: list[MoveKind] = Field(default_factory=list)

    def open_slots(self) -> list[str]:
        """Slots still worth asking, in interview order."""
        return [
            s
            for s in slot_order(self.horizon_declined, self.vision_skipped)
            if s not in self.slots and s not in self.closed
        ]

    def progress(self) -> list[tuple[str, str, str]]:
        """(slot, label, status) for every slot this interview intends to cover."""
        out = []
        for s in slot_order(self.horizon_declined, self.vision_skipped):
            status = "filled" if s in self.slots else "skipped" if s in self.closed else "open"
            out.append((s, SLOT_LABELS[s], status))
        return out

    def memory(self) -> Memory:
        return Memory(horizon_declined=self.horizon_declined,
                      potential_reflected=self.potential_reflected, content=self.content,
                      horizon_reopened=self.reopened)

    @classmethod
    def remembering(cls, memory: Memory | None, **kwargs) -> "InterviewState":
        """A fresh state for a new conversation that honours what earlier ones learned."""
        state = cls(**kwargs)
        if memory and memory.horizon_declined:
            state.horizon_declined = True
            state.horizon_years = 1
        if memory and memory.potential_reflected:
            state.potential_reflected = True
        if memory and memory.content:
            state.content = True
        return state
