"""The offline speaker: a curated bank of phrasings, chosen deterministically per turn."""

from __future__ import annotations

import zlib
from functools import lru_cache
from pathlib import Path
from typing import Iterator

import yaml

from assistant.interview.stages import SLOT_LABELS, slot_order
from assistant.interview.state import InterviewState, Move, MoveKind
from assistant.ladder import Ladder

PHRASES = Path(__file__).resolve().parent.parent / "data" / "phrasings.yaml"


@lru_cache(maxsize=1)
def _bank() -> dict:
    return yaml.safe_load(PHRASES.read_text(encoding="utf-8"))


class PhrasebookSpeaker:
    """Phrases a move from the bank. Varied by turn and conversation, never more than one question."""

    def __init__(self, ladder: Ladder, seed: str = "") -> None:
        self.ladder = ladder
        self.seed = seed

    def stream(self, move: Move, state: InterviewState, history: list[tuple[str, str]],
               last_answer: str | None, question_back: str | None = None) -> Iterator[str]:
        text = self.compose(move, state, last_answer, question_back)
        # Word-sized chunks so the offline backend streams like the LLM path does.
        for i, word in enumerate(text.split(" ")):
            yield word if i == 0 else " " + word

    def compose(self, move: Move, state: InterviewState, last_answer: str | None,
                question_back: str | None = None) -> str:
        fill = self._fill(move, state)
        parts: list[str] = []
        kind = move.kind
        if question_back and kind in (MoveKind.ASK, MoveKind.PROBE, MoveKind.ADVANCE):
            parts.append(self._pick("question_back", state))
        elif kind is MoveKind.ASK and last_answer is not None:
            parts.append(self._pick("acknowledge", state))
        if kind is MoveKind.ADVANCE and move.slot:
            parts.append(self._choose(_bank()["advance"][move.slot], state))
        elif kind in (MoveKind.BACK_OFF, MoveKind.REFLECT_POTENTIAL, MoveKind.OFFER_GAPS):
            parts.append(self._pick(kind.value, state).format(**fill))
        elif kind is MoveKind.WRAP_UP:
            key = "wrap_up" if fill["summary"] else "wrap_up_empty"
            parts.append(self._pick(key, state).format(**fill))
        if move.slot and kind is not MoveKind.BACK_OFF:
            bank = "probes" if kind is MoveKind.PROBE else "questions"
            options = _bank()[bank].get(move.slot) or _bank()["questions"][move.slot]
            if kind is not MoveKind.PROBE and state.horizon_declined:
                options = _bank()["questions"].get(f"{move.slot}_short", options)
            parts.append(self._choose(options, state).format(**fill))
        elif move.slot and kind is MoveKind.BACK_OFF:
            # The back-off body already offers the choice; it ends with the shorter question.
            parts.append(self._choose(_bank()["questions"]["goal"], state).format(**fill))
        return " ".join(p.strip() for p in parts if p.strip())

    def _fill(self, move: Move, state: InterviewState) -> dict[str, str]:
        target_level = self.ladder.by_rank(state.target_rank)
        target = state.target_title or (target_level.title if target_level else "that role")
        above = self.ladder.by_rank((state.target_rank or 0) + 1) if state.target_rank is not None else None
        here = self.ladder.by_rank(state.current_rank)
        nxt = self.ladder.by_rank(state.current_rank + 1) if state.current_rank is not None else None
        level = nxt or here or self.ladder.levels[1]
        need = level.expectation(level.focus[0] if level.focus else "strategy")
        gaps = "\n".join(f"- **{g.label}**: {g.text}" for g in move.gaps)
        here_level = here or self.ladder.levels[1]
        here_need = here_level.expectation(here_level.focus[0] if here_level.focus else "scope")
        return {
            "here_need_lower": _lower_first(here_need.rstrip(".")),
            "target": target,
            "next_title": above.title if above else "a broader role",
            "evidence": move.evidence[0] if move.evidence else "",
            "gaps": gaps,
            "years": _years(move.horizon_years),
            "next_need": need.rstrip("."),
            "next_need_lower": _lower_first(need.rstrip(".")),
            "summary": self._summary(state),
        }

    def _summary(self, state: InterviewState) -> str:
        lines = []
        for slot in slot_order(state.horizon_declined, state.vision_skipped):
            if slot in state.slots:
                lines.append(f"- **{SLOT_LABELS[slot]}**: {_clip(state.slots[slot])}")
        return "\n".join(lines)

    def _pick(self, key: str, state: InterviewState) -> str:
        return self._choose(_bank()[key], state)

    def _choose(self, options: list[str], state: InterviewState) -> str:
        index = zlib.crc32(f"{self.seed}:{state.turns}:{len(options)}".encode()) % len(options)
        return options[index]


def _years(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _clip(text: str, limit: int = 140) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
